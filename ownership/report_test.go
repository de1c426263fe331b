package ownership_test

import (
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// interests are K1's interests that are no positions: a share of an IKS
// (its eierandel lives in the agreement version) and its foretak KF1, which
// holds half of P (see records).
func interests(t testing.TB) []ownership.Interest {
	return []ownership.Interest{
		{Organization: munireg.Organization{ID: "R", Name: "Revisjon IKS", Kind: munireg.KindIKS}, Basis: ownership.BasisParticipation,
			Share: nd(t, "0.25"), Purpose: "Revisjon", Category: ownership.CategorySectorPolicy, Source: "agreement R, version 2"},
		{Organization: munireg.Organization{ID: "KF1", Name: "KF1 name", Kind: munireg.KindKF}, Basis: ownership.BasisEnterprise,
			Purpose: "Eiendomsforvaltning"},
	}
}

func TestOwnershipReport(t *testing.T) {
	rep, err := ownership.OwnershipReport("K1", "Prinsipper for eierstyring …", records(t), interests(t), date(2023, 12, 31))
	require.NoError(t, err)
	assert.Equal(t, "K1", rep.Municipality.ID)
	var names []string
	for _, e := range rep.Entries {
		names = append(names, e.Organization.Name)
	}
	assert.Equal(t, []string{"H name", "KF1 name", "Revisjon IKS", "W name"}, names, "entries by name")

	h, kf, iks, w := rep.Entries[0], rep.Entries[1], rep.Entries[2], rep.Entries[3]
	assert.Equal(t, ownership.BasisPosition, h.Basis)
	assertDec(t, "H.Economic", h.Economic.Decimal, "0.6")
	assertDec(t, "H.BookValue", h.BookValue.Decimal, "600000")
	assert.Equal(t, "Eierskap i energi", h.Purpose)
	assert.Equal(t, ownership.BasisEnterprise, kf.Basis)
	assert.False(t, kf.Economic.Valid, "a foretak has no share")
	assertDec(t, "KF1.Effective", kf.Effective.Decimal, "1")
	assert.Equal(t, ownership.BasisParticipation, iks.Basis)
	assertDec(t, "R.Economic", iks.Economic.Decimal, "0.25")
	assert.Equal(t, "agreement R, version 2", iks.Source)
	assert.Empty(t, w.Purpose)

	// Held only through others: E through H (0.6), P through KF1 (0.5).
	require.Len(t, rep.Indirect, 2)
	assert.Equal(t, "E", rep.Indirect[0].Organization.ID)
	assertDec(t, "E.Effective", rep.Indirect[0].Effective.Decimal, "0.6")
	assert.Equal(t, "P", rep.Indirect[1].Organization.ID)
	assertDec(t, "P.Effective", rep.Indirect[1].Effective.Decimal, "0.5")
	assert.Equal(t, ownership.BasisIndirect, rep.Indirect[1].Basis)

	assert.Equal(t, []string{"entries[3].purpose"}, rep.Gaps.Fields(), "W has no purpose")
}

func TestOwnershipReportErrors(t *testing.T) {
	tests := []struct {
		name         string
		municipality string
		interests    []ownership.Interest
		fields       []string
		errs         []error
	}{
		{"not a municipality", "H", nil, []string{"municipality"}, []error{ownership.ErrNotMunicipal}},
		{"unknown", "X", nil, []string{"municipality"}, []error{ownership.ErrUnknownOrganization}},
		{"held as a position too", "K1", append(interests(t), ownership.Interest{
			Organization: munireg.Organization{ID: "W", Name: "W name", Kind: munireg.KindIKS}, Basis: ownership.BasisParticipation,
		}), []string{"interests[2].organization.id"}, []error{ownership.ErrDuplicateInterest}},
		{"given twice", "K1", append(interests(t), interests(t)[0]),
			[]string{"interests[2].organization.id"}, []error{ownership.ErrDuplicateInterest}},
		{"invalid interests", "K1", []ownership.Interest{
			{Organization: munireg.Organization{ID: "A", Name: "A", Kind: munireg.KindAS}, Basis: ownership.BasisEnterprise},
			{Organization: munireg.Organization{ID: "B", Name: "B", Kind: munireg.KindAS}, Basis: ownership.BasisPosition, Share: nd(t, "2"), Category: "x"},
			{Basis: ownership.BasisOther},
		}, []string{"interests[0].basis", "interests[1].basis", "interests[1].share", "interests[1].category",
			"interests[2].organization.id", "interests[2].organization.name", "interests[2].organization.kind"},
			[]error{ownership.ErrInvalidBasis, ownership.ErrShareRange, ownership.ErrInvalidCategory, munireg.ErrRequired}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ownership.OwnershipReport(tt.municipality, "principles", records(t), tt.interests, date(2023, 12, 31))
			assert.Equal(t, tt.fields, fields(t, err), "OwnershipReport(%s)", tt.name)
			for _, want := range tt.errs {
				assert.ErrorIs(t, err, want, "OwnershipReport(%s)", tt.name)
			}
		})
	}

	rep, err := ownership.OwnershipReport("K2", " ", records(t), nil, date(2023, 12, 31))
	require.NoError(t, err)
	assert.Equal(t, []string{"principles", "entries[1].purpose"}, rep.Gaps.Fields(), "no principles; W has no purpose")
}
