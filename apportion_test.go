package munireg_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// weights builds weights from "ref=value" pairs.
func weights(t testing.TB, pairs ...string) []munireg.Weight {
	t.Helper()
	ws := make([]munireg.Weight, len(pairs))
	for i, p := range pairs {
		var ref, value string
		for j := range p {
			if p[j] == '=' {
				ref, value = p[:j], p[j+1:]
				break
			}
		}
		ws[i] = munireg.Weight{Ref: ref, Value: dec(t, value)}
	}
	return ws
}

func TestApportion(t *testing.T) {
	tests := []struct {
		name    string
		total   string
		unit    string
		policy  munireg.RoundingPolicy
		weights []string
		want    []string // amounts in input order
		diff    string
	}{
		{"equal thirds, tie to lowest ref", "100.00", "", "", []string{"c=1", "b=1", "a=1"}, []string{"33.33", "33.33", "33.34"}, "0"},
		{"largest remainder wins", "10", "1", "", []string{"x=1", "y=2"}, []string{"3", "7"}, "0"},
		{"negative mirrors positive", "-100.00", "", "", []string{"c=1", "b=1", "a=1"}, []string{"-33.33", "-33.33", "-33.34"}, "0"},
		{"thousands", "10000", "1000", "", []string{"a=1", "b=1", "c=1"}, []string{"4000", "3000", "3000"}, "0"},
		{"zero weight gets zero", "1.00", "", "", []string{"a=0", "b=1", "c=2"}, []string{"0", "0.33", "0.67"}, "0"},
		{"zero total", "0", "", "", []string{"a=0", "b=0"}, []string{"0", "0"}, "0"},
		{"half-up loses a unit", "100.00", "", munireg.HalfUpPerRow, []string{"a=1", "b=1", "c=1"}, []string{"33.33", "33.33", "33.33"}, "-0.01"},
		{"half-up gains a unit", "0.02", "", munireg.HalfUpPerRow, []string{"a=1", "b=1", "c=1"}, []string{"0.01", "0.01", "0.01"}, "0.01"},
		{"half-up negative", "-0.02", "0.01", munireg.HalfUpPerRow, []string{"a=1", "b=1", "c=1"}, []string{"-0.01", "-0.01", "-0.01"}, "-0.01"},
		{"finest unit", "1", "1E-10", munireg.HalfUpPerRow, []string{"a=1", "b=2"}, []string{"0.3333333333", "0.6666666667"}, "0"},
		{"coarsest unit, half-up", "2E9", "1E9", munireg.HalfUpPerRow, []string{"a=1", "b=1", "c=2"}, []string{"1E9", "1E9", "1E9"}, "1E9"},
		{"coarsest unit", "2E9", "1E9", "", []string{"a=1", "b=1", "c=2"}, []string{"1E9", "0", "1E9"}, "0"},
		{"percent weights", "961636224", "1", "", []string{"a=50.125", "b=49.875"}, []string{"482020157", "479616067"}, "0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := munireg.Rounding{Policy: tt.policy}
			if tt.unit != "" {
				r.Unit = dec(t, tt.unit)
			}
			call := fmt.Sprintf("Apportion(%s, %v, %s)", tt.total, tt.weights, tt.policy)
			got, err := munireg.Apportion(dec(t, tt.total), weights(t, tt.weights...), r)
			require.NoError(t, err, call)
			require.Len(t, got.Portions, len(tt.want), call)
			for i, p := range got.Portions {
				assertDec(t, call+".Portions["+p.Ref+"].Amount", p.Amount, tt.want[i])
			}
			assertDec(t, call+".Difference", got.Difference, tt.diff)
			assert.Equal(t, tt.diff == "0", got.Balanced(), "%s.Balanced()", call)
		})
	}
}

func TestApportionExact(t *testing.T) {
	got, err := munireg.Apportion(dec(t, "100.00"), weights(t, "a=1", "b=2"), munireg.Rounding{})
	require.NoError(t, err)
	assertDec(t, "Exact[a]", got.Portions[0].Exact, "33.3333333333")
	assertDec(t, "Exact[b]", got.Portions[1].Exact, "66.6666666667")
	assert.Equal(t, "100/3", got.Portions[0].ExactRat().String(), "ExactRat[a]")
	assert.Equal(t, munireg.LargestRemainder, got.Rounding.Policy, "default policy")
	assertDec(t, "default unit", got.Rounding.Unit, "0.01")

	got, err = munireg.Apportion(dec(t, "-2000"), weights(t, "a=1", "b=2"), munireg.Rounding{Unit: dec(t, "1000")})
	require.NoError(t, err)
	assert.Equal(t, "-2000/3", got.Portions[0].ExactRat().String(), "ExactRat[a] in thousands")
	assertDec(t, "Exact[a] in thousands", got.Portions[0].Exact, "-666.6666666667")
	assert.Equal(t, "0", munireg.Portion{}.ExactRat().RatString(), "Portion{}.ExactRat()")
}

