package cooperation_test

import (
	"testing"

	"github.com/munireg/munireg/internal/domaintest"
)

// The decimal, validation and date helpers, from internal/domaintest.
var (
	d         = domaintest.D
	nd        = domaintest.ND
	assertDec = domaintest.Equal
	fields    = domaintest.Fields
	date      = domaintest.Date
)

// csvRows reads a CSV file of the module's testdata, without its header.
func csvRows(t testing.TB, name string) [][]string {
	t.Helper()
	return domaintest.CSV(t, "../testdata/"+name)[1:]
}
