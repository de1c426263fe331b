package ownership

import (
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/munireg/munireg"
	"github.com/shopspring/decimal"
)

// EffectiveOwnership is the look-through of a set of positions as of a
// date: each ultimate owner's effective share of every entity, through
// chains and cross-holdings, exact.
//
// With A the matrix of economic shares (A[i][j] is what i holds of j), U
// the ultimate owners (owners nobody in the set holds a share of) and F
// the rest (every organization somebody holds a share of), the integrated
// ownership is Θ = A_UF (I − A_FF)⁻¹: Θ[u][e] = A[u][e] + Σ_f Θ[u][f] ×
// A[f][e], what u holds of e directly plus its effective share of each
// owner of e times that owner's share of e. Positions with a zero economic
// share are not part of the graph.
type EffectiveOwnership struct {
	asOf     time.Time
	ultimate []string // ascending; a column's indices point here
	entities []string // ascending
	cols     map[string]*column
	cycles   [][]string
	rounded  []ShareSum
}

// EffectiveShare is an ultimate owner's effective share of an entity.
type EffectiveShare struct {
	Owner, Entity string
	// Share is the effective share rounded half away from zero to
	// munireg.ExactPlaces decimal places; Rat gives it exactly.
	Share decimal.Decimal

	// num/den is the exact share, in its column's terms (not reduced);
	// nil for none. The column is not changed once solved.
	num, den *big.Int
}

// Rat returns the exact effective share.
func (s EffectiveShare) Rat() *big.Rat {
	if s.num == nil {
		return new(big.Rat)
	}
	return new(big.Rat).SetFrac(s.num, s.den)
}

// column is one entity's column of Θ: the ultimate owners with a non-zero
// effective share, by index in ascending order, as numerators over one
// positive denominator.
type column struct {
	den big.Int
	idx []int32
	num []big.Int
}

// rat returns the element at position k.
func (c *column) rat(k int) *big.Rat { return new(big.Rat).SetFrac(&c.num[k], &c.den) }

// LookThrough computes the effective ownership of every ultimate owner in
// every entity from the positions in force as of asOf.
//
// The arithmetic is exact: the graph is split into strongly connected
// components (Tarjan), which are taken in topological order, owners before
// what they own. An entity outside any cycle gets its column of Θ from its
// owners' columns; a cross-holding cycle C is solved exactly,
// Θ_C = B (I − A_CC)⁻¹ with B what the owners outside C give its members,
// by Gauss-Jordan elimination on rationals. The cost is a pass over the
// graph plus the cube of each cycle's size.
//
// A cycle whose members hold all of one another (every member is owned only
// from within it: I − A_CC is singular) or more than all of one of them
// has no answer: LookThrough reports it as a CycleError naming the members,
// under the field "positions", never as a number. A company's own shares
// (a position of an entity in itself) are a cycle of one: the others'
// shares count as their share of the shares not held by the company.
//
// It returns every violation as ValidationErrors: those of CheckShares, and
// one CycleError (wrapping ErrUnresolvableCycle) per unresolvable cycle.
// Sums accepted under ToleranceRounded are reported by Rounded.
func LookThrough(positions []Position, lists []OwnerList, asOf time.Time) (EffectiveOwnership, error) {
	b, errs := newBook(positions, lists, asOf, nil)
	if err := errs.Err(); err != nil {
		return EffectiveOwnership{}, err
	}
	return lookThrough(b, nil)
}

// lookThrough is LookThrough on a valid book of every entity, for the
// ultimate owners only selects (all when nil); the others are left out of
// every column, which makes looking through for one owner a pass over the
// graph.
func lookThrough(b *book, only func(owner string) bool) (EffectiveOwnership, error) {
	var errs ValidationErrors
	g := newGraph(b)
	out := EffectiveOwnership{asOf: b.asOf, cols: make(map[string]*column, len(g.entities))}
	for _, h := range b.order {
		if h.sum.Rounded {
			out.rounded = append(out.rounded, h.sum)
		}
	}
	for _, u := range g.ultimate {
		out.ultimate = append(out.ultimate, g.names[u])
	}
	wanted := make([]bool, len(g.ultimate))
	for i, u := range g.ultimate {
		wanted[i] = only == nil || only(g.names[u])
	}
	s := newScratch(len(g.ultimate))
	for _, comp := range g.components() {
		v := comp[0]
		if len(comp) == 1 && !g.selfLoop(v) {
			g.cols[v] = g.column(s, v, wanted, nil)
			out.cols[g.names[v]] = g.cols[v]
			continue
		}
		members := make([]string, len(comp))
		for i, w := range comp {
			members[i] = g.names[w]
		}
		cols, cerr := g.solveCycle(s, comp, wanted)
		if cerr != nil {
			cerr.Entities = members
			errs.Add("positions", *cerr)
			continue
		}
		for i, w := range comp {
			g.cols[w] = cols[i]
			out.cols[g.names[w]] = cols[i]
		}
		out.cycles = append(out.cycles, members)
	}
	if err := errs.Err(); err != nil {
		return EffectiveOwnership{}, err
	}
	for _, e := range g.entities {
		out.entities = append(out.entities, g.names[e])
	}
	slices.SortFunc(out.cycles, func(a, b []string) int { return slices.Compare(a, b) })
	return out, nil
}

