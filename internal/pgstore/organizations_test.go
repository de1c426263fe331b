package pgstore_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

var testActor = munireg.Actor{ID: "test", Name: "store tests", Role: munireg.RoleAdmin}

func actorCtx() context.Context {
	return munireg.NewContextWithActor(context.Background(), testActor)
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func orgNumber(t *testing.T, s string) munireg.OrgNumber {
	t.Helper()
	n, err := munireg.ParseOrgNumber(s)
	require.NoError(t, err)
	return n
}

func munNumber(t *testing.T, s string) munireg.MunicipalityNumber {
	t.Helper()
	n, err := munireg.ParseMunicipalityNumber(s)
	require.NoError(t, err)
	return n
}

// bergen is a real municipality (org number from testdata) whose number
// changed in the 2020 reform. Its population figures here are illustrative.
func bergen(t *testing.T) munireg.Organization {
	return munireg.Organization{
		Name:      "Bergen kommune",
		Kind:      munireg.KindKommune,
		OrgNumber: orgNumber(t, "964338531"),
		MunicipalityHistory: []munireg.NumberPeriod{
			{Number: munNumber(t, "1201"), Valid: munireg.Period{To: day(2020, 1, 1)}},
			{Number: munNumber(t, "4601"), Valid: munireg.Period{From: day(2020, 1, 1)}},
		},
		Population: munireg.PopulationSeries{
			{Date: day(2023, 1, 1), Count: 1000},
			{Date: day(2024, 1, 1), Count: 1010},
		},
	}
}

func TestCreateAndFindOrganization(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	created, err := s.CreateOrganization(ctx, bergen(t))
	require.NoError(t, err)
	assert.Len(t, created.ID, 36)
	assert.Equal(t, int64(1), created.Revision)

	got, err := s.FindOrganizationByID(ctx, created.ID, time.Time{})
	require.NoError(t, err)
	assert.Equal(t, "Bergen kommune", got.Name)
	assert.Equal(t, "964338531", got.OrgNumber.String())
	assert.Equal(t, "4601", got.Municipality.String(), "newest number")
	assert.Len(t, got.Population, 2)
	assert.Len(t, got.MunicipalityHistory, 2)

	old, err := s.FindOrganizationByID(ctx, created.ID, day(2019, 6, 30))
	require.NoError(t, err)
	assert.Equal(t, "1201", old.Municipality.String(), "number as of 2019-06-30")

	entries, err := findAudit(s, munireg.AuditFilter{RecordID: &created.ID})
	require.NoError(t, err)
	require.Len(t, entries, 1)
	assert.Equal(t, "create", entries[0].Action)
	assert.Equal(t, munireg.Actor{ID: testActor.ID, Name: testActor.Name}, entries[0].Actor, "the audit log keeps who, not their role")
	assert.Nil(t, entries[0].Before)
	assert.Contains(t, string(entries[0].After), `"orgNumber": "964338531"`)
}

func TestCreateOrganizationErrors(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()

	_, err := s.CreateOrganization(context.Background(), bergen(t))
	assert.ErrorIs(t, err, munireg.ErrNoActor, "a change without an actor")

	_, err = s.CreateOrganization(ctx, munireg.Organization{Kind: "kommun"})
	var v munireg.ValidationErrors
	require.ErrorAs(t, err, &v)
	assert.Equal(t, []string{"name", "kind"}, v.Fields())

	_, err = s.CreateOrganization(ctx, bergen(t))
	require.NoError(t, err)
	_, err = s.CreateOrganization(ctx, bergen(t))
	require.ErrorAs(t, err, &v, "a second organization with the same org number")
	assert.Equal(t, []string{"orgNumber"}, v.Fields())
	assert.ErrorIs(t, err, munireg.ErrExists)

	for _, id := range []string{"", "nope", "'; DROP TABLE organization; --", "00000000-0000-4000-8000-000000000000"} {
		_, err := s.FindOrganizationByID(ctx, id, time.Time{})
		assert.ErrorIs(t, err, munireg.ErrNotFound, "FindOrganizationByID(%q)", id)
	}
}

// TestTextWithNULIsInvalid: PostgreSQL's text cannot hold a NUL; a name
// or a search with one was an internal error, and is a validation error.
func TestTextWithNULIsInvalid(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	_, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Volda\x00kommune", Kind: munireg.KindKommune})
	var v munireg.ValidationError
	require.ErrorAs(t, err, &v, "CreateOrganization with a NUL in the name")
	assert.ErrorIs(t, err, munireg.ErrInvalidText)

	o, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Volda kommune", Kind: munireg.KindKommune})
	require.NoError(t, err)
	name := "Volda\x00"
	_, err = s.UpdateOrganization(ctx, o.ID, o.Revision, munireg.OrganizationUpdate{Name: &name})
	assert.ErrorIs(t, err, munireg.ErrInvalidText, "UpdateOrganization with a NUL in the name")

	_, err = s.FindOrganizations(ctx, munireg.OrganizationFilter{Name: &name})
	assert.ErrorIs(t, err, munireg.ErrInvalidText, "FindOrganizations by a name with a NUL")

	// A cursor is the store's own, but it comes back from the client.
	cursor := base64.RawURLEncoding.EncodeToString([]byte(`["\u0000","` + o.ID + `"]`))
	_, err = s.FindOrganizations(ctx, munireg.OrganizationFilter{After: cursor})
	var errs munireg.ValidationErrors
	require.ErrorAs(t, err, &errs, "FindOrganizations after a cursor with a NUL")
	assert.Equal(t, []string{"after"}, errs.Fields())
}

func TestUpdateOrganizationChecksRevision(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	o, err := s.CreateOrganization(ctx, bergen(t))
	require.NoError(t, err)

	name := "Bergen kommune (updated)"
	u, err := s.UpdateOrganization(ctx, o.ID, o.Revision, munireg.OrganizationUpdate{Name: &name})
	require.NoError(t, err)
	assert.Equal(t, int64(2), u.Revision)
	assert.Equal(t, name, u.Name)
	assert.Equal(t, "4601", u.Municipality.String())

	stale := "lost update"
	_, err = s.UpdateOrganization(ctx, o.ID, o.Revision, munireg.OrganizationUpdate{Name: &stale})
	assert.ErrorIs(t, err, munireg.ErrConflict, "update with a stale revision")
	got, err := s.FindOrganizationByID(ctx, o.ID, time.Time{})
	require.NoError(t, err)
	assert.Equal(t, name, got.Name, "a stale update changed the record")
	assert.Equal(t, int64(2), got.Revision)

	bad := munireg.Kind("nonsense")
	_, err = s.UpdateOrganization(ctx, o.ID, 2, munireg.OrganizationUpdate{Kind: &bad})
	assert.ErrorIs(t, err, munireg.ErrInvalidKind)

	ended, err := s.EndOrganization(ctx, o.ID, 2, day(2030, 1, 1))
	require.NoError(t, err)
	assert.Equal(t, day(2030, 1, 1), ended.Valid.To)

	page, err := s.FindOrganizations(ctx, munireg.OrganizationFilter{AsOf: day(2031, 1, 1)})
	require.NoError(t, err)
	assert.Equal(t, 0, page.Total, "organizations existing in 2031")
	page, err = s.FindOrganizations(ctx, munireg.OrganizationFilter{AsOf: day(2029, 1, 1)})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total, "organizations existing in 2029")

	entries, err := findAudit(s, munireg.AuditFilter{RecordID: &o.ID})
	require.NoError(t, err)
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
	}
	assert.Equal(t, []string{"end", "update", "create"}, actions, "audit, newest first")
}

