package cooperation_test

import (
	"encoding/csv"
	"os"
	"testing"
	"time"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// d parses a decimal literal of a test.
func d(t testing.TB, s string) decimal.Decimal {
	t.Helper()
	v, err := decimal.NewFromString(s)
	require.NoError(t, err, "decimal.NewFromString(%q)", s)
	return v
}

// nd is d as a set NullDecimal.
func nd(t testing.TB, s string) decimal.NullDecimal { return decimal.NewNullDecimal(d(t, s)) }

// assertDec checks got against want by value (1.5 equals 1.50), reporting
// "call = got, want want".
func assertDec(t testing.TB, call string, got decimal.Decimal, want string) {
	t.Helper()
	assert.True(t, got.Equal(d(t, want)), "%s = %s, want %s", call, got, want)
}

// fields returns the fields of the ValidationErrors in err, or nil for nil.
func fields(t testing.TB, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var all munireg.ValidationErrors
	require.ErrorAs(t, err, &all)
	return all.Fields()
}

// date is midnight UTC of a calendar date.
func date(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

// csvRows reads a CSV file of the module's testdata, without its header.
func csvRows(t testing.TB, name string) [][]string {
	t.Helper()
	f, err := os.Open("../testdata/" + name)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	rows, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err, "reading %s", name)
	require.Greater(t, len(rows), 1, "%s has no data rows", name)
	return rows[1:]
}
