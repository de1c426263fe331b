package httpapi

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/munireg/munireg/internal/xlsx"
)

// workbookOf performs a request with Accept asking for XLSX, requires an
// XLSX answer and opens it with an independent reader.
func workbookOf(t *testing.T, h http.Handler, method, path, body string) *excelize.File {
	t.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", xlsx.ContentType)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, "%s %s: %s", method, path, rec.Body)
	require.Equal(t, xlsx.ContentType, rec.Header().Get("Content-Type"))
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	require.NoError(t, err, "%s %s is not a workbook", method, path)
	t.Cleanup(func() { _ = f.Close() })
	return f
}

// sheetTable is a sheet's header row and its rows as shown.
func sheetTable(t *testing.T, f *excelize.File, sheet string) (header []string, rows [][]string) {
	t.Helper()
	all, err := f.GetRows(sheet)
	require.NoError(t, err, "sheet %q", sheet)
	require.NotEmpty(t, all, "sheet %q has no header row", sheet)
	return all[0], all[1:]
}

// at is the reference of the cell in the named column of row i (from 0)
// of a sheet.
func at(t *testing.T, header []string, name string, i int) string {
	t.Helper()
	j := slices.Index(header, name)
	require.GreaterOrEqual(t, j, 0, "no column %q in %v", name, header)
	ref, err := excelize.CoordinatesToCellName(j+1, i+2)
	require.NoError(t, err)
	return ref
}

// numberAt requires the cell to be a number and returns its value as
// stored and its number format.
func numberAt(t *testing.T, f *excelize.File, sheet, ref string) (decimal.Decimal, string) {
	t.Helper()
	typ, err := f.GetCellType(sheet, ref)
	require.NoError(t, err)
	require.Contains(t, []excelize.CellType{excelize.CellTypeUnset, excelize.CellTypeNumber}, typ, "%s!%s is not a number", sheet, ref)
	raw, err := f.GetCellValue(sheet, ref, excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	v, err := decimal.NewFromString(raw)
	require.NoError(t, err, "%s!%s = %q", sheet, ref, raw)
	idx, err := f.GetCellStyle(sheet, ref)
	require.NoError(t, err)
	style, err := f.GetStyle(idx)
	require.NoError(t, err)
	format := map[int]string{0: "General", 1: "0"}[style.NumFmt]
	if style.CustomNumFmt != nil {
		format = *style.CustomNumFmt
	}
	return v, format
}

// assertMoney checks that a cell is a number equal to want (JSON's
// "1000.50") shown with two decimals.
func assertMoney(t *testing.T, f *excelize.File, sheet, ref, want string) {
	t.Helper()
	v, format := numberAt(t, f, sheet, ref)
	assert.True(t, v.Equal(decimal.RequireFromString(want)), "%s!%s = %s, want %s", sheet, ref, v, want)
	assert.Equal(t, "#,##0.00", format, "%s!%s", sheet, ref)
}

// TestBudgetAnswersSpreadsheets: the budget's rows as CSV and XLSX, the
// amounts numbers equal to the JSON's, summing to the total exactly.
func TestBudgetAnswersSpreadsheets(t *testing.T) {
	h := newAPI(t)
	m := newSunnmore(t, h)
	agreement := create(t, h, "/v1/agreements", m.hostAgreement())["id"].(string)
	budget := create(t, h, "/v1/agreements/"+agreement+"/budgets", `{"year": 2024, "total": "1000.50"}`)
	id := budget["id"].(string)
	amounts := rows(t, budget, "rows", "amount")
	require.Len(t, amounts, 3)

	header, records := spreadsheetOf(t, h, http.MethodGet, "/v1/budgets/"+id, "")
	assert.Equal(t, []string{"organization", "name", "amount", "exact", "exact (fast)", "exact (innbyggere)"}, header)
	require.Len(t, records, 3, "one row per participant")
	for i, r := range records {
		assert.Equal(t, amounts[i], cell(t, header, r, "amount"))
	}
	assert.Equal(t, m.volda, cell(t, header, records[0], "organization"))
	assert.Equal(t, "Volda kommune", cell(t, header, records[0], "name"))
	assert.Equal(t, "100.05", cell(t, header, records[0], "exact (fast)"))

	f := workbookOf(t, h, http.MethodGet, "/v1/budgets/"+id, "")
	assert.Equal(t, []string{"Allocation", "Key", "Budget"}, f.GetSheetList())
	header, shown := sheetTable(t, f, "Allocation")
	assert.Equal(t, []string{"organization", "name", "amount", "exact", "exact (fast)", "exact (innbyggere)"}, header)
	require.Len(t, shown, 3)
	sum := decimal.Zero
	for i := range shown {
		ref := at(t, header, "amount", i)
		assertMoney(t, f, "Allocation", ref, amounts[i].(string))
		v, _ := numberAt(t, f, "Allocation", ref)
		sum = sum.Add(v)
		exact, format := numberAt(t, f, "Allocation", at(t, header, "exact", i))
		want := budget["rows"].([]any)[i].(map[string]any)["exact"].(string)
		assert.True(t, exact.Equal(decimal.RequireFromString(want)), "exact %s, want %s", exact, want)
		assert.Equal(t, "0.00########", format)
	}
	assert.True(t, sum.Equal(decimal.RequireFromString("1000.50")), "Σ amounts = %s, want the total 1000.50", sum)
	assert.Equal(t, "Hareid kommune", shown[2][1])

	header, shown = sheetTable(t, f, "Key")
	assert.Equal(t, []string{"name", "weight", "basis"}, header)
	assert.Equal(t, [][]string{{"fast", "0.30", "equal"}, {"innbyggere", "0.70", "population"}}, shown)

	header, shown = sheetTable(t, f, "Budget")
	require.Len(t, shown, 1)
	assertMoney(t, f, "Budget", at(t, header, "total", 0), "1000.50")
	assertMoney(t, f, "Budget", at(t, header, "sum", 0), "1000.50")
	assert.Equal(t, "2024-01-01", shown[0][slices.Index(header, "asOf")], "a date shown as ISO")
	year, format := numberAt(t, f, "Budget", at(t, header, "year", 0))
	assert.Equal(t, "2024", year.String())
	assert.Equal(t, "0", format, "a year is an integer without grouping")

	f = workbookOf(t, h, http.MethodGet, "/v1/budgets/"+id+"?headers=no", "")
	assert.Equal(t, []string{"Fordeling", "Fordelingsnøkkel", "Budsjett"}, f.GetSheetList())
	header, _ = sheetTable(t, f, "Fordeling")
	assert.Equal(t, []string{"organisasjon", "navn", "beløp", "eksakt beløp", "eksakt (fast)", "eksakt (innbyggere)"}, header)
	assertMoney(t, f, "Fordeling", at(t, header, "beløp", 0), amounts[0].(string))

	// JSON is still the default.
	res, body := get(t, h, "/v1/budgets/"+id, "Accept", "*/*")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "application/json", res.Header.Get("Content-Type"))
	assert.Equal(t, budget["rows"], body["rows"])
}

