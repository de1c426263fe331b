package httpapi

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/negotiation"

	"github.com/munireg/munireg/internal/xlsx"
)

// Spreadsheet habits (DESIGN § 5): list and summary operations also answer
// text/csv or XLSX when the client asks for it with Accept. An answer is
// made of tables, each a sheet: a header row of English column names (the
// JSON field names) or, with ?headers=no, Norwegian ones, and one row per
// item of the list or table.
//
// A CSV answer is the first table (the one the operation is about: the
// holdings of a portfolio, a forum's owners, a budget's rows). Amounts are
// plain decimal strings with (at least) two decimals, shares exact
// decimals, dates YYYY-MM-DD, as in JSON.
//
// An XLSX answer has one named sheet per table, its name in the language
// of the headers. Amounts are numeric cells shown with two decimals
// (#,##0.00), shares and exact values numeric with up to ten places,
// counts and years integers, dates real dates (yyyy-mm-dd), flags booleans,
// text strings (never formulas); the numbers are the JSON's digit for
// digit. What JSON leaves out is a blank cell.
//
// Both are written as raw bytes with their own Content-Type, so huma's
// format negotiation never learns of them: errors stay
// application/problem+json whatever the Accept header says.

// csvContentType is the media type of a CSV answer.
const csvContentType = "text/csv; charset=utf-8"

// spreadsheetTypes are the media types a spreadsheet operation answers in,
// JSON (preferred on a tie) first.
var spreadsheetTypes = []string{"application/json", "text/csv", xlsx.ContentType}

// SpreadsheetParams are the parameters of an operation that can answer CSV
// and XLSX.
type SpreadsheetParams struct {
	Headers string `query:"headers" enum:"en,no" default:"en" doc:"The column and sheet names of a CSV or XLSX answer (Accept: text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet): en, the JSON field names, or no, Norwegian names."`

	accept string // the media type the Accept header prefers
}

// Resolve implements huma.Resolver: it reads the Accept header, which the
// spec documents as the operation's text/csv and XLSX responses rather
// than as a parameter.
func (p *SpreadsheetParams) Resolve(ctx huma.Context) []error {
	p.accept = negotiation.SelectQValue(ctx.Header("Accept"), spreadsheetTypes)
	return nil
}

// tabular reports whether p asks for CSV or XLSX rather than JSON.
func (p SpreadsheetParams) tabular() bool {
	return p.accept != "" && p.accept != "application/json"
}

// column is one column of a table: its English and Norwegian names and its
// cell in a row of type T.
type column[T any] struct {
	en, no string
	value  func(T) xlsx.Cell
}

// columns are the columns of a table of rows of type T, and the English and
// Norwegian names of its sheet.
type columns[T any] struct {
	en, no string
	list   []column[T]
}

// sheet is a table of an answer; its cells are made only when it is
// written, so that a JSON answer does not pay for them.
type sheet struct {
	en, no   string // the sheet's name
	enH, noH []string
	rows     func() [][]xlsx.Cell
}

// sheetOf is the table of rows under cols.
func sheetOf[T any](rows []T, cols columns[T]) sheet {
	s := sheet{en: cols.en, no: cols.no, enH: make([]string, len(cols.list)), noH: make([]string, len(cols.list))}
	for i, c := range cols.list {
		s.enH[i], s.noH[i] = c.en, c.no
	}
	s.rows = func() [][]xlsx.Cell {
		cells := make([][]xlsx.Cell, len(rows))
		for i, r := range rows {
			cells[i] = make([]xlsx.Cell, len(cols.list))
			for j, c := range cols.list {
				cells[i][j] = c.value(r)
			}
		}
		return cells
	}
	return s
}

// table is the answer of an operation that can answer CSV or XLSX: Body is
// the JSON body, or the CSV or XLSX as bytes, which huma writes as they
// are.
type table struct {
	ContentType string `header:"Content-Type" hidden:"true"`
	Body        any
}

// listTable is table for a list, with the Link header of the next page; a
// CSV or XLSX answer is the same page as the JSON one.
type listTable struct {
	Link        string `header:"Link" doc:"RFC 8288 link to the next page (rel=\"next\"), absent on the last."`
	ContentType string `header:"Content-Type" hidden:"true"`
	Body        any
}

// spreadsheet returns body, or, when p asks for CSV or XLSX, the rows
// under the columns.
func spreadsheet[T any](p SpreadsheetParams, body any, rows []T, cols columns[T]) *table {
	return workbook(p, body, sheetOf(rows, cols))
}

// workbook returns body, or, when p asks for it, the first sheet as CSV or
// all of them as XLSX.
func workbook(p SpreadsheetParams, body any, sheets ...sheet) *table {
	norwegian := p.Headers == "no"
	if !p.tabular() {
		return &table{Body: body}
	}
	switch p.accept {
	case "text/csv":
		return &table{ContentType: csvContentType, Body: writeCSV(sheets[0], norwegian)}
	case xlsx.ContentType:
		return &table{ContentType: xlsx.ContentType, Body: writeXLSX(sheets, norwegian)}
	}
	panic("httpapi: a spreadsheet in " + p.accept)
}

