package pgstore_test

import (
	"encoding/json"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/bench"
	"github.com/munireg/munireg/internal/dataset"
	"github.com/munireg/munireg/internal/domaintest"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
	"github.com/munireg/munireg/ownership"
)

// canonical renders a summary for comparison: decimals by value (1.50 and
// 1.5 alike), everything else as it is.
func canonical(t *testing.T, v any) string {
	t.Helper()
	b, err := json.MarshalIndent(v, "", " ")
	require.NoError(t, err)
	return string(b)
}

// TestSummaryParity proves that the store's summaries, assembled with SQL
// (flows summed in PostgreSQL, positions selected per summary), give exactly
// the numbers of the ownership package's functions over the whole register.
func TestSummaryParity(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	size := dataset.Size{N: 1, Entities: 300, PositionsPerEntity: 10, Years: 4}
	d := dataset.Generate(reference(t), size, 7)
	loadDataset(t, s, d)
	for _, b := range []ownership.Balance{
		{Owner: d.Positions[0].Owner, Entity: d.Positions[0].Entity, Kind: ownership.BalanceOwnerLoan, Date: day(2023, 12, 31), Amount: dec("2500000.00")},
		{Owner: d.Positions[0].Owner, Entity: d.Positions[0].Entity, Kind: ownership.BalanceOwnerLoan, Date: day(2024, 6, 30), Amount: dec("2000000.00")},
		{Owner: d.Positions[5].Owner, Entity: d.Positions[5].Entity, Kind: ownership.BalanceGuarantee, Date: day(2022, 1, 1), Amount: dec("750000.50")},
	} {
		require.NoError(t, s.SetBalance(ctx, b))
	}
	all := d.Records()
	bal, err := s.FindBalances(ctx, nil, nil)
	require.NoError(t, err)
	all.Balances = bal

	// Beyond what the generator makes: a company counted in shares (1 of 3
	// and 2 of 3), a complete owner table published with rounded shares
	// (3 × 33.33 %), a payment of kind "other" from an owner, and money of
	// last year only with an entity no member holds, one of them a rounded
	// table.
	m := d.Municipalities
	extra := func(name string) munireg.Organization {
		o, err := s.CreateOrganization(ctx, munireg.Organization{Name: name, Kind: munireg.KindAS})
		require.NoError(t, err)
		all.Organizations = append(all.Organizations, o)
		return o
	}
	counted, rounded, former := extra("Tellende AS"), extra("Avrundet AS"), extra("Tidligere AS")
	formerRounded := extra("Tidligere avrundet AS")
	for _, p := range []ownership.Position{
		{Owner: m[1].ID, Entity: counted.ID, Held: 1, Outstanding: 3, Valid: munireg.Period{From: day(2020, 1, 1)}},
		{Owner: m[2].ID, Entity: counted.ID, Held: 2, Outstanding: 3, Valid: munireg.Period{From: day(2020, 1, 1)}},
		{Owner: m[1].ID, Entity: rounded.ID, Economic: dec("0.3333"), Valid: munireg.Period{From: day(2020, 1, 1)}},
		{Owner: m[2].ID, Entity: rounded.ID, Economic: dec("0.3333"), Valid: munireg.Period{From: day(2020, 1, 1)}},
		{Owner: m[3].ID, Entity: rounded.ID, Economic: dec("0.3333"), Valid: munireg.Period{From: day(2020, 1, 1)}},
		{Owner: d.Entities[0].ID, Entity: formerRounded.ID, Economic: dec("0.3333"), Valid: munireg.Period{From: day(2020, 1, 1)}},
		{Owner: d.Entities[1].ID, Entity: formerRounded.ID, Economic: dec("0.3333"), Valid: munireg.Period{From: day(2020, 1, 1)}},
		{Owner: d.Entities[2].ID, Entity: formerRounded.ID, Economic: dec("0.3333"), Valid: munireg.Period{From: day(2020, 1, 1)}},
	} {
		created, err := s.CreatePosition(ctx, p)
		require.NoError(t, err)
		all.Positions = append(all.Positions, created)
	}
	for _, entity := range []string{rounded.ID, formerRounded.ID} {
		list := ownership.OwnerList{Entity: entity, Complete: true, Tolerance: ownership.ToleranceRounded, Places: 4}
		require.NoError(t, s.SetOwnerList(ctx, list))
		all.Lists = append(all.Lists, list)
	}
	for _, f := range []ownership.Flow{
		{Owner: m[1].ID, Entity: counted.ID, Kind: ownership.FlowOther, Direction: ownership.FromOwner, Year: dataset.LastYear, Amount: dec("1234.56")},
		{Owner: m[1].ID, Entity: counted.ID, Kind: ownership.FlowDividend, Year: dataset.LastYear, Amount: dec("100.01")},
		{Owner: m[2].ID, Entity: former.ID, Kind: ownership.FlowDividend, Year: dataset.LastYear - 1, Amount: dec("999.99")},
		{Owner: m[4].ID, Entity: formerRounded.ID, Kind: ownership.FlowDividend, Year: dataset.LastYear - 1, Amount: dec("1.00")},
	} {
		created, err := s.CreateFlow(ctx, f)
		require.NoError(t, err)
		all.Flows = append(all.Flows, created)
	}

	for _, year := range []int{dataset.LastYear, dataset.LastYear - 1} {
		want, err := ownership.ForumTotals(all, d.Forum, year)
		require.NoError(t, err)
		got, err := s.ForumSummary(ctx, d.Forum, year)
		require.NoError(t, err)
		require.NotEmpty(t, want.Entities)
		if year == dataset.LastYear {
			require.Len(t, want.Rounded, 2, "the rounded owner tables are reported, of money of the year before alone too")
		}
		assert.Equal(t, canonical(t, want), canonical(t, got), "forum summary %d", year)
	}

	// Owners: municipalities, and entities that own others (chains), some of
	// them owned themselves.
	owners := map[string]bool{d.Positions[0].Owner: true, d.Positions[5].Owner: true, d.Municipalities[10].ID: true}
	for _, p := range d.Positions {
		if len(owners) >= 12 {
			break
		}
		for _, e := range d.Entities {
			if p.Owner == e.ID {
				owners[p.Owner] = true
			}
		}
	}
	for owner := range owners {
		want, err := ownership.Portfolio(all, owner, dataset.LastYear)
		require.NoError(t, err)
		got, err := s.Portfolio(ctx, owner, dataset.LastYear)
		require.NoError(t, err)
		assert.Equal(t, canonical(t, want), canonical(t, got), "portfolio of %s", owner)
	}

	for _, p := range []ownership.Position{d.Positions[0], d.Positions[5], d.Positions[1234]} {
		want, err := ownership.EntityOwners(all, p.Entity, day(2024, 12, 31), dataset.LastYear)
		require.NoError(t, err)
		got, err := s.EntityOwners(ctx, p.Entity, day(2024, 12, 31), dataset.LastYear)
		require.NoError(t, err)
		require.NotEmpty(t, want.Owners)
		assert.Equal(t, canonical(t, want), canonical(t, got), "owner table of %s", p.Entity)
	}
}

