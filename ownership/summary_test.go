package ownership_test

import (
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// records is a small register checked by hand in the tests below:
//
//	H (holding AS):  K1 0.6 (book value 600 000), K2 0.4 (400 000); complete
//	E (energy AS):   H 1
//	W (waste IKS):   K1 0.5, K2 0.3, K3 0.2 (no book values)
//	P (AS):          KF1 0.5 (KF1 is K1's foretak)
//
//	2023: H pays K1 a dividend of 60 000 and interest of 5 000, K2 a
//	      dividend of 40 000; K1 pays W 10 000 in capital; W pays K3 a
//	      guarantee commission of 1 000.
//	2022: H pays K1 50 000 and K2 40 000 in dividends. 2021: H pays K1 999.
//	K1's owner loan to H: 100 000 on 31.12.2022, 90 000 on 31.12.2023,
//	80 000 on 30.6.2024. K3's guarantee for W: 500 000 on 30.6.2023.
//
// Population on 1 January 2023: K1 10 000, K2 5 000, K3 none.
func records(t testing.TB) ownership.Records {
	since := munireg.Period{From: date(2000, 1, 1)}
	org := func(id string, kind munireg.Kind, pop ...int64) munireg.Organization {
		o := munireg.Organization{ID: id, Name: id + " name", Kind: kind}
		for i, c := range pop {
			o.Population = append(o.Population, munireg.PopulationCount{Date: date(2022+i, 1, 1), Count: c})
		}
		return o
	}
	p := func(owner, entity, share, book, purpose string) ownership.Position {
		pp := ownership.Position{Owner: owner, Entity: entity, Economic: d(t, share), Valid: since, Purpose: purpose}
		if book != "" {
			pp.BookValue = nd(t, book)
		}
		return pp
	}
	f := func(owner, entity string, kind ownership.FlowKind, year int, amount string) ownership.Flow {
		return ownership.Flow{Owner: owner, Entity: entity, Kind: kind, Year: year, Amount: d(t, amount)}
	}
	return ownership.Records{
		Organizations: []munireg.Organization{
			org("K1", munireg.KindKommune, 9_900, 10_000), org("K2", munireg.KindKommune, 4_900, 5_000), org("K3", munireg.KindKommune),
			org("K4", munireg.KindKommune, 100, 100), org("K5", munireg.KindKommune, 100, 100),
			org("H", munireg.KindAS), org("E", munireg.KindAS), org("W", munireg.KindIKS), org("P", munireg.KindAS), org("KF1", munireg.KindKF),
		},
		Positions: []ownership.Position{
			p("K1", "H", "0.6", "600000", "Eierskap i energi"), p("K2", "H", "0.4", "400000", "Energi"),
			p("H", "E", "1", "", ""),
			p("K1", "W", "0.5", "", ""), p("K2", "W", "0.3", "", ""), p("K3", "W", "0.2", "", ""),
			p("KF1", "P", "0.5", "", ""),
		},
		Lists: []ownership.OwnerList{{Entity: "H", Complete: true}},
		Flows: []ownership.Flow{
			f("K1", "H", ownership.FlowDividend, 2023, "60000.00"),
			f("K1", "H", ownership.FlowLoanInterest, 2023, "5000.00"),
			f("K2", "H", ownership.FlowDividend, 2023, "40000.00"),
			f("K1", "W", ownership.FlowCapitalContribution, 2023, "10000.00"),
			f("K3", "W", ownership.FlowGuaranteeCommission, 2023, "1000.00"),
			f("K1", "H", ownership.FlowDividend, 2022, "50000.00"),
			f("K2", "H", ownership.FlowDividend, 2022, "40000.00"),
			f("K1", "H", ownership.FlowDividend, 2021, "999.00"),
		},
		Balances: []ownership.Balance{
			{Owner: "K1", Entity: "H", Kind: ownership.BalanceOwnerLoan, Date: date(2022, 12, 31), Amount: d(t, "100000")},
			{Owner: "K1", Entity: "H", Kind: ownership.BalanceOwnerLoan, Date: date(2023, 12, 31), Amount: d(t, "90000")},
			{Owner: "K1", Entity: "H", Kind: ownership.BalanceOwnerLoan, Date: date(2024, 6, 30), Amount: d(t, "80000")},
			{Owner: "K3", Entity: "W", Kind: ownership.BalanceGuarantee, Date: date(2023, 6, 30), Amount: d(t, "500000")},
		},
	}
}

func TestPortfolio(t *testing.T) {
	p, err := ownership.Portfolio(records(t), "K1", 2023)
	require.NoError(t, err)
	assert.Equal(t, "K1 name", p.Name)
	assert.Equal(t, date(2023, 12, 31), p.AsOf)
	require.Len(t, p.Holdings, 3)
	e, h, w := p.Holdings[0], p.Holdings[1], p.Holdings[2]

	// E is held only through H: 0.6 × 1.
	assert.Equal(t, "E", e.Entity)
	assert.False(t, e.Direct)
	assertDec(t, "E.Economic", e.Economic, "0")
	assertDec(t, "E.Effective", e.Effective.Decimal, "0.6")

	assert.Equal(t, "H", h.Entity)
	assert.True(t, h.Direct)
	assertDec(t, "H.Economic", h.Economic, "0.6")
	assertDec(t, "H.Effective", h.Effective.Decimal, "0.6")
	assert.Equal(t, "Eierskap i energi", h.Purpose)
	assertDec(t, "H.Income.Total", h.Income.Total, "65000")
	assertDec(t, "H.Change.Absolute", h.Change.Absolute, "15000")
	assertDec(t, "H.Change.Relative", h.Change.Relative.Decimal, "0.3")
	assertDec(t, "H.Yield", h.Yield.Decimal, "0.1") // 60 000 / 600 000
	assertDec(t, "H.OwnerLoan", h.OwnerLoan, "90000")

	assert.Equal(t, "W", w.Entity)
	assertDec(t, "W.Income.Total", w.Income.Total, "-10000")
	assert.False(t, w.BookValue.Valid)
	assert.False(t, w.Yield.Valid)
	assert.False(t, w.Change.Relative.Valid, "no money in 2022")

	for kind, want := range map[ownership.FlowKind]string{
		ownership.FlowDividend: "60000", ownership.FlowLoanInterest: "5000", ownership.FlowCapitalContribution: "-10000",
		ownership.FlowLoanRepayment: "0", ownership.FlowGuaranteeCommission: "0", ownership.FlowOther: "0",
	} {
		assertDec(t, "Portfolio.Income."+string(kind), p.Income.Amount(kind), want)
	}
	assertDec(t, "Portfolio.Income.Total", p.Income.Total, "55000")
	assert.Equal(t, int64(10_000), p.Population)
	assertDec(t, "Portfolio.PerInhabitant", p.PerInhabitant.Decimal, "5.50")
	assertDec(t, "Portfolio.Change.Previous", p.Change.Previous, "50000")
	assertDec(t, "Portfolio.Change.Relative", p.Change.Relative.Decimal, "0.1")
	assertDec(t, "Portfolio.BookValue", p.BookValue, "600000")
	assertDec(t, "Portfolio.Yield", p.Yield.Decimal, "0.1")
	assertDec(t, "Portfolio.OwnerLoans", p.OwnerLoans, "90000")
	checkPortfolioTotals(t, p)
}

func TestPortfolioOwnedOwner(t *testing.T) {
	p, err := ownership.Portfolio(records(t), "H", 2023)
	require.NoError(t, err)
	require.Len(t, p.Holdings, 1)
	assert.False(t, p.Holdings[0].Effective.Valid, "H is held by others, so no ultimate owner")
	assertDec(t, "H: payments out", p.Income.Total, "0")
	assert.False(t, p.PerInhabitant.Valid, "no population")
}

func TestPortfolioErrors(t *testing.T) {
	r := records(t)
	_, err := ownership.Portfolio(r, "nobody", 0)
	assert.Equal(t, []string{"year", "owner"}, fields(t, err))
	assert.ErrorIs(t, err, ownership.ErrUnknownOrganization)

	r.Flows = append(r.Flows, ownership.Flow{Owner: "K1", Entity: "X", Kind: ownership.FlowDividend, Year: 2023, Amount: d(t, "1")})
	r.Positions = append(r.Positions, pos(t, "K9", "E", "0.1"))
	_, err = ownership.Portfolio(r, "K1", 2023)
	assert.Equal(t, []string{"positions[*].economic", "positions[7].owner", "flows[8].entity"}, fields(t, err))
}

// checkPortfolioTotals checks that every total of a portfolio is the exact
// sum of its lines.
func checkPortfolioTotals(t *testing.T, p ownership.PortfolioSummary) {
	t.Helper()
	checkIncome(t, "Portfolio.Income", p.Income)
	kinds := make([]decimal.Decimal, len(ownership.FlowKinds()))
	prev, book, loans, guarantees := decimal.Zero, decimal.Zero, decimal.Zero, decimal.Zero
	for _, h := range p.Holdings {
		checkIncome(t, "Holding["+h.Entity+"].Income", h.Income)
		for i, line := range h.Income.Lines {
			kinds[i] = kinds[i].Add(line.Amount)
		}
		prev = prev.Add(h.Change.Previous)
		if h.BookValue.Valid {
			book = book.Add(h.BookValue.Decimal)
		}
		loans, guarantees = loans.Add(h.OwnerLoan), guarantees.Add(h.Guarantee)
	}
	for i, line := range p.Income.Lines {
		assertDec(t, "Portfolio.Income."+string(line.Kind)+" vs Σ holdings", line.Amount, kinds[i].String())
	}
	assertDec(t, "Portfolio.Change.Previous vs Σ holdings", p.Change.Previous, prev.String())
	assertDec(t, "Portfolio.BookValue vs Σ holdings", p.BookValue, book.String())
	assertDec(t, "Portfolio.OwnerLoans vs Σ holdings", p.OwnerLoans, loans.String())
	assertDec(t, "Portfolio.Guarantees vs Σ holdings", p.Guarantees, guarantees.String())
}

// checkIncome checks that an Income has a line per kind, in order, and that
// its total is their exact sum.
func checkIncome(t *testing.T, call string, in ownership.Income) {
	t.Helper()
	require.Len(t, in.Lines, len(ownership.FlowKinds()), call)
	sum := decimal.Zero
	for i, line := range in.Lines {
		assert.Equal(t, ownership.FlowKinds()[i], line.Kind, call)
		sum = sum.Add(line.Amount)
	}
	assertDec(t, call+".Total vs Σ lines", in.Total, sum.String())
}

func TestEntityOwners(t *testing.T) {
	s, err := ownership.EntityOwners(records(t), "H", date(2023, 12, 31), 2023)
	require.NoError(t, err)
	assert.Equal(t, "H name", s.Name)
	assertDec(t, "Shares.Economic", s.Shares.Economic, "1")
	assert.True(t, s.Shares.Complete)
	require.Len(t, s.Owners, 2)
	k1, k2 := s.Owners[0], s.Owners[1]
	assert.Equal(t, "K1", k1.Owner, "largest share first")
	assertDec(t, "K1.Economic", k1.Economic, "0.6")
	assertRat(t, "K1.EconomicRat", k1.EconomicRat(), "3/5")
	assertDec(t, "K1.BookValue", k1.BookValue.Decimal, "600000")
	assertDec(t, "K1.Received", k1.Received.Total, "65000")
	assertDec(t, "K1.OwnerLoan", k1.OwnerLoan, "90000")
	assertDec(t, "K2.Received", k2.Received.Total, "40000")
	assertDec(t, "Received", s.Received.Total, "105000")
	assertDec(t, "OwnerLoans", s.OwnerLoans, "90000")
	checkEntityTotals(t, s)

	// In 2024 K1 has sold its shares but was still paid for 2023.
	r := records(t)
	r.Positions[0].Valid.To = date(2024, 3, 1)
	r.Positions = append(r.Positions, ownership.Position{Owner: "K2", Entity: "H", ShareClass: "B", Economic: d(t, "0.6"),
		Valid: munireg.Period{From: date(2024, 3, 1)}})
	s, err = ownership.EntityOwners(r, "H", date(2024, 6, 1), 2023)
	require.NoError(t, err)
	require.Len(t, s.Owners, 2)
	assert.Equal(t, "K2", s.Owners[0].Owner)
	assertDec(t, "K2.Economic in 2024", s.Owners[0].Economic, "1")
	assertDec(t, "K1.Economic in 2024", s.Owners[1].Economic, "0")
	assertDec(t, "K1.Received for 2023", s.Owners[1].Received.Total, "65000")
	checkEntityTotals(t, s)
}

// checkEntityTotals checks that an owner table's totals are the exact sums
// of its rows.
func checkEntityTotals(t *testing.T, s ownership.EntitySummary) {
	t.Helper()
	checkIncome(t, "EntityOwners.Received", s.Received)
	kinds := make([]decimal.Decimal, len(ownership.FlowKinds()))
	loans := decimal.Zero
	for _, o := range s.Owners {
		checkIncome(t, "EntityOwners["+o.Owner+"].Received", o.Received)
		for i, line := range o.Received.Lines {
			kinds[i] = kinds[i].Add(line.Amount)
		}
		loans = loans.Add(o.OwnerLoan)
	}
	for i, line := range s.Received.Lines {
		assertDec(t, "EntityOwners.Received."+string(line.Kind)+" vs Σ owners", line.Amount, kinds[i].String())
	}
	assertDec(t, "EntityOwners.OwnerLoans vs Σ owners", s.OwnerLoans, loans.String())
}

func TestForumTotals(t *testing.T) {
	forum := ownership.Forum{Name: "Eierforum", Owners: []string{"K5", "K3", "K2", "K1", "K4"}}
	s, err := ownership.ForumTotals(records(t), forum, 2023)
	require.NoError(t, err)
	assert.Equal(t, "Eierforum", s.Forum)

	// Owners by total, largest first, ties (K4 and K5 at 0) by ID.
	var ids []string
	for i, o := range s.Owners {
		ids = append(ids, o.Owner)
		assert.Equal(t, i+1, o.Rank)
	}
	assert.Equal(t, []string{"K1", "K2", "K3", "K4", "K5"}, ids)
	for i, want := range []string{"55000", "40000", "1000", "0", "0"} {
		assertDec(t, "Owners["+ids[i]+"].Income.Total", s.Owners[i].Income.Total, want)
	}
	assertDec(t, "K2.PerInhabitant", s.Owners[1].PerInhabitant.Decimal, "8")
	assert.False(t, s.Owners[2].PerInhabitant.Valid, "K3 has no population")
	assertDec(t, "K2.Change.Relative", s.Owners[1].Change.Relative.Decimal, "0")

	// Entities: H 60 000 + 5 000 + 40 000, W −10 000 + 1 000. E is held
	// only through H, so is no row.
	require.Len(t, s.Entities, 2)
	assert.Equal(t, "H", s.Entities[0].Entity)
	assertDec(t, "H.Income.Total", s.Entities[0].Income.Total, "105000")
	assertDec(t, "H.Economic", s.Entities[0].Economic, "1")
	assert.Equal(t, 2, s.Entities[0].Owners)
	assert.Equal(t, "W", s.Entities[1].Entity)
	assertDec(t, "W.Income.Total", s.Entities[1].Income.Total, "-9000")
	assert.Equal(t, 3, s.Entities[1].Owners)

	assertDec(t, "Income.Total", s.Income.Total, "96000")
	assertDec(t, "Change.Previous", s.Change.Previous, "90000")
	assertDec(t, "Change.Relative", s.Change.Relative.Decimal, "0.066667") // 6 000 / 90 000
	assert.Equal(t, int64(15_200), s.Population)
	assert.False(t, s.PerInhabitant.Valid, "K3 has no population")
	checkForumTotals(t, s)

	forum.Owners = []string{"K1", "K2"}
	s, err = ownership.ForumTotals(records(t), forum, 2023)
	require.NoError(t, err)
	assertDec(t, "PerInhabitant", s.PerInhabitant.Decimal, "6.33") // 95 000 / 15 000 = 6.333…
	checkForumTotals(t, s)
}

func TestForumTotalsErrors(t *testing.T) {
	_, err := ownership.ForumTotals(records(t), ownership.Forum{Owners: []string{"K1", "K1", "", "X"}}, 10_000)
	assert.Equal(t, []string{"year", "forum.name", "forum.owners[1]", "forum.owners[2]", "forum.owners[3]"}, fields(t, err))
	_, err = ownership.ForumTotals(records(t), ownership.Forum{Name: "x"}, 2023)
	assert.Equal(t, []string{"forum.owners"}, fields(t, err))
}

// checkForumTotals checks that a forum summary's totals are the exact sums
// of its owner rows and, equally, of its entity rows.
func checkForumTotals(t *testing.T, s ownership.ForumSummary) {
	t.Helper()
	checkIncome(t, "Forum.Income", s.Income)
	byOwner := make([]decimal.Decimal, len(ownership.FlowKinds()))
	byEntity := make([]decimal.Decimal, len(ownership.FlowKinds()))
	prevOwner, prevEntity := decimal.Zero, decimal.Zero
	var population int64
	for i, o := range s.Owners {
		checkIncome(t, "Forum.Owners["+o.Owner+"].Income", o.Income)
		for k, line := range o.Income.Lines {
			byOwner[k] = byOwner[k].Add(line.Amount)
		}
		prevOwner = prevOwner.Add(o.Change.Previous)
		population += o.Population
		if i > 0 {
			checkRanked(t, "Forum.Owners", s.Owners[i-1].Income.Total, o.Income.Total, s.Owners[i-1].Owner, o.Owner)
		}
	}
	for i, e := range s.Entities {
		checkIncome(t, "Forum.Entities["+e.Entity+"].Income", e.Income)
		for k, line := range e.Income.Lines {
			byEntity[k] = byEntity[k].Add(line.Amount)
		}
		prevEntity = prevEntity.Add(e.Change.Previous)
		if i > 0 {
			checkRanked(t, "Forum.Entities", s.Entities[i-1].Income.Total, e.Income.Total, s.Entities[i-1].Entity, e.Entity)
		}
	}
	for k, line := range s.Income.Lines {
		assertDec(t, "Forum.Income."+string(line.Kind)+" vs Σ owners", line.Amount, byOwner[k].String())
		assertDec(t, "Forum.Income."+string(line.Kind)+" vs Σ entities", line.Amount, byEntity[k].String())
	}
	assertDec(t, "Forum.Change.Previous vs Σ owners", s.Change.Previous, prevOwner.String())
	assertDec(t, "Forum.Change.Previous vs Σ entities", s.Change.Previous, prevEntity.String())
	assert.Equal(t, population, s.Population, "Forum.Population vs Σ owners")
}

// checkRanked checks that two consecutive rows are in rank order.
func checkRanked(t *testing.T, call string, a, b decimal.Decimal, idA, idB string) {
	t.Helper()
	c := a.Cmp(b)
	assert.True(t, c > 0 || c == 0 && idA < idB, "%s: %s (%s) ranked before %s (%s)", call, idA, a, idB, b)
}

func TestRecordsValidate(t *testing.T) {
	r := records(t)
	require.NoError(t, r.Validate())
	r.Organizations = append(r.Organizations, munireg.Organization{ID: "K1", Name: "again", Kind: munireg.KindKommune})
	r.Lists = append(r.Lists, ownership.OwnerList{Entity: "nobody"})
	r.Flows = append(r.Flows, ownership.Flow{Owner: "nobody", Entity: "H", Kind: "bonus", Year: 2023, Amount: d(t, "1")})
	r.Balances = append(r.Balances, ownership.Balance{Owner: "K1", Entity: "H", Kind: ownership.BalanceGuarantee, Amount: d(t, "1")})
	r.Positions = append(r.Positions, ownership.Position{Owner: "K1", Entity: "H", Economic: d(t, "0.1"), Valid: munireg.Period{From: date(2024, 1, 1)}})
	err := r.Validate()
	assert.Equal(t, []string{
		"organizations[10].id", "positions[7].valid", "lists[1].entity", "flows[8].kind", "flows[8].owner", "balances[4].date",
	}, fields(t, err))
	assert.ErrorIs(t, err, ownership.ErrOverlap)
	assert.ErrorIs(t, err, ownership.ErrUnknownOrganization)
}

func TestSummariesReportRoundedTables(t *testing.T) {
	r := records(t)
	r.Positions[5].Economic = d(t, "0.2001") // W: 0.5 + 0.3 + 0.2001 = 1.0001
	_, err := ownership.ForumTotals(r, ownership.Forum{Name: "f", Owners: []string{"K1"}}, 2023)
	assert.ErrorIs(t, err, ownership.ErrShareSum, "exact shares may not sum to more than 1")

	r.Lists = append(r.Lists, ownership.OwnerList{Entity: "W", Complete: true, Tolerance: ownership.ToleranceRounded, Places: 4})
	s, err := ownership.ForumTotals(r, ownership.Forum{Name: "f", Owners: []string{"K1"}}, 2023)
	require.NoError(t, err)
	require.Len(t, s.Rounded, 1)
	assert.Equal(t, "W", s.Rounded[0].Entity)
	assertDec(t, "Rounded[0].Economic", s.Rounded[0].Economic, "1.0001")
	p, err := ownership.Portfolio(r, "K1", 2023)
	require.NoError(t, err)
	require.Len(t, p.Rounded, 1)
	assert.Equal(t, "W", p.Rounded[0].Entity)
	e, err := ownership.EntityOwners(r, "W", date(2023, 12, 31), 2023)
	require.NoError(t, err)
	assert.True(t, e.Shares.Rounded)
}
