package pgstore_test

import (
	"context"
	"encoding/csv"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/enhetsregisteret"
	"github.com/munireg/munireg/internal/importing"
	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
	"github.com/munireg/munireg/internal/ssb"
)

// registerState is what an idempotent import must leave alone: how many
// organizations and audit rows there are, and every revision.
type registerState struct {
	organizations, audit int
	revisions            map[string]int64
}

func stateOf(t *testing.T, s *pgstore.Store) registerState {
	t.Helper()
	ctx := actorCtx()
	st := registerState{revisions: map[string]int64{}}
	all := everyPage(t, -1, func(after string) (munireg.Page[munireg.Organization], error) {
		p, err := s.FindOrganizations(ctx, munireg.OrganizationFilter{After: after, Limit: 1000})
		p.Total = -1
		return p, err
	})
	for _, o := range all {
		st.revisions[o.ID] = o.Revision
	}
	st.organizations = len(all)
	a, err := s.FindAudit(ctx, munireg.AuditFilter{Limit: 1})
	require.NoError(t, err)
	st.audit = a.Total
	return st
}

func findByOrgNumber(t *testing.T, s *pgstore.Store, n string) munireg.Organization {
	t.Helper()
	num := orgNumber(t, n)
	p, err := s.FindOrganizations(actorCtx(), munireg.OrganizationFilter{OrgNumber: &num, Limit: 2})
	require.NoError(t, err)
	require.Len(t, p.Items, 1, "organizations with organisasjonsnummer %s", n)
	return p.Items[0]
}

func counts(r importing.Result) [3]int { return [3]int{r.Created, r.Updated, r.Unchanged} }

func TestImportMunicipalitiesIsIdempotent(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	res, err := s.ImportMunicipalities(ctx)
	require.NoError(t, err)
	assert.Equal(t, [3]int{357 + 14, 0, 0}, counts(res), "first import: created, updated, unchanged")
	first := stateOf(t, s)
	assert.Equal(t, 371, first.organizations)
	assert.Equal(t, 371, first.audit, "one audit row per organization created")

	res, err = s.ImportMunicipalities(ctx)
	require.NoError(t, err)
	assert.Equal(t, [3]int{0, 0, 371}, counts(res), "second import")
	assert.Equal(t, first, stateOf(t, s), "the second import changed the register")

	// The 2023 → 2024 number change is history: Halden was 3001, is 3101.
	halden := findByOrgNumber(t, s, "959159092")
	assert.Equal(t, "Halden", halden.Name)
	assert.Equal(t, "3101", halden.Municipality.String())
	n, _ := halden.NumberAsOf(day(2023, 12, 31))
	assert.Equal(t, "3001", n.String(), "Halden's number on 31.12.2023")
	kommune := munireg.KindKommune
	num := munNumber(t, "3001")
	p, err := s.FindOrganizations(ctx, munireg.OrganizationFilter{Kind: &kommune, Municipality: &num, AsOf: day(2023, 6, 1), Limit: 5})
	require.NoError(t, err)
	require.Len(t, p.Items, 1, "kommune 3001 as of 2023")
	assert.Equal(t, halden.ID, p.Items[0].ID)
}

