package munireg_test

import "github.com/munireg/munireg/internal/domaintest"

// The decimal helpers and the CSV reader, from internal/domaintest.
var (
	dec       = domaintest.D
	assertDec = domaintest.Equal
	readCSV   = domaintest.CSV
)
