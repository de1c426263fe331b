package munireg_test

import (
	"testing"

	"github.com/munireg/munireg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseMunicipalityNumberReferenceData(t *testing.T) {
	rows := readCSV(t, "testdata/municipalities_2024.csv")
	require.Len(t, rows[1:], 357, "municipalities of 2024")
	for _, row := range rows[1:] {
		m, err := munireg.ParseMunicipalityNumber(row[0])
		if !assert.NoError(t, err, "ParseMunicipalityNumber(%q) (%s)", row[0], row[1]) {
			continue
		}
		assert.Equal(t, row[0], m.String(), "ParseMunicipalityNumber(%q).String()", row[0])
		assert.Equal(t, row[2], m.County(), "ParseMunicipalityNumber(%q).County()", row[0])
	}
}

func TestParseMunicipalityNumber(t *testing.T) {
	tests := []struct {
		in     string
		ok     bool
		county string
	}{
		{in: "0301", ok: true, county: "03"},
		{in: "1577", ok: true, county: "15"},
		{in: "5601", ok: true, county: "56"},
		{in: "301"},
		{in: "03010"},
		{in: "0300"},
		{in: "0099"},
		{in: "03a1"},
		{in: " 301"},
		{in: ""},
	}
	for _, tt := range tests {
		got, err := munireg.ParseMunicipalityNumber(tt.in)
		if !tt.ok {
			assert.ErrorIs(t, err, munireg.ErrInvalidMunicipalityNumber, "ParseMunicipalityNumber(%q) error", tt.in)
			continue
		}
		require.NoError(t, err, "ParseMunicipalityNumber(%q)", tt.in)
		assert.Equal(t, tt.county, got.County(), "ParseMunicipalityNumber(%q).County()", tt.in)
	}
}

func TestMunicipalityNumberText(t *testing.T) {
	var m munireg.MunicipalityNumber
	require.NoError(t, m.UnmarshalText([]byte("0301")))
	b, err := m.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "0301", string(b), "MarshalText()")
	require.NoError(t, m.UnmarshalText([]byte{}))
	assert.True(t, m.IsZero(), "UnmarshalText(empty) = %v, want zero", m)
	assert.Equal(t, "", m.County(), "zero County()")
	assert.ErrorIs(t, m.UnmarshalText([]byte("301")), munireg.ErrInvalidMunicipalityNumber)
}
