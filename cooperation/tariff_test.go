package cooperation_test

import (
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTariffApply(t *testing.T) {
	tests := []struct {
		name    string
		tariff  cooperation.Tariff
		unit    string
		qty     string // population, or tonnes for a metric tariff
		exact   string
		amount  string
		floored bool
		capped  bool
	}{
		{"base plus rate", cooperation.Tariff{Base: d(t, "51258"), Rate: d(t, "3.08"), Basis: cooperation.BasisPopulation}, "", "1000", "54338", "54338", false, false},
		{"capped", cooperation.Tariff{Base: d(t, "51258"), Rate: d(t, "3.08"), Basis: cooperation.BasisPopulation, Cap: nd(t, "66635")}, "", "5000", "66658", "66635", false, true},
		{"floored", cooperation.Tariff{Rate: d(t, "10"), Basis: cooperation.BasisPopulation, Floor: nd(t, "5000")}, "", "100", "1000", "5000", true, false},
		{"metric rounded to øre", cooperation.Tariff{Rate: d(t, "412.345"), Basis: cooperation.MetricBasis("tonn")}, "", "1.5", "618.5175", "618.52", false, false},
		{"metric rounded to kroner", cooperation.Tariff{Rate: d(t, "412.345"), Basis: cooperation.MetricBasis("tonn")}, "1", "1.5", "618.5175", "619", false, false},
		// The cap holds after rounding: 66 635 in whole thousands is 66 000, not 67 000.
		{"cap off the unit grid", cooperation.Tariff{Base: d(t, "66635"), Basis: cooperation.BasisPopulation, Cap: nd(t, "66635")}, "1000", "0", "66635", "66000", false, true},
		{"capped off the unit grid", cooperation.Tariff{Base: d(t, "51258"), Rate: d(t, "3.08"), Basis: cooperation.BasisPopulation, Cap: nd(t, "66635")}, "1000", "9000", "78978", "66000", false, true},
		// The floor holds after rounding: 5 450 in whole thousands is 6 000.
		{"floor off the unit grid", cooperation.Tariff{Rate: d(t, "10"), Basis: cooperation.BasisPopulation, Floor: nd(t, "5450")}, "1000", "100", "1000", "6000", true, false},
		// No multiple of 1 000 lies in [66 100, 66 900]: the cap wins.
		{"floor and cap between multiples", cooperation.Tariff{Basis: cooperation.BasisPopulation, Floor: nd(t, "66100"), Cap: nd(t, "66900")}, "1000", "0", "0", "66000", true, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := cooperation.Party{Ref: "x", Metrics: map[string]decimal.Decimal{"tonn": d(t, tt.qty)}}
			p.Population = d(t, tt.qty).IntPart()
			unit := decimal.Zero
			if tt.unit != "" {
				unit = d(t, tt.unit)
			}
			got, err := tt.tariff.Apply([]cooperation.Party{p}, unit)
			require.NoError(t, err, "Tariff.Apply(%s)", tt.name)
			c := got.Rows[0]
			assertDec(t, "Apply("+tt.name+").Exact", c.Exact, tt.exact)
			assertDec(t, "Apply("+tt.name+").Amount", c.Amount, tt.amount)
			assertDec(t, "Apply("+tt.name+").Sum", got.Sum, tt.amount)
			assert.Equal(t, tt.floored, c.Floored, "Apply(%s).Floored", tt.name)
			assert.Equal(t, tt.capped, c.Capped, "Apply(%s).Capped", tt.name)
		})
	}
}

func TestTariffErrors(t *testing.T) {
	tests := []struct {
		name    string
		tariff  cooperation.Tariff
		unit    decimal.Decimal
		parties []cooperation.Party
		fields  []string
		errs    []error
	}{
		{"basis equal", cooperation.Tariff{Basis: cooperation.BasisEqual}, decimal.Zero, nil,
			[]string{"basis"}, []error{cooperation.ErrInvalidTariff}},
		{"negative amounts, floor above cap, bad unit",
			cooperation.Tariff{Base: d(t, "-1"), Rate: d(t, "-2"), Basis: cooperation.BasisPopulation, Floor: nd(t, "10"), Cap: nd(t, "5")},
			d(t, "0.25"), nil,
			[]string{"base", "rate", "cap", "unit"}, []error{cooperation.ErrNegative, cooperation.ErrInvalidTariff, munireg.ErrInvalidUnit}},
		{"party values", cooperation.Tariff{Rate: d(t, "1"), Basis: cooperation.MetricBasis("tonn")}, decimal.Zero,
			[]cooperation.Party{{Ref: "a"}, {Ref: "a", Metrics: map[string]decimal.Decimal{"tonn": d(t, "-1")}}},
			[]string{"participants[1].ref", "participants[0].metrics.tonn", "participants[1].metrics.tonn"},
			[]error{munireg.ErrDuplicateRef, cooperation.ErrMissingBasis, cooperation.ErrNegative}},
		{"population", cooperation.Tariff{Rate: d(t, "1"), Basis: cooperation.BasisPopulation, Floor: cooperation.Tariff{}.Cap},
			decimal.Zero, []cooperation.Party{{Ref: "a", Population: -5}},
			[]string{"participants[0].population"}, []error{cooperation.ErrNegative}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.tariff.Apply(tt.parties, tt.unit)
			assert.Equal(t, tt.fields, fields(t, err), "Tariff.Apply(%s) fields; error: %v", tt.name, err)
			for _, want := range tt.errs {
				assert.ErrorIs(t, err, want, "Tariff.Apply(%s)", tt.name)
			}
		})
	}
}
