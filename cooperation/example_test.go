package cooperation_test

import (
	"fmt"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/shopspring/decimal"
)

// Four Sunnmøre municipalities (kommunenummer from testdata) share a budget
// of kr 1 000 000: 30 % equally, 70 % by population. The population figures
// are illustrative round numbers, not SSB's.
func ExampleAllocate() {
	key := cooperation.Key{Components: []cooperation.Component{
		{Name: "fast", Weight: decimal.RequireFromString("0.30"), Basis: cooperation.BasisEqual},
		{Name: "innbyggere", Weight: decimal.RequireFromString("0.70"), Basis: cooperation.BasisPopulation},
	}}
	parties := []cooperation.Party{
		{Ref: "1577", Population: 10100}, // Volda (illustrative)
		{Ref: "1520", Population: 10900}, // Ørsta (illustrative)
		{Ref: "1516", Population: 8700},  // Ulstein (illustrative)
		{Ref: "1517", Population: 5200},  // Hareid (illustrative)
	}
	a, err := cooperation.Allocate(decimal.RequireFromString("1000000.00"), key, parties, munireg.Rounding{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range a.Rows {
		fmt.Printf("%s %12s = %12s + %13s  (exact %s)\n", row.Ref, row.Amount.StringFixed(2),
			row.Breakdown[0].StringFixed(2), row.Breakdown[1].StringFixed(2), row.Exact.StringFixed(10))
	}
	fmt.Println("sum", a.Sum.StringFixed(2), "balanced:", a.Balanced())
	// Output:
	// 1577    277578.80 =     75000.00 +     202578.80  (exact 277578.7965616046)
	// 1520    293624.64 =     75000.00 +     218624.64  (exact 293624.6418338109)
	// 1516    249498.57 =     75000.00 +     174498.57  (exact 249498.5673352436)
	// 1517    179297.99 =     75000.00 +     104297.99  (exact 179297.9942693410)
	// sum 1000000.00 balanced: true
}

// "kr 51 258 base + kr 3,08 per inhabitant, max kr 66 635", in whole kroner.
// The population figures are illustrative, not SSB's.
func ExampleTariff() {
	t := cooperation.Tariff{
		Base:  decimal.RequireFromString("51258"),
		Rate:  decimal.RequireFromString("3.08"),
		Basis: cooperation.BasisPopulation,
		Cap:   decimal.NewNullDecimal(decimal.RequireFromString("66635")),
	}
	charges, err := t.Apply([]cooperation.Party{
		{Ref: "1511", Population: 3100}, // Vanylven (illustrative)
		{Ref: "1514", Population: 2500}, // Sande (illustrative)
		{Ref: "1517", Population: 5200}, // Hareid (illustrative)
	}, decimal.NewFromInt(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range charges.Rows {
		fmt.Printf("%s %8s -> %6s capped=%t\n", c.Ref, c.Exact.StringFixed(2), c.Amount.StringFixed(0), c.Capped)
	}
	fmt.Println("sum", charges.Sum.StringFixed(0))
	// Output:
	// 1511 60806.00 ->  60806 capped=false
	// 1514 58958.00 ->  58958 capped=false
	// 1517 67274.00 ->  66635 capped=true
	// sum 186399
}

// A year-end settlement: a-konto was paid on a budget of kr 1 200 000 split
// by population; the actual cost was kr 1 254 321.50 and the population on
// 1 January had changed. Population figures are illustrative.
func ExampleSettle() {
	key := cooperation.Key{Components: []cooperation.Component{
		{Name: "innbyggere", Weight: decimal.NewFromInt(1), Basis: cooperation.BasisPopulation},
	}}
	budget := []cooperation.Party{{Ref: "1516", Population: 8700}, {Ref: "1517", Population: 5200}, {Ref: "1520", Population: 10900}}
	planned, err := cooperation.Allocate(decimal.RequireFromString("1200000.00"), key, budget, munireg.Rounding{})
	if err != nil {
		fmt.Println(err)
		return
	}
	paid := map[string]decimal.Decimal{}
	for _, row := range planned.Rows {
		quarters, err := cooperation.Installments(row.Amount, 4, decimal.Zero)
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s a-konto %s %s %s %s\n", row.Ref, quarters[0].StringFixed(2), quarters[1].StringFixed(2),
			quarters[2].StringFixed(2), quarters[3].StringFixed(2))
		paid[row.Ref] = row.Amount
	}

	actual := []cooperation.Party{{Ref: "1516", Population: 8750}, {Ref: "1517", Population: 5150}, {Ref: "1520", Population: 10950}}
	s, err := cooperation.Settle(decimal.RequireFromString("1254321.50"), key, actual, paid, munireg.Rounding{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, row := range s.Rows {
		fmt.Printf("%s paid %10s final %12s difference %10s\n", row.Ref, row.Paid.StringFixed(2), row.Final.StringFixed(2), row.Difference.StringFixed(2))
	}
	fmt.Println("balance", s.Balance.StringFixed(2))
	// Output:
	// 1516 a-konto 105241.94 105241.94 105241.93 105241.93
	// 1517 a-konto 62903.23 62903.23 62903.22 62903.22
	// 1520 a-konto 131854.84 131854.84 131854.84 131854.84
	// 1516 paid  420967.74 final    441662.50 difference   20694.76
	// 1517 paid  251612.90 final    259949.93 difference    8337.03
	// 1520 paid  527419.36 final    552709.07 difference   25289.71
	// balance 54321.50
}
