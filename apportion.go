package munireg

import (
	"fmt"
	"hash/maphash"
	"math"
	"math/big"
	"math/bits"
	"slices"

	"github.com/shopspring/decimal"
)

// Weight is one claimant's weight in an apportionment. Weights need not sum
// to anything in particular: each claimant's exact value is
// total × Value / Σ Value.
type Weight struct {
	// Ref is the claimant's stable reference (an organization ID, a
	// kommunenummer, an installment number). It breaks ties, so the result
	// does not depend on the order of the weights.
	Ref string
	// Value is the weight, zero or positive.
	Value decimal.Decimal
}

// Apportionment is a total split over claimants.
type Apportionment struct {
	// Total is the amount that was split.
	Total decimal.Decimal
	// Rounding is the rounding used, with defaults filled in.
	Rounding Rounding
	// Portions has one entry per claimant, in the order they were given.
	Portions []Portion
	// Sum is the sum of the rounded amounts.
	Sum decimal.Decimal
	// Difference is Sum − Total: always zero under LargestRemainder; under
	// HalfUpPerRow the units the table gains (positive) or loses (negative).
	Difference decimal.Decimal
}

// Balanced reports whether the rounded amounts sum to the total exactly.
func (a Apportionment) Balanced() bool { return a.Difference.IsZero() }

// Portion is one claimant's part of an apportionment.
type Portion struct {
	// Ref is the claimant's reference.
	Ref string
	// Amount is the rounded amount, a whole multiple of the rounding unit:
	// the floor or the ceiling of the exact value in units.
	Amount decimal.Decimal
	// Exact is the exact value total × weight / Σ weights, reported rounded
	// half away from zero to ExactPlaces decimal places. ExactRat has the
	// fraction itself.
	Exact decimal.Decimal

	fracs *fractions // what ExactRat needs, shared by all portions; nil in the zero Portion
	i     int        // the claimant's index in fracs
}

// fractions holds what the exact values of one apportionment are made of:
// claimant i's is units × weight(i) / den units of 10^exp. Portions share
// it, so that a portion carries no big.Int of its own.
type fractions struct {
	units *big.Int // the total in units
	den   *big.Int // Σ weights, positive
	exp   int32    // the unit is 10^exp
	// The weights, copied: small when every weight fits in 128 bits (so
	// they are kept without a big.Int each), else large.
	small []u128
	large []big.Int
}

// weight returns claimant i's weight.
func (f *fractions) weight(i int) *big.Int {
	if f.small == nil {
		return &f.large[i]
	}
	w := f.small[i]
	x := new(big.Int).SetUint64(w.hi)
	return x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(w.lo))
}

// ExactRat returns the exact value as a fraction, the number the rounding
// step worked from.
func (p Portion) ExactRat() *big.Rat {
	f := p.fracs
	if f == nil {
		return new(big.Rat)
	}
	r := new(big.Rat).SetFrac(new(big.Int).Mul(f.units, f.weight(p.i)), f.den)
	if f.exp >= 0 {
		return r.Mul(r, new(big.Rat).SetInt(pow10(f.exp)))
	}
	return r.Quo(r, new(big.Rat).SetInt(pow10(-f.exp)))
}

// Apportion splits total in proportion to the weights and rounds each
// claimant's exact value to a whole multiple of the rounding unit under the
// rounding policy (see RoundingPolicy and the package documentation for the
// properties this guarantees).
//
// It validates everything first and returns every violation as
// ValidationErrors: fields "unit", "policy" and "total" (see
// Rounding.CheckTotal), "weights[i].ref" (empty: ErrRequired; repeated:
// ErrDuplicateRef), "weights[i].value" (negative: ErrInvalidWeight; too many
// digits: ErrOutOfRange) and "weights" (all zero while the total is not:
// ErrNoWeight). A zero total with zero weights gives zero amounts.
func Apportion(total decimal.Decimal, weights []Weight, r Rounding) (Apportionment, error) {
	refs := make([]string, len(weights))
	values := make([]decimal.Decimal, len(weights))
	var errs ValidationErrors
	for i, w := range weights {
		refs[i], values[i] = w.Ref, w.Value
		if err := CheckRange(w.Value); err != nil {
			errs.Add(fmt.Sprintf("weights[%d].value", i), err)
		}
	}
	if len(errs) > 0 {
		errs.Merge("", r.CheckTotal(total))
		return Apportionment{}, errs
	}
	ints, _ := CommonScale(values)
	ptrs := make([]*big.Int, len(ints))
	for i := range ints {
		ptrs[i] = &ints[i]
	}
	return ApportionInts(total, refs, ptrs, r)
}