// AsOf returns the date the positions were taken as of.
func (e EffectiveOwnership) AsOf() time.Time { return e.asOf }

// Ultimate returns the ultimate owners, in ascending order.
func (e EffectiveOwnership) Ultimate() []string { return slices.Clone(e.ultimate) }

// Entities returns the organizations somebody in the set holds a share of,
// in ascending order.
func (e EffectiveOwnership) Entities() []string { return slices.Clone(e.entities) }

// Cycles returns the cross-holding cycles that were solved as systems, each
// in ascending order of member, a company holding its own shares as a
// cycle of one.
func (e EffectiveOwnership) Cycles() [][]string {
	out := make([][]string, len(e.cycles))
	for i, c := range e.cycles {
		out[i] = slices.Clone(c)
	}
	return out
}

// Rounded returns the sums of the entities whose shares were accepted only
// under ToleranceRounded; their look-through uses the shares as published.
func (e EffectiveOwnership) Rounded() []ShareSum { return slices.Clone(e.rounded) }

// Share returns the effective share of an ultimate owner in an entity,
// exactly; zero when there is none.
func (e EffectiveOwnership) Share(owner, entity string) *big.Rat {
	c := e.cols[entity]
	u, ok := slices.BinarySearch(e.ultimate, owner)
	if c == nil || !ok {
		return new(big.Rat)
	}
	if k, ok := slices.BinarySearch(c.idx, int32(u)); ok {
		return c.rat(k)
	}
	return new(big.Rat)
}

// Owners returns the ultimate owners with a non-zero effective share of
// entity, in ascending order of owner.
func (e EffectiveOwnership) Owners(entity string) []EffectiveShare {
	c := e.cols[entity]
	if c == nil {
		return nil
	}
	out := make([]EffectiveShare, len(c.idx))
	div := munireg.NewDivider(&c.den, munireg.ExactPlaces)
	for k, u := range c.idx {
		out[k] = EffectiveShare{Owner: e.ultimate[u], Entity: entity, Share: div.Quotient(&c.num[k]), num: &c.num[k], den: &c.den}
	}
	return out
}

// Holdings returns the entities an ultimate owner has a non-zero effective
// share of, in ascending order of entity.
func (e EffectiveOwnership) Holdings(owner string) []EffectiveShare {
	u, ok := slices.BinarySearch(e.ultimate, owner)
	if !ok {
		return nil
	}
	var out []EffectiveShare
	for _, entity := range e.entities {
		c := e.cols[entity]
		if k, ok := slices.BinarySearch(c.idx, int32(u)); ok {
			out = append(out, EffectiveShare{Owner: owner, Entity: entity,
				Share: munireg.Quotient(&c.num[k], &c.den, munireg.ExactPlaces), num: &c.num[k], den: &c.den})
		}
	}
	return out
}

// Held returns the sum of the ultimate owners' effective shares of entity,
// exactly: 1 when every owner on the way is listed and every list is
// complete, less when some of the entity reaches owners outside the set.
func (e EffectiveOwnership) Held(entity string) *big.Rat {
	c := e.cols[entity]
	if c == nil {
		return new(big.Rat)
	}
	sum := new(big.Int)
	for k := range c.num {
		sum.Add(sum, &c.num[k])
	}
	return new(big.Rat).SetFrac(sum, &c.den)
}

