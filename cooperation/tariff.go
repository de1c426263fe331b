package cooperation

import (
	"fmt"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// Tariff prices each participant on its own: Base + Rate × quantity, where
// the quantity is the participant's population or a metric, limited to
// [Floor, Cap] when those are set. Example: "kr 51 258 base + kr 3,08 per
// inhabitant, max kr 66 635" is Tariff{Base: 51258, Rate: 3.08, Basis:
// BasisPopulation, Cap: 66635}. Unlike a Key it splits no given total: the
// total is whatever the charges sum to.
type Tariff struct {
	// Base is the fixed amount per participant, zero or positive.
	Base decimal.Decimal
	// Rate is the amount per unit of the quantity, zero or positive.
	Rate decimal.Decimal
	// Basis is the quantity: BasisPopulation or a metric basis.
	Basis Basis
	// Floor is the least a participant pays, if set.
	Floor decimal.NullDecimal
	// Cap is the most a participant pays, if set.
	Cap decimal.NullDecimal
}

// Charge is what a tariff charges one participant.
type Charge struct {
	// Ref is the participant's reference.
	Ref string
	// Quantity is the participant's population or metric value.
	Quantity decimal.Decimal
	// Exact is Base + Rate × Quantity, exact, before floor and cap.
	Exact decimal.Decimal
	// Amount is Exact limited to [Floor, Cap] and then rounded half away from
	// zero to the rounding unit. The limits hold after rounding too: a cap
	// that is not a whole multiple of the unit charges the multiple below it
	// (cap kr 66 635 in whole thousands charges 66 000, never 67 000), a
	// floor the multiple above it; when no multiple fits between floor and
	// cap, the cap wins.
	Amount decimal.Decimal
	// Floored and Capped say whether the floor or the cap applied.
	Floored, Capped bool
}

// Charges is a tariff applied to participants.
type Charges struct {
	// Rows has one charge per participant, in the order given.
	Rows []Charge
	// Sum is the sum of the amounts.
	Sum decimal.Decimal
}

// Validate checks that the basis is population or a metric, that Base,
// Rate, Floor and Cap are in range and not negative, and that Floor is not
// above Cap. Fields are "basis", "base", "rate", "floor" and "cap".
func (t Tariff) Validate() error {
	var errs ValidationErrors
	if _, isMetric := t.Basis.Metric(); t.Basis != BasisPopulation && !isMetric {
		errs.Add("basis", fmt.Errorf("%w: basis %q (want population or metric:<name>)", ErrInvalidTariff, string(t.Basis)))
	}
	for _, a := range []struct {
		field string
		value decimal.NullDecimal
	}{
		{"base", decimal.NewNullDecimal(t.Base)},
		{"rate", decimal.NewNullDecimal(t.Rate)},
		{"floor", t.Floor},
		{"cap", t.Cap},
	} {
		if !a.value.Valid {
			continue
		}
		if err := munireg.CheckRange(a.value.Decimal); err != nil {
			errs.Add(a.field, err)
		} else if a.value.Decimal.Sign() < 0 {
			errs.Add(a.field, fmt.Errorf("%w: %s", ErrNegative, a.value.Decimal))
		}
	}
	if t.Floor.Valid && t.Cap.Valid && t.Floor.Decimal.GreaterThan(t.Cap.Decimal) {
		errs.Add("cap", fmt.Errorf("%w: cap %s is below floor %s", ErrInvalidTariff, t.Cap.Decimal, t.Floor.Decimal))
	}
	return errs.Err()
}

// Apply charges each party by the tariff, rounding each charge to unit (0.01
// when zero) half away from zero. It returns every violation as
// ValidationErrors: the tariff's fields (see Validate), "unit", and the
// parties' as in Allocate ("participants[i].ref",
// "participants[i].population", "participants[i].metrics.<name>").
func (t Tariff) Apply(parties []Party, unit decimal.Decimal) (Charges, error) {
	r := munireg.Rounding{Unit: unit}.WithDefaults()
	var errs ValidationErrors
	errs.Merge("", t.Validate())
	errs.Merge("", r.Validate())
	refs := make([]string, len(parties))
	for i := range parties {
		refs[i] = parties[i].Ref
	}
	errs.Merge("participants", munireg.CheckRefs(refs))
	if t.Basis.Validate() == nil {
		_, valueErrs := checkValues(Key{Components: []Component{{Weight: decimal.NewFromInt(1), Basis: t.Basis}}}, parties)
		errs = append(errs, valueErrs...)
	}
	if err := errs.Err(); err != nil {
		return Charges{}, err
	}

	metric, _ := t.Basis.Metric()
	out := Charges{Rows: make([]Charge, len(parties)), Sum: decimal.Zero}
	for i, p := range parties {
		c := Charge{Ref: p.Ref, Quantity: decimal.NewFromInt(p.Population)}
		if t.Basis != BasisPopulation {
			c.Quantity = p.Metrics[metric]
		}
		c.Exact = t.Base.Add(t.Rate.Mul(c.Quantity))
		limited := c.Exact
		if t.Floor.Valid && limited.LessThan(t.Floor.Decimal) {
			limited, c.Floored = t.Floor.Decimal, true
		}
		if t.Cap.Valid && limited.GreaterThan(t.Cap.Decimal) {
			limited, c.Capped = t.Cap.Decimal, true
		}
		c.Amount = limited.Round(r.Places())
		if t.Floor.Valid && c.Amount.LessThan(t.Floor.Decimal) {
			c.Amount, c.Floored = t.Floor.Decimal.RoundCeil(r.Places()), true
		}
		if t.Cap.Valid && c.Amount.GreaterThan(t.Cap.Decimal) {
			c.Amount, c.Capped = t.Cap.Decimal.RoundFloor(r.Places()), true
		}
		out.Rows[i] = c
		out.Sum = out.Sum.Add(c.Amount)
	}
	return out, nil
}
