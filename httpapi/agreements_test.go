package httpapi

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/cooperation"
)

const missingID = "00000000-0000-4000-8000-000000000000"

// sunnmore is three municipalities with their population per 1.1.2024.
type sunnmore struct{ volda, orsta, hareid string }

func newSunnmore(t *testing.T, h http.Handler) sunnmore {
	t.Helper()
	pop := func(n int) string { return fmt.Sprintf(`, "population": [{"date": "2024-01-01", "count": %d}]`, n) }
	return sunnmore{
		volda:  createOrg(t, h, "Volda kommune", "kommune", pop(10000)),
		orsta:  createOrg(t, h, "Orsta kommune", "kommune", pop(11000)),
		hareid: createOrg(t, h, "Hareid kommune", "kommune", pop(5000)),
	}
}

// iksVersion is a version of an IKS with the eierandeler given.
func (m sunnmore) iksVersion(from, volda, orsta, hareid string) string {
	return fmt.Sprintf(`{"adopted": "2023-11-30", "valid": {"from": %q}, "purpose": "Renovasjon",
		"participants": [
			{"organization": {"id": %q}, "ownership": %q, "contribution": "500000", "seats": {"representantskap": 2}},
			{"organization": {"id": %q}, "ownership": %q, "contribution": "300000", "seats": {"representantskap": 2}},
			{"organization": {"id": %q}, "ownership": %q, "contribution": "200000", "seats": {"representantskap": 1}}]}`,
		from, m.volda, volda, m.orsta, orsta, m.hareid, hareid)
}

// hostAgreement is a vertskommune agreement hosted by Volda, its cost
// split 30 % equally and 70 % by population per 1.1.
func (m sunnmore) hostAgreement() string {
	return fmt.Sprintf(`{"name": "Sunnmore barnevern", "form": "vertskommune", "versions": [{
		"adopted": "2023-12-01", "valid": {"from": "2024-01-01"}, "host": %q,
		"participants": [{"organization": {"id": %q}}, {"organization": {"id": %q}}, {"organization": {"id": %q}}],
		"key": {"components": [{"name": "fast", "weight": "0.30", "basis": "equal"},
		                       {"name": "innbyggere", "weight": "0.70", "basis": "population"}]}}]}`,
		m.volda, m.volda, m.orsta, m.hareid)
}

