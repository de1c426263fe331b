package governance

import (
	"errors"

	"github.com/munireg/munireg"
)

// Sentinel errors of package governance. Validation failures wrap them (or
// the root package's, such as munireg.ErrRequired, munireg.ErrInvalidText
// and munireg.ErrInvalidPeriod) in a ValidationError that names the field;
// test with errors.Is.
var (
	// ErrInvalidBodyKind reports a kind of governing body this package does
	// not know.
	ErrInvalidBodyKind = errors.New("unknown kind of body")
	// ErrInvalidRole reports a member's role this package does not know.
	ErrInvalidRole = errors.New("unknown role")
	// ErrInvalidSide reports a side (politicians, administration, ...) this
	// package does not know.
	ErrInvalidSide = errors.New("unknown side")
	// ErrInvalidGender reports a gender other than female, male or not
	// recorded (empty).
	ErrInvalidGender = errors.New("unknown gender")
	// ErrInvalidDirection reports a direction of a goal other than at-least
	// or at-most.
	ErrInvalidDirection = errors.New("unknown direction of goal")
	// ErrInvalidSubject reports a subject with both an agreement and an
	// entity, or with neither: exactly one is set.
	ErrInvalidSubject = errors.New("subject must be one agreement or one entity")
	// ErrDeputyNumber reports a deputy without a number of 1 or more, or a
	// number on a member who is not a deputy.
	ErrDeputyNumber = errors.New("invalid deputy number")
	// ErrInvalidYear reports a year outside 1 to 9999, or a last year before
	// the first.
	ErrInvalidYear = errors.New("year must be from 1 to 9999, the last not before the first")
	// ErrTooManyRecipients reports a goal reported to more than two
	// principals.
	ErrTooManyRecipients = errors.New("a goal has at most two recipients")
	// ErrInvalidURL reports a document link that is not an absolute http or
	// https URL.
	ErrInvalidURL = errors.New("not an absolute http or https URL")
	// ErrTooLong reports text longer than the field allows.
	ErrTooLong = errors.New("text too long")
	// ErrUnknownReference reports a reference between records of a Register
	// (a membership's body or person, a result's goal, a meeting's body) to
	// a record that is not there. An ID given to two records of one kind is
	// munireg.ErrDuplicateRef.
	ErrUnknownReference = errors.New("unknown reference")
	// ErrInvalidSeats reports a negative number of seats.
	ErrInvalidSeats = errors.New("seats must not be negative")
	// ErrInvalidShare reports a holding's share outside [0, 1].
	ErrInvalidShare = errors.New("share must be between 0 and 1")
	// ErrInvalidOptions reports options of Check or GoalReport that cannot
	// be used: a missing as-of date, years out of range or out of order, a
	// negative MaxGoals.
	ErrInvalidOptions = errors.New("invalid options")
)

// ValidationError is the root package's munireg.ValidationError: one invalid
// field, named by a path a JSON client recognizes, and the reason.
type ValidationError = munireg.ValidationError

// ValidationErrors is the root package's munireg.ValidationErrors: every
// violation a validation found. Validate methods, Check and GoalReport
// return it as their error.
type ValidationErrors = munireg.ValidationErrors
