package munireg

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// Sentinel errors of the root package. Validation failures wrap them in a
// ValidationError that names the field; test with errors.Is.
var (
	// ErrRequired reports a field that must be set and is empty.
	ErrRequired = errors.New("required")
	// ErrInvalidOrgNumber reports an organisasjonsnummer that is not nine
	// digits with a valid MOD11 check digit.
	ErrInvalidOrgNumber = errors.New("invalid organisasjonsnummer")
	// ErrInvalidMunicipalityNumber reports a kommunenummer that is not four
	// digits with a county part and a local part from 01 to 99.
	ErrInvalidMunicipalityNumber = errors.New("invalid kommunenummer")
	// ErrInvalidKind reports an organization kind this package does not know.
	ErrInvalidKind = errors.New("invalid organization kind")
	// ErrInvalidPeriod reports a period that ends before or when it starts.
	ErrInvalidPeriod = errors.New("period ends before it starts")
	// ErrInvalidPopulation reports a negative population count or a
	// population series whose dates are missing, repeated or out of order.
	ErrInvalidPopulation = errors.New("invalid population")
	// ErrInvalidUnit reports a rounding unit that is not a power of ten from
	// 1E-10 to 1E9 (0.01, 1, 1000, ...).
	ErrInvalidUnit = errors.New("rounding unit must be a power of ten from 1E-10 to 1E9")
	// ErrInvalidPolicy reports a rounding policy name this package does not know.
	ErrInvalidPolicy = errors.New("unknown rounding policy")
	// ErrInvalidTotal reports an amount to split that is not a whole
	// multiple of the rounding unit.
	ErrInvalidTotal = errors.New("total is not a whole multiple of the rounding unit")
	// ErrInvalidWeight reports a weight that is missing or negative.
	ErrInvalidWeight = errors.New("weight must be zero or positive")
	// ErrNoWeight reports weights that are all zero while the total is not.
	ErrNoWeight = errors.New("weights sum to zero")
	// ErrOutOfRange reports a decimal with more decimal places or digits
	// than the exact arithmetic accepts (see CheckRange).
	ErrOutOfRange = errors.New("decimal out of range")
	// ErrDuplicateRef reports a reference that occurs twice where references
	// must be unique.
	ErrDuplicateRef = errors.New("duplicate reference")
	// ErrInvalidText reports text the register cannot keep: with a NUL
	// character (U+0000), which PostgreSQL's text refuses, or not UTF-8.
	ErrInvalidText = errors.New("text with a NUL character (U+0000) or not UTF-8")
)

// Errors of the register's storage, shared by every record type so that the
// API maps them in one place.
var (
	// ErrNotFound reports a record that does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict reports a write made with a version of the record that is
	// no longer the current one (someone else changed it first): nothing was
	// changed.
	ErrConflict = errors.New("the record has changed since it was read")
	// ErrExists reports a record that would duplicate another, such as a
	// second organization with the same organisasjonsnummer.
	ErrExists = errors.New("already exists")
	// ErrNoActor reports a change attempted without an actor to record.
	ErrNoActor = errors.New("no actor for the audit log")
	// ErrForbidden reports a change the actor's role or organizations do
	// not allow (Actor.MayChange): nothing was changed.
	ErrForbidden = errors.New("forbidden")
	// ErrPrecision reports a number with more decimal places or digits than
	// the register keeps for it (money to the øre, shares to 20 places):
	// it is refused rather than silently rounded.
	ErrPrecision = errors.New("more digits than the register keeps")
)

// CheckText returns ErrInvalidText unless s is text the register can keep:
// UTF-8 without a NUL character (U+0000). PostgreSQL's text and jsonb hold
// neither.
func CheckText(s string) error {
	if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
		return ErrInvalidText
	}
	return nil
}

// ValidationError reports one invalid field. Field is a path a JSON client
// recognizes, such as "versions[0].participants[3].ownership"; "[*]" stands
// for every element, as in "participants[*].ownership" for a rule about the
// sum over all participants. Err is the reason, usually one of the sentinel
// errors of this package or of a domain package, possibly wrapped with
// detail.
//
// It is modelled on encoding/csv.ParseError: errors.As finds it and
// errors.Is looks through it to Err.
type ValidationError struct {
	Field string
	Err   error
}

// Error returns "field: reason".
func (e ValidationError) Error() string {
	reason := "invalid"
	if e.Err != nil {
		reason = e.Err.Error()
	}
	if e.Field == "" {
		return reason
	}
	return e.Field + ": " + reason
}

// Unwrap returns the reason, so errors.Is(err, ErrInvalidTotal) and the like
// work through a ValidationError.
func (e ValidationError) Unwrap() error { return e.Err }

// ValidationErrors is every violation a validation found, in the order it
// checked them (which is deterministic). Validate methods and the computing
// functions of the domain packages return it as their error, never an empty
// one. errors.As(err, &ValidationErrors{}) gets them all,
// errors.As(err, &ValidationError{}) the first, and errors.Is looks through
// all of them.
type ValidationErrors []ValidationError

// Error joins the violations with "; ".
func (e ValidationErrors) Error() string {
	parts := make([]string, len(e))
	for i, v := range e {
		parts[i] = v.Error()
	}
	return strings.Join(parts, "; ")
}

// Unwrap returns each violation, for errors.Is and errors.As.
func (e ValidationErrors) Unwrap() []error {
	errs := make([]error, len(e))
	for i, v := range e {
		errs[i] = v
	}
	return errs
}

// Fields returns the field of each violation, in order.
func (e ValidationErrors) Fields() []string {
	fields := make([]string, len(e))
	for i, v := range e {
		fields[i] = v.Field
	}
	return fields
}

// Err returns e as an error, or nil when there is no violation. Return it
// instead of e itself, so that no validation returns a non-nil error that
// holds nothing.
func (e ValidationErrors) Err() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

// Add records that field is invalid because of err.
func (e *ValidationErrors) Add(field string, err error) {
	*e = append(*e, ValidationError{Field: field, Err: err})
}

// Merge records the violations in err, a ValidationErrors or a
// ValidationError as returned by another Validate, with their fields placed
// under prefix: "participants[2]" and "share" give "participants[2].share",
// "weights" and "[1].ref" give "weights[1].ref". Any other non-nil error is
// recorded as a violation of prefix itself. A nil err records nothing.
func (e *ValidationErrors) Merge(prefix string, err error) {
	if err == nil {
		return
	}
	var many ValidationErrors
	if errors.As(err, &many) {
		for _, v := range many {
			e.Add(JoinField(prefix, v.Field), v.Err)
		}
		return
	}
	var one ValidationError
	if errors.As(err, &one) {
		e.Add(JoinField(prefix, one.Field), one.Err)
		return
	}
	e.Add(prefix, err)
}

// JoinField joins two parts of a field path: JoinField("versions[0]",
// "participants[1].share") is "versions[0].participants[1].share", and an
// index needs no dot: JoinField("weights", "[2]") is "weights[2]".
func JoinField(prefix, field string) string {
	switch {
	case prefix == "":
		return field
	case field == "":
		return prefix
	case strings.HasPrefix(field, "["):
		return prefix + field
	default:
		return prefix + "." + field
	}
}
