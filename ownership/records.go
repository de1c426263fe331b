package ownership

import (
	"fmt"
	"math/big"
	"time"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// Records is what the summaries read: the organizations, the positions and
// owner lists, the money flows and the balances. The store assembles it (or
// the part of it a summary needs); every ID referenced must be one of the
// organizations.
type Records struct {
	Organizations []munireg.Organization
	Positions     []Position
	Lists         []OwnerList
	Flows         []Flow
	Balances      []Balance
}

// Validate checks everything that holds whatever the date: each
// organization (munireg.Organization.Validate; IDs unique), position, owner
// list, flow and balance on its own, positions that overlap, and that every
// organization referenced is among the organizations. The sums of shares
// depend on a date; CheckShares and the summaries check them. It returns
// every violation as ValidationErrors with fields "organizations[i].…",
// "positions[i].…", "lists[i].…", "flows[i].…" and "balances[i].…"
// (ErrUnknownOrganization on "….owner" or "….entity" for a reference to an
// organization that is not there).
func (r Records) Validate() error {
	_, errs := r.prepare(time.Time{}, func(string) bool { return false })
	return errs.Err()
}

// index is a validated Records: the organizations by ID and the positions
// gathered as of a date.
type index struct {
	orgs map[string]*munireg.Organization
	book *book
}

// org returns the organization with the ID, or the zero organization.
func (x *index) org(id string) munireg.Organization {
	if o := x.orgs[id]; o != nil {
		return *o
	}
	return munireg.Organization{}
}

// prepare validates the records and gathers the positions in force as of
// asOf for the entities keep selects (see newBook).
func (r Records) prepare(asOf time.Time, keep func(string) bool) (*index, ValidationErrors) {
	var errs ValidationErrors
	x := &index{orgs: make(map[string]*munireg.Organization, len(r.Organizations))}
	for i := range r.Organizations {
		o := &r.Organizations[i]
		field := fmt.Sprintf("organizations[%d]", i)
		errs.Merge(field, o.Validate())
		if _, dup := x.orgs[o.ID]; dup && o.ID != "" {
			errs.Add(field+".id", fmt.Errorf("%w: %q", munireg.ErrDuplicateRef, o.ID))
			continue
		}
		x.orgs[o.ID] = o
	}
	known := func(list string, i int, name, id string) {
		if _, ok := x.orgs[id]; !ok && id != "" {
			errs.Add(fmt.Sprintf("%s[%d].%s", list, i, name), fmt.Errorf("%w: %q", ErrUnknownOrganization, id))
		}
	}
	b, bookErrs := newBook(r.Positions, r.Lists, asOf, keep)
	x.book = b
	errs = append(errs, bookErrs...)
	for i, p := range r.Positions {
		known("positions", i, "owner", p.Owner)
		known("positions", i, "entity", p.Entity)
	}
	for i, l := range r.Lists {
		known("lists", i, "entity", l.Entity)
	}
	for i := range r.Flows {
		f := &r.Flows[i]
		if err := f.Validate(); err != nil {
			errs.Merge(fmt.Sprintf("flows[%d]", i), err)
		}
		known("flows", i, "owner", f.Owner)
		known("flows", i, "entity", f.Entity)
	}
	for i, bal := range r.Balances {
		if err := bal.Validate(); err != nil {
			errs.Merge(fmt.Sprintf("balances[%d]", i), err)
		}
		known("balances", i, "owner", bal.Owner)
		known("balances", i, "entity", bal.Entity)
	}
	return x, errs
}

// balances returns the latest owner-loan and guarantee balance on or
// before asOf of each owner and entity that keep selects.
func (r Records) balances(asOf time.Time, keep func(owner, entity string) bool) map[[2]string]*balanceAsOf {
	out := make(map[[2]string]*balanceAsOf)
	for _, b := range r.Balances {
		if b.Date.After(asOf) || !keep(b.Owner, b.Entity) {
			continue
		}
		k := [2]string{b.Owner, b.Entity}
		cur := out[k]
		if cur == nil {
			cur = &balanceAsOf{}
			out[k] = cur
		}
		slot, date := &cur.loan, &cur.loanDate
		if b.Kind == BalanceGuarantee {
			slot, date = &cur.guarantee, &cur.guaranteeDate
		}
		if date.IsZero() || b.Date.After(*date) {
			*slot, *date = b.Amount, b.Date
		}
	}
	return out
}

// balanceAsOf is the latest owner-loan and guarantee balance of one owner
// in one entity.
type balanceAsOf struct {
	loan, guarantee         decimal.Decimal
	loanDate, guaranteeDate time.Time
}

// PerInhabitantPlaces is the number of decimal places of amounts per
// inhabitant: an amount over a population, rounded half away from zero to
// øre.
const PerInhabitantPlaces = 2

// RatioPlaces is the number of decimal places of yields and relative
// changes, which are fractions (0.052341 for 5.2341 %), rounded half away
// from zero.
const RatioPlaces = 6

// perInhabitant returns amount / population rounded half away from zero to
// PerInhabitantPlaces places, or null without a positive population.
func perInhabitant(amount decimal.Decimal, population int64, ok bool) decimal.NullDecimal {
	if !ok || population <= 0 {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(quotient(amount, decimal.NewFromInt(population), PerInhabitantPlaces))
}

// ratio returns num / den rounded half away from zero to RatioPlaces
// places, or null for a zero den.
func ratio(num, den decimal.Decimal) decimal.NullDecimal {
	if den.IsZero() {
		return decimal.NullDecimal{}
	}
	return decimal.NewNullDecimal(quotient(num, den, RatioPlaces))
}

// quotient returns num / den (den not zero) rounded half away from zero to
// places, exactly: the coefficients over a common power of ten, divided
// without reducing the fraction first.
func quotient(num, den decimal.Decimal, places int32) decimal.Decimal {
	n, d := num.Coefficient(), den.Coefficient()
	switch k := int64(num.Exponent()) - int64(den.Exponent()); {
	case k > 0:
		n.Mul(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(k), nil))
	case k < 0:
		d.Mul(d, new(big.Int).Exp(big.NewInt(10), big.NewInt(-k), nil))
	}
	return munireg.Quotient(n, d, places)
}

// Change is how an amount changed from the previous year.
type Change struct {
	// Previous is the amount of the previous year.
	Previous decimal.Decimal
	// Absolute is the amount less Previous, exact.
	Absolute decimal.Decimal
	// Relative is Absolute / |Previous| rounded half away from zero to
	// RatioPlaces places (0.125 for +12.5 %); null when Previous is zero.
	Relative decimal.NullDecimal
}

// change returns the change from previous to current.
func change(current, previous decimal.Decimal) Change {
	c := Change{Previous: previous, Absolute: current.Sub(previous)}
	c.Relative = ratio(c.Absolute, previous.Abs())
	return c
}

// yearStart and yearEnd are 1 January and 31 December of a year, midnight
// UTC.
func yearStart(year int) time.Time { return time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC) }
func yearEnd(year int) time.Time   { return time.Date(year, time.December, 31, 0, 0, 0, 0, time.UTC) }

// checkYear records a year outside 1 to 9999.
func checkYear(errs *ValidationErrors, year int) {
	if year < 1 || year > 9999 {
		errs.Add("year", fmt.Errorf("%w: %d", ErrInvalidYear, year))
	}
}
