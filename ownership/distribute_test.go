package ownership_test

import (
	"fmt"
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDistribute(t *testing.T) {
	asOf := date(2024, 5, 1)
	whole := munireg.Rounding{Unit: decimal.NewFromInt(1)}
	tests := []struct {
		name      string
		total     string
		positions []ownership.Position
		lists     []ownership.OwnerList
		r         munireg.Rounding
		want      []string // amounts of the owners in ascending ID
		unlisted  string
		diff      string
		rounded   bool
	}{
		{"equal thirds, tie to the lowest owner", "100.00",
			[]ownership.Position{{Owner: "c", Entity: "E", Held: 1, Outstanding: 3}, {Owner: "a", Entity: "E", Held: 1, Outstanding: 3},
				{Owner: "b", Entity: "E", Held: 1, Outstanding: 3}},
			nil, munireg.Rounding{}, []string{"33.34", "33.33", "33.33"}, "0", "0", false},
		{"incomplete list: the rest is unlisted", "1000.00",
			[]ownership.Position{pos(t, "a", "E", "0.4"), pos(t, "b", "E", "0.35")},
			nil, munireg.Rounding{}, []string{"400", "350"}, "250", "0", false},
		{"unlisted loses ties to listed owners", "1.00",
			[]ownership.Position{pos(t, "a", "E", "0.125")},
			nil, munireg.Rounding{}, []string{"0.13"}, "0.87", "0", false},
		{"two positions of one owner are one row", "1000",
			[]ownership.Position{pos(t, "a", "E", "0.25"), func() ownership.Position {
				p := pos(t, "a", "E", "0.25")
				p.ShareClass = "B"
				return p
			}(), pos(t, "b", "E", "0.5")},
			[]ownership.OwnerList{{Entity: "E", Complete: true}}, whole, []string{"500", "500"}, "0", "0", false},
		{"rounded table at 100.01 % is split by share over sum", "10001",
			[]ownership.Position{pos(t, "a", "E", "0.5001"), pos(t, "b", "E", "0.25"), pos(t, "c", "E", "0.25")},
			[]ownership.OwnerList{{Entity: "E", Complete: true, Tolerance: ownership.ToleranceRounded, Places: 4}},
			whole, []string{"5001", "2500", "2500"}, "0", "0", true},
		{"own shares get nothing", "900",
			[]ownership.Position{pos(t, "a", "E", "0.6"), pos(t, "b", "E", "0.3"), pos(t, "E", "E", "0.1")},
			[]ownership.OwnerList{{Entity: "E", Complete: true}}, whole, []string{"600", "300"}, "0", "0", false},
		{"half-up per row loses an øre", "100.00",
			[]ownership.Position{{Owner: "a", Entity: "E", Held: 1, Outstanding: 3}, {Owner: "b", Entity: "E", Held: 1, Outstanding: 3},
				{Owner: "c", Entity: "E", Held: 1, Outstanding: 3}},
			nil, munireg.Rounding{Policy: munireg.HalfUpPerRow}, []string{"33.33", "33.33", "33.33"}, "0", "-0.01", false},
		{"negative total mirrors", "-100.00",
			[]ownership.Position{{Owner: "c", Entity: "E", Held: 1, Outstanding: 3}, {Owner: "a", Entity: "E", Held: 1, Outstanding: 3},
				{Owner: "b", Entity: "E", Held: 1, Outstanding: 3}},
			nil, munireg.Rounding{}, []string{"-33.34", "-33.33", "-33.33"}, "0", "0", false},
		{"other entities' positions are ignored", "10",
			[]ownership.Position{pos(t, "a", "E", "1"), pos(t, "b", "F", "1")},
			nil, whole, []string{"10"}, "0", "0", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call := fmt.Sprintf("Distribute(%s, %s)", tt.total, tt.name)
			dist, err := ownership.Distribute(d(t, tt.total), "E", tt.positions, tt.lists, asOf, tt.r)
			require.NoError(t, err, call)
			require.Len(t, dist.Rows, len(tt.want), call)
			sum := dist.Unlisted.Amount
			for i, row := range dist.Rows {
				if i > 0 {
					assert.Less(t, dist.Rows[i-1].Ref, row.Ref, "%s rows in ascending order", call)
				}
				assertDec(t, call+"["+row.Ref+"]", row.Amount, tt.want[i])
				sum = sum.Add(row.Amount)
			}
			assertDec(t, call+".Unlisted", dist.Unlisted.Amount, tt.unlisted)
			assertDec(t, call+".Difference", dist.Difference, tt.diff)
			assertDec(t, call+".Sum", dist.Sum, sum.String())
			assert.Equal(t, tt.rounded, dist.Shares.Rounded, call+".Shares.Rounded")
		})
	}
}