// listSpreadsheet is spreadsheet for a page of a list.
func listSpreadsheet[T any](p SpreadsheetParams, page *listOutput[T], cols columns[T]) *listTable {
	t := spreadsheet(p, page.Body, page.Body.Items, cols)
	return &listTable{Link: page.Link, ContentType: t.ContentType, Body: t.Body}
}

// writeCSV writes a header row of the sheet's column names, Norwegian or
// English, and a line per row.
func writeCSV(s sheet, norwegian bool) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(s.header(norwegian)) // a bytes.Buffer does not fail
	line := make([]string, len(s.enH))
	for _, r := range s.rows() {
		for i, c := range r {
			line[i] = safeCell(c.Value)
		}
		_ = w.Write(line)
	}
	w.Flush()
	return b.Bytes()
}

// writeXLSX writes the sheets as a workbook, names and headers Norwegian
// or English. A text longer than a cell holds is cut to fit, ending in
// "…". The sheets are made here from the column lists, so xlsx.Write has
// nothing to refuse: an error is a bug, and a panic (a 500).
func writeXLSX(sheets []sheet, norwegian bool) []byte {
	out := make([]xlsx.Sheet, len(sheets))
	for i, s := range sheets {
		rows := s.rows()
		out[i] = xlsx.Sheet{Name: s.en, Header: s.header(norwegian), Rows: make([][]xlsx.Cell, len(rows))}
		if norwegian {
			out[i].Name = s.no
		}
		for k, r := range rows {
			out[i].Rows[k] = make([]xlsx.Cell, len(r))
			for j, c := range r {
				if c.Kind == xlsx.Text {
					c.Value = clip(c.Value)
				}
				out[i].Rows[k][j] = c
			}
		}
	}
	var b bytes.Buffer
	if err := xlsx.Write(&b, out...); err != nil {
		panic(fmt.Sprintf("httpapi: a spreadsheet the xlsx package refuses: %v", err))
	}
	return b.Bytes()
}

func (s sheet) header(norwegian bool) []string {
	if norwegian {
		return s.noH
	}
	return s.enH
}

// clip cuts s to the length a spreadsheet cell holds, ending in "…".
func clip(s string) string {
	u := utf16.Encode([]rune(s))
	if len(u) <= xlsx.MaxText {
		return s
	}
	u = u[:xlsx.MaxText-1]
	if r := u[len(u)-1]; r >= 0xD800 && r < 0xDC00 { // the first half of a pair
		u = u[:len(u)-1]
	}
	return string(utf16.Decode(u)) + "…"
}

// safeCell keeps a text from the register from running as a formula when a
// spreadsheet opens the CSV (CSV injection: a name like "=HYPERLINK(…)"):
// text that a spreadsheet would read as a formula is prefixed with an
// apostrophe. Numbers, negative ones included, stay as they are. (An XLSX
// text cell is never a formula and needs no prefix.)
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
// type B or, on Accept: text/csv or XLSX, a table: the spec documents all
// three.
func registerSpreadsheet[B, I, O any](api huma.API, op huma.Operation, handler func(ctx context.Context, in *I) (*O, error)) {
	schema := api.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[B](), true, op.OperationID+"Response")
	if op.Responses == nil {
		op.Responses = map[string]*huma.Response{}
	}
	op.Responses[strconv.Itoa(http.StatusOK)] = &huma.Response{
		Description: "OK: JSON; or, when Accept asks for it, CSV (text/csv, the first table) with a header row, or an " +
			"XLSX workbook (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet) with one sheet per " +
			"table, a header row, and amounts as numbers with two decimals. ?headers=no names columns and sheets in Norwegian.",
		Content: map[string]*huma.MediaType{
			"application/json": {Schema: schema},
			"text/csv":         {Schema: &huma.Schema{Type: huma.TypeString, Description: "RFC 4180 CSV, UTF-8, with a header row."}},
			// A binary body: OpenAPI 3.1 describes it by its media type
			// alone, without a schema.
			xlsx.ContentType: {},
		},
	}
	huma.Register(api, op, handler)
}

// Cells of an answer: as in JSON, blank for what JSON leaves out.

func textCell(s string) xlsx.Cell { return xlsx.Cell{Kind: xlsx.Text, Value: s} }

func moneyCell(m Money) xlsx.Cell { return xlsx.Cell{Kind: xlsx.Money, Value: m.text()} }

func optMoneyCell(m *Money) xlsx.Cell {
	if m == nil {
		return xlsx.Cell{Kind: xlsx.Money}
	}
	return moneyCell(*m)
}

func decimalCell(d Decimal) xlsx.Cell { return xlsx.Cell{Kind: xlsx.Decimal, Value: d.String()} }

func optDecimalCell(d *Decimal) xlsx.Cell {
	if d == nil {
		return xlsx.Cell{Kind: xlsx.Decimal}
	}
	return decimalCell(*d)
}

func dateCell(d *Date) xlsx.Cell {
	if d == nil {
		return xlsx.Cell{Kind: xlsx.Date}
	}
	return xlsx.Cell{Kind: xlsx.Date, Value: d.UTC().Format(time.DateOnly)}
}

func intCell[N int | int64](n N) xlsx.Cell {
	return xlsx.Cell{Kind: xlsx.Integer, Value: strconv.FormatInt(int64(n), 10)}
}

func boolCell(b bool) xlsx.Cell { return xlsx.Cell{Kind: xlsx.Bool, Value: strconv.FormatBool(b)} }
