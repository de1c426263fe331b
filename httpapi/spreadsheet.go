package httpapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/negotiation"
)

// Spreadsheet habits (DESIGN § 5): list and summary operations also answer
// text/csv when the client asks for it with Accept, one row per item of the
// list or table, with a header row of English column names (the JSON field
// names) or, with ?headers=no, Norwegian ones. Amounts are plain decimal
// strings with (at least) two decimals, shares exact decimals, dates
// YYYY-MM-DD, as in JSON.
//
// The CSV is written as raw bytes with its own Content-Type, so huma's
// format negotiation never learns of text/csv: errors stay
// application/problem+json whatever the Accept header says.

// csvContentType is the media type of a CSV answer.
const csvContentType = "text/csv; charset=utf-8"

// SpreadsheetParams are the parameters of an operation that can answer CSV.
type SpreadsheetParams struct {
	Headers string `query:"headers" enum:"en,no" default:"en" doc:"The column names of a CSV answer (Accept: text/csv): en, the JSON field names, or no, Norwegian names."`

	csv bool // whether the Accept header prefers text/csv
}

// Resolve implements huma.Resolver: it reads the Accept header, which the
// spec documents as the operation's text/csv response rather than as a
// parameter.
func (p *SpreadsheetParams) Resolve(ctx huma.Context) []error {
	p.csv = negotiation.SelectQValue(ctx.Header("Accept"), []string{"application/json", "text/csv"}) == "text/csv"
	return nil
}

// column is one column of a CSV answer: its English and Norwegian names
// and its value in a row of type T.
type column[T any] struct {
	en, no string
	value  func(T) string
}

// table is the answer of an operation that can answer CSV: Body is the
// JSON body, or the CSV as bytes, which huma writes as they are.
type table struct {
	ContentType string `header:"Content-Type" hidden:"true"`
	Body        any
}

// listTable is table for a list, with the Link header of the next page; a
// CSV answer is the same page as the JSON one.
type listTable struct {
	Link        string `header:"Link" doc:"RFC 8288 link to the next page (rel=\"next\"), absent on the last."`
	ContentType string `header:"Content-Type" hidden:"true"`
	Body        any
}

// spreadsheet returns body, or, when p asks for CSV, the rows as CSV with
// the columns.
func spreadsheet[T any](p SpreadsheetParams, body any, rows []T, cols []column[T]) *table {
	if !p.csv {
		return &table{Body: body}
	}
	return &table{ContentType: csvContentType, Body: writeCSV(rows, cols, p.Headers == "no")}
}

// listSpreadsheet is spreadsheet for a page of a list.
func listSpreadsheet[T any](p SpreadsheetParams, page *listOutput[T], cols []column[T]) *listTable {
	t := spreadsheet(p, page.Body, page.Body.Items, cols)
	return &listTable{Link: page.Link, ContentType: t.ContentType, Body: t.Body}
}

// writeCSV writes a header row of the columns' names, Norwegian or
// English, and a line per row.
func writeCSV[T any](rows []T, cols []column[T], norwegian bool) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	line := make([]string, len(cols))
	for i, c := range cols {
		line[i] = c.en
		if norwegian {
			line[i] = c.no
		}
	}
	_ = w.Write(line) // a bytes.Buffer does not fail
	for _, r := range rows {
		for i, c := range cols {
			line[i] = safeCell(c.value(r))
		}
		_ = w.Write(line)
	}
	w.Flush()
	return b.Bytes()
}

// safeCell keeps a text from the register from running as a formula when a
// spreadsheet opens the CSV (CSV injection: a name like "=HYPERLINK(…)"):
// text that a spreadsheet would read as a formula is prefixed with an
// apostrophe. Numbers, negative ones included, stay as they are.
func safeCell(v string) string {
	if v == "" || !strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return v
	}
	if _, err := strconv.ParseFloat(v, 64); err == nil {
		return v
	}
	return "'" + v
}

// registerSpreadsheet registers op, whose 200 answer is a JSON body of
// type B or, on Accept: text/csv, a CSV table: the spec documents both.
func registerSpreadsheet[B, I, O any](api huma.API, op huma.Operation, handler func(ctx context.Context, in *I) (*O, error)) {
	schema := api.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[B](), true, op.OperationID+"Response")
	if op.Responses == nil {
		op.Responses = map[string]*huma.Response{}
	}
	op.Responses[strconv.Itoa(http.StatusOK)] = &huma.Response{
		Description: "OK: JSON, or CSV with a header row when Accept asks for text/csv.",
		Content: map[string]*huma.MediaType{
			"application/json": {Schema: schema},
			"text/csv":         {Schema: &huma.Schema{Type: huma.TypeString, Description: "RFC 4180 CSV, UTF-8, with a header row."}},
		},
	}
	huma.Register(api, op, handler)
}

// Cells of a CSV answer: as in JSON, empty for what JSON leaves out.

func moneyCell(m *Money) string {
	if m == nil {
		return ""
	}
	return m.text()
}

func decimalCell(d *Decimal) string {
	if d == nil {
		return ""
	}
	return d.String()
}

func dateCell(d *Date) string {
	if d == nil {
		return ""
	}
	return d.UTC().Format(time.DateOnly)
}

func intCell[N int | int64](n N) string { return strconv.FormatInt(int64(n), 10) }