func TestAgreementLifecycle(t *testing.T) {
	h := newAPI(t)
	m := newSunnmore(t, h)

	res, body := call(t, h, http.MethodPost, "/v1/agreements",
		`{"name": "Sunnmore Renovasjon IKS", "form": "iks", "versions": [`+m.iksVersion("2024-01-01", "0.5", "0.3", "0.2")+`]}`)
	require.Equal(t, http.StatusCreated, res.StatusCode, "body %v", body)
	assert.Equal(t, `"1"`, res.Header.Get("ETag"))
	id := body["id"].(string)
	v0 := body["versions"].([]any)[0].(map[string]any)
	assert.Equal(t, []any{"0.5", "0.3", "0.2"}, rows(t, v0, "participants", "ownership"))
	assert.Equal(t, []any{"500000.00", "300000.00", "200000.00"}, rows(t, v0, "participants", "contribution"))
	first := v0["participants"].([]any)[0].(map[string]any)
	assert.Equal(t, map[string]any{"id": m.volda, "name": "Volda kommune", "kind": "kommune"}, first["organization"])
	assert.Equal(t, map[string]any{"representantskap": float64(2)}, first["seats"])
	assert.Nil(t, v0["key"], "no key, none on the wire")

	hostID := create(t, h, "/v1/agreements", m.hostAgreement())["id"].(string)

	res, body = call(t, h, http.MethodGet, "/v1/agreements/"+id, "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, `"1"`, res.Header.Get("ETag"))
	assert.Equal(t, "iks", body["form"])

	// Listing: filters and paging.
	res, body = call(t, h, http.MethodGet, "/v1/agreements?form=iks", "")
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, []any{id}, rows(t, body, "items", "id"))
	res, body = call(t, h, http.MethodGet, "/v1/agreements?participant="+m.hareid+"&asOf=2024-06-30&limit=1", "")
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.EqualValues(t, 2, body["total"])
	assert.Equal(t, []any{hostID}, rows(t, body, "items", "id"), "Sunnmore barnevern sorts first")
	require.NotEmpty(t, res.Header.Get("Link"))
	res, body = call(t, h, http.MethodGet, "/v1/agreements?name=renovasjon&asOf=2023-06-30", "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, []any{}, body["items"], "not in force in 2023")

	// PATCH and POST versions need If-Match: 428 without, 412 when stale.
	res, body = call(t, h, http.MethodPatch, "/v1/agreements/"+id, `{"name": "SR IKS"}`)
	assertProblem(t, res, body, http.StatusPreconditionRequired)
	res, body = call(t, h, http.MethodPatch, "/v1/agreements/"+id, `{"name": "SR IKS", "orgNumber": "987654325"}`, "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, `"2"`, res.Header.Get("ETag"))
	assert.Equal(t, "SR IKS", body["name"])
	assert.Equal(t, "987654325", body["orgNumber"])
	res, body = call(t, h, http.MethodPatch, "/v1/agreements/"+id, `{"name": "Stale"}`, "If-Match", `"1"`)
	assertProblem(t, res, body, http.StatusPreconditionFailed)
	res, body = call(t, h, http.MethodPatch, "/v1/agreements/"+id, `{"orgNumber": "987654321"}`, "If-Match", `"2"`)
	assertInvalid(t, res, body, "body.orgNumber")

	next := m.iksVersion("2025-01-01", "0.4", "0.4", "0.2")
	res, body = call(t, h, http.MethodPost, "/v1/agreements/"+id+"/versions", next)
	assertProblem(t, res, body, http.StatusPreconditionRequired)
	res, body = call(t, h, http.MethodPost, "/v1/agreements/"+id+"/versions", next, "If-Match", `"1"`)
	assertProblem(t, res, body, http.StatusPreconditionFailed)
	// The posted version's shares sum to 1.1: the detail names the body's field.
	res, body = call(t, h, http.MethodPost, "/v1/agreements/"+id+"/versions",
		m.iksVersion("2025-01-01", "0.5", "0.4", "0.2"), "If-Match", `"2"`)
	assertInvalid(t, res, body, "body.participants[*].ownership")
	res, body = call(t, h, http.MethodPost, "/v1/agreements/"+id+"/versions", next, "If-Match", `"2"`)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, `"3"`, res.Header.Get("ETag"))
	versions := body["versions"].([]any)
	require.Len(t, versions, 2)
	assert.Equal(t, map[string]any{"from": "2024-01-01", "to": "2025-01-01"}, versions[0].(map[string]any)["valid"],
		"the open-ended version ends where the next begins")

	// Not found.
	res, body = call(t, h, http.MethodGet, "/v1/agreements/"+missingID, "")
	assertProblem(t, res, body, http.StatusNotFound)
	res, body = call(t, h, http.MethodPatch, "/v1/agreements/"+missingID, `{"name": "x"}`, "If-Match", `"1"`)
	assertProblem(t, res, body, http.StatusNotFound)
	res, body = call(t, h, http.MethodPost, "/v1/agreements/not-an-id/versions", next, "If-Match", `"1"`)
	assertProblem(t, res, body, http.StatusNotFound)
}

func TestAgreementValidation(t *testing.T) {
	h := newAPI(t)
	m := newSunnmore(t, h)
	company := createOrg(t, h, "Tussa Kraft AS", "as", "")
	for _, tc := range []struct {
		name, body string
		locations  []string
	}{
		{"IKS shares summing to 0.9", `{"name": "X IKS", "form": "iks", "versions": [` + m.iksVersion("2024-01-01", "0.5", "0.3", "0.1") + `]}`,
			[]string{"body.versions[0].participants[*].ownership"}},
		{"an IKS member without an eierandel, and an AS",
			fmt.Sprintf(`{"name": "X IKS", "form": "iks", "versions": [{"adopted": "2024-01-01", "valid": {"from": "2024-01-01"},
				"participants": [{"organization": {"id": %q}, "ownership": "1"}, {"organization": {"id": %q}}]}]}`, m.volda, company),
			[]string{"body.versions[0].participants[1].ownership", "body.versions[0].participants[1].organization.kind"}},
		{"an unknown participant (reported before the rules, which need it)",
			fmt.Sprintf(`{"name": "X", "form": "vertskommune", "versions": [{"adopted": "2024-01-01", "valid": {"from": "2024-01-01"},
				"participants": [{"organization": {"id": %q}}, {"organization": {"id": %q}}],
				"key": {"components": [{"name": "fast", "weight": "0.5", "basis": "equal"}]}}]}`, m.volda, missingID),
			[]string{"body.versions[0].participants[1].organization.id"}},
		{"a decimal as a JSON number", fmt.Sprintf(`{"name": "X IKS", "form": "iks", "versions": [{"adopted": "2024-01-01",
				"valid": {"from": "2024-01-01"}, "participants": [{"organization": {"id": %q}, "ownership": 1}]}]}`, m.volda),
			[]string{"body.versions[0].participants[0].ownership"}},
		{"unknown form and bad organisasjonsnummer", `{"name": "X", "form": "castle", "orgNumber": "12", "versions": []}`,
			[]string{"body.form", "body.orgNumber"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := call(t, h, http.MethodPost, "/v1/agreements", tc.body)
			assertInvalid(t, res, body, tc.locations...)
		})
	}

	// The store reports all violations of the domain at once.
	res, body := call(t, h, http.MethodPost, "/v1/agreements", fmt.Sprintf(`{"name": "X", "form": "vertskommune", "versions": [{
		"adopted": "2024-01-01", "valid": {"from": "2024-01-01"},
		"participants": [{"organization": {"id": %q}}, {"organization": {"id": %q}}],
		"key": {"components": [{"name": "fast", "weight": "0.5", "basis": "equal"}]}}]}`, m.volda, m.orsta))
	assertInvalid(t, res, body, "body.versions[0].host", "body.versions[0].key.components[*].weight")
}

// TestBudgetInstallmentsSettlement: the vertskommune agreement splits
// 1 000 000.00 30 % equally and 70 % by population per 1.1.2024 over
// Volda 10 000, Ørsta 11 000 and Hareid 5 000 inhabitants (26 000). By hand:
//
//	equal:      300 000 / 3                  = 100 000 each
//	population: 700 000 × 10 000 / 26 000    = 269 230.769230…
//	            700 000 × 11 000 / 26 000    = 296 153.846153…
//	            700 000 ×  5 000 / 26 000    = 134 615.384615…
//	exact:      369 230.769…, 396 153.846…, 234 615.384…
//	floors:     369 230.76 + 396 153.84 + 234 615.38 = 999 999.98
//
// Two øre are missing; the largest remainders are Volda's (0.92 øre) and
// Ørsta's (0.62 øre): 369 230.77, 396 153.85, 234 615.38.
//
// Quarterly a-konto: 369 230.77 / 4 = 92 307.6925: 92 307.69 four times is
// one øre short, which goes to the first installment; 396 153.85 likewise;
// 234 615.38 / 4 = 58 653.845 leaves two øre, to the first two.
//
// Settlement: the actual cost is 1 040 000.00; 312 000 / 3 = 104 000 each
// and 728 000 / 26 000 = 28 per inhabitant: 384 000.00, 412 000.00 and
// 244 000.00 exactly. Volda and Ørsta paid their budget amounts (the
// default), Hareid says it paid 200 000.00: differences 14 769.23,
// 15 846.15 and 44 000.00; paid 965 384.62, balance 74 615.38.
func TestBudgetInstallmentsSettlement(t *testing.T) {
	h := newAPI(t)
	m := newSunnmore(t, h)
	agreement := create(t, h, "/v1/agreements", m.hostAgreement())["id"].(string)

	b := create(t, h, "/v1/agreements/"+agreement+"/budgets", `{"year": 2024, "total": "1000000"}`)
	budget := b["id"].(string)
	assert.Equal(t, "2024-01-01", b["asOf"], "default 1 January of the year")
	assert.Equal(t, "1000000.00", b["total"])
	assert.Equal(t, "1000000.00", b["sum"])
	assert.Equal(t, "0.00", b["difference"])
	assert.Equal(t, "largest-remainder", b["policy"])
	assert.Equal(t, []any{m.volda, m.orsta, m.hareid}, rows(t, b, "rows", "ref"))
	assert.Equal(t, []any{"369230.77", "396153.85", "234615.38"}, rows(t, b, "rows", "amount"))
	assert.Equal(t, []any{"369230.7692307692", "396153.8461538462", "234615.3846153846"}, rows(t, b, "rows", "exact"))
	hareid := b["rows"].([]any)[2].(map[string]any)["components"].([]any)
	assert.Equal(t, []any{map[string]any{"name": "fast", "exact": "100000"},
		map[string]any{"name": "innbyggere", "exact": "134615.3846153846"}}, hareid)

	res, body := call(t, h, http.MethodGet, "/v1/budgets/"+budget, "")
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, b["rows"], body["rows"], "the budget as issued")
	assert.Equal(t, b["key"], body["key"])

	create(t, h, "/v1/agreements/"+agreement+"/budgets", `{"year": 2025, "total": "1000000.00", "unit": "1"}`)
	res, body = call(t, h, http.MethodGet, "/v1/agreements/"+agreement+"/budgets?year=2024", "")
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, []any{budget}, rows(t, body, "items", "id"))
	res, body = call(t, h, http.MethodGet, "/v1/agreements/"+agreement+"/budgets", "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, []any{float64(2025), float64(2024)}, rows(t, body, "items", "year"), "newest first")

	res, body = call(t, h, http.MethodGet, "/v1/budgets/"+budget+"/installments", "")
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.EqualValues(t, 4, body["n"], "quarterly by default")
	assert.Equal(t, []any{
		[]any{"92307.70", "92307.69", "92307.69", "92307.69"},
		[]any{"99038.47", "99038.46", "99038.46", "99038.46"},
		[]any{"58653.85", "58653.85", "58653.84", "58653.84"},
	}, rows(t, body, "participants", "installments"))
	res, body = call(t, h, http.MethodGet, "/v1/budgets/"+budget+"/installments?n=0", "")
	assertInvalid(t, res, body, "query.n")

	res, body = call(t, h, http.MethodPost, "/v1/budgets/"+budget+"/settlement",
		fmt.Sprintf(`{"total": "1040000.00", "paid": {%q: "200000.00"}}`, m.hareid))
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, "2024-12-31", body["asOf"])
	assert.Equal(t, []any{"384000.00", "412000.00", "244000.00"}, rows(t, body, "rows", "final"))
	assert.Equal(t, []any{"369230.77", "396153.85", "200000.00"}, rows(t, body, "rows", "paid"))
	assert.Equal(t, []any{"14769.23", "15846.15", "44000.00"}, rows(t, body, "rows", "difference"))
	assert.Equal(t, "965384.62", body["paid"])
	assert.Equal(t, "74615.38", body["balance"])

	// Paid by one who is no party; no version in force on the date.
	res, body = call(t, h, http.MethodPost, "/v1/budgets/"+budget+"/settlement", fmt.Sprintf(`{"total": "1.00", "paid": {%q: "1.00"}}`, missingID))
	assertInvalid(t, res, body, "body.paid."+missingID)
	res, body = call(t, h, http.MethodPost, "/v1/budgets/"+budget+"/settlement", `{"total": "1.00", "asOf": "2020-01-01"}`)
	assertInvalid(t, res, body, "body.asOf")

	// Budget errors: no version in force, a total finer than the unit,
	// a JSON number; not found.
	res, body = call(t, h, http.MethodPost, "/v1/agreements/"+agreement+"/budgets", `{"year": 2020, "total": "1.00"}`)
	assertInvalid(t, res, body, "body.asOf")
	res, body = call(t, h, http.MethodPost, "/v1/agreements/"+agreement+"/budgets", `{"year": 2024, "total": "10.005"}`)
	assertInvalid(t, res, body, "body.total")
	res, body = call(t, h, http.MethodPost, "/v1/agreements/"+agreement+"/budgets", `{"year": 2024, "total": 10}`)
	assertInvalid(t, res, body, "body.total")
	res, body = call(t, h, http.MethodPost, "/v1/agreements/"+missingID+"/budgets", `{"year": 2024, "total": "1.00"}`)
	assertProblem(t, res, body, http.StatusNotFound)
	for _, path := range []string{"/v1/budgets/" + missingID, "/v1/budgets/" + missingID + "/installments", "/v1/budgets/nope"} {
		res, body = call(t, h, http.MethodGet, path, "")
		assertProblem(t, res, body, http.StatusNotFound)
	}
	res, body = call(t, h, http.MethodPost, "/v1/budgets/"+missingID+"/settlement", `{"total": "1.00"}`)
	assertProblem(t, res, body, http.StatusNotFound)
}

