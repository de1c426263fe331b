package munireg

import (
	"fmt"
	"math"
	"math/big"
	"math/bits"

	"github.com/shopspring/decimal"
)

// RoundingPolicy names how exact amounts become amounts in whole rounding
// units. The string values are the names used on the wire.
type RoundingPolicy string

const (
	// LargestRemainder (Hamilton's method) gives every row the floor of its
	// exact value in units, then hands the units still missing from the total,
	// one each, to the rows with the largest remainders, ties broken by Ref in
	// ascending byte order. The amounts sum to the total exactly. The default.
	LargestRemainder RoundingPolicy = "largest-remainder"
	// HalfUpPerRow rounds each row on its own, half away from zero, as many
	// published tables do. The amounts may miss the total by a few units; the
	// result says by how much.
	HalfUpPerRow RoundingPolicy = "half-up-per-row"
)

// Validate returns an error wrapping ErrInvalidPolicy unless p is one of the
// named policies. The empty policy is not valid here; Rounding.WithDefaults
// turns it into LargestRemainder.
func (p RoundingPolicy) Validate() error {
	switch p {
	case LargestRemainder, HalfUpPerRow:
		return nil
	}
	return fmt.Errorf("%w: %q (want %q or %q)", ErrInvalidPolicy, string(p), LargestRemainder, HalfUpPerRow)
}

// ExactPlaces is the number of decimal places to which exact values are
// reported (Portion.Exact and the breakdowns built on it), rounded half away
// from zero. The rounding decisions themselves use the exact fractions, never
// these reported values; Portion.ExactRat gives the fraction.
const ExactPlaces = 10

// MaxPlaces bounds the decimals accepted as amounts and weights: at most
// MaxPlaces decimal places as written, an exponent of at most MaxPlaces, and
// at most 2 × MaxPlaces significant digits (see CheckRange). The bound keeps
// exact arithmetic fast whatever a caller sends.
const MaxPlaces = 30

// DefaultUnit returns the default rounding unit, 0.01 (one øre).
func DefaultUnit() decimal.Decimal { return decimal.New(1, -2) }

// Rounding says how amounts are rounded: to whole multiples of Unit, under
// Policy. The zero value means 0.01 by largest remainder.
type Rounding struct {
	// Unit is the rounding unit, a power of ten from 1E-10 to 1E9: 0.01
	// (øre, the default when zero), 1 (whole kroner) or 1000 (thousands),
	// for example.
	Unit decimal.Decimal
	// Policy is the rounding policy; empty means LargestRemainder.
	Policy RoundingPolicy
}

// WithDefaults returns r with a zero Unit replaced by DefaultUnit and an
// empty Policy by LargestRemainder.
func (r Rounding) WithDefaults() Rounding {
	if r.Unit.IsZero() {
		r.Unit = DefaultUnit()
	}
	if r.Policy == "" {
		r.Policy = LargestRemainder
	}
	return r
}

// Validate checks r after WithDefaults: the unit must be a positive power of
// ten (field "unit", ErrInvalidUnit) and the policy known (field "policy",
// ErrInvalidPolicy).
func (r Rounding) Validate() error {
	r = r.WithDefaults()
	var errs ValidationErrors
	if _, ok := unitExponent(r.Unit); !ok {
		errs.Add("unit", fmt.Errorf("%w: %s", ErrInvalidUnit, r.Unit))
	}
	if err := r.Policy.Validate(); err != nil {
		errs.Add("policy", err)
	}
	return errs.Err()
}

// CheckTotal validates r and checks that total is in range (CheckRange) and a
// whole multiple of the unit (field "total", ErrInvalidTotal): 1000.005
// cannot be split into øre, nor 1500 into thousands.
func (r Rounding) CheckTotal(total decimal.Decimal) error {
	var errs ValidationErrors
	errs.Merge("", r.Validate())
	if err := CheckRange(total); err != nil {
		errs.Add("total", err)
	} else if len(errs) == 0 {
		if _, ok := r.units(total); !ok {
			errs.Add("total", fmt.Errorf("%w: %s is not a multiple of %s", ErrInvalidTotal, total, r.WithDefaults().Unit))
		}
	}
	return errs.Err()
}

