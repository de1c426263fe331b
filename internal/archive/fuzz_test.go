package archive_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/archive"
)

// FuzzDecode: Decode refuses what it refuses with one ValidationError
// wrapping ErrFormat; a document it accepts is written by Encode as one it
// accepts again, which Encode writes the same bytes for (what an export,
// an import and an export again promise).
//
// The seeds are testdata/register.json, the export of a small register
// (the API tests' access world: two municipalities, their companies,
// agreements with versions, budgets, positions, flows, a forum), and the
// documents of this package's tests.
func FuzzDecode(f *testing.F) {
	register, err := os.ReadFile(filepath.Join("testdata", "register.json"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(register)
	for _, doc := range []string{`hello`, `{"format": "munireg-register", "version": 1}`, `{"version": 1}`,
		`{"format": "munireg-register", "version": 1, "organizations": [`, `{"format": "munireg-register", "version": 2}`,
		`{"format": "munireg-register", "version": 1, "tokens": []}`, `{"format": "munireg-register", "version": 1} {}`,
		`{"format": "munireg-register", "version": 1, "flows": [{"amount": 10}]}`,
		`{"format": "munireg-register", "version": 1, "balances": [{"date": "2024-01-01T00:00:00Z"}]}`,
		`{"format": "munireg-register", "version": 1, "flows": [{"id": "x", "revision": 1, "owner": "o", "entity": "e",
			"kind": "dividend", "year": 2023, "paid": "2024-05-02", "amount": "1000.50"}], "positions": [{"id": "p",
			"revision": 1, "owner": "o", "entity": "e", "economic": "0.50000000000000000000", "valid": {}}]}`} {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, err := archive.Decode(bytes.NewReader(data))
		if err != nil {
			var v munireg.ValidationErrors
			if !errors.As(err, &v) || len(v) != 1 || !errors.Is(err, archive.ErrFormat) {
				t.Fatalf("Decode: %v (%T), want one ValidationError wrapping ErrFormat", err, err)
			}
			return
		}
		var once, twice bytes.Buffer
		if err := archive.Encode(&once, doc); err != nil {
			t.Fatalf("Encode of a decoded document: %v", err)
		}
		again, err := archive.Decode(bytes.NewReader(once.Bytes()))
		if err != nil {
			t.Fatalf("Decode of an encoded document: %v\n%s", err, once.Bytes())
		}
		if err := archive.Encode(&twice, again); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(once.Bytes(), twice.Bytes()) {
			t.Fatalf("encoded, decoded and encoded again, the document changed:\n%s\nthen\n%s", once.Bytes(), twice.Bytes())
		}
	})
}

// documentDecimal is the form of a decimal in a document, said again here.
var documentDecimal = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// FuzzDecimal: a Decimal is exactly a JSON string of digits with an
// optional sign and decimal point; it writes back as a string that reads as
// an equal value of the same scale, and that it writes back the same.
func FuzzDecimal(f *testing.F) {
	for _, s := range []string{`"1000.50"`, `"0.50000000000000000000"`, `"-0.00"`, `"007"`, `1000.5`, `"1e3"`, `"+1"`,
		`"NaN"`, `".5"`, `"5."`, `null`, `"` + strings.Repeat("1", 300) + `.5"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d archive.Decimal
		err := d.UnmarshalJSON(data)
		var s string
		if want := json.Unmarshal(data, &s) == nil && documentDecimal.MatchString(s); (err == nil) != want {
			t.Fatalf("Decimal.UnmarshalJSON(%s) = %v, want accepted: %v", data, err, want)
		}
		if err != nil {
			return
		}
		out, err := d.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var back archive.Decimal
		if err := back.UnmarshalJSON(out); err != nil || !back.Value().Equal(d.Value()) ||
			min(back.Value().Exponent(), 0) != min(d.Value().Exponent(), 0) {
			t.Fatalf("%s read as %s, written as %s, read back as %s (%v)", data, d, out, back, err)
		}
		if again, _ := back.MarshalJSON(); !bytes.Equal(again, out) {
			t.Fatalf("%s written as %s, then as %s", data, out, again)
		}
	})
}

// FuzzDate: a Date is exactly a JSON string of a calendar date YYYY-MM-DD,
// and writes back as that string.
func FuzzDate(f *testing.F) {
	for _, s := range []string{`"2024-05-02"`, `"0001-01-01"`, `"2024-02-30"`, `"2024-01-01T00:00:00Z"`, `"24-01-01"`,
		`20240101`, `null`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d archive.Date
		err := d.UnmarshalJSON(data)
		var s string
		isString := json.Unmarshal(data, &s) == nil
		_, parseErr := time.Parse(time.DateOnly, s)
		if want := isString && parseErr == nil; (err == nil) != want {
			t.Fatalf("Date.UnmarshalJSON(%s) = %v, want accepted: %v", data, err, want)
		}
		if err != nil {
			return
		}
		out, err := d.MarshalJSON()
		want, _ := json.Marshal(s)
		if err != nil || !bytes.Equal(out, want) {
			t.Fatalf("Date.UnmarshalJSON(%s) writes back as %s (%v), want %s", data, out, err, want)
		}
	})
}
