package ownership

import (
	"cmp"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
	"time"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// PortfolioSummary is what one owner holds and earns in a year.
type PortfolioSummary struct {
	// Owner is the owner's Organization.ID, Name its name.
	Owner, Name string
	// Year is the accounting year.
	Year int
	// AsOf is 31 December of Year: holdings, book values and balances are
	// as of that date.
	AsOf time.Time
	// Population is the owner's population on 1 January of Year
	// (munireg.PopulationSeries.AsOf); zero when it has no count.
	Population int64
	// Holdings has one row per entity the owner holds a share of as of AsOf
	// (directly or through others), exchanged money with in Year or the year
	// before, or has a balance with; in ascending order of entity ID.
	Holdings []Holding
	// Income is the money of Year by kind, net to the owner: each line the
	// exact sum of the holdings' lines.
	Income Income
	// PerInhabitant is Income.Total over Population, rounded half away from
	// zero to PerInhabitantPlaces places; null without a population.
	PerInhabitant decimal.NullDecimal
	// Change is Income.Total against the year before.
	Change Change
	// BookValue is the sum of the holdings' known book values.
	BookValue decimal.Decimal
	// Yield is the dividends of Year from holdings with a known, positive
	// book value over the sum of those book values, rounded half away from
	// zero to RatioPlaces places; null when no holding has one.
	Yield decimal.NullDecimal
	// OwnerLoans and Guarantees are the sums of the holdings' owner-loan
	// principal outstanding and guarantee exposure.
	OwnerLoans, Guarantees decimal.Decimal
	// Rounded are the sums of shares of the holdings' entities that were
	// accepted only under ToleranceRounded, in order of entity.
	Rounded []ShareSum
}

// Holding is one row of a portfolio: the owner's stake in one entity and
// the money between them.
type Holding struct {
	// Entity is the entity's Organization.ID; Name and Kind are its own.
	Entity, Name string
	Kind         munireg.Kind
	// Direct is true when the owner holds a position in the entity as of the
	// date.
	Direct bool
	// Economic and Voting are the owner's direct shares (the sums over its
	// positions in force), rounded half away from zero to
	// munireg.ExactPlaces places.
	Economic, Voting decimal.Decimal
	// Effective is the owner's look-through share (see LookThrough), rounded
	// like Economic; null when the owner is itself held by somebody in the
	// records, so is no ultimate owner.
	Effective decimal.NullDecimal
	// Purpose and Category are those of the owner's positions (the first
	// given, in order of share class).
	Purpose  string
	Category Category
	// BookValue is the sum of the book values of the owner's positions;
	// null unless each of them has one.
	BookValue decimal.NullDecimal
	// Income is the money of the year between the owner and the entity, by
	// kind, net to the owner.
	Income Income
	// Change is Income.Total against the year before.
	Change Change
	// Yield is the year's dividends over BookValue, rounded half away from
	// zero to RatioPlaces places; null without a positive book value.
	Yield decimal.NullDecimal
	// OwnerLoan and Guarantee are the latest balances as of the date.
	OwnerLoan, Guarantee decimal.Decimal
}

// Portfolio summarizes what owner holds and earns in year: its holdings as
// of 31 December (direct and look-through), the year's flows by kind, their
// total, per inhabitant (population on 1 January), the change from the year
// before, book values and yields, and owner-loan and guarantee balances.
// Every total is the exact sum of its lines; only per-inhabitant figures,
// yields and relative changes are rounded, as documented on their fields.
//
// It validates all the records (see Records.Validate and CheckShares as of
// 31 December) and returns every violation as ValidationErrors, with "owner"
// (empty: munireg.ErrRequired; not an organization: ErrUnknownOrganization)
// and "year" (ErrInvalidYear); and an unresolvable cycle as LookThrough does.
// It makes the summary as SummarizePortfolio does from PortfolioFigures.
func Portfolio(r Records, owner string, year int) (PortfolioSummary, error) {
	var errs ValidationErrors
	checkYear(&errs, year)
	asOf := yearEnd(year)
	x, more := r.prepare(asOf, nil)
	errs = append(errs, more...)
	checkOrg(&errs, x, "owner", owner)
	if err := errs.Err(); err != nil {
		return PortfolioSummary{}, err
	}
	rounded := func(entity string) (ShareSum, bool) {
		h := x.book.entities[entity]
		if h == nil {
			return ShareSum{}, false
		}
		return h.sum, h.sum.Rounded
	}
	return portfolio(x, x.org(owner), r.Positions, r.Flows, r.Balances, rounded, year)
}

// PortfolioFigures is what a portfolio is made of, gathered: Portfolio
// gathers it from records, and a store may gather it with its own means
// (the owner's chains of positions followed in SQL) and get the same summary
// from SummarizePortfolio.
type PortfolioFigures struct {
	// Owner is the owner: its ID, name and population on 1 January of Year
	// (munireg.PopulationSeries.AsOf: the series, or that count of it) are
	// read.
	Owner munireg.Organization
	// Year is the accounting year.
	Year int
	// Positions are the positions in force on 31 December of Year whose
	// owner is Owner or an organization Owner holds then, directly or
	// through others (through positions in force, zero shares included),
	// and the positions in force then in Owner itself: what the holdings
	// and the look-through shares depend on. Of the positions that only
	// others hold in the same entities, none is needed.
	Positions []Position
	// Flows are the owner's flows of Year and the year before, in any
	// grouping that keeps each flow's entity, kind, direction and year: the
	// flows themselves, or one sum per entity, kind, direction and year.
	// Flows of other owners or years are left out of the summary.
	Flows []Flow
	// Balances are the owner's balances dated on or before 31 December of
	// Year: all of them, or only the latest of each entity and kind.
	Balances []Balance
	// Entities are the organizations the positions, flows and balances
	// name: their IDs, names and kinds are read.
	Entities []munireg.Organization
	// Rounded are the sums of shares as of 31 December (CheckShares over
	// each entity's positions then, everybody's) of the entities of the
	// positions, flows and balances that were accepted only under
	// ToleranceRounded; any order.
	Rounded []ShareSum
}

// SummarizePortfolio makes the portfolio of the figures (see Portfolio for
// what it holds). It checks nothing: the figures are trusted to be
// gathered as PortfolioFigures describes, from positions that are valid on
// their own and add up (see CheckShares). It returns an unresolvable cycle
// as LookThrough does.
func SummarizePortfolio(fig PortfolioFigures) (PortfolioSummary, error) {
	x := &index{orgs: make(map[string]*munireg.Organization, len(fig.Entities)+1),
		book: trustedBook(fig.Positions, yearEnd(fig.Year))}
	for i := range fig.Entities {
		x.orgs[fig.Entities[i].ID] = &fig.Entities[i]
	}
	x.orgs[fig.Owner.ID] = &fig.Owner
	sums := make(map[string]ShareSum, len(fig.Rounded))
	for _, s := range fig.Rounded {
		sums[s.Entity] = s
	}
	rounded := func(entity string) (ShareSum, bool) {
		s, ok := sums[entity]
		return s, ok && s.Rounded
	}
	return portfolio(x, fig.Owner, fig.Positions, fig.Flows, fig.Balances, rounded, fig.Year)
}

// portfolio makes o's portfolio for year from the book of the positions it
// depends on (see PortfolioFigures.Positions) and the organizations in x,
// the positions, flows and balances (those of others are left out), and
// the sums accepted under ToleranceRounded.
func portfolio(x *index, o munireg.Organization, positions []Position, flows []Flow, balances []Balance,
	rounded func(entity string) (ShareSum, bool), year int) (PortfolioSummary, error) {
	owner, asOf := o.ID, yearEnd(year)
	eo, err := lookThrough(x.book, func(o string) bool { return o == owner })
	if err != nil {
		return PortfolioSummary{}, err
	}

	rows := make(map[string]*Holding)
	row := func(entity string) *Holding {
		h := rows[entity]
		if h == nil {
			o := x.org(entity)
			h = &Holding{Entity: entity, Name: o.Name, Kind: o.Kind, Economic: decimal.Zero, Voting: decimal.Zero,
				OwnerLoan: decimal.Zero, Guarantee: decimal.Zero}
			rows[entity] = h
		}
		return h
	}
	for _, h := range x.book.order {
		e, ok := h.economic[owner]
		if !ok {
			continue
		}
		hr := row(h.entity)
		hr.Direct = true
		hr.Economic = ratDecimal(e, munireg.ExactPlaces)
		hr.Voting = ratDecimal(h.voting[owner], munireg.ExactPlaces)
		if bv, ok := h.book[owner]; ok && !h.noBook[owner] {
			hr.BookValue = decimal.NewNullDecimal(bv)
		}
	}
	describe(positions, asOf, func(p *Position) bool { return p.Owner == owner }, func(p *Position) *Holding { return rows[p.Entity] })

	cur, prev := make(map[string]*tally), make(map[string]*tally)
	for i := range flows {
		f := &flows[i]
		if f.Owner != owner || f.Year != year && f.Year != year-1 {
			continue
		}
		tallyOf(cur, prev, f, year, f.Entity).add(f)
		row(f.Entity)
	}
	for k, bal := range (Records{Balances: balances}).balances(asOf, func(o, _ string) bool { return o == owner }) {
		if bal.loan.IsZero() && bal.guarantee.IsZero() && rows[k[1]] == nil {
			continue
		}
		hr := row(k[1])
		hr.OwnerLoan, hr.Guarantee = bal.loan, bal.guarantee
	}
	_, owned := slices.BinarySearch(eo.entities, owner)
	ultimate := !owned
	if ultimate {
		for _, s := range eo.Holdings(owner) {
			row(s.Entity).Effective = decimal.NewNullDecimal(s.Share)
		}
	}

	out := PortfolioSummary{Owner: owner, Name: o.Name, Year: year, AsOf: asOf,
		BookValue: decimal.Zero, OwnerLoans: decimal.Zero, Guarantees: decimal.Zero}
	var all, before tally
	dividends, valued := decimal.Zero, decimal.Zero
	for _, entity := range sortedKeys(rows) {
		hr := rows[entity]
		if ultimate && !hr.Effective.Valid {
			hr.Effective = decimal.NewNullDecimal(decimal.Zero)
		}
		c, p := talliesOf(cur, prev, entity)
		hr.Income = c.income()
		hr.Change = change(hr.Income.Total, p.total())
		all.merge(c)
		before.merge(p)
		if hr.BookValue.Valid {
			out.BookValue = out.BookValue.Add(hr.BookValue.Decimal)
			if hr.BookValue.Decimal.Sign() > 0 {
				div := hr.Income.Amount(FlowDividend)
				hr.Yield = ratio(div, hr.BookValue.Decimal)
				dividends, valued = dividends.Add(div), valued.Add(hr.BookValue.Decimal)
			}
		}
		out.OwnerLoans = out.OwnerLoans.Add(hr.OwnerLoan)
		out.Guarantees = out.Guarantees.Add(hr.Guarantee)
		out.Holdings = append(out.Holdings, *hr)
		if s, ok := rounded(entity); ok {
			out.Rounded = append(out.Rounded, s)
		}
	}
	out.Income = all.income()
	out.Change = change(out.Income.Total, before.total())
	out.Yield = ratio(dividends, valued)
	pop, ok := o.Population.AsOf(yearStart(year))
	out.Population = pop.Count
	out.PerInhabitant = perInhabitant(out.Income.Total, pop.Count, ok)
	return out, nil
}

// describe sets the purpose and category of the row of each position in
// force as of asOf that keep selects, from the first position that gives
// them in order of share class.
func describe(positions []Position, asOf time.Time, keep func(*Position) bool, row func(*Position) *Holding) {
	var picked []*Position
	for i := range positions {
		p := &positions[i]
		if keep(p) && p.Valid.Contains(asOf) && (p.Purpose != "" || p.Category != "") {
			picked = append(picked, p)
		}
	}
	slices.SortStableFunc(picked, func(a, b *Position) int { return strings.Compare(a.ShareClass, b.ShareClass) })
	for _, p := range picked {
		h := row(p)
		if h == nil {
			continue
		}
		if h.Purpose == "" {
			h.Purpose = p.Purpose
		}
		if h.Category == "" {
			h.Category = p.Category
		}
	}
}

// tallyOf returns the tally of key for the flow's year: cur for year, prev
// for the year before.
func tallyOf(cur, prev map[string]*tally, f *Flow, year int, key string) *tally {
	m := cur
	if f.Year != year {
		m = prev
	}
	t := m[key]
	if t == nil {
		t = &tally{}
		m[key] = t
	}
	return t
}

// talliesOf returns the tallies of key, empty ones when there are none.
func talliesOf(cur, prev map[string]*tally, key string) (*tally, *tally) {
	c, p := cur[key], prev[key]
	if c == nil {
		c = &tally{}
	}
	if p == nil {
		p = &tally{}
	}
	return c, p
}

// sortedKeys returns the keys of m in ascending order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// appendRounded appends the sum of entity's shares when it was accepted
// only under ToleranceRounded.
func appendRounded(sums []ShareSum, b *book, entity string) []ShareSum {
	if h := b.entities[entity]; h != nil && h.sum.Rounded {
		sums = append(sums, h.sum)
	}
	return sums
}

// checkOrg records an empty or unknown organization ID under field.
func checkOrg(errs *ValidationErrors, x *index, field, id string) {
	switch _, ok := x.orgs[id]; {
	case id == "":
		errs.Add(field, munireg.ErrRequired)
	case !ok:
		errs.Add(field, fmt.Errorf("%w: %q", ErrUnknownOrganization, id))
	}
}

// EntitySummary is an entity's owner table as of a date, with what each
// owner received in a year.
type EntitySummary struct {
	// Entity is the entity's Organization.ID; Name and Kind are its own.
	Entity, Name string
	Kind         munireg.Kind
	// AsOf is the date of the shares; Year the accounting year of the money.
	AsOf time.Time
	Year int
	// Shares is how the owners' shares add up as of AsOf; the zero ShareSum
	// when no position is in force.
	Shares ShareSum
	// Owners has one row per owner with a position in force as of AsOf or
	// money exchanged with the entity in Year: by economic share, largest
	// first, then by ascending owner ID.
	Owners []EntityOwner
	// Received is the year's money by kind, net to the owners: each line the
	// exact sum of the owners' lines.
	Received Income
	// OwnerLoans and Guarantees are the sums of the owners' balances.
	OwnerLoans, Guarantees decimal.Decimal
}

// EntityOwner is one row of an owner table.
type EntityOwner struct {
	// Owner is the owner's Organization.ID; Name and Kind are its own.
	Owner, Name string
	Kind        munireg.Kind
	// Economic and Voting are the owner's shares (sums over its positions
	// in force), rounded half away from zero to munireg.ExactPlaces places;
	// EconomicRat gives the economic share exactly.
	Economic, Voting decimal.Decimal
	// BookValue is the sum of the book values of the owner's positions;
	// null unless each of them has one.
	BookValue decimal.NullDecimal
	// Received is the year's money between owner and entity, by kind, net
	// to the owner.
	Received Income
	// OwnerLoan and Guarantee are the latest balances as of the date.
	OwnerLoan, Guarantee decimal.Decimal

	economic *big.Rat
}

// EconomicRat returns the owner's exact economic share.
func (o EntityOwner) EconomicRat() *big.Rat { return ratOrZero(o.economic) }

// EntityOwners returns the owner table of entity as of asOf — owners, their
// shares and book values, balances — with what each received from (or paid
// to) the entity in year. It validates all the records (the sums of shares
// for this entity only) and returns every violation as ValidationErrors,
// with "entity" (empty or unknown) and "year" (ErrInvalidYear).
func EntityOwners(r Records, entity string, asOf time.Time, year int) (EntitySummary, error) {
	var errs ValidationErrors
	checkYear(&errs, year)
	x, more := r.prepare(asOf, func(e string) bool { return e == entity })
	errs = append(errs, more...)
	checkOrg(&errs, x, "entity", entity)
	if err := errs.Err(); err != nil {
		return EntitySummary{}, err
	}
	e := x.org(entity)
	out := EntitySummary{Entity: entity, Name: e.Name, Kind: e.Kind, AsOf: asOf, Year: year,
		OwnerLoans: decimal.Zero, Guarantees: decimal.Zero}
	rows := make(map[string]*EntityOwner)
	row := func(owner string) *EntityOwner {
		r := rows[owner]
		if r == nil {
			o := x.org(owner)
			r = &EntityOwner{Owner: owner, Name: o.Name, Kind: o.Kind, Economic: decimal.Zero, Voting: decimal.Zero,
				OwnerLoan: decimal.Zero, Guarantee: decimal.Zero, economic: new(big.Rat)}
			rows[owner] = r
		}
		return r
	}
	if h := x.book.entities[entity]; h != nil && h.sum.Positions > 0 {
		out.Shares = h.sum
		for _, o := range h.owners {
			or := row(o)
			or.economic = h.economic[o]
			or.Economic = ratDecimal(h.economic[o], munireg.ExactPlaces)
			or.Voting = ratDecimal(h.voting[o], munireg.ExactPlaces)
			if bv, ok := h.book[o]; ok && !h.noBook[o] {
				or.BookValue = decimal.NewNullDecimal(bv)
			}
		}
	}
	received := make(map[string]*tally)
	for i := range r.Flows {
		f := &r.Flows[i]
		if f.Entity != entity || f.Year != year {
			continue
		}
		t := received[f.Owner]
		if t == nil {
			t = &tally{}
			received[f.Owner] = t
		}
		t.add(f)
		row(f.Owner)
	}
	for k, bal := range r.balances(asOf, func(_, e string) bool { return e == entity }) {
		if or := rows[k[0]]; or != nil {
			or.OwnerLoan, or.Guarantee = bal.loan, bal.guarantee
		}
	}
	var all tally
	for _, owner := range sortedKeys(rows) {
		or := rows[owner]
		t := received[owner]
		if t == nil {
			t = &tally{}
		}
		or.Received = t.income()
		all.merge(t)
		out.OwnerLoans = out.OwnerLoans.Add(or.OwnerLoan)
		out.Guarantees = out.Guarantees.Add(or.Guarantee)
		out.Owners = append(out.Owners, *or)
	}
	slices.SortStableFunc(out.Owners, func(a, b EntityOwner) int { return b.economic.Cmp(a.economic) })
	out.Received = all.income()
	return out, nil
}

// Forum is a named group of owners, such as a regional owner forum
// (eierforum) or KS Eierforum.
type Forum struct {
	// ID is the register's identifier of a stored forum; empty for a forum
	// given ad hoc.
	ID string
	// Name is the forum's name.
	Name string
	// Description says what the forum is, for people.
	Description string
	// Owners are the members' Organization.IDs.
	Owners []string
	// Revision is the stored forum's version in the register (see
	// Position.Revision).
	Revision int64
}

// Validate checks that the forum has a name and members, none listed twice
// or empty, and that its name and description are text (munireg.CheckText).
// Fields are "name", "description", "owners" and "owners[i]".
func (f Forum) Validate() error {
	var errs ValidationErrors
	if f.Name == "" {
		errs.Add("name", munireg.ErrRequired)
	} else if err := munireg.CheckText(f.Name); err != nil {
		errs.Add("name", err)
	}
	if err := munireg.CheckText(f.Description); err != nil {
		errs.Add("description", err)
	}
	if len(f.Owners) == 0 {
		errs.Add("owners", munireg.ErrRequired)
	}
	seen := make(map[string]bool, len(f.Owners))
	for i, o := range f.Owners {
		switch {
		case o == "":
			errs.Add(fmt.Sprintf("owners[%d]", i), munireg.ErrRequired)
		case seen[o]:
			errs.Add(fmt.Sprintf("owners[%d]", i), fmt.Errorf("%w: %q", munireg.ErrDuplicateRef, o))
		}
		seen[o] = true
	}
	return errs.Err()
}

// ForumSummary is what a forum's members hold and earn in a year, per
// member and per entity, ranked.
type ForumSummary struct {
	// Forum is the forum's name.
	Forum string
	// Year is the accounting year; AsOf is 31 December of it, the date of the
	// shares.
	Year int
	AsOf time.Time
	// Owners has one row per member, ranked: by Income.Total, largest first,
	// then by ascending owner ID.
	Owners []ForumOwner
	// Entities has one row per entity a member holds a share of as of AsOf
	// or exchanged money with in Year or the year before, ranked like
	// Owners.
	Entities []ForumEntity
	// Income is the year's money by kind, net to the members: each line the
	// exact sum of the owners' lines, and equally of the entities' lines.
	Income Income
	// Change is Income.Total against the year before.
	Change Change
	// Population is the sum of the members' populations on 1 January of
	// Year.
	Population int64
	// PerInhabitant is Income.Total over Population, rounded half away from
	// zero to PerInhabitantPlaces places; null unless every member has a
	// population count.
	PerInhabitant decimal.NullDecimal
	// Rounded are the sums of shares of the entities in the summary that
	// were accepted only under ToleranceRounded, in order of entity.
	Rounded []ShareSum
}

// ForumOwner is one member's row of a forum summary.
type ForumOwner struct {
	// Rank is the row's place, from 1.
	Rank int
	// Owner is the member's Organization.ID; Name its name.
	Owner, Name string
	// Income is the year's money by kind, net to the member.
	Income Income
	// Change is Income.Total against the year before.
	Change Change
	// Population is the member's population on 1 January of the year; zero
	// when it has no count.
	Population int64
	// PerInhabitant is Income.Total over Population, rounded half away from
	// zero to PerInhabitantPlaces places; null without a population.
	PerInhabitant decimal.NullDecimal
}

// ForumEntity is one entity's row of a forum summary.
type ForumEntity struct {
	// Rank is the row's place, from 1.
	Rank int
	// Entity is the entity's Organization.ID; Name and Kind are its own.
	Entity, Name string
	Kind         munireg.Kind
	// Economic is the sum of the members' direct economic shares as of
	// AsOf, rounded half away from zero to munireg.ExactPlaces places.
	Economic decimal.Decimal
	// Owners is the number of members with a position in force as of AsOf or
	// money exchanged with the entity in the year.
	Owners int
	// Income is the year's money by kind between the entity and the
	// members, net to the members.
	Income Income
	// Change is Income.Total against the year before.
	Change Change
}

// ForumTotals summarizes the forum's members for year: per member and per
// entity, the year's money by kind and its total, the change from the year
// before, and the members' combined direct shares as of 31 December;
// members also per inhabitant (population on 1 January). Rows are ranked
// by total, largest first, ties by ascending ID. Every total is the exact
// sum of its lines.
//
// It validates all the records (see Records.Validate and CheckShares as of
// 31 December) and the forum, and returns every violation as
// ValidationErrors, with "forum.…" (see Forum.Validate;
// ErrUnknownOrganization on "forum.owners[i]") and "year". It gathers the
// ForumFigures from the records and hands them to SummarizeForum.
func ForumTotals(r Records, forum Forum, year int) (ForumSummary, error) {
	var errs ValidationErrors
	checkYear(&errs, year)
	errs.Merge("forum", forum.Validate())
	asOf := yearEnd(year)
	x, more := r.prepare(asOf, nil)
	errs = append(errs, more...)
	member := make(map[string]int, len(forum.Owners))
	for i, o := range forum.Owners {
		if _, ok := x.orgs[o]; !ok && o != "" {
			errs.Add(fmt.Sprintf("forum.owners[%d]", i), fmt.Errorf("%w: %q", ErrUnknownOrganization, o))
		}
		member[o] = i
	}
	if err := errs.Err(); err != nil {
		return ForumSummary{}, err
	}

	fig := ForumFigures{Forum: forum, Year: year, Members: make([]munireg.Organization, len(forum.Owners))}
	for i, id := range forum.Owners {
		fig.Members[i] = x.org(id)
	}
	entityIdx := make(map[string]int)
	entityOf := func(id string) *ForumEntityFigures {
		j, ok := entityIdx[id]
		if !ok {
			j = len(fig.Entities)
			entityIdx[id] = j
			fig.Entities = append(fig.Entities, ForumEntityFigures{Organization: x.org(id), Economic: new(big.Rat)})
		}
		return &fig.Entities[j]
	}
	involved := make(map[[2]string]bool)
	for _, h := range x.book.order {
		for _, o := range h.owners {
			if _, ok := member[o]; ok {
				e := entityOf(h.entity)
				e.Economic.Add(e.Economic, h.economic[o])
				involved[[2]string{o, h.entity}] = true
			}
		}
	}
	for k := range r.Flows {
		f := &r.Flows[k]
		if f.Year != year && f.Year != year-1 {
			continue
		}
		if _, ok := member[f.Owner]; !ok {
			continue
		}
		e := entityOf(f.Entity)
		e.Flows = append(e.Flows, *f)
		fig.MemberFlows = append(fig.MemberFlows, *f)
		if f.Year == year {
			involved[[2]string{f.Owner, f.Entity}] = true
		}
	}
	for p := range involved {
		fig.Entities[entityIdx[p[1]]].Owners++
	}
	ids := slices.Sorted(maps.Keys(entityIdx))
	for _, id := range ids {
		fig.Rounded = appendRounded(fig.Rounded, x.book, id)
	}
	return SummarizeForum(fig)
}

// ForumFigures is what a forum summary is made of, gathered: ForumTotals
// gathers it from records, and a store may gather it with its own means
// (sums in SQL) and get the same summary from SummarizeForum.
type ForumFigures struct {
	// Forum and Year are the summary's.
	Forum Forum
	Year  int
	// Members are the member organizations in the order of Forum.Owners:
	// their IDs, names and populations on 1 January of Year
	// (munireg.PopulationSeries.AsOf: the series, or that count of it) are
	// read.
	Members []munireg.Organization
	// MemberFlows are the members' flows of Year and the year before, in
	// any grouping that keeps each flow's owner, kind, direction and year:
	// the flows themselves, or one sum per owner, kind, direction and year.
	MemberFlows []Flow
	// Entities has one entry per entity a member holds a share of as of 31
	// December of Year, or exchanged money with in Year or the year before.
	Entities []ForumEntityFigures
	// Rounded are the sums of shares of those entities that were accepted
	// only under ToleranceRounded, in order of entity.
	Rounded []ShareSum
}

// ForumEntityFigures is one entity's part of ForumFigures.
type ForumEntityFigures struct {
	// Organization is the entity: its ID, name and kind are read.
	Organization munireg.Organization
	// Economic is the sum of the members' direct economic shares as of 31
	// December (Position.EconomicShare, exactly); nil means zero.
	Economic *big.Rat
	// Owners is the number of members with a position in force then, or
	// money exchanged with the entity in Year.
	Owners int
	// Flows are the members' flows with the entity of Year and the year
	// before, in any grouping that keeps kind, direction and year.
	Flows []Flow
}

// SummarizeForum makes the forum summary of the figures (see ForumTotals
// for what it holds). It checks only that there is one member organization
// per owner of the forum, in its order; the figures are trusted to be
// gathered as ForumFigures describes.
func SummarizeForum(fig ForumFigures) (ForumSummary, error) {
	year := fig.Year
	if len(fig.Members) != len(fig.Forum.Owners) {
		return ForumSummary{}, fmt.Errorf("ownership: %d member organizations for %d owners", len(fig.Members), len(fig.Forum.Owners))
	}
	member := make(map[string]int, len(fig.Forum.Owners))
	for i, o := range fig.Forum.Owners {
		if fig.Members[i].ID != o {
			return ForumSummary{}, fmt.Errorf("ownership: member %d is %q, not the forum's owner %q", i, fig.Members[i].ID, o)
		}
		member[o] = i
	}
	ownerCur, ownerPrev := make([]tally, len(fig.Members)), make([]tally, len(fig.Members))
	for k := range fig.MemberFlows {
		f := &fig.MemberFlows[k]
		i, ok := member[f.Owner]
		switch {
		case !ok:
		case f.Year == year:
			ownerCur[i].add(f)
		case f.Year == year-1:
			ownerPrev[i].add(f)
		}
	}

	out := ForumSummary{Forum: fig.Forum.Name, Year: year, AsOf: yearEnd(year), Rounded: fig.Rounded}
	var all, before tally
	everyone := true
	for i, o := range fig.Members {
		row := ForumOwner{Owner: o.ID, Name: o.Name, Income: ownerCur[i].income()}
		row.Change = change(row.Income.Total, ownerPrev[i].total())
		pop, ok := o.Population.AsOf(yearStart(year))
		row.Population = pop.Count
		row.PerInhabitant = perInhabitant(row.Income.Total, pop.Count, ok)
		everyone = everyone && ok
		out.Population += pop.Count
		all.merge(&ownerCur[i])
		before.merge(&ownerPrev[i])
		out.Owners = append(out.Owners, row)
	}
	for _, e := range fig.Entities {
		var cur, prev tally
		for k := range e.Flows {
			f := &e.Flows[k]
			switch f.Year {
			case year:
				cur.add(f)
			case year - 1:
				prev.add(f)
			}
		}
		economic := e.Economic
		if economic == nil {
			economic = new(big.Rat)
		}
		row := ForumEntity{Entity: e.Organization.ID, Name: e.Organization.Name, Kind: e.Organization.Kind,
			Owners: e.Owners, Economic: ratDecimal(economic, munireg.ExactPlaces), Income: cur.income()}
		row.Change = change(row.Income.Total, prev.total())
		out.Entities = append(out.Entities, row)
	}
	rank(out.Owners, func(r ForumOwner) (decimal.Decimal, string) { return r.Income.Total, r.Owner },
		func(r *ForumOwner, k int) { r.Rank = k })
	rank(out.Entities, func(r ForumEntity) (decimal.Decimal, string) { return r.Income.Total, r.Entity },
		func(r *ForumEntity, k int) { r.Rank = k })
	out.Income = all.income()
	out.Change = change(out.Income.Total, before.total())
	out.PerInhabitant = perInhabitant(out.Income.Total, out.Population, everyone)
	return out, nil
}

// rank sorts rows by amount, largest first, then by ascending ID, and
// numbers them from 1.
func rank[T any](rows []T, key func(T) (decimal.Decimal, string), set func(*T, int)) {
	slices.SortFunc(rows, func(a, b T) int {
		x, idA := key(a)
		y, idB := key(b)
		if c := y.Cmp(x); c != 0 {
			return c
		}
		return cmp.Compare(idA, idB)
	})
	for i := range rows {
		set(&rows[i], i+1)
	}
}
