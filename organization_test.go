package munireg_test

import (
	"errors"
	"testing"
	"time"

	"github.com/munireg/munireg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrganizationValidate(t *testing.T) {
	volda := munireg.Organization{
		ID:   "939760946",
		Name: "Volda kommune",
		Kind: munireg.KindKommune,
		Population: munireg.PopulationSeries{
			{Date: day(2023, 1, 1), Count: 10},
			{Date: day(2024, 1, 1), Count: 11},
		},
	}
	require.NoError(t, volda.Validate())

	bad := munireg.Organization{
		Kind:  "kommun",
		Valid: munireg.Period{From: day(2024, 1, 1), To: day(2020, 1, 1)},
		Population: munireg.PopulationSeries{
			{Date: day(2024, 1, 1), Count: 10},
			{Date: day(2023, 1, 1), Count: -1},
			{Count: 3},
		},
	}
	err := bad.Validate()
	var all munireg.ValidationErrors
	require.True(t, errors.As(err, &all), "Validate() = %v, want ValidationErrors", err)
	assert.Equal(t, []string{
		"id", "name", "kind", "valid.to",
		"population[1].date", "population[1].count", "population[2].date",
	}, all.Fields(), "Validate() fields")
	assert.ErrorIs(t, err, munireg.ErrInvalidKind)
	assert.ErrorIs(t, err, munireg.ErrInvalidPopulation)
	assert.ErrorIs(t, err, munireg.ErrRequired)
}

func TestPopulationSeriesAsOf(t *testing.T) {
	s := munireg.PopulationSeries{
		{Date: day(2024, 1, 1), Count: 300},
		{Date: day(2022, 1, 1), Count: 100},
		{Date: day(2023, 1, 1), Count: 200},
	}
	tests := []struct {
		at   int
		want int64
		ok   bool
	}{
		{2021, 0, false},
		{2022, 100, true},
		{2023, 200, true},
		{2030, 300, true},
	}
	for _, tt := range tests {
		got, ok := s.AsOf(day(tt.at, 6, 30))
		assert.Equal(t, tt.ok, ok, "AsOf(%d-06-30) found", tt.at)
		assert.Equal(t, tt.want, got.Count, "AsOf(%d-06-30).Count", tt.at)
	}
}

func TestMunicipalityHistory(t *testing.T) {
	n1201, err := munireg.ParseMunicipalityNumber("1201")
	require.NoError(t, err)
	n4601, err := munireg.ParseMunicipalityNumber("4601")
	require.NoError(t, err)
	bergen := munireg.Organization{
		ID: "x", Name: "Bergen kommune", Kind: munireg.KindKommune,
		MunicipalityHistory: []munireg.NumberPeriod{
			{Number: n1201, Valid: munireg.Period{To: day(2020, 1, 1)}},
			{Number: n4601, Valid: munireg.Period{From: day(2020, 1, 1)}},
		},
	}
	require.NoError(t, bergen.Validate())
	for _, tt := range []struct {
		at   time.Time
		want string
	}{
		{day(2019, 12, 31), "1201"},
		{day(2020, 1, 1), "4601"},
		{day(2024, 6, 1), "4601"},
	} {
		got, ok := bergen.NumberAsOf(tt.at)
		assert.True(t, ok, "NumberAsOf(%s) found", tt.at.Format(time.DateOnly))
		assert.Equal(t, tt.want, got.String(), "NumberAsOf(%s)", tt.at.Format(time.DateOnly))
	}

	overlapping := bergen
	overlapping.MunicipalityHistory = []munireg.NumberPeriod{
		{Number: n1201, Valid: munireg.Period{To: day(2021, 1, 1)}},
		{Valid: munireg.Period{From: day(2020, 1, 1)}},
	}
	var all munireg.ValidationErrors
	require.ErrorAs(t, overlapping.Validate(), &all)
	assert.Equal(t, []string{"municipalityHistory[1].number", "municipalityHistory[1].valid"}, all.Fields())
}
