package importing

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// windows1252 maps the bytes 0x80 to 0x9F of Windows-1252 to their runes;
// the five bytes it leaves undefined keep their ISO-8859-1 meaning (C1
// controls). Every other byte is the same in ISO-8859-1, Windows-1252 and
// Unicode.
var windows1252 = [32]rune{
	'€', 0x81, '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', 0x8D, 'Ž', 0x8F,
	0x90, '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', 0x9D, 'ž', 'Ÿ',
}

// Decode returns data as UTF-8 text: without its byte-order mark when it
// has one (UTF-8, or UTF-16 little- or big-endian, which it converts);
// unchanged when it is valid UTF-8; otherwise read as Windows-1252, the
// superset of ISO-8859-1 that Norwegian spreadsheets save in, where every
// byte is a character.
func Decode(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return strings.ToValidUTF8(string(data[3:]), "\uFFFD")
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeUTF16(data[2:], func(b []byte) uint16 { return uint16(b[0]) | uint16(b[1])<<8 })
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeUTF16(data[2:], func(b []byte) uint16 { return uint16(b[0])<<8 | uint16(b[1]) })
	case utf8.Valid(data):
		return string(data)
	}
	var b strings.Builder
	b.Grow(len(data) + len(data)/8)
	for _, c := range data {
		switch {
		case c < 0x80:
			b.WriteByte(c)
		case c < 0xA0:
			b.WriteRune(windows1252[c-0x80])
		default:
			b.WriteRune(rune(c))
		}
	}
	return b.String()
}

func decodeUTF16(data []byte, unit func([]byte) uint16) string {
	units := make([]uint16, 0, len(data)/2)
	for i := 0; i+1 < len(data); i += 2 {
		units = append(units, unit(data[i:i+2]))
	}
	return string(utf16.Decode(units))
}

// headerSearchLines is how many non-empty lines at the top of a file are
// searched for its header (the lines before it are a title).
const headerSearchLines = 10

// ErrNoHeader reports delimited text in which no header was found.
var ErrNoHeader = errors.New("no header found")

// Table is delimited text read by ReadTable.
type Table struct {
	// Comma is the delimiter the header was found with.
	Comma rune
	// HeaderLine is the line of the header, from 1.
	HeaderLine int
	// Header is the header's fields, trimmed of spaces.
	Header []string
	// Records are the rows after the header, empty ones left out.
	Records []Record
	// Problems are the rows that could not be read as delimited text
	// (a stray quote, say), by line.
	Problems Problems
}

// Record is a row of delimited text and the line it starts on.
type Record struct {
	Line   int
	Fields []string
}

// ReadTable decodes data (see Decode) and reads it as delimited text. Its
// header is the first of the file's first ten non-empty lines that isHeader
// accepts when split at one of commas, tried in order; the lines before it
// (a title, say) and empty lines are left out. Fields are trimmed of spaces
// and may be quoted. It returns ErrNoHeader when no line qualifies.
func ReadTable(data []byte, commas []rune, isHeader func(fields []string) bool) (Table, error) {
	text := Decode(data)
	line, start, seen := 1, 0, 0
	for start < len(text) && seen < headerSearchLines {
		end := strings.IndexByte(text[start:], '\n')
		next := len(text)
		if end >= 0 {
			next = start + end + 1
		}
		raw := strings.TrimRight(text[start:next], "\r\n")
		if strings.TrimSpace(raw) != "" {
			seen++
			for _, comma := range commas {
				fields, ok := splitLine(raw, comma)
				if ok && isHeader(fields) {
					t := Table{Comma: comma, HeaderLine: line, Header: fields}
					t.readRecords(text[next:], line)
					return t, nil
				}
			}
		}
		line++
		start = next
	}
	return Table{}, ErrNoHeader
}

// splitLine splits one line of delimited text into trimmed fields.
func splitLine(line string, comma rune) ([]string, bool) {
	r := newReader(strings.NewReader(line), comma)
	fields, err := r.Read()
	if err != nil {
		return nil, false
	}
	return trim(fields), true
}

func newReader(r io.Reader, comma rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.TrimLeadingSpace = true
	return cr
}

func trim(fields []string) []string {
	for i, f := range fields {
		fields[i] = strings.TrimSpace(f)
	}
	return fields
}

// readRecords reads the text after the header, whose line is headerLine.
func (t *Table) readRecords(rest string, headerLine int) {
	r := newReader(strings.NewReader(rest), t.Comma)
	for {
		fields, err := r.Read()
		if errors.Is(err, io.EOF) {
			return
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			line := headerLine + pe.StartLine
			t.Problems.Add(LineRef(line), line, "", errors.New("not readable as delimited text: "+pe.Err.Error()))
			continue
		}
		if err != nil {
			return
		}
		line, _ := r.FieldPos(0)
		line += headerLine
		if len(fields) == 1 && strings.TrimSpace(fields[0]) == "" {
			continue
		}
		t.Records = append(t.Records, Record{Line: line, Fields: trim(fields)})
	}
}

// CommaName is how a message names a delimiter: "';'", "','", "tab".
func CommaName(c rune) string {
	if c == '\t' {
		return "tab"
	}
	return "'" + string(c) + "'"
}
