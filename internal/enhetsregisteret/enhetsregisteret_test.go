package enhetsregisteret_test

import (
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/enhetsregisteret"
)

// unit is a unit as the tests compare it.
type unit struct {
	ref, orgNumber, name string
	kind                 munireg.Kind
	line                 int
}

func units(f enhetsregisteret.File) []unit {
	out := make([]unit, len(f.Units))
	for i, u := range f.Units {
		out[i] = unit{u.Ref, u.OrgNumber.String(), u.Name, u.Kind(), u.Line}
	}
	return out
}

func invalid(f enhetsregisteret.File) []string {
	var out []string
	for _, p := range f.Invalid {
		out = append(out, p.Location())
	}
	return out
}

func readSample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "enhetsregisteret", name))
	require.NoError(t, err)
	return b
}

func TestParseSamples(t *testing.T) {
	f, err := enhetsregisteret.Parse(readSample(t, "enheter.csv"))
	require.NoError(t, err)
	assert.Equal(t, []unit{
		{"line[2]", "939760946", "VOLDA KOMMUNE", munireg.KindKommune, 2},
		{"line[3]", "939461450", "ØRSTA KOMMUNE", munireg.KindKommune, 3},
		{"line[4]", "964979278", "HAREID KOMMUNE", munireg.KindKommune, 4},
	}, units(f), "Parse(enheter.csv)")
	assert.Empty(t, f.Invalid)

	f, err = enhetsregisteret.Parse(readSample(t, "enheter.json"))
	require.NoError(t, err)
	assert.Equal(t, []unit{
		{"units[0]", "939760946", "VOLDA KOMMUNE", munireg.KindKommune, 2},
		{"units[1]", "939461450", "ØRSTA KOMMUNE", munireg.KindKommune, 8},
		{"units[2]", "964979278", "HAREID KOMMUNE", munireg.KindKommune, 14},
	}, units(f), "Parse(enheter.json)")
	assert.Empty(t, f.Invalid)

	var gz bytes.Buffer
	w := gzip.NewWriter(&gz)
	_, err = w.Write(readSample(t, "enheter.json"))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	f, err = enhetsregisteret.Parse(gz.Bytes())
	require.NoError(t, err)
	assert.Len(t, f.Units, 3, "Parse(enheter.json.gz)")
}

func TestParseVariants(t *testing.T) {
	want := []unit{{"", "939760946", "Volda kommune", munireg.KindKommune, 0}}
	for name, data := range map[string]string{
		"CSV with semicolons, a BOM, CRLF": "\xef\xbb\xbforganisasjonsnummer;navn;organisasjonsform.kode\r\n939760946;Volda kommune;KOMM\r\n",
		"CSV, Windows-1252 is not needed":  "\"organisasjonsnummer\",\"navn\",\"organisasjonsform.kode\"\n\"939 760 946\",\"Volda kommune\",\"komm\"\n",
		"JSON list on one line":            `[{"organisasjonsnummer":"939760946","navn":"Volda kommune","organisasjonsform":{"kode":"KOMM"}}]`,
		"JSON page of the search API": `{"_embedded": {"enheter": [{"organisasjonsnummer": "939760946", "navn": "Volda kommune",
			"organisasjonsform": {"kode": "KOMM"}}]}, "_links": {"self": {"href": "x"}}, "page": {"size": 20}}`,
		"JSON single unit": ` {"organisasjonsnummer": "939760946", "navn": "Volda kommune", "organisasjonsform": {"kode": "KOMM"}}`,
	} {
		f, err := enhetsregisteret.Parse([]byte(data))
		require.NoError(t, err, "Parse(%s)", name)
		got := units(f)
		for i := range got {
			got[i].ref, got[i].line = "", 0
		}
		assert.Equal(t, want, got, "Parse(%s)", name)
		assert.Empty(t, f.Invalid, "Parse(%s) invalid", name)
	}
	f, err := enhetsregisteret.Parse([]byte("organisasjonsnummer,navn,organisasjonsform.kode\n939760946,Xyz,ENK\n"))
	require.NoError(t, err)
	assert.Equal(t, munireg.KindOther, f.Units[0].Kind(), "a form without a kind of its own")
}