// TestBudgetNeedsPopulation: a budget as of a date before any population
// count cannot weigh by population; the detail names the participant.
func TestBudgetNeedsPopulation(t *testing.T) {
	h := newAPI(t)
	m := newSunnmore(t, h)
	agreement := create(t, h, "/v1/agreements", m.hostAgreement())["id"].(string)
	res, body := call(t, h, http.MethodPost, "/v1/agreements/"+agreement+"/budgets",
		`{"year": 2024, "total": "100.00", "asOf": "2024-01-01"}`)
	require.Equal(t, http.StatusCreated, res.StatusCode, "body %v", body)
	res, body = call(t, h, http.MethodPatch, "/v1/agreements/"+agreement, fmt.Sprintf(`{"versions": [{
		"adopted": "2022-12-01", "valid": {"from": "2023-01-01"}, "host": %q,
		"participants": [{"organization": {"id": %q}}, {"organization": {"id": %q}}],
		"key": {"components": [{"name": "innbyggere", "weight": "1", "basis": "population"}]}}]}`, m.volda, m.volda, m.orsta),
		"If-Match", `"1"`)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	res, body = call(t, h, http.MethodPost, "/v1/agreements/"+agreement+"/budgets", `{"year": 2023, "total": "100.00"}`)
	assertInvalid(t, res, body, "body.participants[0].organization.population", "body.participants[1].organization.population")
}

