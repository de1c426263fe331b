package main

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/ownership"
)

// demoActor is the actor the audit log records for the demo data.
var demoActor = munireg.Actor{ID: "demo", Name: "munireg serve --demo", Role: munireg.RoleAdmin}

// loadDemo fills an empty register so that a new user sees real answers at
// once: the 357 municipalities of 2024 (real: names, numbers, organisation
// numbers, from testdata/municipalities_2024.csv) and a small region around
// five of them on Sunnmøre — Volda, Ørsta, Hareid, Ulstein and Herøy:
//
//   - an IKS owned by three of them, its cost shared 30 % equally and 70 % by
//     population, with the 2025 budget;
//   - a vertskommune arrangement hosted by Volda for all five (child welfare),
//     its cost shared 20 % equally and 80 % by population, with its budget;
//   - an energy company the five own, with three years of dividends and of
//     interest on their owner loans (and the loans' balances), split by the
//     register's own Distribution;
//   - their owner forum.
//
// The municipalities are real; everything else is named "Demo …" and its
// figures (populations, amounts, shares, rates) are illustrative. A register
// with any organization in it is left alone; it reports whether it loaded
// anything.
func loadDemo(ctx context.Context, s *pgstore.Store) (bool, error) {
	ctx = munireg.NewContextWithActor(ctx, demoActor)
	page, err := s.FindOrganizations(ctx, munireg.OrganizationFilter{Limit: 1})
	if err != nil || page.Total > 0 {
		return false, err
	}
	municipalities, err := munireg.Municipalities2024()
	if err != nil {
		return false, err
	}
	loaded, err := s.LoadOrganizations(ctx, municipalities)
	if err != nil {
		return false, err
	}
	byNumber := map[string]munireg.Organization{}
	for _, o := range loaded {
		byNumber[o.Municipality.String()] = o
	}
	d := demo{ctx: ctx, s: s}

	// Five real Sunnmøre municipalities, with illustrative populations.
	var region []munireg.Organization
	for _, m := range []struct {
		number     string
		population int64
	}{{"1577", 10000}, {"1520", 11000}, {"1517", 5000}, {"1516", 8500}, {"1515", 9000}} {
		o, err := s.SetPopulation(ctx, byNumber[m.number].ID, 1, munireg.PopulationSeries{
			{Date: day(2024, 1, 1), Count: m.population}, {Date: day(2025, 1, 1), Count: m.population + m.population/100},
		})
		if err != nil {
			return false, fmt.Errorf("demo population: %w", err)
		}
		region = append(region, o)
	}
	volda := region[0]

	d.agreement(cooperation.Agreement{Name: "Demo Renovasjon IKS", Form: cooperation.FormIKS},
		cooperation.Version{Purpose: "Innsamling og behandling av avfall (demo)", Key: d.key("0.30", "0.70")},
		region[:3], []string{"0.5", "0.3", "0.2"}, "1000000.00")
	d.agreement(cooperation.Agreement{Name: "Demo barnevern (vertskommune Volda)", Form: cooperation.FormHostAdministrative},
		cooperation.Version{Purpose: "Barneverntjeneste for fem kommuner (demo)", Host: volda.ID, Key: d.key("0.20", "0.80")},
		region, nil, "24000000.00")

	// The energy company: its owners' shares, three years of dividends, and
	// owner loans of 100 million kroner in all, pro rata, at 5 % a year.
	company := d.organization(munireg.Organization{Name: "Demo Kraft AS", Kind: munireg.KindAS})
	for i, share := range []string{"0.30", "0.25", "0.15", "0.15", "0.15"} {
		d.position(ownership.Position{Owner: region[i].ID, Entity: company.ID, Economic: dec(share),
			Valid: munireg.Period{From: day(2020, 1, 1)}, Purpose: "Kraftproduksjon og avkastning (demo)",
			Category: ownership.CategoryBoth})
	}
	loans := d.split(company.ID, "100000000.00", day(2021, 12, 31))
	for _, year := range []int{2022, 2023, 2024} {
		dividend := map[int]string{2022: "8000000.00", 2023: "12000000.00", 2024: "10000000.00"}[year]
		d.flows(d.split(company.ID, dividend, day(year, 12, 31)).Flows(ownership.FlowDividend, year, day(year+1, 5, 15)))
		d.flows(d.split(company.ID, "5000000.00", day(year, 12, 31)).Flows(ownership.FlowLoanInterest, year, day(year, 12, 31)))
	}
	for _, row := range loans.Rows {
		d.balance(ownership.Balance{Owner: row.Ref, Entity: company.ID, Kind: ownership.BalanceOwnerLoan,
			Date: day(2024, 12, 31), Amount: row.Amount})
	}

	owners := make([]string, len(region))
	for i, o := range region {
		owners[i] = o.ID
	}
	if _, err := s.CreateForum(ctx, ownership.Forum{Name: "Demo eierforum Sunnmøre",
		Description: "Fem kommuner på Sunnmøre (demo: illustrative tall)", Owners: owners}); err != nil {
		return false, fmt.Errorf("demo forum: %w", err)
	}
	return true, d.err
}

