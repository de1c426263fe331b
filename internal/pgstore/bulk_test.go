package pgstore_test

import (
	"encoding/csv"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// municipalities2024 reads the 357 municipalities of 2024 from testdata.
func municipalities2024(t *testing.T) []munireg.Organization {
	t.Helper()
	f, err := os.Open("../../testdata/municipalities_2024.csv")
	require.NoError(t, err)
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	var out []munireg.Organization
	for _, rec := range records[1:] {
		o := munireg.Organization{Name: rec[1], Kind: munireg.KindKommune,
			Municipality: munNumber(t, rec[0]), Valid: munireg.Period{From: day(2024, 1, 1)}}
		if rec[4] != "" {
			o.OrgNumber = orgNumber(t, rec[4])
		}
		out = append(out, o)
	}
	return out
}

func TestLoadOrganizationsCopiesAll(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	orgs := municipalities2024(t)
	require.Len(t, orgs, 357)
	loaded, err := s.LoadOrganizations(ctx, orgs)
	require.NoError(t, err)
	require.Len(t, loaded, 357)

	page, err := s.FindOrganizations(ctx, munireg.OrganizationFilter{Limit: 1000})
	require.NoError(t, err)
	assert.Equal(t, 357, page.Total)
	number := munNumber(t, "1577")
	page, err = s.FindOrganizations(ctx, munireg.OrganizationFilter{Municipality: &number})
	require.NoError(t, err)
	require.Equal(t, 1, page.Total)
	assert.Equal(t, "Volda", page.Items[0].Name)

	haram := munNumber(t, "1580")
	page, err = s.FindOrganizations(ctx, munireg.OrganizationFilter{Municipality: &haram})
	require.NoError(t, err)
	require.Equal(t, 1, page.Total)
	assert.True(t, page.Items[0].OrgNumber.IsZero(), "Haram has no org number in the reference data")

	recordType := "organization"
	entries, err := findAudit(s, munireg.AuditFilter{RecordType: &recordType, Limit: 1000})
	require.NoError(t, err)
	assert.Len(t, entries, 357, "one audit row per loaded organization")
	assert.WithinDuration(t, time.Now(), entries[0].At, time.Minute)
}

func TestLoadOrganizationsRejectsTheWholeLoad(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	orgs := municipalities2024(t)
	_, err := s.LoadOrganizations(ctx, orgs[:2])
	require.NoError(t, err)

	bad := append([]munireg.Organization(nil), orgs[:10]...)
	bad[5].Name = ""
	bad[7].OrgNumber = bad[6].OrgNumber
	_, err = s.LoadOrganizations(ctx, bad)
	var v munireg.ValidationErrors
	require.ErrorAs(t, err, &v)
	assert.ElementsMatch(t, []string{"organizations[5].name", "organizations[7].orgNumber",
		"organizations[0].orgNumber", "organizations[1].orgNumber"}, v.Fields())

	page, err := s.FindOrganizations(ctx, munireg.OrganizationFilter{})
	require.NoError(t, err)
	assert.Equal(t, 2, page.Total, "a rejected load wrote nothing")

	_, err = s.LoadOrganizations(munireg.NewContextWithActor(ctx, munireg.Actor{}), orgs[2:3])
	assert.ErrorIs(t, err, munireg.ErrNoActor)
}
