package httpapi

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// owners is Volda and Ørsta holding Tussa Kraft AS, which holds Tussa Nett
// AS, and the three Sunnmøre municipalities in an IKS.
type owners struct {
	sunnmore
	kraft, nett, iks string
}

func newOwners(t *testing.T, h http.Handler) owners {
	t.Helper()
	o := owners{sunnmore: newSunnmore(t, h)}
	o.kraft = createOrg(t, h, "Tussa Kraft AS", "as", "")
	o.nett = createOrg(t, h, "Tussa Nett AS", "as", "")
	position := func(owner, entity, share, extra string) {
		create(t, h, "/v1/positions", fmt.Sprintf(`{"owner": %q, "entity": %q, "economic": %q,
			"valid": {"from": "2020-01-01"}%s}`, owner, entity, share, extra))
	}
	position(o.volda, o.kraft, "0.45735", `, "purpose": "Avkastning og forsyningssikkerhet", "bookValue": "1000000.5", "category": "financial"`)
	position(o.orsta, o.kraft, "0.5", "")
	position(o.kraft, o.nett, "1", "")
	o.iks = create(t, h, "/v1/agreements", `{"name": "Sunnmore Renovasjon IKS", "form": "iks", "versions": [`+
		o.iksVersion("2024-01-01", "0.5", "0.3", "0.2")+`]}`)["id"].(string)
	return o
}

func TestCooperationOverview(t *testing.T) {
	h := newAPI(t)
	o := newOwners(t, h)
	create(t, h, "/v1/agreements", o.hostAgreement())

	res, body := get(t, h, "/v1/reports/cooperation/"+o.orsta+"?asOf=2024-06-30")
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, "2024-06-30", body["asOf"])
	assert.Equal(t, "Orsta kommune", body["organization"].(map[string]any)["name"])
	assert.Equal(t, []any{"Sunnmore Renovasjon IKS", "Sunnmore barnevern"}, rows(t, body, "entries", "name"))
	iks := body["entries"].([]any)[0].(map[string]any)
	assert.Equal(t, o.iks, iks["agreement"])
	assert.Equal(t, "iks", iks["form"])
	assert.Equal(t, "yes", iks["legalPerson"])
	assert.Equal(t, "0.3", iks["ownership"])
	assert.Equal(t, "300000.00", iks["contribution"])
	assert.Equal(t, []any{"Volda kommune", "Hareid kommune"}, iks["others"])
	assert.EqualValues(t, 3, iks["participants"])
	host := body["entries"].([]any)[1].(map[string]any)
	assert.Equal(t, o.volda, host["host"])
	assert.Equal(t, false, host["hosting"])
	assert.Len(t, host["key"].(map[string]any)["components"], 2)

	// Before the agreements: none. Without asOf: today.
	res, body = get(t, h, "/v1/reports/cooperation/"+o.orsta+"?asOf=2023-06-30")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, []any{}, body["entries"], "an empty overview is [], not null")
	res, body = get(t, h, "/v1/reports/cooperation/"+o.orsta)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, time.Now().UTC().Format(time.DateOnly), body["asOf"])

	res, body = get(t, h, "/v1/reports/cooperation/"+o.kraft)
	assertInvalid(t, res, body, "path.organization")
	res, body = get(t, h, "/v1/reports/cooperation/"+missingID)
	assertProblem(t, res, body, http.StatusNotFound)
	res, body = get(t, h, "/v1/reports/cooperation/"+o.orsta+"?asOf=2024-13-01")
	assertInvalid(t, res, body, "query.asOf")
}

func TestOwnershipReport(t *testing.T) {
	h := newAPI(t)
	o := newOwners(t, h)

	res, body := get(t, h, "/v1/reports/ownership/"+o.volda+"?asOf=2024-06-30")
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, o.volda, body["municipality"].(map[string]any)["id"])
	entries := body["entries"].([]any)
	require.Len(t, entries, 2)
	iks, kraft := entries[0].(map[string]any), entries[1].(map[string]any)
	assert.Equal(t, "participation", iks["basis"])
	assert.Equal(t, "0.5", iks["economic"])
	assert.Equal(t, "position", kraft["basis"])
	assert.Equal(t, "0.45735", kraft["economic"])
	assert.Equal(t, "1000000.50", kraft["bookValue"])
	assert.Equal(t, "Avkastning og forsyningssikkerhet", kraft["purpose"])
	require.Len(t, body["indirect"], 1)
	nett := body["indirect"].([]any)[0].(map[string]any)
	assert.Equal(t, "Tussa Nett AS", nett["organization"].(map[string]any)["name"])
	assert.Equal(t, "indirect", nett["basis"])
	assert.Equal(t, "0.45735", nett["effective"])
	// No principles text, and the IKS's purpose is in the agreement:
	// only the principles are missing.
	assert.Equal(t, []any{"principles"}, rows(t, body, "gaps", "field"))

	res, body = get(t, h, "/v1/reports/ownership/"+o.kraft+"?asOf=2024-06-30")
	assertInvalid(t, res, body, "path.municipality")
	res, body = get(t, h, "/v1/reports/ownership/"+missingID)
	assertProblem(t, res, body, http.StatusNotFound)
}