// TestConcurrentUpdatesLoseNothing: many writers update one organization
// with the revision they read; every success is a new revision, the others
// are conflicts, and the audit log has one row per success.
func TestConcurrentUpdatesLoseNothing(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	o, err := s.CreateOrganization(ctx, bergen(t))
	require.NoError(t, err)

	const writers = 20
	successes, conflicts := concurrently(t, writers, munireg.ErrConflict, func(i int) error {
		cur, err := s.FindOrganizationByID(ctx, o.ID, time.Time{})
		if err == nil {
			name := fmt.Sprintf("Bergen %d", i)
			_, err = s.UpdateOrganization(ctx, o.ID, cur.Revision, munireg.OrganizationUpdate{Name: &name})
		}
		return err
	})
	t.Logf("%d writers: %d updates, %d conflicts", writers, successes, conflicts)
	assert.Equal(t, writers, successes+conflicts)
	assert.GreaterOrEqual(t, successes, 1)
	final, err := s.FindOrganizationByID(ctx, o.ID, time.Time{})
	require.NoError(t, err)
	assert.Equal(t, int64(1+successes), final.Revision, "final revision = 1 + successful updates")
	recordType := "organization"
	entries, err := findAudit(s, munireg.AuditFilter{RecordType: &recordType, RecordID: &o.ID, Limit: 1000})
	require.NoError(t, err)
	assert.Len(t, entries, 1+successes, "audit rows = create + successful updates")
}

