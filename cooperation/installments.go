package cooperation

import (
	"fmt"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// MaxInstallments is the most installments Installments and
// ScheduledInstallments split into.
const MaxInstallments = 1000

// Installments splits total into n a-konto installments as equal as the
// rounding unit (0.01 when zero) allows. The installments sum to total
// exactly; the units left over go to the earliest installments, one each:
// 1000.00 in three is 333.34, 333.33, 333.33. A negative total mirrors a
// positive one. Errors are ValidationErrors with fields "n"
// (ErrInvalidInstallments), "total" and "unit".
func Installments(total decimal.Decimal, n int, unit decimal.Decimal) ([]decimal.Decimal, error) {
	if n < 1 || n > MaxInstallments {
		var errs ValidationErrors
		errs.Add("n", fmt.Errorf("%w: %d (want 1 to %d)", ErrInvalidInstallments, n, MaxInstallments))
		errs.Merge("", munireg.Rounding{Unit: unit}.CheckTotal(total))
		return nil, errs
	}
	schedule := make([]decimal.Decimal, n)
	for i := range schedule {
		schedule[i] = decimal.NewFromInt(1)
	}
	return ScheduledInstallments(total, schedule, unit)
}

// ScheduledInstallments splits total into installments in proportion to a
// schedule of weights (say 2, 1, 1, 1 for a larger first quarter, or the
// days of each period). The installments sum to total exactly, by largest
// remainder; among equal remainders the earlier installment gets the extra
// unit. Errors are ValidationErrors with fields "schedule" (empty, too long,
// or all zero while total is not), "schedule[i]" (negative or out of range),
// "total" and "unit".
func ScheduledInstallments(total decimal.Decimal, schedule []decimal.Decimal, unit decimal.Decimal) ([]decimal.Decimal, error) {
	r := munireg.Rounding{Unit: unit, Policy: munireg.LargestRemainder}
	var errs ValidationErrors
	errs.Merge("", r.CheckTotal(total))
	if len(schedule) == 0 || len(schedule) > MaxInstallments {
		errs.Add("schedule", fmt.Errorf("%w: %d (want 1 to %d)", ErrInvalidInstallments, len(schedule), MaxInstallments))
	}
	weights := make([]munireg.Weight, len(schedule))
	positive := false
	for i, w := range schedule {
		field := fmt.Sprintf("schedule[%d]", i)
		if err := munireg.CheckRange(w); err != nil {
			errs.Add(field, err)
		} else if w.Sign() < 0 {
			errs.Add(field, fmt.Errorf("%w: %s", ErrNegative, w))
		}
		positive = positive || w.Sign() > 0
		// Zero-padded references sort like the installment numbers.
		weights[i] = munireg.Weight{Ref: fmt.Sprintf("%04d", i), Value: w}
	}
	if len(schedule) > 0 && !positive && !total.IsZero() {
		errs.Add("schedule", ErrEmptyBasis)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	a, err := munireg.Apportion(total, weights, r)
	if err != nil {
		return nil, err
	}
	out := make([]decimal.Decimal, len(a.Portions))
	for i, p := range a.Portions {
		out[i] = p.Amount
	}
	return out, nil
}
