package ownership_test

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
	"github.com/shopspring/decimal"
)

// Everything in this file is synthetic: organizations, shares, amounts and
// populations are drawn from seeded generators (math/rand/v2 PCG), so every
// run measures the same data. None of it is a real figure.

// forumBench is the forum-summary benchmark's input: 357 municipalities (the
// forum), 3 000 companies, 30 000 positions and 600 000 flows over the ten
// accounting years 2014–2023, summarized for 2023. The same flows as plain
// integers feed the baseline.
type forumBench struct {
	records ownership.Records
	forum   ownership.Forum
	year    int
	flows   []intFlow
}

// intFlow is a flow as the int64 baseline reads it: indices and øre.
type intFlow struct {
	owner, entity string
	kind, year    int
	ore           int64 // net to the owner
}

const (
	benchOwners    = 357
	benchEntities  = 3_000
	benchPositions = 30_000
	benchFlows     = 600_000
)

func newForumBench(tb testing.TB) forumBench {
	tb.Helper()
	rng := rand.New(rand.NewPCG(357, 3_000))
	var fb forumBench
	fb.year = 2023
	fb.forum.Name = "synthetic forum of 357"
	since := munireg.Period{From: date(2000, 1, 1)}
	for i := range benchOwners {
		id := fmt.Sprintf("K%03d", i)
		o := munireg.Organization{ID: id, Name: "Kommune " + id, Kind: munireg.KindKommune}
		pop := 200 + rng.Int64N(700_000)
		for y := 2014; y <= 2023; y++ {
			o.Population = append(o.Population, munireg.PopulationCount{Date: date(y, 1, 1), Count: pop + int64(y-2014)*rng.Int64N(500)})
		}
		fb.records.Organizations = append(fb.records.Organizations, o)
		fb.forum.Owners = append(fb.forum.Owners, id)
	}
	for j := range benchEntities {
		id := fmt.Sprintf("E%04d", j)
		fb.records.Organizations = append(fb.records.Organizations, munireg.Organization{ID: id, Name: "Selskap " + id, Kind: munireg.KindAS})
	}
	// Ten owners per company, mostly municipalities, one in ten an earlier
	// company; the shares sum to 1 (complete list) for every other company.
	perEntity := benchPositions / benchEntities
	for j := range benchEntities {
		entity := fmt.Sprintf("E%04d", j)
		seen := map[string]bool{}
		whole := int64(10_000)
		if j%2 == 1 {
			whole = 5_000 + rng.Int64N(5_001)
		} else {
			fb.records.Lists = append(fb.records.Lists, ownership.OwnerList{Entity: entity, Complete: true})
		}
		parts := splitInt(rng, whole, perEntity)
		for k := 0; k < perEntity; {
			owner := fmt.Sprintf("K%03d", rng.IntN(benchOwners))
			if j > 0 && rng.IntN(10) == 0 {
				owner = fmt.Sprintf("E%04d", rng.IntN(j))
			}
			if seen[owner] {
				continue
			}
			seen[owner] = true
			p := ownership.Position{Owner: owner, Entity: entity, Economic: decimal.New(parts[k], -4), Valid: since,
				Purpose: "synthetic", Category: ownership.CategoryFinancial}
			if rng.IntN(2) == 0 {
				p.BookValue = decimal.NewNullDecimal(decimal.New(rng.Int64N(10_000_000_000), -2))
			}
			fb.records.Positions = append(fb.records.Positions, p)
			k++
		}
	}
	kinds := ownership.FlowKinds()
	for range benchFlows {
		p := fb.records.Positions[rng.IntN(len(fb.records.Positions))]
		f := ownership.Flow{Owner: p.Owner, Entity: p.Entity, Year: 2014 + rng.IntN(10),
			Kind: kinds[[]int{0, 0, 0, 0, 0, 1, 1, 2, 3, 4, 5}[rng.IntN(11)]], Amount: decimal.New(rng.Int64N(1_000_000_000), -2)}
		f.Paid = date(f.Year+1, 5, 15)
		if f.Kind == ownership.FlowOther {
			f.Direction = ownership.FromOwner
		}
		fb.records.Flows = append(fb.records.Flows, f)
		ore := f.Net().CoefficientInt64()
		fb.flows = append(fb.flows, intFlow{owner: f.Owner, entity: f.Entity, kind: slices.Index(kinds, f.Kind), year: f.Year, ore: ore})
	}
	return fb
}

