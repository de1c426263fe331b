package munireg

import (
	"fmt"
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

	units  *big.Int // the total in units, shared by all portions
	weight *big.Int // the claimant's weight
	den    *big.Int // Σ weights, shared by all portions, positive
	exp    int32    // the unit is 10^exp
}

// ExactRat returns the exact value as a fraction, the number the rounding
// step worked from.
func (p Portion) ExactRat() *big.Rat {
	if p.den == nil {
		return new(big.Rat)
	}
	r := new(big.Rat).SetFrac(new(big.Int).Mul(p.units, p.weight), p.den)
	if p.exp >= 0 {
		return r.Mul(r, new(big.Rat).SetInt(pow10(p.exp)))
	}
	return r.Quo(r, new(big.Rat).SetInt(pow10(-p.exp)))
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
	r = r.WithDefaults()
	var errs ValidationErrors
	errs.Merge("", r.CheckTotal(total))
	sum := new(big.Int)
	if len(refs) != len(weights) {
		errs.Add("weights", fmt.Errorf("%w: %d references for %d weights", ErrInvalidWeight, len(refs), len(weights)))
		return Apportionment{}, errs
	}
	errs.Merge("weights", CheckRefs(refs))
	for i, w := range weights {
		if w == nil || w.Sign() < 0 {
			errs.Add(fmt.Sprintf("weights[%d].value", i), ErrInvalidWeight)
			continue
		}
		sum.Add(sum, w)
	}
	if sum.Sign() == 0 && !total.IsZero() {
		errs.Add("weights", ErrNoWeight)
	}
	if err := errs.Err(); err != nil {
		return Apportionment{}, err
	}
	return apportion(total, refs, weights, sum, r), nil
}

// CheckRefs checks that every reference is set and none repeats. Fields are
// "[i].ref", wrapping ErrRequired or ErrDuplicateRef.
func CheckRefs(refs []string) error {
	var errs ValidationErrors
	seen := make(map[string]struct{}, len(refs))
	for i, ref := range refs {
		if ref == "" {
			errs.Add(fmt.Sprintf("[%d].ref", i), ErrRequired)
			continue
		}
		if _, dup := seen[ref]; dup {
			errs.Add(fmt.Sprintf("[%d].ref", i), fmt.Errorf("%w: %q", ErrDuplicateRef, ref))
			continue
		}
		seen[ref] = struct{}{}
	}
	return errs.Err()
}

// apportion does the arithmetic on validated input; den is Σ weights.
//
// One division per row gives everything: with p = ExactPlaces + e (the unit
// is 10^e, so 0 <= p <= 19), q, r = |total| × wᵢ × 10^p divmod den (in
// units). Then q rounded by r is the exact value to ExactPlaces places, and
// q divmod 10^p is the floor in units and the first digits s of the
// remainder: the remainder in units is (s × den + r) / (10^p × den), so
// remainders order as the pairs (s, r), mostly by comparing two uint64.
func apportion(total decimal.Decimal, refs []string, weights []*big.Int, den *big.Int, r Rounding) Apportionment {
	e := -r.Places()
	units, _ := r.units(total)
	negative := units.Sign() < 0
	units.Abs(units)
	if den.Sign() == 0 {
		den = big.NewInt(1) // zero total over zero weights: every amount is zero
	}
	scale := pow10Uint64(ExactPlaces + e)
	bigScale := new(big.Int).SetUint64(scale)
	scaledUnits := new(big.Int).Mul(units, bigScale)

	n := len(refs)
	maxWords := 1
	for _, w := range weights {
		maxWords = max(maxWords, len(w.Bits()))
	}
	words := len(scaledUnits.Bits()) + maxWords + 1
	copies := bulkInts(n, maxWords)        // the weights, kept for ExactRat
	floors := bulkInts(n, words)           // the floor of the exact value in units
	rems := bulkInts(n, len(den.Bits())+1) // r: the rest of the remainder
	digits := make([]uint64, n)            // s: the remainder's first p digits
	exacts := make([]decimal.Decimal, n)
	assigned := new(big.Int)
	var q, sBig big.Int
	for i, w := range weights {
		copies[i].Set(w)
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
		Portions: make([]Portion, n),
	}
	if negative {
		units.Neg(units)
	}
	for i := range refs {
		a := &floors[i]
		if extra[i] {
			a.Add(a, sBig.SetInt64(1))
		}
		if negative {
			a.Neg(a)
		}
		out.Portions[i] = Portion{
			Ref:    refs[i],
			Amount: decimal.NewFromBigInt(a, e),
			Exact:  exacts[i],
			units:  units,
			weight: &copies[i],
			den:    den,
			exp:    e,
		}
	}
	if negative {
		assigned.Neg(assigned)
	}
	out.Sum = decimal.NewFromBigInt(assigned, e)
	out.Difference = out.Sum.Sub(total)
	return out
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
