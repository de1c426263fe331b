package ownership

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestShareRatIsDecimalRat: shareRat is the fraction decimal's Rat makes,
// numerator and denominator alike (so in lowest terms), for shares and
// beyond: zero at any scale, both signs, coefficients with tens, twos and
// fives to cancel, shares written with 20 places as the store reads them,
// coefficients of 64 and 128 bits and just past, exponents from 5 to -25.
func TestShareRatIsDecimalRat(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 2))
	values := []decimal.Decimal{decimal.Zero, decimal.New(0, -7), decimal.New(1, 0), decimal.New(5, -1), decimal.New(-25, -2),
		decimal.New(1024, -10), decimal.New(390625, -8), decimal.New(999999999999999999, -19), decimal.New(-999999999999999999, -18),
		decimal.New(1000000000000000000, -19), decimal.New(7, 3), decimal.RequireFromString("0.45735"), decimal.RequireFromString("1"),
		decimal.RequireFromString("0.45735000000000000000"), decimal.RequireFromString("-0.12345678901234567890"),
		decimal.RequireFromString("1.00000000000000000000"), decimal.RequireFromString("0.00000000000000000001"),
		decimal.RequireFromString("340282366920938463463374607431768211455e-38"), decimal.RequireFromString("340282366920938463463374607431768211456e-38")}
	for range 20_000 {
		c := rng.Int64() >> rng.IntN(64)
		for range rng.IntN(8) {
			c /= 10 // trailing digits for twos and fives to cancel
			c *= int64([]int{2, 5, 10}[rng.IntN(3)])
		}
		if rng.IntN(2) == 0 {
			c = -c
		}
		values = append(values, decimal.New(c, int32(rng.IntN(31))-25))
		wide := decimal.New(c, int32(rng.IntN(12))-11).StringFixed(20) // as NUMERIC(30,20) gives it
		values = append(values, decimal.RequireFromString(wide))
	}
	for _, d := range values {
		got, want := shareRat(d), d.Rat()
		if got.Cmp(want) != 0 || got.Num().Cmp(want.Num()) != 0 || got.Denom().Cmp(want.Denom()) != 0 {
			t.Fatalf("shareRat(%s e%d) = %s, want %s", d.Coefficient(), d.Exponent(), got, want)
		}
	}
}