func TestDistributeErrors(t *testing.T) {
	asOf := date(2024, 5, 1)
	tests := []struct {
		name      string
		total     string
		entity    string
		positions []ownership.Position
		r         munireg.Rounding
		fields    []string
		errs      []error
	}{
		{"no entity", "100", "", []ownership.Position{pos(t, "a", "E", "1")}, munireg.Rounding{},
			[]string{"entity"}, []error{munireg.ErrRequired}},
		{"nobody owns it", "100", "X", []ownership.Position{pos(t, "a", "E", "1")}, munireg.Rounding{},
			[]string{"entity"}, []error{ownership.ErrNoOwners}},
		{"zero shares only", "100", "E", []ownership.Position{pos(t, "a", "E", "0")}, munireg.Rounding{},
			[]string{"entity"}, []error{ownership.ErrNoOwners}},
		{"only its own shares", "100", "E", []ownership.Position{pos(t, "E", "E", "1")}, munireg.Rounding{},
			[]string{"entity"}, []error{ownership.ErrNoOwners}},
		{"total finer than the unit, shares over 1, bad position", "100.001", "E",
			[]ownership.Position{pos(t, "a", "E", "0.7"), pos(t, "b", "E", "0.7"), pos(t, "", "F", "0.1")},
			munireg.Rounding{},
			[]string{"positions[2].owner", "positions[*].economic", "total"},
			[]error{munireg.ErrRequired, ownership.ErrShareSum, munireg.ErrInvalidTotal}},
		{"unknown policy", "100", "E", []ownership.Position{pos(t, "a", "E", "1")}, munireg.Rounding{Policy: "banker"},
			[]string{"policy"}, []error{munireg.ErrInvalidPolicy}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ownership.Distribute(d(t, tt.total), tt.entity, tt.positions, nil, asOf, tt.r)
			assert.Equal(t, tt.fields, fields(t, err), "Distribute(%s)", tt.name)
			for _, want := range tt.errs {
				assert.ErrorIs(t, err, want, "Distribute(%s)", tt.name)
			}
		})
	}
}

func TestDistributionFlows(t *testing.T) {
	positions := []ownership.Position{pos(t, "a", "E", "0.6"), pos(t, "b", "E", "0.4"), pos(t, "c", "E", "0")}
	dist, err := ownership.Distribute(d(t, "1000.00"), "E", positions, nil, date(2024, 5, 1), munireg.Rounding{})
	require.NoError(t, err)
	flows := dist.Flows(ownership.FlowDividend, 2023, date(2024, 5, 15))
	require.Len(t, flows, 2, "no flow for a zero amount")
	for i, want := range []string{"600", "400"} {
		assert.NoError(t, flows[i].Validate())
		assert.Equal(t, ownership.ToOwner, flows[i].Direction)
		assert.Equal(t, 2023, flows[i].Year)
		assertDec(t, "Flows()["+flows[i].Owner+"].Amount", flows[i].Amount, want)
	}

	back, err := ownership.Distribute(d(t, "-10.00"), "E", positions, nil, date(2024, 5, 1), munireg.Rounding{})
	require.NoError(t, err)
	flows = back.Flows(ownership.FlowDividend, 2023, date(2024, 5, 15))
	require.Len(t, flows, 2)
	assert.Equal(t, ownership.FromOwner, flows[0].Direction, "a negative amount flows the other way")
	assertDec(t, "Flows()[a].Amount", flows[0].Amount, "6")
}
