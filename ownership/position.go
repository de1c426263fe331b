package ownership

import (
	"cmp"
	"fmt"
	"math/big"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// Category is why a holding is held, in the terms the state's ownership
// report uses. The string values are the names used on the wire.
type Category string

// The categories of holding. The empty Category means "not categorized".
const (
	// CategoryFinancial: held for financial return (forretningsmessige mål).
	CategoryFinancial Category = "financial"
	// CategorySectorPolicy: held to serve a public task or policy
	// (sektorpolitiske mål), such as water, waste or culture.
	CategorySectorPolicy Category = "sector-policy"
	// CategoryBoth: held for financial return and a policy goal.
	CategoryBoth Category = "financial-and-sector-policy"
	// CategoryOther: held for some other reason, given in the purpose.
	CategoryOther Category = "other"
)

// Categories returns every Category, in the order of the constants.
func Categories() []Category {
	return []Category{CategoryFinancial, CategorySectorPolicy, CategoryBoth, CategoryOther}
}

// Validate returns an error wrapping ErrInvalidCategory unless c is empty
// (not categorized) or one of Categories.
func (c Category) Validate() error {
	switch c {
	case "", CategoryFinancial, CategorySectorPolicy, CategoryBoth, CategoryOther:
		return nil
	}
	return fmt.Errorf("%w: %q", ErrInvalidCategory, string(c))
}

// Position is an ownership stake of one organization in another over a
// period.
type Position struct {
	// ID is the register's identifier of the position; optional here.
	ID string
	// Owner is the Organization.ID of the owner.
	Owner string
	// Entity is the Organization.ID of the organization owned. It may be
	// the owner itself: a company's own shares (egne aksjer), which
	// look-through takes out of the shares of the others.
	Entity string
	// Economic is the economic share, in [0, 1]: the part of the entity's
	// dividends and value the holding carries (0.45735 for 45.735 %). With
	// share counts and no share class it may be left zero, and is then
	// Held / Outstanding exactly (see EconomicShare).
	Economic decimal.Decimal
	// Voting is the voting share, in [0, 1], when it differs from the
	// economic share (share classes, the company's own shares); unset means
	// the same as the economic share.
	Voting decimal.NullDecimal
	// ShareClass names the class of shares held ("A", "B"); empty for a
	// company with one class. One owner holding two classes has two
	// positions.
	ShareClass string
	// Held and Outstanding count the shares: Held of the Outstanding shares
	// of the class (of the company, without a class). Zero Outstanding means
	// the holding is not counted in shares.
	Held, Outstanding int64
	// BookValue is the holding's book value (bokført verdi) in the owner's
	// accounts, if known.
	BookValue decimal.NullDecimal
	// Valid is when the position is held.
	Valid munireg.Period
	// Purpose is why the owner holds it (formål, kommuneloven § 26-1 c).
	Purpose string
	// Category is the kind of purpose.
	Category Category
	// Revision is the record's version in the register: it changes with
	// every change, and writes name the revision they read so that no change
	// is lost. Zero for a position not yet stored.
	Revision int64
}

// counted reports whether the position gives share counts.
func (p Position) counted() bool { return p.Outstanding != 0 || p.Held != 0 }

// EconomicShare returns the exact economic share: Held / Outstanding for a
// position counted in shares without a share class (the company's only
// class), Economic otherwise. With several classes, the economic weight of
// each class is a matter of the articles this package does not model, so
// the share is Economic as given.
func (p Position) EconomicShare() *big.Rat {
	if p.counted() && p.ShareClass == "" && p.Outstanding > 0 {
		return big.NewRat(p.Held, p.Outstanding)
	}
	return shareRat(p.Economic)
}

// VotingShare returns the exact voting share: Voting when set, otherwise
// the economic share.
func (p Position) VotingShare() *big.Rat {
	if p.Voting.Valid {
		return shareRat(p.Voting.Decimal)
	}
	return p.EconomicShare()
}

// Validate checks the position on its own: owner and entity set, shares in
// [0, 1], share counts not negative with Held at most Outstanding and, for
// a company with one class, Economic either zero (derived from the counts)
// or Held / Outstanding rounded half away from zero to the places Economic
// is written with; book value not negative; the period ordered; the
// category known; share class and purpose text (munireg.CheckText). It
// returns every violation as ValidationErrors with fields "owner", "entity",
// "economic", "voting", "held", "outstanding", "bookValue", "valid.to",
// "category", "shareClass" and "purpose".
func (p Position) Validate() error {
	var errs ValidationErrors
	requireParties(&errs, p.Owner, p.Entity)
	checkShare(&errs, "economic", p.Economic)
	if p.Voting.Valid {
		checkShare(&errs, "voting", p.Voting.Decimal)
	}
	if p.counted() {
		switch {
		case p.Outstanding <= 0:
			errs.Add("outstanding", fmt.Errorf("%w: %d shares outstanding", ErrShareCount, p.Outstanding))
		case p.Held < 0 || p.Held > p.Outstanding:
			errs.Add("held", fmt.Errorf("%w: %d held of %d", ErrShareCount, p.Held, p.Outstanding))
		case p.ShareClass == "" && !p.Economic.IsZero() && munireg.CheckRange(p.Economic) == nil:
			places := max(-p.Economic.Exponent(), 0)
			if q := munireg.Quotient(big.NewInt(p.Held), big.NewInt(p.Outstanding), places); !q.Equal(p.Economic) {
				errs.Add("economic", fmt.Errorf("%w: %d of %d shares is %s to %d places, not %s",
					ErrShareCount, p.Held, p.Outstanding, q.StringFixed(places), places, p.Economic))
			}
		}
	}
	if p.BookValue.Valid {
		checkAmount(&errs, "bookValue", p.BookValue.Decimal)
	}
	errs.Merge("valid", p.Valid.Validate())
	if err := p.Category.Validate(); err != nil {
		errs.Add("category", err)
	}
	if err := munireg.CheckText(p.ShareClass); err != nil {
		errs.Add("shareClass", err)
	}
	if err := munireg.CheckText(p.Purpose); err != nil {
		errs.Add("purpose", err)
	}
	return errs.Err()
}

// requireParties records an empty owner or entity.
func requireParties(errs *ValidationErrors, owner, entity string) {
	if owner == "" {
		errs.Add("owner", munireg.ErrRequired)
	}
	if entity == "" {
		errs.Add("entity", munireg.ErrRequired)
	}
}

// checkShare records a share out of range or outside [0, 1] under field.
func checkShare(errs *ValidationErrors, field string, d decimal.Decimal) {
	if err := munireg.CheckRange(d); err != nil {
		errs.Add(field, err)
	} else if d.Sign() < 0 || d.Cmp(one) > 0 {
		errs.Add(field, fmt.Errorf("%w: %s", ErrShareRange, d))
	}
}

// checkAmount records an amount out of range or negative under field.
func checkAmount(errs *ValidationErrors, field string, d decimal.Decimal) {
	if err := munireg.CheckRange(d); err != nil {
		errs.Add(field, err)
	} else if d.Sign() < 0 {
		errs.Add(field, fmt.Errorf("%w: %s", ErrNegative, d))
	}
}

// one is the decimal 1. Decimals are immutable, so sharing it is safe.
var one = decimal.NewFromInt(1)

// Tolerance says how strictly the shares of one entity's owners must add
// up. The string values are the names used on the wire.
type Tolerance string

const (
	// ToleranceExact (the default, also written as "") takes the shares as
	// exact: they sum to at most 1, and to exactly 1 when the owner list is
	// complete.
	ToleranceExact Tolerance = "exact"
	// ToleranceRounded is for published tables whose shares were rounded,
	// such as percentages with two decimals that sum to 100,03 %: each share
	// may be off by half a unit of the last published place, so the sum may
	// miss 1 by up to n × ½ × 10^−Places for n positions. A sum accepted
	// only under this tolerance is reported (ShareSum.Rounded), never
	// passed silently, and Distribute then splits by each share over the
	// sum of the shares.
	ToleranceRounded Tolerance = "rounded"
)

// Validate returns an error wrapping ErrInvalidTolerance unless t is empty
// or one of the tolerances above.
func (t Tolerance) Validate() error {
	switch t {
	case "", ToleranceExact, ToleranceRounded:
		return nil
	}
	return fmt.Errorf("%w: %q (want %q or %q)", ErrInvalidTolerance, string(t), ToleranceExact, ToleranceRounded)
}

// OwnerList is what the register declares about the owners of one entity:
// whether its positions list every owner, and how exactly their shares add
// up. An entity without an OwnerList has an incomplete list of exact
// shares.
type OwnerList struct {
	// Entity is the Organization.ID of the entity.
	Entity string
	// Complete declares that the entity's positions list every owner, so
	// their economic shares sum to exactly 1 (within the tolerance).
	Complete bool
	// Tolerance is how exactly the shares add up; empty means
	// ToleranceExact.
	Tolerance Tolerance
	// Places is the number of decimal places of the shares as fractions in
	// the published table, for ToleranceRounded: 4 for percentages with two
	// decimals (45,74 % = 0.4574). Zero otherwise.
	Places int32
}

// Validate checks that the list names an entity, that the tolerance is
// known, and that Places is from 1 to munireg.MaxPlaces with
// ToleranceRounded and zero otherwise. Fields are "entity", "tolerance" and
// "places".
func (l OwnerList) Validate() error {
	var errs ValidationErrors
	if l.Entity == "" {
		errs.Add("entity", munireg.ErrRequired)
	}
	if err := l.Tolerance.Validate(); err != nil {
		errs.Add("tolerance", err)
	}
	switch {
	case l.Tolerance == ToleranceRounded && (l.Places < 1 || l.Places > munireg.MaxPlaces):
		errs.Add("places", fmt.Errorf("%w: %d places (want 1 to %d)", ErrInvalidTolerance, l.Places, munireg.MaxPlaces))
	case l.Tolerance != ToleranceRounded && l.Places != 0:
		errs.Add("places", fmt.Errorf("%w: places are for the %q tolerance", ErrInvalidTolerance, ToleranceRounded))
	}
	return errs.Err()
}

// ShareSum is how the shares of one entity's owners add up as of a date.
type ShareSum struct {
	// Entity is the Organization.ID of the entity.
	Entity string
	// Positions is the number of positions in force.
	Positions int
	// Economic and Voting are the sums of the economic and voting shares,
	// rounded half away from zero to munireg.ExactPlaces decimal places
	// (exact for shares with at most that many places); EconomicRat gives
	// the exact sum.
	Economic, Voting decimal.Decimal
	// Complete and Tolerance are the entity's OwnerList declaration.
	Complete  bool
	Tolerance Tolerance
	// Rounded is true when a sum misses the exact rule (at most 1; exactly
	// 1 when complete) and was accepted only under ToleranceRounded.
	Rounded bool
	// Unlisted is the economic share held by owners not listed, 1 −
	// Economic, for an incomplete list whose shares sum to less than 1;
	// zero otherwise. Rounded like Economic; UnlistedRat gives it exactly.
	Unlisted decimal.Decimal

	economic, unlisted *big.Rat
}

// EconomicRat returns the exact sum of the economic shares.
func (s ShareSum) EconomicRat() *big.Rat { return ratOrZero(s.economic) }

// UnlistedRat returns the exact share held by owners not listed (see
// Unlisted).
func (s ShareSum) UnlistedRat() *big.Rat { return ratOrZero(s.unlisted) }

// ratOrZero returns a copy of r, or zero for nil.
func ratOrZero(r *big.Rat) *big.Rat {
	if r == nil {
		return new(big.Rat)
	}
	return new(big.Rat).Set(r)
}

// CheckShares validates every position and owner list, and checks, for each
// entity with positions in force as of asOf, that its owners' shares add up
// (see Tolerance and OwnerList). It returns the sums in ascending order of
// entity, and every violation as ValidationErrors: "positions[i].…" (see
// Position.Validate; "positions[i].valid" with ErrOverlap for a position
// that overlaps another of the same owner, entity and class), "lists[i].…"
// (see OwnerList.Validate; "lists[i].entity" with munireg.ErrDuplicateRef
// for a second list of one entity), and "positions[*].economic" or
// "positions[*].voting" with ErrShareSum, naming the entity, for sums that
// do not add up. An entity's sums are checked only when each of its
// positions is valid on its own.
func CheckShares(positions []Position, lists []OwnerList, asOf time.Time) ([]ShareSum, error) {
	b, errs := newBook(positions, lists, asOf, nil)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	out := make([]ShareSum, len(b.order))
	for i, h := range b.order {
		out[i] = h.sum
	}
	return out, nil
}

// holders is one entity's owners as of a date: each owner's economic and
// voting share (the sum of its positions in force) and the sums.
type holders struct {
	entity   string
	list     OwnerList
	owners   []string // ascending
	economic map[string]*big.Rat
	voting   map[string]*big.Rat
	book     map[string]decimal.Decimal // book value per owner, when all its positions have one
	noBook   map[string]bool
	sum      ShareSum
	valid    bool // every position of the entity is valid on its own
}

// book is a set of positions validated and gathered as of a date.
type book struct {
	asOf     time.Time
	entities map[string]*holders
	order    []*holders // ascending entity
}

// newBook validates the positions and lists, gathers the positions in force
// as of asOf by entity (only the entities keep selects, all when nil) and
// checks each entity's sums.
func newBook(positions []Position, lists []OwnerList, asOf time.Time, keep func(entity string) bool) (*book, ValidationErrors) {
	return gatherBook(positions, lists, asOf, keep, true)
}

// trustedBook gathers the positions in force as of asOf by entity, as
// newBook does, for positions known to be valid and to add up (read from a
// register that checks them when they are written): nothing is checked,
// and the entities' sums are left zero.
func trustedBook(positions []Position, asOf time.Time) *book {
	b, _ := gatherBook(positions, nil, asOf, nil, false)
	return b
}

// gatherBook is newBook, checking nothing unless check is set.
func gatherBook(positions []Position, lists []OwnerList, asOf time.Time, keep func(entity string) bool, check bool) (*book, ValidationErrors) {
	var errs ValidationErrors
	b := &book{asOf: asOf, entities: make(map[string]*holders)}
	byEntity := make(map[string]OwnerList, len(lists))
	for i, l := range lists {
		if err := l.Validate(); err != nil {
			errs.Merge(fmt.Sprintf("lists[%d]", i), err)
		}
		if _, dup := byEntity[l.Entity]; dup && l.Entity != "" {
			errs.Add(fmt.Sprintf("lists[%d].entity", i), fmt.Errorf("%w: a second list for %q", munireg.ErrDuplicateRef, l.Entity))
		}
		byEntity[l.Entity] = l
	}
	for i, p := range positions {
		var err error
		if check {
			err = p.Validate()
		}
		if err != nil {
			errs.Merge(fmt.Sprintf("positions[%d]", i), err)
		}
		if p.Entity == "" || keep != nil && !keep(p.Entity) {
			continue
		}
		if err == nil && !p.Valid.Contains(asOf) {
			continue
		}
		h := b.entities[p.Entity]
		if h == nil {
			h = &holders{entity: p.Entity, list: byEntity[p.Entity], valid: true,
				economic: make(map[string]*big.Rat), voting: make(map[string]*big.Rat)}
			b.entities[p.Entity] = h
		}
		if err != nil {
			h.valid = false
			continue
		}
		h.sum.Positions++
		e, v := p.EconomicShare(), p.VotingShare()
		if have, ok := h.economic[p.Owner]; ok {
			have.Add(have, e)
			h.voting[p.Owner].Add(h.voting[p.Owner], v)
		} else {
			h.owners = append(h.owners, p.Owner)
			h.economic[p.Owner], h.voting[p.Owner] = e, v
		}
		switch {
		case !p.BookValue.Valid:
			if h.noBook == nil {
				h.noBook = make(map[string]bool)
			}
			h.noBook[p.Owner] = true
		case h.book == nil:
			h.book = map[string]decimal.Decimal{p.Owner: p.BookValue.Decimal}
		default:
			h.book[p.Owner] = h.book[p.Owner].Add(p.BookValue.Decimal)
		}
	}
	if check {
		errs = append(errs, overlaps(positions)...)
	}
	for _, h := range b.entities {
		b.order = append(b.order, h)
	}
	slices.SortFunc(b.order, func(x, y *holders) int { return strings.Compare(x.entity, y.entity) })
	for _, h := range b.order {
		slices.Sort(h.owners)
		if check && h.valid {
			h.checkSums(&errs, asOf)
		}
	}
	return b, errs
}

// checkSums computes the entity's ShareSum and records sums that do not add
// up.
func (h *holders) checkSums(errs *ValidationErrors, asOf time.Time) {
	economic, voting := new(big.Rat), new(big.Rat)
	for _, o := range h.owners {
		economic.Add(economic, h.economic[o])
		voting.Add(voting, h.voting[o])
	}
	s := &h.sum
	s.Entity, s.Complete, s.Tolerance = h.entity, h.list.Complete, h.list.Tolerance
	if s.Tolerance == "" {
		s.Tolerance = ToleranceExact
	}
	s.economic = economic
	s.Economic = ratDecimal(economic, munireg.ExactPlaces)
	s.Voting = s.Economic
	if voting.Cmp(economic) != 0 {
		s.Voting = ratDecimal(voting, munireg.ExactPlaces)
	}
	s.unlisted = new(big.Rat)
	s.Unlisted = decimal.Zero

	// slack is how far the sum may miss the exact rule: n × ½ × 10^−places
	// under ToleranceRounded, nothing otherwise.
	slack := new(big.Rat)
	if h.list.Tolerance == ToleranceRounded {
		slack.SetFrac(big.NewInt(int64(s.Positions)*5), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(h.list.Places)+1), nil))
	}
	ratOne := big.NewRat(1, 1)
	date := asOf.Format(time.DateOnly)
	over := func(sum *big.Rat, field, what string) {
		excess := new(big.Rat).Sub(sum, ratOne)
		if excess.Sign() <= 0 {
			return
		}
		if excess.Cmp(slack) <= 0 {
			s.Rounded = true
			return
		}
		errs.Add(field, fmt.Errorf("%w: %s shares of %q sum to %s as of %s, more than 1%s",
			ErrShareSum, what, h.entity, ratDecimal(sum, munireg.ExactPlaces), date, h.toleranceNote(slack)))
	}
	over(economic, "positions[*].economic", "economic")
	if voting.Cmp(economic) != 0 { // otherwise the economic check said it
		over(voting, "positions[*].voting", "voting")
	}
	if short := new(big.Rat).Sub(ratOne, economic); short.Sign() > 0 {
		switch {
		case !h.list.Complete:
			s.unlisted = short
			s.Unlisted = ratDecimal(short, munireg.ExactPlaces)
		case short.Cmp(slack) <= 0:
			s.Rounded = true
		default:
			errs.Add("positions[*].economic", fmt.Errorf("%w: economic shares of %q sum to %s as of %s, but its owner list is declared complete%s",
				ErrShareSum, h.entity, ratDecimal(economic, munireg.ExactPlaces), date, h.toleranceNote(slack)))
		}
	}
}