// ApportionInts is Apportion with the weights given as integers, refs[i]
// weighing weights[i]. It is the form for callers that compute exact
// rational weights themselves: bring them to a common denominator and pass
// the numerators (package cooperation combines the components of a
// cost-sharing key this way, so that each participant is rounded once).
// Fields in errors are named as in Apportion; a length mismatch is reported
// on "weights".
func ApportionInts(total decimal.Decimal, refs []string, weights []*big.Int, r Rounding) (Apportionment, error) {
	return ApportionIntsTo(total, refs, weights, r, nil)
}

// ApportionIntsTo is ApportionInts for a caller that keeps each claimant's
// portion inside a record of its own, as package cooperation's Row does:
// instead of filling a new Portions slice, which it leaves nil, it writes
// claimant i's portion to *portion(i), calling portion once for each i, in
// order, and only after every check has passed; the portions must be
// distinct. It saves the slice and the copy. With a nil portion it is
// ApportionInts.
func ApportionIntsTo(total decimal.Decimal, refs []string, weights []*big.Int, r Rounding, portion func(i int) *Portion) (Apportionment, error) {
	r = r.WithDefaults()
	var errs ValidationErrors
	errs.Merge("", r.CheckTotal(total))
	sum := new(big.Int)
	if len(refs) != len(weights) {
		errs.Add("weights", fmt.Errorf("%w: %d references for %d weights", ErrInvalidWeight, len(refs), len(weights)))
		return Apportionment{}, errs
	}
	errs.Merge("weights", CheckRefs(refs))
	var small sum192
	for i, w := range weights {
		if w == nil || w.Sign() < 0 {
			errs.Add(fmt.Sprintf("weights[%d].value", i), ErrInvalidWeight)
			continue
		}
		if !small.add(w) {
			sum.Add(sum, w)
		}
	}
	small.addTo(sum)
	if sum.Sign() == 0 && !total.IsZero() {
		errs.Add("weights", ErrNoWeight)
	}
	if err := errs.Err(); err != nil {
		return Apportionment{}, err
	}
	return apportion(total, refs, weights, sum, r, portion), nil
}

// Scratch space the arithmetic needs only while it runs (the quotas of the
// rounding step, the hash table of references) is kept on the stack for
// more than smallRows and at most stackRows claimants, so that it costs the
// garbage collector nothing: all 357 municipalities and 15 counties of
// Norway fit. Fewer claimants need too little for it to matter, and the
// stack space is zeroed on every call; more take it from the heap.
const (
	smallRows = 16
	stackRows = 512
)

// sum192 adds up non-negative integers of at most 128 bits in three 64-bit
// words, which hold the sum of up to 2^64 of them, without big.Int
// arithmetic per value.
type sum192 struct{ hi, mid, lo uint64 }

// add adds w and reports true, or reports false, having added nothing,
// when w is wider than 128 bits or the word is not 64 bits.
func (s *sum192) add(w *big.Int) bool {
	if bits.UintSize != 64 || len(w.Bits()) > 2 {
		return false
	}
	v := u128Of(w)
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, v.lo, 0)
	s.mid, carry = bits.Add64(s.mid, v.hi, carry)
	s.hi += carry
	return true
}

// addTo adds the sum to z.
func (s *sum192) addTo(z *big.Int) {
	var t, w big.Int
	t.SetUint64(s.hi).Lsh(&t, 64).Add(&t, w.SetUint64(s.mid)).Lsh(&t, 64).Add(&t, w.SetUint64(s.lo))
	z.Add(z, &t)
}

// CheckRefs checks that every reference is set and none repeats. Fields are
// "[i].ref", wrapping ErrRequired or ErrDuplicateRef.
func CheckRefs(refs []string) error {
	if n := len(refs); n > smallRows && n <= stackRows {
		var slots [2 * stackRows]int32
		return checkRefs(refs, refSet{refs: refs, slots: slots[:tableSize(n)], seed: maphash.MakeSeed()})
	}
	return checkRefs(refs, newRefSet(refs))
}

// checkRefs is CheckRefs with an empty set for refs.
func checkRefs(refs []string, seen refSet) error {
	var errs ValidationErrors
	for i, ref := range refs {
		if ref == "" {
			errs.Add(fmt.Sprintf("[%d].ref", i), ErrRequired)
			continue
		}
		if !seen.add(i) {
			errs.Add(fmt.Sprintf("[%d].ref", i), fmt.Errorf("%w: %q", ErrDuplicateRef, ref))
		}
	}
	return errs.Err()
}

