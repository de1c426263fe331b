package ownership

import (
	"fmt"
	"math"
	"time"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// FlowKind is what a money flow between an owner and an entity is. The
// string values are the names used on the wire.
type FlowKind string

// The kinds of money flow.
const (
	// FlowDividend is a dividend (utbytte), to the owner.
	FlowDividend FlowKind = "dividend"
	// FlowLoanInterest is interest on an owner loan (renter på ansvarlig lån
	// / eierlån), to the owner.
	FlowLoanInterest FlowKind = "owner-loan-interest"
	// FlowLoanRepayment is a repayment of an owner loan (avdrag), to the
	// owner.
	FlowLoanRepayment FlowKind = "owner-loan-repayment"
	// FlowGuaranteeCommission is a commission for a guarantee
	// (garantiprovisjon), to the owner.
	FlowGuaranteeCommission FlowKind = "guarantee-commission"
	// FlowCapitalContribution is a capital contribution (innskudd,
	// kapitalforhøyelse), from the owner.
	FlowCapitalContribution FlowKind = "capital-contribution"
	// FlowOther is any other payment; its direction must be given.
	FlowOther FlowKind = "other"
)

// FlowKinds returns every FlowKind, in the order of the constants, which is
// the order of Income.Lines.
func FlowKinds() []FlowKind {
	return []FlowKind{FlowDividend, FlowLoanInterest, FlowLoanRepayment, FlowGuaranteeCommission, FlowCapitalContribution, FlowOther}
}

// index returns k's position in FlowKinds, or -1.
func (k FlowKind) index() int {
	switch k {
	case FlowDividend:
		return 0
	case FlowLoanInterest:
		return 1
	case FlowLoanRepayment:
		return 2
	case FlowGuaranteeCommission:
		return 3
	case FlowCapitalContribution:
		return 4
	case FlowOther:
		return 5
	}
	return -1
}

// Validate returns an error wrapping ErrInvalidFlowKind unless k is one of
// FlowKinds.
func (k FlowKind) Validate() error {
	if k.index() < 0 {
		return fmt.Errorf("%w: %q", ErrInvalidFlowKind, string(k))
	}
	return nil
}

// Direction returns the way money of this kind normally moves: ToOwner for
// dividends, owner-loan interest and repayments and guarantee commissions,
// FromOwner for capital contributions, and "" for FlowOther.
func (k FlowKind) Direction() Direction {
	switch k {
	case FlowDividend, FlowLoanInterest, FlowLoanRepayment, FlowGuaranteeCommission:
		return ToOwner
	case FlowCapitalContribution:
		return FromOwner
	}
	return ""
}

// Direction is which way a flow's money moves. The string values are the
// names used on the wire.
type Direction string

// The directions of a flow.
const (
	// ToOwner: the entity pays the owner.
	ToOwner Direction = "to-owner"
	// FromOwner: the owner pays the entity.
	FromOwner Direction = "from-owner"
)

// Flow is a payment between an owner and an entity it holds (or lends to,
// or guarantees for), by accounting year.
type Flow struct {
	// ID is the register's identifier of the flow; optional here.
	ID string
	// Owner and Entity are Organization.IDs.
	Owner, Entity string
	// Kind is what the payment is.
	Kind FlowKind
	// Year is the accounting year (regnskapsår) the payment belongs to: the
	// dividend for 2023, paid in 2024, belongs to 2023.
	Year int
	// Paid is the payment date; zero when not known or not yet paid.
	Paid time.Time
	// Amount is the amount paid, zero or positive; Direction gives the sign.
	Amount decimal.Decimal
	// Direction is which way the money moves; empty means the kind's own
	// direction (FlowKind.Direction).
	Direction Direction
	// Revision is the record's version in the register (see
	// Position.Revision); zero for a flow not yet stored.
	Revision int64
}

// Way returns the flow's direction: Direction, or the kind's own when empty.
func (f Flow) Way() Direction {
	if f.Direction != "" {
		return f.Direction
	}
	return f.Kind.Direction()
}

// Net returns the amount as the owner sees it: positive when paid to the
// owner, negative when paid by the owner.
func (f Flow) Net() decimal.Decimal {
	if f.Way() == FromOwner {
		return f.Amount.Neg()
	}
	return f.Amount
}

// Validate checks the flow on its own: owner and entity set, a known kind,
// a known direction (required for FlowOther), a year from 1 to 9999 and an
// amount in range and not negative. Fields are "owner", "entity", "kind",
// "direction", "year" and "amount".
func (f Flow) Validate() error {
	var errs ValidationErrors
	requireParties(&errs, f.Owner, f.Entity)
	if err := f.Kind.Validate(); err != nil {
		errs.Add("kind", err)
	}
	switch f.Direction {
	case ToOwner, FromOwner:
	case "":
		if f.Kind == FlowOther {
			errs.Add("direction", fmt.Errorf("%w: a flow of kind %q needs a direction", ErrInvalidDirection, FlowOther))
		}
	default:
		errs.Add("direction", fmt.Errorf("%w: %q (want %q or %q)", ErrInvalidDirection, string(f.Direction), ToOwner, FromOwner))
	}
	if f.Year < 1 || f.Year > 9999 {
		errs.Add("year", fmt.Errorf("%w: %d", ErrInvalidYear, f.Year))
	}
	checkAmount(&errs, "amount", f.Amount)
	return errs.Err()
}

// BalanceKind is what a balance between an owner and an entity measures.
// The string values are the names used on the wire.
type BalanceKind string

// The kinds of balance.
const (
	// BalanceOwnerLoan is the principal outstanding on an owner loan
	// (ansvarlig lån / eierlån) the owner has given the entity.
	BalanceOwnerLoan BalanceKind = "owner-loan"
	// BalanceGuarantee is the owner's exposure under a guarantee for the
	// entity's obligations (garantiansvar).
	BalanceGuarantee BalanceKind = "guarantee"
)

// Validate returns an error wrapping ErrInvalidBalanceKind unless k is one
// of the kinds above.
func (k BalanceKind) Validate() error {
	switch k {
	case BalanceOwnerLoan, BalanceGuarantee:
		return nil
	}
	return fmt.Errorf("%w: %q (want %q or %q)", ErrInvalidBalanceKind, string(k), BalanceOwnerLoan, BalanceGuarantee)
}

// Balance is an owner loan's principal outstanding or a guarantee's
// exposure on a date. A later balance of the same owner, entity and kind
// replaces it; a zero balance says the loan is repaid or the guarantee
// gone.
type Balance struct {
	// Owner and Entity are Organization.IDs: the lender or guarantor and the
	// borrower or guaranteed entity.
	Owner, Entity string
	// Kind is what the balance measures.
	Kind BalanceKind
	// Date is the date of the balance.
	Date time.Time
	// Amount is the principal outstanding or the exposure, zero or positive.
	Amount decimal.Decimal
}

// Validate checks the balance on its own: owner, entity and date set, a
// known kind, and an amount in range and not negative. Fields are "owner",
// "entity", "kind", "date" and "amount".
func (b Balance) Validate() error {
	var errs ValidationErrors
	requireParties(&errs, b.Owner, b.Entity)
	if err := b.Kind.Validate(); err != nil {
		errs.Add("kind", err)
	}
	if b.Date.IsZero() {
		errs.Add("date", munireg.ErrRequired)
	}
	checkAmount(&errs, "amount", b.Amount)
	return errs.Err()
}

// Income is money that moved between owners and entities, by kind, net to
// the owners: what they received less what they paid. Lines has one line
// per kind, in the order of FlowKinds, zero where nothing moved; Total is
// the exact sum of the lines.
type Income struct {
	Lines []IncomeLine
	Total decimal.Decimal
}

// IncomeLine is the net amount of one kind of flow.
type IncomeLine struct {
	Kind   FlowKind
	Amount decimal.Decimal
}

// Amount returns the line of kind k, zero for an unknown kind.
func (in Income) Amount(k FlowKind) decimal.Decimal {
	if i := k.index(); i >= 0 && i < len(in.Lines) {
		return in.Lines[i].Amount
	}
	return decimal.Zero
}

// tally adds up flows by kind, exactly. Amounts in øre that fit in 15
// digits, the usual case, are summed as int64 øre, moved into the decimals
// before they could overflow; the rest as decimals. The zero value holds
// nothing.
type tally struct {
	ore     [6]int64
	amounts [6]decimal.Decimal
}

// oreLimit is where a sum in øre is moved into the decimals: adding an
// amount of at most 15 digits to a sum below it cannot overflow an int64.
const oreLimit = 1 << 61

// add adds a flow's net amount.
func (t *tally) add(f *Flow) {
	i := f.Kind.index()
	a := f.Amount
	if e := a.Exponent(); e >= -2 && e <= 0 && a.NumDigits() <= 13 {
		ore := a.CoefficientInt64() * [3]int64{1, 10, 100}[e+2]
		if f.Way() == FromOwner {
			ore = -ore
		}
		if t.ore[i] > oreLimit || t.ore[i] < -oreLimit {
			t.flush(i)
		}
		t.ore[i] += ore
		return
	}
	t.amounts[i] = t.amounts[i].Add(f.Net())
}

// flush moves the øre of kind i into the decimals.
func (t *tally) flush(i int) {
	t.amounts[i] = t.amounts[i].Add(decimal.New(t.ore[i], -2))
	t.ore[i] = 0
}

// merge adds another tally: øre to øre, moved into the decimals before
// they could overflow, and decimals to decimals only where u has any (so a
// tally of øre alone merges without a decimal operation).
func (t *tally) merge(u *tally) {
	for i := range t.amounts {
		if !u.onlyOre(i) {
			t.amounts[i] = t.amounts[i].Add(u.amounts[i])
		}
		// |t.ore| and |u.ore| are at most oreLimit plus one amount each
		// (add flushes past it, and so does this), so the sum fits.
		if t.ore[i] += u.ore[i]; t.ore[i] > oreLimit || t.ore[i] < -oreLimit {
			t.flush(i)
		}
	}
}

// noOre is 0.00, the sum of every kind nothing moved in, made once:
// decimals are immutable values, so one serves every line.
var noOre = decimal.New(0, -2)

// amount returns the sum of kind i.
func (t *tally) amount(i int) decimal.Decimal {
	if t.onlyOre(i) {
		if t.ore[i] == 0 {
			return noOre
		}
		return decimal.New(t.ore[i], -2) // what the sum below makes, made directly
	}
	return t.amounts[i].Add(decimal.New(t.ore[i], -2))
}

// onlyOre reports whether the sum of kind i is its øre alone: its decimal
// is a zero no finer than øre, so adding it changes neither value nor
// exponent.
func (t *tally) onlyOre(i int) bool {
	return t.amounts[i].IsZero() && t.amounts[i].Exponent() >= -2
}

// income returns the tally as Income.
func (t *tally) income() Income {
	kinds := FlowKinds()
	in := Income{Lines: make([]IncomeLine, len(kinds)), Total: t.total()}
	for i, k := range kinds {
		in.Lines[i] = IncomeLine{Kind: k, Amount: t.amount(i)}
	}
	return in
}

// total returns the sum of the tally's kinds: in øre when they are all øre
// and their sum fits, as the sum of the decimals would be.
func (t *tally) total() decimal.Decimal {
	var ore int64
	fast := true
	for i, o := range t.ore {
		fast = fast && t.onlyOre(i) && (o <= 0 || ore <= math.MaxInt64-o) && (o >= 0 || ore >= math.MinInt64-o)
		if !fast {
			break
		}
		ore += o
	}
	switch {
	case fast && ore == 0:
		return noOre
	case fast:
		return decimal.New(ore, -2)
	}
	sum := decimal.Zero
	for i := range t.amounts {
		sum = sum.Add(t.amount(i))
	}
	return sum
}
