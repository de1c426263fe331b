package munireg

import (
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// unitExponentBig is unitExponent as first written, in big.Int arithmetic
// throughout: the reference its int64 path is held to.
func unitExponentBig(unit decimal.Decimal) (int32, bool) {
	if unit.Sign() <= 0 || CheckRange(unit) != nil {
		return 0, false
	}
	c := unit.Coefficient()
	e := unit.Exponent()
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

// TestUnitExponent checks unitExponent against unitExponentBig on powers of
// ten written with trailing zeros (10E-3 is 0.01), on other numbers, on
// signs and on coefficients of up to 30 digits.
func TestUnitExponent(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 19))
	var units []decimal.Decimal
	for zeros := range 25 {
		c := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(zeros)), nil)
		for exp := int32(-32); exp <= 32; exp++ {
			units = append(units, decimal.NewFromBigInt(c, exp), decimal.NewFromBigInt(new(big.Int).Neg(c), exp),
				decimal.NewFromBigInt(new(big.Int).Mul(c, big.NewInt(1+rng.Int64N(99))), exp))
		}
	}
	units = append(units, decimal.Decimal{}, decimal.New(0, -2), decimal.New(5, -2), decimal.New(25, 0))
	for _, u := range units {
		ge, gok := unitExponent(u)
		we, wok := unitExponentBig(u)
		if gok != wok || ge != we {
			t.Errorf("unitExponent(%s) = %d, %v, want %d, %v", u, ge, gok, we, wok)
		}
	}
}