// refSet is a set of the references of one slice, held as their indices in
// an open-addressing hash table (linear probing, at most half full): one
// allocation, and no string stored again, as a map[string] would.
type refSet struct {
	refs  []string
	slots []int32 // 1 + the index of a reference in refs; 0 is empty
	seed  maphash.Seed
	many  map[string]struct{} // instead, for more references than int32 indexes
}

// newRefSet returns an empty set with room for the references in refs.
func newRefSet(refs []string) refSet {
	if len(refs) > math.MaxInt32/2 {
		return refSet{refs: refs, many: make(map[string]struct{}, len(refs))}
	}
	return refSet{refs: refs, slots: make([]int32, tableSize(len(refs))), seed: maphash.MakeSeed()}
}

// tableSize returns the number of slots for n references: a power of two,
// at least 2n and at least 8.
func tableSize(n int) int {
	size := 8
	for size < 2*n {
		size *= 2
	}
	return size
}

// add adds refs[i] and reports whether it was new: false when an earlier
// call added the same reference.
func (s *refSet) add(i int) bool {
	ref := s.refs[i]
	if s.many != nil {
		if _, dup := s.many[ref]; dup {
			return false
		}
		s.many[ref] = struct{}{}
		return true
	}
	mask := uint64(len(s.slots) - 1)
	for h := maphash.String(s.seed, ref) & mask; ; h = (h + 1) & mask {
		switch j := s.slots[h]; {
		case j == 0:
			s.slots[h] = int32(i + 1)
			return true
		case s.refs[j-1] == ref:
			return false
		}
	}
}

// apportion does the arithmetic on validated input; den is Σ weights.
//
// One division per row gives everything: with p = ExactPlaces + e (the unit
// is 10^e, so 0 <= p <= 19), q, r = |total| × wᵢ × 10^p divmod den (in
// units). Then q rounded by r is the exact value to ExactPlaces places, and
// q divmod 10^p is the floor in units and the first digits s of the
// remainder: the remainder in units is (s × den + r) / (10^p × den), so
// remainders order as the pairs (s, r), mostly by comparing two uint64.
func apportion(total decimal.Decimal, refs []string, weights []*big.Int, den *big.Int, r Rounding, portion func(int) *Portion) Apportionment {
	e := -r.Places()
	units, _ := r.units(total)
	negative := units.Sign() < 0
	units.Abs(units)
	if den.Sign() == 0 {
		den = big.NewInt(1) // zero total over zero weights: every amount is zero
	}
	scale := pow10Uint64(ExactPlaces + e)
	scaledUnits := new(big.Int).Mul(units, new(big.Int).SetUint64(scale))
	// Under HalfUpPerRow the sum may exceed the total by up to a unit a row:
	// the fast path keeps it below 2^64 by asking for a total below 2^63 units.
	if bits.UintSize == 64 && scaledUnits.IsUint64() && den.BitLen() <= 128 &&
		(r.Policy == LargestRemainder || units.BitLen() < 63) {
		return apportion128To(total, refs, weights, den, r, units, negative, scale, scaledUnits.Uint64(), portion)
	}
	return apportionBigTo(total, refs, weights, den, r, units, negative, scale, scaledUnits, portion)
}

// portions returns where claimant i's portion goes: portion(i), or, when
// portion is nil, a new slice of n portions set as a.Portions.
func portions(a *Apportionment, n int, portion func(int) *Portion) func(int) *Portion {
	if portion != nil {
		return portion
	}
	ps := make([]Portion, n)
	a.Portions = ps
	return func(i int) *Portion { return &ps[i] }
}

// apportionBig is apportion in big.Int arithmetic, for any size; the
// arguments are as for apportion128, with scaledUnits = units × scale.
func apportionBig(total decimal.Decimal, refs []string, weights []*big.Int, den *big.Int, r Rounding, units *big.Int, negative bool, scale uint64, scaledUnits *big.Int) Apportionment {
	return apportionBigTo(total, refs, weights, den, r, units, negative, scale, scaledUnits, nil)
}

