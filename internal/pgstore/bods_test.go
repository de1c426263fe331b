package pgstore_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
	"github.com/munireg/munireg/ownership"
)

// TestOwnershipAsOf reads a chain (Bergen → holding AS → energy AS) with a
// position that ended and one that begins later: only the positions in
// force on the date come back, with the organizations they reference (the
// kommunenummer history included) and the owner lists, and the
// look-through over them sees the chain.
func TestOwnershipAsOf(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	mk := func(o munireg.Organization) munireg.Organization {
		t.Helper()
		got, err := s.CreateOrganization(ctx, o)
		require.NoError(t, err)
		return got
	}
	b := mk(bergen(t))
	holding := mk(munireg.Organization{Name: "Bergen Holding AS", Kind: munireg.KindAS})
	energi := mk(munireg.Organization{Name: "Vestland Energi AS", Kind: munireg.KindAS})
	other := mk(munireg.Organization{Name: "Annen AS", Kind: munireg.KindAS})
	later := mk(munireg.Organization{Name: "Senere AS", Kind: munireg.KindAS})
	mk(munireg.Organization{Name: "Uten eiere AS", Kind: munireg.KindAS})
	for _, p := range []ownership.Position{
		{Owner: b.ID, Entity: holding.ID, Economic: dec("1"), Valid: munireg.Period{From: day(2020, 1, 1)}},
		{Owner: holding.ID, Entity: energi.ID, Economic: dec("0.45735"), Voting: decimal.NewNullDecimal(dec("0.6")), ShareClass: "A",
			Valid: munireg.Period{From: day(2020, 1, 1)}},
		{Owner: b.ID, Entity: other.ID, Economic: dec("0.5"), Valid: munireg.Period{From: day(2010, 1, 1), To: day(2020, 1, 1)}},
		{Owner: b.ID, Entity: later.ID, Economic: dec("0.5"), Valid: munireg.Period{From: day(2025, 1, 1)}},
	} {
		_, err := s.CreatePosition(ctx, p)
		require.NoError(t, err)
	}
	require.NoError(t, s.SetOwnerList(ctx, ownership.OwnerList{Entity: holding.ID, Complete: true}))

	r, err := s.OwnershipAsOf(ctx, day(2024, 12, 31))
	require.NoError(t, err)
	require.NoError(t, r.Validate())
	require.Len(t, r.Positions, 2)
	var pairs [][2]string
	for _, p := range r.Positions {
		pairs = append(pairs, [2]string{p.Owner, p.Entity})
	}
	assert.ElementsMatch(t, [][2]string{{b.ID, holding.ID}, {holding.ID, energi.ID}}, pairs)
	for _, p := range r.Positions {
		if p.Entity == energi.ID {
			assert.Equal(t, "A", p.ShareClass)
			assert.Equal(t, "0.6", p.Voting.Decimal.String())
		}
	}
	var ids []string
	for _, o := range r.Organizations {
		ids = append(ids, o.ID)
		if o.ID == b.ID {
			assert.Equal(t, "964338531", o.OrgNumber.String())
			n, ok := o.NumberAsOf(day(2024, 12, 31))
			assert.True(t, ok)
			assert.Equal(t, "4601", n.String())
		}
	}
	assert.ElementsMatch(t, []string{b.ID, holding.ID, energi.ID}, ids)
	assert.Equal(t, []ownership.OwnerList{{Entity: holding.ID, Complete: true, Tolerance: ownership.ToleranceExact}}, r.Lists)
	assert.Empty(t, r.Flows)

	eff, err := ownership.LookThrough(r.Positions, r.Lists, day(2024, 12, 31))
	require.NoError(t, err)
	assert.Equal(t, "0.45735", eff.Share(b.ID, energi.ID).FloatString(5))

	// Before anything was held: nothing.
	r, err = s.OwnershipAsOf(ctx, day(2009, 1, 1))
	require.NoError(t, err)
	assert.Empty(t, r.Positions)
	assert.Empty(t, r.Organizations)

	// After 2025, the later position is in force and the ended one is not.
	r, err = s.OwnershipAsOf(ctx, day(2025, 6, 30))
	require.NoError(t, err)
	assert.Len(t, r.Positions, 3)
}
