package cooperation_test

import (
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSettle(t *testing.T) {
	k := key(t, false, "fast:0.5:equal", "tonn:0.5:metric:tonn")
	parties := []cooperation.Party{
		{Ref: "a", Metrics: map[string]decimal.Decimal{"tonn": d(t, "10")}},
		{Ref: "b", Metrics: map[string]decimal.Decimal{"tonn": d(t, "30")}},
		{Ref: "c", Metrics: map[string]decimal.Decimal{"tonn": d(t, "0")}},
	}
	paid := map[string]decimal.Decimal{"a": d(t, "300"), "b": d(t, "500.50")}
	s, err := cooperation.Settle(d(t, "1200.00"), k, parties, paid, munireg.Rounding{})
	require.NoError(t, err)
	want := []struct{ paid, final, diff string }{
		{"300", "350", "50"},
		{"500.50", "650", "149.50"},
		{"0", "200", "200"},
	}
	for i, row := range s.Rows {
		assertDec(t, "Settle(…)["+row.Ref+"].Paid", row.Paid, want[i].paid)
		assertDec(t, "Settle(…)["+row.Ref+"].Final", row.Final, want[i].final)
		assertDec(t, "Settle(…)["+row.Ref+"].Difference", row.Difference, want[i].diff)
	}
	assertDec(t, "Settle(…).Paid", s.Paid, "800.50")
	assertDec(t, "Settle(…).Balance", s.Balance, "399.50")
	assert.True(t, s.Allocation.Balanced(), "Settle(…).Allocation.Balanced()")
}

func TestSettleErrors(t *testing.T) {
	k := key(t, false, "fast:1:equal")
	parties := []cooperation.Party{{Ref: "a"}, {Ref: "b"}}
	paid := map[string]decimal.Decimal{"z": d(t, "1"), "b": decimal.New(1, -40), "a": d(t, "2")}
	_, err := cooperation.Settle(d(t, "10.001"), k, parties, paid, munireg.Rounding{})
	assert.Equal(t, []string{"total", "paid.b", "paid.z"}, fields(t, err), "Settle(…) fields; error: %v", err)
	assert.ErrorIs(t, err, cooperation.ErrUnknownRef)
	assert.ErrorIs(t, err, munireg.ErrOutOfRange)
}