// TestParseRefusesUnits: bad units are refused one by one, naming line and
// field; good ones are still read.
func TestParseRefusesUnits(t *testing.T) {
	csv := strings.Join([]string{
		"organisasjonsnummer,navn,organisasjonsform.kode", // 1
		"939760946,Volda kommune,KOMM",                    // 2 good
		"939760947,Volda kommune,KOMM",                    // 3 check digit
		"93976094,Volda kommune,KOMM",                     // 4 eight digits
		",Nobody,AS",                                      // 5 none
		"939461450,,KOMM",                                 // 6 no name
		"964979278,Hareid kommune,",                       // 7 no form
		"939760946,Volda again,KOMM",                      // 8 duplicate of 2
		"964978662;Vanylven kommune;KOMM",                 // 9 another delimiter
	}, "\n")
	f, err := enhetsregisteret.Parse([]byte(csv))
	require.NoError(t, err)
	assert.Len(t, f.Units, 1)
	assert.Equal(t, []string{"line[3].organisasjonsnummer", "line[4].organisasjonsnummer", "line[5].organisasjonsnummer",
		"line[6].navn", "line[7].organisasjonsform.kode", "line[8].organisasjonsnummer", "line[9]"}, invalid(f))
	assert.ErrorIs(t, f.Invalid[0], munireg.ErrInvalidOrgNumber)
	assert.Contains(t, f.Invalid[0].Error(), "MOD11")
	assert.ErrorIs(t, f.Invalid[2], munireg.ErrRequired)
	assert.ErrorIs(t, f.Invalid[5], enhetsregisteret.ErrDuplicate)
	assert.Contains(t, f.Invalid[5].Error(), "also line 2")
	assert.ErrorIs(t, f.Invalid[6], enhetsregisteret.ErrFields)

	json := `[
  {"organisasjonsnummer": "939760946", "navn": "Volda kommune", "organisasjonsform": {"kode": "KOMM"}},
  {"organisasjonsnummer": "939760947", "navn": "Volda kommune", "organisasjonsform": {"kode": "KOMM"}},
  {"organisasjonsnummer": 939461450, "navn": "Ørsta kommune", "organisasjonsform": {"kode": "KOMM"}},
  {"organisasjonsnummer": "964979278", "navn": "Hareid kommune"},
  "964978662",
  {"organisasjonsnummer": "939760946", "navn": "Volda igjen", "organisasjonsform": {"kode": "KOMM"}}
]`
	f, err = enhetsregisteret.Parse([]byte(json))
	require.NoError(t, err)
	assert.Len(t, f.Units, 1)
	assert.Equal(t, []string{"units[1].organisasjonsnummer", "units[2].organisasjonsnummer", "units[3].organisasjonsform.kode",
		"units[4]", "units[5].organisasjonsnummer"}, invalid(f))
	assert.Equal(t, []int{3, 4, 5, 6, 7}, []int{f.Invalid[0].Line, f.Invalid[1].Line, f.Invalid[2].Line, f.Invalid[3].Line, f.Invalid[4].Line})
	assert.Contains(t, f.Invalid[4].Error(), "also units[0] (line 2)")
}

// TestParseRefusesFiles: files that cannot be read are refused whole,
// naming the line.
func TestParseRefusesFiles(t *testing.T) {
	for _, tc := range []struct {
		name, data, location, message string
	}{
		{"empty", "", "line[1]", "no header"},
		{"tab-separated", "organisasjonsnummer\tnavn\torganisasjonsform.kode\n939760946\tVolda\tKOMM\n", "line[1]", "no header"},
		{"no form column", "organisasjonsnummer;navn\n939760946;Volda\n", "line[1]", `no column "organisasjonsform.kode"`},
		{"truncated JSON", "[\n  {\"organisasjonsnummer\": \"939760946\", \"navn\": \"Volda\",\n   \"organisasjonsform\": {\"kode\": \"KO", "line[3]", "ends early"},
		{"truncated after an element", "[\n{\"organisasjonsnummer\": \"939760946\", \"navn\": \"Volda\", \"organisasjonsform\": {\"kode\": \"KOMM\"}},\n", "line[3]", "ends early"},
		{"malformed JSON", "[\n{\"organisasjonsnummer\": \"939760946\",,}\n]", "line[2]", "malformed JSON"},
		{"JSON after the list", `[] []`, "line[1]", "more JSON"},
		{"JSON object without units", `{"page": {}}`, "line[1]", "without units"},
		{"a JSON string is not JSON here", `"939760946"`, "line[1]", "no header"},
		{"bad gzip", "\x1f\x8b\x08garbage", "line[1]", "gzip"},
	} {
		f, err := enhetsregisteret.Parse([]byte(tc.data))
		require.Error(t, err, "Parse(%s)", tc.name)
		assert.Empty(t, f.Units, "Parse(%s) units", tc.name)
		assert.True(t, errors.Is(err, enhetsregisteret.ErrFormat), "Parse(%s) = %v, want ErrFormat", tc.name, err)
		var errs munireg.ValidationErrors
		require.ErrorAs(t, err, &errs, "Parse(%s)", tc.name)
		assert.Equal(t, []string{tc.location}, errs.Fields(), "Parse(%s) = %v", tc.name, err)
		assert.Contains(t, err.Error(), tc.message, "Parse(%s)", tc.name)
	}
}

// TestCompressedFilesHaveALimit: a gzip body that would expand past the
// limit is refused whole, not cut short.
func TestCompressedFilesHaveALimit(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write([]byte("organisasjonsnummer,navn,organisasjonsform.kode\n" + strings.Repeat("939760946,VOLDA,KOMM\n", 1000)))
	if err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := enhetsregisteret.ParseLimit(buf.Bytes(), 1000); !errors.Is(err, enhetsregisteret.ErrFormat) {
		t.Errorf("ParseLimit of 21 kB in 1 kB = %v, want ErrFormat", err)
	}
	f, err := enhetsregisteret.ParseLimit(buf.Bytes(), 1<<20)
	if err != nil || len(f.Units)+len(f.Invalid) != 1000 {
		t.Errorf("ParseLimit within the limit = %d units, %d invalid, %v; want all 1000 rows read", len(f.Units), len(f.Invalid), err)
	}
}
