package cooperation

import (
	"errors"

	"github.com/munireg/munireg"
)

// Sentinel errors of package cooperation. Validation failures wrap them (or
// the root package's, such as munireg.ErrRequired and munireg.ErrInvalidTotal)
// in a ValidationError that names the field; test with errors.Is.
var (
	// ErrInvalidForm reports a form of cooperation this package does not know.
	ErrInvalidForm = errors.New("unknown form of cooperation")
	// ErrInvalidKey reports a cost-sharing key whose components are missing,
	// repeated, weighted outside [0, 1] or not weighted to exactly 1 in sum.
	ErrInvalidKey = errors.New("invalid cost-sharing key")
	// ErrInvalidBasis reports a basis name this package does not know.
	ErrInvalidBasis = errors.New("unknown basis")
	// ErrShareRange reports a share (eierandel, ansvarsandel, explicit
	// share) outside [0, 1].
	ErrShareRange = errors.New("share must be between 0 and 1")
	// ErrShareSum reports shares that do not sum to exactly 1 where the law or
	// the key requires it (or that exceed 1 where they may fall short).
	ErrShareSum = errors.New("shares must sum to exactly 1")
	// ErrEmptyBasis reports a basis whose values sum to zero, so that a key
	// component with a weight has nothing to split by.
	ErrEmptyBasis = errors.New("basis values sum to zero")
	// ErrMissingBasis reports a participant without a value the key needs
	// (a metric, a population figure as of the date, an explicit share).
	ErrMissingBasis = errors.New("basis value missing")
	// ErrNegative reports a quantity that must not be negative (population,
	// metered use, contribution, seats, tariff amounts).
	ErrNegative = errors.New("must not be negative")
	// ErrDuplicateParticipant reports an organization listed twice in one
	// version of an agreement.
	ErrDuplicateParticipant = errors.New("participant listed twice")
	// ErrParticipantNotAllowed reports a participant whose kind the form does
	// not admit, such as an AS in an IKS (IKS-loven § 1).
	ErrParticipantNotAllowed = errors.New("participant not allowed by the form")
	// ErrTooFewParticipants reports a version with fewer than two participants.
	ErrTooFewParticipants = errors.New("a cooperation needs at least two participants")
	// ErrHostNotParticipant reports a host or office municipality that is not
	// a participant, or is not a kommune or fylkeskommune.
	ErrHostNotParticipant = errors.New("host must be a participating kommune or fylkeskommune")
	// ErrInvalidDates reports versions that overlap or are out of order, or
	// an adoption after the version has ended.
	ErrInvalidDates = errors.New("dates out of order")
	// ErrInvalidTariff reports a tariff with a basis other than population or
	// a metric, or a floor above its cap.
	ErrInvalidTariff = errors.New("invalid tariff")
	// ErrUnknownRef reports a reference to a participant that is not there.
	ErrUnknownRef = errors.New("unknown participant reference")
	// ErrInvalidInstallments reports a number of installments below 1 or
	// above MaxInstallments, or an empty schedule.
	ErrInvalidInstallments = errors.New("invalid number of installments")
	// ErrNoVersion reports a date on which no version of an agreement is in
	// force.
	ErrNoVersion = errors.New("no version of the agreement in force")
)

// ValidationError is the root package's munireg.ValidationError: one invalid
// field, named by a path a JSON client recognizes, and the reason.
type ValidationError = munireg.ValidationError

// ValidationErrors is the root package's munireg.ValidationErrors: every
// violation a validation found. Validate methods and Allocate, Settle,
// Tariff.Apply and the installment functions return it as their error.
type ValidationErrors = munireg.ValidationErrors