// demo builds the demo region, keeping the first error: every later step
// is skipped after one fails.
type demo struct {
	ctx context.Context
	s   *pgstore.Store
	err error
}

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// key is "fixed equally, the rest by population per 1.1.".
func (d *demo) key(equal, population string) cooperation.Key {
	return cooperation.Key{Components: []cooperation.Component{
		{Name: "fast", Weight: dec(equal), Basis: cooperation.BasisEqual},
		{Name: "innbyggere", Weight: dec(population), Basis: cooperation.BasisPopulation},
	}}
}

// agreement stores a with one version v (adopted 30.11.2023, in force from
// 1.1.2024) of the participants, with their eierandeler when shares are
// given, and issues its 2025 budget of total.
func (d *demo) agreement(a cooperation.Agreement, v cooperation.Version, participants []munireg.Organization, shares []string, total string) {
	if d.err != nil {
		return
	}
	v.Adopted, v.Valid = day(2023, 11, 30), munireg.Period{From: day(2024, 1, 1)}
	for i, o := range participants {
		p := cooperation.Participant{Organization: munireg.Organization{ID: o.ID}, Seats: map[string]int{"representantskap": 2}}
		if shares != nil {
			p.Ownership = decimal.NewNullDecimal(dec(shares[i]))
		}
		v.Participants = append(v.Participants, p)
	}
	a.Versions = []cooperation.Version{v}
	if a, d.err = d.s.CreateAgreement(d.ctx, a); d.err != nil {
		d.err = fmt.Errorf("demo agreement %s: %w", a.Name, d.err)
		return
	}
	budget, err := cooperation.IssueBudget(a, 2025, dec(total), day(2025, 1, 1), nil, munireg.Rounding{})
	if err == nil {
		_, err = d.s.CreateBudget(d.ctx, budget)
	}
	if err != nil {
		d.err = fmt.Errorf("demo budget of %s: %w", a.Name, err)
	}
}

func (d *demo) organization(o munireg.Organization) munireg.Organization {
	if d.err == nil {
		if o, d.err = d.s.CreateOrganization(d.ctx, o); d.err != nil {
			d.err = fmt.Errorf("demo organization: %w", d.err)
		}
	}
	return o
}

func (d *demo) position(p ownership.Position) {
	if d.err == nil {
		if _, d.err = d.s.CreatePosition(d.ctx, p); d.err != nil {
			d.err = fmt.Errorf("demo position: %w", d.err)
		}
	}
}

// split divides total over the entity's owners as of asOf, as the register
// splits any declared amount (largest remainder, to the øre).
func (d *demo) split(entity, total string, asOf time.Time) ownership.Distribution {
	var split ownership.Distribution
	if d.err == nil {
		if split, d.err = d.s.Distribution(d.ctx, entity, dec(total), asOf, munireg.Rounding{}); d.err != nil {
			d.err = fmt.Errorf("demo split: %w", d.err)
		}
	}
	return split
}

func (d *demo) flows(flows []ownership.Flow) {
	if d.err == nil {
		if _, d.err = d.s.LoadFlows(d.ctx, flows); d.err != nil {
			d.err = fmt.Errorf("demo flows: %w", d.err)
		}
	}
}

func (d *demo) balance(b ownership.Balance) {
	if d.err == nil {
		if d.err = d.s.SetBalance(d.ctx, b); d.err != nil {
			d.err = fmt.Errorf("demo balance: %w", d.err)
		}
	}
}
