package munireg_test

import (
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