// Indirect splits an amount the entity pays out, such as a dividend, over
// the ultimate owners by their effective shares: how much of it reaches
// each of them through the chains, were every company on the way to pass
// on what it receives. The part that reaches owners outside the set is
// Unlisted. Rounding is that of Distribute (largest remainder in 0.01 when
// r is the zero value: the amounts sum to the amount exactly). Shares.Economic
// is the sum of the effective shares.
//
// It returns ValidationErrors with fields "entity" (ErrNoOwners when the
// entity is not owned in the set) and "total", "unit" and "policy" as in
// munireg.Rounding.CheckTotal.
func (e EffectiveOwnership) Indirect(entity string, amount decimal.Decimal, r munireg.Rounding) (Distribution, error) {
	var errs ValidationErrors
	errs.Merge("", r.CheckTotal(amount))
	owners := e.Owners(entity)
	if len(owners) == 0 {
		errs.Add("entity", fmt.Errorf("%w: no ultimate owner holds a share of %q as of %s", ErrNoOwners, entity, e.asOf.Format(time.DateOnly)))
	}
	if err := errs.Err(); err != nil {
		return Distribution{}, err
	}
	refs := make([]string, len(owners))
	shares := make([]*big.Rat, len(owners))
	for i, o := range owners {
		refs[i], shares[i] = o.Owner, o.Rat()
	}
	held := e.Held(entity)
	outside := new(big.Rat).Sub(big.NewRat(1, 1), held)
	d, err := split(amount, entity, e.asOf, refs, shares, outside, r)
	if err != nil {
		return Distribution{}, err
	}
	d.Shares = ShareSum{Entity: entity, Positions: len(owners), Economic: ratDecimal(held, munireg.ExactPlaces),
		Voting: decimal.Zero, Tolerance: ToleranceExact, Unlisted: decimal.Zero, economic: held, unlisted: new(big.Rat)}
	if outside.Sign() > 0 {
		d.Shares.Unlisted, d.Shares.unlisted = ratDecimal(outside, munireg.ExactPlaces), outside
	}
	return d, nil
}

// edge is a share one node holds of another.
type edge struct {
	from  int32
	share *big.Rat
}

// graph is the ownership graph of a book: nodes by index in ascending
// order of ID, each entity with the edges from its owners.
type graph struct {
	names    []string
	in       [][]edge // by node: its owners
	out      [][]int32
	ult      []int32   // by node: its index among the ultimate owners, or -1
	ultimate []int32   // nodes of the ultimate owners, ascending
	entities []int32   // nodes with an owner, ascending
	cols     []*column // by node: its column of Θ, once computed
}

// newGraph builds the graph of the non-zero economic shares in b.
func newGraph(b *book) *graph {
	ids := make(map[string]int32)
	var names []string
	for _, h := range b.order {
		for _, o := range h.owners {
			if h.economic[o].Sign() == 0 {
				continue
			}
			for _, id := range []string{o, h.entity} {
				if _, ok := ids[id]; !ok {
					ids[id] = 0
					names = append(names, id)
				}
			}
		}
	}
	slices.Sort(names)
	for i, n := range names {
		ids[n] = int32(i)
	}
	g := &graph{names: names, in: make([][]edge, len(names)), out: make([][]int32, len(names)),
		ult: make([]int32, len(names)), cols: make([]*column, len(names))}
	for _, h := range b.order {
		e, ok := ids[h.entity]
		if !ok {
			continue
		}
		for _, o := range h.owners {
			if share := h.economic[o]; share.Sign() != 0 {
				g.in[e] = append(g.in[e], edge{ids[o], share})
				g.out[ids[o]] = append(g.out[ids[o]], e)
			}
		}
	}
	for v := range names {
		if len(g.in[v]) == 0 {
			g.ult[v] = int32(len(g.ultimate))
			g.ultimate = append(g.ultimate, int32(v))
		} else {
			g.ult[v] = -1
			g.entities = append(g.entities, int32(v))
		}
	}
	return g
}

// selfLoop reports whether v holds a share of itself.
func (g *graph) selfLoop(v int32) bool {
	return slices.ContainsFunc(g.in[v], func(e edge) bool { return e.from == v })
}