// TestImportMunicipalitiesCounties: the 14 fylkeskommuner are those of
// testdata/counties_2024.csv, which are the counties of the municipalities'
// file but Oslo, whose county functions are Oslo kommune's.
func TestImportMunicipalitiesCounties(t *testing.T) {
	fromFile := func(path string, name func(rec []string) string) []string {
		f, err := os.Open(path)
		require.NoError(t, err)
		defer f.Close()
		recs, err := csv.NewReader(f).ReadAll()
		require.NoError(t, err)
		seen := map[string]bool{}
		var out []string
		for _, rec := range recs[1:] {
			if n := name(rec); n != "" && !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
		return out
	}
	counties := fromFile("../../testdata/counties_2024.csv", func(rec []string) string {
		if rec[3] == "fylkeskommune" {
			return rec[2]
		}
		require.Equal(t, []string{"03", "Oslo", "kommune", "958935420"}, []string{rec[0], rec[1], rec[3], rec[4]}, "the county that is not a fylkeskommune")
		return ""
	})
	fromMunicipalities := fromFile("../../testdata/municipalities_2024.csv", func(rec []string) string {
		if rec[2] == "03" {
			return ""
		}
		return rec[3] + " fylkeskommune"
	})
	assert.ElementsMatch(t, counties, fromMunicipalities, "counties_2024.csv against municipalities_2024.csv")

	s := pgtest.Store(t)
	_, err := s.ImportMunicipalities(actorCtx())
	require.NoError(t, err)
	kind := munireg.KindFylkeskommune
	p, err := s.FindOrganizations(actorCtx(), munireg.OrganizationFilter{Kind: &kind, Limit: 100})
	require.NoError(t, err)
	var names []string
	for _, o := range p.Items {
		names = append(names, o.Name)
		assert.True(t, o.OrgNumber.IsZero(), "%s: no organisation number without a source", o.Name)
	}
	assert.ElementsMatch(t, counties, names)
	oslo := findByOrgNumber(t, s, "958935420")
	assert.Equal(t, munireg.KindKommune, oslo.Kind)
}

// TestImportMunicipalitiesAfterLoad: the demo's load of the same reference
// data is matched entirely; only the fylkeskommuner are new.
func TestImportMunicipalitiesAfterLoad(t *testing.T) {
	s := pgtest.Store(t)
	ref, err := munireg.Municipalities2024()
	require.NoError(t, err)
	_, err = s.LoadOrganizations(actorCtx(), ref)
	require.NoError(t, err)
	before := stateOf(t, s)
	res, err := s.ImportMunicipalities(actorCtx())
	require.NoError(t, err)
	assert.Equal(t, [3]int{14, 0, 357}, counts(res))
	after := stateOf(t, s)
	assert.Equal(t, before.audit+14, after.audit)
	for id, rev := range before.revisions {
		assert.Equal(t, rev, after.revisions[id], "revision of %s", id)
	}
}

// TestImportMunicipalitiesReconciles matches what the register has and
// brings it up to date, keeping names; a conflict changes nothing.
func TestImportMunicipalitiesReconciles(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	// Halden as registered before the 2024 reform; Volda without an
	// organisation number, under a name of the register's own.
	halden, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Halden kommune", Kind: munireg.KindKommune,
		OrgNumber: orgNumber(t, "959159092"), MunicipalityHistory: []munireg.NumberPeriod{
			{Number: munNumber(t, "0101"), Valid: munireg.Period{To: day(2020, 1, 1)}},
			{Number: munNumber(t, "3001"), Valid: munireg.Period{From: day(2020, 1, 1)}}}})
	require.NoError(t, err)
	volda, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Volda kommune", Kind: munireg.KindKommune,
		Municipality: munNumber(t, "1577")})
	require.NoError(t, err)

	res, err := s.ImportMunicipalities(ctx)
	require.NoError(t, err)
	assert.Equal(t, [3]int{369, 2, 0}, counts(res))

	h, err := s.FindOrganizationByID(ctx, halden.ID, time.Time{})
	require.NoError(t, err)
	assert.Equal(t, int64(2), h.Revision)
	assert.Equal(t, "Halden kommune", h.Name, "the import does not rename")
	var history []string
	for _, n := range h.MunicipalityHistory {
		history = append(history, n.Number.String()+" "+n.Valid.From.Format("2006")+"–"+n.Valid.To.Format("2006"))
	}
	assert.Equal(t, []string{"0101 0001–2020", "3001 2020–2024", "3101 2024–0001"}, history, "Halden's history, the past kept")

	v, err := s.FindOrganizationByID(ctx, volda.ID, time.Time{})
	require.NoError(t, err)
	assert.Equal(t, "939760946", v.OrgNumber.String(), "Volda gets its organisation number")
	assert.Equal(t, "Volda kommune", v.Name)
	a, err := s.FindAudit(ctx, munireg.AuditFilter{RecordID: &volda.ID, Limit: 10})
	require.NoError(t, err)
	assert.Equal(t, 2, a.Total, "Volda: created, then updated by the import")

	res, err = s.ImportMunicipalities(ctx)
	require.NoError(t, err)
	assert.Equal(t, [3]int{0, 0, 371}, counts(res), "again")
}

