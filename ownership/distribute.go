package ownership

import (
	"fmt"
	"math/big"
	"time"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// Distribution is a declared total, such as a dividend, split over the
// owners of an entity.
type Distribution struct {
	// Entity is the Organization.ID of the paying entity.
	Entity string
	// AsOf is the date the owners and their shares were taken as of.
	AsOf time.Time
	// Total is the amount that was split.
	Total decimal.Decimal
	// Rounding is the rounding used, with defaults filled in.
	Rounding munireg.Rounding
	// Rows has one row per owner, in ascending order of owner ID.
	Rows []DistributionRow
	// Unlisted is the part that goes to owners the positions do not list,
	// for an incomplete owner list whose shares sum to less than 1 (or, for
	// EffectiveOwnership.Indirect, the part that reaches owners outside the
	// positions). Its Ref is empty; it is the zero Portion when there is no
	// such part.
	Unlisted munireg.Portion
	// Shares is how the owners' shares add up. When Shares.Rounded is set,
	// the total was split by each share over the sum of the shares.
	Shares ShareSum
	// Sum is the sum of the rounded amounts, Unlisted included.
	Sum decimal.Decimal
	// Difference is Sum − Total: always zero under
	// munireg.LargestRemainder; under munireg.HalfUpPerRow what the table
	// gains (positive) or loses.
	Difference decimal.Decimal
}

// Balanced reports whether the rounded amounts sum to the total exactly.
func (d Distribution) Balanced() bool { return d.Difference.IsZero() }

// DistributionRow is one owner's part of a distribution: the apportioned
// Portion (Ref is the owner's ID) and the share it was split by.
type DistributionRow struct {
	munireg.Portion
	// Share is the owner's economic share (the sum over its positions),
	// rounded half away from zero to munireg.ExactPlaces places; ShareRat
	// gives it exactly.
	Share decimal.Decimal

	share *big.Rat
}

// ShareRat returns the owner's exact share.
func (r DistributionRow) ShareRat() *big.Rat { return ratOrZero(r.share) }

// unlistedRef is the reference of the unlisted part in the apportionment.
// It is not valid UTF-8 and sorts after every organization ID, so the
// listed owners win ties for a leftover unit.
const unlistedRef = "\xffunlisted"

// Distribute splits total over the owners of entity as of asOf in proportion
// to their economic shares (the sum over each owner's positions in force),
// with the rounding of munireg.Apportion: whole multiples of r.Unit (0.01 by
// default) under r.Policy (largest remainder by default: the amounts,
// Unlisted included, sum to the total exactly; each is the floor or ceiling
// of its exact value; ties go to the lowest owner ID).
//
// The shares must add up (see CheckShares and OwnerList): an incomplete
// list whose shares sum to less than 1 leaves the rest to Unlisted; a sum
// that misses 1 within ToleranceRounded is split by share over sum and
// reported in Shares.Rounded.
//
// The entity's own shares (a position of the entity in itself) carry no
// dividend: the total is split over the other owners' shares, and
// Unlisted, by share over their sum.
//
// positions may hold other entities' positions too; all are validated. It
// returns every violation as ValidationErrors: those of CheckShares, "entity"
// (empty: munireg.ErrRequired; nobody holding a share: ErrNoOwners), and
// "total", "unit" and "policy" as in munireg.Rounding.CheckTotal.
func Distribute(total decimal.Decimal, entity string, positions []Position, lists []OwnerList, asOf time.Time, r munireg.Rounding) (Distribution, error) {
	b, errs := newBook(positions, lists, asOf, func(e string) bool { return e == entity })
	errs.Merge("", r.CheckTotal(total))
	if entity == "" {
		errs.Add("entity", munireg.ErrRequired)
	}
	if err := errs.Err(); err != nil {
		return Distribution{}, err
	}
	h := b.entities[entity]
	if h == nil || h.sum.economic.Sign() == 0 {
		errs.Add("entity", fmt.Errorf("%w: of %q as of %s", ErrNoOwners, entity, asOf.Format(time.DateOnly)))
		return Distribution{}, errs
	}
	owners := make([]string, 0, len(h.owners))
	shares := make([]*big.Rat, 0, len(h.owners))
	for _, o := range h.owners {
		switch o {
		case unlistedRef:
			errs.Add("positions[*].owner", fmt.Errorf("%w: the owner ID %q is reserved", munireg.ErrDuplicateRef, o))
			return Distribution{}, errs
		case entity: // a company pays no dividend on its own shares
			continue
		}
		owners = append(owners, o)
		shares = append(shares, h.economic[o])
	}
	if len(owners) == 0 && h.sum.unlisted.Sign() == 0 {
		errs.Add("entity", fmt.Errorf("%w: of %q but itself as of %s", ErrNoOwners, entity, asOf.Format(time.DateOnly)))
		return Distribution{}, errs
	}
	d, err := split(total, entity, asOf, owners, shares, h.sum.unlisted, r)
	d.Shares = h.sum
	return d, err
}

// split apportions total by the shares of owners and, when positive, an
// unlisted share.
func split(total decimal.Decimal, entity string, asOf time.Time, owners []string, shares []*big.Rat, unlisted *big.Rat, r munireg.Rounding) (Distribution, error) {
	refs := owners
	rats := shares
	if unlisted != nil && unlisted.Sign() > 0 {
		refs = append(refs[:len(refs):len(refs)], unlistedRef)
		rats = append(rats[:len(rats):len(rats)], unlisted)
	}
	weights := numerators(rats)
	a, err := munireg.ApportionInts(total, refs, weights, r)
	if err != nil {
		return Distribution{}, err
	}
	d := Distribution{
		Entity:     entity,
		AsOf:       asOf,
		Total:      total,
		Rounding:   a.Rounding,
		Rows:       make([]DistributionRow, len(owners)),
		Sum:        a.Sum,
		Difference: a.Difference,
	}
	for i := range owners {
		d.Rows[i] = DistributionRow{Portion: a.Portions[i], Share: ratDecimal(shares[i], munireg.ExactPlaces), share: shares[i]}
	}
	if len(refs) > len(owners) {
		d.Unlisted = a.Portions[len(owners)]
		d.Unlisted.Ref = ""
	}
	return d, nil
}

// numerators writes fractions over their least common denominator and
// returns the numerators, which weigh as the fractions do.
func numerators(rats []*big.Rat) []*big.Int {
	nums, _ := overCommonDenominator(rats)
	return nums
}

// overCommonDenominator writes fractions over their least common
// denominator: rats[i] = nums[i] / den.
func overCommonDenominator(rats []*big.Rat) (nums []*big.Int, den *big.Int) {
	den = big.NewInt(1)
	var g, q big.Int
	for _, r := range rats {
		d := r.Denom()
		if d.Cmp(den) == 0 {
			continue
		}
		g.GCD(nil, nil, den, d)
		den.Mul(den, q.Quo(d, &g))
	}
	nums = make([]*big.Int, len(rats))
	for i, r := range rats {
		n := new(big.Int).Quo(den, r.Denom())
		nums[i] = n.Mul(n, r.Num())
	}
	return nums, den
}

// Flows returns the distribution as flows of kind for an accounting year,
// paid on paid: one flow per owner with a non-zero amount, in the direction
// of the kind (to the owner for FlowOther), or the other way for a negative
// amount, with the amount's absolute value. The unlisted part is not a flow:
// its owners are not in the register.
func (d Distribution) Flows(kind FlowKind, year int, paid time.Time) []Flow {
	way := kind.Direction()
	if way == "" {
		way = ToOwner
	}
	var flows []Flow
	for _, row := range d.Rows {
		if row.Amount.IsZero() {
			continue
		}
		f := Flow{Owner: row.Ref, Entity: d.Entity, Kind: kind, Year: year, Paid: paid, Amount: row.Amount.Abs(), Direction: way}
		if row.Amount.Sign() < 0 {
			f.Direction = opposite(way)
		}
		flows = append(flows, f)
	}
	return flows
}

// opposite returns the other direction.
func opposite(d Direction) Direction {
	if d == ToOwner {
		return FromOwner
	}
	return ToOwner
}