// TestPortfolioParityOnChains: the store reads a portfolio's figures (the
// owner's chains of positions, not the positions only others hold) and
// gives ownership.Portfolio's answer over the whole register, also where
// the dataset generator does not go: a cross-holding cycle, a company
// holding its own shares, shares counted in thirds, a zero share the chain
// goes on through, positions that ended or have not begun, an owner held
// by others, a rounded owner table the owner only pays money to, and
// balances before and after the year's end.
func TestPortfolioParityOnChains(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	var all ownership.Records
	org := func(name string, kind munireg.Kind, pop ...int64) string {
		o := munireg.Organization{Name: name, Kind: kind}
		for i, c := range pop {
			o.Population = append(o.Population, munireg.PopulationCount{Date: day(2023+i, 1, 1), Count: c})
		}
		created, err := s.CreateOrganization(ctx, o)
		require.NoError(t, err)
		all.Organizations = append(all.Organizations, created)
		return created.ID
	}
	k1, k2, k3 := org("Kommune 1", munireg.KindKommune, 10_000, 10_100), org("Kommune 2", munireg.KindKommune, 5_000), org("Kommune 3", munireg.KindKommune)
	a, b, c := org("Holding AS", munireg.KindAS), org("Kryss AS", munireg.KindAS), org("Motkryss AS", munireg.KindAS)
	own, zero, below := org("Egne aksjer AS", munireg.KindAS), org("Sovende AS", munireg.KindAS), org("Under AS", munireg.KindAS)
	ended, later, rounded := org("Avviklet AS", munireg.KindAS), org("Framtidig AS", munireg.KindAS), org("Avrundet IKS", munireg.KindIKS)

	since := munireg.Period{From: day(2015, 1, 1)}
	for _, p := range []ownership.Position{
		{Owner: k1, Entity: a, Economic: dec("0.6"), BookValue: decimal.NewNullDecimal(dec("600000.00")), Purpose: "Energi", Category: ownership.CategoryFinancial, Valid: since},
		{Owner: k2, Entity: a, Economic: dec("0.4"), Valid: since},
		{Owner: a, Entity: b, Economic: dec("0.5"), Valid: since},
		{Owner: c, Entity: b, Economic: dec("0.5"), Valid: since},
		{Owner: b, Entity: c, Economic: dec("0.3"), Valid: since},
		{Owner: k2, Entity: c, Economic: dec("0.7"), Valid: since},
		{Owner: own, Entity: own, Held: 1, Outstanding: 10, Valid: since},
		{Owner: k1, Entity: own, Held: 1, Outstanding: 3, Valid: since},
		{Owner: b, Entity: own, Held: 2, Outstanding: 10, Valid: since},
		{Owner: k1, Entity: zero, Economic: dec("0"), Voting: decimal.NewNullDecimal(dec("0.1")), Valid: since},
		{Owner: k3, Entity: zero, Economic: dec("0.9"), Valid: since},
		{Owner: zero, Entity: below, Economic: dec("0.25"), Valid: since},
		{Owner: k2, Entity: below, Economic: dec("0.75"), Valid: since},
		{Owner: k1, Entity: ended, Economic: dec("1"), Valid: munireg.Period{From: since.From, To: day(2020, 1, 1)}},
		{Owner: a, Entity: later, Economic: dec("1"), Valid: munireg.Period{From: day(2025, 1, 1)}},
		{Owner: k2, Entity: rounded, Economic: dec("0.3333"), Valid: since},
		{Owner: k3, Entity: rounded, Economic: dec("0.3333"), Valid: since},
		{Owner: later, Entity: rounded, Economic: dec("0.3333"), Valid: since},
	} {
		created, err := s.CreatePosition(ctx, p)
		require.NoError(t, err)
		all.Positions = append(all.Positions, created)
	}
	for _, l := range []ownership.OwnerList{
		{Entity: a, Complete: true},
		{Entity: rounded, Complete: true, Tolerance: ownership.ToleranceRounded, Places: 4},
	} {
		require.NoError(t, s.SetOwnerList(ctx, l))
		all.Lists = append(all.Lists, l)
	}
	for _, f := range []ownership.Flow{
		{Owner: k1, Entity: a, Kind: ownership.FlowDividend, Year: 2024, Amount: dec("60000.00")},
		{Owner: k1, Entity: a, Kind: ownership.FlowDividend, Year: 2024, Amount: dec("0.01")},
		{Owner: k1, Entity: a, Kind: ownership.FlowDividend, Year: 2023, Amount: dec("50000.00")},
		{Owner: k1, Entity: a, Kind: ownership.FlowLoanInterest, Year: 2022, Amount: dec("999.00")},
		{Owner: k1, Entity: rounded, Kind: ownership.FlowOther, Direction: ownership.FromOwner, Year: 2024, Amount: dec("1234.56")},
		{Owner: k1, Entity: ended, Kind: ownership.FlowDividend, Year: 2023, Amount: dec("10.00")},
		{Owner: b, Entity: c, Kind: ownership.FlowDividend, Year: 2024, Amount: dec("300.00")},
		{Owner: k2, Entity: b, Kind: ownership.FlowCapitalContribution, Year: 2024, Amount: dec("7.50")},
	} {
		created, err := s.CreateFlow(ctx, f)
		require.NoError(t, err)
		all.Flows = append(all.Flows, created)
	}
	for _, bal := range []ownership.Balance{
		{Owner: k1, Entity: a, Kind: ownership.BalanceOwnerLoan, Date: day(2023, 12, 31), Amount: dec("100000.00")},
		{Owner: k1, Entity: a, Kind: ownership.BalanceOwnerLoan, Date: day(2024, 12, 31), Amount: dec("90000.00")},
		{Owner: k1, Entity: a, Kind: ownership.BalanceOwnerLoan, Date: day(2025, 6, 30), Amount: dec("80000.00")},
		{Owner: k1, Entity: b, Kind: ownership.BalanceGuarantee, Date: day(2024, 6, 30), Amount: dec("0.00")},
		{Owner: k1, Entity: later, Kind: ownership.BalanceGuarantee, Date: day(2024, 6, 30), Amount: dec("0.00")},
		{Owner: k1, Entity: c, Kind: ownership.BalanceGuarantee, Date: day(2022, 1, 1), Amount: dec("500000.00")},
	} {
		require.NoError(t, s.SetBalance(ctx, bal))
		all.Balances = append(all.Balances, bal)
	}

	for _, year := range []int{2024, 2023, 2019} {
		for _, owner := range []string{k1, k2, k3, a, b, c, own, zero} {
			want, err := ownership.Portfolio(all, owner, year)
			require.NoError(t, err)
			got, err := s.Portfolio(ctx, owner, year)
			require.NoError(t, err)
			assert.Equal(t, canonical(t, want), canonical(t, got), "portfolio of %s, %d", owner, year)
		}
	}
	k1Portfolio, err := s.Portfolio(ctx, k1, 2024)
	require.NoError(t, err)
	require.Len(t, k1Portfolio.Rounded, 1, "the rounded table K1 only pays money to")
	assert.Equal(t, rounded, k1Portfolio.Rounded[0].Entity)

	unknown := "00000000-0000-4000-8000-000000000000"
	_, want := ownership.Portfolio(all, unknown, 2024)
	_, got := s.Portfolio(ctx, unknown, 2024)
	require.Error(t, got)
	assert.Equal(t, want.Error(), got.Error(), "the portfolio of no organization")
}

