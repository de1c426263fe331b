package cooperation

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strings"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// Party is one participant of an allocation: a stable reference and the
// values the key's bases read. It is independent of Agreement, so an
// allocation can be computed from any posted key; Version.Parties builds
// parties from an agreement version as of a date.
type Party struct {
	// Ref identifies the participant (an organization ID, a kommunenummer).
	// References must be unique; ties in rounding go to the lowest Ref in
	// byte order, so results do not depend on the order of the parties.
	Ref string
	// Population is read by BasisPopulation.
	Population int64
	// Share is the explicit share read by BasisShare, in [0, 1].
	Share decimal.Decimal
	// Ownership is the eierandel read by BasisOwnership, in [0, 1].
	Ownership decimal.Decimal
	// Metrics holds metered use by metric name, read by MetricBasis(name);
	// values are zero or positive.
	Metrics map[string]decimal.Decimal
}

// Allocation is a total split over parties by a key.
type Allocation struct {
	// Total is the amount that was split.
	Total decimal.Decimal
	// Rounding is the rounding used, with defaults filled in.
	Rounding munireg.Rounding
	// Key is the key that was used.
	Key Key
	// Rows has one row per party, in the order the parties were given.
	Rows []Row
	// Sum is the sum of the rounded amounts.
	Sum decimal.Decimal
	// Difference is Sum − Total: zero under munireg.LargestRemainder; under
	// munireg.HalfUpPerRow what the table gains (positive) or loses.
	Difference decimal.Decimal
}

// Balanced reports whether the rounded amounts sum to the total exactly.
func (a Allocation) Balanced() bool { return a.Difference.IsZero() }

// Row is one party's part of an allocation: Ref, the rounded Amount, the
// Exact value (all components combined, before rounding) and the
// per-component breakdown of the exact value, so every krone can be
// explained.
type Row struct {
	munireg.Portion
	// Breakdown is the exact amount each key component contributes, in the
	// order of Key.Components, rounded half away from zero to
	// munireg.ExactPlaces decimal places (so the breakdown may differ from
	// Exact in the last of those places). Components with weight zero
	// contribute zero.
	Breakdown []decimal.Decimal
}

// Allocate splits total over the parties by key: each party's exact value is
// total × Σₖ weightₖ × (its basis value / the sum of the basis values), all
// components combined in exact rational arithmetic, and then rounded once,
// to a whole multiple of r.Unit under r.Policy (0.01 by largest remainder
// when r is the zero value). See the package documentation for the
// guarantees and for Hamilton's paradoxes.
//
// It validates everything first and returns every violation as
// ValidationErrors, with fields named as in the JSON request: "total",
// "unit", "policy", "components[i].…" (see Key.Validate), "participants"
// (none given), "participants[i].ref", "participants[i].population",
// "participants[i].share", "participants[i].ownership",
// "participants[i].metrics.<name>", and, for a rule about all participants,
// "participants[*].share" (explicit shares not summing to exactly 1 without
// Normalize: ErrShareSum) or "participants[*].population" and the like (a
// weighted basis summing to zero: ErrEmptyBasis). Sums are checked only when
// every value is valid on its own. Components with weight zero are ignored.
func Allocate(total decimal.Decimal, key Key, parties []Party, r munireg.Rounding) (Allocation, error) {
	if n := len(parties); n > smallRows && n <= stackRows {
		var refs [stackRows]string
		return allocate(total, key, parties, r, refs[:n])
	}
	return allocate(total, key, parties, r, make([]string, len(parties)))
}

// Scratch space Allocate needs only while it runs (the refs it hands to
// munireg.ApportionIntsTo, the numerators of the combined key without their
// words) is kept on the stack for more than smallRows and at most stackRows
// parties, so that it costs the garbage collector nothing: all 357
// municipalities and 15 counties of Norway fit. Fewer parties need too
// little for it to matter, and the stack space is zeroed on every call;
// more take it from the heap.
const (
	smallRows = 16
	stackRows = 512
)

