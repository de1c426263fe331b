package enhetsregisteret

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/importing"
)

// Errors of units and files, wrapped with detail; test with errors.Is.
var (
	// ErrFormat reports a file that is not a CSV or JSON download of units
	// as this package reads it.
	ErrFormat = errors.New("not an Enhetsregisteret download of units")
	// ErrDuplicate reports an organisasjonsnummer given twice.
	ErrDuplicate = errors.New("duplicate")
	// ErrFields reports a CSV row with another number of fields than the
	// header.
	ErrFields = errors.New("wrong number of fields")
)

// The fields of a unit, as Enhetsregisteret names them.
const (
	FieldOrgNumber = "organisasjonsnummer"
	FieldName      = "navn"
	FieldForm      = "organisasjonsform.kode"
)

// Unit is a unit of Enhetsregisteret.
type Unit struct {
	// Ref is where the unit is in the file: "line[12]" or "units[3]".
	Ref string
	// Line is the line the unit starts on, from 1.
	Line int
	// OrgNumber is the organisasjonsnummer.
	OrgNumber munireg.OrgNumber
	// Name is the unit's name as registered (often in capitals).
	Name string
	// Form is the organisational form code: "KOMM", "IKS", "AS", ...
	Form string
}

// Kind is the organization kind of the unit's form (munireg.KindByCode).
func (u Unit) Kind() munireg.Kind { return munireg.KindByCode(u.Form) }

// File is what Parse read.
type File struct {
	// Units are the units to load, in the order of the file.
	Units []Unit
	// Invalid are the units refused, with why.
	Invalid importing.Problems
}

// MaxUncompressed is the most a gzip-compressed file may expand to in
// Parse: Enhetsregisteret's whole download of units fits well within it.
const MaxUncompressed = 4 << 30

// Parse reads a CSV or JSON download of units, gzip-compressed or not: JSON
// when its first character (after a byte-order mark and spaces) is '[' or
// '{', CSV otherwise. A file it cannot read at all is an error:
// munireg.ValidationErrors naming the line ("line[1]") and wrapping
// ErrFormat. A compressed file may expand to MaxUncompressed.
func Parse(data []byte) (File, error) { return ParseLimit(data, MaxUncompressed) }

// ParseLimit is Parse with a limit to what a compressed file may expand to;
// one that would expand further is refused, not cut short (a small body
// can be a gzip bomb).
func ParseLimit(data []byte, limit int64) (File, error) {
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err == nil {
			data, err = io.ReadAll(io.LimitReader(zr, limit+1))
		}
		if err == nil && int64(len(data)) > limit {
			err = fmt.Errorf("it expands to more than %d bytes", limit)
		}
		if err != nil {
			return File{}, fileError(1, fmt.Errorf("%w: gzip: %w", ErrFormat, err))
		}
	}
	if isJSON(data) {
		return ParseJSON(data)
	}
	return ParseCSV(data)
}

func isJSON(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	data = bytes.TrimLeft(data, " \t\r\n")
	return len(data) > 0 && (data[0] == '[' || data[0] == '{')
}

func fileError(line int, err error) error {
	var ps importing.Problems
	ps.Add(importing.LineRef(line), line, "", err)
	return ps.Err()
}

// ParseCSV reads a CSV download of units.
func ParseCSV(data []byte) (File, error) {
	t, err := importing.ReadTable(data, []rune{',', ';'}, func(fields []string) bool {
		return indexOf(fields, FieldOrgNumber) >= 0
	})
	if err != nil {
		return File{}, fileError(1, fmt.Errorf("%w: no header with a column %q, separated by ',' or ';', in the first lines",
			ErrFormat, FieldOrgNumber))
	}
	cols := map[string]int{}
	for _, name := range []string{FieldOrgNumber, FieldName, FieldForm} {
		i := indexOf(t.Header, name)
		if i < 0 {
			return File{}, fileError(t.HeaderLine, fmt.Errorf("%w: the header has no column %q", ErrFormat, name))
		}
		cols[name] = i
	}
	f := File{Invalid: t.Problems}
	seen := map[munireg.OrgNumber]string{}
	for _, rec := range t.Records {
		ref := importing.LineRef(rec.Line)
		if len(rec.Fields) != len(t.Header) {
			f.Invalid.Add(ref, rec.Line, "", fmt.Errorf("%w: %d, the header has %d (is it separated by %s, like the header?)",
				ErrFields, len(rec.Fields), len(t.Header), importing.CommaName(t.Comma)))
			continue
		}
		f.add(seen, ref, rec.Line, rec.Fields[cols[FieldOrgNumber]], rec.Fields[cols[FieldName]], rec.Fields[cols[FieldForm]])
	}
	return f, nil
}