// apportionBigTo is apportionBig writing each portion where portion says
// (see portions).
func apportionBigTo(total decimal.Decimal, refs []string, weights []*big.Int, den *big.Int, r Rounding, units *big.Int, negative bool, scale uint64, scaledUnits *big.Int, portion func(int) *Portion) Apportionment {
	e := -r.Places()
	bigScale := new(big.Int).SetUint64(scale)
	n := len(refs)
	maxWords := 1
	for _, w := range weights {
		maxWords = max(maxWords, len(w.Bits()))
	}
	words := len(scaledUnits.Bits()) + maxWords + 1
	// The weights, copied for ExactRat.
	fracs := &fractions{large: bulkInts(n, maxWords), den: den, exp: e}
	floors := bulkInts(n, words)           // the floor of the exact value in units
	rems := bulkInts(n, len(den.Bits())+1) // r: the rest of the remainder
	digits := make([]uint64, n)            // s: the remainder's first p digits
	exacts := make([]decimal.Decimal, n)
	assigned := new(big.Int)
	var q, sBig big.Int
	for i, w := range weights {
		fracs.large[i].Set(w)
		q.Mul(scaledUnits, w)
		q.QuoRem(&q, den, &rems[i])
		floors[i].QuoRem(&q, bigScale, &sBig)
		digits[i] = sBig.Uint64()
		assigned.Add(assigned, &floors[i])
		if sBig.Lsh(&rems[i], 1).Cmp(den) >= 0 {
			q.Add(&q, sBig.SetInt64(1))
		}
		if negative {
			q.Neg(&q)
		}
		exacts[i] = decimal.NewFromBigInt(&q, -ExactPlaces)
	}

	extra := make([]bool, n)
	switch r.Policy {
	case HalfUpPerRow:
		// Up when (s × den + r) / (10^p × den) >= 1/2, that is when
		// 2s >= 10^p, or 2s = 10^p − 1 and 2r >= den.
		for i, digit := range digits {
			rest := scale - digit // > 0, and no overflow, unlike 2s
			if digit >= rest || rest-digit == 1 && sBig.Lsh(&rems[i], 1).Cmp(den) >= 0 {
				extra[i] = true
				assigned.Add(assigned, sBig.SetInt64(1))
			}
		}
	default: // LargestRemainder
		// Σ remainders = (units − assigned) × den, every remainder is below
		// den, so fewer rows than len(refs) are missing a unit, and a row with
		// no remainder (a zero weight, say) is never among them.
		left := new(big.Int).Sub(units, assigned).Int64()
		if left > 0 {
			candidates := make([]int, 0, n)
			for i := range rems {
				if digits[i] > 0 || rems[i].Sign() > 0 {
					candidates = append(candidates, i)
				}
			}
			selectFirst(candidates, int(left), func(a, b int) bool {
				if digits[a] != digits[b] {
					return digits[a] > digits[b]
				}
				if c := rems[a].Cmp(&rems[b]); c != 0 {
					return c > 0
				}
				return refs[a] < refs[b]
			})
			for _, i := range candidates[:left] {
				extra[i] = true
			}
			assigned.Set(units)
		}
	}

	out := Apportionment{
		Total:    total,
		Rounding: r,
	}
	portion = portions(&out, n, portion)
	if negative {
		units.Neg(units)
	}
	fracs.units = units
	for i := range refs {
		a := &floors[i]
		if extra[i] {
			a.Add(a, sBig.SetInt64(1))
		}
		if negative {
			a.Neg(a)
		}
		*portion(i) = Portion{
			Ref:    refs[i],
			Amount: decimal.NewFromBigInt(a, e),
			Exact:  exacts[i],
			fracs:  fracs,
			i:      i,
		}
	}
	if negative {
		assigned.Neg(assigned)
	}
	out.Sum = decimal.NewFromBigInt(assigned, e)
	out.Difference = out.Sum.Sub(total)
	return out
}

// apportion128 is apportion when the word is 64 bits, the total in units
// scaled by 10^p fits in 64 bits and Σ weights in 128: the same divisions and
// the same decisions in fixed-width integers (math/bits), no big.Int per row.
// Every weight is at most den, so each quotient fits in 64 bits and each
// remainder in 128. units is |total| in units; negative says total < 0.
func apportion128(total decimal.Decimal, refs []string, weights []*big.Int, den *big.Int, r Rounding, units *big.Int, negative bool, scale, scaledUnits uint64) Apportionment {
	return apportion128To(total, refs, weights, den, r, units, negative, scale, scaledUnits, nil)
}

