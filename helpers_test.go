package munireg_test

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dec parses a decimal literal of a test.
func dec(t testing.TB, s string) decimal.Decimal {
	t.Helper()
	d, err := decimal.NewFromString(s)
	require.NoError(t, err, "decimal.NewFromString(%q)", s)
	return d
}

// assertDec checks got against want by value (1.5 equals 1.50), reporting
// "call = got, want want".
func assertDec(t testing.TB, call string, got decimal.Decimal, want string) {
	t.Helper()
	assert.True(t, got.Equal(dec(t, want)), "%s = %s, want %s", call, got, want)
}

// readCSV reads a CSV file of testdata, header included.
func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err, "reading %s", path)
	require.NotEmpty(t, rows, "%s is empty", path)
	return rows
}