// add checks a unit and adds it, or its problems.
func (f *File) add(seen map[munireg.OrgNumber]string, ref string, line int, orgNumber, name, form string) {
	u := Unit{Ref: ref, Line: line, Name: strings.TrimSpace(name), Form: strings.ToUpper(strings.TrimSpace(form))}
	var ps importing.Problems
	n, err := munireg.ParseOrgNumber(strings.TrimSpace(orgNumber))
	switch {
	case strings.TrimSpace(orgNumber) == "":
		ps.Add(ref, line, FieldOrgNumber, munireg.ErrRequired)
	case err != nil:
		ps.Add(ref, line, FieldOrgNumber, err)
	default:
		if first, dup := seen[n]; dup {
			ps.Add(ref, line, FieldOrgNumber, fmt.Errorf("%w: %s is also %s", ErrDuplicate, n, first))
		}
	}
	if u.Name == "" {
		ps.Add(ref, line, FieldName, munireg.ErrRequired)
	}
	if u.Form == "" {
		ps.Add(ref, line, FieldForm, munireg.ErrRequired)
	}
	if len(ps) > 0 {
		f.Invalid = append(f.Invalid, ps...)
		return
	}
	seen[n] = describe(ref, line)
	u.OrgNumber = n
	f.Units = append(f.Units, u)
}

// describe names where a unit is for a message: "line 12" or "units[3]
// (line 40)".
func describe(ref string, line int) string {
	if ref == importing.LineRef(line) {
		return fmt.Sprintf("line %d", line)
	}
	return fmt.Sprintf("%s (line %d)", ref, line)
}

// jsonUnit is a unit as the JSON downloads have it.
type jsonUnit struct {
	OrgNumber json.RawMessage `json:"organisasjonsnummer"`
	Name      json.RawMessage `json:"navn"`
	Form      *struct {
		Code json.RawMessage `json:"kode"`
	} `json:"organisasjonsform"`
}

// ParseJSON reads a JSON download of units: a list, a page of the search
// API or a single unit.
func ParseJSON(data []byte) (File, error) {
	data = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
	lines := &lineCounter{data: data}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, err := dec.Token()
	if err != nil {
		return File{}, syntaxError(lines, dec, err)
	}
	var f File
	switch tok {
	case json.Delim('['):
		if err := f.readList(dec, lines); err != nil {
			return File{}, err
		}
	case json.Delim('{'):
		var top map[string]json.RawMessage
		if err := json.Unmarshal(data, &top); err != nil {
			return File{}, syntaxError(lines, nil, err)
		}
		if _, single := top[FieldOrgNumber]; single {
			f.readUnit(map[munireg.OrgNumber]string{}, importing.ElementRef("units", 0), lines.lineAt(firstNonSpace(data, 0)), data)
			return f, nil
		}
		if err := f.readPage(dec, lines); err != nil {
			return File{}, err
		}
	default:
		return File{}, fileError(1, fmt.Errorf("%w: JSON that is neither a list of units nor an object", ErrFormat))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return File{}, fileError(lines.lineAt(int(dec.InputOffset())), fmt.Errorf("%w: more JSON after the units", ErrFormat))
	}
	return f, nil
}