func TestImportMunicipalitiesRefusesConflicts(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	// Kommunenummer 1520 (Ørsta) on an organization with another
	// organisation number (Hareid's).
	_, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Feil", Kind: munireg.KindKommune,
		OrgNumber: orgNumber(t, "964979278"), Municipality: munNumber(t, "1520")})
	require.NoError(t, err)
	before := stateOf(t, s)
	_, err = s.ImportMunicipalities(ctx)
	var errs munireg.ValidationErrors
	require.ErrorAs(t, err, &errs)
	assert.Contains(t, errs.Fields(), "municipalities[1520].orgNumber")
	assert.Equal(t, before, stateOf(t, s), "a refused import changed the register")
}

func TestImportsNeedAnAdmin(t *testing.T) {
	s := pgtest.Store(t)
	reader := munireg.NewContextWithActor(context.Background(), munireg.Actor{ID: "r", Name: "reader", Role: munireg.RoleReader})
	_, err := s.ImportMunicipalities(reader)
	assert.ErrorIs(t, err, munireg.ErrForbidden)
	_, err = s.ImportPopulation(reader, ssb.File{}, false)
	assert.ErrorIs(t, err, munireg.ErrForbidden)
	_, err = s.ImportEntities(reader, enhetsregisteret.File{}, false)
	assert.ErrorIs(t, err, munireg.ErrForbidden)
	_, err = s.ImportMunicipalities(context.Background())
	assert.ErrorIs(t, err, munireg.ErrNoActor)
}

func parsePopulation(t *testing.T, data string) ssb.File {
	t.Helper()
	f, err := ssb.Parse([]byte(data))
	require.NoError(t, err)
	return f
}

func populationOf(t *testing.T, s *pgstore.Store, orgNr string) (map[string]int64, int64) {
	t.Helper()
	o := findByOrgNumber(t, s, orgNr)
	out := map[string]int64{}
	for _, c := range o.Population {
		out[c.Date.Format(time.DateOnly)] = c.Count
	}
	return out, o.Revision
}

func TestImportPopulation(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	_, err := s.ImportMunicipalities(ctx)
	require.NoError(t, err)
	sample, err := os.ReadFile("../../testdata/ssb/07459_long.csv")
	require.NoError(t, err)
	f := parsePopulation(t, string(sample))

	before := stateOf(t, s)
	res, err := s.ImportPopulation(ctx, f, false)
	require.NoError(t, err)
	assert.Equal(t, [3]int{7, 0, 0}, counts(res))
	var skipped []string
	for _, p := range res.Skipped {
		skipped = append(skipped, p.Location())
	}
	assert.Equal(t, []string{"line[4].region", "line[11].count"}, skipped, "rows passed over")
	volda, rev := populationOf(t, s, "939760946")
	assert.Equal(t, map[string]int64{"2023-01-01": 10000, "2024-01-01": 10100}, volda)
	assert.Equal(t, int64(2), rev, "Volda's revision after its population changed")
	halden, _ := populationOf(t, s, "959159092")
	assert.Equal(t, map[string]int64{"2023-01-01": 31000, "2024-01-01": 31200}, halden, "3001 in 2023 and 3101 in 2024 are Halden")
	after := stateOf(t, s)
	assert.Equal(t, before.audit+4, after.audit, "one audit row per organization changed (Volda, Ørsta, Hareid, Halden)")

	res, err = s.ImportPopulation(ctx, f, false)
	require.NoError(t, err)
	assert.Equal(t, [3]int{0, 0, 7}, counts(res), "again")
	assert.Equal(t, after, stateOf(t, s), "the same figures again changed the register")

	// A corrected figure, and SSB's figure for today's Halden in 2022.
	res, err = s.ImportPopulation(ctx, parsePopulation(t, "region;år;Personer\n1577 Volda;2024;10200\n1577 Volda;2023;10000\n3101 Halden;2022;30900\n"), false)
	require.NoError(t, err)
	assert.Equal(t, [3]int{1, 1, 1}, counts(res))
	volda, rev = populationOf(t, s, "939760946")
	assert.Equal(t, int64(10200), volda["2024-01-01"])
	assert.Equal(t, int64(3), rev)
	halden, _ = populationOf(t, s, "959159092")
	assert.Equal(t, int64(30900), halden["2022-01-01"], "3101 in 2022, before any organization had 3101, is Halden")

	// Halden's 2021 under its number then and its number now: one new figure.
	res, err = s.ImportPopulation(ctx, parsePopulation(t, "region;år;Personer\n3001 Halden;2021;30800\n3101 Halden;2021;30800\n"), false)
	require.NoError(t, err)
	assert.Equal(t, [3]int{1, 0, 0}, counts(res), "the same figure twice is one figure, created")
}

