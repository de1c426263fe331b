package governance_test

import (
	"github.com/munireg/munireg/internal/domaintest"
)

// The decimal, validation and date helpers, from internal/domaintest.
var (
	d      = domaintest.D
	fields = domaintest.Fields
	date   = domaintest.Date
)
