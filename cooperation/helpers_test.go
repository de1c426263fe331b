package cooperation_test

import (
	"encoding/csv"
	"os"
	"testing"
	"time"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/dectest"
	"github.com/stretchr/testify/require"
)

// The decimal helpers, from internal/dectest.
var d = dectest.D
var nd = dectest.ND
var assertDec = dectest.Equal

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