// components returns the strongly connected components of the entities,
// owners before what they own, each in ascending order (Tarjan's
// algorithm, without recursion).
func (g *graph) components() [][]int32 {
	n := len(g.names)
	index := make([]int32, n) // 0: not visited
	low := make([]int32, n)
	onStack := make([]bool, n)
	var stack []int32
	var comps [][]int32
	type frame struct {
		v    int32
		next int
	}
	var calls []frame
	counter := int32(0)
	visit := func(v int32) {
		counter++
		index[v], low[v] = counter, counter
		stack = append(stack, v)
		onStack[v] = true
		calls = append(calls, frame{v: v})
	}
	for _, root := range g.entities {
		if index[root] != 0 {
			continue
		}
		visit(root)
		for len(calls) > 0 {
			top := &calls[len(calls)-1]
			v := top.v
			if top.next < len(g.out[v]) {
				w := g.out[v][top.next]
				top.next++
				switch {
				case index[w] == 0:
					visit(w)
				case onStack[w]:
					low[v] = min(low[v], index[w])
				}
				continue
			}
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				p := calls[len(calls)-1].v
				low[p] = min(low[p], low[v])
			}
			if low[v] != index[v] {
				continue
			}
			k := len(stack) - 1
			for stack[k] != v {
				k--
			}
			comp := slices.Clone(stack[k:])
			stack = stack[:k]
			for _, w := range comp {
				onStack[w] = false
			}
			slices.Sort(comp)
			comps = append(comps, comp)
		}
	}
	// Tarjan finishes a component after every component it reaches: the
	// reverse is owners first.
	slices.Reverse(comps)
	return comps
}

// scratch is a dense accumulator over the ultimate owners, reused for every
// column.
type scratch struct {
	acc     []big.Int
	touched []int32
	mark    []bool
	lcm     big.Int
	g, m, t big.Int
}

func newScratch(n int) *scratch {
	return &scratch{acc: make([]big.Int, n), mark: make([]bool, n)}
}

// add adds x × m to element u.
func (s *scratch) add(u int32, x, m *big.Int) {
	if !s.mark[u] {
		s.mark[u] = true
		s.touched = append(s.touched, u)
		s.acc[u].SetInt64(0)
	}
	s.acc[u].Add(&s.acc[u], s.t.Mul(x, m))
}

// take returns the accumulated elements over den as a column and clears
// the accumulator.
func (s *scratch) take(den *big.Int) *column {
	slices.Sort(s.touched)
	c := &column{idx: make([]int32, 0, len(s.touched))}
	c.den.Set(den)
	nonzero := 0
	for _, u := range s.touched {
		if s.acc[u].Sign() != 0 {
			nonzero++
		}
	}
	c.num = make([]big.Int, nonzero)
	for _, u := range s.touched {
		s.mark[u] = false
		if s.acc[u].Sign() != 0 {
			c.num[len(c.idx)].Set(&s.acc[u])
			c.idx = append(c.idx, u)
		}
	}
	s.touched = s.touched[:0]
	return c
}

// lcmWith sets s.lcm to lcm(s.lcm, d).
func (s *scratch) lcmWith(d *big.Int) {
	if s.lcm.Cmp(d) == 0 {
		return
	}
	s.g.GCD(nil, nil, &s.lcm, d)
	if s.g.Cmp(d) == 0 {
		return
	}
	s.lcm.Mul(&s.lcm, s.m.Quo(d, &s.g))
}

// column computes v's column of Θ from its owners outside skip (all when
// nil): Σ over direct ultimate owners u of A[u][v] e_u, plus Σ over owners f
// already computed of A[f][v] Θ[·][f], over the least common denominator.
func (g *graph) column(s *scratch, v int32, wanted []bool, skip map[int32]bool) *column {
	s.lcm.SetInt64(1)
	var den big.Int
	for _, e := range g.in[v] {
		if skip[e.from] {
			continue
		}
		if u := g.ult[e.from]; u >= 0 {
			if wanted[u] {
				s.lcmWith(e.share.Denom())
			}
			continue
		}
		if c := g.cols[e.from]; c != nil && len(c.idx) > 0 {
			s.lcmWith(den.Mul(e.share.Denom(), &c.den))
		}
	}
	var m big.Int
	for _, e := range g.in[v] {
		if skip[e.from] {
			continue
		}
		if u := g.ult[e.from]; u >= 0 {
			if wanted[u] {
				m.Quo(&s.lcm, e.share.Denom())
				s.add(u, e.share.Num(), &m)
			}
			continue
		}
		c := g.cols[e.from]
		if c == nil || len(c.idx) == 0 {
			continue
		}
		m.Quo(&s.lcm, den.Mul(e.share.Denom(), &c.den))
		m.Mul(&m, e.share.Num())
		for k, u := range c.idx {
			s.add(u, &c.num[k], &m)
		}
	}
	return s.take(&s.lcm)
}

