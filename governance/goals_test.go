package governance_test

import (
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/governance"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// yearView is a YearResult as text, to compare: "2024 52.3 met note",
// "2024 - -" without a result.
func yearView(y governance.YearResult) string {
	s := itoa(y.Year)
	if !y.Value.Valid {
		return s + " - -"
	}
	s += " " + y.Value.Decimal.String()
	if y.Met == nil {
		return s + " ?"
	}
	if *y.Met {
		s += " met"
	} else {
		s += " missed"
	}
	if y.Note != "" {
		s += " " + y.Note
	}
	return s
}

// view is a report as text: one line per subject, goal and year.
func view(report []governance.SubjectGoals) []string {
	var lines []string
	for _, sg := range report {
		lines = append(lines, sg.Subject.String()+" flag="+sg.Flag)
		for _, gp := range sg.Goals {
			lines = append(lines, "  "+gp.Goal.ID)
			for _, y := range gp.Years {
				lines = append(lines, "    "+yearView(y))
			}
		}
	}
	return lines
}

func TestGoalReport(t *testing.T) {
	recycling := goal("g-recycling", entity1)
	recycling.Target = d(t, "55.0")
	cost := goal("g-cost", entity1)
	cost.Direction, cost.Target, cost.First, cost.Last = governance.DirectionAtMost, d(t, "1200"), 2023, 2024
	// The NAV partnership: one goal, reported to the state and to the
	// municipality.
	nav := goal("g-nav", agreementA)
	nav.Recipients = []string{"stat", "k1"}
	nav.Target = d(t, "0.5")
	later := goal("g-later", entity1)
	later.First = 2030
	r := governance.Register{
		Goals: []governance.Goal{recycling, cost, nav, later},
		Results: []governance.Result{
			{Goal: "g-recycling", Year: 2022, Value: d(t, "54.99")},
			{Goal: "g-recycling", Year: 2023, Value: d(t, "55"), Note: "nytt anlegg"},
			{Goal: "g-recycling", Year: 2024, Value: d(t, "61.2")},
			{Goal: "g-cost", Year: 2022, Value: d(t, "9999")}, // before the goal applies: not shown
			{Goal: "g-cost", Year: 2023, Value: d(t, "1200.00")},
			{Goal: "g-cost", Year: 2024, Value: d(t, "1200.01")},
			{Goal: "g-nav", Year: 2024, Value: d(t, "0.49")},
		},
	}
	for _, id := range []string{"a", "b", "c", "d", "e"} {
		r.Goals = append(r.Goals, goal("many-"+id, entity3))
	}
	tests := []struct {
		name     string
		subjects []governance.Subject
		o        governance.Options
		want     []string
	}{
		{"results against targets over years", []governance.Subject{entity1, agreementA, entity2},
			governance.Options{FirstYear: 2022, LastYear: 2024}, []string{
				"entity E1 flag=",
				"  g-cost",
				"    2023 1200 met",
				"    2024 1200.01 missed",
				"  g-recycling",
				"    2022 54.99 missed",
				"    2023 55 met nytt anlegg",
				"    2024 61.2 met",
				"agreement a1 flag=",
				"  g-nav",
				"    2022 - -",
				"    2023 - -",
				"    2024 0.49 missed",
				"entity E2 flag=no-goals",
			}},
		{"too many goals", []governance.Subject{entity3}, governance.Options{FirstYear: 2024, LastYear: 2024, MaxGoals: 4}, []string{
			"entity E3 flag=too-many-goals",
			"  many-a", "    2024 - -", "  many-b", "    2024 - -", "  many-c", "    2024 - -", "  many-d", "    2024 - -", "  many-e", "    2024 - -",
		}},
		{"five is not too many by default", []governance.Subject{entity3}, governance.Options{FirstYear: 2024, LastYear: 2024}, []string{
			"entity E3 flag=",
			"  many-a", "    2024 - -", "  many-b", "    2024 - -", "  many-c", "    2024 - -", "  many-d", "    2024 - -", "  many-e", "    2024 - -",
		}},
		{"as of a date, no years", []governance.Subject{entity1}, governance.Options{AsOf: date(2025, 6, 1)}, []string{
			"entity E1 flag=",
			"  g-recycling",
		}},
		{"neither years nor date: every goal", []governance.Subject{entity1}, governance.Options{}, []string{
			"entity E1 flag=",
			"  g-cost",
			"  g-later",
			"  g-recycling",
		}},
		{"a goal that ended is left out", []governance.Subject{entity1}, governance.Options{FirstYear: 2025, LastYear: 2025}, []string{
			"entity E1 flag=",
			"  g-recycling",
			"    2025 - -",
		}},
		{"no subjects", nil, governance.Options{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			report, err := governance.GoalReport(r, tt.subjects, tt.o)
			require.NoError(t, err, "GoalReport(%s)", tt.name)
			assert.Equal(t, tt.want, view(report), "GoalReport(%s)", tt.name)
			assert.Len(t, report, len(tt.subjects), "GoalReport(%s) gives one entry per subject", tt.name)
		})
	}
}

func TestGoalReportNotNil(t *testing.T) {
	report, err := governance.GoalReport(governance.Register{Goals: []governance.Goal{goal("g1", entity1)}},
		[]governance.Subject{entity1, entity2}, governance.Options{})
	require.NoError(t, err)
	assert.NotNil(t, report[1].Goals, "GoalReport: a subject with no goals has an empty list, not nil")
	assert.NotNil(t, report[0].Goals[0].Years, "GoalReport: a goal without years has an empty list, not nil")
}

func TestGoalReportInvalid(t *testing.T) {
	r := governance.Register{Goals: []governance.Goal{goal("g1", entity1)}}
	tests := []struct {
		name     string
		r        governance.Register
		subjects []governance.Subject
		o        governance.Options
		fields   []string
		errs     []error
	}{
		{"subject with both", r, []governance.Subject{entity1, {Agreement: "a1", Entity: "E1"}, {}}, governance.Options{},
			[]string{"subjects[1]", "subjects[2]"}, []error{governance.ErrInvalidSubject}},
		{"years out of range", r, nil, governance.Options{FirstYear: 0, LastYear: 2024},
			[]string{"firstYear"}, []error{governance.ErrInvalidOptions}},
		{"result of an unknown goal", governance.Register{Results: []governance.Result{{Goal: "g9", Year: 2024}}}, nil, governance.Options{},
			[]string{"results[0].goal"}, []error{governance.ErrUnknownReference}},
		{"invalid goal", governance.Register{Goals: []governance.Goal{{ID: "g1", Subject: entity1}}}, nil, governance.Options{},
			[]string{"goals[0].purpose", "goals[0].indicator", "goals[0].unit", "goals[0].direction", "goals[0].recipients", "goals[0].first"},
			[]error{munireg.ErrRequired, governance.ErrInvalidYear}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			report, err := governance.GoalReport(tt.r, tt.subjects, tt.o)
			assert.Nil(t, report, "GoalReport(%s)", tt.name)
			assert.Equal(t, tt.fields, fields(t, err), "GoalReport(%s)", tt.name)
			for _, want := range tt.errs {
				assert.ErrorIs(t, err, want, "GoalReport(%s)", tt.name)
			}
		})
	}
}
