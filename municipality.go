package munireg

import "fmt"

// MunicipalityNumber is a kommunenummer: four digits, of which the first two
// are the county (fylkesnummer), as in "0301" (Oslo) or "1577" (Volda).
// Numbers change with reforms (2020, 2024), so an Organization keeps the
// period its number is valid for.
//
// The zero value means "no number"; every other value passed
// ParseMunicipalityNumber.
type MunicipalityNumber struct {
	n uint16
}

// ParseMunicipalityNumber parses a kommunenummer of exactly four digits whose
// county part and local part are both from 01 to 99. Otherwise it returns an
// error wrapping ErrInvalidMunicipalityNumber. Leading zeros are required:
// "301" is not Oslo.
func ParseMunicipalityNumber(s string) (MunicipalityNumber, error) {
	v, ok := parseDigits(s, 4)
	if !ok {
		return MunicipalityNumber{}, fmt.Errorf("%w: %q is not four digits", ErrInvalidMunicipalityNumber, s)
	}
	n := uint16(v)
	if n/100 == 0 || n%100 == 0 {
		return MunicipalityNumber{}, fmt.Errorf("%w: %q has a zero county or local part", ErrInvalidMunicipalityNumber, s)
	}
	return MunicipalityNumber{n: n}, nil
}

// IsZero reports whether m is the zero value, "no number".
func (m MunicipalityNumber) IsZero() bool { return m.n == 0 }

// String returns the four digits ("0301"), or "" for the zero value.
func (m MunicipalityNumber) String() string {
	if m.n == 0 {
		return ""
	}
	return fmt.Sprintf("%04d", m.n)
}

// County returns the county number, the first two digits ("03" for "0301"),
// or "" for the zero value.
func (m MunicipalityNumber) County() string {
	s := m.String()
	if s == "" {
		return ""
	}
	return s[:2]
}

// MarshalText implements encoding.TextMarshaler with String.
func (m MunicipalityNumber) MarshalText() ([]byte, error) { return []byte(m.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler with
// ParseMunicipalityNumber; empty text gives the zero value.
func (m *MunicipalityNumber) UnmarshalText(text []byte) error {
	return unmarshalText(m, text, ParseMunicipalityNumber)
}