// Places returns the number of decimal places of the unit after
// WithDefaults: 2 for 0.01, 0 for 1, -3 for 1000. Format amounts with
// StringFixed(max(Places, 0)) and round to the unit with Round(Places). The
// result is meaningless for an invalid unit.
func (r Rounding) Places() int32 {
	e, _ := unitExponent(r.WithDefaults().Unit)
	return -e
}

// units returns amount as a whole number of units, and false when it is not
// a whole multiple of the unit (or the unit is invalid).
func (r Rounding) units(amount decimal.Decimal) (*big.Int, bool) {
	e, ok := unitExponent(r.WithDefaults().Unit)
	if !ok {
		return nil, false
	}
	c := amount.Coefficient()
	x := amount.Exponent()
	if x >= e {
		return c.Mul(c, pow10(x-e)), true
	}
	q, m := new(big.Int).QuoRem(c, pow10(e-x), new(big.Int))
	return q, m.Sign() == 0
}

// unitExponent returns e with unit = 10^e, and false when unit is not a
// power of ten from 10^-ExactPlaces to 10^(19−ExactPlaces) (1E-10 to 1E9):
// finer units are meaningless for money, and within these bounds the exact
// value's digits below the unit fit in a uint64.
func unitExponent(unit decimal.Decimal) (int32, bool) {
	if unit.Sign() <= 0 || CheckRange(unit) != nil {
		return 0, false
	}
	e := unit.Exponent()
	if unit.NumDigits() <= 18 {
		// The usual case (0.01, 1, 1000), in int64 arithmetic.
		c := unit.CoefficientInt64()
		for c%10 == 0 {
			c, e = c/10, e+1
		}
		return e, c == 1 && e >= -ExactPlaces && e <= 19-ExactPlaces
	}
	c := unit.Coefficient()
	ten := big.NewInt(10)
	m := new(big.Int)
	for {
		q, r := new(big.Int).QuoRem(c, ten, m)
		if r.Sign() != 0 {
			break
		}
		c, e = q, e+1
	}
	return e, c.IsInt64() && c.Int64() == 1 && e >= -ExactPlaces && e <= 19-ExactPlaces
}

// CheckRange returns an error wrapping ErrOutOfRange unless d has at most
// MaxPlaces decimal places and an exponent of at most MaxPlaces as written,
// and at most 2 × MaxPlaces significant digits.
func CheckRange(d decimal.Decimal) error {
	if x := d.Exponent(); x < -MaxPlaces || x > MaxPlaces || d.NumDigits() > 2*MaxPlaces {
		return fmt.Errorf("%w: %s", ErrOutOfRange, d)
	}
	return nil
}

// CommonScale writes values as integers over one power of ten:
// values[i] = ints[i] × 10^exp, where exp is the smallest exponent among the
// values. "0.5" and "0.50" give the same integer relative to each other, so
// results built on them do not depend on how a decimal was written. Check the
// values with CheckRange first.
func CommonScale(values []decimal.Decimal) (ints []big.Int, exp int32) {
	for i, v := range values {
		if x := v.Exponent(); i == 0 || x < exp {
			exp = x
		}
	}
	ints = bulkInts(len(values), 2)
	var small big.Int
	for i, v := range values {
		shift := v.Exponent() - exp
		if v.NumDigits() <= 18 && shift < 19 {
			ints[i].SetInt64(v.CoefficientInt64())
			if shift > 0 {
				ints[i].Mul(&ints[i], small.SetUint64(pow10Uint64(shift)))
			}
			continue
		}
		c := v.Coefficient()
		if shift > 0 {
			c.Mul(c, pow10(shift))
		}
		ints[i].Set(c)
	}
	return ints, exp
}

// pow10 returns 10^k for k >= 0.
func pow10(k int32) *big.Int {
	if k < 19 {
		return new(big.Int).SetUint64(pow10Uint64(k))
	}
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(k)), nil)
}

// pow10Uint64 returns 10^k for 0 <= k <= 19.
func pow10Uint64(k int32) uint64 {
	p := uint64(1)
	for ; k > 0; k-- {
		p *= 10
	}
	return p
}

