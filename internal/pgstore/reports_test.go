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