// apportion128To is apportion128 writing each portion where portion says
// (see portions).
func apportion128To(total decimal.Decimal, refs []string, weights []*big.Int, den *big.Int, r Rounding, units *big.Int, negative bool, scale, scaledUnits uint64, portion func(int) *Portion) Apportionment {
	if n := len(refs); n > smallRows && n <= stackRows {
		var qs [stackRows]quota
		var candidates [stackRows]int
		return apportion128In(total, refs, weights, den, r, units, negative, scale, scaledUnits, portion, qs[:n], candidates[:0])
	}
	return apportion128In(total, refs, weights, den, r, units, negative, scale, scaledUnits, portion, make([]quota, len(refs)), nil)
}

// quota is one row's division in apportion128: q, r = scaledUnits × w
// divmod den, and q divmod 10^p.
type quota struct {
	rem   u128   // r: the rest of the remainder
	floor uint64 // the floor of the exact value in units
	digit uint64 // s: the remainder's first p digits
	up    bool   // the amount is the floor + 1
}

// apportion128In is apportion128To with its scratch space given: zero
// quotas, one per row, and room for the rows that get a unit more (nil:
// allocated when needed).
func apportion128In(total decimal.Decimal, refs []string, weights []*big.Int, den *big.Int, r Rounding, units *big.Int, negative bool, scale, scaledUnits uint64, portion func(int) *Portion, qs []quota, candidates []int) Apportionment {
	e := -r.Places()
	n := len(refs)
	d := u128Of(den)
	// The weights, copied for ExactRat.
	fracs := &fractions{small: make([]u128, n), den: den, exp: e}
	var assigned uint64 // Σ floors <= units < 2^64
	for i, w := range weights {
		fracs.small[i] = u128Of(w)
		q, rem := mulDiv128(scaledUnits, fracs.small[i], d)
		qs[i] = quota{rem: rem, floor: q / scale, digit: q % scale}
		assigned += qs[i].floor
	}

	switch r.Policy {
	case HalfUpPerRow:
		for i := range qs {
			c := &qs[i]
			rest := scale - c.digit
			if c.digit >= rest || rest-c.digit == 1 && !c.rem.less(d.sub(c.rem)) {
				c.up = true
				assigned++
			}
		}
	default: // LargestRemainder; see apportion
		left := units.Uint64() - assigned
		if left > 0 {
			if candidates == nil {
				candidates = make([]int, 0, n)
			}
			for i := range qs {
				if qs[i].digit > 0 || !qs[i].rem.isZero() {
					candidates = append(candidates, i)
				}
			}
			selectFirst(candidates, int(left), func(a, b int) bool {
				qa, qb := &qs[a], &qs[b]
				if qa.digit != qb.digit {
					return qa.digit > qb.digit
				}
				if qa.rem != qb.rem {
					return qb.rem.less(qa.rem)
				}
				return refs[a] < refs[b]
			})
			for _, i := range candidates[:left] {
				qs[i].up = true
			}
			assigned = units.Uint64()
		}
	}

	if negative {
		units.Neg(units)
	}
	fracs.units = units
	out := Apportionment{
		Total:    total,
		Rounding: r,
	}
	portion = portions(&out, n, portion)
	for i := range refs {
		c := &qs[i]
		q := c.floor*scale + c.digit   // the quotient again, at most scaledUnits
		if !c.rem.less(d.sub(c.rem)) { // 2r >= den
			q++ // no overflow: q = scaledUnits only when r = 0
		}
		a := c.floor
		if c.up {
			a++
		}
		p := portion(i)
		p.Ref = refs[i]
		p.Amount = newDecimal(a, negative, e)
		p.Exact = newDecimal(q, negative, -ExactPlaces)
		p.fracs, p.i = fracs, i
	}
	out.Sum = newDecimal(assigned, negative, e)
	out.Difference = out.Sum.Sub(total)
	return out
}

// newDecimal returns ±u × 10^exp, negative when neg is set.
func newDecimal(u uint64, neg bool, exp int32) decimal.Decimal {
	if u <= math.MaxInt64 {
		v := int64(u)
		if neg {
			v = -v
		}
		return decimal.New(v, exp)
	}
	b := new(big.Int).SetUint64(u)
	if neg {
		b.Neg(b)
	}
	return decimal.NewFromBigInt(b, exp)
}

// u128 is an unsigned 128-bit integer.
type u128 struct{ hi, lo uint64 }

// u128Of returns |x|, which must fit in 128 bits, on a 64-bit word.
func u128Of(x *big.Int) u128 {
	var v u128
	ws := x.Bits()
	if len(ws) > 0 {
		v.lo = uint64(ws[0])
	}
	if len(ws) > 1 {
		v.hi = uint64(ws[1])
	}
	return v
}

