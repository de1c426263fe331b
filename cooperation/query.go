package cooperation

import (
	"time"

	"github.com/munireg/munireg"
)

// AgreementFilter selects agreements. Nil fields select everything.
type AgreementFilter struct {
	// Form selects one form.
	Form *Form
	// Participant selects agreements the organization takes part in (in any
	// version, or in the version in force at AsOf when that is set).
	Participant *string
	// Name selects names containing it, ignoring case.
	Name *string
	// AsOf, when set, selects agreements with a version in force then.
	AsOf time.Time
	// After is the cursor of the page before; Limit the page size (default
	// 100, at most 1000).
	After string
	Limit int
}

// AgreementUpdate is a change to an agreement; nil fields stay as they are.
type AgreementUpdate struct {
	Name      *string
	OrgNumber *munireg.OrgNumber
	// Versions replaces the versions. Past versions are the record of what
	// was adopted; the audit log keeps what they were before any change.
	Versions *[]Version
}
