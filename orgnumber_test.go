package munireg_test

import (
	"errors"
	"testing"

	"github.com/munireg/munireg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseOrgNumberReferenceData(t *testing.T) {
	rows := readCSV(t, "testdata/municipalities_2024.csv")
	n := 0
	for _, row := range rows[1:] {
		s := row[4]
		if s == "" {
			continue // Haram has no organisasjonsnummer in the reference data
		}
		o, err := munireg.ParseOrgNumber(s)
		if assert.NoError(t, err, "ParseOrgNumber(%q) (%s)", s, row[1]) {
			assert.Equal(t, s, o.String(), "ParseOrgNumber(%q).String()", s)
		}
		n++
	}
	assert.Equal(t, 356, n, "municipalities with an organisasjonsnummer")
}

func TestParseOrgNumber(t *testing.T) {
	tests := []struct {
		in      string
		want    string // String(); "" when an error is wanted
		grouped string
	}{
		{in: "964965226", want: "964965226", grouped: "964 965 226"},
		{in: "964 965 226", want: "964965226", grouped: "964 965 226"},
		{in: "958\u00a0935\u00a0420", want: "958935420", grouped: "958 935 420"},
		{in: "964965227"},  // wrong check digit
		{in: "96496522"},   // eight digits
		{in: "9649652260"}, // ten digits
		{in: "96496522a"},
		{in: "000000000"},
		{in: ""},
		{in: "964-965-226"},
	}
	for _, tt := range tests {
		got, err := munireg.ParseOrgNumber(tt.in)
		if tt.want == "" {
			assert.ErrorIs(t, err, munireg.ErrInvalidOrgNumber, "ParseOrgNumber(%q) error", tt.in)
			assert.True(t, got.IsZero(), "ParseOrgNumber(%q) = %v, want zero", tt.in, got)
			continue
		}
		require.NoError(t, err, "ParseOrgNumber(%q)", tt.in)
		assert.Equal(t, tt.want, got.String(), "ParseOrgNumber(%q).String()", tt.in)
		assert.Equal(t, tt.grouped, got.Grouped(), "ParseOrgNumber(%q).Grouped()", tt.in)
	}
}

func TestOrgNumberCheckDigitTen(t *testing.T) {
	// Every eight-digit prefix has exactly one valid check digit, except the
	// prefixes whose MOD11 check digit would be 10: they have none.
	none := 0
	for prefix := 96496500; prefix < 96496600; prefix++ {
		valid := 0
		for last := 0; last <= 9; last++ {
			if _, err := munireg.ParseOrgNumber(itoa9(prefix*10 + last)); err == nil {
				valid++
			}
		}
		assert.LessOrEqual(t, valid, 1, "valid check digits for prefix %d = %d, want at most 1", prefix, valid)
		if valid == 0 {
			none++
		}
	}
	assert.Positive(t, none, "prefixes with no valid check digit = %d, want some", none)
}

func itoa9(n int) string {
	b := make([]byte, 9)
	for i := 8; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b)
}

func TestOrgNumberText(t *testing.T) {
	var o munireg.OrgNumber
	require.NoError(t, o.UnmarshalText([]byte("964 965 226")))
	b, err := o.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "964965226", string(b), "MarshalText()")

	require.NoError(t, o.UnmarshalText(nil))
	assert.True(t, o.IsZero(), "UnmarshalText(nil) = %v, want zero", o)
	assert.Equal(t, "", o.Grouped(), "zero Grouped()")

	err = o.UnmarshalText([]byte("964965227"))
	assert.True(t, errors.Is(err, munireg.ErrInvalidOrgNumber), "UnmarshalText(bad) = %v, want ErrInvalidOrgNumber", err)
}
