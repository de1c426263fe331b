package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/munireg/munireg/internal/pgstore"
)

const checkUsage = `Usage:
  munireg check [--list] [-v] [flags]

Verifies every rule the register keeps across records (share sums at every
date, agreements' shares and versions, the audit log of every record, ...)
over the whole database, from one snapshot, and prints each violation as
RULE<tab>IDS<tab>SENTENCE, IDs separated by commas, then a summary line.
It writes nothing to the register (it brings the schema up to date first, as
every command does) and works beside a running munireg serve in local mode.

Exit status: 0 when the register keeps every rule, 1 when it breaks any,
2 when the check could not be made (or the command line is wrong).
--list prints the rules and what each promises, without a database; -v
also prints each rule's count of violations and time, on lines starting #.
`

// exitError ends the process with a code of its own, after printing err
// when there is one: munireg check tells violations found (1) from a check
// that could not be made (2).
type exitError struct {
	code int
	err  error
}

func (e exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e exitError) Unwrap() error { return e.err }

// errViolations is the end of a check that found violations, which it has
// printed.
var errViolations = exitError{code: 1}

func checkCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("munireg check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, checkUsage, "\nFlags:\n"); fs.PrintDefaults() }
	var cfg config
	cfg.databaseFlags(fs, getenv)
	list := fs.Bool("list", false, "print the rules and what each promises, and check nothing")
	verbose := fs.Bool("v", false, "also print each rule with its number of violations and how long it took")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *list {
		for _, r := range pgstore.CheckRules() {
			fmt.Fprintf(stdout, "%s\t%s\n", r.Name, r.Promise)
		}
		return nil
	}
	ctx, db, err := openForCommand(ctx, &cfg, stderr)
	if err != nil {
		return exitError{code: 2, err: err}
	}
	start := time.Now()
	report, err := db.store.Check(ctx)
	took := time.Since(start)
	if err := errors.Join(err, db.close()); err != nil {
		return exitError{code: 2, err: err}
	}
	writeCheckReport(stdout, report, took, *verbose)
	if report.Count() > 0 {
		return errViolations
	}
	return nil
}

// writeCheckReport prints each violation, a line for each rule with more
// violations than the report lists, each rule's count and time when
// verbose, and the summary.
func writeCheckReport(w io.Writer, report pgstore.CheckReport, took time.Duration, verbose bool) {
	if verbose {
		for _, r := range report.Rules {
			fmt.Fprintf(w, "# %-28s %6d violations %8s\n", r.Name, r.Violations, r.Took.Round(time.Millisecond))
		}
	}
	listed := map[string]int{}
	for _, v := range report.Violations {
		fmt.Fprintf(w, "%s\t%s\t%s\n", v.Rule, strings.Join(v.IDs, ","), v.Message)
		listed[v.Rule]++
	}
	var broken []string
	for _, r := range report.Rules {
		if r.Violations == 0 {
			continue
		}
		broken = append(broken, fmt.Sprintf("%s %d", r.Name, r.Violations))
		if more := r.Violations - listed[r.Name]; more > 0 {
			fmt.Fprintf(w, "%s\t\t%d more violations not listed\n", r.Name, more)
		}
	}
	summary := "no violations"
	if n := report.Count(); n > 0 {
		summary = fmt.Sprintf("%d %s of %d %s (%s)", n, plural(n, "violation", "violations"),
			len(broken), plural(len(broken), "rule", "rules"), strings.Join(broken, ", "))
	}
	fmt.Fprintf(w, "checked %d rules in %s: %s\n", len(report.Rules), took.Round(time.Millisecond), summary)
}

// plural returns one for n = 1 and many otherwise.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
