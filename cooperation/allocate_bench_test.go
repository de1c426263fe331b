package cooperation_test

import (
	"cmp"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/shopspring/decimal"
)

// benchInput is the input both the benchmark of Allocate and the int64
// baseline run on: a 3-component key (20 % equally, 50 % by population,
// 30 % by tonnes) over n parties. The populations and tonnages are synthetic
// (seeded random), not real figures.
type benchInput struct {
	total   decimal.Decimal
	key     cooperation.Key
	parties []cooperation.Party

	// The same input as plain integers for the baseline.
	totalUnits int64
	percent    [3]int64
	refs       []string
	population []int64
	tenths     []int64 // tonnes in tenths
}

// newBenchInput builds the input over the 357 municipalities of 2024 (their
// kommunenummer as refs) or over n synthetic refs.
func newBenchInput(b testing.TB, n int) benchInput {
	b.Helper()
	var refs []string
	if n == 357 {
		for _, row := range csvRows(b, "municipalities_2024.csv") {
			refs = append(refs, row[0])
		}
	} else {
		for i := range n {
			refs = append(refs, fmt.Sprintf("P%06d", i))
		}
	}
	rng := rand.New(rand.NewPCG(357, 100_000))
	in := benchInput{
		total:      decimal.RequireFromString("987654321.09"),
		totalUnits: 98765432109,
		percent:    [3]int64{20, 50, 30},
		refs:       refs,
		key: cooperation.Key{Components: []cooperation.Component{
			{Name: "fast", Weight: decimal.RequireFromString("0.20"), Basis: cooperation.BasisEqual},
			{Name: "innbyggere", Weight: decimal.RequireFromString("0.50"), Basis: cooperation.BasisPopulation},
			{Name: "tonn", Weight: decimal.RequireFromString("0.30"), Basis: cooperation.MetricBasis("tonn")},
		}},
	}
	for _, ref := range refs {
		pop := 200 + rng.Int64N(700_000)
		tenths := rng.Int64N(1_000_000)
		in.population = append(in.population, pop)
		in.tenths = append(in.tenths, tenths)
		in.parties = append(in.parties, cooperation.Party{
			Ref:        ref,
			Population: pop,
			Metrics:    map[string]decimal.Decimal{"tonn": decimal.New(tenths, -1)},
		})
	}
	return in
}

func BenchmarkAllocate(b *testing.B) {
	for _, n := range []int{357, 100_000} {
		in := newBenchInput(b, n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := cooperation.Allocate(in.total, in.key, in.parties, munireg.Rounding{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("baseline-int64/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			out := make([]int64, n)
			for b.Loop() {
				baselineInt64(in, out)
			}
		})
	}
}

// TestBaselineInt64 checks that the baseline does the same job: its
// amounts sum to the total and stay within one øre of Allocate's, which
// are exact.
func TestBaselineInt64(t *testing.T) {
	in := newBenchInput(t, 357)
	a, err := cooperation.Allocate(in.total, in.key, in.parties, munireg.Rounding{})
	if err != nil {
		t.Fatal(err)
	}
	out := make([]int64, len(in.refs))
	baselineInt64(in, out)
	var sum int64
	for i, units := range out {
		sum += units
		exact := a.Rows[i].Amount.Shift(2).IntPart()
		if d := units - exact; d < -1 || d > 1 {
			t.Errorf("baselineInt64[%s] = %d øre, want within 1 of %d", in.refs[i], units, exact)
		}
	}
	if sum != in.totalUnits {
		t.Errorf("Σ baselineInt64 = %d øre, want %d", sum, in.totalUnits)
	}
}

// baselineInt64 is a plain minor-unit largest-remainder split on int64 and
// 128-bit intermediate products: each party's combined weight in fixed point
// with 15 decimals (close, not exact), quotas by 128-bit multiply and divide,
// the leftover øre to the largest remainders, ties by ref. It is what the
// exact implementation is measured against.
func baselineInt64(in benchInput, out []int64) {
	const scale = 1_000_000_000_000_000
	n := len(in.refs)
	var popSum, tonSum int64
	for i := range n {
		popSum += in.population[i]
		tonSum += in.tenths[i]
	}
	weights := make([]uint64, n)
	var weightSum uint64
	for i := range n {
		w := in.percent[0]*scale/int64(n) +
			in.percent[1]*scale/popSum*in.population[i] + in.percent[1]*scale%popSum*in.population[i]/popSum +
			in.percent[2]*scale/tonSum*in.tenths[i] + in.percent[2]*scale%tonSum*in.tenths[i]/tonSum
		weights[i] = uint64(w)
		weightSum += uint64(w)
	}
	rems := make([]uint64, n)
	order := make([]int, n)
	var assigned int64
	for i, w := range weights {
		hi, lo := bits.Mul64(uint64(in.totalUnits), w)
		q, r := bits.Div64(hi, lo, weightSum)
		out[i], rems[i], order[i] = int64(q), r, i
		assigned += int64(q)
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(rems[b], rems[a]); c != 0 {
			return c
		}
		return cmp.Compare(in.refs[a], in.refs[b])
	})
	for _, i := range order[:in.totalUnits-assigned] {
		out[i]++
	}
}
