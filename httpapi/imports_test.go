package httpapi

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// send POSTs body with a content type and returns the answer.
func send(t *testing.T, h http.Handler, path, contentType, body string) (*http.Response, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out map[string]any
	if rec.Body.Len() > 0 {
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &out), "POST %s: %s", path, rec.Body)
	}
	return rec.Result(), out
}

// importCounts are an import answer's created, updated and unchanged.
func importCounts(t *testing.T, res *http.Response, body map[string]any) [3]float64 {
	t.Helper()
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	return [3]float64{body["created"].(float64), body["updated"].(float64), body["unchanged"].(float64)}
}

func skippedLocations(body map[string]any) []string {
	var out []string
	for _, s := range body["skipped"].([]any) {
		out = append(out, s.(map[string]any)["location"].(string))
	}
	return out
}

func sample(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile("../testdata/" + path)
	require.NoError(t, err)
	return string(b)
}

func organizationTotal(t *testing.T, h http.Handler) float64 {
	t.Helper()
	res, body := call(t, h, http.MethodGet, "/v1/organizations?limit=1", "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	return body["total"].(float64)
}

func TestImportMunicipalitiesOperation(t *testing.T) {
	h := newAPI(t)
	res, body := send(t, h, "/v1/imports/municipalities", "", "")
	assert.Equal(t, [3]float64{371, 0, 0}, importCounts(t, res, body))
	assert.Equal(t, []any{}, body["skipped"], "skipped is a list, never null")
	res, body = send(t, h, "/v1/imports/municipalities", "", "")
	assert.Equal(t, [3]float64{0, 0, 371}, importCounts(t, res, body), "again")
}

// TestImportMunicipalitiesConflict: a kommunenummer the register gives an
// organization of another organisation number is a 409, and nothing loads.
func TestImportMunicipalitiesConflict(t *testing.T) {
	h := newAPI(t)
	createOrg(t, h, "Volda (feil)", "kommune", `, "orgNumber": "964978840", "municipality": "1577"`)
	res, body := send(t, h, "/v1/imports/municipalities", "", "")
	assertProblem(t, res, body, http.StatusConflict)
	assert.Equal(t, float64(1), organizationTotal(t, h), "nothing was loaded")
}

func TestImportPopulationOperation(t *testing.T) {
	h := newAPI(t)
	res, body := send(t, h, "/v1/imports/municipalities", "", "")
	require.Equal(t, http.StatusOK, res.StatusCode, "%v", body)

	res, body = send(t, h, "/v1/imports/population", "text/csv", sample(t, "ssb/07459_long.csv"))
	assert.Equal(t, [3]float64{7, 0, 0}, importCounts(t, res, body))
	assert.Equal(t, []string{"body.line[4].region", "body.line[11].count"}, skippedLocations(body))
	first := body["skipped"].([]any)[1].(map[string]any)
	assert.Equal(t, float64(11), first["line"])
	assert.Equal(t, "count", first["field"])
	assert.Contains(t, first["message"], "passed over")

	res, body = send(t, h, "/v1/imports/population", "text/csv; charset=windows-1252", sample(t, "ssb/07459_wide_windows1252.csv"))
	assert.Equal(t, [3]float64{0, 0, 5}, importCounts(t, res, body), "the same figures, wide and in Windows-1252")

	// A bad row and an unknown municipality: refused, naming line and field.
	bad := "region;år;Personer\n1577 Volda;2024;abc\n9999 Ingen;2024;10\n1520 Ørsta;2025;11200\n"
	res, body = send(t, h, "/v1/imports/population", "text/csv", bad)
	assertInvalid(t, res, body, "body.line[2].count")
	res, body = send(t, h, "/v1/imports/population", "text/csv", "region;år;Personer\n9999 Ingen;2024;10\n")
	assertInvalid(t, res, body, "body.line[2].region")
	res, body = send(t, h, "/v1/imports/population", "text/csv", "region|år|Personer\n1577 Volda|2024|1\n")
	assertInvalid(t, res, body, "body.line[1]")

	// With skipInvalid the rest is loaded.
	res, body = send(t, h, "/v1/imports/population?skipInvalid=true", "text/csv", bad)
	assert.Equal(t, [3]float64{1, 0, 0}, importCounts(t, res, body))
	assert.Equal(t, []string{"body.line[2].count", "body.line[3].region"}, skippedLocations(body))
}

func TestImportEntitiesOperation(t *testing.T) {
	h := newAPI(t)
	res, body := send(t, h, "/v1/imports/entities", "text/csv", sample(t, "enhetsregisteret/enheter.csv"))
	assert.Equal(t, [3]float64{3, 0, 0}, importCounts(t, res, body))
	res, body = send(t, h, "/v1/imports/entities", "application/json", sample(t, "enhetsregisteret/enheter.json"))
	assert.Equal(t, [3]float64{0, 0, 3}, importCounts(t, res, body), "the JSON of the same units")

	for name, tc := range map[string]struct{ contentType, body, location string }{
		"bad check digit": {"text/csv", "organisasjonsnummer,navn,organisasjonsform.kode\n939760946,VOLDA,KOMM\n939760947,FEIL,AS\n",
			"body.line[3].organisasjonsnummer"},
		"duplicate": {"text/csv", "organisasjonsnummer,navn,organisasjonsform.kode\n964978662,VANYLVEN,KOMM\n964978662,VANYLVEN,KOMM\n",
			"body.line[3].organisasjonsnummer"},
		"wrong delimiter": {"text/csv", "organisasjonsnummer|navn|organisasjonsform.kode\n964978662|VANYLVEN|KOMM\n", "body.line[1]"},
		"truncated JSON": {"application/json", "[\n{\"organisasjonsnummer\": \"964978662\", \"navn\": \"VANYLVEN\",\n\"organisasjonsform\": {\"ko",
			"body.line[3]"},
		"a unit without a form": {"application/json", `[{"organisasjonsnummer": "964978662", "navn": "VANYLVEN"}]`,
			"body.units[0].organisasjonsform.kode"},
	} {
		res, body := send(t, h, "/v1/imports/entities", tc.contentType, tc.body)
		assertInvalid(t, res, body, tc.location)
		assert.Equal(t, float64(3), organizationTotal(t, h), "%s: the register changed", name)
	}

	res, body = send(t, h, "/v1/imports/entities?skipInvalid=true", "text/csv",
		"organisasjonsnummer,navn,organisasjonsform.kode\n939760946,VOLDA KOMMUNE (NY),ANNA\n939760947,FEIL,AS\n")
	assert.Equal(t, [3]float64{0, 1, 0}, importCounts(t, res, body), "a new form")
	assert.Equal(t, []string{"body.line[3].organisasjonsnummer"}, skippedLocations(body))
}

// TestImportBodiesOverTheLimit: a file over MaxBodyBytes is a 413 problem,
// not a failed read (a 500), and loads nothing.
func TestImportBodiesOverTheLimit(t *testing.T) {
	h := newAPI(t)
	big := strings.Repeat("x", MaxBodyBytes+10)
	for _, path := range []string{"/v1/imports/population", "/v1/imports/entities"} {
		res, body := send(t, h, path, "text/csv", big)
		assertProblem(t, res, body, http.StatusRequestEntityTooLarge)
	}
	assert.Equal(t, float64(0), organizationTotal(t, h))
}