func TestAuditLog(t *testing.T) {
	h := newAPI(t)
	id := createOrg(t, h, "Volda kommune", "kommune", "")
	res, body := call(t, h, http.MethodPatch, "/v1/organizations/"+id, `{"name": "Volda"}`, "If-Match", `"1"`)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	other := createOrg(t, h, "Orsta kommune", "kommune", "")

	res, body = get(t, h, "/v1/audit?recordId="+id)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, []any{"update", "create"}, rows(t, body, "items", "action"), "newest first")
	items := body["items"].([]any)
	update, created := items[0].(map[string]any), items[1].(map[string]any)
	actor := update["actor"].(map[string]any)
	assert.Equal(t, "test admin", actor["name"], "the token behind the change")
	assert.Regexp(t, `^[0-9a-f-]{36}$`, actor["id"])
	assert.Equal(t, "organization", update["recordType"])
	assert.Equal(t, id, update["recordId"])
	assert.IsType(t, map[string]any{}, update["before"], "before is a JSON object")
	assert.IsType(t, map[string]any{}, update["after"], "after is a JSON object")
	assert.NotContains(t, created, "before", "a create has no before")
	at, err := time.Parse(time.RFC3339, update["at"].(string))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), at, time.Minute)

	res, body = get(t, h, "/v1/audit?recordType=organization&limit=1")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, []any{other}, rows(t, body, "items", "recordId"))
	assert.EqualValues(t, 3, body["total"], "three changes to organizations")
	assert.Contains(t, res.Header.Get("Link"), `rel="next"`)
	assert.Contains(t, res.Header.Get("Link"), "recordType=organization")
	res, body = get(t, h, "/v1/audit?recordType=position")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, []any{}, body["items"])

	res, body = get(t, h, "/v1/audit?recordId=not-an-id&limit=0")
	assertInvalid(t, res, body, "query.recordId", "query.limit")
}

func TestDistribution(t *testing.T) {
	h := newAPI(t)
	o := newOwners(t, h)
	post := func(body string) (*http.Response, map[string]any) {
		return call(t, h, http.MethodPost, "/v1/distributions", body)
	}
	// Volda 0.45735 and Orsta 0.5 of 1000.00, the rest unlisted:
	// 457.35 + 500.00 + 42.65, exactly.
	req := fmt.Sprintf(`{"entity": %q, "total": "1000.00", "asOf": "2024-06-30"`, o.kraft)
	res, body := post(req + `}`)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	byOwner := map[any]any{}
	for _, r := range body["rows"].([]any) {
		byOwner[r.(map[string]any)["owner"]] = r.(map[string]any)["amount"]
	}
	assert.Equal(t, map[any]any{o.volda: "457.35", o.orsta: "500.00"}, byOwner)
	assert.Equal(t, map[string]any{"share": "0.04265", "amount": "42.65", "exact": "42.65"}, body["unlisted"])
	assert.Equal(t, "1000.00", body["sum"])
	assert.Equal(t, "0.00", body["difference"])
	assert.Equal(t, "largest-remainder", body["policy"])
	assert.Equal(t, []any{}, body["flows"])
	res, body = get(t, h, "/v1/flows?entity="+o.kraft)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.EqualValues(t, 0, body["total"], "nothing stored without record")

	res, body = post(req + `, "record": true}`)
	assertInvalid(t, res, body, "body.year")
	res, body = post(req + `, "record": true, "year": 2023, "paid": "2024-06-30"}`)
	require.Equal(t, http.StatusCreated, res.StatusCode, "body %v", body)
	ids := body["flows"].([]any)
	require.Len(t, ids, 2)
	res, body = get(t, h, "/v1/flows?entity="+o.kraft)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.ElementsMatch(t, ids, rows(t, body, "items", "id"))
	assert.ElementsMatch(t, []any{"457.35", "500.00"}, rows(t, body, "items", "amount"))
	assert.Equal(t, []any{"dividend", "dividend"}, rows(t, body, "items", "kind"))
	assert.Equal(t, []any{"2024-06-30", "2024-06-30"}, rows(t, body, "items", "paid"))

	// Whole kroner, half up per row: 457.807… → 458, 500.5 → 501 and
	// 42.69… → 43 make 1002, one krone too many.
	res, body = post(fmt.Sprintf(`{"entity": %q, "total": "1001", "asOf": "2024-06-30", "unit": "1", "policy": "half-up-per-row"}`, o.kraft))
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.ElementsMatch(t, []any{"458.00", "501.00"}, rows(t, body, "rows", "amount"))
	assert.Equal(t, "43.00", body["unlisted"].(map[string]any)["amount"])
	assert.Equal(t, "1", body["unit"])
	assert.Equal(t, "1002.00", body["sum"])
	assert.Equal(t, "1.00", body["difference"])

	// Nobody holds Volda; a total finer than the unit; an unknown entity.
	res, body = post(fmt.Sprintf(`{"entity": %q, "total": "1000.00", "asOf": "2024-06-30"}`, o.volda))
	assertInvalid(t, res, body, "body.entity")
	res, body = post(fmt.Sprintf(`{"entity": %q, "total": "1000.005", "asOf": "2024-06-30"}`, o.kraft))
	assertInvalid(t, res, body, "body.total")
	res, body = post(fmt.Sprintf(`{"entity": %q, "total": 1000, "asOf": "2024-06-30"}`, o.kraft))
	assertInvalid(t, res, body, "body.total")
}
