package cooperation_test

import (
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
)

func TestBasis(t *testing.T) {
	tests := []struct {
		basis  cooperation.Basis
		ok     bool
		metric string
	}{
		{cooperation.BasisEqual, true, ""},
		{cooperation.BasisPopulation, true, ""},
		{cooperation.BasisShare, true, ""},
		{cooperation.BasisOwnership, true, ""},
		{cooperation.MetricBasis("tonn"), true, "tonn"},
		{"metric:m³", true, "m³"},
		{"metric:", false, ""},
		{"innbyggere", false, ""},
		{"", false, ""},
	}
	for _, tt := range tests {
		err := tt.basis.Validate()
		if tt.ok {
			assert.NoError(t, err, "Basis(%q).Validate()", tt.basis)
		} else {
			assert.ErrorIs(t, err, cooperation.ErrInvalidBasis, "Basis(%q).Validate()", tt.basis)
		}
		name, isMetric := tt.basis.Metric()
		assert.Equal(t, tt.metric, name, "Basis(%q).Metric()", tt.basis)
		assert.Equal(t, tt.metric != "", isMetric, "Basis(%q).Metric() ok", tt.basis)
	}
}

func TestKeyValidate(t *testing.T) {
	comp := func(name, weight string, b cooperation.Basis) cooperation.Component {
		return cooperation.Component{Name: name, Weight: d(t, weight), Basis: b}
	}
	tests := []struct {
		name   string
		key    cooperation.Key
		fields []string
		errs   []error
	}{
		{"30/70", cooperation.Key{Components: []cooperation.Component{
			comp("fast", "0.30", cooperation.BasisEqual), comp("innbyggere", "0.7", cooperation.BasisPopulation)}}, nil, nil},
		{"metered use only", cooperation.Key{Components: []cooperation.Component{
			comp("vann", "1", cooperation.MetricBasis("m3"))}}, nil, nil},
		{"zero weight allowed", cooperation.Key{Components: []cooperation.Component{
			comp("a", "1.000", cooperation.BasisEqual), comp("b", "0", cooperation.BasisOwnership)}}, nil, nil},
		{"no components", cooperation.Key{}, []string{"components"}, []error{cooperation.ErrInvalidKey}},
		{"weights sum to 0.99", cooperation.Key{Components: []cooperation.Component{
			comp("a", "0.33", cooperation.BasisEqual), comp("b", "0.66", cooperation.BasisPopulation)}},
			[]string{"components[*].weight"}, []error{cooperation.ErrInvalidKey}},
		{"weight out of [0, 1]", cooperation.Key{Components: []cooperation.Component{
			comp("a", "1.5", cooperation.BasisEqual), comp("b", "-0.5", cooperation.BasisPopulation)}},
			[]string{"components[0].weight", "components[1].weight"}, []error{cooperation.ErrInvalidKey}},
		{"name, duplicate, basis", cooperation.Key{Components: []cooperation.Component{
			comp("", "0.5", cooperation.BasisEqual), comp("x", "0.25", "folk"), comp("x", "0.25", cooperation.BasisEqual)}},
			[]string{"components[0].name", "components[1].basis", "components[2].name"},
			[]error{munireg.ErrRequired, cooperation.ErrInvalidBasis, cooperation.ErrInvalidKey}},
		{"weight with too many places", cooperation.Key{Components: []cooperation.Component{
			{Name: "a", Weight: decimal.New(1, -40), Basis: cooperation.BasisEqual}}},
			[]string{"components[0].weight"}, []error{munireg.ErrOutOfRange}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.key.Validate()
			assert.Equal(t, tt.fields, fields(t, err), "Key.Validate() fields")
			for _, want := range tt.errs {
				assert.ErrorIs(t, err, want, "Key.Validate()")
			}
		})
	}
}
