package munireg_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/munireg/munireg"
)

// mod11 reports whether nine ASCII digits end in their MOD11 check digit
// (weights 3, 2, 7, 6, 5, 4, 3, 2), said again here rather than taken from
// the code under test.
func mod11(s string) bool {
	sum := 0
	for i, w := range []int{3, 2, 7, 6, 5, 4, 3, 2} {
		sum += int(s[i]-'0') * w
	}
	check := (11 - sum%11) % 11
	return check != 10 && int(s[8]-'0') == check
}

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// FuzzParseOrgNumber: ParseOrgNumber accepts exactly nine digits (spaces
// and no-break spaces aside) that pass MOD11, and nothing but 000000000 of
// those is refused; what it accepts writes back as the digits, grouped or
// not, as text and in JSON, and reads again as itself. A refusal wraps
// ErrInvalidOrgNumber.
func FuzzParseOrgNumber(f *testing.F) {
	for _, s := range []string{"939760946", "964 965 226", "964\u00a0965\u00a0226", "939760947", "000000000",
		"93976094", "9397609460", "", " ", "93976094a", "١٢٣٤٥٦٧٨٩", "+39760946", "-39760946"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := munireg.ParseOrgNumber(s)
		plain := strings.NewReplacer(" ", "", "\u00a0", "").Replace(s)
		want := digits(plain, 9) && plain != "000000000" && mod11(plain)
		if err != nil {
			if want || !errors.Is(err, munireg.ErrInvalidOrgNumber) || !n.IsZero() {
				t.Fatalf("ParseOrgNumber(%q) = %v, %v", s, n, err)
			}
			return
		}
		if !want || n.String() != plain {
			t.Fatalf("ParseOrgNumber(%q) = %q, want a refusal or %q", s, n, plain)
		}
		for _, again := range []string{n.String(), n.Grouped()} {
			if m, err := munireg.ParseOrgNumber(again); err != nil || m != n {
				t.Fatalf("ParseOrgNumber(%q) = %v, %v, want %v", again, m, err, n)
			}
		}
		var back struct{ N munireg.OrgNumber }
		b, err := json.Marshal(struct{ N munireg.OrgNumber }{n})
		if err != nil || json.Unmarshal(b, &back) != nil || back.N != n {
			t.Fatalf("%v in JSON: %s, read back as %v (%v)", n, b, back.N, err)
		}
	})
}

// FuzzParseMunicipalityNumber: ParseMunicipalityNumber accepts exactly four
// digits whose county and local parts are not 00; what it accepts writes
// back as the same digits and reads again as itself, as text and in JSON. A
// refusal wraps ErrInvalidMunicipalityNumber.
func FuzzParseMunicipalityNumber(f *testing.F) {
	for _, s := range []string{"1577", "0301", "301", "0000", "1500", "0077", "15777", "", "15 7", "١٥٧٧"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := munireg.ParseMunicipalityNumber(s)
		want := digits(s, 4) && s[:2] != "00" && s[2:] != "00"
		if err != nil {
			if want || !errors.Is(err, munireg.ErrInvalidMunicipalityNumber) || !m.IsZero() {
				t.Fatalf("ParseMunicipalityNumber(%q) = %v, %v", s, m, err)
			}
			return
		}
		if !want || m.String() != s || m.County() != s[:2] {
			t.Fatalf("ParseMunicipalityNumber(%q) = %q (county %q)", s, m, m.County())
		}
		var back struct{ M munireg.MunicipalityNumber }
		b, err := json.Marshal(struct{ M munireg.MunicipalityNumber }{m})
		if err != nil || json.Unmarshal(b, &back) != nil || back.M != m {
			t.Fatalf("%v in JSON: %s, read back as %v (%v)", m, b, back.M, err)
		}
	})
}
