package pgstore_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
	"github.com/munireg/munireg/ownership"
)

func TestReports(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	a, err := s.CreateAgreement(ctx, viv(t, s))
	require.NoError(t, err)
	horten := a.Versions[0].Participants[1].Organization // 15.75 %

	overview, err := s.CooperationOverview(ctx, horten.ID, day(2016, 1, 1))
	require.NoError(t, err)
	require.Len(t, overview.Entries, 1)
	e := overview.Entries[0]
	assert.Equal(t, "Vestfold Interkommunale Vannverk IKS", e.Name)
	assert.Equal(t, "0.1575", e.Ownership.Decimal.String())
	assert.Equal(t, 9, len(e.Others))
	before, err := s.CooperationOverview(ctx, horten.ID, day(2009, 1, 1))
	require.NoError(t, err)
	assert.Empty(t, before.Entries, "no version in force in 2009")

	// Horten also owns 40 % of a company directly.
	company, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Havn AS", Kind: munireg.KindAS})
	require.NoError(t, err)
	_, err = s.CreatePosition(ctx, ownership.Position{Owner: horten.ID, Entity: company.ID, Economic: dec("0.4"),
		Purpose: "Havnedrift", Category: ownership.CategorySectorPolicy})
	require.NoError(t, err)
	report, err := s.OwnershipReport(ctx, horten.ID, day(2016, 1, 1))
	require.NoError(t, err)
	var names []string
	for _, entry := range report.Entries {
		names = append(names, entry.Organization.Name)
	}
	assert.ElementsMatch(t, []string{"Havn AS", "Vestfold Interkommunale Vannverk IKS"}, names)
	assert.NotEmpty(t, report.Gaps, "no principles text is kept yet: reported, not hidden")

	_, err = s.OwnershipReport(ctx, company.ID, day(2016, 1, 1))
	assert.ErrorIs(t, err, ownership.ErrNotMunicipal)
	_, err = s.CooperationOverview(ctx, "00000000-0000-4000-8000-000000000000", day(2016, 1, 1))
	assert.ErrorIs(t, err, munireg.ErrNotFound)
}

// TestDistributionUsesTheOwnerList: a dividend of an entity whose owner
// table was published with rounded shares (3 × 33.33 %, declared complete
// with that tolerance) is split by share over the sum, with nothing left
// unlisted; the same table without the declaration leaves 0.01 % unlisted.
func TestDistributionUsesTheOwnerList(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	entity, ids := owners(t, s, 3)
	for _, id := range ids {
		_, err := s.CreatePosition(ctx, ownership.Position{Owner: id, Entity: entity, Economic: dec("0.3333")})
		require.NoError(t, err)
	}
	total := dec("1000000.00")
	d, err := s.Distribution(ctx, entity, total, day(2024, 6, 1), munireg.Rounding{})
	require.NoError(t, err)
	assert.Equal(t, "100.00", d.Unlisted.Amount.StringFixed(2), "0.01 % of 1 000 000 held by owners not listed")

	require.NoError(t, s.SetOwnerList(ctx, ownership.OwnerList{Entity: entity, Complete: true,
		Tolerance: ownership.ToleranceRounded, Places: 4}))
	d, err = s.Distribution(ctx, entity, total, day(2024, 6, 1), munireg.Rounding{})
	require.NoError(t, err)
	assert.True(t, d.Unlisted.Amount.IsZero(), "unlisted = %s under the declared rounded table", d.Unlisted.Amount)
	sum := dec("0")
	for _, r := range d.Rows {
		sum = sum.Add(r.Amount)
	}
	assert.True(t, sum.Equal(total), "Σ = %s, want %s", sum, total)
}
