package pgstore_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

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
	all.Balances = []ownership.Balance{}
	bal, err := s.FindBalances(ctx, nil, nil)
	require.NoError(t, err)
	all.Balances = bal

	for _, year := range []int{dataset.LastYear, dataset.LastYear - 1} {
		want, err := ownership.ForumTotals(all, d.Forum, year)
		require.NoError(t, err)
		got, err := s.ForumSummary(ctx, d.Forum, year)
		require.NoError(t, err)
		require.NotEmpty(t, want.Entities)
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
