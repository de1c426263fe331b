package pgstore_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

func TestBudgetsAreKeptAsIssued(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	a, err := s.CreateAgreement(ctx, viv(t, s))
	require.NoError(t, err)
	total := decimal.RequireFromString("1234567.89")
	b, err := cooperation.IssueBudget(a, 2015, total, day(2015, 1, 1), nil, munireg.Rounding{})
	require.NoError(t, err)
	stored, err := s.CreateBudget(ctx, b)
	require.NoError(t, err)
	assert.False(t, stored.Issued.IsZero())

	got, err := s.FindBudgetByID(ctx, stored.ID)
	require.NoError(t, err)
	require.Len(t, got.Allocation.Rows, 10)
	sum := decimal.Zero
	for i, r := range got.Allocation.Rows {
		want := b.Allocation.Rows[i]
		assert.Equal(t, want.Ref, r.Ref)
		assert.Equal(t, want.Amount.StringFixed(2), r.Amount.StringFixed(2), "row %d amount", i)
		assert.True(t, want.Exact.Equal(r.Exact), "row %d exact %s, want %s", i, r.Exact, want.Exact)
		require.Len(t, r.Breakdown, 1)
		sum = sum.Add(r.Amount)
	}
	assert.True(t, sum.Equal(total), "Σ stored amounts = %s, want %s", sum, total)
	assert.True(t, got.Allocation.Balanced())
	assert.Equal(t, munireg.LargestRemainder, got.Allocation.Rounding.Policy)
	require.Len(t, got.Key.Components, 1)
	assert.Len(t, got.Parties, 10)

	year := 2015
	list, err := s.FindBudgets(ctx, a.ID, &year)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, stored.ID, list[0].ID)

	bad := b
	bad.Agreement = "00000000-0000-4000-8000-000000000000"
	_, err = s.CreateBudget(ctx, bad)
	var v munireg.ValidationErrors
	require.ErrorAs(t, err, &v)
	assert.Equal(t, []string{"agreement"}, v.Fields())
}

// TestABudgetOfAChangedAgreementIsRefused: a budget computed from the
// agreement before a new version took over its year is stale, and the
// register does not keep it.
func TestABudgetOfAChangedAgreementIsRefused(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	a, err := s.CreateAgreement(ctx, viv(t, s))
	require.NoError(t, err)
	b, err := cooperation.IssueBudget(a, 2016, decimal.RequireFromString("1000000.00"), day(2016, 1, 1), nil, munireg.Rounding{})
	require.NoError(t, err)

	// Meanwhile a new version from 2016 shares the cost equally instead.
	next := a.Versions[0]
	next.Adopted, next.Valid = day(2015, 11, 1), munireg.Period{From: day(2016, 1, 1)}
	next.Key = cooperation.Key{Components: []cooperation.Component{{Name: "likt", Weight: decimal.NewFromInt(1), Basis: cooperation.BasisEqual}}}
	_, err = s.AddAgreementVersion(ctx, a.ID, a.Revision, next)
	require.NoError(t, err)

	_, err = s.CreateBudget(ctx, b)
	var v munireg.ValidationErrors
	require.ErrorAs(t, err, &v)
	assert.Equal(t, []string{"agreement"}, v.Fields(), "%v", err)
	list, err := s.FindBudgets(ctx, a.ID, nil)
	require.NoError(t, err)
	assert.Empty(t, list, "nothing was kept")
	// The budgets of an agreement the register does not have are missing,
	// not none (they were []).
	for _, id := range []string{"00000000-0000-4000-8000-000000000000", "not-an-id", strings.ToUpper(a.ID)} {
		_, err := s.FindBudgets(ctx, id, nil)
		assert.ErrorIs(t, err, munireg.ErrNotFound, "FindBudgets(%q)", id)
	}
}

// TestABudgetWithOtherInputsIsRefused: rows that are right do not make a
// budget whose stated inputs are not the agreement's.
func TestABudgetWithOtherInputsIsRefused(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	a, err := s.CreateAgreement(ctx, viv(t, s))
	require.NoError(t, err)
	b, err := cooperation.IssueBudget(a, 2016, decimal.RequireFromString("1000000.00"), day(2016, 1, 1), nil, munireg.Rounding{})
	require.NoError(t, err)
	b.Parties = slices.Clone(b.Parties)
	b.Parties[0].Population = 12345 // read by no component of this key: the rows stay right
	_, err = s.CreateBudget(ctx, b)
	var v munireg.ValidationErrors
	require.ErrorAs(t, err, &v)
	assert.Equal(t, []string{"agreement"}, v.Fields(), "%v", err)
}
