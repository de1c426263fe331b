package pgstore_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
	"github.com/munireg/munireg/ownership"
)

func TestFlowsAndBalances(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	entity, ids := owners(t, s, 2)

	f, err := s.CreateFlow(ctx, ownership.Flow{Owner: ids[0], Entity: entity, Kind: ownership.FlowDividend,
		Year: 2023, Paid: day(2024, 5, 15), Amount: dec("1000.50")})
	require.NoError(t, err)
	got, err := s.FindFlowByID(ctx, f.ID)
	require.NoError(t, err)
	assert.Equal(t, "1000.50", got.Amount.StringFixed(2))
	assert.Equal(t, day(2024, 5, 15), got.Paid)

	_, err = s.CreateFlow(ctx, ownership.Flow{Owner: ids[0], Entity: entity, Kind: ownership.FlowDividend,
		Year: 2023, Amount: dec("1000.505")})
	var v munireg.ValidationErrors
	require.ErrorAs(t, err, &v)
	assert.Equal(t, []string{"amount"}, v.Fields())
	assert.ErrorIs(t, err, munireg.ErrPrecision, "øre fractions are refused, not rounded")

	_, err = s.CreateFlow(ctx, ownership.Flow{Owner: ids[1], Entity: entity, Kind: ownership.FlowOther, Year: 2023, Amount: dec("5")})
	assert.ErrorIs(t, err, ownership.ErrInvalidDirection)

	for y := 2019; y <= 2024; y++ {
		_, err := s.CreateFlow(ctx, ownership.Flow{Owner: ids[1], Entity: entity, Kind: ownership.FlowLoanInterest,
			Year: y, Amount: dec("10")})
		require.NoError(t, err)
	}
	from, to := 2020, 2022
	page, err := s.FindFlows(ctx, ownership.FlowFilter{Owner: &ids[1], FromYear: &from, ToYear: &to, Limit: 2})
	require.NoError(t, err)
	assert.Equal(t, 3, page.Total)
	assert.Len(t, page.Items, 2)
	assert.NotEmpty(t, page.Next)

	amount := dec("1100.00")
	u, err := s.UpdateFlow(ctx, f.ID, 1, ownership.FlowUpdate{Amount: &amount})
	require.NoError(t, err)
	assert.Equal(t, int64(2), u.Revision)
	_, err = s.UpdateFlow(ctx, f.ID, 1, ownership.FlowUpdate{Amount: &amount})
	assert.ErrorIs(t, err, munireg.ErrConflict)
	require.NoError(t, s.DeleteFlow(ctx, f.ID, 2))
	_, err = s.FindFlowByID(ctx, f.ID)
	assert.ErrorIs(t, err, munireg.ErrNotFound)
	entries, err := findAudit(s, munireg.AuditFilter{RecordID: &f.ID})
	require.NoError(t, err)
	require.Len(t, entries, 3)
	assert.Equal(t, "delete", entries[0].Action)
	assert.Contains(t, string(entries[0].Before), `"amount": "1100"`)

	require.NoError(t, s.SetBalance(ctx, ownership.Balance{Owner: ids[0], Entity: entity, Kind: ownership.BalanceOwnerLoan,
		Date: day(2023, 12, 31), Amount: dec("5000000")}))
	require.NoError(t, s.SetBalance(ctx, ownership.Balance{Owner: ids[0], Entity: entity, Kind: ownership.BalanceOwnerLoan,
		Date: day(2023, 12, 31), Amount: dec("4500000")}))
	balances, err := s.FindBalances(ctx, &ids[0], nil)
	require.NoError(t, err)
	require.Len(t, balances, 1, "a balance of the same date replaces the earlier one")
	assert.Equal(t, "4500000.00", balances[0].Amount.StringFixed(2))
}
