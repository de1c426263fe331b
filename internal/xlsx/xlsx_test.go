package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite golden files")

// sample is a workbook of two sheets with every kind of cell.
func sample() []Sheet {
	return []Sheet{
		{Name: "Eierandeler", Header: []string{"navn", "eierandel", "bokført verdi", "aksjer", "gyldig fra", "direkte"},
			Rows: [][]Cell{
				{{Text, "Tussa Kraft AS"}, {Decimal, "0.45735"}, {Money, "1000000.50"}, {Integer, "120"}, {Date, "2020-01-01"}, {Bool, "true"}},
				{{Text, "=HYPERLINK(\"http://x\")"}, {Decimal, "1"}, {Money, ""}, {Integer, "-3"}, {Date, "1838-01-01"}, {Bool, "false"}},
			}},
		{Name: "Selskaper & eiere", Header: []string{"<navn>"}, Rows: [][]Cell{{{Text, "A & B \"AS\""}}}},
	}
}

// parts opens a workbook and returns its parts by name.
func parts(t *testing.T, b []byte) map[string][]byte {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	require.NoError(t, err, "not a zip")
	out := map[string][]byte{}
	for _, f := range z.File {
		r, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(r)
		require.NoError(t, err)
		require.NoError(t, r.Close())
		out[f.Name] = data
	}
	return out
}

func write(t *testing.T, sheets ...Sheet) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, Write(&b, sheets...))
	return b.Bytes()
}

func TestWriteIsWellFormed(t *testing.T) {
	all := parts(t, write(t, sample()...))
	var names []string
	for name, data := range all {
		names = append(names, name)
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			require.NoError(t, err, "%s is not well-formed XML", name)
		}
	}
	sort.Strings(names)
	assert.Equal(t, []string{"[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
		"xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"}, names)

	types := string(all["[Content_Types].xml"])
	for _, p := range []string{"/xl/workbook.xml", "/xl/styles.xml", "/xl/worksheets/sheet1.xml", "/xl/worksheets/sheet2.xml"} {
		assert.Contains(t, types, `PartName="`+p+`"`)
	}
	assert.Contains(t, string(all["xl/workbook.xml"]), `name="Selskaper &amp; eiere"`)
}

func TestWriteIsDeterministic(t *testing.T) {
	assert.Equal(t, write(t, sample()...), write(t, sample()...))
}

