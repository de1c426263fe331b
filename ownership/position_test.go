package ownership_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPositionValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(p *ownership.Position)
		fields []string
		errs   []error
	}{
		{"valid", func(p *ownership.Position) {}, nil, nil},
		{"own shares", func(p *ownership.Position) { p.Owner = "E" }, nil, nil},
		{"owner and entity required", func(p *ownership.Position) { p.Owner, p.Entity = "", "" },
			[]string{"owner", "entity"}, []error{munireg.ErrRequired}},
		{"shares outside [0, 1]", func(p *ownership.Position) { p.Economic, p.Voting = d(t, "1.0001"), nd(t, "-0.1") },
			[]string{"economic", "voting"}, []error{ownership.ErrShareRange}},
		{"share with too many places", func(p *ownership.Position) { p.Economic = d(t, "0."+fmt.Sprintf("%031d", 1)) },
			[]string{"economic"}, []error{munireg.ErrOutOfRange}},
		{"counts give the share", func(p *ownership.Position) { p.Economic, p.Held, p.Outstanding = decimal.Zero, 1, 3 }, nil, nil},
		{"counts agree with the share as rounded", func(p *ownership.Position) { p.Economic, p.Held, p.Outstanding = d(t, "0.3333"), 1, 3 }, nil, nil},
		{"counts agree with a share with fewer places", func(p *ownership.Position) { p.Economic, p.Held, p.Outstanding = d(t, "0.67"), 2, 3 }, nil, nil},
		{"counts disagree with the share", func(p *ownership.Position) { p.Economic, p.Held, p.Outstanding = d(t, "0.3334"), 1, 3 },
			[]string{"economic"}, []error{ownership.ErrShareCount}},
		{"counts of a class need not give the share", func(p *ownership.Position) {
			p.Economic, p.ShareClass, p.Held, p.Outstanding = d(t, "0.1"), "B", 1, 3
		}, nil, nil},
		{"held above outstanding", func(p *ownership.Position) { p.Held, p.Outstanding = 4, 3 },
			[]string{"held"}, []error{ownership.ErrShareCount}},
		{"held without outstanding", func(p *ownership.Position) { p.Held = 4 },
			[]string{"outstanding"}, []error{ownership.ErrShareCount}},
		{"negative book value", func(p *ownership.Position) { p.BookValue = nd(t, "-1") },
			[]string{"bookValue"}, []error{ownership.ErrNegative}},
		{"period out of order", func(p *ownership.Position) { p.Valid.To = date(1999, 1, 1) },
			[]string{"valid.to"}, []error{munireg.ErrInvalidPeriod}},
		{"unknown category", func(p *ownership.Position) { p.Category = "strategic" },
			[]string{"category"}, []error{ownership.ErrInvalidCategory}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := pos(t, "K", "E", "0.5")
			p.Category = ownership.CategoryBoth
			tt.change(&p)
			err := p.Validate()
			assert.Equal(t, tt.fields, fields(t, err), "Position.Validate(%s)", tt.name)
			for _, want := range tt.errs {
				assert.ErrorIs(t, err, want, "Position.Validate(%s)", tt.name)
			}
		})
	}
}

func TestPositionShares(t *testing.T) {
	p := pos(t, "K", "E", "0")
	p.Held, p.Outstanding = 1, 3
	assertRat(t, "EconomicShare(1 of 3)", p.EconomicShare(), "1/3")
	assertRat(t, "VotingShare(1 of 3, unset)", p.VotingShare(), "1/3")
	p.Voting = nd(t, "0.5")
	assertRat(t, "VotingShare(set)", p.VotingShare(), "1/2")
	p.ShareClass, p.Economic = "B", d(t, "0.25")
	assertRat(t, "EconomicShare(class B)", p.EconomicShare(), "1/4")
}

func TestOwnerListValidate(t *testing.T) {
	tests := []struct {
		name   string
		list   ownership.OwnerList
		fields []string
	}{
		{"exact", ownership.OwnerList{Entity: "E", Complete: true}, nil},
		{"rounded", ownership.OwnerList{Entity: "E", Tolerance: ownership.ToleranceRounded, Places: 4}, nil},
		{"rounded without places", ownership.OwnerList{Entity: "E", Tolerance: ownership.ToleranceRounded}, []string{"places"}},
		{"places without rounded", ownership.OwnerList{Entity: "E", Places: 4}, []string{"places"}},
		{"unknown tolerance, no entity", ownership.OwnerList{Tolerance: "loose"}, []string{"entity", "tolerance"}},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.fields, fields(t, tt.list.Validate()), "OwnerList.Validate(%s)", tt.name)
	}
}

