package munireg_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// record is a caller's record with a portion inside, as cooperation.Row is.
type record struct {
	before string
	munireg.Portion
	after int
}

// sameDecimal fails unless g and w have the same coefficient and exponent.
func sameDecimal(t *testing.T, what string, g, w decimal.Decimal) {
	t.Helper()
	if g.String() != w.String() || g.Exponent() != w.Exponent() {
		t.Fatalf("%s = %s (exp %d), want %s (exp %d)", what, g, g.Exponent(), w, w.Exponent())
	}
}

// TestApportionIntsTo checks that ApportionIntsTo writes into the caller's
// records exactly the portions ApportionInts returns, on random weights of
// up to 200 bits (so both the 128-bit and the big.Int paths run), every
// unit and both policies; that it asks for each record once, in order; and
// that it leaves Portions nil.
func TestApportionIntsTo(t *testing.T) {
	rng := rand.New(rand.NewPCG(2, 357))
	for iter := range 2000 {
		n := 1 + rng.IntN(30)
		refs := make([]string, n)
		weights := make([]*big.Int, n)
		wbits := 1 + rng.IntN(200)
		for i := range n {
			refs[i] = fmt.Sprintf("r%03d", rng.IntN(100)*n+i)
			weights[i] = new(big.Int)
			for range 4 {
				weights[i].Lsh(weights[i], 64).Or(weights[i], new(big.Int).SetUint64(rng.Uint64()))
			}
			weights[i].Rsh(weights[i], uint(256-wbits+rng.IntN(wbits)))
			if rng.IntN(4) == 0 {
				weights[i].Set(weights[0])
			}
		}
		weights[0].Add(weights[0], big.NewInt(1)) // not all zero
		exp := int32(rng.IntN(20)) - 10
		r := munireg.Rounding{Unit: decimal.New(1, exp)}
		if rng.IntN(2) == 0 {
			r.Policy = munireg.HalfUpPerRow
		}
		total := decimal.New(rng.Int64N(1<<uint(1+rng.IntN(50)))-(1<<20), exp)
		call := fmt.Sprintf("#%d ApportionIntsTo(%s, %d weights of %d bits, %s %s)", iter, total, n, wbits, r.Unit, r.Policy)

		want, err := munireg.ApportionInts(total, refs, weights, r)
		require.NoError(t, err, call)
		records := make([]record, n)
		next := 0
		got, err := munireg.ApportionIntsTo(total, refs, weights, r, func(i int) *munireg.Portion {
			if i != next {
				t.Fatalf("%s asked for record %d, want %d", call, i, next)
			}
			next++
			return &records[i].Portion
		})
		require.NoError(t, err, call)
		require.Equal(t, n, next, "%s records asked for", call)
		require.Nil(t, got.Portions, "%s.Portions", call)
		sameDecimal(t, call+".Total", got.Total, want.Total)
		sameDecimal(t, call+".Sum", got.Sum, want.Sum)
		sameDecimal(t, call+".Difference", got.Difference, want.Difference)
		sameDecimal(t, call+".Rounding.Unit", got.Rounding.Unit, want.Rounding.Unit)
		require.Equal(t, want.Rounding.Policy, got.Rounding.Policy, call)
		for i, rec := range records {
			w := want.Portions[i]
			require.Equal(t, w.Ref, rec.Ref, "%s[%d].Ref", call, i)
			sameDecimal(t, fmt.Sprintf("%s[%d].Amount", call, i), rec.Amount, w.Amount)
			sameDecimal(t, fmt.Sprintf("%s[%d].Exact", call, i), rec.Exact, w.Exact)
			require.Zero(t, rec.ExactRat().Cmp(w.ExactRat()), "%s[%d].ExactRat() = %s, want %s", call, i, rec.ExactRat(), w.ExactRat())
			require.True(t, rec.before == "" && rec.after == 0, "%s[%d]: the rest of the record was written", call, i)
		}
	}
}

// TestApportionIntsToErrors checks that invalid input gives ApportionInts'
// errors and writes nothing, and that a nil portion gives ApportionInts'
// result.
func TestApportionIntsToErrors(t *testing.T) {
	refs := []string{"a", "", "a"}
	weights := []*big.Int{big.NewInt(1), big.NewInt(-1), nil}
	_, want := munireg.ApportionInts(dec(t, "10.005"), refs, weights, munireg.Rounding{})
	_, got := munireg.ApportionIntsTo(dec(t, "10.005"), refs, weights, munireg.Rounding{}, func(i int) *munireg.Portion {
		t.Fatalf("ApportionIntsTo asked for record %d of invalid input", i)
		return nil
	})
	require.Error(t, got)
	assert.Equal(t, want.Error(), got.Error())

	a, err := munireg.ApportionIntsTo(dec(t, "100.00"), []string{"a", "b"}, []*big.Int{big.NewInt(1), big.NewInt(2)}, munireg.Rounding{}, nil)
	require.NoError(t, err)
	require.Len(t, a.Portions, 2)
	assertDec(t, "ApportionIntsTo(nil)[a]", a.Portions[0].Amount, "33.33")
	assertDec(t, "ApportionIntsTo(nil)[b]", a.Portions[1].Amount, "66.67")
}
