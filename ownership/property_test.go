package ownership_test

import (
	"errors"
	"fmt"
	"math/big"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
)

// distCase is one generated input of Distribute.
type distCase struct {
	total     decimal.Decimal
	positions []ownership.Position
	lists     []ownership.OwnerList
	r         munireg.Rounding
}

func (c distCase) String() string {
	return fmt.Sprintf("Distribute(%s, E, %d positions, %+v, %s %s)", c.total, len(c.positions), c.lists, c.r.Unit, c.r.Policy)
}

// genDistCase builds a valid input of Distribute from a few numbers: up to
// 24 owners of entity "E", some with two positions (share classes), some
// counted in shares (thirds, sevenths), now and then the entity's own
// shares, a complete or incomplete list, sometimes a published rounded table
// that misses 1 within the tolerance, and every unit from 1E-10 to 1E9.
func genDistCase(seed uint64, size uint8, totalUnits int64, unitExp int8, halfUp bool) distCase {
	rng := rand.New(rand.NewPCG(seed, 0x51ed270b27a4e7c5))
	n := 1 + int(size)%24
	exp := int32(uint8(unitExp)%20) - 2
	if exp > 9 {
		exp -= 20
	}
	unit := decimal.New(1, exp)
	c := distCase{total: decimal.NewFromInt(totalUnits % 10_000_000_000_000).Mul(unit), r: munireg.Rounding{Unit: unit}}
	if halfUp {
		c.r.Policy = munireg.HalfUpPerRow
	}
	complete := rng.IntN(2) == 0
	// Owners' parts of a whole of den: the list's total is den when complete,
	// up to den otherwise.
	den := []int64{10_000, 3, 7, 12, 100}[rng.IntN(5)]
	whole := den
	if !complete {
		whole = rng.Int64N(den + 1)
	}
	parts := splitInt(rng, whole, n)
	since := munireg.Period{From: date(2000, 1, 1)}
	for i, part := range parts {
		owner := fmt.Sprintf("%03d-%d", rng.IntN(1000), i)
		if i == n-1 && n > 1 && rng.IntN(5) == 0 {
			owner = "E" // own shares
		}
		if den == 10_000 {
			// Decimals; sometimes split over two share classes.
			if part > 1 && rng.IntN(4) == 0 {
				a := rng.Int64N(part)
				c.positions = append(c.positions,
					ownership.Position{Owner: owner, Entity: "E", ShareClass: "A", Economic: decimal.New(a, -4), Valid: since},
					ownership.Position{Owner: owner, Entity: "E", ShareClass: "B", Economic: decimal.New(part-a, -4), Valid: since})
				continue
			}
			c.positions = append(c.positions, ownership.Position{Owner: owner, Entity: "E", Economic: decimal.New(part, -4), Valid: since})
			continue
		}
		c.positions = append(c.positions, ownership.Position{Owner: owner, Entity: "E", Held: part, Outstanding: den, Valid: since})
	}
	if complete {
		c.lists = []ownership.OwnerList{{Entity: "E", Complete: true}}
		if den == 10_000 && rng.IntN(3) == 0 {
			// A published table, rounded: nudge a share by one unit of the
			// fourth place, within n × 0.00005.
			for i := range c.positions {
				if c.positions[i].Economic.Sign() > 0 {
					nudge := decimal.New(int64(1-2*rng.IntN(2)), -4)
					if c.positions[i].Economic.Add(nudge).GreaterThan(decimal.New(1, 0)) {
						nudge = nudge.Neg()
					}
					c.positions[i].Economic = c.positions[i].Economic.Add(nudge)
					break
				}
			}
			c.lists[0].Tolerance, c.lists[0].Places = ownership.ToleranceRounded, 4
			if len(c.positions) == 1 {
				c.lists[0].Places = 3 // one share may then miss by 0.0005
			}
		}
	}
	// Somebody other than E must hold a share.
	if !slices.ContainsFunc(c.positions, func(p ownership.Position) bool { return p.Owner != "E" && p.EconomicShare().Sign() > 0 }) {
		c.positions = append(c.positions[:0], ownership.Position{Owner: "only", Entity: "E", Economic: decimal.New(1, 0), Valid: since})
		c.lists = []ownership.OwnerList{{Entity: "E", Complete: true}}
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

// distOracle computes each owner's exact amount straight from the
// definition, in big.Rat: total × wᵢ / (Σⱼ wⱼ + unlisted), wᵢ the sum of
// owner i's shares (E's own shares left out), unlisted the part an
// incomplete list leaves (1 − Σ of all shares). It returns the amounts by
// owner and the unlisted amount.
func distOracle(c distCase) (map[string]*big.Rat, *big.Rat) {
	w := map[string]*big.Rat{}
	all := new(big.Rat)
	for _, p := range c.positions {
		s := big.NewRat(p.Held, max(p.Outstanding, 1))
		if p.Outstanding == 0 {
			s = p.Economic.Rat()
		}
		all.Add(all, s)
		if p.Owner == "E" {
			continue
		}
		if w[p.Owner] == nil {
			w[p.Owner] = new(big.Rat)
		}
		w[p.Owner].Add(w[p.Owner], s)
	}
	unlisted := new(big.Rat)
	if len(c.lists) == 0 && all.Cmp(big.NewRat(1, 1)) < 0 {
		unlisted.Sub(big.NewRat(1, 1), all)
	}
	den := new(big.Rat).Set(unlisted)
	for _, x := range w {
		den.Add(den, x)
	}
	out := map[string]*big.Rat{}
	for o, x := range w {
		out[o] = new(big.Rat).Quo(new(big.Rat).Mul(c.total.Rat(), x), den)
	}
	return out, unlisted.Quo(unlisted.Mul(unlisted, c.total.Rat()), den)
}

// checkDistribution distributes c and checks the promises of Distribute:
// exact values as defined, Σ amounts (Unlisted included) = total under
// largest remainder (the reported difference under half-up), each amount
// the floor or the ceiling of its exact value, zero exact → zero, one row
// per owner in ascending order, and the same amounts for the positions in
// another order and mirrored for the negated total.
func checkDistribution(t *testing.T, c distCase) {
	t.Helper()
	call := c.String()
	asOf := date(2024, 1, 1)
	dist, err := ownership.Distribute(c.total, "E", c.positions, c.lists, asOf, c.r)
	require.NoError(t, err, call)
	want, unlisted := distOracle(c)
	require.Len(t, dist.Rows, len(want), call)
	unit := c.r.Unit.Rat()
	sum := dist.Unlisted.Amount
	check := func(ref string, p munireg.Portion, exact *big.Rat) {
		require.Zero(t, p.ExactRat().Cmp(exact), "%s[%s].ExactRat() = %s, want %s", call, ref, p.ExactRat().RatString(), exact.RatString())
		units := new(big.Rat).Quo(exact, unit)
		floor := new(big.Int).Div(units.Num(), units.Denom())
		amount := new(big.Rat).Quo(p.Amount.Rat(), unit)
		require.True(t, amount.IsInt(), "%s[%s] = %s, not a multiple of %s", call, ref, p.Amount, c.r.Unit)
		up := new(big.Int).Add(floor, big.NewInt(1))
		require.True(t, amount.Num().Cmp(floor) == 0 || amount.Num().Cmp(up) == 0,
			"%s[%s] = %s units, want the floor or ceiling of %s", call, ref, amount.Num(), units.FloatString(4))
		if exact.Sign() == 0 {
			require.True(t, p.Amount.IsZero(), "%s[%s] = %s for a zero exact value", call, ref, p.Amount)
		}
	}
	for i, row := range dist.Rows {
		if i > 0 {
			require.Less(t, dist.Rows[i-1].Ref, row.Ref, "%s rows in ascending order", call)
		}
		require.NotNil(t, want[row.Ref], "%s: row for %q, who is no owner", call, row.Ref)
		check(row.Ref, row.Portion, want[row.Ref])
		sum = sum.Add(row.Amount)
	}
	check("unlisted", dist.Unlisted, unlisted)
	require.True(t, sum.Equal(dist.Sum), "%s Σ = %s, Sum %s", call, sum, dist.Sum)
	require.True(t, dist.Sum.Sub(c.total).Equal(dist.Difference), "%s Difference = %s", call, dist.Difference)
	if c.r.Policy != munireg.HalfUpPerRow {
		require.True(t, sum.Equal(c.total), "%s Σ amounts = %s, want %s exactly", call, sum, c.total)
	}

	amounts := map[string]decimal.Decimal{"": dist.Unlisted.Amount}
	for _, row := range dist.Rows {
		amounts[row.Ref] = row.Amount
	}
	shuffled := slices.Clone(c.positions)
	rand.New(rand.NewPCG(uint64(len(shuffled)), 7)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	for _, v := range []struct {
		name      string
		total     decimal.Decimal
		positions []ownership.Position
		negate    bool
	}{{"shuffled", c.total, shuffled, false}, {"negated", c.total.Neg(), c.positions, true}} {
		got, err := ownership.Distribute(v.total, "E", v.positions, c.lists, asOf, c.r)
		require.NoError(t, err, "%s %s", call, v.name)
		got.Rows = append(got.Rows, ownership.DistributionRow{Portion: got.Unlisted})
		for _, row := range got.Rows {
			w := amounts[row.Ref]
			if v.negate {
				w = w.Neg()
			}
			require.True(t, row.Amount.Equal(w), "%s %s[%s] = %s, want %s", call, v.name, row.Ref, row.Amount, w)
		}
	}
}

func TestDistributeProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(26, 1))
	iterations := 500
	if testing.Short() {
		iterations = 50
	}
	for range iterations {
		c := genDistCase(rng.Uint64(), uint8(rng.Uint32()), rng.Int64N(2_000_000_000)-1_000_000_000, int8(rng.IntN(20)), rng.IntN(4) == 0)
		checkDistribution(t, c)
		if t.Failed() {
			return
		}
	}
}

// genGraph builds positions over up to 9 organizations "N0" … "N8" from a
// few numbers. Each organization is owned with probability density/255 by
// a random set of the others (or itself), with shares that sum to at most 1
// — to exactly 1 with probability closed/255, so that cycles owned only
// from within, which have no answer, come up. Shares are decimals with four
// places or share counts (thirds, sevenths, twelfths).
func genGraph(seed uint64, size, density, closed uint8) []ownership.Position {
	rng := rand.New(rand.NewPCG(seed, 0x2545f4914f6cdd1d))
	n := 2 + int(size)%8
	since := munireg.Period{From: date(2000, 1, 1)}
	var positions []ownership.Position
	for j := range n {
		if rng.IntN(256) >= int(density) {
			continue
		}
		owners := rng.Perm(n)[:1+rng.IntN(min(n, 4))]
		den := []int64{10_000, 3, 7, 12}[rng.IntN(4)]
		whole := den
		if rng.IntN(256) >= int(closed) {
			whole = rng.Int64N(den + 1)
		}
		for k, part := range splitInt(rng, whole, len(owners)) {
			p := ownership.Position{Owner: fmt.Sprintf("N%d", owners[k]), Entity: fmt.Sprintf("N%d", j), Valid: since}
			if den == 10_000 {
				p.Economic = decimal.New(part, -4)
			} else {
				p.Held, p.Outstanding = part, den
			}
			positions = append(positions, p)
		}
	}
	return positions
}

// denseOracle computes Θ = A_UF (I − A_FF)⁻¹ from the definition with dense
// matrices and Gauss-Jordan elimination on big.Rat, independently of the
// package: U are the organizations with a non-zero share of something and
// none held by anybody, F those held by somebody. It returns Θ by ultimate
// owner and entity, and false when I − A_FF is singular.
func denseOracle(positions []ownership.Position) (map[[2]string]*big.Rat, []string, []string, bool) {
	a := map[[2]string]*big.Rat{}
	nodes := map[string]bool{}
	owned := map[string]bool{}
	for _, p := range positions {
		s := p.EconomicShare()
		if s.Sign() == 0 {
			continue
		}
		k := [2]string{p.Owner, p.Entity}
		if a[k] == nil {
			a[k] = new(big.Rat)
		}
		a[k].Add(a[k], s)
		nodes[p.Owner], nodes[p.Entity], owned[p.Entity] = true, true, true
	}
	var u, f []string
	for n := range nodes {
		if owned[n] {
			f = append(f, n)
		} else {
			u = append(u, n)
		}
	}
	slices.Sort(u)
	slices.Sort(f)
	get := func(i, j string) *big.Rat {
		if x := a[[2]string{i, j}]; x != nil {
			return x
		}
		return new(big.Rat)
	}
	k := len(f)
	// [I − A_FF | I] → [I | (I − A_FF)⁻¹]
	m := make([][]*big.Rat, k)
	for i := range m {
		m[i] = make([]*big.Rat, 2*k)
		for j := range k {
			m[i][j] = new(big.Rat).Neg(get(f[i], f[j]))
			m[i][k+j] = new(big.Rat)
		}
		m[i][i].Add(m[i][i], big.NewRat(1, 1))
		m[i][k+i].SetInt64(1)
	}
	for col := range k {
		p := col
		for p < k && m[p][col].Sign() == 0 {
			p++
		}
		if p == k {
			return nil, u, f, false
		}
		m[col], m[p] = m[p], m[col]
		inv := new(big.Rat).Inv(m[col][col])
		for j := range m[col] {
			m[col][j].Mul(m[col][j], inv)
		}
		for r := range k {
			if r != col && m[r][col].Sign() != 0 {
				factor := new(big.Rat).Set(m[r][col])
				for j := range m[r] {
					m[r][j].Sub(m[r][j], new(big.Rat).Mul(factor, m[col][j]))
				}
			}
		}
	}
	theta := map[[2]string]*big.Rat{}
	for _, owner := range u {
		for j, entity := range f {
			sum := new(big.Rat)
			for i, via := range f {
				sum.Add(sum, new(big.Rat).Mul(get(owner, via), m[i][k+j]))
			}
			theta[[2]string{owner, entity}] = sum
		}
	}
	return theta, u, f, true
}

// checkLookThrough compares LookThrough with the dense oracle: the same
// ultimate owners and entities, the same exact shares, Held the sum of the
// shares; an error exactly when I − A_FF is singular, and then a
// CycleError of a closed cycle.
func checkLookThrough(t *testing.T, positions []ownership.Position) {
	t.Helper()
	call := fmt.Sprintf("LookThrough(%v)", positionsString(positions))
	_, err := ownership.CheckShares(positions, nil, date(2024, 1, 1))
	require.NoError(t, err, "%s: the generated shares should add up", call)
	eo, err := ownership.LookThrough(positions, nil, date(2024, 1, 1))
	theta, u, f, ok := denseOracle(positions)
	if !ok {
		require.Error(t, err, "%s: I − A_FF is singular", call)
		var ce ownership.CycleError
		require.True(t, errors.As(err, &ce), "%s = %v, want a CycleError", call, err)
		require.True(t, ce.Closed, "%s: %v", call, ce)
		return
	}
	require.NoError(t, err, call)
	require.Equal(t, u, nilIfEmpty(eo.Ultimate()), call)
	require.Equal(t, f, nilIfEmpty(eo.Entities()), call)
	for _, entity := range f {
		held := new(big.Rat)
		for _, owner := range u {
			want := theta[[2]string{owner, entity}]
			got := eo.Share(owner, entity)
			require.Zero(t, got.Cmp(want), "%s Share(%s, %s) = %s, want %s", call, owner, entity, got.RatString(), want.RatString())
			held.Add(held, want)
		}
		require.Zero(t, eo.Held(entity).Cmp(held), "%s Held(%s) = %s, want %s", call, entity, eo.Held(entity).RatString(), held.RatString())
		sum := new(big.Rat)
		for _, s := range eo.Owners(entity) {
			sum.Add(sum, s.Rat())
			require.Positive(t, s.Rat().Sign(), "%s Owners(%s) lists a zero share", call, entity)
		}
		require.Zero(t, sum.Cmp(held), "%s Σ Owners(%s) = %s, want %s", call, entity, sum.RatString(), held.RatString())
	}
}

// nilIfEmpty returns nil for an empty slice, so that require.Equal
// compares it with a nil one.
func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// positionsString writes positions briefly for failure messages.
func positionsString(ps []ownership.Position) string {
	var b []byte
	for _, p := range ps {
		b = fmt.Appendf(b, "%s→%s:%s ", p.Owner, p.Entity, p.EconomicShare().RatString())
	}
	return string(b)
}

func TestLookThroughProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(47, 94))
	iterations := 1000
	if testing.Short() {
		iterations = 100
	}
	singular := 0
	for range iterations {
		positions := genGraph(rng.Uint64(), uint8(rng.Uint32()), uint8(128+rng.IntN(128)), uint8(rng.IntN(256)))
		if _, _, _, ok := denseOracle(positions); !ok {
			singular++
		}
		checkLookThrough(t, positions)
		if t.Failed() {
			return
		}
	}
	require.Positive(t, singular, "the generator should make singular systems too")
}

