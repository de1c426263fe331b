// Package domaintest has the helpers the domain packages' tests share:
// decimals that compare by value (1.5 equals 1.50, never ==), the fields of
// validation errors, calendar dates.
package domaintest

import (
	"encoding/csv"
	"errors"
	"os"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
)

// D parses a decimal literal of a test.
func D(t testing.TB, s string) decimal.Decimal {
	t.Helper()
	v, err := decimal.NewFromString(s)
	require.NoError(t, err, "decimal.NewFromString(%q)", s)
	return v
}

// ND is D as a set NullDecimal.
func ND(t testing.TB, s string) decimal.NullDecimal { return decimal.NewNullDecimal(D(t, s)) }

// Equal checks got against want by value, reporting "call = got, want want".
func Equal(t testing.TB, call string, got decimal.Decimal, want string) bool {
	t.Helper()
	return assert.True(t, got.Equal(D(t, want)), "%s = %s, want %s", call, got, want)
}

// Fields returns the fields of the ValidationErrors in err, or nil for nil;
// it fails the test when err holds none.
func Fields(t testing.TB, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var all munireg.ValidationErrors
	require.True(t, errors.As(err, &all), "%v is not a ValidationErrors", err)
	return all.Fields()
}

// Date is midnight UTC of a calendar date.
func Date(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

// CSV reads a CSV file, header included, and requires at least one row
// beyond the header.
func CSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err, "reading %s", path)
	require.Greater(t, len(rows), 1, "%s has no data rows", path)
	return rows
}
