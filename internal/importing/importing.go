package importing

import (
	"context"
	"fmt"
	"slices"

	"github.com/munireg/munireg"
)

// LineRef names the row of a delimited file that starts on line (from 1).
func LineRef(line int) string { return fmt.Sprintf("line[%d]", line) }

// ElementRef names the element of a JSON list at index (from 0), as
// "<list>[<index>]".
func ElementRef(list string, index int) string { return fmt.Sprintf("%s[%d]", list, index) }

// Problem is a row of a file that is not loaded, and why.
type Problem struct {
	// Ref is where the row is: "line[12]" or "units[3]".
	Ref string
	// Line is the line the row starts on, from 1 (for a JSON element too).
	Line int
	// Field is the field at fault, such as "count" or
	// "organisasjonsnummer"; empty for the row as a whole.
	Field string
	// Err is the reason.
	Err error
}

// Location is the problem's path: Ref and Field joined, "line[12].count".
func (p Problem) Location() string { return munireg.JoinField(p.Ref, p.Field) }

// Error returns "location: reason".
func (p Problem) Error() string { return p.Location() + ": " + p.Err.Error() }

// Unwrap returns the reason.
func (p Problem) Unwrap() error { return p.Err }

// Problems are the problems of a file, in the order they were found.
type Problems []Problem

// Add records a problem.
func (ps *Problems) Add(ref string, line int, field string, err error) {
	*ps = append(*ps, Problem{Ref: ref, Line: line, Field: field, Err: err})
}

// Sorted returns the problems in order of line, those of one line in the
// order they were found.
func (ps Problems) Sorted() Problems {
	out := slices.Clone(ps)
	slices.SortStableFunc(out, func(a, b Problem) int { return a.Line - b.Line })
	return out
}

// Err returns the problems, in order of line, as munireg.ValidationErrors
// whose fields are their locations; nil when there are none.
func (ps Problems) Err() error {
	var errs munireg.ValidationErrors
	for _, p := range ps.Sorted() {
		errs.Add(p.Location(), p.Err)
	}
	return errs.Err()
}

// Result is what a load did.
type Result struct {
	// Created, Updated and Unchanged count the records (or, for population,
	// the figures) the load created, changed, and found as they were.
	Created, Updated, Unchanged int
	// Skipped lists every row of the file that was not loaded, and why, in
	// order of line.
	Skipped Problems
}

type progressKey struct{}

// ProgressFunc is told how much of a load is done: done of total rows.
type ProgressFunc func(done, total int)

// WithProgress returns a copy of ctx that carries f, which long loads call
// as they go.
func WithProgress(ctx context.Context, f ProgressFunc) context.Context {
	return context.WithValue(ctx, progressKey{}, f)
}

// ReportProgress tells the ProgressFunc in ctx, if any, that done of total
// rows are done.
func ReportProgress(ctx context.Context, done, total int) {
	if f, ok := ctx.Value(progressKey{}).(ProgressFunc); ok && f != nil {
		f(done, total)
	}
}
