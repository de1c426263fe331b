package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestBenchAllocation runs the quickest measurement in-process: the output
// names the commit and the machine and has the allocation and floor tables.
func TestBenchAllocation(t *testing.T) {
	code, out, errOut := runCLI("bench", "--only", "allocation", "--runs", "1", "--min-time", "1ms")
	assert.Equal(t, 0, code, "munireg bench: exit code (stderr %q)", errOut)
	assert.Regexp(t, `(?m)^Commit \S+, measured `, out)
	assert.Regexp(t, `(?m)^Machine: go\S+ \w+/\w+, \d+ CPUs \(.*\), PostgreSQL not used\.$`, out)
	assert.Contains(t, out, "| measurement | median | min – max |\n|---|---|---|\n| Allocate, n=357 |")
	assert.Contains(t, out, "| baseline-int64, n=100 000 |")
	assert.Regexp(t, `\| allocation, n=357: Allocate / int64 baseline \| \S+× \| ≤ 10× \| \*\*(met|missed)\*\* \|`, out)
	assert.NotContains(t, out, "Bulk load", "--only allocation")
}

func TestBenchFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"bench", "--only", "allocation,frobnicate"}, 2, `unknown measurement "frobnicate"`},
		{[]string{"bench", "--runs", "0"}, 2, "must be positive"},
		{[]string{"bench", "extra"}, 2, "unexpected arguments"},
		{[]string{"bench", "-h"}, 0, "psql \\copy"},
		{[]string{"bench", "--only", "load", "--database-url", "mysql://x/y"}, 1, "postgres:// URL"},
	} {
		code, _, errOut := runCLI(tc.args...)
		assert.Equal(t, tc.code, code, "munireg %v: exit code (stderr %q)", tc.args, errOut)
		assert.Contains(t, errOut, tc.err, "munireg %v: stderr", tc.args)
	}
}