func TestApportionErrors(t *testing.T) {
	tests := []struct {
		name    string
		total   string
		r       munireg.Rounding
		weights []munireg.Weight
		fields  []string
		errs    []error
	}{
		{
			name:    "unit not a power of ten",
			total:   "100",
			r:       munireg.Rounding{Unit: decimal.New(5, -2)},
			weights: weights(t, "a=1"),
			fields:  []string{"unit"},
			errs:    []error{munireg.ErrInvalidUnit},
		},
		{
			name:    "negative unit and unknown policy",
			total:   "100",
			r:       munireg.Rounding{Unit: decimal.New(-1, 0), Policy: "bankers"},
			weights: weights(t, "a=1"),
			fields:  []string{"unit", "policy"},
			errs:    []error{munireg.ErrInvalidUnit, munireg.ErrInvalidPolicy},
		},
		{
			name:    "unit too coarse",
			total:   "0",
			r:       munireg.Rounding{Unit: decimal.New(1, 10)},
			weights: weights(t, "a=1"),
			fields:  []string{"unit"},
			errs:    []error{munireg.ErrInvalidUnit},
		},
		{
			name:    "unit too fine",
			total:   "0",
			r:       munireg.Rounding{Unit: decimal.New(1, -11)},
			weights: weights(t, "a=1"),
			fields:  []string{"unit"},
			errs:    []error{munireg.ErrInvalidUnit},
		},
		{
			name:    "total finer than the unit",
			total:   "1000.005",
			weights: weights(t, "a=1"),
			fields:  []string{"total"},
			errs:    []error{munireg.ErrInvalidTotal},
		},
		{
			name:    "total not in thousands",
			total:   "1500",
			r:       munireg.Rounding{Unit: decimal.New(1, 3)},
			weights: weights(t, "a=1"),
			fields:  []string{"total"},
			errs:    []error{munireg.ErrInvalidTotal},
		},
		{
			name:    "refs and weights",
			total:   "1",
			weights: weights(t, "a=1", "=1", "a=2", "b=-1"),
			fields:  []string{"weights[1].ref", "weights[2].ref", "weights[3].value"},
			errs:    []error{munireg.ErrRequired, munireg.ErrDuplicateRef, munireg.ErrInvalidWeight},
		},
		{
			name:    "no weight",
			total:   "1",
			weights: weights(t, "a=0", "b=0"),
			fields:  []string{"weights"},
			errs:    []error{munireg.ErrNoWeight},
		},
		{
			name:    "too many decimals",
			total:   "1.001",
			weights: []munireg.Weight{{Ref: "a", Value: decimal.New(1, -31)}},
			fields:  []string{"weights[0].value", "total"},
			errs:    []error{munireg.ErrOutOfRange, munireg.ErrInvalidTotal},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := munireg.Apportion(dec(t, tt.total), tt.weights, tt.r)
			assert.Equal(t, tt.fields, fieldsOf(t, err), "Apportion(%s) error fields", tt.total)
			for _, want := range tt.errs {
				assert.ErrorIs(t, err, want, "Apportion(%s) error", tt.total)
			}
		})
	}
}

func TestApportionIntsLengthMismatch(t *testing.T) {
	_, err := munireg.ApportionInts(decimal.NewFromInt(1), []string{"a", "b"}, []*big.Int{big.NewInt(1)}, munireg.Rounding{})
	assert.Equal(t, []string{"weights"}, fieldsOf(t, err), "ApportionInts(2 refs, 1 weight) error fields")
	_, err = munireg.ApportionInts(decimal.NewFromInt(1), []string{"a"}, []*big.Int{nil}, munireg.Rounding{})
	assert.ErrorIs(t, err, munireg.ErrInvalidWeight, "ApportionInts(nil weight)")
}

// fieldsOf returns the fields of the ValidationErrors in err.
func fieldsOf(t testing.TB, err error) []string {
	t.Helper()
	var all munireg.ValidationErrors
	require.ErrorAs(t, err, &all)
	return all.Fields()
}

func TestQuotient(t *testing.T) {
	tests := []struct {
		num, den int64
		places   int32
		want     string
	}{
		{1, 3, 2, "0.33"},
		{2, 3, 2, "0.67"},
		{-2, 3, 2, "-0.67"},
		{2, -3, 2, "-0.67"},
		{-2, -3, 2, "0.67"},
		{1, 2, 0, "1"},
		{-1, 2, 0, "-1"},
		{5, 1, -1, "10"},
		{14, 1, -1, "10"},
		{-15, 1, -1, "-20"},
		{1, 8, 3, "0.125"},
		{1, 3, 25, "0.3333333333333333333333333"},
	}
	for _, tt := range tests {
		got := munireg.Quotient(big.NewInt(tt.num), big.NewInt(tt.den), tt.places)
		assertDec(t, fmt.Sprintf("Quotient(%d, %d, %d)", tt.num, tt.den, tt.places), got, tt.want)
	}
}