// allocate is Allocate with room for the parties' refs.
func allocate(total decimal.Decimal, key Key, parties []Party, r munireg.Rounding, refs []string) (Allocation, error) {
	r = r.WithDefaults()
	var errs ValidationErrors
	errs.Merge("", r.CheckTotal(total))
	keyErr := key.Validate()
	errs.Merge("", keyErr)
	for i := range parties {
		refs[i] = parties[i].Ref
	}
	if len(parties) == 0 {
		errs.Add("participants", munireg.ErrRequired)
	}
	var values map[Basis][]decimal.Decimal
	if keyErr == nil {
		// A broken key cannot say which basis values to check.
		var valueErrs ValidationErrors
		values, valueErrs = checkValues(key, parties)
		errs = append(errs, valueErrs...)
	}
	if len(errs) == 0 {
		var measures map[Basis]*measure
		if measures, errs = measureAll(key, parties, values); len(errs) == 0 {
			// munireg.ApportionIntsTo checks the refs on this path, once.
			a, err := combine(total, key, refs, measures, r)
			return a, renameWeights(err)
		}
	}
	errs.Merge("participants", munireg.CheckRefs(refs))
	return Allocation{}, errs
}

// renameWeights names the fields of the errors munireg.ApportionIntsTo
// reports on its weights ("weights[3].ref") as Allocate's participants
// ("participants[3].ref").
func renameWeights(err error) error {
	var all ValidationErrors
	if !errors.As(err, &all) {
		return err
	}
	renamed := make(ValidationErrors, len(all))
	for i, v := range all {
		if rest, ok := strings.CutPrefix(v.Field, "weights"); ok {
			v.Field = "participants" + rest
		}
		renamed[i] = v
	}
	return renamed
}

// checkValues checks each party's values for the bases the key weighs, and
// returns the decimal values of the share, ownership and metric bases by
// basis, for measureAll.
func checkValues(key Key, parties []Party) (map[Basis][]decimal.Decimal, ValidationErrors) {
	var errs ValidationErrors
	values := make(map[Basis][]decimal.Decimal)
	for _, b := range activeBases(key) {
		name, _ := b.Metric()
		var vs []decimal.Decimal
		if b != BasisEqual && b != BasisPopulation {
			vs = make([]decimal.Decimal, len(parties))
			values[b] = vs
		}
		for i := range parties {
			p := &parties[i]
			field := func(f string) string { return fmt.Sprintf("participants[%d].%s", i, f) }
			switch b {
			case BasisEqual:
			case BasisPopulation:
				if p.Population < 0 {
					errs.Add(field("population"), fmt.Errorf("%w: %d", ErrNegative, p.Population))
				}
			case BasisShare:
				vs[i] = p.Share
				checkShare(&errs, field, "share", p.Share)
			case BasisOwnership:
				vs[i] = p.Ownership
				checkShare(&errs, field, "ownership", p.Ownership)
			default:
				v, ok := p.Metrics[name]
				vs[i] = v
				switch {
				case !ok:
					errs.Add(field("metrics."+name), ErrMissingBasis)
				case munireg.CheckRange(v) != nil:
					errs.Add(field("metrics."+name), munireg.CheckRange(v))
				case v.Sign() < 0:
					errs.Add(field("metrics."+name), fmt.Errorf("%w: %s", ErrNegative, v))
				}
			}
		}
	}
	return values, errs
}

// checkShare records a share that is out of range or outside [0, 1] under
// field(name); field builds the path only when there is something to record.
func checkShare(errs *ValidationErrors, field func(string) string, name string, d decimal.Decimal) {
	if err := munireg.CheckRange(d); err != nil {
		errs.Add(field(name), err)
	} else if !inUnitInterval(d) {
		errs.Add(field(name), fmt.Errorf("%w: %s", ErrShareRange, d))
	}
}

// activeBases returns the distinct bases of the components with a non-zero
// weight, in key order.
func activeBases(key Key) []Basis {
	var bases []Basis
	for _, c := range key.Components {
		if !c.Weight.IsZero() && !slices.Contains(bases, c.Basis) {
			bases = append(bases, c.Basis)
		}
	}
	return bases
}

// measure is one basis measured over the parties: integer values on a
// common scale (small when they all fit in an int64, as populations do,
// else values) and their sum. Both are nil for BasisEqual, where every
// value is 1.
type measure struct {
	values []big.Int
	small  []int64
	sum    big.Int
}

// value sets z to party i's value and returns it, or returns nil for
// BasisEqual.
func (m *measure) value(z *big.Int, i int) *big.Int {
	switch {
	case m.small != nil:
		return z.SetInt64(m.small[i])
	case m.values != nil:
		return &m.values[i]
	}
	return nil
}

