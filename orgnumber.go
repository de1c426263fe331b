package munireg

import (
	"fmt"
	"strings"
)

// OrgNumber is an organisasjonsnummer, the nine-digit number Enhetsregisteret
// gives every legal person, whose last digit is a MOD11 check digit (weights
// 3, 2, 7, 6, 5, 4, 3, 2 on the first eight digits).
//
// The zero value means "no number" (some bodies have none; Haram, re-established
// in 2024, had none in the reference data); every other value passed the check,
// because ParseOrgNumber is the only way to make one.
type OrgNumber struct {
	n uint32
}

// ParseOrgNumber parses an organisasjonsnummer written as nine digits, with
// or without the usual grouping spaces ("964965226", "964 965 226"). It
// returns an error wrapping ErrInvalidOrgNumber unless the result is nine
// digits with a valid MOD11 check digit.
func ParseOrgNumber(s string) (OrgNumber, error) {
	digits := strings.Map(func(r rune) rune {
		if r == ' ' || r == '\u00a0' {
			return -1
		}
		return r
	}, s)
	v, ok := parseDigits(digits, 9)
	if !ok {
		return OrgNumber{}, fmt.Errorf("%w: %q is not nine digits", ErrInvalidOrgNumber, s)
	}
	n := uint32(v)
	if n == 0 {
		return OrgNumber{}, fmt.Errorf("%w: %q", ErrInvalidOrgNumber, s)
	}
	check, ok := orgCheckDigit(n / 10)
	if !ok || check != n%10 {
		return OrgNumber{}, fmt.Errorf("%w: %q fails the MOD11 check", ErrInvalidOrgNumber, s)
	}
	return OrgNumber{n: n}, nil
}

// orgCheckDigit returns the MOD11 check digit for the first eight digits of
// an organisasjonsnummer, or false when the remainder gives 10, which no valid
// number has.
func orgCheckDigit(first8 uint32) (uint32, bool) {
	weights := [8]uint32{3, 2, 7, 6, 5, 4, 3, 2}
	var sum uint32
	for i := 7; i >= 0; i-- {
		sum += (first8 % 10) * weights[i]
		first8 /= 10
	}
	check := (11 - sum%11) % 11
	return check, check != 10
}

// IsZero reports whether o is the zero value, "no number".
func (o OrgNumber) IsZero() bool { return o.n == 0 }

// String returns the nine digits without spaces ("964965226"), the form for
// storage and the wire, or "" for the zero value.
func (o OrgNumber) String() string {
	if o.n == 0 {
		return ""
	}
	return fmt.Sprintf("%09d", o.n)
}

// Grouped returns the number in the grouping people read: "964 965 226", or
// "" for the zero value.
func (o OrgNumber) Grouped() string {
	s := o.String()
	if s == "" {
		return ""
	}
	return s[0:3] + " " + s[3:6] + " " + s[6:9]
}

// MarshalText implements encoding.TextMarshaler with String.
func (o OrgNumber) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with ParseOrgNumber; empty
// text gives the zero value.
func (o *OrgNumber) UnmarshalText(text []byte) error {
	return unmarshalText(o, text, ParseOrgNumber)
}

// parseDigits returns the value of s when it is exactly n ASCII digits
// (n <= 19).
func parseDigits(s string, n int) (uint64, bool) {
	if len(s) != n {
		return 0, false
	}
	var v uint64
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + uint64(c-'0')
	}
	return v, true
}

// unmarshalText sets *dst to the zero value for empty text and to
// parse(text) otherwise, leaving *dst alone on error.
func unmarshalText[T any](dst *T, text []byte, parse func(string) (T, error)) error {
	if len(text) == 0 {
		var zero T
		*dst = zero
		return nil
	}
	v, err := parse(string(text))
	if err != nil {
		return err
	}
	*dst = v
	return nil
}