func BenchmarkForumTotals(b *testing.B) {
	fb := newForumBench(b)
	b.Run(fmt.Sprintf("owners=%d/entities=%d/positions=%d/flows=%d", benchOwners, benchEntities, benchPositions, benchFlows), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ownership.ForumTotals(fb.records, fb.forum, fb.year); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-int64", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			baselineForumInt64(fb)
		}
	})
}

// TestBaselineForumInt64 checks that the baseline does the same job as
// ForumTotals: the same totals per owner and per entity, in øre, ranked
// alike.
func TestBaselineForumInt64(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the 600 000-flow benchmark data")
	}
	fb := newForumBench(t)
	s, err := ownership.ForumTotals(fb.records, fb.forum, fb.year)
	if err != nil {
		t.Fatal(err)
	}
	owners, entities := baselineForumInt64(fb)
	if len(owners) != len(s.Owners) || len(entities) != len(s.Entities) {
		t.Fatalf("baseline has %d owners and %d entities, ForumTotals %d and %d", len(owners), len(entities), len(s.Owners), len(s.Entities))
	}
	for i, o := range s.Owners {
		if owners[i].id != o.Owner || decimal.New(owners[i].total, -2).Cmp(o.Income.Total) != 0 {
			t.Fatalf("baseline owner %d = %s %d øre, ForumTotals %s %s", i, owners[i].id, owners[i].total, o.Owner, o.Income.Total)
		}
	}
	for i, e := range s.Entities {
		if entities[i].id != e.Entity || decimal.New(entities[i].total, -2).Cmp(e.Income.Total) != 0 {
			t.Fatalf("baseline entity %d = %s %d øre, ForumTotals %s %s", i, entities[i].id, entities[i].total, e.Entity, e.Income.Total)
		}
	}
}

// baselineRow is a ranked row of the baseline.
type baselineRow struct {
	id          string
	kinds, prev [6]int64
	total       int64
}

// baselineForumInt64 is what a plain aggregation in int64 øre does: one
// pass over the flows into per-owner and per-entity sums by kind for the
// year and the year before, then ranking. No validation, no decimals, no
// shares, no population.
func baselineForumInt64(fb forumBench) (owners, entities []baselineRow) {
	member := make(map[string]int, len(fb.forum.Owners))
	owners = make([]baselineRow, len(fb.forum.Owners))
	for i, id := range fb.forum.Owners {
		member[id] = i
		owners[i].id = id
	}
	entityIdx := make(map[string]int)
	for _, f := range fb.flows {
		if f.year != fb.year && f.year != fb.year-1 {
			continue
		}
		i, ok := member[f.owner]
		if !ok {
			continue
		}
		j, ok := entityIdx[f.entity]
		if !ok {
			j = len(entities)
			entityIdx[f.entity] = j
			entities = append(entities, baselineRow{id: f.entity})
		}
		if f.year == fb.year {
			owners[i].kinds[f.kind] += f.ore
			owners[i].total += f.ore
			entities[j].kinds[f.kind] += f.ore
			entities[j].total += f.ore
		} else {
			owners[i].prev[f.kind] += f.ore
			entities[j].prev[f.kind] += f.ore
		}
	}
	// ForumTotals also lists companies a member holds a share of without
	// money that year; the baseline reads them from the positions.
	for _, p := range fb.records.Positions {
		if _, ok := member[p.Owner]; ok {
			if _, ok := entityIdx[p.Entity]; !ok {
				entityIdx[p.Entity] = len(entities)
				entities = append(entities, baselineRow{id: p.Entity})
			}
		}
	}
	byTotal := func(a, b baselineRow) int {
		if c := cmp.Compare(b.total, a.total); c != 0 {
			return c
		}
		return cmp.Compare(a.id, b.id)
	}
	slices.SortFunc(owners, byTotal)
	slices.SortFunc(entities, byTotal)
	return owners, entities
}