// solveCycle solves the component comp exactly: with B the columns its
// members get from owners outside it and M = I − A_CC, Θ_C = B M⁻¹. It
// returns the members' columns, or a CycleError (without the names) when
// M is singular or the members hold more than all of one of them.
func (g *graph) solveCycle(s *scratch, comp []int32, wanted []bool) ([]*column, *CycleError) {
	k := len(comp)
	pos := make(map[int32]int, k)
	inside := make(map[int32]bool, k)
	for i, v := range comp {
		pos[v], inside[v] = i, true
	}
	// M = I − A_CC, where A_CC[i][j] is what member i holds of member j.
	m := identity(k)
	ratOne := big.NewRat(1, 1)
	closed, over := true, false
	for j, v := range comp {
		colSum := new(big.Rat)
		for _, e := range g.in[v] {
			if i, ok := pos[e.from]; ok {
				m[i][j].Sub(m[i][j], e.share)
				colSum.Add(colSum, e.share)
			}
		}
		c := colSum.Cmp(ratOne)
		closed = closed && c == 0
		over = over || c > 0
	}
	if closed || over {
		return nil, &CycleError{Closed: closed && !over}
	}
	inv, ok := invert(m)
	if !ok {
		return nil, &CycleError{Closed: true}
	}

	// B's columns, each over its own denominator.
	b := make([]*column, k)
	for i, v := range comp {
		b[i] = g.column(s, v, wanted, inside)
	}
	// Θ[u][j] = Σ_i B[u][i] × inv[i][j]. With B[·][i] = nB_i / D_i and
	// inv = N / Dm: the numerator Σ_i nB_i[u] × (LB / D_i) × N[i][j] over
	// LB × Dm, LB the lcm of the D_i.
	nums, dm := overCommonDenominator(flatten(inv))
	s.lcm.SetInt64(1)
	for _, c := range b {
		if len(c.idx) > 0 {
			s.lcmWith(&c.den)
		}
	}
	lb := new(big.Int).Set(&s.lcm)
	den := new(big.Int).Mul(lb, dm)
	out := make([]*column, k)
	var factor, mult big.Int
	for j := range comp {
		for i, c := range b {
			if len(c.idx) == 0 || nums[i*k+j].Sign() == 0 {
				continue
			}
			factor.Quo(lb, &c.den)
			mult.Mul(&factor, nums[i*k+j])
			for n, u := range c.idx {
				s.add(u, &c.num[n], &mult)
			}
		}
		out[j] = s.take(den)
	}
	return out, nil
}

// flatten lists a square matrix's entries row by row.
func flatten(m [][]*big.Rat) []*big.Rat {
	var out []*big.Rat
	for _, row := range m {
		out = append(out, row...)
	}
	return out
}

// identity returns the k × k identity matrix.
func identity(k int) [][]*big.Rat {
	m := make([][]*big.Rat, k)
	for i := range m {
		m[i] = make([]*big.Rat, k)
		for j := range m[i] {
			m[i][j] = new(big.Rat)
		}
		m[i][i].SetInt64(1)
	}
	return m
}

// invert returns the inverse of the square matrix m by Gauss-Jordan
// elimination on rationals, and false when m is singular. m is consumed.
func invert(m [][]*big.Rat) ([][]*big.Rat, bool) {
	k := len(m)
	inv := identity(k)
	t := new(big.Rat)
	for c := range k {
		p := c
		for p < k && m[p][c].Sign() == 0 {
			p++
		}
		if p == k {
			return nil, false
		}
		m[c], m[p] = m[p], m[c]
		inv[c], inv[p] = inv[p], inv[c]
		pivot := new(big.Rat).Inv(m[c][c])
		for j := range k {
			m[c][j].Mul(m[c][j], pivot)
			inv[c][j].Mul(inv[c][j], pivot)
		}
		for r := range k {
			if r == c || m[r][c].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Set(m[r][c])
			for j := range k {
				m[r][j].Sub(m[r][j], t.Mul(f, m[c][j]))
				inv[r][j].Sub(inv[r][j], t.Mul(f, inv[c][j]))
			}
		}
	}
	return inv, true
}