// TestGolden compares the parts of the sample with testdata/sample.golden,
// rewritten by -update.
func TestGolden(t *testing.T) {
	all := parts(t, write(t, sample()...))
	var names []string
	for name := range all {
		names = append(names, name)
	}
	sort.Strings(names)
	var got strings.Builder
	for _, name := range names {
		fmt.Fprintf(&got, "== %s\n%s\n", name, all[name])
	}
	path := filepath.Join("testdata", "sample.golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got.String()), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(want), got.String())
}

// sheetXML is what the tests read of a worksheet.
type sheetXML struct {
	Rows []struct {
		R     int `xml:"r,attr"`
		Cells []struct {
			R       string  `xml:"r,attr"`
			S       int     `xml:"s,attr"`
			T       string  `xml:"t,attr"`
			V       *string `xml:"v"`
			F       *string `xml:"f"`
			Inline  *string `xml:"is>t"`
			RawText []byte  `xml:",innerxml"`
		} `xml:"c"`
	} `xml:"sheetData>row"`
}

// stylesXML is what the tests read of styles.xml.
type stylesXML struct {
	NumFmts []struct {
		ID   int    `xml:"numFmtId,attr"`
		Code string `xml:"formatCode,attr"`
	} `xml:"numFmts>numFmt"`
	CellXfs []struct {
		NumFmtID int `xml:"numFmtId,attr"`
		FontID   int `xml:"fontId,attr"`
	} `xml:"cellXfs>xf"`
}

// formatOf is the number format code of style s.
func (st stylesXML) formatOf(s int) string {
	id := st.CellXfs[s].NumFmtID
	for _, f := range st.NumFmts {
		if f.ID == id {
			return f.Code
		}
	}
	return map[int]string{0: "General", 1: "0"}[id]
}

func TestCells(t *testing.T) {
	all := parts(t, write(t, sample()...))
	var sheet sheetXML
	require.NoError(t, xml.Unmarshal(all["xl/worksheets/sheet1.xml"], &sheet))
	var st stylesXML
	require.NoError(t, xml.Unmarshal(all["xl/styles.xml"], &st))
	require.Len(t, sheet.Rows, 3)

	type want struct {
		ref, t, value, format string
	}
	got := func(row, col int) want {
		c := sheet.Rows[row].Cells[col]
		w := want{ref: c.R, t: c.T, format: st.formatOf(c.S)}
		switch {
		case c.V != nil:
			w.value = *c.V
		case c.Inline != nil:
			w.value = *c.Inline
		}
		assert.Nil(t, c.F, "cell %s has a formula", c.R)
		return w
	}
	for _, tc := range []struct {
		row, col int
		want     want
	}{
		{0, 0, want{"A1", "inlineStr", "navn", "General"}},
		{0, 2, want{"C1", "inlineStr", "bokført verdi", "General"}},
		{1, 0, want{"A2", "inlineStr", "Tussa Kraft AS", "General"}},
		{1, 1, want{"B2", "", "0.45735", "0.00########"}},
		{1, 2, want{"C2", "", "1000000.50", "#,##0.00"}},
		{1, 3, want{"D2", "", "120", "0"}},
		{1, 4, want{"E2", "", "43831", "yyyy-mm-dd"}},
		{1, 5, want{"F2", "b", "1", "General"}},
		{2, 0, want{"A3", "inlineStr", "=HYPERLINK(\"http://x\")", "General"}},
		{2, 1, want{"B3", "", "1", "0.00########"}},
		{2, 2, want{"D3", "", "-3", "0"}}, // the blank money cell is left out
		{2, 3, want{"E3", "inlineStr", "1838-01-01", "General"}},
		{2, 4, want{"F3", "b", "0", "General"}},
	} {
		assert.Equal(t, tc.want, got(tc.row, tc.col), "cell (%d, %d)", tc.row, tc.col)
	}
	assert.Equal(t, 1, st.CellXfs[sheet.Rows[0].Cells[0].S].FontID, "the header is bold")
}

func TestTextIsEscaped(t *testing.T) {
	for in, want := range map[string]string{
		`<b>A & B "AS"</b>`:     `<b>A & B "AS"</b>`,
		"=1+1":                  "=1+1",
		"+47 123":               "+47 123",
		"-cmd|' /C calc'!A0":    "-cmd|' /C calc'!A0",
		"@SUM(A1:A2)":           "@SUM(A1:A2)",
		"  leading and\ttabs\n": "  leading and\ttabs\n",
		"bell\x07 nul\x00":      "bell\uFFFD nul\uFFFD",
		"bad \xff utf-8":        "bad \uFFFD utf-8",
		"\uFFFE\U0001F600":      "\uFFFD\U0001F600",
		"]]></t></is></c>":      "]]></t></is></c>",
	} {
		all := parts(t, write(t, Sheet{Name: "S", Header: []string{"h"}, Rows: [][]Cell{{{Text, in}}}}))
		var sheet sheetXML
		require.NoError(t, xml.Unmarshal(all["xl/worksheets/sheet1.xml"], &sheet), "text %q", in)
		c := sheet.Rows[1].Cells[0]
		require.NotNil(t, c.Inline, "text %q", in)
		assert.Equal(t, want, *c.Inline, "Write(%q)", in)
		assert.Equal(t, "inlineStr", c.T, "Write(%q)", in)
		assert.Nil(t, c.F, "Write(%q) has a formula", in)
	}
}

// TestReadBack reads the sample with an independent reader.
func TestReadBack(t *testing.T) {
	f, err := excelize.OpenReader(bytes.NewReader(write(t, sample()...)))
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	assert.Equal(t, []string{"Eierandeler", "Selskaper & eiere"}, f.GetSheetList())

	for at, want := range map[string]struct {
		shown string
		typ   excelize.CellType
	}{
		"A1": {"navn", excelize.CellTypeInlineString},
		"B2": {"0.45735", excelize.CellTypeUnset},
		"C2": {"1,000,000.50", excelize.CellTypeUnset},
		"D2": {"120", excelize.CellTypeUnset},
		"E2": {"2020-01-01", excelize.CellTypeUnset},
		"F2": {"TRUE", excelize.CellTypeBool},
		"A3": {"=HYPERLINK(\"http://x\")", excelize.CellTypeInlineString},
		"C3": {"", excelize.CellTypeUnset},
	} {
		shown, err := f.GetCellValue("Eierandeler", at)
		require.NoError(t, err)
		assert.Equal(t, want.shown, shown, "the value shown in %s", at)
		typ, err := f.GetCellType("Eierandeler", at)
		require.NoError(t, err)
		assert.Equal(t, want.typ, typ, "the type of %s", at)
	}
	formula, err := f.GetCellFormula("Eierandeler", "A3")
	require.NoError(t, err)
	assert.Empty(t, formula, "text that looks like a formula stays text")

	raw, err := f.GetCellValue("Eierandeler", "C2", excelize.Options{RawCellValue: true})
	require.NoError(t, err)
	assert.Equal(t, "1000000.5", raw, "the amount as a number")

	rows, err := f.GetRows("Selskaper & eiere")
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"<navn>"}, {`A & B "AS"`}}, rows)
}