// graphBench is the look-through benchmark's input: 10 000 companies owned
// by 368 ultimate owners (357 municipalities, 11 counties) and by earlier
// companies — a graph that is mostly acyclic, with 25 cross-holding cycles
// of two to four companies.
type graphBench struct {
	positions []ownership.Position
}

const (
	graphUltimate = 368
	graphEntities = 10_000
	graphCycles   = 25
)

func newGraphBench(tb testing.TB) graphBench {
	tb.Helper()
	rng := rand.New(rand.NewPCG(10_000, 368))
	since := munireg.Period{From: date(2000, 1, 1)}
	var g graphBench
	inCycle := make([]bool, graphEntities)
	var cycles [][]int
	for len(cycles) < graphCycles {
		size := 2 + rng.IntN(3)
		at := rng.IntN(graphEntities - 50)
		var members []int
		for range size {
			members = append(members, at)
			at += 1 + rng.IntN(10)
		}
		if slices.ContainsFunc(members, func(m int) bool { return inCycle[m] }) {
			continue
		}
		for _, m := range members {
			inCycle[m] = true
		}
		cycles = append(cycles, members)
	}
	name := func(i int) string { return fmt.Sprintf("C%05d", i) }
	for j := range graphEntities {
		owners := 1 + rng.IntN(4)
		whole := int64(10_000)
		if inCycle[j] {
			whole = 8_500 // room for the cross-holding
		} else if rng.IntN(3) == 0 {
			whole = rng.Int64N(10_001) // an incomplete list
		}
		seen := map[string]bool{}
		for _, part := range splitInt(rng, whole, owners) {
			owner := ""
			for owner == "" || seen[owner] {
				switch {
				case j > 0 && rng.IntN(10) < 3:
					owner = name(max(0, j-1-rng.IntN(min(j, 500))))
				case rng.IntN(30) == 0:
					owner = fmt.Sprintf("F%02d", rng.IntN(11))
				default:
					owner = fmt.Sprintf("K%03d", rng.IntN(357))
				}
			}
			seen[owner] = true
			g.positions = append(g.positions, ownership.Position{Owner: owner, Entity: name(j), Economic: decimal.New(part, -4), Valid: since})
		}
	}
	for _, members := range cycles {
		for k, m := range members {
			next := members[(k+1)%len(members)]
			g.positions = append(g.positions, ownership.Position{Owner: name(m), Entity: name(next),
				Economic: decimal.New(500+rng.Int64N(1_001), -4), Valid: since})
		}
	}
	return g
}

func BenchmarkLookThrough(b *testing.B) {
	g := newGraphBench(b)
	asOf := date(2024, 1, 1)
	b.Run(fmt.Sprintf("entities=%d/positions=%d", graphEntities, len(g.positions)), func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := ownership.LookThrough(g.positions, nil, asOf); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("baseline-float64", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			baselineLookThroughFloat64(g.positions)
		}
	})
}

