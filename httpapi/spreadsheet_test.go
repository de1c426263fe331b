package httpapi

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/xlsx"
)

// spreadsheetOf performs a request with Accept: text/csv, requires a CSV
// answer and returns its header row and the rows.
func spreadsheetOf(t *testing.T, h http.Handler, method, path, body string) (header []string, records [][]string) {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "text/csv")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, "%s %s: %s", method, path, rec.Body)
	assert.Equal(t, csvContentType, rec.Header().Get("Content-Type"))
	all, err := csv.NewReader(rec.Body).ReadAll()
	require.NoError(t, err, "%s %s is not CSV", method, path)
	require.NotEmpty(t, all, "no header row")
	return all[0], all[1:]
}

// cell is the cell of the named column of a row.
func cell(t *testing.T, header, row []string, name string) string {
	t.Helper()
	for i, h := range header {
		if h == name {
			return row[i]
		}
	}
	t.Fatalf("no column %q in %v", name, header)
	return ""
}

func TestListsAnswerCSV(t *testing.T) {
	h := newAPI(t)
	o := newOwners(t, h)
	create(t, h, "/v1/flows", fmt.Sprintf(`{"owner": %q, "entity": %q, "kind": "dividend", "year": 2023, "amount": "1000.5"}`, o.volda, o.kraft))

	header, records := spreadsheetOf(t, h, http.MethodGet, "/v1/organizations?kind=kommune", "")
	assert.Equal(t, []string{"id", "name", "kind", "orgNumber", "municipality", "validFrom", "validTo"}, header)
	require.Len(t, records, 3)
	assert.Equal(t, "Hareid kommune", cell(t, header, records[0], "name"), "in order of name")

	header, records = spreadsheetOf(t, h, http.MethodGet, "/v1/organizations?kind=as&headers=no", "")
	assert.Equal(t, []string{"id", "navn", "organisasjonsform", "organisasjonsnummer", "kommunenummer", "gyldig fra", "gyldig til"}, header)
	assert.Len(t, records, 2)

	// A page of a list: the Link header leads on, as in JSON.
	req := httptest.NewRequest(http.MethodGet, "/v1/organizations?limit=2", nil)
	req.Header.Set("Accept", "text/csv")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Contains(t, rec.Header().Get("Link"), `rel="next"`)

	header, records = spreadsheetOf(t, h, http.MethodGet, "/v1/positions?owner="+o.volda+"&headers=no", "")
	require.Len(t, records, 1)
	assert.Equal(t, "0.45735", cell(t, header, records[0], "eierandel"))
	assert.Equal(t, "1000000.50", cell(t, header, records[0], "bokført verdi"))
	assert.Equal(t, "2020-01-01", cell(t, header, records[0], "gyldig fra"))
	assert.Empty(t, cell(t, header, records[0], "gyldig til"))

	header, records = spreadsheetOf(t, h, http.MethodGet, "/v1/flows?headers=no", "")
	require.Len(t, records, 1)
	assert.Equal(t, "1000.50", cell(t, header, records[0], "beløp"), "money with two decimals")
	assert.Equal(t, "2023", cell(t, header, records[0], "regnskapsår"))

	header, records = spreadsheetOf(t, h, http.MethodGet, "/v1/agreements", "")
	require.Len(t, records, 1)
	assert.Equal(t, "Sunnmore Renovasjon IKS", cell(t, header, records[0], "name"))
	assert.Equal(t, "3", cell(t, header, records[0], "participants"))

	// JSON is still the default, and what a client prefers.
	for _, accept := range []string{"", "application/json", "*/*", "text/csv;q=0.5, application/json"} {
		res, body := get(t, h, "/v1/flows", "Accept", accept)
		require.Equal(t, http.StatusOK, res.StatusCode)
		assert.Equal(t, "application/json", res.Header.Get("Content-Type"), "Accept %q", accept)
		assert.EqualValues(t, 1, body["total"])
	}
}

