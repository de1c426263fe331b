package importing_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/importing"
)

func TestDecode(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []byte
		want string
	}{
		{"UTF-8", []byte("Ørsta"), "Ørsta"},
		{"UTF-8 with BOM", []byte("\xef\xbb\xbfØrsta"), "Ørsta"},
		{"ISO-8859-1", []byte("\xd8rsta \xe5r"), "Ørsta år"},
		{"Windows-1252", []byte("\x80 \x96 \x9e"), "€ – ž"},
		{"UTF-16LE", []byte("\xff\xfe\xd8\x00r\x00"), "Ør"},
		{"UTF-16BE", []byte("\xfe\xff\x00\xd8\x00r"), "Ør"},
	} {
		assert.Equal(t, tc.want, importing.Decode(tc.in), "Decode(%s)", tc.name)
	}
}

func TestReadTable(t *testing.T) {
	isHeader := func(f []string) bool { return len(f) > 1 && f[0] == "a" }
	tab, err := importing.ReadTable([]byte("title, with a comma\n\n a ; b \n1;2\n\n\"3\";\"x\"\"y\"\n"), []rune{',', ';'}, isHeader)
	require.NoError(t, err)
	assert.Equal(t, ';', tab.Comma)
	assert.Equal(t, 3, tab.HeaderLine)
	assert.Equal(t, []string{"a", "b"}, tab.Header)
	assert.Equal(t, []importing.Record{{Line: 4, Fields: []string{"1", "2"}}, {Line: 6, Fields: []string{"3", `x"y`}}}, tab.Records)

	_, err = importing.ReadTable([]byte("a|b\n1|2\n"), []rune{',', ';'}, isHeader)
	assert.ErrorIs(t, err, importing.ErrNoHeader)
}

func TestProblemsErr(t *testing.T) {
	var ps importing.Problems
	assert.NoError(t, ps.Err(), "no problems")
	ps.Add(importing.LineRef(9), 9, "count", errors.New("late"))
	ps.Add(importing.ElementRef("units", 0), 2, "", munireg.ErrRequired)
	var errs munireg.ValidationErrors
	require.ErrorAs(t, ps.Err(), &errs)
	assert.Equal(t, []string{"units[0]", "line[9].count"}, errs.Fields(), "in order of line")
	assert.ErrorIs(t, ps.Err(), munireg.ErrRequired)
}
