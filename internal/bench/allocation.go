package bench

import (
	"cmp"
	"fmt"
	"math/bits"
	"math/rand/v2"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
)

// AllocationInput is what cooperation.Allocate and the int64 baseline are
// measured on: kr 987 654 321.09 split by a 3-component key (20 % equally,
// 50 % by population, 30 % by tonnes) over the parties. The populations
// (200 – 700 199) and tonnages (0 – 99 999.9) are synthetic, drawn from a
// seeded generator; they are not real figures.
type AllocationInput struct {
	Total   decimal.Decimal
	Key     cooperation.Key
	Parties []cooperation.Party

	// The same input as plain integers, for the baseline.
	TotalUnits int64    // øre
	Percent    [3]int64 // the key's weights in per cent
	Refs       []string
	Population []int64
	Tenths     []int64 // tonnes in tenths
}

// NewAllocationInput builds the input over the 357 municipalities of 2024
// (their kommunenummer, from the reference data shipped with munireg, as
// refs) when n is 357, else over n synthetic refs P000000, P000001, ….
func NewAllocationInput(n int) (AllocationInput, error) {
	var refs []string
	if n == 357 {
		municipalities, err := munireg.Municipalities2024()
		if err != nil {
			return AllocationInput{}, err
		}
		for _, m := range municipalities {
			refs = append(refs, m.Municipality.String())
		}
	} else {
		for i := range n {
			refs = append(refs, fmt.Sprintf("P%06d", i))
		}
	}
	rng := rand.New(rand.NewPCG(357, 100_000))
	in := AllocationInput{
		Total:      decimal.RequireFromString("987654321.09"),
		TotalUnits: 98765432109,
		Percent:    [3]int64{20, 50, 30},
		Refs:       refs,
		Key: cooperation.Key{Components: []cooperation.Component{
			{Name: "fast", Weight: decimal.RequireFromString("0.20"), Basis: cooperation.BasisEqual},
			{Name: "innbyggere", Weight: decimal.RequireFromString("0.50"), Basis: cooperation.BasisPopulation},
			{Name: "tonn", Weight: decimal.RequireFromString("0.30"), Basis: cooperation.MetricBasis("tonn")},
		}},
	}
	for _, ref := range refs {
		pop := 200 + rng.Int64N(700_000)
		tenths := rng.Int64N(1_000_000)
		in.Population = append(in.Population, pop)
		in.Tenths = append(in.Tenths, tenths)
		in.Parties = append(in.Parties, cooperation.Party{
			Ref:        ref,
			Population: pop,
			Metrics:    map[string]decimal.Decimal{"tonn": decimal.New(tenths, -1)},
		})
	}
	return in, nil
}

// Allocate is cooperation.Allocate of the input, rounded to øre.
func (in AllocationInput) Allocate() (cooperation.Allocation, error) {
	return cooperation.Allocate(in.Total, in.Key, in.Parties, munireg.Rounding{})
}

// BaselineInt64 is a plain minor-unit largest-remainder split on int64 and
// 128-bit intermediate products, writing each party's øre to out (of the
// input's length): each party's combined weight in fixed point with 15
// decimals (close, not exact), quotas by 128-bit multiply and divide, the
// leftover øre to the largest remainders, ties by ref. No validation, no
// exact values, no breakdown. It is what cooperation.Allocate is measured
// against.
func BaselineInt64(in AllocationInput, out []int64) {
	const scale = 1_000_000_000_000_000
	n := len(in.Refs)
	var popSum, tonSum int64
	for i := range n {
		popSum += in.Population[i]
		tonSum += in.Tenths[i]
	}
	weights := make([]uint64, n)
	var weightSum uint64
	for i := range n {
		w := in.Percent[0]*scale/int64(n) +
			in.Percent[1]*scale/popSum*in.Population[i] + in.Percent[1]*scale%popSum*in.Population[i]/popSum +
			in.Percent[2]*scale/tonSum*in.Tenths[i] + in.Percent[2]*scale%tonSum*in.Tenths[i]/tonSum
		weights[i] = uint64(w)
		weightSum += uint64(w)
	}
	rems := make([]uint64, n)
	order := make([]int, n)
	var assigned int64
	for i, w := range weights {
		hi, lo := bits.Mul64(uint64(in.TotalUnits), w)
		q, r := bits.Div64(hi, lo, weightSum)
		out[i], rems[i], order[i] = int64(q), r, i
		assigned += int64(q)
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(rems[b], rems[a]); c != 0 {
			return c
		}
		return cmp.Compare(in.Refs[a], in.Refs[b])
	})
	for _, i := range order[:in.TotalUnits-assigned] {
		out[i]++
	}
}
