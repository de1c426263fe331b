package httpapi

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"
)

// wireDecimal is the decimal pattern of the schema, compiled on its own:
// what the document promises a client, against what the decoder does.
var wireDecimal = regexp.MustCompile(decimalPattern)

// FuzzWireDecimal: a Decimal is exactly a JSON string the schema's pattern
// matches (a JSON number, "1e3", "NaN" are refused); what is accepted
// writes back as a string that reads as an equal value, as a Decimal and
// as Money (at least two decimals, none lost).
func FuzzWireDecimal(f *testing.F) {
	for _, s := range []string{`"1000.50"`, `"0.45735"`, `"-0"`, `"-0.00"`, `"007.50"`, `1000.5`, `"1e3"`, `"NaN"`,
		`"Infinity"`, `"1."`, `".5"`, `"+1"`, `" 1"`, `"1 "`, `null`, `"\u0031"`, `"` + strings.Repeat("9", 400) + `"`,
		`"0.` + strings.Repeat("0", 40) + `1"`, `"1e999999"`, `["1"]`, `"١"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d Decimal
		err := d.UnmarshalJSON(data)
		var s string
		want := json.Unmarshal(data, &s) == nil && wireDecimal.MatchString(s)
		if (err == nil) != want {
			t.Fatalf("Decimal.UnmarshalJSON(%s) = %v, want accepted: %v", data, err, want)
		}
		if err != nil {
			return
		}
		for _, out := range [][]byte{must(t, d.MarshalJSON), must(t, Money(d).MarshalJSON)} {
			var back Decimal
			if err := back.UnmarshalJSON(out); err != nil || !back.Equal(d.Decimal) {
				t.Fatalf("%s read as %s, written as %s, read back as %s (%v)", data, d, out, back, err)
			}
		}
		if m := must(t, Money(d).MarshalJSON); !regexp.MustCompile(moneyPattern).Match(m[1 : len(m)-1]) {
			t.Fatalf("Money %s does not match %s", m, moneyPattern)
		}
	})
}

// FuzzWireDate: a Date is exactly a JSON string of a calendar date
// YYYY-MM-DD, and writes back as that string.
func FuzzWireDate(f *testing.F) {
	for _, s := range []string{`"2024-01-01"`, `"2024-02-29"`, `"2023-02-29"`, `"2024-13-01"`, `"2024-1-1"`, `"20240101"`,
		`"2024-01-01T00:00:00Z"`, `"0000-01-01"`, `"9999-12-31"`, `"+2024-01-01"`, `20240101`, `null`, `"\u0032024-01-01"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d Date
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
		if out, want := must(t, d.MarshalJSON), must(t, func() ([]byte, error) { return json.Marshal(s) }); string(out) != string(want) {
			t.Fatalf("Date.UnmarshalJSON(%s) writes back as %s, want %s", data, out, want)
		}
	})
}

// FuzzIfMatch: an If-Match header names a revision only as etag writes it
// (strong or weak); every revision's ETag names it; an empty header is a
// 428.
func FuzzIfMatch(f *testing.F) {
	for _, h := range []string{`"1"`, `W/"12"`, `"01"`, `"+1"`, `""1""`, `*`, ``, ` `, `"1", "2"`, `"-1"`, `"0"`,
		`"9223372036854775807"`, `"9223372036854775808"`, `W/ "1"`} {
		f.Add(h, int64(1))
	}
	f.Fuzz(func(t *testing.T, header string, revision int64) {
		n, err := ifMatch(header)
		h := strings.TrimSpace(header)
		switch {
		case h == "":
			if err != errPreconditionRequired {
				t.Fatalf("ifMatch(%q) = %d, %v, want a 428", header, n, err)
			}
		case err == nil:
			if n <= 0 || strings.TrimPrefix(h, "W/") != etag(n) {
				t.Fatalf("ifMatch(%q) = %d, not the revision of that ETag", header, n)
			}
		}
		if revision > 0 {
			for _, tag := range []string{etag(revision), "W/" + etag(revision)} {
				if n, err := ifMatch(tag); err != nil || n != revision {
					t.Fatalf("ifMatch(%q) = %d, %v, want %d", tag, n, err, revision)
				}
			}
		}
	})
}

// must returns what f returns, failing t on an error.
func must(t *testing.T, f func() ([]byte, error)) []byte {
	t.Helper()
	b, err := f()
	if err != nil {
		t.Fatal(err)
	}
	return b
}