// Quotient returns num/den rounded half away from zero to places decimal
// places; a negative places rounds to tens, hundreds and so on. It is exact
// integer arithmetic, with no intermediate precision to choose. It panics
// when den is zero, as integer division does.
func Quotient(num, den *big.Int, places int32) decimal.Decimal {
	if bits.UintSize == 64 && places >= 0 && places < 20 && num.BitLen() <= 64 && den.BitLen() <= 64 && den.Sign() != 0 {
		if q, ok := roundedQuotient64(lowWord(num), pow10Uint64(places), lowWord(den)); ok {
			return signedDecimal(q, num.Sign() < 0 != (den.Sign() < 0), places)
		}
	}
	return NewDivider(den, places).Quotient(num)
}

// lowWord is the magnitude of x, which fits in one 64-bit word.
func lowWord(x *big.Int) uint64 {
	if ws := x.Bits(); len(ws) > 0 {
		return uint64(ws[0])
	}
	return 0
}

// roundedQuotient64 returns u × mul / den (den not zero) rounded half away
// from zero, in 128-bit integer arithmetic, and false when the quotient
// does not fit in an int64.
func roundedQuotient64(u, mul, den uint64) (uint64, bool) {
	hi, lo := bits.Mul64(u, mul)
	qh, r := hi/den, hi%den
	ql, r := bits.Div64(r, lo, den)
	if r >= den-r { // 2r >= den, without overflow
		ql++
		if ql == 0 {
			qh++
		}
	}
	return ql, qh == 0 && ql <= math.MaxInt64
}

// signedDecimal is q (at most MaxInt64), negated when negative, at places.
func signedDecimal(q uint64, negative bool, places int32) decimal.Decimal {
	v := int64(q)
	if negative {
		v = -v
	}
	return decimal.New(v, -places)
}

// Divider computes Quotient for many numerators over one denominator and
// number of places, reusing its scratch space between calls. It is not safe
// for concurrent use.
type Divider struct {
	den    big.Int // positive
	neg    bool    // the given denominator was negative
	mul    *big.Int
	places int32
	n, q   big.Int
	m      big.Int
	one    big.Int

	// With a 64-bit word, a denominator and multiplier that fit in 64 bits
	// (small is true) let a numerator of up to 64 bits take the fast path,
	// in 128-bit integer arithmetic (math/bits).
	small        bool
	denU64, mulU uint64
}

// NewDivider returns a Divider by den to places decimal places. It panics
// when den is zero.
func NewDivider(den *big.Int, places int32) *Divider {
	if den.Sign() == 0 {
		panic("munireg: division by zero")
	}
	d := &Divider{neg: den.Sign() < 0, places: places}
	d.den.Abs(den)
	d.one.SetInt64(1)
	d.mulU = 1
	if places >= 0 {
		d.mul = pow10(places)
		if places < 20 {
			d.mulU = pow10Uint64(places)
		}
	} else {
		d.den.Mul(&d.den, pow10(-places))
	}
	d.small = bits.UintSize == 64 && d.den.IsUint64() && (places < 20)
	d.denU64 = d.den.Uint64()
	return d
}

// Quotient returns num/den rounded half away from zero to the divider's
// places, as the package-level Quotient does.
func (d *Divider) Quotient(num *big.Int) decimal.Decimal {
	if d.small && num.BitLen() <= 64 {
		if q, ok := d.quotient64(num); ok {
			return q
		}
	}
	d.n.Set(num)
	if d.mul != nil {
		d.n.Mul(&d.n, d.mul)
	}
	negative := (d.n.Sign() < 0) != d.neg
	d.n.Abs(&d.n)
	d.q.QuoRem(&d.n, &d.den, &d.m)
	if d.m.Lsh(&d.m, 1).Cmp(&d.den) >= 0 {
		d.q.Add(&d.q, &d.one)
	}
	if negative {
		d.q.Neg(&d.q)
	}
	return decimal.NewFromBigInt(&d.q, -d.places)
}

// quotient64 is Quotient for a numerator whose magnitude fits in 64 bits,
// on a Divider with small set: the same integer division, in 128 bits. It
// returns false when the quotient does not fit in an int64.
func (d *Divider) quotient64(num *big.Int) (decimal.Decimal, bool) {
	q, ok := roundedQuotient64(lowWord(num), d.mulU, d.denU64)
	if !ok {
		return decimal.Decimal{}, false
	}
	return signedDecimal(q, (num.Sign() < 0) != d.neg, d.places), true
}