// toleranceNote explains the tolerance in an error message.
func (h *holders) toleranceNote(slack *big.Rat) string {
	if h.list.Tolerance != ToleranceRounded {
		return ""
	}
	return fmt.Sprintf(" (the rounded tolerance allows %s for %d positions published to %d places)",
		ratDecimal(slack, h.list.Places+1), h.sum.Positions, h.list.Places)
}

// overlaps reports positions of one owner in one entity and class whose
// periods overlap, in the order of the positions.
func overlaps(positions []Position) ValidationErrors {
	type key struct{ owner, entity, class string }
	groups := make(map[key][]int)
	for i, p := range positions {
		if p.Owner == "" || p.Entity == "" || p.Valid.Validate() != nil {
			continue
		}
		k := key{p.Owner, p.Entity, p.ShareClass}
		groups[k] = append(groups[k], i)
	}
	type overlap struct{ j, with int }
	var found []overlap
	for _, idx := range groups {
		if len(idx) < 2 {
			continue
		}
		// Sweep in order of From (open starts first), keeping the period
		// that reaches furthest.
		slices.SortFunc(idx, func(a, b int) int {
			if c := compareFrom(positions[a].Valid.From, positions[b].Valid.From); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		reach := idx[0]
		for _, j := range idx[1:] {
			if positions[reach].Valid.Overlaps(positions[j].Valid) {
				found = append(found, overlap{j, reach})
			}
			if to := positions[j].Valid.To; !positions[reach].Valid.To.IsZero() && (to.IsZero() || to.After(positions[reach].Valid.To)) {
				reach = j
			}
		}
	}
	slices.SortFunc(found, func(a, b overlap) int { return cmp.Compare(a.j, b.j) })
	var errs ValidationErrors
	for _, o := range found {
		p := positions[o.j]
		errs.Add(fmt.Sprintf("positions[%d].valid", o.j), fmt.Errorf("%w: with positions[%d] (owner %q, entity %q, class %q)",
			ErrOverlap, o.with, p.Owner, p.Entity, p.ShareClass))
	}
	return errs
}

// compareFrom orders start dates with the open start (zero) first.
func compareFrom(a, b time.Time) int {
	switch {
	case a.IsZero() || b.IsZero():
		return cmp.Compare(btoi(!a.IsZero()), btoi(!b.IsZero()))
	default:
		return a.Compare(b)
	}
}

// btoi is 1 for true and 0 for false.
func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// shareRat returns d as an exact fraction, as d.Rat() does, without
// big.Rat's reduction by the greatest common divisor, which dominated the
// reading of a portfolio's positions. A share's denominator is 10ᵏ = 2ᵏ × 5ᵏ,
// so only tens, twos and fives cancel: with a coefficient of at most 128
// bits (shares are stored with 20 places) they are divided out in 64-bit
// words, and the fraction, already in lowest terms, is set as it is.
func shareRat(d decimal.Decimal) *big.Rat {
	k := -d.Exponent()
	if k < 0 || bits.UintSize != 64 || d.NumDigits() > 38 {
		return d.Rat()
	}
	var hi, lo uint64
	switch ws := d.Coefficient().Bits(); len(ws) {
	case 0:
		return new(big.Rat)
	case 2:
		hi = uint64(ws[1])
		fallthrough
	case 1:
		lo = uint64(ws[0])
	default:
		return d.Rat()
	}
	for k > 0 {
		qh, r := hi/10, hi%10
		ql, r := bits.Div64(r, lo, 10)
		if r != 0 {
			break
		}
		hi, lo, k = qh, ql, k-1
	}
	if hi != 0 || k > 19 {
		return d.Rat()
	}
	u, twos, fives := lo, min(bits.TrailingZeros64(lo), int(k)), 0
	u >>= twos
	for fives < int(k) && u%5 == 0 {
		u /= 5
		fives++
	}
	den := uint64(1)
	for range int(k) - twos {
		den *= 2
	}
	for range int(k) - fives {
		den *= 5
	}
	r := new(big.Rat).SetUint64(u) // initialized: Denom is a reference to its denominator, 1
	r.Denom().SetUint64(den)
	if d.Sign() < 0 {
		r.Neg(r)
	}
	return r
}

// ratDecimal returns r rounded half away from zero to places decimal places.
func ratDecimal(r *big.Rat, places int32) decimal.Decimal {
	return munireg.Quotient(r.Num(), r.Denom(), places)
}
