package bods_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/bods"
	"github.com/munireg/munireg/ownership"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func voting(s string) decimal.NullDecimal { return decimal.NewNullDecimal(dec(s)) }

func org(t testing.TB, id, name string, kind munireg.Kind, orgNumber, kommunenummer string) munireg.Organization {
	t.Helper()
	o := munireg.Organization{ID: id, Name: name, Kind: kind}
	if orgNumber != "" {
		n, err := munireg.ParseOrgNumber(orgNumber)
		require.NoError(t, err)
		o.OrgNumber = n
	}
	if kommunenummer != "" {
		n, err := munireg.ParseMunicipalityNumber(kommunenummer)
		require.NoError(t, err)
		o.Municipality = n
	}
	return o
}

var (
	asOf      = day(2024, 12, 31)
	published = day(2025, 3, 1)
	since     = munireg.Period{From: day(2020, 1, 1)}
)

// The organization IDs of the fixture, in the register's UUID form.
const (
	volda   = "10000000-0000-4000-8000-000000000001"
	orsta   = "10000000-0000-4000-8000-000000000002"
	holding = "10000000-0000-4000-8000-000000000003"
	energi  = "10000000-0000-4000-8000-000000000004"
	egne    = "10000000-0000-4000-8000-000000000005"
	telle   = "10000000-0000-4000-8000-000000000006"
	gammel  = "10000000-0000-4000-8000-000000000007"
)

// fixture is a register with a chain (Volda kommune → Volda Holding AS →
// Sunnmøre Energi AS, where Volda also holds B shares directly), two share
// classes whose voting differs from their economic shares, a company
// holding its own shares, a company counted in shares (1 of 3), a company
// without an organisasjonsnummer, and a position that has ended. The
// municipalities' numbers are real (testdata/municipalities_2024.csv); the
// companies are illustrative.
func fixture(t testing.TB) ownership.Records {
	t.Helper()
	return ownership.Records{
		Organizations: []munireg.Organization{
			org(t, volda, "Volda kommune", munireg.KindKommune, "939760946", "1577"),
			org(t, orsta, "Ørsta kommune", munireg.KindKommune, "939461450", "1520"),
			org(t, holding, "Volda Holding AS", munireg.KindAS, "", ""),
			org(t, energi, "Sunnmøre Energi AS", munireg.KindAS, "", ""),
			org(t, egne, "Egne Aksjer AS", munireg.KindAS, "", ""),
			org(t, telle, "Tellende AS", munireg.KindAS, "", ""),
			org(t, gammel, "Avviklet Samarbeid IKS", munireg.KindIKS, "", ""),
		},
		Positions: []ownership.Position{
			{ID: "p1", Owner: volda, Entity: holding, Economic: dec("1"), Valid: since},
			{ID: "p2", Owner: holding, Entity: energi, Economic: dec("0.45735"), Voting: voting("0.6"), ShareClass: "A", Valid: since},
			{ID: "p3", Owner: orsta, Entity: energi, Economic: dec("0.44265"), Voting: voting("0.3"), ShareClass: "B", Valid: since},
			{ID: "p4", Owner: volda, Entity: energi, Economic: dec("0.1"), Voting: voting("0.1"), ShareClass: "B", Valid: munireg.Period{From: day(2022, 7, 1)}},
			{ID: "p5", Owner: egne, Entity: egne, Economic: dec("0.2"), Valid: since},
			{ID: "p6", Owner: orsta, Entity: egne, Economic: dec("0.8"), Valid: since},
			{ID: "p7", Owner: volda, Entity: telle, Held: 1, Outstanding: 3},
			{ID: "p8", Owner: orsta, Entity: telle, Held: 2, Outstanding: 3},
			{ID: "p9", Owner: orsta, Entity: gammel, Economic: dec("0.5"), Valid: munireg.Period{From: day(2010, 1, 1), To: day(2020, 1, 1)}},
		},
		Lists: []ownership.OwnerList{{Entity: energi, Complete: true}},
	}
}

func export(t testing.TB, r ownership.Records) []byte {
	t.Helper()
	st, err := bods.Export(r, asOf, published)
	require.NoError(t, err)
	var b bytes.Buffer
	require.NoError(t, bods.Write(&b, st))
	return b.Bytes()
}