// measureAll measures every basis the key weighs, reading the decimal values
// checkValues gathered, and checks the sums.
func measureAll(key Key, parties []Party, decimals map[Basis][]decimal.Decimal) (map[Basis]*measure, ValidationErrors) {
	var errs ValidationErrors
	out := make(map[Basis]*measure)
	for _, b := range activeBases(key) {
		m := &measure{}
		var sumField string
		switch b {
		case BasisEqual:
			m.sum.SetInt64(int64(len(parties)))
		case BasisPopulation:
			m.small = make([]int64, len(parties))
			var s sum128
			for i := range parties {
				m.small[i] = parties[i].Population
				s.add(uint64(m.small[i])) // checkValues saw no negative one
			}
			s.addTo(&m.sum)
			sumField = "participants[*].population"
		default:
			var exp int32
			var s sum128
			if m.small, exp = smallScale(decimals[b]); m.small != nil {
				for _, v := range m.small {
					s.add(uint64(v)) // checkValues saw no negative one
				}
			} else {
				m.values, exp = munireg.CommonScale(decimals[b])
				for i := range m.values {
					if v := &m.values[i]; v.IsUint64() {
						s.add(v.Uint64())
					} else {
						m.sum.Add(&m.sum, v)
					}
				}
			}
			s.addTo(&m.sum)
			name, isMetric := b.Metric()
			if isMetric {
				sumField = "participants[*].metrics." + name
				break
			}
			sumField = "participants[*]." + string(b)
			if sum := decimal.NewFromBigInt(&m.sum, exp); !key.Normalize && !sum.Equal(decimal.NewFromInt(1)) {
				errs.Add(sumField, fmt.Errorf("%w: they sum to %s (set normalize to scale published rounded shares)", ErrShareSum, sum))
				continue
			}
		}
		if m.sum.Sign() == 0 {
			errs.Add(sumField, ErrEmptyBasis)
			continue
		}
		out[b] = m
	}
	return out, errs
}

// smallScale is munireg.CommonScale for values that are all non-negative
// and fit in an int64 on the common scale, as metered use and shares
// written with a few decimals do: the same integers, without a big.Int
// each. It returns nil when some value does not fit.
func smallScale(values []decimal.Decimal) ([]int64, int32) {
	var exp int32
	for i, v := range values {
		if x := v.Exponent(); i == 0 || x < exp {
			exp = x
		}
	}
	ints := make([]int64, len(values))
	for i, v := range values {
		shift := v.Exponent() - exp
		switch {
		case v.Sign() == 0:
			continue
		case v.Sign() < 0 || shift > 18:
			return nil, 0
		}
		if digits := v.NumDigits(); digits > 19 || digits == 19 && !v.Coefficient().IsInt64() {
			return nil, 0
		}
		c := v.CoefficientInt64()
		for range shift {
			if c > math.MaxInt64/10 {
				return nil, 0
			}
			c *= 10
		}
		ints[i] = c
	}
	return ints, exp
}

// sum128 sums uint64 values in 128 bits, without big.Int per value.
type sum128 struct{ hi, lo uint64 }

func (s *sum128) add(v uint64) {
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, v, 0)
	s.hi += carry
}

// addTo adds the sum to z (which holds any values too large for it).
func (s *sum128) addTo(z *big.Int) {
	var t big.Int
	t.SetUint64(s.hi).Lsh(&t, 64).Add(&t, new(big.Int).SetUint64(s.lo))
	z.Add(z, &t)
}

// combine computes each party's exact weight Σₖ wₖ × bₖᵢ / Bₖ as an integer
// numerator over the common denominator D = 10^s × Πₖ Bₖ, apportions the
// total by those numerators and adds the per-component breakdown.
func combine(total decimal.Decimal, key Key, refs []string, measures map[Basis]*measure, r munireg.Rounding) (Allocation, error) {
	n := len(refs)
	if n > smallRows && n <= stackRows {
		var nums [stackRows]big.Int
		var ptrs [stackRows]*big.Int
		for i := range n {
			ptrs[i] = &nums[i]
		}
		return combineIn(total, key, refs, measures, r, nums[:n], ptrs[:n])
	}
	nums, ptrs := make([]big.Int, n), make([]*big.Int, n)
	for i := range nums {
		ptrs[i] = &nums[i]
	}
	return combineIn(total, key, refs, measures, r, nums, ptrs)
}