func TestSummariesAnswerCSV(t *testing.T) {
	h := newAPI(t)
	o := newOwners(t, h)
	create(t, h, "/v1/flows", fmt.Sprintf(`{"owner": %q, "entity": %q, "kind": "dividend", "year": 2023, "amount": "1000.5"}`, o.volda, o.kraft))

	header, records := spreadsheetOf(t, h, http.MethodGet, "/v1/summaries/owners/"+o.volda+"?year=2023&headers=no", "")
	require.Len(t, records, 2, "Tussa Kraft directly, Tussa Nett through it")
	assert.Equal(t, []string{"selskap", "navn", "organisasjonsform", "direkte", "eierandel", "stemmeandel",
		"indirekte eierandel", "formål", "kategori", "bokført verdi", "inntekt", "endring", "eierlån", "garanti"}, header)
	byName := map[string][]string{}
	for _, r := range records {
		byName[cell(t, header, r, "navn")] = r
	}
	require.Contains(t, byName, "Tussa Kraft AS")
	assert.Equal(t, "1000.50", cell(t, header, byName["Tussa Kraft AS"], "inntekt"))
	assert.Equal(t, "true", cell(t, header, byName["Tussa Kraft AS"], "direkte"))

	header, records = spreadsheetOf(t, h, http.MethodGet, "/v1/summaries/entities/"+o.kraft+"?year=2023", "")
	require.Len(t, records, 2)
	assert.Equal(t, []string{"owner", "name", "kind", "economic", "voting", "bookValue", "received", "ownerLoan", "guarantee"}, header)
	assert.Equal(t, o.orsta, cell(t, header, records[0], "owner"), "largest share first")
	assert.Equal(t, "1000.50", cell(t, header, records[1], "received"))

	forum := fmt.Sprintf(`{"name": "Sunnmore", "owners": [%q, %q], "year": 2023}`, o.volda, o.orsta)
	header, records = spreadsheetOf(t, h, http.MethodPost, "/v1/summaries/forum?headers=no", forum)
	require.Len(t, records, 2)
	assert.Equal(t, "1", cell(t, header, records[0], "rangering"))
	assert.Equal(t, "1000.50", cell(t, header, records[0], "inntekt"))

	id := create(t, h, "/v1/forums", fmt.Sprintf(`{"name": "Sunnmore", "owners": [%q, %q]}`, o.volda, o.orsta))["id"].(string)
	_, stored := spreadsheetOf(t, h, http.MethodGet, "/v1/forums/"+id+"/summary?year=2023&headers=no", "")
	assert.Equal(t, records, stored)
}

// TestErrorsStayProblemsUnderCSV: asking for CSV or XLSX never turns a
// problem into CSV or XLSX.
func TestErrorsStayProblemsUnderCSV(t *testing.T) {
	h := newAPI(t)
	for path, status := range map[string]int{
		"/v1/summaries/owners/" + missingID + "?year=2023": http.StatusNotFound,
		"/v1/forums/" + missingID + "/summary?year=2023":   http.StatusNotFound,
		"/v1/budgets/" + missingID:                         http.StatusNotFound,
		"/v1/organizations?asOf=yesterday":                 http.StatusUnprocessableEntity,
		"/v1/flows?headers=fr":                             http.StatusUnprocessableEntity,
	} {
		for _, accept := range []string{"text/csv", xlsx.ContentType} {
			req := httptest.NewRequest(http.MethodGet, path, nil)
			req.Header.Set("Accept", accept)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var body map[string]any
			require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &body), "%s (%s): %s", path, accept, rec.Body)
			assertProblem(t, rec.Result(), body, status)
		}
	}
}

func TestSafeCell(t *testing.T) {
	for in, want := range map[string]string{
		"Volda kommune":            "Volda kommune",
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+47 123":                  "'+47 123",
		"@SUM(A1:A2)":              "'@SUM(A1:A2)",
		"-1234.56":                 "-1234.56",
		"-cmd|' /C calc'!A0":       "'-cmd|' /C calc'!A0",
		"":                         "",
		"1000.50":                  "1000.50",
	} {
		if got := safeCell(in); got != want {
			t.Errorf("safeCell(%q) = %q, want %q", in, got, want)
		}
	}
}
