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

func TestIssueBudget(t *testing.T) {
	jan := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	org := func(id string, pop int64) munireg.Organization {
		return munireg.Organization{ID: id, Name: id, Kind: munireg.KindKommune,
			Population: munireg.PopulationSeries{{Date: jan(2025), Count: pop}}}
	}
	// Populations are illustrative.
	a := cooperation.Agreement{ID: "agr", Name: "Samarbeid", Form: cooperation.FormHostAdministrative,
		Versions: []cooperation.Version{{
			Adopted: jan(2024), Valid: munireg.Period{From: jan(2024)}, Host: "A",
			Participants: []cooperation.Participant{{Organization: org("A", 9000)}, {Organization: org("B", 3000)}, {Organization: org("C", 18000)}},
			Key: cooperation.Key{Components: []cooperation.Component{
				{Name: "fast", Weight: decimal.RequireFromString("0.30"), Basis: cooperation.BasisEqual},
				{Name: "innbyggere", Weight: decimal.RequireFromString("0.70"), Basis: cooperation.BasisPopulation},
			}},
		}}}
	b, err := cooperation.IssueBudget(a, 2025, decimal.RequireFromString("1000000.00"), jan(2025), nil, munireg.Rounding{})
	require.NoError(t, err)
	// By hand: 300 000 equally is 100 000 each; 700 000 by population
	// 9 000 : 3 000 : 18 000 of 30 000 is 210 000, 70 000 and 420 000.
	want := map[string]string{"A": "310000.00", "B": "170000.00", "C": "520000.00"}
	require.Len(t, b.Allocation.Rows, 3)
	for _, r := range b.Allocation.Rows {
		assert.Equal(t, want[r.Ref], r.Amount.StringFixed(2), "IssueBudget row %s", r.Ref)
	}
	assert.Equal(t, int64(9000), b.Parties[0].Population)
	assert.Equal(t, 2025, b.Year)

	_, err = cooperation.IssueBudget(a, 2023, decimal.RequireFromString("1.00"), jan(2023), nil, munireg.Rounding{})
	assert.ErrorIs(t, err, cooperation.ErrNoVersion)
	_, err = cooperation.IssueBudget(a, 2024, decimal.RequireFromString("1.00"), jan(2024), nil, munireg.Rounding{})
	assert.ErrorIs(t, err, cooperation.ErrMissingBasis, "no population as of 2024-01-01")
}
