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
// numbers) and a worked example around three of them — an IKS sharing its
// cost 30 % equally and 70 % by population with the year's budget, a
// company they own with its dividends, and their owner forum. Everything in
// the example is named "Demo …" and its figures (populations, amounts,
// shares) are illustrative. A register with any organization in it is left
// alone; it reports whether it loaded anything.
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
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	dec := decimal.RequireFromString

	// Three Sunnmøre municipalities, with illustrative populations.
	var members []munireg.Organization
	for _, m := range []struct {
		number     string
		population int64
	}{{"1577", 10000}, {"1520", 11000}, {"1517", 5000}} {
		o, err := s.SetPopulation(ctx, byNumber[m.number].ID, 1, munireg.PopulationSeries{
			{Date: day(2024, 1, 1), Count: m.population}, {Date: day(2025, 1, 1), Count: m.population + m.population/100},
		})
		if err != nil {
			return false, fmt.Errorf("demo population: %w", err)
		}
		members = append(members, o)
	}

	iks := cooperation.Agreement{Name: "Demo Renovasjon IKS", Form: cooperation.FormIKS}
	version := cooperation.Version{Adopted: day(2023, 11, 30), Valid: munireg.Period{From: day(2024, 1, 1)},
		Purpose: "Innsamling og behandling av avfall (demo)",
		Key: cooperation.Key{Components: []cooperation.Component{
			{Name: "fast", Weight: dec("0.30"), Basis: cooperation.BasisEqual},
			{Name: "innbyggere", Weight: dec("0.70"), Basis: cooperation.BasisPopulation},
		}}}
	for i, share := range []string{"0.5", "0.3", "0.2"} {
		version.Participants = append(version.Participants, cooperation.Participant{
			Organization: munireg.Organization{ID: members[i].ID}, Ownership: decimal.NewNullDecimal(dec(share)),
			Seats: map[string]int{"representantskap": 2}})
	}
	iks.Versions = []cooperation.Version{version}
	if iks, err = s.CreateAgreement(ctx, iks); err != nil {
		return false, fmt.Errorf("demo agreement: %w", err)
	}
	budget, err := cooperation.IssueBudget(iks, 2025, dec("1000000.00"), day(2025, 1, 1), nil, munireg.Rounding{})
	if err != nil {
		return false, fmt.Errorf("demo budget: %w", err)
	}
	if _, err := s.CreateBudget(ctx, budget); err != nil {
		return false, fmt.Errorf("demo budget: %w", err)
	}

	company, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Demo Kraft AS", Kind: munireg.KindAS})
	if err != nil {
		return false, fmt.Errorf("demo company: %w", err)
	}
	for i, share := range []string{"0.40", "0.35", "0.25"} {
		if _, err := s.CreatePosition(ctx, ownership.Position{Owner: members[i].ID, Entity: company.ID, Economic: dec(share),
			Valid: munireg.Period{From: day(2020, 1, 1)}, Purpose: "Kraftproduksjon og avkastning (demo)",
			Category: ownership.CategoryBoth}); err != nil {
			return false, fmt.Errorf("demo position: %w", err)
		}
	}
	// The company's dividends, split over its owners as the register splits
	// any declared dividend.
	var flows []ownership.Flow
	for _, d := range []struct {
		year  int
		total string
	}{{2023, "8000000.00"}, {2024, "10000000.00"}} {
		split, err := s.Distribution(ctx, company.ID, dec(d.total), day(d.year, 12, 31), munireg.Rounding{})
		if err != nil {
			return false, fmt.Errorf("demo dividend: %w", err)
		}
		flows = append(flows, split.Flows(ownership.FlowDividend, d.year, day(d.year+1, 5, 15))...)
	}
	if _, err := s.LoadFlows(ctx, flows); err != nil {
		return false, fmt.Errorf("demo flows: %w", err)
	}
	owners := []string{members[0].ID, members[1].ID, members[2].ID}
	if _, err := s.CreateForum(ctx, ownership.Forum{Name: "Demo eierforum Sunnmøre",
		Description: "Tre kommuner i en demo (illustrative tall)", Owners: owners}); err != nil {
		return false, fmt.Errorf("demo forum: %w", err)
	}
	return true, nil
}
