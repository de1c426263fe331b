package governance_test

import (
	"fmt"
	"time"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/governance"
	"github.com/shopspring/decimal"
)

// A representantskap of an IKS with two owner municipalities (made-up
// names and IDs), checked as of 1 June 2024 against the seats of the
// agreement version in force.
func ExampleCheck() {
	since := munireg.Period{From: time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC)}
	member := func(id, person, org string, role governance.Role, deputy int) governance.Membership {
		return governance.Membership{ID: id, Body: "rs", Person: person, Role: role, Deputy: deputy,
			Organization: org, Side: governance.SidePoliticians, Valid: since}
	}
	r := governance.Register{
		People: []governance.Person{
			{ID: "p1", Name: "Anne", Gender: governance.GenderFemale},
			{ID: "p2", Name: "Bjørn", Gender: governance.GenderMale},
			{ID: "p3", Name: "Cecilie", Gender: governance.GenderFemale},
			{ID: "p4", Name: "David", Gender: governance.GenderMale},
		},
		Bodies: []governance.Body{{ID: "rs", Subject: governance.Subject{Agreement: "renovasjon-iks"},
			Kind: governance.BodyOwnersAssembly, Name: "Representantskapet", Valid: since}},
		Memberships: []governance.Membership{
			member("m1", "p1", "kommune-a", governance.RoleLeader, 0),
			member("m2", "p2", "kommune-b", governance.RoleDeputyLeader, 0),
			member("m3", "p3", "kommune-a", governance.RoleDeputy, 1),
			member("m4", "p4", "kommune-b", governance.RoleDeputy, 2),
		},
		Seats: []governance.Seat{
			{Agreement: "renovasjon-iks", Body: "representantskap", Organization: "kommune-a", Seats: 1},
			{Agreement: "renovasjon-iks", Body: "representantskap", Organization: "kommune-b", Seats: 2},
		},
	}
	findings, err := governance.Check(r, governance.Options{AsOf: time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, f := range findings {
		fmt.Printf("%-21s %-9s %s\n", f.Rule, f.Status, f.Detail)
	}
	// Output:
	// gender-balance        ok        2 members of Representantskapet: 1 woman, 1 man; at least 1 of each gender required.
	// gender-balance        ok        2 deputies of Representantskapet: 1 woman, 1 man; at least 1 of each gender required.
	// numbered-deputies     ok        kommune-a has 1 deputy in Representantskapet, numbered 1.
	// numbered-deputies     violation kommune-b has 1 deputy in Representantskapet, numbered 2: number 1 missing.
	// seats-match-agreement ok        kommune-a has 1 member in Representantskapet, as the agreement gives it.
	// seats-match-agreement violation kommune-b has 1 member in Representantskapet, 1 fewer than its 2 seats in the agreement.
	// goals-count           violation The agreement renovasjon-iks has no goals for 2024.
}

// A state–municipality partnership reports one goal to both principals;
// the report shows the results against the target year by year.
func ExampleGoalReport() {
	partnership := governance.Subject{Agreement: "nav-partnerskap"}
	r := governance.Register{
		Goals: []governance.Goal{{ID: "overgang-arbeid", Subject: partnership, Purpose: "Flere i arbeid",
			Indicator: "Andel brukere i arbeid etter tiltak", Unit: "percent", Target: decimal.RequireFromString("50"),
			Direction: governance.DirectionAtLeast, Recipients: []string{"staten", "kommunen"}, First: 2022}},
		Results: []governance.Result{
			{Goal: "overgang-arbeid", Year: 2022, Value: decimal.RequireFromString("47.5")},
			{Goal: "overgang-arbeid", Year: 2023, Value: decimal.RequireFromString("51.0")},
		},
	}
	report, err := governance.GoalReport(r, []governance.Subject{partnership, {Entity: "havn-as"}},
		governance.Options{FirstYear: 2022, LastYear: 2024})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, sg := range report {
		fmt.Printf("%s: %d goal(s), flag %q\n", sg.Subject, len(sg.Goals), sg.Flag)
		for _, gp := range sg.Goals {
			fmt.Printf("  %s, target %s %s, reported to %v\n", gp.Goal.Indicator, gp.Goal.Direction, gp.Goal.Target, gp.Goal.Recipients)
			for _, y := range gp.Years {
				switch {
				case y.Met == nil:
					fmt.Printf("    %d no result\n", y.Year)
				default:
					fmt.Printf("    %d %s met: %t\n", y.Year, y.Value.Decimal.StringFixed(1), *y.Met)
				}
			}
		}
	}
	// Output:
	// agreement nav-partnerskap: 1 goal(s), flag ""
	//   Andel brukere i arbeid etter tiltak, target at-least 50, reported to [staten kommunen]
	//     2022 47.5 met: false
	//     2023 51.0 met: true
	//     2024 no result
	// entity havn-as: 0 goal(s), flag "no-goals"
}
