package ssb_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/ssb"
)

// figure is a row as the tests compare it.
type figure struct {
	line   int
	region string
	year   int
	count  int64
}

func figures(rows []ssb.Row) []figure {
	out := make([]figure, len(rows))
	for i, r := range rows {
		out[i] = figure{r.Line, r.Region.String(), r.Year, r.Count}
	}
	return out
}

func locations(t *testing.T, err error) []string {
	t.Helper()
	var errs munireg.ValidationErrors
	require.ErrorAs(t, err, &errs)
	return errs.Fields()
}

func readSample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ssb", name))
	require.NoError(t, err)
	return b
}

func TestParseSamples(t *testing.T) {
	f, err := ssb.Parse(readSample(t, "07459_long.csv"))
	require.NoError(t, err)
	assert.Equal(t, []figure{
		{5, "1577", 2023, 10000}, {6, "1577", 2024, 10100}, {7, "1520", 2023, 11000}, {8, "1520", 2024, 11110},
		{9, "1517", 2024, 5050}, {10, "3001", 2023, 31000}, {12, "3101", 2024, 31200},
	}, figures(f.Rows), "Parse(07459_long.csv) rows")
	assert.Empty(t, f.Invalid, "Parse(07459_long.csv) invalid")
	assert.Equal(t, []string{"line[4].region", "line[11].count"}, passed(f), "Parse(07459_long.csv) passed over")
	assert.Equal(t, "Ørsta", f.Rows[2].Name)
	assert.Equal(t, "Halden (2020-2023)", f.Rows[5].Name)
	assert.Equal(t, "2024-01-01", f.Rows[1].Date().Format("2006-01-02"))

	f, err = ssb.Parse(readSample(t, "07459_wide_windows1252.csv"))
	require.NoError(t, err)
	assert.Equal(t, []figure{
		{4, "1577", 2023, 10000}, {4, "1577", 2024, 10100}, {5, "1520", 2023, 11000}, {5, "1520", 2024, 11110}, {6, "1517", 2024, 5050},
	}, figures(f.Rows), "Parse(07459_wide_windows1252.csv) rows")
	assert.Equal(t, "Ørsta", f.Rows[2].Name, "Windows-1252 decoded")
	assert.Equal(t, []string{"line[6].count[2023]"}, passed(f))
}

func passed(f ssb.File) []string {
	var out []string
	for _, p := range f.Passed {
		out = append(out, p.Location())
	}
	return out
}

func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = append(out, byte(u), byte(u>>8))
	}
	return out
}

// TestParseVariants reads the variants of header, delimiter, quoting and
// encoding SSB's exports come in: each gives Volda's 2024 figure.
func TestParseVariants(t *testing.T) {
	want := []figure{{0, "1577", 2024, 10100}}
	for name, data := range map[string][]byte{
		"semicolon, quoted":       []byte("\"region\";\"år\";\"statistikkvariabel\";\"07459: Befolkning\"\n\"1577 Volda\";\"2024\";\"Personer\";10100\n"),
		"comma, unquoted":         []byte("region,år,statistikkvariabel,Personer\n1577 Volda,2024,Personer,10100\n"),
		"English":                 []byte("\"region\";\"contents\";\"year\";\"07459: Population\"\n\"1577 Volda\";\"Persons\";\"2024\";\"10100\"\n"),
		"coded":                   []byte("\"Region\";\"ContentsCode\";\"Tid\";\"07459: Befolkning\"\n\"K-1577\";\"Personer1\";\"2024\";10100\n"),
		"ISO-8859-1 header":       []byte("region;\xe5r;Personer\n1577 Volda;2024;10100\n"),
		"UTF-16 with BOM":         utf16LE("\"region\"\t\"år\"\t\"Personer\"\r\n\"1577 Volda\"\t\"2024\"\t\"10100\"\r\n"),
		"wide, bare year":         []byte("region;2024\n1577 Volda;10100\n"),
		"spaces in the figure":    []byte("region;år;Personer\n1577 Volda;2024;10\u00a0100\n"),
		"title and empty lines":   []byte("Befolkning, etter region og år\n\n\nregion;år;Personer\n\n1577 Volda;2024;10100\n\n"),
		"no newline at the end":   []byte("region;år;Personer\r\n1577 Volda;2024;10100"),
		"tab-separated, unquoted": []byte("region\tår\tPersoner\n1577 Volda\t2024\t10100\n"),
	} {
		f, err := ssb.Parse(data)
		require.NoError(t, err, "Parse(%s)", name)
		got := figures(f.Rows)
		for i := range got {
			got[i].line = 0
		}
		assert.Equal(t, want, got, "Parse(%s) rows", name)
		assert.Empty(t, f.Invalid, "Parse(%s) invalid", name)
	}
}

