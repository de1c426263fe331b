package pgstore

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/munireg/munireg"
)

// The NUMERIC columns of the schema. PostgreSQL rounds a value with more
// decimal places than its column keeps, silently; the store refuses such
// values instead (munireg.ErrPrecision), so what is read back is what was
// written.
var (
	money = numeric{precision: 20, scale: 2}
	share = numeric{precision: 30, scale: 20}
	rate  = numeric{precision: 30, scale: 10}
)

type numeric struct{ precision, scale int32 }

// fits reports whether d is kept exactly by the column.
func (n numeric) fits(d decimal.Decimal) bool {
	if !d.Equal(d.Truncate(n.scale)) {
		return false
	}
	intDigits := int32(len(d.Truncate(0).Abs().String()))
	return d.Abs().LessThan(decimal.NewFromInt(1)) || intDigits <= n.precision-n.scale
}

// check records field as a violation when d does not fit.
func (n numeric) check(errs *munireg.ValidationErrors, field string, d decimal.Decimal) {
	if !n.fits(d) {
		errs.Add(field, fmt.Errorf("%w: %s (at most %d decimal places and %d digits before the point)",
			munireg.ErrPrecision, d, n.scale, n.precision-n.scale))
	}
}

// checkNull is check for an optional value.
func (n numeric) checkNull(errs *munireg.ValidationErrors, field string, d decimal.NullDecimal) {
	if d.Valid {
		n.check(errs, field, d.Decimal)
	}
}