// genRecords builds random valid records: six municipalities with
// population, six companies owned by them and by one another (acyclic),
// and flows of every kind over 2021–2023.
func genRecords(rng *rand.Rand) ownership.Records {
	var r ownership.Records
	since := munireg.Period{From: date(2000, 1, 1)}
	for i := range 6 {
		r.Organizations = append(r.Organizations, munireg.Organization{ID: fmt.Sprintf("K%d", i), Name: fmt.Sprintf("K%d", i),
			Kind: munireg.KindKommune, Population: munireg.PopulationSeries{{Date: date(2023, 1, 1), Count: 1 + rng.Int64N(50_000)}}})
		r.Organizations = append(r.Organizations, munireg.Organization{ID: fmt.Sprintf("C%d", i), Name: fmt.Sprintf("C%d", i), Kind: munireg.KindAS})
	}
	for j := range 6 {
		owners := rng.Perm(6 + j)[:1+rng.IntN(4)] // municipalities and earlier companies
		for k, part := range splitInt(rng, rng.Int64N(10_001), len(owners)) {
			owner := fmt.Sprintf("K%d", owners[k])
			if owners[k] >= 6 {
				owner = fmt.Sprintf("C%d", owners[k]-6)
			}
			p := ownership.Position{Owner: owner, Entity: fmt.Sprintf("C%d", j), Economic: decimal.New(part, -4), Valid: since}
			if rng.IntN(2) == 0 {
				p.BookValue = decimal.NewNullDecimal(decimal.New(rng.Int64N(1_000_000_000), -2))
			}
			r.Positions = append(r.Positions, p)
		}
	}
	kinds := ownership.FlowKinds()
	for range 200 {
		f := ownership.Flow{Owner: fmt.Sprintf("K%d", rng.IntN(6)), Entity: fmt.Sprintf("C%d", rng.IntN(6)), Kind: kinds[rng.IntN(len(kinds))],
			Year: 2021 + rng.IntN(3), Amount: decimal.New(rng.Int64N(100_000_000), -2)}
		if f.Kind == ownership.FlowOther || rng.IntN(10) == 0 {
			f.Direction = []ownership.Direction{ownership.ToOwner, ownership.FromOwner}[rng.IntN(2)]
		}
		r.Flows = append(r.Flows, f)
	}
	return r
}

func TestSummaryTotalsProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(2023, 357))
	iterations := 50
	if testing.Short() {
		iterations = 5
	}
	for range iterations {
		r := genRecords(rng)
		forum := ownership.Forum{Name: "alle"}
		for i := range 6 {
			forum.Owners = append(forum.Owners, fmt.Sprintf("K%d", i))
			p, err := ownership.Portfolio(r, fmt.Sprintf("K%d", i), 2023)
			require.NoError(t, err)
			checkPortfolioTotals(t, p)
			s, err := ownership.EntityOwners(r, fmt.Sprintf("C%d", i), date(2023, 12, 31), 2023)
			require.NoError(t, err)
			checkEntityTotals(t, s)
		}
		s, err := ownership.ForumTotals(r, forum, 2023)
		require.NoError(t, err)
		checkForumTotals(t, s)
		// Every flow of 2023 reaches the forum total once.
		want := decimal.Zero
		for _, f := range r.Flows {
			if f.Year == 2023 {
				want = want.Add(f.Net())
			}
		}
		assertDec(t, "ForumTotals.Income.Total vs Σ flows", s.Income.Total, want.String())
		if t.Failed() {
			return
		}
	}
}