// TestPortfolioBaselineIsThePortfolio holds munireg bench's raw SQL of a
// portfolio (internal/bench PortfolioSQL) to the store's portfolio: the same
// holdings with the same direct and look-through shares, money and
// balances, so that the ratio between the two is the API's overhead over
// the same aggregation.
func TestPortfolioBaselineIsThePortfolio(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	org := func(name string, kind munireg.Kind) string {
		o, err := s.CreateOrganization(ctx, munireg.Organization{Name: name, Kind: kind,
			Population: munireg.PopulationSeries{{Date: day(2024, 1, 1), Count: 1000}}})
		require.NoError(t, err)
		return o.ID
	}
	a, d := org("Kommune A", munireg.KindKommune), org("Kommune D", munireg.KindKommune)
	b, c, e := org("Demo Holding AS", munireg.KindAS), org("Demo Kraft AS", munireg.KindAS), org("Demo Invest AS", munireg.KindAS)
	hold := func(owner, entity, share string) {
		_, err := s.CreatePosition(ctx, ownership.Position{Owner: owner, Entity: entity, Economic: dec(share),
			Valid: munireg.Period{From: day(2020, 1, 1)}})
		require.NoError(t, err)
	}
	hold(a, b, "0.5")
	hold(b, c, "0.3")
	hold(e, a, "0.1") // a position in the owner itself: A is no ultimate owner
	hold(d, b, "0.5") // a co-owner of b, and an ultimate owner
	hold(e, c, "0.7") // a co-owner of c
	pay := func(owner, entity string, kind ownership.FlowKind, year int, amount string) {
		_, err := s.CreateFlow(ctx, ownership.Flow{Owner: owner, Entity: entity, Kind: kind, Year: year, Amount: dec(amount)})
		require.NoError(t, err)
	}
	pay(d, b, ownership.FlowDividend, 2024, "100.00")
	pay(d, b, ownership.FlowCapitalContribution, 2024, "40.00")
	pay(d, b, ownership.FlowDividend, 2023, "50.00")
	pay(d, e, ownership.FlowLoanInterest, 2024, "7.50") // money with an entity it holds no share of

	for _, owner := range []string{a, d} {
		p, err := s.Portfolio(ctx, owner, 2024)
		require.NoError(t, err)
		rows, err := bench.Portfolio(ctx, s.DB(), owner, 2024)
		require.NoError(t, err)
		require.Len(t, rows, len(p.Holdings), "one row per holding")
		for i, h := range p.Holdings {
			r := rows[i]
			assert.Equal(t, h.Entity, r.EntityID)
			assert.Equal(t, h.Name, r.Name)
			domaintest.Equal(t, h.Name+" economic", r.Economic.Decimal, h.Economic.String())
			if h.Effective.Valid {
				domaintest.Equal(t, h.Name+" effective", r.Effective.Decimal, h.Effective.Decimal.String())
			}
			domaintest.Equal(t, h.Name+" income", r.Total.Decimal, h.Income.Total.String())
			domaintest.Equal(t, h.Name+" dividends", r.Dividend.Decimal, h.Income.Amount(ownership.FlowDividend).String())
			domaintest.Equal(t, h.Name+" income the year before", r.TotalBefore.Decimal, h.Change.Previous.String())
			require.NotNil(t, r.OwnerPopulation)
			assert.Equal(t, p.Population, *r.OwnerPopulation)
		}
		if owner == a {
			assert.False(t, p.Holdings[0].Effective.Valid, "A is held by E")
			domaintest.Equal(t, "shares held in A", rows[0].HeldByOthers.Decimal, "0.1")
		} else {
			require.True(t, p.Holdings[0].Effective.Valid)
			assert.False(t, rows[0].HeldByOthers.Valid, "nobody holds D")
		}
	}
}

// TestSnapshotSettingsHoldForItsTransactionAlone: the settings a snapshot
// is given (the forum's work_mem; the check's JIT and work_mem among them)
// hold inside it and not after it.
func TestSnapshotSettingsHoldForItsTransactionAlone(t *testing.T) {
	s := pgtest.Store(t)
	inside, after, err := s.SettingsInSnapshot(t.Context(), "work_mem", "7MB", "jit", "off")
	require.NoError(t, err)
	assert.Equal(t, []string{"7MB", "off"}, inside)
	assert.NotEqual(t, "7MB", after[0], "work_mem after the snapshot")
}