// TestExportValidates holds the export of the fixture to the BODS 0.4
// schema.
func TestExportValidates(t *testing.T) {
	doc := export(t, fixture(t))
	require.NoError(t, validate(t, doc), "the export is not valid BODS 0.4:\n%s", doc)

	// An empty register is an empty array, also valid.
	empty := export(t, ownership.Records{})
	assert.Equal(t, "[]\n", string(empty))
	require.NoError(t, validate(t, empty))
}

// statements decodes an export for inspection.
func statements(t testing.TB, doc []byte) []map[string]any {
	t.Helper()
	var out []map[string]any
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	require.NoError(t, d.Decode(&out))
	return out
}

func details(s map[string]any) map[string]any { return s["recordDetails"].(map[string]any) }

func TestExportEntities(t *testing.T) {
	all := statements(t, export(t, fixture(t)))
	entities := map[string]map[string]any{}
	var order []string
	for _, s := range all {
		if s["recordType"] == "entity" {
			entities[s["recordId"].(string)] = details(s)
			order = append(order, s["recordId"].(string))
			assert.Equal(t, s["recordId"], s["declarationSubject"], "an entity statement declares about itself")
		}
	}
	// Every organization of a position in force, in order of ID; not the
	// IKS whose only position ended in 2020.
	assert.Equal(t, []string{volda, orsta, holding, energi, egne, telle}, order)
	assert.NotContains(t, entities, gammel)

	v := entities[volda]
	assert.Equal(t, map[string]any{"type": "stateBody", "subtype": "other", "details": "kommune (KOMM)"}, v["entityType"])
	assert.Equal(t, "Volda kommune", v["name"])
	assert.Equal(t, false, v["isComponent"])
	assert.Equal(t, map[string]any{"name": "Norway", "code": "NO"}, v["jurisdiction"])
	assert.Equal(t, []any{
		map[string]any{"id": "939760946", "scheme": "NO-BRC", "schemeName": "Brønnøysundregistrene (Enhetsregisteret), organisasjonsnummer"},
		map[string]any{"id": "1577", "schemeName": "kommunenummer"},
	}, v["identifiers"])

	// Without an organisasjonsnummer: the register's ID only.
	h := entities[holding]
	assert.Equal(t, map[string]any{"type": "registeredEntity", "details": "aksjeselskap (AS)"}, h["entityType"])
	assert.Equal(t, []any{map[string]any{"id": holding, "schemeName": "munireg"}}, h["identifiers"])
}

func TestEntityTypes(t *testing.T) {
	cases := []struct {
		kind              munireg.Kind
		orgNumber         string
		typ, sub, details string
		jurisdiction      bool
	}{
		{munireg.KindKommune, "", "stateBody", "other", "kommune (KOMM)", true},
		{munireg.KindFylkeskommune, "", "stateBody", "other", "fylkeskommune (FYLK)", true},
		{munireg.KindKF, "", "stateBody", "other", "kommunalt foretak (KF)", true},
		{munireg.KindFKF, "", "stateBody", "other", "fylkeskommunalt foretak (FKF)", true},
		{munireg.KindState, "", "state", "", "staten (STAT)", true},
		{munireg.KindStateBody, "", "stateBody", "", "organisasjonsledd i staten (ORGL)", true},
		{munireg.KindIKS, "", "registeredEntity", "", "interkommunalt selskap (IKS)", true},
		{munireg.KindASA, "", "registeredEntity", "", "allmennaksjeselskap (ASA)", true},
		{munireg.KindSA, "", "registeredEntity", "", "samvirkeforetak (SA)", true},
		{munireg.KindStiftelse, "", "registeredEntity", "", "stiftelse (STI)", true},
		{munireg.KindDA, "", "registeredEntity", "", "ansvarlig selskap med delt ansvar (DA)", true},
		{munireg.KindANS, "", "registeredEntity", "", "ansvarlig selskap med solidarisk ansvar (ANS)", true},
		{munireg.KindForening, "", "legalEntity", "", "forening (FLI)", true},
		{munireg.KindForening, "939760946", "registeredEntity", "", "forening (FLI)", true},
		{munireg.KindANNA, "", "legalEntity", "", "annen juridisk person (ANNA)", true},
		{munireg.KindOther, "", "legalEntity", "", "annen organisasjonsform", false},
		{munireg.KindOther, "939760946", "registeredEntity", "", "annen organisasjonsform", false},
	}
	require.Len(t, munireg.Kinds(), 16, "a new kind needs an entity type here")
	for _, c := range cases {
		r := ownership.Records{
			Organizations: []munireg.Organization{
				org(t, "a", "Eier", munireg.KindKommune, "", ""),
				org(t, "b", "Eid", c.kind, c.orgNumber, ""),
			},
			Positions: []ownership.Position{{Owner: "a", Entity: "b", Economic: dec("0.5")}},
		}
		doc := export(t, r)
		require.NoError(t, validate(t, doc), "%s: %s", c.kind, doc)
		e := details(statements(t, doc)[1])
		want := map[string]any{"type": c.typ, "details": c.details}
		if c.sub != "" {
			want["subtype"] = c.sub
		}
		assert.Equal(t, want, e["entityType"], "entityType of %s (org number %q)", c.kind, c.orgNumber)
		_, has := e["jurisdiction"]
		assert.Equal(t, c.jurisdiction, has, "jurisdiction of %s", c.kind)
	}
}

