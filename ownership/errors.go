package ownership

import (
	"errors"
	"fmt"
	"strings"

	"github.com/munireg/munireg"
)

// Sentinel errors of package ownership. Validation failures wrap them (or
// the root package's, such as munireg.ErrRequired and munireg.ErrInvalidTotal)
// in a ValidationError that names the field; test with errors.Is.
var (
	// ErrShareRange reports an economic or voting share outside [0, 1].
	ErrShareRange = errors.New("share must be between 0 and 1")
	// ErrShareSum reports the shares of one entity's owners, as of a date,
	// summing to more than 1, or to other than exactly 1 for an owner list
	// declared complete, beyond what the entity's tolerance allows.
	ErrShareSum = errors.New("shares of the entity's owners do not add up")
	// ErrShareCount reports share counts that are negative, held above
	// outstanding, or that disagree with the share they are given with.
	ErrShareCount = errors.New("invalid share count")
	// ErrInvalidCategory reports a category of holding this package does not
	// know.
	ErrInvalidCategory = errors.New("unknown category of holding")
	// ErrInvalidTolerance reports a tolerance mode this package does not
	// know, or a rounded tolerance without the number of places the shares
	// were published with.
	ErrInvalidTolerance = errors.New("invalid tolerance")
	// ErrOverlap reports two positions of one owner in one entity and share
	// class whose periods overlap, which would count the holding twice.
	ErrOverlap = errors.New("positions overlap")
	// ErrInvalidFlowKind reports a kind of money flow this package does not
	// know.
	ErrInvalidFlowKind = errors.New("unknown kind of flow")
	// ErrInvalidDirection reports a flow direction this package does not
	// know, or a missing direction where the kind has no natural one.
	ErrInvalidDirection = errors.New("invalid direction")
	// ErrInvalidBalanceKind reports a kind of balance this package does not
	// know.
	ErrInvalidBalanceKind = errors.New("unknown kind of balance")
	// ErrInvalidYear reports an accounting year outside 1 to 9999.
	ErrInvalidYear = errors.New("year must be from 1 to 9999")
	// ErrNegative reports an amount that must not be negative (a flow,
	// whose sign is its direction; a balance; a book value).
	ErrNegative = errors.New("must not be negative")
	// ErrUnknownOrganization reports a reference to an organization that is
	// not among the organizations given.
	ErrUnknownOrganization = errors.New("unknown organization")
	// ErrNoOwners reports an entity that nobody holds a share of as of the
	// date, so there is nothing to distribute by.
	ErrNoOwners = errors.New("no owner holds a share")
	// ErrUnresolvableCycle reports a cross-holding cycle whose look-through
	// has no answer: its members hold all of one another, so I − A is
	// singular, or they hold more than all of one of them. CycleError names
	// the members.
	ErrUnresolvableCycle = errors.New("unresolvable cross-holding cycle")
	// ErrInvalidBasis reports a basis of interest this package does not
	// know.
	ErrInvalidBasis = errors.New("unknown basis of interest")
	// ErrDuplicateInterest reports an interest given both as a position and
	// as another record (a participation in a cooperation), so that one fact
	// would be stored twice.
	ErrDuplicateInterest = errors.New("interest recorded twice")
	// ErrNotMunicipal reports an ownership report asked for an organization
	// that is not a kommune or fylkeskommune (kommuneloven § 26-1 applies to
	// those).
	ErrNotMunicipal = errors.New("not a kommune or fylkeskommune")
)

// ValidationError is the root package's munireg.ValidationError: one invalid
// field, named by a path a JSON client recognizes, and the reason.
type ValidationError = munireg.ValidationError

// ValidationErrors is the root package's munireg.ValidationErrors: every
// violation a validation found. Validate methods and Distribute,
// LookThrough, the summaries and OwnershipReport return it as their error.
type ValidationErrors = munireg.ValidationErrors

// CycleError names the members of a cross-holding cycle that look-through
// cannot resolve. It unwraps to ErrUnresolvableCycle; get it with
// errors.As.
type CycleError struct {
	// Entities are the Organization.IDs of the cycle's members, in
	// ascending order.
	Entities []string
	// Closed is true when the members hold all of one another (every member
	// is owned only from within the cycle, so I − A is singular) and false
	// when they hold more than all of one of them.
	Closed bool
}

// Error names the members and the reason.
func (e CycleError) Error() string {
	reason := "its members hold more than all of one of them"
	if e.Closed {
		reason = "its members own all of one another, so I − A is singular"
	}
	return fmt.Sprintf("%s among %s: %s", ErrUnresolvableCycle, strings.Join(e.Entities, ", "), reason)
}

// Unwrap returns ErrUnresolvableCycle.
func (e CycleError) Unwrap() error { return ErrUnresolvableCycle }