func TestWriteRefuses(t *testing.T) {
	sheet := func(name string, rows ...[]Cell) Sheet {
		return Sheet{Name: name, Header: []string{"a", "b"}, Rows: rows}
	}
	for name, sheets := range map[string][]Sheet{
		"no sheet":             nil,
		"an empty name":        {sheet("")},
		"a long name":          {sheet(strings.Repeat("x", 32))},
		"a colon":              {sheet("a:b")},
		"a bracket":            {sheet("a[1]")},
		"a slash":              {sheet("a/b")},
		"an apostrophe":        {sheet("'a")},
		"History":              {sheet("history")},
		"a control character":  {sheet("a\x01")},
		"two of a name":        {sheet("Owners"), sheet("OWNERS")},
		"a long row":           {sheet("S", []Cell{{Text, "a"}, {Text, "b"}, {Text, "c"}})},
		"a comma in money":     {sheet("S", []Cell{{Money, "1,000.50"}})},
		"a number with a plus": {sheet("S", []Cell{{Decimal, "+1"}})},
		"an exponent":          {sheet("S", []Cell{{Decimal, "1e3"}})},
		"a fraction count":     {sheet("S", []Cell{{Integer, "1.5"}})},
		"a bad date":           {sheet("S", []Cell{{Date, "2024-02-30"}})},
		"a bad boolean":        {sheet("S", []Cell{{Bool, "yes"}})},
		"an unknown kind":      {sheet("S", []Cell{{Kind(99), "x"}})},
		"a long text":          {sheet("S", []Cell{{Text, strings.Repeat("x", MaxText+1)}})},
		"a long header":        {{Name: "S", Header: []string{strings.Repeat("\U0001F600", MaxText/2+1)}}},
	} {
		var b bytes.Buffer
		err := Write(&b, sheets...)
		assert.True(t, errors.Is(err, ErrInvalid), "%s: Write = %v, want ErrInvalid", name, err)
		assert.Zero(t, b.Len(), "%s: bytes written", name)
	}
	// At the limits: accepted.
	assert.NoError(t, Write(io.Discard, sheet(strings.Repeat("ø", 31), []Cell{{Text, strings.Repeat("x", MaxText)}})))
}

func TestDateSerial(t *testing.T) {
	for in, want := range map[string]int64{
		"1900-03-01": 61,
		"1970-01-01": 25569,
		"2024-01-01": 45292,
		"2024-02-29": 45351,
	} {
		d, err := time.Parse(time.DateOnly, in)
		require.NoError(t, err)
		got, ok := dateSerial(d)
		assert.True(t, ok && got == want, "dateSerial(%s) = %d, %v, want %d", in, got, ok, want)
	}
	d, _ := time.Parse(time.DateOnly, "1900-02-28")
	_, ok := dateSerial(d)
	assert.False(t, ok, "dateSerial(1900-02-28) is a serial")
}

func TestColumnName(t *testing.T) {
	for j, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", maxColumns - 1: "XFD"} {
		if got := columnName(j); got != want {
			t.Errorf("columnName(%d) = %q, want %q", j, got, want)
		}
	}
}
