package ownership_test

import (
	"fmt"
	"time"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
	"github.com/shopspring/decimal"
)

// An illustrative energy company owned by three municipalities with shares
// published as percentages with three decimals (45,735 %, 30,128 %,
// 24,137 %) declares a dividend of kr 123 456 789, paid in whole kroner.
// The company, its owners, the shares and the amount are made up for the
// example; they are not a real owner table. Largest remainder pays out the
// total exactly; rounding each row half up, as many published tables do,
// loses a krone.
func ExampleDistribute() {
	since := munireg.Period{From: time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)}
	positions := []ownership.Position{
		{Owner: "kommune-a", Entity: "energi", Economic: decimal.RequireFromString("0.45735"), Valid: since},
		{Owner: "kommune-b", Entity: "energi", Economic: decimal.RequireFromString("0.30128"), Valid: since},
		{Owner: "kommune-c", Entity: "energi", Economic: decimal.RequireFromString("0.24137"), Valid: since},
	}
	lists := []ownership.OwnerList{{Entity: "energi", Complete: true}}
	asOf := time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)
	total := decimal.RequireFromString("123456789")
	for _, policy := range []munireg.RoundingPolicy{munireg.LargestRemainder, munireg.HalfUpPerRow} {
		d, err := ownership.Distribute(total, "energi", positions, lists, asOf, munireg.Rounding{Unit: decimal.NewFromInt(1), Policy: policy})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(policy)
		for _, row := range d.Rows {
			fmt.Printf("  %s %8s %11s  (exact %s)\n", row.Ref, row.Share.Shift(2).StringFixed(3), row.Amount.StringFixed(0), row.Exact.StringFixed(5))
		}
		fmt.Printf("  sum %s, difference %s\n", d.Sum.StringFixed(0), d.Difference.StringFixed(0))
	}
	// Output:
	// largest-remainder
	//   kommune-a   45.735    56462963  (exact 56462962.44915)
	//   kommune-b   30.128    37195061  (exact 37195061.38992)
	//   kommune-c   24.137    29798765  (exact 29798765.16093)
	//   sum 123456789, difference 0
	// half-up-per-row
	//   kommune-a   45.735    56462962  (exact 56462962.44915)
	//   kommune-b   30.128    37195061  (exact 37195061.38992)
	//   kommune-c   24.137    29798765  (exact 29798765.16093)
	//   sum 123456788, difference -1
}

