package importing_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/munireg/munireg/internal/importing"
)

// seedFiles are the real files the imports read (testdata at the module's
// root), as seeds.
func seedFiles(f *testing.F) {
	for _, name := range []string{"ssb/07459_long.csv", "ssb/07459_wide_windows1252.csv", "enhetsregisteret/enheter.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, s := range []string{"Ørsta", "\xef\xbb\xbfØrsta", "\xd8rsta \xe5r", "\x80 \x96 \x9e", "\xff\xfe\xd8\x00r\x00",
		"\xfe\xff\x00\xd8\x00r", "\xff\xfe\x00\xd8", "title, with a comma\n\n a ; b \n1;2\n\n\"3\";\"x\"\"y\"\n", "a|b\n1|2\n",
		"a,b\n\"1\n2\",3\n4,\"5\n", "a,b\r\n1,2\r\n"} {
		f.Add([]byte(s))
	}
}

// FuzzDecode: Decode gives valid UTF-8; text that is UTF-8 already (without
// a byte-order mark) comes out as it went in; other text without one is
// read a character a byte.
func FuzzDecode(f *testing.F) {
	seedFiles(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		text := importing.Decode(data)
		if !utf8.ValidString(text) {
			t.Fatalf("Decode(%q) = %q, not UTF-8", data, text)
		}
		bom := len(data) >= 2 && (data[0] == 0xff && data[1] == 0xfe || data[0] == 0xfe && data[1] == 0xff) ||
			strings.HasPrefix(string(data), "\xef\xbb\xbf")
		switch {
		case bom:
		case utf8.Valid(data):
			if text != string(data) {
				t.Fatalf("Decode(%q) = %q, want it unchanged", data, text)
			}
		case utf8.RuneCountInString(text) != len(data):
			t.Fatalf("Decode(%q) = %q: %d characters of %d bytes", data, text, utf8.RuneCountInString(text), len(data))
		}
	})
}

// FuzzReadTable: ReadTable finds a header isHeader takes, or says there is
// none; the header's line and its records' are lines of the text, in
// order, after the header; fields are trimmed; no record is empty; the
// rows it could not read are named by lines after the header.
func FuzzReadTable(f *testing.F) {
	seedFiles(f)
	isHeader := func(fields []string) bool { return len(fields) > 1 && fields[0] != "" }
	f.Fuzz(func(t *testing.T, data []byte) {
		tab, err := importing.ReadTable(data, []rune{';', ',', '\t'}, isHeader)
		if err != nil {
			if !errors.Is(err, importing.ErrNoHeader) {
				t.Fatalf("ReadTable: %v, want ErrNoHeader", err)
			}
			return
		}
		lines := strings.Count(importing.Decode(data), "\n") + 1
		if !isHeader(tab.Header) || tab.HeaderLine < 1 || tab.HeaderLine > lines {
			t.Fatalf("ReadTable: header %q on line %d of %d", tab.Header, tab.HeaderLine, lines)
		}
		last := tab.HeaderLine
		for _, r := range tab.Records {
			if r.Line <= last || r.Line > lines {
				t.Fatalf("ReadTable: record %q on line %d after line %d, of %d", r.Fields, r.Line, last, lines)
			}
			last = r.Line
			if len(r.Fields) == 1 && r.Fields[0] == "" {
				t.Fatalf("ReadTable: an empty record on line %d", r.Line)
			}
			for _, field := range append(r.Fields, tab.Header...) {
				if field != strings.TrimSpace(field) {
					t.Fatalf("ReadTable: field %q on line %d is not trimmed", field, r.Line)
				}
			}
		}
		for _, p := range tab.Problems {
			if p.Line <= tab.HeaderLine || p.Line > lines || p.Err == nil {
				t.Fatalf("ReadTable: problem %+v after a header on line %d, of %d", p, tab.HeaderLine, lines)
			}
		}
	})
}
