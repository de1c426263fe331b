package pgstore_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/dataset"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
	"github.com/munireg/munireg/ownership"
)

// canonical renders a summary for comparison: decimals by value (1.50 and
// 1.5 alike), everything else as it is.
func canonical(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	require.NoError(t, err)
	return string(b)
}

// TestSummaryParity proves that the store's summaries, assembled with SQL
// (flows summed in PostgreSQL, positions selected per summary), give exactly
// the numbers of the ownership package's functions over the whole register.
func TestSummaryParity(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	size := dataset.Size{N: 1, Entities: 300, PositionsPerEntity: 10, Years: 4}
	d := dataset.Generate(reference(t), size, 7)
	loadDataset(t, s, d)
	for _, b := range []ownership.Balance{
		{Owner: d.Positions[0].Owner, Entity: d.Positions[0].Entity, Kind: ownership.BalanceOwnerLoan, Date: day(2023, 12, 31), Amount: dec("2500000.00")},
		{Owner: d.Positions[0].Owner, Entity: d.Positions[0].Entity, Kind: ownership.BalanceOwnerLoan, Date: day(2024, 6, 30), Amount: dec("2000000.00")},
		{Owner: d.Positions[5].Owner, Entity: d.Positions[5].Entity, Kind: ownership.BalanceGuarantee, Date: day(2022, 1, 1), Amount: dec("750000.50")},
	} {
		require.NoError(t, s.SetBalance(ctx, b))
	}
	all := d.Records()
	bal, err := s.FindBalances(ctx, nil, nil)
	require.NoError(t, err)
	all.Balances = bal

	// Beyond what the generator makes: a company counted in shares (1 of 3
	// and 2 of 3), a complete owner table published with rounded shares
	// (3 × 33.33 %), a payment of kind "other" from an owner, and money of
	// last year only with an entity no member holds.
	m := d.Municipalities
	extra := func(name string) munireg.Organization {
		o, err := s.CreateOrganization(ctx, munireg.Organization{Name: name, Kind: munireg.KindAS})
		require.NoError(t, err)
		all.Organizations = append(all.Organizations, o)
		return o
	}
	counted, rounded, former := extra("Tellende AS"), extra("Avrundet AS"), extra("Tidligere AS")
	for _, p := range []ownership.Position{
		{Owner: m[1].ID, Entity: counted.ID, Held: 1, Outstanding: 3, Valid: munireg.Period{From: day(2020, 1, 1)}},
		{Owner: m[2].ID, Entity: counted.ID, Held: 2, Outstanding: 3, Valid: munireg.Period{From: day(2020, 1, 1)}},
		{Owner: m[1].ID, Entity: rounded.ID, Economic: dec("0.3333"), Valid: munireg.Period{From: day(2020, 1, 1)}},
		{Owner: m[2].ID, Entity: rounded.ID, Economic: dec("0.3333"), Valid: munireg.Period{From: day(2020, 1, 1)}},
		{Owner: m[3].ID, Entity: rounded.ID, Economic: dec("0.3333"), Valid: munireg.Period{From: day(2020, 1, 1)}},
	} {
		created, err := s.CreatePosition(ctx, p)
		require.NoError(t, err)
		all.Positions = append(all.Positions, created)
	}
	list := ownership.OwnerList{Entity: rounded.ID, Complete: true, Tolerance: ownership.ToleranceRounded, Places: 4}
	require.NoError(t, s.SetOwnerList(ctx, list))
	all.Lists = append(all.Lists, list)
	for _, f := range []ownership.Flow{
		{Owner: m[1].ID, Entity: counted.ID, Kind: ownership.FlowOther, Direction: ownership.FromOwner, Year: dataset.LastYear, Amount: dec("1234.56")},
		{Owner: m[1].ID, Entity: counted.ID, Kind: ownership.FlowDividend, Year: dataset.LastYear, Amount: dec("100.01")},
		{Owner: m[2].ID, Entity: former.ID, Kind: ownership.FlowDividend, Year: dataset.LastYear - 1, Amount: dec("999.99")},
	} {
		created, err := s.CreateFlow(ctx, f)
		require.NoError(t, err)
		all.Flows = append(all.Flows, created)
	}

	for _, year := range []int{dataset.LastYear, dataset.LastYear - 1} {
		want, err := ownership.ForumTotals(all, d.Forum, year)
		require.NoError(t, err)
		got, err := s.ForumSummary(ctx, d.Forum, year)
		require.NoError(t, err)
		require.NotEmpty(t, want.Entities)
		if year == dataset.LastYear {
			require.NotEmpty(t, want.Rounded, "the rounded owner table is reported")
		}
		assert.Equal(t, canonical(t, want), canonical(t, got), "forum summary %d", year)
	}

	// Owners: municipalities, and entities that own others (chains), some of
	// them owned themselves.
	owners := map[string]bool{d.Positions[0].Owner: true, d.Positions[5].Owner: true, d.Municipalities[10].ID: true}
	for _, p := range d.Positions {
		if len(owners) >= 12 {
			break
		}
		for _, e := range d.Entities {
			if p.Owner == e.ID {
				owners[p.Owner] = true
			}
		}
	}
	for owner := range owners {
		want, err := ownership.Portfolio(all, owner, dataset.LastYear)
		require.NoError(t, err)
		got, err := s.Portfolio(ctx, owner, dataset.LastYear)
		require.NoError(t, err)
		assert.Equal(t, canonical(t, want), canonical(t, got), "portfolio of %s", owner)
	}

	for _, p := range []ownership.Position{d.Positions[0], d.Positions[5], d.Positions[1234]} {
		want, err := ownership.EntityOwners(all, p.Entity, day(2024, 12, 31), dataset.LastYear)
		require.NoError(t, err)
		got, err := s.EntityOwners(ctx, p.Entity, day(2024, 12, 31), dataset.LastYear)
		require.NoError(t, err)
		require.NotEmpty(t, want.Owners)
		assert.Equal(t, canonical(t, want), canonical(t, got), "owner table of %s", p.Entity)
	}
}