// relationships returns the relationship statements by subject and
// interested party.
func relationships(t testing.TB, all []map[string]any) map[[2]string]map[string]any {
	t.Helper()
	out := map[[2]string]map[string]any{}
	for _, s := range all {
		if s["recordType"] != "relationship" {
			continue
		}
		d := details(s)
		k := [2]string{d["subject"].(string), d["interestedParty"].(string)}
		require.NotContains(t, out, k, "two relationships of one pair")
		assert.Equal(t, d["subject"], s["declarationSubject"])
		assert.Equal(t, bods.RelationshipID(k[0], k[1]), s["recordId"])
		out[k] = d
	}
	return out
}

// interest is an interest's essentials: type, directness, share as
// written, details.
type interest struct{ typ, directness, share, details, start string }

func interests(t testing.TB, rel map[string]any) []interest {
	t.Helper()
	var out []interest
	for _, x := range rel["interests"].([]any) {
		m := x.(map[string]any)
		assert.Equal(t, false, m["beneficialOwnershipOrControl"])
		start, _ := m["startDate"].(string)
		d, _ := m["details"].(string)
		out = append(out, interest{m["type"].(string), m["directOrIndirect"].(string),
			m["share"].(map[string]any)["exact"].(json.Number).String(), d, start})
	}
	return out
}

func TestExportRelationships(t *testing.T) {
	rels := relationships(t, statements(t, export(t, fixture(t))))
	want := map[[2]string][]interest{
		{holding, volda}: {{"shareholding", "direct", "100", "", "2020-01-01"}},
		// Share classes: the voting rights differ from the economic share.
		{energi, holding}: {
			{"shareholding", "direct", "45.735", "share class A", "2020-01-01"},
			{"votingRights", "direct", "60", "share class A", "2020-01-01"},
		},
		{energi, orsta}: {
			{"shareholding", "direct", "44.265", "share class B", "2020-01-01"},
			{"votingRights", "direct", "30", "share class B", "2020-01-01"},
		},
		// The chain: Volda holds 10 % directly (voting as economic: no
		// voting rights interest) and 45.735 % through its holding company.
		{energi, volda}: {
			{"shareholding", "direct", "10", "share class B", "2022-07-01"},
			{"shareholding", "indirect", "45.735",
				"look-through: the part held through other organizations; effective share 55.735 % in total, of which 10 % direct", ""},
		},
		// Own shares: no relationship of Egne Aksjer AS with itself; Ørsta's
		// 80 % is all of the shares the company does not hold itself.
		{egne, orsta}: {
			{"shareholding", "direct", "80", "", "2020-01-01"},
			{"shareholding", "indirect", "20",
				"look-through: the part held through other organizations; effective share 100 % in total, of which 80 % direct", ""},
		},
		// Counted in shares: 1 of 3 has no exact decimal percentage.
		{telle, volda}: {{"shareholding", "direct", "33.33333333", "1 of 3 shares; rounded half away from zero to 8 decimal places", ""}},
		{telle, orsta}: {{"shareholding", "direct", "66.66666667", "2 of 3 shares; rounded half away from zero to 8 decimal places", ""}},
	}
	for k, w := range want {
		rel, ok := rels[k]
		if !assert.True(t, ok, "no relationship of %s in %s", k[1], k[0]) {
			continue
		}
		assert.Equal(t, false, rel["isComponent"])
		assert.Equal(t, w, interests(t, rel), "interests of %s in %s", k[1], k[0])
	}
	assert.Len(t, rels, len(want), "relationships beyond those expected")
}

