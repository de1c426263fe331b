package munireg_test

import (
	"errors"
	"testing"
	"time"

	"github.com/munireg/munireg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestPeriodContains(t *testing.T) {
	p2024 := munireg.Period{From: day(2024, 1, 1), To: day(2025, 1, 1)}
	tests := []struct {
		p    munireg.Period
		at   time.Time
		want bool
	}{
		{p2024, day(2024, 1, 1), true},
		{p2024, day(2024, 12, 31), true},
		{p2024, day(2025, 1, 1), false}, // half-open
		{p2024, day(2023, 12, 31), false},
		{munireg.Period{From: day(2020, 1, 1)}, day(2099, 1, 1), true},
		{munireg.Period{To: day(2020, 1, 1)}, day(1838, 1, 1), true},
		{munireg.Period{To: day(2020, 1, 1)}, day(2020, 1, 1), false},
		{munireg.Period{}, day(2024, 6, 1), true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.p.Contains(tt.at), "%v.Contains(%v)", tt.p, tt.at)
	}
}

func TestPeriodOverlaps(t *testing.T) {
	a := munireg.Period{From: day(2020, 1, 1), To: day(2024, 1, 1)}
	tests := []struct {
		b    munireg.Period
		want bool
	}{
		{munireg.Period{From: day(2024, 1, 1)}, false}, // starts where a ends
		{munireg.Period{From: day(2023, 12, 31)}, true},
		{munireg.Period{To: day(2020, 1, 1)}, false},
		{munireg.Period{To: day(2020, 1, 2)}, true},
		{munireg.Period{}, true},
		{munireg.Period{From: day(2021, 1, 1), To: day(2022, 1, 1)}, true},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, a.Overlaps(tt.b), "%v.Overlaps(%v)", a, tt.b)
		assert.Equal(t, tt.want, tt.b.Overlaps(a), "%v.Overlaps(%v)", tt.b, a)
	}
}

func TestPeriodValidate(t *testing.T) {
	assert.NoError(t, munireg.Period{From: day(2020, 1, 1)}.Validate())
	assert.NoError(t, munireg.Period{From: day(2020, 1, 1), To: day(2020, 1, 2)}.Validate())
	err := munireg.Period{From: day(2020, 1, 1), To: day(2020, 1, 1)}.Validate()
	var ve munireg.ValidationError
	require.True(t, errors.As(err, &ve), "Validate() = %v, want a ValidationError", err)
	assert.Equal(t, "to", ve.Field)
	assert.ErrorIs(t, err, munireg.ErrInvalidPeriod)
}