func TestSummariesAnswerXLSX(t *testing.T) {
	h := newAPI(t)
	o := newOwners(t, h)
	create(t, h, "/v1/flows", fmt.Sprintf(`{"owner": %q, "entity": %q, "kind": "dividend", "year": 2023, "amount": "1000.5"}`, o.volda, o.kraft))

	// The owner portfolio: one table, one sheet.
	f := workbookOf(t, h, http.MethodGet, "/v1/summaries/owners/"+o.volda+"?year=2023&headers=no", "")
	assert.Equal(t, []string{"Eierandeler"}, f.GetSheetList())
	header, shown := sheetTable(t, f, "Eierandeler")
	assert.Equal(t, []string{"selskap", "navn", "organisasjonsform", "direkte", "eierandel", "stemmeandel",
		"indirekte eierandel", "formål", "kategori", "bokført verdi", "inntekt", "endring", "eierlån", "garanti"}, header)
	require.Len(t, shown, 2, "Tussa Kraft directly, Tussa Nett through it")
	i := slices.IndexFunc(shown, func(r []string) bool { return r[1] == "Tussa Kraft AS" })
	require.GreaterOrEqual(t, i, 0, "Tussa Kraft in %v", shown)
	assertMoney(t, f, "Eierandeler", at(t, header, "inntekt", i), "1000.50")
	assert.Equal(t, "1,000.50", shown[i][slices.Index(header, "inntekt")], "shown with two decimals")
	assertMoney(t, f, "Eierandeler", at(t, header, "bokført verdi", i), "1000000.50")
	share, format := numberAt(t, f, "Eierandeler", at(t, header, "eierandel", i))
	assert.Equal(t, "0.45735", share.String())
	assert.Equal(t, "0.00########", format)
	typ, err := f.GetCellType("Eierandeler", at(t, header, "direkte", i))
	require.NoError(t, err)
	assert.Equal(t, excelize.CellTypeBool, typ)
	assert.Equal(t, "Avkastning og forsyningssikkerhet", shown[i][slices.Index(header, "formål")])

	f = workbookOf(t, h, http.MethodGet, "/v1/summaries/owners/"+o.volda+"?year=2023", "")
	assert.Equal(t, []string{"Holdings"}, f.GetSheetList())
	header, _ = sheetTable(t, f, "Holdings")
	assert.Equal(t, "income", header[10])

	// The forum summary: its owners and its entities, a sheet each.
	forum := fmt.Sprintf(`{"name": "Sunnmore", "owners": [%q, %q], "year": 2023}`, o.volda, o.orsta)
	res, body := call(t, h, http.MethodPost, "/v1/summaries/forum", forum)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	f = workbookOf(t, h, http.MethodPost, "/v1/summaries/forum", forum)
	assert.Equal(t, []string{"Owners", "Entities"}, f.GetSheetList())
	header, shown = sheetTable(t, f, "Owners")
	assert.Equal(t, []string{"rank", "owner", "name", "income", "change", "population", "perInhabitant"}, header)
	require.Len(t, shown, 2)
	for i, r := range body["owners"].([]any) {
		owner := r.(map[string]any)
		assert.Equal(t, owner["name"], shown[i][2])
		assertMoney(t, f, "Owners", at(t, header, "income", i), owner["income"].(map[string]any)["total"].(string))
		if p, ok := owner["perInhabitant"].(string); ok {
			assertMoney(t, f, "Owners", at(t, header, "perInhabitant", i), p)
		}
	}
	header, shown = sheetTable(t, f, "Entities")
	assert.Equal(t, []string{"rank", "entity", "name", "kind", "economic", "owners", "income", "change"}, header)
	entities := body["entities"].([]any)
	require.Len(t, shown, len(entities))
	for i, r := range entities {
		e := r.(map[string]any)
		assert.Equal(t, e["name"], shown[i][2])
		share, _ := numberAt(t, f, "Entities", at(t, header, "economic", i))
		assert.Equal(t, e["economic"], share.String())
		assertMoney(t, f, "Entities", at(t, header, "income", i), e["income"].(map[string]any)["total"].(string))
	}

	id := create(t, h, "/v1/forums", fmt.Sprintf(`{"name": "Sunnmore", "owners": [%q, %q]}`, o.volda, o.orsta))["id"].(string)
	stored := workbookOf(t, h, http.MethodGet, "/v1/forums/"+id+"/summary?year=2023&headers=no", "")
	assert.Equal(t, []string{"Eiere", "Selskaper"}, stored.GetSheetList())
	for _, sheet := range [][2]string{{"Owners", "Eiere"}, {"Entities", "Selskaper"}} {
		_, posted := sheetTable(t, f, sheet[0])
		_, got := sheetTable(t, stored, sheet[1])
		assert.Equal(t, posted, got, "the stored forum's %s as the posted one's", sheet[1])
	}

	// The entity summary falls out of the same mechanism.
	f = workbookOf(t, h, http.MethodGet, "/v1/summaries/entities/"+o.kraft+"?year=2023&headers=no", "")
	assert.Equal(t, []string{"Eiere"}, f.GetSheetList())
	header, _ = sheetTable(t, f, "Eiere")
	assertMoney(t, f, "Eiere", at(t, header, "mottatt", 1), "1000.50")
}