// TestExportDeterministic exports the fixture in shuffled orders: the
// bytes are the same, and the statement IDs depend on what is claimed, not
// on when it is published.
func TestExportDeterministic(t *testing.T) {
	want := export(t, fixture(t))
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5 {
		r := fixture(t)
		rng.Shuffle(len(r.Organizations), func(i, j int) { r.Organizations[i], r.Organizations[j] = r.Organizations[j], r.Organizations[i] })
		rng.Shuffle(len(r.Positions), func(i, j int) { r.Positions[i], r.Positions[j] = r.Positions[j], r.Positions[i] })
		require.Equal(t, string(want), string(export(t, r)))
	}

	ids := func(st []bods.Statement) []string {
		var out []string
		for _, s := range st {
			out = append(out, s.StatementID)
		}
		return out
	}
	a, err := bods.Export(fixture(t), asOf, published)
	require.NoError(t, err)
	b, err := bods.Export(fixture(t), asOf, published.AddDate(1, 0, 0))
	require.NoError(t, err)
	assert.Equal(t, ids(a), ids(b), "a later publication of the same claims keeps the statement IDs")
	assert.Equal(t, "2026-03-01", b[0].PublicationDetails.PublicationDate)
	c, err := bods.Export(fixture(t), asOf.AddDate(0, 0, -1), published)
	require.NoError(t, err)
	assert.NotEqual(t, ids(a)[0], ids(c)[0], "a claim as of another date is another statement")
	assert.Equal(t, a[0].RecordID, c[0].RecordID, "about the same record")
	all := ids(a)
	slices.Sort(all)
	assert.Len(t, slices.Compact(all), len(a), "statement IDs are unique")

	// Without a publication date: the statement date.
	d, err := bods.Export(fixture(t), asOf, time.Time{})
	require.NoError(t, err)
	assert.Equal(t, "2024-12-31", d[0].PublicationDetails.PublicationDate)
	assert.Equal(t, bods.Version, d[0].PublicationDetails.BODSVersion)
	assert.Equal(t, "munireg", d[0].PublicationDetails.Publisher.Name)
}

// TestUUIDs checks the name-based UUIDs against an independent
// implementation of RFC 9562 version 5.
func TestUUIDs(t *testing.T) {
	ns := uuid.NewSHA1(uuid.NameSpaceURL, []byte("urn:munireg:bods"))
	assert.Equal(t, ns.String(), bods.Namespace())
	assert.Equal(t, uuid.NewSHA1(ns, []byte("relationship\x00"+energi+"\x00"+volda)).String(), bods.RelationshipID(energi, volda))
	assert.NotEqual(t, bods.RelationshipID(energi, volda), bods.RelationshipID(volda, energi))
	id := bods.StatementID("r", "2024-12-31", "new", []byte(`{"a":1}`))
	assert.Equal(t, uuid.NewSHA1(ns, []byte("statement\x00r\x002024-12-31\x00new\x00{\"a\":1}")).String(), id)
	assert.Len(t, id, 36, "BODS wants 32 to 64 characters")
}

// TestSharePercent checks the percentages written: exact from the decimal
// shares, through the JSON number, never a float.
func TestSharePercent(t *testing.T) {
	cases := []struct {
		economic string
		held     int64
		want     string
	}{
		{"0.45735", 0, "45.735"},
		{"1", 0, "100"},
		{"0", 0, "0"},
		{"0.5000", 0, "50"},
		{"0.12345678901234567891", 0, "12.345678901234567891"},
		{"0.000000000000000000000000000001", 0, "0.0000000000000000000000000001"},
		{"0", 1, "14.28571429"}, // 1 of 7
	}
	for _, c := range cases {
		p := ownership.Position{Owner: "a", Entity: "b", Economic: dec(c.economic)}
		if c.held > 0 {
			p.Held, p.Outstanding = c.held, 7
		}
		r := ownership.Records{
			Organizations: []munireg.Organization{org(t, "a", "A", munireg.KindKommune, "", ""), org(t, "b", "B", munireg.KindAS, "", "")},
			Positions:     []ownership.Position{p},
		}
		doc := export(t, r)
		require.NoError(t, validate(t, doc))
		got := interests(t, details(statements(t, doc)[2]))
		assert.Equal(t, c.want, got[0].share, "share.exact of economic %s (held %d of 7)", c.economic, c.held)
	}
}