// combineIn is combine with room for the numerators: nums, and ptrs[i]
// pointing to nums[i].
func combineIn(total decimal.Decimal, key Key, refs []string, measures map[Basis]*measure, r munireg.Rounding, nums []big.Int, ptrs []*big.Int) (Allocation, error) {
	n, k := len(refs), len(key.Components)
	weights := make([]decimal.Decimal, k)
	for j, c := range key.Components {
		weights[j] = c.Weight
	}
	wn, wexp := munireg.CommonScale(weights) // Σ wn = 10^-wexp, since Σ weights = 1

	// prod = Πₖ Bₖ over weighted components; mult[j] = wn[j] × prod / B_j.
	prod := big.NewInt(1)
	ms := make([]*measure, k)
	for j, c := range key.Components {
		if wn[j].Sign() != 0 {
			ms[j] = measures[c.Basis]
			prod.Mul(prod, &ms[j].sum)
		}
	}
	mult := make([]*big.Int, k)
	for j := range key.Components {
		if ms[j] != nil {
			mult[j] = new(big.Int).Quo(prod, &ms[j].sum)
			mult[j].Mul(mult[j], &wn[j])
		}
	}

	term, v := new(big.Int), new(big.Int)
	if !numerators128In(nums, ms, mult) {
		bigNumeratorsIn(nums, ms, mult, len(prod.Bits())+2)
	}
	rows := make([]Row, n)
	a, err := munireg.ApportionIntsTo(total, refs, ptrs, r, func(i int) *munireg.Portion { return &rows[i].Portion })
	if err != nil {
		return Allocation{}, err
	}

	// Breakdown: component j contributes total × w_j × b / B_j. With
	// total = coef × 10^exp and w_j = wn_j × 10^wexp that is
	// coef × wn_j × b × 10^(exp+wexp) / B_j: a small denominator per
	// component rather than the product of all of them.
	coef, scale := total.Coefficient(), total.Exponent()+wexp
	if scale > 0 {
		coef.Mul(coef, decimal.New(1, scale).BigInt())
	}
	parts := make([]breakdownPart, k)
	for j, m := range ms {
		if m == nil {
			parts[j] = breakdownPart{same: decimal.Zero}
			continue
		}
		den := &m.sum
		if scale < 0 {
			den = new(big.Int).Mul(den, decimal.New(1, -scale).BigInt())
		}
		div := munireg.NewDivider(den, munireg.ExactPlaces)
		scaled := new(big.Int).Mul(coef, &wn[j])
		if m.value(v, 0) == nil {
			parts[j] = breakdownPart{same: div.Quotient(scaled)}
			continue
		}
		parts[j] = breakdownPart{m: m, div: div, scaled: scaled, small: scaled.Uint64(), isSmall: scaled.IsUint64()}
	}

	// Each row's breakdown, beside the portion ApportionIntsTo wrote.
	breakdown := make([]decimal.Decimal, n*k)
	for i := range rows {
		bd := breakdown[i*k : (i+1)*k : (i+1)*k]
		for j := range parts {
			bd[j] = parts[j].value(i, term, v)
		}
		rows[i].Breakdown = bd
	}
	out := Allocation{
		Total:      total,
		Rounding:   a.Rounding,
		Key:        key,
		Rows:       rows,
		Sum:        a.Sum,
		Difference: a.Difference,
	}
	return out, nil
}

// breakdownPart is one component's part of the breakdown: the value all
// rows share (BasisEqual, and zero for a component with weight zero), or
// the measure, its divider and coef × wn_j, the numerator's factor.
type breakdownPart struct {
	same    decimal.Decimal
	m       *measure
	div     *munireg.Divider
	scaled  *big.Int
	small   uint64 // scaled, when isSmall
	isSmall bool
}

