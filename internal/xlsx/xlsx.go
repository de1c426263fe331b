package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf16"
	"unicode/utf8"
)

// ContentType is the media type of an .xlsx workbook.
const ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// ErrInvalid is wrapped by the errors of Write for sheets a spreadsheet
// cannot hold.
var ErrInvalid = errors.New("xlsx: invalid workbook")

// Kind is how a cell's value is stored and shown.
type Kind uint8

// The kinds of cell; see the package documentation.
const (
	Text Kind = iota
	Money
	Decimal
	Integer
	Date
	Bool
)

// Cell is one cell: its kind and its value's canonical text ("1000.50",
// "0.45735", "2023", "2024-01-01", "true"); empty for a blank cell.
type Cell struct {
	Kind  Kind
	Value string
}

// Sheet is one table: a worksheet named Name with a header row and a row
// per record. A row may be shorter than the header (the rest is blank).
type Sheet struct {
	Name   string
	Header []string
	Rows   [][]Cell
}

// MaxText is the length of the longest text a cell holds, in UTF-16 code
// units (a character outside the Basic Multilingual Plane counts two).
const MaxText = 32767

// The limits of a worksheet.
const (
	maxRows      = 1 << 20
	maxColumns   = 1 << 14
	maxSheetName = 31
)

// epoch is the time of every zip entry: the first a zip can hold.
var epoch = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// The styles of styles.xml, by index in cellXfs.
const (
	styleDefault = iota
	styleHeader
	styleMoney
	styleDecimal
	styleInteger
	styleDate
)

var (
	numberPattern  = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)
	integerPattern = regexp.MustCompile(`^-?[0-9]+$`)
)

// Write writes the sheets to w as a workbook, in order; the first is the
// one a spreadsheet opens on. It writes nothing when a sheet is invalid.
func Write(w io.Writer, sheets ...Sheet) error {
	if len(sheets) == 0 {
		return fmt.Errorf("%w: no sheet", ErrInvalid)
	}
	seen := make(map[string]bool, len(sheets))
	parts := make([][]byte, len(sheets))
	for i, s := range sheets {
		if err := checkName(s.Name); err != nil {
			return err
		}
		folded := strings.ToLower(s.Name)
		if seen[folded] {
			return fmt.Errorf("%w: two sheets named %q", ErrInvalid, s.Name)
		}
		seen[folded] = true
		b, err := worksheet(s, i == 0)
		if err != nil {
			return fmt.Errorf("sheet %q: %w", s.Name, err)
		}
		parts[i] = b
	}

	z := zip.NewWriter(w)
	add := func(name string, data []byte) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: epoch})
		if err == nil {
			_, err = f.Write(data)
		}
		return err
	}
	files := []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", contentTypes(len(sheets))},
		{"_rels/.rels", []byte(rootRels)},
		{"xl/workbook.xml", workbook(sheets)},
		{"xl/_rels/workbook.xml.rels", workbookRels(len(sheets))},
		{"xl/styles.xml", []byte(styles)},
	}
	for _, f := range files {
		if err := add(f.name, f.data); err != nil {
			return err
		}
	}
	for i, p := range parts {
		if err := add(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1), p); err != nil {
			return err
		}
	}
	return z.Close()
}

// checkName checks a sheet name against what spreadsheets accept.
func checkName(name string) error {
	switch n := len(utf16.Encode([]rune(name))); {
	case n == 0:
		return fmt.Errorf("%w: a sheet without a name", ErrInvalid)
	case n > maxSheetName:
		return fmt.Errorf("%w: sheet name %q is longer than %d characters", ErrInvalid, name, maxSheetName)
	case strings.ContainsAny(name, `:\/?*[]`):
		return fmt.Errorf("%w: sheet name %q has one of : \\ / ? * [ ]", ErrInvalid, name)
	case name[0] == '\'' || name[len(name)-1] == '\'':
		return fmt.Errorf("%w: sheet name %q begins or ends with an apostrophe", ErrInvalid, name)
	case strings.EqualFold(name, "History"):
		return fmt.Errorf("%w: sheet name %q is reserved", ErrInvalid, name)
	case !utf8.ValidString(name) || strings.ContainsFunc(name, func(r rune) bool { return !isXMLChar(r) }):
		return fmt.Errorf("%w: sheet name %q has a character XML cannot hold", ErrInvalid, name)
	}
	return nil
}