// readPage finds the list of units in a page of the search API,
// {"_embedded": {"enheter": [...]}}, the object's '{' read.
func (f *File) readPage(dec *json.Decoder, lines *lineCounter) error {
	found := false
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return syntaxError(lines, dec, err)
		}
		if key != "_embedded" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return syntaxError(lines, dec, err)
			}
			continue
		}
		if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
			return fileError(lines.lineAt(int(dec.InputOffset())), fmt.Errorf("%w: _embedded is not an object", ErrFormat))
		}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return syntaxError(lines, dec, err)
			}
			if key == "enheter" || key == "underenheter" {
				if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
					return fileError(lines.lineAt(int(dec.InputOffset())), fmt.Errorf("%w: _embedded.%s is not a list", ErrFormat, key))
				}
				if err := f.readList(dec, lines); err != nil {
					return err
				}
				found = true
				continue
			}
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return syntaxError(lines, dec, err)
			}
		}
		if _, err := dec.Token(); err != nil {
			return syntaxError(lines, dec, err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return syntaxError(lines, dec, err)
	}
	if !found {
		return fileError(1, fmt.Errorf("%w: a JSON object without units (no organisasjonsnummer, no _embedded.enheter)", ErrFormat))
	}
	return nil
}

// readList reads the elements of a list of units, its '[' read, and its
// ']'.
func (f *File) readList(dec *json.Decoder, lines *lineCounter) error {
	seen := map[munireg.OrgNumber]string{}
	for i := 0; dec.More(); i++ {
		start := firstNonSpace(lines.data, int(dec.InputOffset()))
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return syntaxError(lines, dec, err)
		}
		f.readUnit(seen, importing.ElementRef("units", i), lines.lineAt(start), raw)
	}
	if _, err := dec.Token(); err != nil {
		return syntaxError(lines, dec, err)
	}
	return nil
}

// readUnit reads one element of the list.
func (f *File) readUnit(seen map[munireg.OrgNumber]string, ref string, line int, raw json.RawMessage) {
	var u jsonUnit
	if err := json.Unmarshal(raw, &u); err != nil {
		f.Invalid.Add(ref, line, "", fmt.Errorf("not a unit (an object with organisasjonsnummer, navn, organisasjonsform): %w", err))
		return
	}
	var ps importing.Problems
	orgNumber := jsonString(&ps, ref, line, FieldOrgNumber, u.OrgNumber)
	name := jsonString(&ps, ref, line, FieldName, u.Name)
	var form string
	if u.Form != nil {
		form = jsonString(&ps, ref, line, FieldForm, u.Form.Code)
	}
	if len(ps) > 0 {
		f.Invalid = append(f.Invalid, ps...)
		return
	}
	f.add(seen, ref, line, orgNumber, name, form)
}

// jsonString reads a JSON string, or null or nothing as "".
func jsonString(ps *importing.Problems, ref string, line int, field string, raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		ps.Add(ref, line, field, fmt.Errorf("not a string: %s", truncate(string(raw), 40)))
		return ""
	}
	return s
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// syntaxError names the line where the JSON stopped making sense.
func syntaxError(lines *lineCounter, dec *json.Decoder, err error) error {
	offset := len(lines.data)
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		offset = int(se.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fileError(lines.lineAt(offset), fmt.Errorf("%w: the JSON ends early (is the file cut off?)", ErrFormat))
	case dec != nil:
		offset = int(dec.InputOffset())
	}
	return fileError(lines.lineAt(offset), fmt.Errorf("%w: malformed JSON: %w", ErrFormat, err))
}

// lineCounter turns byte offsets into line numbers, counting forward from
// the last offset asked about (the decoder only moves forward).
type lineCounter struct {
	data   []byte
	offset int
	line   int
}

func (c *lineCounter) lineAt(offset int) int {
	offset = min(max(offset, 0), len(c.data))
	if offset < c.offset {
		c.offset, c.line = 0, 0
	}
	c.line += bytes.Count(c.data[c.offset:offset], []byte{'\n'})
	c.offset = offset
	return c.line + 1
}

// firstNonSpace is the offset of the first byte from offset that is
// neither space nor the comma between elements.
func firstNonSpace(data []byte, offset int) int {
	for offset < len(data) && slices.Contains([]byte(" \t\r\n,"), data[offset]) {
		offset++
	}
	return offset
}

func indexOf(fields []string, name string) int {
	for i, f := range fields {
		if strings.EqualFold(f, name) {
			return i
		}
	}
	return -1
}