func TestFindOrganizationsPagesAndFilters(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	for _, n := range []string{"Ålesund kommune", "Alver kommune", "Bergen kommune", "Bjørnafjorden kommune", "Askøy kommune"} {
		_, err := s.CreateOrganization(ctx, munireg.Organization{Name: n, Kind: munireg.KindKommune})
		require.NoError(t, err)
	}
	_, err := s.CreateOrganization(ctx, munireg.Organization{Name: "BIR AS", Kind: munireg.KindAS})
	require.NoError(t, err)

	var seen []string
	for _, o := range everyPage(t, 6, func(after string) (munireg.Page[munireg.Organization], error) {
		return s.FindOrganizations(ctx, munireg.OrganizationFilter{Limit: 2, After: after})
	}) {
		seen = append(seen, o.Name)
	}
	assert.ElementsMatch(t, []string{"Ålesund kommune", "Alver kommune", "Bergen kommune",
		"Bjørnafjorden kommune", "Askøy kommune", "BIR AS"}, seen, "every organization once across pages")

	kind := munireg.KindAS
	page, err := s.FindOrganizations(ctx, munireg.OrganizationFilter{Kind: &kind})
	require.NoError(t, err)
	require.Equal(t, 1, page.Total)
	assert.Equal(t, "BIR AS", page.Items[0].Name)

	q := "BJØRNA"
	page, err = s.FindOrganizations(ctx, munireg.OrganizationFilter{Name: &q})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total, "case-insensitive name search")

	wild := "%"
	page, err = s.FindOrganizations(ctx, munireg.OrganizationFilter{Name: &wild})
	require.NoError(t, err)
	assert.Equal(t, 0, page.Total, "a %% in a search is a literal")

	_, err = s.FindOrganizations(ctx, munireg.OrganizationFilter{After: "garbage"})
	var v munireg.ValidationErrors
	require.ErrorAs(t, err, &v)
	assert.Equal(t, []string{"after"}, v.Fields())
}

func TestFindOrganizationsByNumberAsOf(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	_, err := s.CreateOrganization(ctx, bergen(t))
	require.NoError(t, err)
	n1201, n4601 := munNumber(t, "1201"), munNumber(t, "4601")
	for _, tc := range []struct {
		number munireg.MunicipalityNumber
		asOf   time.Time
		want   int
	}{
		{n4601, time.Time{}, 1},
		{n1201, time.Time{}, 0},
		{n1201, day(2019, 1, 1), 1},
		{n4601, day(2019, 1, 1), 0},
	} {
		page, err := s.FindOrganizations(ctx, munireg.OrganizationFilter{Municipality: &tc.number, AsOf: tc.asOf})
		require.NoError(t, err)
		assert.Equal(t, tc.want, page.Total, "FindOrganizations(number %s as of %v)", tc.number, tc.asOf)
	}
}

func TestSetPopulation(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	o, err := s.CreateOrganization(ctx, bergen(t))
	require.NoError(t, err)
	o, err = s.SetPopulation(ctx, o.ID, o.Revision, munireg.PopulationSeries{
		{Date: day(2024, 1, 1), Count: 1020}, // replaces 1010
		{Date: day(2025, 1, 1), Count: 1030},
	})
	require.NoError(t, err)
	assert.Equal(t, int64(2), o.Revision)
	got, ok := o.Population.AsOf(day(2024, 6, 30))
	require.True(t, ok)
	assert.Equal(t, int64(1020), got.Count)
	assert.Len(t, o.Population, 3)

	_, err = s.SetPopulation(ctx, o.ID, 1, munireg.PopulationSeries{{Date: day(2026, 1, 1), Count: 1}})
	assert.ErrorIs(t, err, munireg.ErrConflict)
	_, err = s.SetPopulation(ctx, o.ID, 2, munireg.PopulationSeries{{Date: day(2026, 1, 1), Count: -1}})
	assert.ErrorIs(t, err, munireg.ErrInvalidPopulation)
}

