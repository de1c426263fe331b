package pgstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/munireg/munireg"
)

// ErrUnavailable means the database cannot be reached; it is
// munireg.ErrUnavailable, so that the API maps it without knowing the store.
var ErrUnavailable = munireg.ErrUnavailable

// constraintFields names the field of the domain a named constraint guards,
// for the errors a violation becomes. The domain packages' validation runs
// first, so these are the backstop for what only the database can see
// (uniqueness, references) and for rules validation missed.
var constraintFields = map[string]string{
	"organization_org_number_key":             "orgNumber",
	"organization_org_number_check":           "orgNumber",
	"organization_name_check":                 "name",
	"organization_kind_check":                 "kind",
	"organization_valid_check":                "valid.to",
	"municipality_number_pkey":                "municipalityHistory",
	"municipality_number_valid_check":         "municipalityHistory",
	"organization_succession_pkey":            "successor",
	"organization_succession_self_check":      "successor",
	"organization_succession_successor_fkey":  "successor",
	"population_count_check":                  "population",
	"forum_name_key":                          "name",
	"budget_agreement_fkey":                   "agreement",
	"budget_year_check":                       "year",
	"budget_line_organization_fkey":           "allocation.rows[*].ref",
	"forum_name_check":                        "name",
	"agreement_name_check":                    "name",
	"agreement_form_check":                    "form",
	"agreement_org_number_check":              "orgNumber",
	"agreement_version_host_fkey":             "versions[*].host",
	"agreement_version_valid_check":           "versions[*].valid.to",
	"agreement_version_valid_from_key":        "versions[*].valid.from",
	"agreement_participant_organization_fkey": "versions[*].participants[*].organization.id",
	"agreement_participant_pkey":              "versions[*].participants[*].organization.id",
	"agreement_participant_ownership_check":   "versions[*].participants[*].ownership",
	"agreement_participant_liability_check":   "versions[*].participants[*].liability",
	"agreement_participant_cost_share_check":  "versions[*].participants[*].costShare",
	"agreement_key_component_weight_check":    "versions[*].key.components[*].weight",
	"agreement_key_component_basis_check":     "versions[*].key.components[*].basis",
	"agreement_tariff_amounts_check":          "versions[*].tariff",
	"agreement_tariff_cap_check":              "versions[*].tariff.cap",
	"agreement_tariff_basis_check":            "versions[*].tariff.basis",
}

// storeError turns a driver error into the domain's errors; it is the one
// place that looks at SQLSTATEs and constraint names. Errors that are
// already the domain's pass through.
func storeError(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, sql.ErrNoRows):
		return munireg.ErrNotFound
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return err
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) {
		if isDomainError(err) {
			return err
		}
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	field := constraintFields[pgErr.ConstraintName]
	switch pgErr.Code {
	case "23505": // unique_violation
		return fieldError(field, munireg.ErrExists)
	case "23503": // foreign_key_violation
		if strings.HasSuffix(pgErr.ConstraintName, "_organization_fkey") ||
			strings.HasSuffix(pgErr.ConstraintName, "_host_fkey") ||
			strings.HasSuffix(pgErr.ConstraintName, "_successor_fkey") {
			return fieldError(field, fmt.Errorf("%w: no such organization", munireg.ErrNotFound))
		}
		return fieldError(field, munireg.ErrNotFound)
	case "23514", "23502", "22003", "22001": // check, not null, numeric out of range, string too long
		return fieldError(field, fmt.Errorf("invalid value (%s)", pgErr.ConstraintName))
	case "22021", "22P05": // a NUL or invalid UTF-8 in text; a \u0000 in jsonb
		// Which field held it, PostgreSQL does not say.
		return munireg.ValidationError{Err: munireg.ErrInvalidText}
	}
	if unavailableClass(pgErr.Code) {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return fmt.Errorf("pgstore: %w", err)
}

// fieldError is a ValidationErrors of one violation, or err alone when the
// field is not known.
func fieldError(field string, err error) error {
	if field == "" {
		return err
	}
	return munireg.ValidationErrors{{Field: field, Err: err}}
}

// isDomainError reports whether err is one of the errors the store returns
// as they are: the domain's sentinels and validation errors.
func isDomainError(err error) bool {
	var v munireg.ValidationError
	return errors.As(err, &v) ||
		errors.Is(err, munireg.ErrNotFound) || errors.Is(err, munireg.ErrConflict) ||
		errors.Is(err, munireg.ErrExists) || errors.Is(err, munireg.ErrNoActor) ||
		errors.Is(err, munireg.ErrForbidden)
}

// unavailableClass reports whether a SQLSTATE says the server cannot serve
// us now rather than that our statement is wrong: connection exceptions
// (08), insufficient resources (53), operator intervention (57: shutdown,
// crash recovery), and serialization failures and deadlocks that persisted
// through every retry (40001, 40P01): the same request may succeed later.
func unavailableClass(code string) bool {
	return strings.HasPrefix(code, "08") || strings.HasPrefix(code, "53") || strings.HasPrefix(code, "57") ||
		code == "40001" || code == "40P01"
}