// worksheet is the XML of a sheet; selected marks the sheet a spreadsheet
// opens on.
func worksheet(s Sheet, selected bool) ([]byte, error) {
	if len(s.Rows)+1 > maxRows {
		return nil, fmt.Errorf("%w: %d rows, more than a sheet holds", ErrInvalid, len(s.Rows))
	}
	if len(s.Header) > maxColumns {
		return nil, fmt.Errorf("%w: %d columns, more than a sheet holds", ErrInvalid, len(s.Header))
	}
	widths := make([]int, len(s.Header))
	var data bytes.Buffer
	data.WriteString(`<sheetData><row r="1">`)
	for j, h := range s.Header {
		if err := textCell(&data, ref(j, 1), styleHeader, h); err != nil {
			return nil, fmt.Errorf("header %d: %w", j+1, err)
		}
		widths[j] = displayWidth(Cell{Text, h}) + 2
	}
	data.WriteString(`</row>`)
	for i, row := range s.Rows {
		if len(row) > len(s.Header) {
			return nil, fmt.Errorf("%w: row %d has %d cells, the header %d", ErrInvalid, i+1, len(row), len(s.Header))
		}
		r := i + 2
		fmt.Fprintf(&data, `<row r="%d">`, r)
		for j, c := range row {
			if c.Value == "" {
				continue
			}
			if err := writeCell(&data, ref(j, r), c); err != nil {
				return nil, fmt.Errorf("row %d, column %d: %w", i+1, j+1, err)
			}
			widths[j] = max(widths[j], displayWidth(c))
		}
		data.WriteString(`</row>`)
	}
	data.WriteString(`</sheetData>`)

	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	last := "A1"
	if len(s.Header) > 0 {
		last = ref(len(s.Header)-1, len(s.Rows)+1)
	}
	fmt.Fprintf(&b, `<dimension ref="A1:%s"/>`, last)
	b.WriteString(`<sheetViews><sheetView workbookViewId="0"`)
	if selected {
		b.WriteString(` tabSelected="1"`)
	}
	b.WriteString(`><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>`)
	b.WriteString(`<sheetFormatPr defaultRowHeight="15"/>`)
	if len(widths) > 0 {
		b.WriteString(`<cols>`)
		for j, w := range widths {
			fmt.Fprintf(&b, `<col min="%d" max="%d" width="%d" customWidth="1"/>`, j+1, j+1, min(max(w+1, 8), 60))
		}
		b.WriteString(`</cols>`)
	}
	b.Write(data.Bytes())
	b.WriteString(`</worksheet>`)
	return b.Bytes(), nil
}

// writeCell writes a cell that has a value.
func writeCell(b *bytes.Buffer, at string, c Cell) error {
	number := func(style int, pattern *regexp.Regexp) error {
		if !pattern.MatchString(c.Value) {
			return fmt.Errorf("%w: %q is not a number", ErrInvalid, c.Value)
		}
		fmt.Fprintf(b, `<c r="%s" s="%d"><v>%s</v></c>`, at, style, c.Value)
		return nil
	}
	switch c.Kind {
	case Text:
		return textCell(b, at, styleDefault, c.Value)
	case Money:
		return number(styleMoney, numberPattern)
	case Decimal:
		return number(styleDecimal, numberPattern)
	case Integer:
		return number(styleInteger, integerPattern)
	case Date:
		d, err := time.Parse(time.DateOnly, c.Value)
		if err != nil {
			return fmt.Errorf("%w: %q is not a date (YYYY-MM-DD)", ErrInvalid, c.Value)
		}
		serial, ok := dateSerial(d)
		if !ok {
			return textCell(b, at, styleDefault, c.Value)
		}
		fmt.Fprintf(b, `<c r="%s" s="%d"><v>%d</v></c>`, at, styleDate, serial)
		return nil
	case Bool:
		v, ok := map[string]string{"true": "1", "false": "0"}[c.Value]
		if !ok {
			return fmt.Errorf("%w: %q is not true or false", ErrInvalid, c.Value)
		}
		fmt.Fprintf(b, `<c r="%s" t="b"><v>%s</v></c>`, at, v)
		return nil
	}
	return fmt.Errorf("%w: cell kind %d", ErrInvalid, c.Kind)
}

