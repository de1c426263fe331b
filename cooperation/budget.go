package cooperation

import (
	"fmt"
	"time"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// Budget is an allocation issued for a year: the total an agreement's
// participants share, split by the key of the version in force on AsOf over
// the participants' basis values on that date. It is kept as issued, with
// the inputs it was computed from, so that the figures a kommunestyre
// budgeted with can always be shown and explained, whatever changes later.
type Budget struct {
	// ID is the register's identifier of the budget.
	ID string
	// Agreement is the Agreement.ID.
	Agreement string
	// Year is the budget year.
	Year int
	// AsOf is the date of the version and of the basis values, normally
	// 1 January of Year (population per 1.1.).
	AsOf time.Time
	// Key and Parties are the inputs: the version's key and each
	// participant's basis values as of AsOf.
	Key     Key
	Parties []Party
	// Allocation is the result, as issued.
	Allocation Allocation
	// Issued is when the budget was stored.
	Issued time.Time
}

// IssueBudget computes the budget of the agreement for year: total split by
// the key of the version in force on asOf over its participants as of asOf
// (population from their series; metered values from metrics, metric name →
// organization ID → value), rounded by r. It fails with a ValidationError on
// "asOf" (ErrNoVersion) when no version is in force then, on "key" when the
// version has no key, and otherwise as Version.Parties and Allocate do.
func IssueBudget(a Agreement, year int, total decimal.Decimal, asOf time.Time, metrics map[string]map[string]decimal.Decimal, r munireg.Rounding) (Budget, error) {
	b := Budget{Agreement: a.ID, Year: year, AsOf: asOf}
	var errs ValidationErrors
	if year < 1 || year > 9999 {
		errs.Add("year", fmt.Errorf("year must be from 1 to 9999, not %d", year))
	}
	v, ok := a.AsOf(asOf)
	switch {
	case !ok:
		errs.Add("asOf", fmt.Errorf("%w: %s", ErrNoVersion, asOf.Format(time.DateOnly)))
	case len(v.Key.Components) == 0:
		errs.Add("key", fmt.Errorf("%w: the version in force has no cost-sharing key", munireg.ErrRequired))
	}
	if err := errs.Err(); err != nil {
		return Budget{}, err
	}
	parties, err := v.Parties(asOf, metrics)
	if err != nil {
		return Budget{}, err
	}
	alloc, err := Allocate(total, v.Key, parties, r)
	if err != nil {
		return Budget{}, err
	}
	b.Key, b.Parties, b.Allocation = v.Key, parties, alloc
	return b, nil
}