func TestSuccessions(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	// 2020: Ørskog, Sandøy, Skodje, Haram and Ålesund became Ålesund.
	old, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Ørskog kommune", Kind: munireg.KindKommune,
		Valid: munireg.Period{To: day(2020, 1, 1)}})
	require.NoError(t, err)
	merged, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Ålesund kommune", Kind: munireg.KindKommune,
		Valid: munireg.Period{From: day(2020, 1, 1)}})
	require.NoError(t, err)
	sc := munireg.Succession{Predecessor: old.ID, Successor: merged.ID, Effective: day(2020, 1, 1)}
	require.NoError(t, s.AddSuccession(ctx, sc))

	var v munireg.ValidationErrors
	require.ErrorAs(t, s.AddSuccession(ctx, sc), &v, "the same link twice")
	assert.ErrorIs(t, v, munireg.ErrExists)
	require.ErrorAs(t, s.AddSuccession(ctx, munireg.Succession{Predecessor: old.ID,
		Successor: "00000000-0000-4000-8000-000000000000", Effective: day(2020, 1, 1)}), &v)
	assert.Equal(t, []string{"successor"}, v.Fields())
	assert.ErrorIs(t, s.AddSuccession(ctx, munireg.Succession{Predecessor: old.ID, Successor: old.ID, Effective: day(2020, 1, 1)}),
		munireg.ErrDuplicateRef)

	for _, id := range []string{old.ID, merged.ID} {
		got, err := s.FindSuccessions(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, []munireg.Succession{sc}, got, "successions of %s", id)
	}
	// Those of an organization the register does not have are missing, not
	// none (they were []).
	for _, id := range []string{"00000000-0000-4000-8000-000000000000", "not-an-id", strings.ToUpper(old.ID)} {
		_, err := s.FindSuccessions(ctx, id)
		assert.ErrorIs(t, err, munireg.ErrNotFound, "FindSuccessions(%q)", id)
	}
}

// TestNorwegianLettersSortAndSearch: Æ, Ø and Å fold to lower case whatever
// the database's locale, so paging sees every organization and a search in
// capitals finds them.
func TestNorwegianLettersSortAndSearch(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	names := []string{"Hareid", "Sande", "Volda", "Ålesund", "Ørsta", "Æsøy"}
	for _, n := range names {
		_, err := s.CreateOrganization(ctx, munireg.Organization{Name: n, Kind: munireg.KindKommune})
		require.NoError(t, err)
	}
	var seen []string
	for _, o := range everyPage(t, len(names), func(after string) (munireg.Page[munireg.Organization], error) {
		return s.FindOrganizations(ctx, munireg.OrganizationFilter{Limit: 2, After: after})
	}) {
		seen = append(seen, o.Name)
	}
	assert.ElementsMatch(t, names, seen, "every organization once across pages")
	for _, q := range []string{"ØRSTA", "ålesund", "ÆSØY"} {
		page, err := s.FindOrganizations(ctx, munireg.OrganizationFilter{Name: &q})
		require.NoError(t, err)
		assert.Equal(t, 1, page.Total, "search %q", q)
	}
}

// findAudit reads the first page of the audit log.
func findAudit(s *pgstore.Store, f munireg.AuditFilter) ([]munireg.AuditEntry, error) {
	p, err := s.FindAudit(context.Background(), f)
	return p.Items, err
}

// TestAuditPages: the audit log pages newest first without losing or
// repeating an entry.
func TestAuditPages(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	for i := range 7 {
		_, err := s.CreateOrganization(ctx, munireg.Organization{Name: fmt.Sprintf("Org %d", i), Kind: munireg.KindAS})
		require.NoError(t, err)
	}
	var seen []string
	for _, e := range everyPage(t, 7, func(after string) (munireg.Page[munireg.AuditEntry], error) {
		return s.FindAudit(ctx, munireg.AuditFilter{Limit: 3, After: after})
	}) {
		seen = append(seen, e.RecordID)
	}
	assert.Len(t, seen, 7)
	assert.Len(t, slices.Compact(slices.Sorted(slices.Values(seen))), 7, "no entry twice")
	_, err := s.FindAudit(ctx, munireg.AuditFilter{After: "junk"})
	var v munireg.ValidationErrors
	require.ErrorAs(t, err, &v)
}
