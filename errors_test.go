package munireg_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/munireg/munireg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidationErrors(t *testing.T) {
	var errs munireg.ValidationErrors
	require.NoError(t, errs.Err(), "empty Err()")

	errs.Add("total", munireg.ErrInvalidTotal)
	errs.Add("weights[1].ref", fmt.Errorf("%w: %q", munireg.ErrDuplicateRef, "1577"))
	err := fmt.Errorf("allocating: %w", errs.Err())

	assert.ErrorIs(t, err, munireg.ErrInvalidTotal)
	assert.ErrorIs(t, err, munireg.ErrDuplicateRef)
	assert.NotErrorIs(t, err, munireg.ErrInvalidUnit)

	var first munireg.ValidationError
	require.True(t, errors.As(err, &first), "errors.As(%v, ValidationError)", err)
	assert.Equal(t, "total", first.Field)

	var all munireg.ValidationErrors
	require.True(t, errors.As(err, &all), "errors.As(%v, ValidationErrors)", err)
	assert.Len(t, all, 2)
	assert.Equal(t,
		`total: total is not a whole multiple of the rounding unit; weights[1].ref: duplicate reference: "1577"`,
		all.Error())
}

func TestValidationErrorsMerge(t *testing.T) {
	inner := munireg.ValidationErrors{{Field: "[2].ref", Err: munireg.ErrRequired}, {Field: "share", Err: munireg.ErrInvalidWeight}}
	var errs munireg.ValidationErrors
	errs.Merge("versions[0].participants", inner)
	errs.Merge("versions[1]", munireg.ValidationError{Field: "host", Err: munireg.ErrRequired})
	errs.Merge("versions[2].key", errors.New("plain"))
	errs.Merge("ignored", nil)
	assert.Equal(t, []string{
		"versions[0].participants[2].ref",
		"versions[0].participants.share",
		"versions[1].host",
		"versions[2].key",
	}, errs.Fields(), "Merge fields")
}

func TestJoinField(t *testing.T) {
	tests := []struct{ prefix, field, want string }{
		{"", "total", "total"},
		{"weights", "", "weights"},
		{"weights", "[3]", "weights[3]"},
		{"versions[0]", "participants[1].share", "versions[0].participants[1].share"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, munireg.JoinField(tt.prefix, tt.field), "JoinField(%q, %q)", tt.prefix, tt.field)
	}
	assert.Equal(t, "invalid", munireg.ValidationError{}.Error(), "ValidationError{}.Error()")
}

func TestCheckText(t *testing.T) {
	for _, s := range []string{"", "Volda kommune", "Ørsta – Volda", "' OR 1=1--", "\u202e", "😀", "a\tb\r\n"} {
		assert.NoError(t, munireg.CheckText(s), "CheckText(%q)", s)
	}
	for _, s := range []string{"\x00", "Volda\x00", "\xff", "a\xc0\xafb", "\xed\xa0\x80"} {
		assert.ErrorIs(t, munireg.CheckText(s), munireg.ErrInvalidText, "CheckText(%q)", s)
	}
}