// A county and two municipalities own an energy company through a holding
// company, and the energy company and a grid company hold shares of each
// other. The organizations and shares are illustrative. By hand, for the
// county: Θ[energi] = 0.5 × 0.9 + 0.1 Θ[nett] and Θ[nett] = 0.6 Θ[energi],
// so Θ[energi] = 0.45 / 0.94 = 45/94.
func ExampleLookThrough() {
	since := munireg.Period{From: time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)}
	p := func(owner, entity, share string) ownership.Position {
		return ownership.Position{Owner: owner, Entity: entity, Economic: decimal.RequireFromString(share), Valid: since}
	}
	positions := []ownership.Position{
		p("fylke", "holding", "0.5"), p("kommune-a", "holding", "0.3"), p("kommune-b", "holding", "0.2"),
		p("holding", "energi", "0.9"), p("nett", "energi", "0.1"),
		p("energi", "nett", "0.6"), p("kommune-a", "nett", "0.4"),
	}
	eo, err := ownership.LookThrough(positions, nil, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("cycles:", eo.Cycles())
	for _, entity := range []string{"energi", "nett"} {
		for _, s := range eo.Owners(entity) {
			fmt.Printf("%-6s %-9s %-7s = %s\n", entity, s.Owner, s.Rat().RatString(), s.Share.StringFixed(6))
		}
	}
	d, err := eo.Indirect("nett", decimal.RequireFromString("1000000.00"), munireg.Rounding{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range d.Rows {
		fmt.Printf("nett dividend to %-9s %10s\n", row.Ref, row.Amount.StringFixed(2))
	}
	// Output:
	// cycles: [[energi nett]]
	// energi fylke     45/94   = 0.478723
	// energi kommune-a 31/94   = 0.329787
	// energi kommune-b 9/47    = 0.191489
	// nett   fylke     27/94   = 0.287234
	// nett   kommune-a 281/470 = 0.597872
	// nett   kommune-b 27/235  = 0.114894
	// nett dividend to fylke      287234.04
	// nett dividend to kommune-a  597872.34
	// nett dividend to kommune-b  114893.62
}

// An illustrative municipality's portfolio for 2023: a wholly owned
// energy company it has lent money to, and a share of a waste company. The
// organizations, figures and population are made up for the example.
func ExamplePortfolio() {
	jan1 := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	since := munireg.Period{From: jan1(2010)}
	records := ownership.Records{
		Organizations: []munireg.Organization{
			{ID: "kommune", Name: "Eksempel kommune", Kind: munireg.KindKommune,
				Population: munireg.PopulationSeries{{Date: jan1(2022), Count: 12_010}, {Date: jan1(2023), Count: 12_100}}},
			{ID: "energi", Name: "Eksempel Energi AS", Kind: munireg.KindAS},
			{ID: "avfall", Name: "Eksempel Avfall IKS", Kind: munireg.KindIKS},
		},
		Positions: []ownership.Position{
			{Owner: "kommune", Entity: "energi", Economic: decimal.NewFromInt(1), Valid: since,
				BookValue: decimal.NewNullDecimal(decimal.RequireFromString("250000000")),
				Purpose:   "Langsiktig finansiell avkastning", Category: ownership.CategoryFinancial},
			{Owner: "kommune", Entity: "avfall", Economic: decimal.RequireFromString("0.2350"), Valid: since,
				Purpose: "Avfallshåndtering for innbyggerne", Category: ownership.CategorySectorPolicy},
		},
		Flows: []ownership.Flow{
			{Owner: "kommune", Entity: "energi", Kind: ownership.FlowDividend, Year: 2022, Amount: decimal.RequireFromString("10000000.00")},
			{Owner: "kommune", Entity: "energi", Kind: ownership.FlowDividend, Year: 2023, Amount: decimal.RequireFromString("12500000.00")},
			{Owner: "kommune", Entity: "energi", Kind: ownership.FlowLoanInterest, Year: 2023, Amount: decimal.RequireFromString("1800000.00")},
			{Owner: "kommune", Entity: "avfall", Kind: ownership.FlowCapitalContribution, Year: 2023, Amount: decimal.RequireFromString("470000.00")},
		},
		Balances: []ownership.Balance{
			{Owner: "kommune", Entity: "energi", Kind: ownership.BalanceOwnerLoan, Date: time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC),
				Amount: decimal.RequireFromString("40000000.00")},
		},
	}
	p, err := ownership.Portfolio(records, "kommune", 2023)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range p.Holdings {
		yield := "-"
		if h.Yield.Valid {
			yield = h.Yield.Decimal.StringFixed(ownership.RatioPlaces)
		}
		fmt.Printf("%-20s share %s effective %s income %12s yield %s loan %s\n", h.Name, h.Economic.StringFixed(4),
			h.Effective.Decimal.StringFixed(4), h.Income.Total.StringFixed(2), yield, h.OwnerLoan.StringFixed(2))
	}
	for _, line := range p.Income.Lines {
		if !line.Amount.IsZero() {
			fmt.Printf("%-22s %14s\n", line.Kind, line.Amount.StringFixed(2))
		}
	}
	fmt.Printf("%-22s %14s\n", "total", p.Income.Total.StringFixed(2))
	fmt.Printf("per inhabitant (%d)    %14s\n", p.Population, p.PerInhabitant.Decimal.StringFixed(2))
	fmt.Printf("change from 2022       %14s (%s)\n", p.Change.Absolute.StringFixed(2), p.Change.Relative.Decimal.StringFixed(ownership.RatioPlaces))
	fmt.Printf("yield on book value %s, owner loans %s\n", p.Yield.Decimal.StringFixed(ownership.RatioPlaces), p.OwnerLoans.StringFixed(2))
	// Output:
	// Eksempel Avfall IKS  share 0.2350 effective 0.2350 income   -470000.00 yield - loan 0.00
	// Eksempel Energi AS   share 1.0000 effective 1.0000 income  14300000.00 yield 0.050000 loan 40000000.00
	// dividend                  12500000.00
	// owner-loan-interest        1800000.00
	// capital-contribution       -470000.00
	// total                     13830000.00
	// per inhabitant (12100)           1142.98
	// change from 2022           3830000.00 (0.383000)
	// yield on book value 0.050000, owner loans 40000000.00
}
