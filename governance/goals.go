package governance

import (
	"cmp"
	"fmt"

	"github.com/shopspring/decimal"
)

// The flags of a SubjectGoals.
const (
	// FlagNoGoals: the subject has no goals.
	FlagNoGoals = "no-goals"
	// FlagTooManyGoals: the subject has more goals than Options.MaxGoals.
	FlagTooManyGoals = "too-many-goals"
)

// flag returns the flag for n goals with at most max.
func flag(n, max int) string {
	switch {
	case n == 0:
		return FlagNoGoals
	case n > max:
		return FlagTooManyGoals
	}
	return ""
}

// GoalProgress is one goal with its results over the years.
type GoalProgress struct {
	Goal Goal
	// Years are the years from Options.FirstYear to Options.LastYear that
	// the goal applies to (Goal.Applies), in order.
	Years []YearResult
}

// YearResult is a goal's result for one year, against its target.
type YearResult struct {
	Year int
	// Value is the result; not valid when none is recorded for the year.
	Value decimal.NullDecimal
	// Met is whether the value meets the target in the goal's direction
	// (at least: value ≥ target; at most: value ≤ target); nil when no
	// result is recorded.
	Met *bool
	// Note is the result's note.
	Note string
}

// SubjectGoals is one subject's goals and their progress.
type SubjectGoals struct {
	Subject Subject
	// Goals are the subject's goals that count (see GoalReport), by ID.
	Goals []GoalProgress
	// Flag is "", FlagNoGoals or FlagTooManyGoals.
	Flag string
}

// GoalReport returns, for each subject given and in their order, the
// subject's goals with their results for each year from o.FirstYear to
// o.LastYear, and flags a subject with no goals or more than o.MaxGoals
// (DefaultMaxGoals when zero). The goals that count are those that apply
// in at least one of the years, or, without years, in the year of o.AsOf,
// or, with neither, every goal of the subject. An invalid register, subject
// or options give ValidationErrors (fields "subjects[i]", "firstYear", ...).
func GoalReport(r Register, subjects []Subject, o Options) ([]SubjectGoals, error) {
	var errs ValidationErrors
	errs.Merge("", o.validate(false))
	for i, s := range subjects {
		if err := s.Validate(); err != nil {
			errs.Add(fmt.Sprintf("subjects[%d]", i), err)
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	ix, err := index(r)
	if err != nil {
		return nil, err
	}
	type goalYear struct {
		goal string
		year int
	}
	results := map[goalYear]Result{}
	for _, res := range r.Results {
		results[goalYear{res.Goal, res.Year}] = res
	}
	max := cmp.Or(o.MaxGoals, DefaultMaxGoals)
	report := make([]SubjectGoals, 0, len(subjects))
	for _, s := range subjects {
		goals := ix.goalsOf(s, o)
		sg := SubjectGoals{Subject: s, Goals: make([]GoalProgress, 0, len(goals)), Flag: flag(len(goals), max)}
		for _, g := range goals {
			gp := GoalProgress{Goal: g, Years: []YearResult{}}
			for _, y := range o.years() {
				if !g.Applies(y) {
					continue
				}
				yr := YearResult{Year: y}
				if res, ok := results[goalYear{g.ID, y}]; ok {
					yr.Value = decimal.NewNullDecimal(res.Value)
					yr.Note = res.Note
					met := meets(g, res.Value)
					yr.Met = &met
				}
				gp.Years = append(gp.Years, yr)
			}
			sg.Goals = append(sg.Goals, gp)
		}
		report = append(report, sg)
	}
	return report, nil
}

// meets reports whether value meets the goal's target in its direction.
func meets(g Goal, value decimal.Decimal) bool {
	c := value.Cmp(g.Target)
	if g.Direction == DirectionAtMost {
		return c <= 0
	}
	return c >= 0
}
