package munireg_test

import (
	"encoding/csv"
	"os"
	"testing"

	"github.com/munireg/munireg/internal/dectest"
	"github.com/stretchr/testify/require"
)

// The decimal helpers, from internal/dectest.
var dec = dectest.D
var assertDec = dectest.Equal

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