func TestListsAnswerXLSX(t *testing.T) {
	h := newAPI(t)
	o := newOwners(t, h)
	create(t, h, "/v1/flows", fmt.Sprintf(`{"owner": %q, "entity": %q, "kind": "dividend", "year": 2023, "amount": "1000.5"}`, o.volda, o.kraft))
	hostile := `=HYPERLINK("http://example.com","x") <b>&amp;</b>`
	createOrg(t, h, hostile, "as", "")

	f := workbookOf(t, h, http.MethodGet, "/v1/flows?headers=no", "")
	assert.Equal(t, []string{"Pengestrømmer"}, f.GetSheetList())
	header, shown := sheetTable(t, f, "Pengestrømmer")
	require.Len(t, shown, 1)
	assertMoney(t, f, "Pengestrømmer", at(t, header, "beløp", 0), "1000.50")
	year, format := numberAt(t, f, "Pengestrømmer", at(t, header, "regnskapsår", 0))
	assert.Equal(t, "2023", year.String())
	assert.Equal(t, "0", format)

	// A name that looks like a formula is text, as written; in CSV it is
	// defused with an apostrophe.
	f = workbookOf(t, h, http.MethodGet, "/v1/organizations?kind=as", "")
	assert.Equal(t, []string{"Organizations"}, f.GetSheetList())
	header, shown = sheetTable(t, f, "Organizations")
	i := slices.IndexFunc(shown, func(r []string) bool { return strings.Contains(r[1], "HYPERLINK") })
	require.GreaterOrEqual(t, i, 0, "the hostile name in %v", shown)
	ref := at(t, header, "name", i)
	assert.Equal(t, hostile, shown[i][1])
	formula, err := f.GetCellFormula("Organizations", ref)
	require.NoError(t, err)
	assert.Empty(t, formula)
	typ, err := f.GetCellType("Organizations", ref)
	require.NoError(t, err)
	assert.Equal(t, excelize.CellTypeInlineString, typ)
	csvHeader, records := spreadsheetOf(t, h, http.MethodGet, "/v1/organizations?kind=as", "")
	assert.Contains(t, slices.Collect(func(yield func(string) bool) {
		for _, r := range records {
			if !yield(cell(t, csvHeader, r, "name")) {
				return
			}
		}
	}), "'"+hostile)

	f = workbookOf(t, h, http.MethodGet, "/v1/positions?owner="+o.volda, "")
	header, shown = sheetTable(t, f, "Positions")
	require.Len(t, shown, 1)
	assert.Equal(t, "2020-01-01", shown[0][slices.Index(header, "validFrom")])
	assert.Empty(t, shown[0][slices.Index(header, "validTo")], "blank where JSON leaves it out")
	assertMoney(t, f, "Positions", at(t, header, "bookValue", 0), "1000000.50")

	// A page of a list: the Link header leads on, as in JSON.
	req := httptest.NewRequest(http.MethodGet, "/v1/organizations?limit=2", nil)
	req.Header.Set("Accept", xlsx.ContentType)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Contains(t, rec.Header().Get("Link"), `rel="next"`)
}

