package cooperation_test

import (
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/stretchr/testify/assert"
)

func TestFormFacts(t *testing.T) {
	tests := []struct {
		form      cooperation.Form
		basis     string
		person    cooperation.LegalPerson
		liability cooperation.Liability
		code      string
		shares    bool
		host      bool
	}{
		{cooperation.FormPoliticalCouncil, "kommuneloven kapittel 18", cooperation.LegalPersonOptional, cooperation.LiabilityNone, "ANNA", false, false},
		{cooperation.FormJointTask, "kommuneloven kapittel 19", cooperation.LegalPersonOptional, cooperation.LiabilityUnlimitedProRata, "ANNA", true, false},
		{cooperation.FormHostAdministrative, "kommuneloven kapittel 20", cooperation.LegalPersonNo, cooperation.LiabilityNone, "", false, true},
		{cooperation.FormHostJointBoard, "kommuneloven kapittel 20", cooperation.LegalPersonNo, cooperation.LiabilityNone, "", false, true},
		{cooperation.FormIKS, "lov om interkommunale selskaper (IKS-loven)", cooperation.LegalPersonYes, cooperation.LiabilityUnlimitedProRata, "IKS", true, false},
		{cooperation.FormAS, "aksjeloven", cooperation.LegalPersonYes, cooperation.LiabilityLimited, "AS", false, false},
		{cooperation.FormSA, "samvirkelova", cooperation.LegalPersonYes, cooperation.LiabilityLimited, "SA", false, false},
		{cooperation.FormAssociation, "ulovfestet foreningsrett", cooperation.LegalPersonYes, cooperation.LiabilityLimited, "FLI", false, false},
		{cooperation.FormOther, "kommuneloven § 17-1", cooperation.LegalPersonOptional, cooperation.LiabilityNone, "", false, false},
	}
	assert.Len(t, cooperation.Forms(), len(tests), "Forms()")
	for _, tt := range tests {
		f := tt.form
		assert.NoError(t, f.Validate(), "%s.Validate()", f)
		assert.NotEmpty(t, f.Name(), "%s.Name()", f)
		assert.Equal(t, tt.basis, f.LegalBasis(), "%s.LegalBasis()", f)
		assert.Equal(t, tt.person, f.LegalPerson(), "%s.LegalPerson()", f)
		assert.Equal(t, tt.liability, f.Liability(), "%s.Liability()", f)
		assert.Equal(t, tt.code, f.Code(), "%s.Code()", f)
		assert.Equal(t, tt.shares, f.RequiresShares(), "%s.RequiresShares()", f)
		assert.Equal(t, tt.host, f.RequiresHost(), "%s.RequiresHost()", f)
		if tt.code != "" {
			assert.NotEqual(t, munireg.KindOther, munireg.KindByCode(tt.code), "%s.Code() %q unknown to munireg.KindByCode", f, tt.code)
		}
	}
	assert.ErrorIs(t, cooperation.Form("samkommune").Validate(), cooperation.ErrInvalidForm)
}

func TestFormAllows(t *testing.T) {
	tests := []struct {
		form cooperation.Form
		kind munireg.Kind
		want bool
	}{
		{cooperation.FormIKS, munireg.KindKommune, true},
		{cooperation.FormIKS, munireg.KindFylkeskommune, true},
		{cooperation.FormIKS, munireg.KindIKS, true}, // IKS-loven § 1
		{cooperation.FormIKS, munireg.KindAS, false},
		{cooperation.FormIKS, munireg.KindState, false},
		{cooperation.FormJointTask, munireg.KindKommune, true},
		{cooperation.FormJointTask, munireg.KindIKS, false},
		{cooperation.FormPoliticalCouncil, munireg.KindFylkeskommune, true},
		{cooperation.FormPoliticalCouncil, munireg.KindForening, false},
		{cooperation.FormHostAdministrative, munireg.KindKommune, true},
		{cooperation.FormHostJointBoard, munireg.KindStateBody, false},
		{cooperation.FormAS, munireg.KindASA, true},
		{cooperation.FormSA, munireg.KindKommune, true},
		{cooperation.FormAssociation, munireg.KindStiftelse, true},
		{cooperation.FormOther, munireg.KindState, true},    // the NAV partnership
		{cooperation.FormOther, munireg.KindForening, true}, // voluntary organizations
		{cooperation.Form("x"), munireg.KindKommune, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.form.Allows(tt.kind), "%s.Allows(%s)", tt.form, tt.kind)
	}
}
