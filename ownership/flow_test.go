package ownership_test

import (
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
	"github.com/stretchr/testify/assert"
)

func TestFlowValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(f *ownership.Flow)
		fields []string
		errs   []error
	}{
		{"valid", func(f *ownership.Flow) {}, nil, nil},
		{"other with a direction", func(f *ownership.Flow) { f.Kind, f.Direction = ownership.FlowOther, ownership.FromOwner }, nil, nil},
		{"owner and entity required", func(f *ownership.Flow) { f.Owner, f.Entity = "", "" },
			[]string{"owner", "entity"}, []error{munireg.ErrRequired}},
		{"unknown kind", func(f *ownership.Flow) { f.Kind = "bonus" }, []string{"kind"}, []error{ownership.ErrInvalidFlowKind}},
		{"other needs a direction", func(f *ownership.Flow) { f.Kind = ownership.FlowOther },
			[]string{"direction"}, []error{ownership.ErrInvalidDirection}},
		{"unknown direction", func(f *ownership.Flow) { f.Direction = "sideways" },
			[]string{"direction"}, []error{ownership.ErrInvalidDirection}},
		{"year", func(f *ownership.Flow) { f.Year = 0 }, []string{"year"}, []error{ownership.ErrInvalidYear}},
		{"negative amount", func(f *ownership.Flow) { f.Amount = d(t, "-1") }, []string{"amount"}, []error{ownership.ErrNegative}},
	}
	for _, tt := range tests {
		f := ownership.Flow{Owner: "K", Entity: "E", Kind: ownership.FlowDividend, Year: 2023, Amount: d(t, "100.00")}
		tt.change(&f)
		err := f.Validate()
		assert.Equal(t, tt.fields, fields(t, err), "Flow.Validate(%s)", tt.name)
		for _, want := range tt.errs {
			assert.ErrorIs(t, err, want, "Flow.Validate(%s)", tt.name)
		}
	}
}

func TestFlowNet(t *testing.T) {
	tests := []struct {
		kind      ownership.FlowKind
		direction ownership.Direction
		way       ownership.Direction
		net       string
	}{
		{ownership.FlowDividend, "", ownership.ToOwner, "100"},
		{ownership.FlowLoanInterest, "", ownership.ToOwner, "100"},
		{ownership.FlowLoanRepayment, "", ownership.ToOwner, "100"},
		{ownership.FlowGuaranteeCommission, "", ownership.ToOwner, "100"},
		{ownership.FlowCapitalContribution, "", ownership.FromOwner, "-100"},
		{ownership.FlowOther, ownership.FromOwner, ownership.FromOwner, "-100"},
		{ownership.FlowDividend, ownership.FromOwner, ownership.FromOwner, "-100"}, // a dividend paid back
	}
	for _, tt := range tests {
		f := ownership.Flow{Kind: tt.kind, Direction: tt.direction, Amount: d(t, "100")}
		assert.Equal(t, tt.way, f.Way(), "Flow{%s, %q}.Way()", tt.kind, tt.direction)
		assertDec(t, "Flow{"+string(tt.kind)+"}.Net()", f.Net(), tt.net)
	}
}

func TestBalanceValidate(t *testing.T) {
	b := ownership.Balance{Kind: "loan", Amount: d(t, "-5")}
	assert.Equal(t, []string{"owner", "entity", "kind", "date", "amount"}, fields(t, b.Validate()))
	b = ownership.Balance{Owner: "K", Entity: "E", Kind: ownership.BalanceGuarantee, Date: date(2023, 12, 31), Amount: d(t, "5")}
	assert.NoError(t, b.Validate())
}

func TestIncomeAmount(t *testing.T) {
	var in ownership.Income
	assertDec(t, "Income{}.Amount(dividend)", in.Amount(ownership.FlowDividend), "0")
	assert.Len(t, ownership.FlowKinds(), 6)
	assert.Len(t, ownership.Categories(), 4)
}