// TestSpreadsheetsAreDocumented: the spec documents XLSX beside JSON and
// CSV on the operations that answer it.
func TestSpreadsheetsAreDocumented(t *testing.T) {
	rec := httptest.NewRecorder()
	New(Deps{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.json", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	var spec struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]any `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
	}
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &spec))
	for _, op := range [][2]string{
		{"/v1/summaries/owners/{id}", "get"},
		{"/v1/summaries/entities/{id}", "get"},
		{"/v1/summaries/forum", "post"},
		{"/v1/forums/{id}/summary", "get"},
		{"/v1/budgets/{id}", "get"},
		{"/v1/organizations", "get"},
		{"/v1/positions", "get"},
		{"/v1/flows", "get"},
		{"/v1/agreements", "get"},
	} {
		content := spec.Paths[op[0]][op[1]].Responses["200"].Content
		for _, media := range []string{"application/json", "text/csv", xlsx.ContentType} {
			assert.Contains(t, content, media, "%s %s", strings.ToUpper(op[1]), op[0])
		}
	}
}

// TestSheetNamesAreValid: every table's sheet names, in both languages,
// are names a spreadsheet takes.
func TestSheetNamesAreValid(t *testing.T) {
	for _, s := range []sheet{
		sheetOf(nil, organizationColumns), sheetOf(nil, positionColumns), sheetOf(nil, flowColumns),
		sheetOf(nil, agreementColumns), sheetOf(nil, holdingColumns), sheetOf(nil, entityOwnerColumns),
		sheetOf(nil, forumOwnerColumns), sheetOf(nil, forumEntityColumns), sheetOf(nil, keyColumns),
		sheetOf(nil, budgetHeaderColumns), sheetOf(nil, budgetColumns(KeyBody{}, nil)),
	} {
		for _, norwegian := range []bool{false, true} {
			b := writeXLSX([]sheet{s}, norwegian) // panics on a name xlsx refuses
			assert.NotEmpty(t, b)
		}
		assert.Len(t, s.noH, len(s.enH))
	}
}

func TestClip(t *testing.T) {
	long := strings.Repeat("ø", xlsx.MaxText+10)
	got := clip(long)
	assert.Equal(t, xlsx.MaxText, len([]rune(got)), "clip(%d characters)", len([]rune(long)))
	assert.True(t, strings.HasSuffix(got, "…"))
	for _, s := range []string{
		strings.Repeat("\U0001F600", xlsx.MaxText/2+1),       // pairs of UTF-16 units, cut between two
		"a" + strings.Repeat("\U0001F600", xlsx.MaxText/2+1), // cut inside a pair
	} {
		got := clip(s)
		assert.LessOrEqual(t, len(utf16.Encode([]rune(got))), xlsx.MaxText)
		assert.GreaterOrEqual(t, len(utf16.Encode([]rune(got))), xlsx.MaxText-1)
		assert.True(t, utf8.ValidString(got) && !strings.ContainsRune(got, utf8.RuneError), "clip keeps no half of a pair")
		assert.True(t, strings.HasSuffix(got, "😀…"))
	}
	assert.Equal(t, "Volda kommune", clip("Volda kommune"))
}
