package cooperation_test

import (
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// allocCase is one generated input of Allocate.
type allocCase struct {
	total   decimal.Decimal
	key     cooperation.Key
	parties []cooperation.Party
	r       munireg.Rounding
}

func (c allocCase) String() string {
	return fmt.Sprintf("Allocate(%s, %+v, %d parties, %s %s)", c.total, c.key, len(c.parties), c.r.Unit, c.r.Policy)
}

// genCase builds a valid allocation input from a few numbers, so that the
// fuzzer's inputs stay valid and every property can be checked: up to 48
// parties, a key of one to four of the bases with weights in hundredths,
// zero basis values now and then, and every unit from 1E-10 to 1E9.
func genCase(seed uint64, size uint8, totalUnits int64, unitExp int8, halfUp bool) allocCase {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	n := 1 + int(size)%48
	exp := int32(uint8(unitExp)%20) - 2 // 0 → 0.01, 2 → 1, 5 → 1000, …, 11 → 1E9, 12 → 1E-10
	if exp > 9 {
		exp -= 20
	}
	unit := decimal.New(1, exp)
	c := allocCase{
		total: decimal.NewFromInt(totalUnits % 10_000_000_000_000).Mul(unit),
		r:     munireg.Rounding{Unit: unit},
	}
	if halfUp {
		c.r.Policy = munireg.HalfUpPerRow
	}

	bases := []cooperation.Basis{cooperation.BasisEqual, cooperation.BasisPopulation, cooperation.BasisShare,
		cooperation.BasisOwnership, cooperation.MetricBasis("tonn")}
	rng.Shuffle(len(bases), func(i, j int) { bases[i], bases[j] = bases[j], bases[i] })
	weights := splitInt(rng, 100, 1+rng.IntN(4))
	for i, w := range weights {
		c.key.Components = append(c.key.Components, cooperation.Component{
			Name: fmt.Sprintf("k%d", i), Weight: decimal.New(w, -2), Basis: bases[i],
		})
	}
	c.key.Normalize = rng.IntN(3) == 0

	shares, owned := splitInt(rng, 10_000, n), splitInt(rng, 10_000, n)
	var population int64
	metered := false
	for i := range n {
		p := cooperation.Party{
			Ref:       fmt.Sprintf("%03d-%d", rng.IntN(1000), i),
			Share:     decimal.New(shares[i], -4),
			Ownership: decimal.New(owned[i], -4),
			Metrics:   map[string]decimal.Decimal{"tonn": decimal.Zero},
		}
		if rng.IntN(4) > 0 {
			p.Population = rng.Int64N(1_000_000)
		}
		if rng.IntN(3) > 0 {
			p.Metrics["tonn"] = decimal.New(rng.Int64N(100_000), -rng.Int32N(4))
		}
		if c.key.Normalize && rng.IntN(2) == 0 {
			p.Share, p.Ownership = decimal.New(rng.Int64N(10_001), -4), decimal.New(rng.Int64N(10_001), -4)
		}
		population += p.Population
		metered = metered || !p.Metrics["tonn"].IsZero()
		c.parties = append(c.parties, p)
	}
	last := &c.parties[n-1]
	if population == 0 {
		last.Population = 1
	}
	if !metered {
		last.Metrics["tonn"] = decimal.New(5, -1)
	}
	// Shares from splitInt sum to exactly 1; random normalized ones need only
	// not all be zero.
	if sum := sumOf(c.parties, func(p cooperation.Party) decimal.Decimal { return p.Share }); sum.IsZero() {
		last.Share = decimal.New(5, -1)
	}
	if sum := sumOf(c.parties, func(p cooperation.Party) decimal.Decimal { return p.Ownership }); sum.IsZero() {
		last.Ownership = decimal.New(5, -1)
	}
	return c
}

// splitInt splits total into n random non-negative parts.
func splitInt(rng *rand.Rand, total int64, n int) []int64 {
	cuts := make([]int64, n-1)
	for i := range cuts {
		cuts[i] = rng.Int64N(total + 1)
	}
	slices.Sort(cuts)
	parts := make([]int64, n)
	prev := int64(0)
	for i, c := range cuts {
		parts[i], prev = c-prev, c
	}
	parts[n-1] = total - prev
	return parts
}

// sumOf sums a value over the parties.
func sumOf(ps []cooperation.Party, value func(cooperation.Party) decimal.Decimal) decimal.Decimal {
	sum := decimal.Zero
	for _, p := range ps {
		sum = sum.Add(value(p))
	}
	return sum
}

// oracle computes each party's exact value straight from the definition,
// in big.Rat: total × Σₖ wₖ × bₖᵢ / Σⱼ bₖⱼ.
func oracle(c allocCase) []*big.Rat {
	basis := func(b cooperation.Basis, p cooperation.Party) *big.Rat {
		switch b {
		case cooperation.BasisEqual:
			return big.NewRat(1, 1)
		case cooperation.BasisPopulation:
			return big.NewRat(p.Population, 1)
		case cooperation.BasisShare:
			return p.Share.Rat()
		case cooperation.BasisOwnership:
			return p.Ownership.Rat()
		}
		name, _ := b.Metric()
		return p.Metrics[name].Rat()
	}
	out := make([]*big.Rat, len(c.parties))
	for i := range out {
		out[i] = new(big.Rat)
	}
	for _, comp := range c.key.Components {
		if comp.Weight.IsZero() {
			continue
		}
		sum := new(big.Rat)
		for _, p := range c.parties {
			sum.Add(sum, basis(comp.Basis, p))
		}
		for i, p := range c.parties {
			term := new(big.Rat).Mul(comp.Weight.Rat(), basis(comp.Basis, p))
			out[i].Add(out[i], term.Quo(term, sum))
		}
	}
	for _, x := range out {
		x.Mul(x, c.total.Rat())
	}
	return out
}

// widen writes the same value with one more trailing zero: 0.5 → 0.50.
func widen(v decimal.Decimal) decimal.Decimal {
	return decimal.NewFromBigInt(new(big.Int).Mul(v.Coefficient(), big.NewInt(10)), v.Exponent()-1)
}

// widened is c with every decimal written with one more trailing zero.
func widened(c allocCase) allocCase {
	w := c
	w.total, w.r.Unit = widen(c.total), widen(c.r.Unit)
	w.key.Components = slices.Clone(c.key.Components)
	for i := range w.key.Components {
		w.key.Components[i].Weight = widen(w.key.Components[i].Weight)
	}
	w.parties = make([]cooperation.Party, len(c.parties))
	for i, p := range c.parties {
		p.Share, p.Ownership = widen(p.Share), widen(p.Ownership)
		p.Metrics = map[string]decimal.Decimal{"tonn": widen(p.Metrics["tonn"])}
		w.parties[i] = p
	}
	return w
}

// checkAllocation allocates c and checks every promise of the package:
// exact values as defined, Σ = total (largest remainder) or the reported
// difference (half-up), each amount the floor or ceiling of its exact value
// (half-up: the nearest), largest remainders served first with ties to the
// lowest ref, zero exact → zero, order independence, negative mirrors
// positive, and the same result for decimals written with more zeros.
func checkAllocation(t *testing.T, c allocCase) {
	t.Helper()
	call := c.String()
	a, err := cooperation.Allocate(c.total, c.key, c.parties, c.r)
	require.NoError(t, err, call)
	require.Len(t, a.Rows, len(c.parties), call)
	unit := c.r.Unit.Rat()
	want := oracle(c)

	sum := decimal.Zero
	type quota struct {
		rem  *big.Rat
		ceil bool
		ref  string
	}
	var quotas []quota
	for i, row := range a.Rows {
		require.Equal(t, c.parties[i].Ref, row.Ref, "%s row %d", call, i)
		require.Zero(t, row.ExactRat().Cmp(want[i]), "%s[%s].ExactRat() = %s, want %s", call, row.Ref, row.ExactRat().RatString(), want[i].RatString())
		units := new(big.Rat).Quo(want[i], unit)
		floor := new(big.Int).Div(units.Num(), units.Denom()) // Euclidean: the floor, for positive denominators
		rem := new(big.Rat).Sub(units, new(big.Rat).SetInt(floor))
		amount := new(big.Rat).Quo(row.Amount.Rat(), unit)
		require.True(t, amount.IsInt(), "%s[%s] = %s, not a multiple of %s", call, row.Ref, row.Amount, c.r.Unit)
		ceil := amount.Num().Cmp(floor) != 0
		if ceil {
			require.Zero(t, amount.Num().Cmp(new(big.Int).Add(floor, big.NewInt(1))),
				"%s[%s] = %s units, want floor or ceiling of %s", call, row.Ref, amount.Num(), units.FloatString(4))
		}
		if c.r.Policy == munireg.HalfUpPerRow {
			half := big.NewRat(1, 2)
			up := rem.Cmp(half) > 0 || rem.Cmp(half) == 0 && want[i].Sign() > 0
			require.Equal(t, up, ceil, "%s[%s] = %s units, want %s rounded half away from zero", call, row.Ref, amount.Num(), units.FloatString(4))
		}
		if want[i].Sign() == 0 {
			require.True(t, row.Amount.IsZero(), "%s[%s] = %s for a zero exact value, want 0", call, row.Ref, row.Amount)
		}
		if rem.Sign() != 0 {
			quotas = append(quotas, quota{rem, ceil, row.Ref})
		}
		bd := decimal.Zero
		for _, part := range row.Breakdown {
			bd = bd.Add(part)
		}
		tolerance := decimal.New(int64(len(row.Breakdown)+1), -munireg.ExactPlaces)
		require.True(t, bd.Sub(row.Exact).Abs().LessThanOrEqual(tolerance), "%s[%s] breakdown sums to %s, exact %s", call, row.Ref, bd, row.Exact)
		sum = sum.Add(row.Amount)
	}
	require.True(t, sum.Equal(a.Sum), "%s Σ amounts = %s, Sum %s", call, sum, a.Sum)
	require.True(t, a.Sum.Sub(c.total).Equal(a.Difference), "%s Difference = %s, want %s", call, a.Difference, a.Sum.Sub(c.total))
	if c.r.Policy != munireg.HalfUpPerRow {
		require.True(t, sum.Equal(c.total), "%s Σ amounts = %s, want %s", call, sum, c.total)
		// Hamilton: nobody rounded down has a larger remainder than anybody
		// rounded up, and equal remainders favour the lower ref: with the
		// extra unit for a positive total, without it (the extra unit being
		// away from zero) for a negative one.
		for _, up := range quotas {
			for _, down := range quotas {
				if !up.ceil || down.ceil {
					continue
				}
				cmp := up.rem.Cmp(down.rem)
				require.True(t, cmp > 0 || cmp == 0 && (up.ref < down.ref) == (c.total.Sign() > 0),
					"%s: %s rounded up with remainder %s, %s down with %s", call, up.ref, up.rem.FloatString(6), down.ref, down.rem.FloatString(6))
			}
		}
	}

	amounts := map[string]decimal.Decimal{}
	for _, row := range a.Rows {
		amounts[row.Ref] = row.Amount
	}
	reversed := c
	reversed.parties = slices.Clone(c.parties)
	slices.Reverse(reversed.parties)
	for _, variant := range []struct {
		name   string
		c      allocCase
		negate bool
	}{{"reversed", reversed, false}, {"negated", allocCase{c.total.Neg(), c.key, c.parties, c.r}, true}, {"widened", widened(c), false}} {
		got, err := cooperation.Allocate(variant.c.total, variant.c.key, variant.c.parties, variant.c.r)
		require.NoError(t, err, "%s %s", call, variant.name)
		for _, row := range got.Rows {
			w := amounts[row.Ref]
			if variant.negate {
				w = w.Neg()
			}
			assert.True(t, row.Amount.Equal(w), "%s %s[%s] = %s, want %s", call, variant.name, row.Ref, row.Amount, w)
		}
	}
}

func TestAllocateProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 2024))
	iterations := 400
	if testing.Short() {
		iterations = 50
	}
	for range iterations {
		c := genCase(rng.Uint64(), uint8(rng.Uint32()), rng.Int64N(2_000_000_000)-1_000_000_000, int8(rng.IntN(20)), rng.IntN(4) == 0)
		checkAllocation(t, c)
		if t.Failed() {
			return
		}
	}
}