// TestBaselineLookThroughFloat64 checks the baseline against LookThrough:
// the same effective shares within 1e-9, and the graph as described (the
// cycles are there).
func TestBaselineLookThroughFloat64(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the 10 000-company benchmark graph")
	}
	g := newGraphBench(t)
	eo, err := ownership.LookThrough(g.positions, nil, date(2024, 1, 1))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(eo.Cycles()); n != graphCycles {
		t.Errorf("LookThrough found %d cycles, want %d", n, graphCycles)
	}
	theta, ultimate, entities := baselineLookThroughFloat64(g.positions)
	if len(ultimate) != len(eo.Ultimate()) || len(entities) != len(eo.Entities()) {
		t.Fatalf("baseline has %d ultimate owners and %d entities, LookThrough %d and %d",
			len(ultimate), len(entities), len(eo.Ultimate()), len(eo.Entities()))
	}
	uIdx := map[string]int{}
	for i, u := range ultimate {
		uIdx[u] = i
	}
	for e, entity := range entities {
		for _, s := range eo.Owners(entity) {
			exact, _ := s.Rat().Float64()
			if got := theta[e][uIdx[s.Owner]]; math.Abs(got-exact) > 1e-9 {
				t.Fatalf("baseline Θ[%s][%s] = %g, LookThrough %g", s.Owner, entity, got, exact)
			}
		}
	}
}

// baselineLookThroughFloat64 is what a float64 look-through does: dense
// columns over the ultimate owners, Gauss-Seidel sweeps of
// Θ[·][e] = A[U][e] + Σ_f A[f][e] Θ[·][f] in order of entity until no value
// moves by more than 1e-15. No validation and no exactness; it converges
// because every column of A sums to at most 1 and each cycle leaks.
func baselineLookThroughFloat64(positions []ownership.Position) (theta [][]float64, ultimate, entities []string) {
	type edge struct {
		from  int
		ult   bool
		share float64
	}
	// Zero shares are no edges, as in LookThrough.
	positions = slices.DeleteFunc(slices.Clone(positions), func(p ownership.Position) bool { return p.Economic.IsZero() })
	owned := map[string]bool{}
	for _, p := range positions {
		owned[p.Entity] = true
	}
	uIdx, eIdx := map[string]int{}, map[string]int{}
	for _, p := range positions {
		if !owned[p.Owner] {
			if _, ok := uIdx[p.Owner]; !ok {
				uIdx[p.Owner] = len(ultimate)
				ultimate = append(ultimate, p.Owner)
			}
		}
		if _, ok := eIdx[p.Entity]; !ok {
			eIdx[p.Entity] = len(entities)
			entities = append(entities, p.Entity)
		}
	}
	in := make([][]edge, len(entities))
	for _, p := range positions {
		s, _ := p.Economic.Float64()
		e := eIdx[p.Entity]
		if u, ok := uIdx[p.Owner]; ok {
			in[e] = append(in[e], edge{u, true, s})
		} else {
			in[e] = append(in[e], edge{eIdx[p.Owner], false, s})
		}
	}
	theta = make([][]float64, len(entities))
	for e := range theta {
		theta[e] = make([]float64, len(ultimate))
	}
	next := make([]float64, len(ultimate))
	for {
		moved := 0.0
		for e := range entities {
			clear(next)
			for _, ed := range in[e] {
				if ed.ult {
					next[ed.from] += ed.share
					continue
				}
				for u, x := range theta[ed.from] {
					next[u] += ed.share * x
				}
			}
			for u, x := range next {
				moved = max(moved, math.Abs(x-theta[e][u]))
			}
			copy(theta[e], next)
		}
		if moved <= 1e-15 {
			return theta, ultimate, entities
		}
	}
}

func BenchmarkDistribute(b *testing.B) {
	// A declared dividend over 357 owners with four-decimal shares summing
	// to 1 (synthetic), in øre.
	rng := rand.New(rand.NewPCG(961, 636))
	var positions []ownership.Position
	for i, part := range splitInt(rng, 10_000_000, 357) {
		positions = append(positions, ownership.Position{Owner: fmt.Sprintf("K%03d", i), Entity: "E", Economic: decimal.New(part, -7),
			Valid: munireg.Period{From: date(2000, 1, 1)}})
	}
	lists := []ownership.OwnerList{{Entity: "E", Complete: true}}
	total := decimal.RequireFromString("961636224.00")
	asOf := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ownership.Distribute(total, "E", positions, lists, asOf, munireg.Rounding{}); err != nil {
			b.Fatal(err)
		}
	}
}