func (a u128) less(b u128) bool { return a.hi < b.hi || a.hi == b.hi && a.lo < b.lo }

func (a u128) isZero() bool { return a.hi == 0 && a.lo == 0 }

// sub returns a − b for b <= a.
func (a u128) sub(b u128) u128 {
	lo, borrow := bits.Sub64(a.lo, b.lo, 0)
	return u128{a.hi - b.hi - borrow, lo}
}

// mulDiv128 returns the quotient and remainder of a × w / d, for w <= d and
// d > 0, so that the quotient (at most a) fits in 64 bits: a three-by-two
// word division (Knuth's algorithm D, one step).
func mulDiv128(a uint64, w, d u128) (uint64, u128) {
	// n = a × w, three words.
	h0, n0 := bits.Mul64(a, w.lo)
	h1, l1 := bits.Mul64(a, w.hi)
	n1, carry := bits.Add64(h0, l1, 0)
	n2 := h1 + carry
	if d.hi == 0 { // then w.hi = 0, n2 = 0 and n1 < d.lo
		q, rem := bits.Div64(n1, n0, d.lo)
		return q, u128{0, rem}
	}
	// Normalize: shift d so its top bit is set, and n with it (n < d × 2^64,
	// so n still fits in three words). Shifts by 64 give 0 in Go.
	s := uint(bits.LeadingZeros64(d.hi))
	dh, dl := d.hi<<s|d.lo>>(64-s), d.lo<<s
	n2, n1, n0 = n2<<s|n1>>(64-s), n1<<s|n0>>(64-s), n0<<s
	// The estimate from the top words is at most 2 too large.
	q := ^uint64(0)
	if n2 < dh {
		q, _ = bits.Div64(n2, n1, dh)
	}
	// t = q × d, three words; lower q while t > n.
	th, t0 := bits.Mul64(q, dl)
	t2, t1l := bits.Mul64(q, dh)
	t1, carry := bits.Add64(th, t1l, 0)
	t2 += carry
	for t2 > n2 || t2 == n2 && (t1 > n1 || t1 == n1 && t0 > n0) {
		q--
		var borrow uint64
		t0, borrow = bits.Sub64(t0, dl, 0)
		t1, borrow = bits.Sub64(t1, dh, borrow)
		t2 -= borrow
	}
	r0, borrow := bits.Sub64(n0, t0, 0)
	r1, _ := bits.Sub64(n1, t1, borrow)
	return q, u128{r1 >> s, r0>>s | r1<<(64-s)}
}

// selectFirst reorders idx so that its first k elements are the k that come
// first under before, a strict total order, in no particular order among
// themselves. It is quickselect, linear on average; should the partitions
// degenerate it sorts what is left, so it stays O(n log n) on any input.
func selectFirst(idx []int, k int, before func(a, b int) bool) {
	lo, hi := 0, len(idx)
	for rounds := 0; lo < k && k < hi; rounds++ {
		if rounds > 2*bits.Len(uint(len(idx)))+8 {
			slices.SortFunc(idx[lo:hi], func(a, b int) int {
				if before(a, b) {
					return -1
				}
				return 1
			})
			return
		}
		// Median of three as the pivot, moved to the end.
		mid, last := lo+(hi-lo)/2, hi-1
		if before(idx[mid], idx[lo]) {
			idx[mid], idx[lo] = idx[lo], idx[mid]
		}
		if before(idx[last], idx[lo]) {
			idx[last], idx[lo] = idx[lo], idx[last]
		}
		if before(idx[mid], idx[last]) {
			idx[mid], idx[last] = idx[last], idx[mid]
		}
		pivot, store := idx[last], lo
		for i := lo; i < last; i++ {
			if before(idx[i], pivot) {
				idx[i], idx[store] = idx[store], idx[i]
				store++
			}
		}
		idx[store], idx[last] = idx[last], idx[store]
		switch {
		case k <= store:
			hi = store
		default:
			lo = store + 1
		}
	}
}

// bulkInts returns n zero Ints backed by one array with room for words
// words each, so that setting them to values of that size allocates nothing
// more.
func bulkInts(n, words int) []big.Int {
	ints := make([]big.Int, n)
	backing := make([]big.Word, n*words)
	for i := range ints {
		ints[i].SetBits(backing[i*words : i*words : (i+1)*words])
	}
	return ints
}