func TestCheckShares(t *testing.T) {
	asOf := date(2024, 1, 1)
	complete := []ownership.OwnerList{{Entity: "E", Complete: true}}
	rounded4 := []ownership.OwnerList{{Entity: "E", Complete: true, Tolerance: ownership.ToleranceRounded, Places: 4}}
	three := func(a, b, c string) []ownership.Position {
		return []ownership.Position{pos(t, "A", "E", a), pos(t, "B", "E", b), pos(t, "C", "E", c)}
	}
	tests := []struct {
		name      string
		positions []ownership.Position
		lists     []ownership.OwnerList
		fields    []string
		economic  string
		unlisted  string
		rounded   bool
	}{
		{"incomplete list under 1", three("0.2", "0.3", "0.1"), nil, nil, "0.6", "0.4", false},
		{"incomplete list over 1", three("0.5", "0.3", "0.3"), nil, []string{"positions[*].economic"}, "", "", false},
		{"complete list of exactly 1", three("0.5", "0.3", "0.2"), complete, nil, "1", "0", false},
		{"complete list under 1", three("0.5", "0.3", "0.1"), complete, []string{"positions[*].economic"}, "", "", false},
		// Three shares rounded to 4 places may miss by 3 × 0.00005 = 0.00015.
		{"rounded table at 100.01 %", three("0.3334", "0.3334", "0.3333"), rounded4, nil, "1.0001", "0", true},
		{"rounded table at 99.99 %", three("0.3333", "0.3333", "0.3333"), rounded4, nil, "0.9999", "0", true},
		{"rounded table at 100.02 % is too far for three shares", three("0.3334", "0.3334", "0.3334"), rounded4,
			[]string{"positions[*].economic"}, "", "", false},
		{"counts sum to exactly 1", []ownership.Position{
			{Owner: "A", Entity: "E", Held: 1, Outstanding: 3}, {Owner: "B", Entity: "E", Held: 2, Outstanding: 3},
		}, complete, nil, "1", "0", false},
		{"voting over 1", func() []ownership.Position {
			ps := three("0.5", "0.3", "0.2")
			ps[0].Voting = nd(t, "0.6")
			return ps
		}(), nil, []string{"positions[*].voting"}, "", "", false},
		{"ended and future positions do not count", append(three("0.5", "0.3", "0.2"),
			ownership.Position{Owner: "D", Entity: "E", Economic: d(t, "0.5"), Valid: munireg.Period{To: asOf}},
			ownership.Position{Owner: "D", Entity: "E", Economic: d(t, "0.5"), Valid: munireg.Period{From: date(2024, 1, 2)}},
		), complete, nil, "1", "0", false},
		{"invalid position: its entity's sum is not checked", append(three("0.5", "0.3", "0.3"),
			ownership.Position{Owner: "D", Entity: "E", Economic: d(t, "2")}), nil, []string{"positions[3].economic"}, "", "", false},
		{"overlapping positions of one owner", []ownership.Position{
			{Owner: "A", Entity: "E", Economic: d(t, "0.5"), Valid: munireg.Period{From: date(2020, 1, 1)}},
			{Owner: "A", Entity: "E", Economic: d(t, "0.5"), Valid: munireg.Period{From: date(2023, 1, 1), To: date(2025, 1, 1)}},
			{Owner: "A", Entity: "E", Economic: d(t, "0.5"), ShareClass: "B", Valid: munireg.Period{From: date(2023, 1, 1)}},
		}, nil, []string{"positions[1].valid", "positions[*].economic"}, "", "", false},
		{"a second list of one entity", three("0.2", "0.3", "0.1"), []ownership.OwnerList{{Entity: "E"}, {Entity: "E"}},
			[]string{"lists[1].entity"}, "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call := fmt.Sprintf("CheckShares(%s)", tt.name)
			sums, err := ownership.CheckShares(tt.positions, tt.lists, asOf)
			assert.Equal(t, tt.fields, fields(t, err), call)
			if tt.fields != nil {
				return
			}
			require.Len(t, sums, 1, call)
			s := sums[0]
			assert.Equal(t, "E", s.Entity, call)
			assertDec(t, call+".Economic", s.Economic, tt.economic)
			assertDec(t, call+".Unlisted", s.Unlisted, tt.unlisted)
			assert.Equal(t, tt.rounded, s.Rounded, call+".Rounded")
		})
	}
}

func TestCheckSharesMessages(t *testing.T) {
	_, err := ownership.CheckShares([]ownership.Position{pos(t, "A", "E", "0.6"), pos(t, "B", "E", "0.6")}, nil, date(2024, 1, 1))
	require.Error(t, err)
	assert.True(t, errors.Is(err, ownership.ErrShareSum))
	assert.Contains(t, err.Error(), `"E"`)
	assert.Contains(t, err.Error(), "1.2")
	assert.Contains(t, err.Error(), "2024-01-01")
}
