package cooperation_test

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
)

func TestOverviewOf(t *testing.T) {
	jan := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	k := func(id string) munireg.Organization {
		return munireg.Organization{ID: id, Name: id + " kommune", Kind: munireg.KindKommune}
	}
	share := func(s string) decimal.NullDecimal { return decimal.NewNullDecimal(decimal.RequireFromString(s)) }
	iks := cooperation.Agreement{ID: "i", Name: "Vannverk IKS", Form: cooperation.FormIKS, Versions: []cooperation.Version{{
		Adopted: jan(2020), Valid: munireg.Period{From: jan(2020)}, Purpose: "Vannforsyning",
		Participants: []cooperation.Participant{
			{Organization: k("A"), Ownership: share("0.6"), Seats: map[string]int{"representantskap": 2}},
			{Organization: k("B"), Ownership: share("0.4"), Seats: map[string]int{"representantskap": 1}},
		}}}}
	host := cooperation.Agreement{ID: "v", Name: "Barnevern", Form: cooperation.FormHostAdministrative, Versions: []cooperation.Version{{
		Adopted: jan(2021), Valid: munireg.Period{From: jan(2021), To: jan(2023)}, Host: "B",
		Participants: []cooperation.Participant{{Organization: k("A")}, {Organization: k("B")}}}}}
	other := cooperation.Agreement{ID: "o", Name: "Råd", Form: cooperation.FormPoliticalCouncil, Versions: []cooperation.Version{{
		Adopted: jan(2020), Valid: munireg.Period{From: jan(2020)},
		Participants: []cooperation.Participant{{Organization: k("B")}, {Organization: k("C")}}}}}

	o, err := cooperation.OverviewOf(k("A"), []cooperation.Agreement{iks, host, other}, jan(2022))
	require.NoError(t, err)
	require.Len(t, o.Entries, 2, "A takes part in the IKS and the vertskommune arrangement in 2022, not the council")
	assert.Equal(t, "Barnevern", o.Entries[0].Name, "in order of name")
	assert.Equal(t, "B", o.Entries[0].Host)
	assert.False(t, o.Entries[0].Hosting)
	e := o.Entries[1]
	assert.Equal(t, "interkommunalt selskap", e.FormName)
	assert.Equal(t, "0.6", e.Ownership.Decimal.String())
	assert.Equal(t, "0.6", e.LiabilityShare.Decimal.String(), "ansvarsandel defaults to eierandel")
	assert.Equal(t, []string{"B kommune"}, e.Others)
	assert.Equal(t, 2, e.Seats["representantskap"])

	o, err = cooperation.OverviewOf(k("A"), []cooperation.Agreement{iks, host}, jan(2024))
	require.NoError(t, err)
	assert.Len(t, o.Entries, 1, "the vertskommune arrangement ended in 2023")

	_, err = cooperation.OverviewOf(munireg.Organization{ID: "x", Name: "X AS", Kind: munireg.KindAS}, nil, jan(2024))
	assert.ErrorIs(t, err, cooperation.ErrParticipantNotAllowed)
}