// value returns party i's part, scaled × bᵢ / the divider's denominator,
// using term and v as scratch space.
func (p *breakdownPart) value(i int, term, v *big.Int) decimal.Decimal {
	if p.m == nil {
		return p.same
	}
	if p.m.small != nil && p.isSmall {
		if hi, lo := bits.Mul64(p.small, uint64(p.m.small[i])); hi == 0 {
			term.SetUint64(lo) // the same product as below, in 64 bits
			return p.div.Quotient(term)
		}
	}
	b := p.m.value(v, i)
	if hi, lo := bits.Mul64(p.small, b.Uint64()); p.isSmall && b.IsUint64() && hi == 0 {
		term.SetUint64(lo) // the same product, without big.Int multiplication
	} else {
		term.Mul(p.scaled, b)
	}
	return p.div.Quotient(term)
}

// bigNumerators sets nums[i] to Σⱼ mult[j] × bⱼᵢ (mult[j] alone for
// BasisEqual) and ptrs[i] to &nums[i], with words words of room each.
func bigNumerators(nums []big.Int, ptrs []*big.Int, ms []*measure, mult []*big.Int, words int) {
	bigNumeratorsIn(nums, ms, mult, words)
	for i := range nums {
		ptrs[i] = &nums[i]
	}
}

// bigNumeratorsIn is bigNumerators without the pointers, which the caller
// owning nums sets: a pointer stored through a parameter would make the
// compiler move nums to the heap.
func bigNumeratorsIn(nums []big.Int, ms []*measure, mult []*big.Int, words int) {
	backing := make([]big.Word, len(nums)*words)
	term, v := new(big.Int), new(big.Int)
	for i := range nums {
		nums[i].SetBits(backing[i*words : i*words : (i+1)*words])
		for j, m := range ms {
			if m == nil {
				continue
			}
			if b := m.value(v, i); b != nil {
				nums[i].Add(&nums[i], term.Mul(mult[j], b))
			} else {
				nums[i].Add(&nums[i], mult[j])
			}
		}
	}
}

// numerators128 is bigNumerators in 128-bit integer arithmetic, for a
// 64-bit word when Σⱼ mult[j] × Bⱼ (the sum of all numerators, so a bound on
// every partial sum) fits in 128 bits and every basis value in 64. It
// returns false, having set nothing, otherwise.
func numerators128(nums []big.Int, ptrs []*big.Int, ms []*measure, mult []*big.Int) bool {
	if !numerators128In(nums, ms, mult) {
		return false
	}
	for i := range nums {
		ptrs[i] = &nums[i]
	}
	return true
}

// numerators128In is numerators128 without the pointers (see
// bigNumeratorsIn); numerators128 is the form the tests hold to
// bigNumerators.
func numerators128In(nums []big.Int, ms []*measure, mult []*big.Int) bool {
	if bits.UintSize != 64 {
		return false
	}
	bound, term := new(big.Int), new(big.Int)
	type component struct {
		hi, lo uint64
		m      *measure
	}
	var cs []component
	for j, m := range ms {
		if m == nil {
			continue
		}
		if bound.Add(bound, term.Mul(mult[j], &m.sum)).BitLen() > 128 {
			return false
		}
		for i := range m.values {
			if !m.values[i].IsUint64() {
				return false
			}
		}
		for _, p := range m.small {
			if p < 0 {
				return false
			}
		}
		c := component{lo: mult[j].Uint64(), m: m}
		if ws := mult[j].Bits(); len(ws) > 1 {
			c.hi = uint64(ws[1])
		}
		cs = append(cs, c)
	}
	words := make([]big.Word, 2*len(nums))
	for i := range nums {
		var hi, lo uint64
		for _, c := range cs {
			th, tl := c.hi, c.lo // BasisEqual: the value is 1
			switch {
			case c.m.small != nil:
				th, tl = mul128(c.hi, c.lo, uint64(c.m.small[i]))
			case c.m.values != nil:
				th, tl = mul128(c.hi, c.lo, c.m.values[i].Uint64())
			}
			var carry uint64
			lo, carry = bits.Add64(lo, tl, 0)
			hi += th + carry
		}
		w := words[2*i : 2*i+2 : 2*i+2]
		w[0], w[1] = big.Word(lo), big.Word(hi)
		nums[i].SetBits(w)
	}
	return true
}

// mul128 returns (hi, lo) × b, which must fit in 128 bits.
func mul128(hi, lo, b uint64) (uint64, uint64) {
	h, l := bits.Mul64(lo, b)
	return h + hi*b, l
}