func TestImportPopulationRefusesAndSkips(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	_, err := s.ImportMunicipalities(ctx)
	require.NoError(t, err)
	data := strings.Join([]string{
		"region;år;Personer",
		"1577 Volda;2024;10100",              // 2 good
		"9999 Ingen;2024;10",                 // 3 unknown municipality
		"1520 Ørsta;2024;abc",                // 4 not a number
		"3001 Halden (2020-2023);2023;31000", // 5 good
		"3101 Halden;2023;31001",             // 6 the same municipality and date, another figure
		"1577 Volda;2024;10100",              // 7 duplicate of 2
		"1517 Hareid;2024;5050",              // 8 good
	}, "\n")
	f := parsePopulation(t, data)
	before := stateOf(t, s)
	_, err = s.ImportPopulation(ctx, f, false)
	var errs munireg.ValidationErrors
	require.ErrorAs(t, err, &errs)
	// The parser's problems come first, alone: the store is not asked.
	assert.Equal(t, []string{"line[4].count", "line[7].count"}, errs.Fields())
	assert.Equal(t, before, stateOf(t, s), "a refused load changed the register")

	// The parser's rows alone: the register's problems.
	f.Invalid = nil
	_, err = s.ImportPopulation(ctx, f, false)
	require.ErrorAs(t, err, &errs)
	assert.Equal(t, []string{"line[3].region", "line[6].count"}, errs.Fields())
	assert.ErrorIs(t, errs[0], munireg.ErrNotFound)
	assert.Contains(t, errs[1].Error(), "line 5")
	assert.Equal(t, before, stateOf(t, s), "a refused load changed the register")

	f = parsePopulation(t, data)
	res, err := s.ImportPopulation(ctx, f, true)
	require.NoError(t, err)
	assert.Equal(t, [3]int{3, 0, 0}, counts(res), "with skipInvalid: Volda, Halden 2023, Hareid")
	var skipped []string
	for _, p := range res.Skipped {
		skipped = append(skipped, p.Location())
	}
	assert.Equal(t, []string{"line[3].region", "line[4].count", "line[6].count", "line[7].count"}, skipped)
	halden, _ := populationOf(t, s, "959159092")
	assert.Equal(t, map[string]int64{"2023-01-01": 31000}, halden, "the first of two figures is loaded")
}

func parseEntities(t *testing.T, data string) enhetsregisteret.File {
	t.Helper()
	f, err := enhetsregisteret.Parse([]byte(data))
	require.NoError(t, err)
	return f
}