// TestExportErrors: invalid records and unresolvable cycles are errors,
// never statements.
func TestExportErrors(t *testing.T) {
	r := fixture(t)
	r.Positions = append(r.Positions, ownership.Position{Owner: volda, Entity: "nobody", Economic: dec("0.5")})
	_, err := bods.Export(r, asOf, published)
	assert.ErrorIs(t, err, ownership.ErrUnknownOrganization)

	// Two companies that own all of each other.
	r = ownership.Records{
		Organizations: []munireg.Organization{org(t, "a", "A AS", munireg.KindAS, "", ""), org(t, "b", "B AS", munireg.KindAS, "", "")},
		Positions: []ownership.Position{
			{Owner: "a", Entity: "b", Economic: dec("1")},
			{Owner: "b", Entity: "a", Economic: dec("1")},
		},
	}
	_, err = bods.Export(r, asOf, published)
	var cycle ownership.CycleError
	assert.True(t, errors.As(err, &cycle), "Export(a ⇄ b) = %v, want a CycleError", err)
}

// TestSchemaRejectsBrokenStatements breaks the valid export in the ways an
// exporter could, and requires the schema check to catch each: the check
// that passes the export can fail.
func TestSchemaRejectsBrokenStatements(t *testing.T) {
	doc := export(t, fixture(t))
	require.NoError(t, validate(t, doc))
	// The relationship of Volda in the energy company, which has a direct
	// and an indirect interest.
	relIndex := -1
	for i, s := range statements(t, doc) {
		if s["recordId"] == bods.RelationshipID(energi, volda) {
			relIndex = i
		}
	}
	require.GreaterOrEqual(t, relIndex, 0)
	cases := []struct {
		name   string
		mutate func(all []any)
	}{
		{"share.exact as a string", func(all []any) { share(all, relIndex)["exact"] = "45.735" }},
		{"share.exact above 100", func(all []any) { share(all, relIndex)["exact"] = json.Number("100.5") }},
		{"share.exact below 0", func(all []any) { share(all, relIndex)["exact"] = json.Number("-0.001") }},
		{"no recordId", func(all []any) { delete(all[0].(map[string]any), "recordId") }},
		{"no declarationSubject", func(all []any) { delete(all[relIndex].(map[string]any), "declarationSubject") }},
		{"a short statementId", func(all []any) { all[0].(map[string]any)["statementId"] = "abc" }},
		{"an impossible statementDate", func(all []any) { all[0].(map[string]any)["statementDate"] = "2024-13-01" }},
		{"an unknown record status", func(all []any) { all[0].(map[string]any)["recordStatus"] = "current" }},
		{"no publisher", func(all []any) {
			delete(all[0].(map[string]any)["publicationDetails"].(map[string]any), "publisher")
		}},
		{"a state body of subtype trust", func(all []any) {
			all[0].(map[string]any)["recordDetails"].(map[string]any)["entityType"].(map[string]any)["subtype"] = "trust"
		}},
		{"an entity without isComponent", func(all []any) { delete(all[0].(map[string]any)["recordDetails"].(map[string]any), "isComponent") }},
		{"an unknown interest type", func(all []any) { interestAt(all, relIndex)["type"] = "ownership" }},
		{"an unknown directness", func(all []any) { interestAt(all, relIndex)["directOrIndirect"] = "through" }},
		{"a relationship without subject", func(all []any) { delete(all[relIndex].(map[string]any)["recordDetails"].(map[string]any), "subject") }},
	}
	decode := func() []any {
		var all []any
		d := json.NewDecoder(bytes.NewReader(doc))
		d.UseNumber()
		require.NoError(t, d.Decode(&all))
		return all
	}
	intact, err := json.Marshal(decode())
	require.NoError(t, err)
	require.NoError(t, validate(t, intact), "decoded and encoded again, the export is still valid")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			all := decode()
			c.mutate(all)
			broken, err := json.Marshal(all)
			require.NoError(t, err)
			require.NotEqual(t, string(intact), string(broken), "the case changed nothing")
			assert.Error(t, validate(t, broken), "the schema passes a statement with %s", c.name)
		})
	}
}

// interestAt is the first interest of statement i.
func interestAt(all []any, i int) map[string]any {
	return all[i].(map[string]any)["recordDetails"].(map[string]any)["interests"].([]any)[0].(map[string]any)
}

// share is the share of the first interest of statement i.
func share(all []any, i int) map[string]any { return interestAt(all, i)["share"].(map[string]any) }
