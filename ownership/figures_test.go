package ownership_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
)

// portfolioFigures gathers what a portfolio depends on from the records as
// a store does from its tables (see ownership.PortfolioFigures): the
// positions in force of the owner's chains and in the owner, the owner's
// flows of the two years and its balances up to 31 December, the
// organizations these name, and the rounded sums of those entities. It
// returns the organizations on the owner's chains too.
func portfolioFigures(t *testing.T, r ownership.Records, owner string, year int) (ownership.PortfolioFigures, map[string]bool) {
	t.Helper()
	asOf := date(year, 12, 31)
	down := map[string]bool{owner: true}
	for grew := true; grew; {
		grew = false
		for _, p := range r.Positions {
			if p.Valid.Contains(asOf) && down[p.Owner] && !down[p.Entity] {
				down[p.Entity], grew = true, true
			}
		}
	}
	fig := ownership.PortfolioFigures{Year: year}
	named := map[string]bool{}
	for _, p := range r.Positions {
		if p.Valid.Contains(asOf) && (down[p.Owner] || p.Entity == owner) {
			fig.Positions = append(fig.Positions, p)
			named[p.Entity] = true
		}
	}
	for _, f := range r.Flows {
		if f.Owner == owner && (f.Year == year || f.Year == year-1) {
			fig.Flows = append(fig.Flows, f)
			named[f.Entity] = true
		}
	}
	for _, b := range r.Balances {
		if b.Owner == owner && !b.Date.After(asOf) {
			fig.Balances = append(fig.Balances, b)
			named[b.Entity] = true
		}
	}
	for _, o := range r.Organizations {
		if o.ID == owner {
			fig.Owner = o
		}
		if named[o.ID] {
			fig.Entities = append(fig.Entities, o)
		}
	}
	sums, err := ownership.CheckShares(r.Positions, r.Lists, asOf)
	require.NoError(t, err)
	for _, s := range sums {
		if named[s.Entity] && s.Rounded {
			fig.Rounded = append(fig.Rounded, s)
		}
	}
	return fig, down
}

// genPortfolioRecords builds valid records around a random ownership graph
// (genGraph: chains, cross-holdings, companies holding their own shares,
// shares counted in thirds and sevenths, zero shares, unresolvable cycles)
// of N0 … N9: some with population, positions that ended before 2023 or
// start after it, flows and balances of every owner, and a complete owner
// table published rounded (R, three thirds as 0.3333) that N3 only pays
// money to.
func genPortfolioRecords(rng *rand.Rand) ownership.Records {
	var r ownership.Records
	for i := range 10 {
		o := munireg.Organization{ID: fmt.Sprintf("N%d", i), Name: fmt.Sprintf("Selskap %d", i), Kind: munireg.KindAS}
		if i < 3 {
			o.Kind = munireg.KindKommune
			o.Population = munireg.PopulationSeries{{Date: date(2023, 1, 1), Count: 1 + rng.Int64N(50_000)}}
		}
		r.Organizations = append(r.Organizations, o)
	}
	r.Organizations = append(r.Organizations, munireg.Organization{ID: "R", Name: "Avrundet", Kind: munireg.KindIKS})
	r.Positions = genGraph(rng.Uint64(), uint8(rng.Uint32()), uint8(128+rng.IntN(128)), uint8(rng.IntN(256)))
	for i, p := range r.Positions {
		switch rng.IntN(8) {
		case 0:
			r.Positions[i].Valid = munireg.Period{From: date(2000, 1, 1), To: date(2020, 1, 1)}
		case 1:
			r.Positions[i].Valid = munireg.Period{From: date(2024, 1, 1)}
		case 2:
			r.Positions[i].BookValue = decimal.NewNullDecimal(decimal.New(rng.Int64N(1_000_000), 0))
			r.Positions[i].Purpose = "formål " + p.Entity
		}
	}
	for i := range 3 {
		r.Positions = append(r.Positions, ownership.Position{Owner: fmt.Sprintf("N%d", i), Entity: "R",
			Economic: decimal.RequireFromString("0.3333"), Valid: munireg.Period{From: date(2000, 1, 1)}})
	}
	r.Lists = []ownership.OwnerList{{Entity: "R", Complete: true, Tolerance: ownership.ToleranceRounded, Places: 4}}
	kinds := ownership.FlowKinds()
	for range 60 {
		f := ownership.Flow{Owner: fmt.Sprintf("N%d", rng.IntN(10)), Entity: fmt.Sprintf("N%d", rng.IntN(10)),
			Kind: kinds[rng.IntN(len(kinds))], Year: 2021 + rng.IntN(3), Amount: decimal.New(rng.Int64N(100_000_000), -2)}
		if f.Kind == ownership.FlowOther {
			f.Direction = ownership.FromOwner
		}
		r.Flows = append(r.Flows, f)
	}
	r.Flows = append(r.Flows, ownership.Flow{Owner: "N3", Entity: "R", Kind: ownership.FlowDividend, Year: 2023,
		Amount: decimal.RequireFromString("10.00")})
	for i := range 8 {
		r.Balances = append(r.Balances, ownership.Balance{Owner: fmt.Sprintf("N%d", rng.IntN(10)),
			Entity: fmt.Sprintf("N%d", rng.IntN(10)), Kind: []ownership.BalanceKind{ownership.BalanceOwnerLoan, ownership.BalanceGuarantee}[i%2],
			Date: date(2022+rng.IntN(3), 6, 30), Amount: decimal.New(rng.Int64N(1_000_000), 0)})
	}
	return r
}

// TestSummarizePortfolioMatchesPortfolio: the portfolio made from the
// figures a store gathers — the owner's chains only, none of the positions
// only others hold — is the portfolio of the whole register. Where the
// whole register has an unresolvable cycle, a portfolio can only see those
// on its chains: it is then the portfolio of the positions in the entities
// on the owner's chains (what the store read before it read figures).
func TestSummarizePortfolioMatchesPortfolio(t *testing.T) {
	rng := rand.New(rand.NewPCG(26, 1203))
	iterations := 300
	if testing.Short() {
		iterations = 30
	}
	text := func(p ownership.PortfolioSummary) string {
		b, err := json.Marshal(p)
		require.NoError(t, err)
		return string(b)
	}
	whole, unresolvable := 0, 0
	for range iterations {
		r := genPortfolioRecords(rng)
		for i := range 10 {
			owner := fmt.Sprintf("N%d", i)
			fig, down := portfolioFigures(t, r, owner, 2023)
			call := fmt.Sprintf("SummarizePortfolio(%s; %s)", owner, positionsString(r.Positions))
			got, gerr := ownership.SummarizePortfolio(fig)
			want, werr := ownership.Portfolio(r, owner, 2023)
			if werr == nil {
				whole++
				require.NoError(t, gerr, call)
				require.Equal(t, text(want), text(got), call)
				continue
			}
			unresolvable++
			chains := r
			chains.Positions = nil
			for _, p := range r.Positions {
				if down[p.Entity] {
					chains.Positions = append(chains.Positions, p)
				}
			}
			want, werr = ownership.Portfolio(chains, owner, 2023)
			if werr != nil {
				require.EqualError(t, gerr, werr.Error(), call)
				continue
			}
			require.NoError(t, gerr, call)
			want.Rounded, got.Rounded = nil, nil // R is on no chain, so the positions above miss it
			require.Equal(t, text(want), text(got), call)
		}
	}
	require.Positive(t, whole)
	require.Positive(t, unresolvable, "the generator should make unresolvable cycles too")
}