func TestForums(t *testing.T) {
	h := newAPI(t)
	m := newSunnmore(t, h)

	res, body := call(t, h, http.MethodPost, "/v1/forums",
		fmt.Sprintf(`{"name": "Sunnmore eierforum", "description": "Regionalt", "owners": [%q, %q]}`, m.volda, m.orsta))
	require.Equal(t, http.StatusCreated, res.StatusCode, "body %v", body)
	assert.Equal(t, `"1"`, res.Header.Get("ETag"))
	id := body["id"].(string)
	assert.ElementsMatch(t, []any{m.volda, m.orsta}, body["owners"])

	res, body = call(t, h, http.MethodPost, "/v1/forums", fmt.Sprintf(`{"name": "Sunnmore eierforum", "owners": [%q]}`, m.volda))
	assertProblem(t, res, body, http.StatusConflict)
	// The store counts members in order of ID; the detail names the posted one.
	res, body = call(t, h, http.MethodPost, "/v1/forums", fmt.Sprintf(`{"name": "Other", "owners": [%q, %q]}`, m.volda, missingID))
	assertInvalid(t, res, body, "body.owners[1]")

	res, body = call(t, h, http.MethodGet, "/v1/forums", "")
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.EqualValues(t, 1, body["total"])
	assert.Equal(t, []any{id}, rows(t, body, "items", "id"))
	res, body = call(t, h, http.MethodGet, "/v1/forums/"+id, "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "Regionalt", body["description"])

	patch := fmt.Sprintf(`{"owners": [%q, %q, %q]}`, m.volda, m.orsta, m.hareid)
	res, body = call(t, h, http.MethodPatch, "/v1/forums/"+id, patch)
	assertProblem(t, res, body, http.StatusPreconditionRequired)
	res, body = call(t, h, http.MethodPatch, "/v1/forums/"+id, patch, "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, `"2"`, res.Header.Get("ETag"))
	assert.Len(t, body["owners"], 3)
	res, body = call(t, h, http.MethodPatch, "/v1/forums/"+id, `{"name": "Stale"}`, "If-Match", `"1"`)
	assertProblem(t, res, body, http.StatusPreconditionFailed)

	res, body = call(t, h, http.MethodGet, "/v1/forums/"+id+"/summary?year=2024", "")
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, "Sunnmore eierforum", body["forum"])
	assert.Equal(t, "0.00", body["income"].(map[string]any)["total"])
	assert.EqualValues(t, 26000, body["population"])
	assert.Len(t, body["owners"], 3)
	res, body = call(t, h, http.MethodGet, "/v1/forums/"+id+"/summary", "")
	assertInvalid(t, res, body, "query.year")

	for _, path := range []string{"/v1/forums/" + missingID, "/v1/forums/" + missingID + "/summary?year=2024"} {
		res, body = call(t, h, http.MethodGet, path, "")
		assertProblem(t, res, body, http.StatusNotFound)
	}
	res, body = call(t, h, http.MethodPatch, "/v1/forums/"+missingID, `{"name": "x"}`, "If-Match", `"1"`)
	assertProblem(t, res, body, http.StatusNotFound)
}

// TestAgreementEnumsMatchTheDomain keeps the form enums in step with
// cooperation.Forms.
func TestAgreementEnumsMatchTheDomain(t *testing.T) {
	var forms []any
	for _, f := range cooperation.Forms() {
		forms = append(forms, string(f))
	}
	schemas := Document().Components.Schemas.Map()
	assert.Equal(t, forms, schemas["AgreementRequest"].Properties["form"].Enum)
	assert.Equal(t, forms, schemas["AgreementBody"].Properties["form"].Enum)
}