func TestRoundingPlaces(t *testing.T) {
	tests := []struct {
		unit string
		want int32
	}{
		{"", 2}, {"0.01", 2}, {"0.010", 2}, {"1", 0}, {"1000", -3}, {"1E3", -3}, {"0.1", 1},
	}
	for _, tt := range tests {
		r := munireg.Rounding{}
		if tt.unit != "" {
			r.Unit = dec(t, tt.unit)
		}
		require.NoError(t, r.Validate(), "Rounding{Unit: %q}.Validate()", tt.unit)
		assert.Equal(t, tt.want, r.Places(), "Rounding{Unit: %q}.Places()", tt.unit)
	}
}

// TestApportionProperties checks the promises of largest remainder on random
// input: the sum is the total, every amount is the floor or the ceiling of its
// exact value, zero weights get zero, the order of the input does not matter,
// a negative total mirrors the positive one, and weights written with more
// trailing zeros give the same result.
func TestApportionProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 2024))
	for iter := range 300 {
		n := 1 + rng.IntN(12)
		ws := make([]munireg.Weight, n)
		for i := range ws {
			v := decimal.Zero
			if rng.IntN(4) > 0 {
				v = decimal.New(rng.Int64N(100000), -rng.Int32N(6))
			}
			ws[i] = munireg.Weight{Ref: fmt.Sprintf("r%03d", rng.IntN(1000)*n+i), Value: v}
		}
		ws[rng.IntN(n)].Value = decimal.NewFromInt(1 + rng.Int64N(9))
		unit := decimal.New(1, int32(rng.IntN(20))-10)
		total := decimal.New(rng.Int64N(10_000_000), 0).Mul(unit)
		r := munireg.Rounding{Unit: unit}
		call := fmt.Sprintf("#%d Apportion(%s, %v, %s)", iter, total, ws, unit)

		got, err := munireg.Apportion(total, ws, r)
		require.NoError(t, err, call)
		assertDec(t, call+" sum", sumAmounts(got.Portions), total.String())
		for i, p := range got.Portions {
			exact := new(big.Rat).Quo(p.ExactRat(), unit.Rat())
			amount := new(big.Rat).Quo(p.Amount.Rat(), unit.Rat())
			require.True(t, amount.IsInt(), "%s[%d] = %s, not a multiple of %s", call, i, p.Amount, unit)
			floor := new(big.Int).Div(exact.Num(), exact.Denom())
			a := amount.Num()
			isFloor := a.Cmp(floor) == 0
			isCeil := !exact.IsInt() && a.Cmp(new(big.Int).Add(floor, big.NewInt(1))) == 0
			assert.True(t, isFloor || isCeil, "%s[%d] = %s units, want floor or ceiling of %s", call, i, a, exact.FloatString(6))
			if ws[i].Value.IsZero() {
				assert.True(t, p.Amount.IsZero(), "%s[%d] = %s for zero weight, want 0", call, i, p.Amount)
			}
		}

		perm := slices.Clone(ws)
		rng.Shuffle(len(perm), func(i, j int) { perm[i], perm[j] = perm[j], perm[i] })
		for i := range perm {
			perm[i].Value = decimal.New(1, -3).Mul(perm[i].Value).Mul(decimal.New(1000, 0)) // same value, more trailing zeros
		}
		shuffled, err := munireg.Apportion(total, perm, r)
		require.NoError(t, err, call)
		negated, err := munireg.Apportion(total.Neg(), ws, r)
		require.NoError(t, err, call)
		byRef := map[string]decimal.Decimal{}
		for _, p := range shuffled.Portions {
			byRef[p.Ref] = p.Amount
		}
		for i, p := range got.Portions {
			assertDec(t, call+" permuted "+p.Ref, byRef[p.Ref], p.Amount.String())
			assertDec(t, call+" negated "+p.Ref, negated.Portions[i].Amount, p.Amount.Neg().String())
		}
	}
}

func sumAmounts(ps []munireg.Portion) decimal.Decimal {
	sum := decimal.Zero
	for _, p := range ps {
		sum = sum.Add(p.Amount)
	}
	return sum
}

// TestAlabamaParadox documents, rather than fixes, Hamilton's Alabama
// paradox (see the package documentation): a larger total gives c less.
func TestAlabamaParadox(t *testing.T) {
	ws := weights(t, "a=6", "b=6", "c=2")
	for _, tt := range []struct {
		total string
		want  []string
	}{
		{"0.10", []string{"0.04", "0.04", "0.02"}},
		{"0.11", []string{"0.05", "0.05", "0.01"}},
	} {
		got, err := munireg.Apportion(dec(t, tt.total), ws, munireg.Rounding{})
		require.NoError(t, err)
		for i, p := range got.Portions {
			assertDec(t, fmt.Sprintf("Apportion(%s, 6:6:2)[%s]", tt.total, p.Ref), p.Amount, tt.want[i])
		}
	}
}
