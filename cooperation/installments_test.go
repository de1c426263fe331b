package cooperation_test

import (
	"fmt"
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestInstallments(t *testing.T) {
	tests := []struct {
		total string
		n     int
		unit  string
		want  []string
	}{
		{"1000.00", 3, "", []string{"333.34", "333.33", "333.33"}},
		{"1000.02", 4, "", []string{"250.01", "250.01", "250", "250"}},
		{"-1000.00", 3, "", []string{"-333.34", "-333.33", "-333.33"}},
		{"100", 12, "1", []string{"9", "9", "9", "9", "8", "8", "8", "8", "8", "8", "8", "8"}},
		{"0", 2, "", []string{"0", "0"}},
		{"0.01", 1, "", []string{"0.01"}},
	}
	for _, tt := range tests {
		unit := decimal.Zero
		if tt.unit != "" {
			unit = d(t, tt.unit)
		}
		call := fmt.Sprintf("Installments(%s, %d, %q)", tt.total, tt.n, tt.unit)
		got, err := cooperation.Installments(d(t, tt.total), tt.n, unit)
		require.NoError(t, err, call)
		require.Len(t, got, len(tt.want), call)
		for i := range got {
			assertDec(t, fmt.Sprintf("%s[%d]", call, i), got[i], tt.want[i])
		}
	}
}

func TestScheduledInstallments(t *testing.T) {
	got, err := cooperation.ScheduledInstallments(d(t, "1000.00"), []decimal.Decimal{d(t, "2"), d(t, "1"), d(t, "1"), d(t, "0")}, decimal.Zero)
	require.NoError(t, err)
	want := []string{"500", "250", "250", "0"}
	for i := range got {
		assertDec(t, fmt.Sprintf("ScheduledInstallments(1000.00, 2:1:1:0)[%d]", i), got[i], want[i])
	}
	got, err = cooperation.ScheduledInstallments(d(t, "100.00"), []decimal.Decimal{d(t, "31"), d(t, "28"), d(t, "31")}, decimal.Zero)
	require.NoError(t, err)
	want = []string{"34.45", "31.11", "34.44"} // by days; the tie goes to the earlier month
	for i := range got {
		assertDec(t, fmt.Sprintf("ScheduledInstallments(100.00, 31:28:31)[%d]", i), got[i], want[i])
	}
}

func TestInstallmentsErrors(t *testing.T) {
	_, err := cooperation.Installments(d(t, "1.005"), 0, decimal.Zero)
	assert.Equal(t, []string{"n", "total"}, fields(t, err), "Installments(1.005, 0) fields")
	assert.ErrorIs(t, err, cooperation.ErrInvalidInstallments)
	assert.ErrorIs(t, err, munireg.ErrInvalidTotal)

	_, err = cooperation.Installments(d(t, "1"), cooperation.MaxInstallments+1, decimal.Zero)
	assert.ErrorIs(t, err, cooperation.ErrInvalidInstallments)

	_, err = cooperation.ScheduledInstallments(d(t, "1"), []decimal.Decimal{d(t, "-1"), d(t, "0")}, decimal.Zero)
	assert.Equal(t, []string{"schedule[0]", "schedule"}, fields(t, err), "ScheduledInstallments(-1, 0) fields")
	assert.ErrorIs(t, err, cooperation.ErrNegative)
	assert.ErrorIs(t, err, cooperation.ErrEmptyBasis)

	_, err = cooperation.ScheduledInstallments(d(t, "1"), nil, d(t, "3"))
	assert.Equal(t, []string{"unit", "schedule"}, fields(t, err), "ScheduledInstallments(nil, unit 3) fields")
}
