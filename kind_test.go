package munireg_test

import (
	"testing"

	"github.com/munireg/munireg"
	"github.com/stretchr/testify/assert"
)

func TestKindCodesInReferenceData(t *testing.T) {
	rows := readCSV(t, "testdata/orgforms.csv")
	codes := map[string]bool{}
	for _, row := range rows[1:] {
		codes[row[0]] = true
	}
	for _, k := range munireg.Kinds() {
		code := k.Code()
		if k == munireg.KindOther {
			assert.Equal(t, "", code, "KindOther.Code()")
			continue
		}
		assert.True(t, codes[code], "%s.Code() = %q, not in orgforms.csv", k, code)
		assert.Equal(t, k, munireg.KindByCode(code), "KindByCode(%q)", code)
		assert.NoError(t, k.Validate(), "%s.Validate()", k)
	}
}

func TestKindByCode(t *testing.T) {
	tests := []struct {
		code string
		want munireg.Kind
	}{
		{"KOMM", munireg.KindKommune},
		{"IKS", munireg.KindIKS},
		{"ANNA", munireg.KindANNA},
		{"FLI", munireg.KindForening},
		{"BA", munireg.KindOther},
		{"SF", munireg.KindOther},
		{"", munireg.KindOther},
		{"komm", munireg.KindOther},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, munireg.KindByCode(tt.code), "KindByCode(%q)", tt.code)
	}
}

func TestKindValidate(t *testing.T) {
	for _, k := range []munireg.Kind{"", "KOMM", "Kommune", "aksjeselskap"} {
		assert.ErrorIs(t, k.Validate(), munireg.ErrInvalidKind, "Kind(%q).Validate()", k)
	}
	assert.True(t, munireg.KindFylkeskommune.Municipal(), "KindFylkeskommune.Municipal()")
	assert.False(t, munireg.KindIKS.Municipal(), "KindIKS.Municipal()")
}