func TestImportEntities(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	sample, err := os.ReadFile("../../testdata/enhetsregisteret/enheter.csv")
	require.NoError(t, err)
	res, err := s.ImportEntities(ctx, parseEntities(t, string(sample)), false)
	require.NoError(t, err)
	assert.Equal(t, [3]int{3, 0, 0}, counts(res))
	volda := findByOrgNumber(t, s, "939760946")
	assert.Equal(t, "VOLDA KOMMUNE", volda.Name)
	assert.Equal(t, munireg.KindKommune, volda.Kind)
	after := stateOf(t, s)
	assert.Equal(t, 3, after.audit)

	// The JSON download of the same units changes nothing.
	sample, err = os.ReadFile("../../testdata/enhetsregisteret/enheter.json")
	require.NoError(t, err)
	res, err = s.ImportEntities(ctx, parseEntities(t, string(sample)), false)
	require.NoError(t, err)
	assert.Equal(t, [3]int{0, 0, 3}, counts(res))
	assert.Equal(t, after, stateOf(t, s), "the same units again changed the register")

	// A new name is not taken over (the register's names are its own); a
	// new form is.
	res, err = s.ImportEntities(ctx, parseEntities(t, "organisasjonsnummer,navn,organisasjonsform.kode\n"+
		"939760946,VOLDA KOMMUNE (NY),KOMM\n939461450,ØRSTA KOMMUNE,ANNA\n964979278,HAREID KOMMUNE,KOMM\n"), false)
	require.NoError(t, err)
	assert.Equal(t, [3]int{0, 1, 2}, counts(res))
	volda = findByOrgNumber(t, s, "939760946")
	assert.Equal(t, "VOLDA KOMMUNE", volda.Name)
	assert.Equal(t, int64(1), volda.Revision)
	orsta := findByOrgNumber(t, s, "939461450")
	assert.Equal(t, munireg.KindANNA, orsta.Kind)
	assert.Equal(t, int64(2), orsta.Revision)
	assert.Equal(t, after.audit+1, stateOf(t, s).audit)

	// A company's name is Enhetsregisteret's: a new one is taken over.
	res, err = s.ImportEntities(ctx, parseEntities(t, "organisasjonsnummer,navn,organisasjonsform.kode\n"+
		"964979278,HAREID KOMMUNE,KOMM\n"), false)
	require.NoError(t, err)
	assert.Equal(t, [3]int{0, 0, 1}, counts(res))
	res, err = s.ImportEntities(ctx, parseEntities(t, "organisasjonsnummer,navn,organisasjonsform.kode\n"+
		"939461450,ØRSTA SAMARBEID,ANNA\n"), false)
	require.NoError(t, err)
	assert.Equal(t, [3]int{0, 1, 0}, counts(res), "a new name of a unit that is no municipality")
	assert.Equal(t, "ØRSTA SAMARBEID", findByOrgNumber(t, s, "939461450").Name)
}

// TestImportEntitiesKeepsNumbers: a unit the register has keeps its name
// and its kommunenummer history.
func TestImportEntitiesKeepsNumbers(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	_, err := s.ImportMunicipalities(ctx)
	require.NoError(t, err)
	res, err := s.ImportEntities(ctx, parseEntities(t, "organisasjonsnummer;navn;organisasjonsform.kode\n959159092;HALDEN KOMMUNE;KOMM\n"), false)
	require.NoError(t, err)
	assert.Equal(t, [3]int{0, 0, 1}, counts(res))
	halden := findByOrgNumber(t, s, "959159092")
	assert.Equal(t, "Halden", halden.Name)
	assert.Len(t, halden.MunicipalityHistory, 2)
	res, err = s.ImportMunicipalities(ctx)
	require.NoError(t, err)
	assert.Equal(t, [3]int{0, 0, 371}, counts(res), "the reference does not rename back")
}

func TestImportEntitiesRefusesAndSkips(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	data := "organisasjonsnummer,navn,organisasjonsform.kode\n939760946,VOLDA KOMMUNE,KOMM\n939760947,FEIL,KOMM\n939760946,VOLDA IGJEN,KOMM\n964979278,HAREID KOMMUNE,KOMM\n"
	f := parseEntities(t, data)
	_, err := s.ImportEntities(ctx, f, false)
	var errs munireg.ValidationErrors
	require.ErrorAs(t, err, &errs)
	assert.Equal(t, []string{"line[3].organisasjonsnummer", "line[4].organisasjonsnummer"}, errs.Fields())
	assert.Equal(t, 0, stateOf(t, s).organizations, "a refused load created organizations")

	res, err := s.ImportEntities(ctx, f, true)
	require.NoError(t, err)
	assert.Equal(t, [3]int{2, 0, 0}, counts(res))
	require.Len(t, res.Skipped, 2)
	assert.Equal(t, "line[3].organisasjonsnummer", res.Skipped[0].Location())
}

func TestImportReportsProgress(t *testing.T) {
	s := pgtest.Store(t)
	var last [2]int
	calls := 0
	ctx := importing.WithProgress(actorCtx(), func(done, total int) { last = [2]int{done, total}; calls++ })
	_, err := s.ImportMunicipalities(ctx)
	require.NoError(t, err)
	assert.Equal(t, [2]int{371, 371}, last, "the last report")
	assert.Positive(t, calls)
}