// textCell writes an inline string cell, escaped, with what XML cannot
// carry replaced by U+FFFD.
func textCell(b *bytes.Buffer, at string, style int, s string) error {
	if n := utf16Len(s); n > MaxText {
		return fmt.Errorf("%w: a text of %d characters, more than a cell holds", ErrInvalid, n)
	}
	fmt.Fprintf(b, `<c r="%s"`, at)
	if style != styleDefault {
		fmt.Fprintf(b, ` s="%d"`, style)
	}
	b.WriteString(` t="inlineStr"><is><t xml:space="preserve">`)
	_ = xml.EscapeText(b, []byte(s)) // a bytes.Buffer does not fail
	b.WriteString(`</t></is></c>`)
	return nil
}

// dateSerial is d as a spreadsheet's serial day number (1900 date system:
// 1 is 1 January 1900, with the phantom 29 February 1900), false before
// 1 March 1900, where the serials are wrong.
func dateSerial(d time.Time) (int64, bool) {
	if d.Before(time.Date(1900, time.March, 1, 0, 0, 0, 0, time.UTC)) {
		return 0, false
	}
	return int64(d.Sub(time.Date(1899, time.December, 30, 0, 0, 0, 0, time.UTC)).Hours()) / 24, true
}

// ref is the A1 reference of the cell in column j (from 0) and row r (from 1).
func ref(j, r int) string {
	return columnName(j) + strconv.Itoa(r)
}

// columnName is the letters of column j (from 0): A … Z, AA … XFD.
func columnName(j int) string {
	var name []byte
	for j++; j > 0; j = (j - 1) / 26 {
		name = append(name, byte('A'+(j-1)%26))
	}
	for l, r := 0, len(name)-1; l < r; l, r = l+1, r-1 {
		name[l], name[r] = name[r], name[l]
	}
	return string(name)
}

// displayWidth estimates how many characters a cell shows.
func displayWidth(c Cell) int {
	switch c.Kind {
	case Money:
		whole, _, _ := strings.Cut(strings.TrimPrefix(c.Value, "-"), ".")
		return len(c.Value) + (len(whole)-1)/3
	case Date:
		return len(time.DateOnly)
	case Bool:
		return len("FALSE")
	}
	return utf8.RuneCountInString(c.Value)
}

func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// isXMLChar reports whether r is a character XML 1.0 allows.
func isXMLChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' ||
		r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

func contentTypes(sheets int) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>`)
	for i := 1; i <= sheets; i++ {
		fmt.Fprintf(&b, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, i)
	}
	b.WriteString(`</Types>`)
	return b.Bytes()
}

const rootRels = xml.Header +
	`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>` +
	`</Relationships>`

func workbook(sheets []Sheet) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
		`<bookViews><workbookView activeTab="0"/></bookViews><sheets>`)
	for i, s := range sheets {
		b.WriteString(`<sheet name="`)
		_ = xml.EscapeText(&b, []byte(s.Name))
		fmt.Fprintf(&b, `" sheetId="%d" r:id="rId%d"/>`, i+1, i+1)
	}
	b.WriteString(`</sheets></workbook>`)
	return b.Bytes()
}

// workbookRels relates the workbook to its sheets (rId1 …) and its styles
// (the last).
func workbookRels(sheets int) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	for i := 1; i <= sheets; i++ {
		fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i, i)
	}
	fmt.Fprintf(&b, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>`, sheets+1)
	b.WriteString(`</Relationships>`)
	return b.Bytes()
}

// styles are the number formats and cell styles; the order of cellXfs is
// that of the style constants.
const styles = xml.Header +
	`<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
	`<numFmts count="3">` +
	`<numFmt numFmtId="164" formatCode="#,##0.00"/>` +
	`<numFmt numFmtId="165" formatCode="0.00########"/>` +
	`<numFmt numFmtId="166" formatCode="yyyy-mm-dd"/>` +
	`</numFmts>` +
	`<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>` +
	`<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>` +
	`<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>` +
	`<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>` +
	`<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>` +
	`<cellXfs count="6">` +
	`<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>` +
	`<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>` +
	`<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
	`</cellXfs>` +
	`<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>` +
	`</styleSheet>`