// TestParseRefusesFiles: files that are not an export of 07459 as this
// package reads it are refused whole, naming the line.
func TestParseRefusesFiles(t *testing.T) {
	for _, tc := range []struct {
		name, data, location, message string
	}{
		{"empty", "", "line[1]", "no header"},
		{"wrong delimiter", "region|år|Personer\n1577 Volda|2024|10100\n", "line[1]", "no header"},
		{"no region column", "kommune;år;Personer\n1577 Volda;2024;10100\n", "line[1]", "region"},
		{"by sex", "Befolkning\nregion;kjønn;år;Personer\n1577 Volda;Menn;2024;5000\n", "line[2]", "kjønn"},
		{"two figure columns", "region;år;Personer;Andre\n1577 Volda;2024;1;2\n", "line[1]", "one column of figures"},
		{"no figure column", "region;år\n1577 Volda;2024\n", "line[1]", "no column of figures"},
		{"wide without years", "region;Personer\n1577 Volda;10100\n", "line[1]", "neither a year column"},
	} {
		_, err := ssb.Parse([]byte(tc.data))
		require.Error(t, err, "Parse(%s)", tc.name)
		assert.True(t, errors.Is(err, ssb.ErrFormat), "Parse(%s) = %v, want ErrFormat", tc.name, err)
		assert.Equal(t, []string{tc.location}, locations(t, err), "Parse(%s) location", tc.name)
		assert.Contains(t, err.Error(), tc.message, "Parse(%s)", tc.name)
	}
}

// TestParseRefusesRows: bad rows are refused one by one, each naming its
// line and field; the good rows are still read.
func TestParseRefusesRows(t *testing.T) {
	data := strings.Join([]string{
		`"region";"år";"Personer"`,                 // 1
		`"1577 Volda";"2024";10100`,                // 2 good
		`"Volda";"2024";10100`,                     // 3 no number
		`"157 Volda";"2024";10100`,                 // 4 three digits
		`"1520 Ørsta";"24";11000`,                  // 5 bad year
		`"1520 Ørsta";"2024";-5`,                   // 6 negative
		`"1517 Hareid";"2024";50,5`,                // 7 not whole
		`"1517 Hareid";"2024";`,                    // 8 empty
		`"1577 Volda";"2024";10100`,                // 9 duplicate of 2
		`"1511 Vanylven,2024,3000"`,                // 10 one field: another delimiter
		`"1514 Sande";"2024";99999999999999999999`, // 11 too large
		`"1514 Sande";"2024";2500`,                 // 12 good
	}, "\n")
	f, err := ssb.Parse([]byte(data))
	require.NoError(t, err)
	assert.Equal(t, []figure{{2, "1577", 2024, 10100}, {12, "1514", 2024, 2500}}, figures(f.Rows))
	var got []string
	for _, p := range f.Invalid {
		got = append(got, p.Location())
	}
	assert.Equal(t, []string{"line[3].region", "line[4].region", "line[5].year", "line[6].count", "line[7].count",
		"line[8].count", "line[9].count", "line[10]", "line[11].count"}, got)
	assert.ErrorIs(t, f.Invalid[6], ssb.ErrDuplicate)
	assert.Contains(t, f.Invalid[6].Error(), "also on line 2")
	assert.ErrorIs(t, f.Invalid[7], ssb.ErrFields)
	assert.Contains(t, f.Invalid[7].Error(), "separated by ';'")
	assert.ErrorIs(t, f.Invalid[0], ssb.ErrRegion)
	assert.ErrorIs(t, f.Invalid[3], ssb.ErrCount)
	assert.Equal(t, locations(t, f.Invalid.Err())[0], "line[3].region", "Invalid.Err() locations")
}

// TestParsePassesOver: missing figures, the country and counties carry
// nothing to load; they are reported, not refused.
func TestParsePassesOver(t *testing.T) {
	data := "region;år;Personer\n0 Hele landet;2024;5550203\n31 Østfold;2024;311000\nF-46 Vestland;2024;650000\n" +
		"1577 Volda;2024;..\n1577 Volda;2023;:\n1577 Volda;2022;-\n1577 Volda;2021;...\n1577 Volda;2020;.\n"
	f, err := ssb.Parse([]byte(data))
	require.NoError(t, err)
	assert.Empty(t, f.Rows)
	assert.Empty(t, f.Invalid)
	assert.Equal(t, []string{"line[2].region", "line[3].region", "line[4].region", "line[5].count", "line[6].count",
		"line[7].count", "line[8].count", "line[9].count"}, passed(f))
	assert.Contains(t, f.Passed[3].Error(), "passed over")
}
