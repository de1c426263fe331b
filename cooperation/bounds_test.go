package cooperation_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/shopspring/decimal"
)

// TestAllocateScratchBounds checks every promise of Allocate (see
// checkAllocation) at the party counts around the bounds between scratch
// space on the heap and on the stack (16 | 17 and 512 | 513, in cooperation
// and in munireg alike), with a key of all five bases, both policies and
// refs out of order.
func TestAllocateScratchBounds(t *testing.T) {
	sizes := []int{16, 17, 512, 513, 700}
	if testing.Short() {
		sizes = []int{16, 17, 513}
	}
	for _, n := range sizes {
		for _, policy := range []munireg.RoundingPolicy{munireg.LargestRemainder, munireg.HalfUpPerRow} {
			t.Run(fmt.Sprintf("n=%d/%s", n, policy), func(t *testing.T) {
				checkAllocation(t, boundsCase(n, policy))
			})
		}
	}
}

// boundsCase is an allocation of kr 987 654 321.09 over n parties with
// shares and ownership that sum to 1, populations, and metered use with
// one, two or three decimals.
func boundsCase(n int, policy munireg.RoundingPolicy) allocCase {
	rng := rand.New(rand.NewPCG(uint64(n), 513))
	c := allocCase{
		total: decimal.RequireFromString("987654321.09"),
		r:     munireg.Rounding{Unit: decimal.New(1, -2), Policy: policy},
		key: cooperation.Key{Components: []cooperation.Component{
			{Name: "fast", Weight: decimal.New(10, -2), Basis: cooperation.BasisEqual},
			{Name: "innbyggere", Weight: decimal.New(30, -2), Basis: cooperation.BasisPopulation},
			{Name: "andel", Weight: decimal.New(20, -2), Basis: cooperation.BasisShare},
			{Name: "eierandel", Weight: decimal.New(15, -2), Basis: cooperation.BasisOwnership},
			{Name: "tonn", Weight: decimal.New(25, -2), Basis: cooperation.MetricBasis("tonn")},
		}},
	}
	shares, owned := splitInt(rng, 1_000_000, n), splitInt(rng, 1_000_000, n)
	for i := range n {
		c.parties = append(c.parties, cooperation.Party{
			Ref:        fmt.Sprintf("%04d", (i*7919)%10_000),
			Population: 200 + rng.Int64N(700_000),
			Share:      decimal.New(shares[i], -6),
			Ownership:  decimal.New(owned[i], -6),
			Metrics:    map[string]decimal.Decimal{"tonn": decimal.New(rng.Int64N(1_000_000), -1-rng.Int32N(3))},
		})
	}
	return c
}
