package cooperation

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// TestSmallScale checks smallScale against munireg.CommonScale: whenever it
// answers, the same exponent and the same integers; and it answers whenever
// every integer fits in an int64.
func TestSmallScale(t *testing.T) {
	rng := rand.New(rand.NewPCG(64, 18))
	answered := 0
	for iter := range 20_000 {
		values := make([]decimal.Decimal, 1+rng.IntN(6))
		for i := range values {
			exp := -rng.Int32N(22)
			switch rng.IntN(5) {
			case 0:
				values[i] = decimal.New(rng.Int64(), exp) // near the int64 bound
			case 1:
				values[i] = decimal.New(math.MaxInt64/int64(1+rng.IntN(100)), exp)
			case 2:
				values[i] = decimal.NewFromBigInt(new(big.Int).Lsh(big.NewInt(rng.Int64N(1000)+1), 64), exp)
			case 3:
				values[i] = decimal.New(0, exp)
			default:
				values[i] = decimal.New(rng.Int64N(1_000_000), -rng.Int32N(5))
			}
		}
		want, wantExp := munireg.CommonScale(values)
		fits := true
		for i := range want {
			fits = fits && want[i].IsInt64()
		}
		got, gotExp := smallScale(values)
		if got == nil {
			if fits {
				t.Fatalf("#%d smallScale(%v) = nil, want %v", iter, values, want)
			}
			continue
		}
		answered++
		if gotExp != wantExp || len(got) != len(want) {
			t.Fatalf("#%d smallScale(%v) = %v, %d, want %v, %d", iter, values, got, gotExp, want, wantExp)
		}
		for i := range got {
			if want[i].Cmp(big.NewInt(got[i])) != 0 {
				t.Fatalf("#%d smallScale(%v)[%d] = %d, want %s", iter, values, i, got[i], &want[i])
			}
		}
	}
	if answered < 2000 {
		t.Errorf("smallScale answered only %d of 20 000 cases", answered)
	}
}
