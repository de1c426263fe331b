package munireg_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
)

func TestMunicipalities2024(t *testing.T) {
	all, err := munireg.Municipalities2024()
	require.NoError(t, err)
	require.Len(t, all, 357)
	byNumber := map[string]munireg.Organization{}
	withOrgNumber := 0
	for _, o := range all {
		o.ID = "x" // Validate wants an ID; the store gives it
		require.NoError(t, o.Validate(), "%s", o.Name)
		byNumber[o.Municipality.String()] = o
		if !o.OrgNumber.IsZero() {
			withOrgNumber++
		}
	}
	assert.Equal(t, 356, withOrgNumber, "every municipality but Haram has an org number")
	assert.Len(t, byNumber, 357, "kommunenummer are unique")

	volda := byNumber["1577"]
	assert.Equal(t, "Volda", volda.Name)
	assert.Equal(t, "939760946", volda.OrgNumber.String())

	// Halden was 3001 until the 2024 reform and is 3101 since.
	halden := byNumber["3101"]
	before, ok := halden.NumberAsOf(munireg.Reform2024.AddDate(0, 0, -1))
	require.True(t, ok)
	assert.Equal(t, "3001", before.String())
	after, ok := halden.NumberAsOf(munireg.Reform2024)
	require.True(t, ok)
	assert.Equal(t, "3101", after.String())

	haram := byNumber["1580"]
	assert.True(t, haram.OrgNumber.IsZero())
	assert.Equal(t, munireg.Reform2024, haram.Valid.From, "Haram exists again from 2024")
}

// TestCounties2024: the 15 counties of 2024 are 14 fylkeskommuner and
// Oslo, whose kommune has the county functions and is no second record.
func TestCounties2024(t *testing.T) {
	counties, err := munireg.Counties2024()
	if err != nil {
		t.Fatal(err)
	}
	if len(counties) != 14 {
		t.Fatalf("Counties2024() = %d fylkeskommuner, want 14", len(counties))
	}
	names := map[string]bool{}
	for _, c := range counties {
		if c.Kind != munireg.KindFylkeskommune || !strings.HasSuffix(c.Name, " fylkeskommune") {
			t.Errorf("county %+v, want a fylkeskommune named \"<fylke> fylkeskommune\"", c)
		}
		names[c.Name] = true
	}
	for _, want := range []string{"Møre og Romsdal fylkeskommune", "Vestland fylkeskommune", "Finnmark fylkeskommune"} {
		if !names[want] {
			t.Errorf("Counties2024() lacks %s", want)
		}
	}
	if names["Oslo fylkeskommune"] {
		t.Error("Oslo has no fylkeskommune: Oslo kommune has the county functions")
	}
}
