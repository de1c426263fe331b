package cooperation

import (
	"fmt"
	"maps"
	"slices"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// Settlement is the year-end avregning: the actual cost split by the key over
// the actual basis values, against what each participant paid on account.
type Settlement struct {
	// Allocation is the actual cost split over the parties.
	Allocation Allocation
	// Rows has one row per party, in the order the parties were given.
	Rows []SettlementRow
	// Paid is what the participants paid on account in all.
	Paid decimal.Decimal
	// Balance is the sum of the differences, Allocation.Sum − Paid: what the
	// participants pay in all (positive) or get back (negative).
	Balance decimal.Decimal
}

// SettlementRow is one participant's settlement.
type SettlementRow struct {
	// Ref is the participant's reference.
	Ref string
	// Paid is what the participant paid on account.
	Paid decimal.Decimal
	// Final is the participant's share of the actual cost, the Amount of its
	// allocation row.
	Final decimal.Decimal
	// Difference is Final − Paid, exact: positive to pay, negative to be
	// refunded.
	Difference decimal.Decimal
}

// Settle splits the actual cost by key over the parties, who carry the actual
// basis values (population as of the settlement date, actual metered use),
// exactly as Allocate does, and sets each participant's share against what it
// paid on account (paid, by Ref; a party missing from paid paid nothing).
//
// It returns every violation as ValidationErrors: those of Allocate, with
// "total" naming the actual cost, and "paid.<ref>" for an amount out of range
// or paid by a ref that is not a party (ErrUnknownRef).
func Settle(actual decimal.Decimal, key Key, parties []Party, paid map[string]decimal.Decimal, r munireg.Rounding) (Settlement, error) {
	a, err := Allocate(actual, key, parties, r)
	var errs ValidationErrors
	errs.Merge("", err)
	refs := make(map[string]bool, len(parties))
	for _, p := range parties {
		refs[p.Ref] = true
	}
	for _, ref := range slices.Sorted(maps.Keys(paid)) {
		if !refs[ref] {
			errs.Add("paid."+ref, fmt.Errorf("%w: %q", ErrUnknownRef, ref))
		} else if err := munireg.CheckRange(paid[ref]); err != nil {
			errs.Add("paid."+ref, err)
		}
	}
	if err := errs.Err(); err != nil {
		return Settlement{}, err
	}

	s := Settlement{Allocation: a, Rows: make([]SettlementRow, len(a.Rows)), Paid: decimal.Zero}
	for i, row := range a.Rows {
		p, ok := paid[row.Ref]
		if !ok {
			p = decimal.Zero
		}
		s.Rows[i] = SettlementRow{Ref: row.Ref, Paid: p, Final: row.Amount, Difference: row.Amount.Sub(p)}
		s.Paid = s.Paid.Add(p)
	}
	s.Balance = a.Sum.Sub(s.Paid)
	return s, nil
}
