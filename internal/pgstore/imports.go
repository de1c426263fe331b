package pgstore

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"sort"
	"time"

	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/enhetsregisteret"
	"github.com/munireg/munireg/internal/importing"
	"github.com/munireg/munireg/internal/ssb"
)

// importBatch is how many rows an import writes between progress reports.
const importBatch = 1000

// referenceOrganizations are the municipalities of 2024
// (munireg.Municipalities2024) and the 14 fylkeskommuner of 2024, named
// "<county> fylkeskommune", without organisation numbers: the reference
// data has none for them.
func referenceOrganizations() ([]munireg.Organization, error) {
	out, err := munireg.Municipalities2024()
	if err != nil {
		return nil, err
	}
	counties, err := munireg.Counties2024()
	if err != nil {
		return nil, err
	}
	return append(out, counties...), nil
}

// importActor returns the actor of an import, which must be an admin.
func importActor(ctx context.Context) error {
	actor, ok := munireg.ActorFromContext(ctx)
	if !ok {
		return munireg.ErrNoActor
	}
	return actor.MayAdminister()
}

// ImportMunicipalities brings the register up to date with the reference
// data shipped with munireg: the 357 municipalities of 2024 with their
// organisation numbers and kommunenummer history (the 2023 number until the
// reform where it changed) and the 14 fylkeskommuner of 2024 (Oslo's
// county functions are Oslo kommune's). It is idempotent: run again, it
// changes nothing, bumps no revision and writes no audit row.
//
// A municipality is matched by organisation number, else by the
// kommunenummer in force now (the 2024 number, else the 2023 one); a
// fylkeskommune, which has neither here, by kind and name. What it does not
// find it creates. What it finds it makes a kommune (or fylkeskommune) with
// the reference's organisation number and a history that gives the
// reference's numbers on 31 December 2023 and 1 January 2024 — keeping a
// history that already does, and the periods before the reform of one that
// does not. It never renames: the reference's names are short ("Volda"),
// some only in Sámi, and a register's names are its own. A municipality
// whose kommunenummer belongs, in the register, to an organization with
// another organisation number is a conflict the import refuses
// (ValidationErrors on "municipalities[<kommunenummer>].orgNumber"), as a
// whole. Admin only.
func (s *Store) ImportMunicipalities(ctx context.Context) (importing.Result, error) {
	if err := importActor(ctx); err != nil {
		return importing.Result{}, err
	}
	ref, err := referenceOrganizations()
	if err != nil {
		return importing.Result{}, err
	}
	var res importing.Result
	err = s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		res = importing.Result{}
		existing, err := lockReferenceCandidates(ctx, tx, ref)
		if err != nil {
			return err
		}
		creates, updates, unchanged, err := planReference(ref, existing)
		if err != nil {
			return err
		}
		res.Unchanged = unchanged
		total := len(creates) + len(updates)
		if err := createOrganizations(ctx, tx, actor, creates, func(n int) { importing.ReportProgress(ctx, n, total) }); err != nil {
			return err
		}
		res.Created = len(creates)
		for i, u := range updates {
			if err := updateOrganization(ctx, tx, actor, actionUpdate, u[0], u[1]); err != nil {
				return err
			}
			importing.ReportProgress(ctx, len(creates)+i+1, total)
		}
		res.Updated = len(updates)
		return nil
	})
	if err != nil {
		return importing.Result{}, err
	}
	return res, nil
}

// lockReferenceCandidates locks and loads the organizations the reference
// may match: by organisation number, by any of its kommunenummer, or
// fylkeskommuner by name.
func lockReferenceCandidates(ctx context.Context, tx bun.Tx, ref []munireg.Organization) ([]munireg.Organization, error) {
	var orgNumbers, numbers, names []string
	for _, r := range ref {
		if !r.OrgNumber.IsZero() {
			orgNumbers = append(orgNumbers, r.OrgNumber.String())
		}
		for _, n := range r.MunicipalityHistory {
			numbers = append(numbers, n.Number.String())
		}
		if r.Kind == munireg.KindFylkeskommune {
			names = append(names, nameKey(r.Name))
		}
	}
	var rows []organizationRow
	if err := tx.NewSelect().Model(&rows).
		WhereOr("o.org_number IN (?)", bun.List(orgNumbers)).
		WhereOr("o.id IN (SELECT organization_id FROM municipality_number WHERE number IN (?))", bun.List(numbers)).
		WhereOr("o.kind = ? AND o.name_key IN (?)", string(munireg.KindFylkeskommune), bun.List(names)).
		OrderExpr("o.id").For("UPDATE").Scan(ctx); err != nil {
		return nil, err
	}
	return loadOrganizations(ctx, tx, rows, time.Time{})
}

// planReference matches the reference organizations with the register's
// and returns what to create, the updates (before, after) and how many are
// unchanged.
func planReference(ref, existing []munireg.Organization) (creates []munireg.Organization, updates [][2]munireg.Organization, unchanged int, err error) {
	byOrgNumber := map[munireg.OrgNumber]int{}
	byNumber := map[string][]int{} // the kommunenummer in force now
	countyByName := map[string]int{}
	for i, o := range existing {
		if !o.OrgNumber.IsZero() {
			byOrgNumber[o.OrgNumber] = i
		}
		if h := o.MunicipalityHistory; len(h) > 0 && h[len(h)-1].Valid.To.IsZero() {
			byNumber[h[len(h)-1].Number.String()] = append(byNumber[h[len(h)-1].Number.String()], i)
		}
		if o.Kind == munireg.KindFylkeskommune {
			countyByName[nameKey(o.Name)] = i
		}
	}
	var errs munireg.ValidationErrors
	matchedBy := map[int]string{}
	for _, r := range ref {
		what := "fylkeskommuner[" + r.Name + "]"
		if r.Kind == munireg.KindKommune {
			what = "municipalities[" + r.MunicipalityHistory[len(r.MunicipalityHistory)-1].Number.String() + "]"
		}
		m, found := -1, false
		if i, ok := byOrgNumber[r.OrgNumber]; ok && !r.OrgNumber.IsZero() {
			m, found = i, true
		}
		for k := len(r.MunicipalityHistory) - 1; !found && k >= 0; k-- {
			for _, i := range byNumber[r.MunicipalityHistory[k].Number.String()] {
				o := existing[i]
				if !o.OrgNumber.IsZero() && o.OrgNumber != r.OrgNumber {
					errs.Add(what+".orgNumber", fmt.Errorf("%w: the register's %s %q (%s) has kommunenummer %s and organisasjonsnummer %s; the reference data says %s",
						munireg.ErrExists, o.Kind, o.Name, o.ID, r.MunicipalityHistory[k].Number, o.OrgNumber, orDash(r.OrgNumber.String())))
					continue
				}
				if found {
					errs.Add(what, fmt.Errorf("%w: two organizations in the register have kommunenummer %s", munireg.ErrDuplicateRef, r.MunicipalityHistory[k].Number))
					continue
				}
				m, found = i, true
			}
		}
		if i, ok := countyByName[nameKey(r.Name)]; !found && ok && r.Kind == munireg.KindFylkeskommune {
			m, found = i, true
		}
		if !found {
			creates = append(creates, r)
			continue
		}
		if other, twice := matchedBy[m]; twice {
			errs.Add(what, fmt.Errorf("%w: the register's %q matches %s too", munireg.ErrDuplicateRef, existing[m].Name, other))
			continue
		}
		matchedBy[m] = what
		before := existing[m]
		after := before
		after.Kind = r.Kind
		if !r.OrgNumber.IsZero() {
			after.OrgNumber = r.OrgNumber
		}
		if after.Valid.From.IsZero() && after.Valid.To.IsZero() {
			after.Valid = r.Valid
		}
		after.MunicipalityHistory = reconcileHistory(before.MunicipalityHistory, r.MunicipalityHistory)
		if reflect.DeepEqual(snapshotOrganization(before), snapshotOrganization(after)) {
			unchanged++
			continue
		}
		updates = append(updates, [2]munireg.Organization{before, after})
	}
	return creates, updates, unchanged, errs.Err()
}

func orDash(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// reconcileHistory returns the kommunenummer history that keeps what the
// register has (have) and agrees with the reference (want) on the last day
// before the 2024 reform and from its first: have itself when it does; want
// when have is empty; otherwise have's periods before the reform followed
// by want's number from it.
func reconcileHistory(have, want []munireg.NumberPeriod) []munireg.NumberPeriod {
	if len(want) == 0 {
		return have
	}
	if len(have) == 0 {
		return want
	}
	eve := munireg.Reform2024.AddDate(0, 0, -1)
	numberAt := func(h []munireg.NumberPeriod, t time.Time) (munireg.MunicipalityNumber, bool) {
		return munireg.Organization{MunicipalityHistory: h}.NumberAsOf(t)
	}
	haveEve, okHaveEve := numberAt(have, eve)
	wantEve, okWantEve := numberAt(want, eve)
	haveNow, okHaveNow := numberAt(have, munireg.Reform2024)
	wantNow, _ := numberAt(want, munireg.Reform2024)
	if okHaveEve == okWantEve && haveEve == wantEve && okHaveNow && haveNow == wantNow && have[len(have)-1].Valid.To.IsZero() {
		return have
	}
	var out []munireg.NumberPeriod
	for _, p := range have {
		if !p.Valid.From.IsZero() && !p.Valid.From.Before(munireg.Reform2024) {
			continue
		}
		if p.Valid.To.IsZero() || p.Valid.To.After(munireg.Reform2024) {
			p.Valid.To = munireg.Reform2024
		}
		out = append(out, p)
	}
	if len(out) == 0 {
		return want
	}
	if last := &out[len(out)-1]; last.Number == wantNow && last.Valid.To.Equal(munireg.Reform2024) {
		last.Valid.To = time.Time{}
		return out
	}
	return append(out, munireg.NumberPeriod{Number: wantNow, Valid: munireg.Period{From: munireg.Reform2024}})
}

// createOrganizations inserts new organizations in tx, a batch at a time,
// with an audit row each, calling done with the number written so far.
// They are validated first; their fields are "organizations[i].…".
func createOrganizations(ctx context.Context, tx bun.Tx, actor munireg.Actor, orgs []munireg.Organization, done func(int)) error {
	var errs munireg.ValidationErrors
	for i := range orgs {
		orgs[i].ID, orgs[i].Revision = newID(), 1
		normalizeNumbers(&orgs[i])
		errs.Merge(fmt.Sprintf("organizations[%d]", i), orgs[i].Validate())
	}
	if err := errs.Err(); err != nil {
		return err
	}
	for start := 0; start < len(orgs); start += importBatch {
		batch := orgs[start:min(start+importBatch, len(orgs))]
		var rows []organizationRow
		var numbers []numberRow
		for _, o := range batch {
			row, n, _ := organizationRows(o)
			rows = append(rows, row)
			numbers = append(numbers, n...)
		}
		if err := errorsFirst(
			func() error { return insertRows(ctx, tx, rows) },
			func() error { return insertRows(ctx, tx, numbers) },
		); err != nil {
			return err
		}
		for _, o := range batch {
			if err := audit(ctx, tx, actor, actionCreate, recordOrganization, o.ID, nil, snapshotOrganization(o)); err != nil {
				return err
			}
		}
		done(start + len(batch))
	}
	return nil
}

// ImportEntities loads units of Enhetsregisteret (enhetsregisteret.Parse)
// as organizations, matched by organisation number: a unit the register
// lacks is created, with the name Enhetsregisteret gives it; one whose kind
// or name differs is updated to the unit's, with the next revision and an
// audit row; the rest are unchanged. The names of municipalities and
// counties are the exception: they come from the reference data and stay
// (Enhetsregisteret writes "VOLDA KOMMUNE" where the register says "Volda"),
// as the municipalities import leaves them alone.
// A file with invalid units loads nothing and returns them as
// ValidationErrors ("line[12].organisasjonsnummer"), unless skipInvalid:
// then the rest is loaded and the invalid units are in Result.Skipped.
// Everything happens in one transaction. Admin only.
func (s *Store) ImportEntities(ctx context.Context, f enhetsregisteret.File, skipInvalid bool) (importing.Result, error) {
	if err := importActor(ctx); err != nil {
		return importing.Result{}, err
	}
	if len(f.Invalid) > 0 && !skipInvalid {
		return importing.Result{}, f.Invalid.Err()
	}
	var res importing.Result
	err := s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		res = importing.Result{Skipped: f.Invalid.Sorted()}
		existing := map[munireg.OrgNumber]munireg.Organization{}
		for start := 0; start < len(f.Units); start += importBatch {
			var numbers []string
			for _, u := range f.Units[start:min(start+importBatch, len(f.Units))] {
				numbers = append(numbers, u.OrgNumber.String())
			}
			var rows []organizationRow
			if err := tx.NewSelect().Model(&rows).Where("o.org_number IN (?)", bun.List(numbers)).
				OrderExpr("o.id").For("UPDATE").Scan(ctx); err != nil {
				return err
			}
			orgs, err := loadOrganizations(ctx, tx, rows, time.Time{})
			if err != nil {
				return err
			}
			for _, o := range orgs {
				existing[o.OrgNumber] = o
			}
		}
		var creates []munireg.Organization
		var updates [][2]munireg.Organization
		for _, u := range f.Units {
			before, ok := existing[u.OrgNumber]
			switch {
			case !ok:
				creates = append(creates, munireg.Organization{Name: u.Name, Kind: u.Kind(), OrgNumber: u.OrgNumber})
			case before.Kind == u.Kind() && (before.Name == u.Name || before.Kind.Municipal()):
				res.Unchanged++
			default:
				after := before
				after.Kind = u.Kind()
				if !after.Kind.Municipal() {
					after.Name = u.Name
				}
				updates = append(updates, [2]munireg.Organization{before, after})
			}
		}
		total := len(creates) + len(updates)
		if err := createOrganizations(ctx, tx, actor, creates, func(n int) { importing.ReportProgress(ctx, n, total) }); err != nil {
			return unitErrors(err, f.Units, creates)
		}
		res.Created = len(creates)
		for i, u := range updates {
			if err := updateOrganization(ctx, tx, actor, actionUpdate, u[0], u[1]); err != nil {
				return err
			}
			if (i+1)%importBatch == 0 || i+1 == len(updates) {
				importing.ReportProgress(ctx, len(creates)+i+1, total)
			}
		}
		res.Updated = len(updates)
		return nil
	})
	if err != nil {
		return importing.Result{}, err
	}
	return res, nil
}

// unitErrors names the units behind validation errors of the organizations
// created from them ("organizations[i].name" → "line[12].navn").
func unitErrors(err error, units []enhetsregisteret.Unit, creates []munireg.Organization) error {
	var errs munireg.ValidationErrors
	if !errors.As(err, &errs) {
		return err
	}
	byNumber := map[munireg.OrgNumber]enhetsregisteret.Unit{}
	for _, u := range units {
		byNumber[u.OrgNumber] = u
	}
	var out munireg.ValidationErrors
	for _, e := range errs {
		var i int
		var field string
		if n, _ := fmt.Sscanf(e.Field, "organizations[%d].%s", &i, &field); n >= 1 && i < len(creates) {
			u := byNumber[creates[i].OrgNumber]
			out.Add(munireg.JoinField(u.Ref, unitField(field)), e.Err)
			continue
		}
		out = append(out, e)
	}
	return out
}

func unitField(field string) string {
	switch field {
	case "name":
		return enhetsregisteret.FieldName
	case "kind":
		return enhetsregisteret.FieldForm
	case "orgNumber":
		return enhetsregisteret.FieldOrgNumber
	}
	return field
}

// ImportPopulation loads SSB's figures (ssb.Parse) into the population
// series of the municipalities they are of: the figure of region R in year
// Y is the population on 1 January of Y of the organization whose
// kommunenummer was R on that date — or, when none had it then (SSB gives
// today's municipalities figures for earlier years too), of the one
// organization that has had R at some time. A region no organization has
// had ("line[12].region": munireg.ErrNotFound), or several have, and one
// organization's figure for a date given twice, differently, are invalid.
//
// A file with invalid rows loads nothing and returns them all, its own and
// these, as ValidationErrors, unless skipInvalid: then the rest is loaded
// and the invalid rows are in Result.Skipped, with the rows the file passes
// over (ssb.File.Passed), which are always there. Created, Updated and
// Unchanged count figures. Each organization whose series changed gets its
// next revision and one audit row ("population", before and after); one
// whose figures are all as they were is untouched. One transaction; admin
// only.
func (s *Store) ImportPopulation(ctx context.Context, f ssb.File, skipInvalid bool) (importing.Result, error) {
	if err := importActor(ctx); err != nil {
		return importing.Result{}, err
	}
	if len(f.Invalid) > 0 && !skipInvalid {
		return importing.Result{}, f.Invalid.Err()
	}
	var res importing.Result
	err := s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		res = importing.Result{}
		problems := slices.Clone(f.Invalid)
		owners, err := resolveRegions(ctx, tx, f.Rows, &problems)
		if err != nil {
			return err
		}
		// The figures of each organization, by date; one of a date twice
		// must agree with itself.
		type figure struct {
			count int64
			line  int
		}
		figures := map[string]map[time.Time]figure{}
		for i, r := range f.Rows {
			id := owners[i]
			if id == "" {
				continue
			}
			if figures[id] == nil {
				figures[id] = map[time.Time]figure{}
			}
			if first, twice := figures[id][r.Date()]; twice {
				if first.count != r.Count {
					problems.Add(r.Ref(), r.Line, "count", fmt.Errorf("%w: %d for %s on %s, while line %d gives %d for the same municipality",
						munireg.ErrInvalidPopulation, r.Count, r.Region, r.Date().Format(time.DateOnly), first.line, first.count))
				}
				continue // the same figure again: counted once, with the first
			}
			figures[id][r.Date()] = figure{r.Count, r.Line}
		}
		if len(problems) > 0 && !skipInvalid {
			return problems.Err()
		}
		res.Skipped = append(problems, f.Passed...).Sorted()
		ids := make([]string, 0, len(figures))
		for id := range figures {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		if len(ids) == 0 {
			return nil
		}
		var locked []string // in ID order, so that concurrent loads cannot deadlock
		if err := tx.NewSelect().TableExpr("organization").Column("id").Where("id IN (?)", bun.List(ids)).
			OrderExpr("id").For("UPDATE").Scan(ctx, &locked); err != nil {
			return err
		}
		var stored []populationRow
		if err := tx.NewSelect().Model(&stored).Where("organization_id IN (?)", bun.List(ids)).
			OrderExpr("organization_id, date").Scan(ctx); err != nil {
			return err
		}
		before := map[string]munireg.PopulationSeries{}
		for _, p := range stored {
			before[p.OrganizationID] = append(before[p.OrganizationID], munireg.PopulationCount{Date: p.Date.UTC(), Count: p.Count})
		}
		var upserts []populationRow
		var changed []string
		for _, id := range ids {
			have := map[time.Time]int64{}
			for _, c := range before[id] {
				have[c.Date] = c.Count
			}
			n := len(upserts)
			for d, fig := range figures[id] {
				count, ok := have[d]
				switch {
				case !ok:
					res.Created++
				case count != fig.count:
					res.Updated++
				default:
					res.Unchanged++
					continue
				}
				upserts = append(upserts, populationRow{OrganizationID: id, Date: d, Count: fig.count})
			}
			if len(upserts) > n {
				changed = append(changed, id)
			}
		}
		for start := 0; start < len(upserts); start += importBatch {
			batch := upserts[start:min(start+importBatch, len(upserts))]
			if _, err := tx.NewInsert().Model(&batch).
				On("CONFLICT (organization_id, date) DO UPDATE").Set("count = EXCLUDED.count").Exec(ctx); err != nil {
				return err
			}
			importing.ReportProgress(ctx, start+len(batch), len(upserts))
		}
		if len(changed) == 0 {
			return nil
		}
		if _, err := tx.NewUpdate().Model((*organizationRow)(nil)).
			Set("version = version + 1").Set("updated_at = now()").Where("id IN (?)", bun.List(changed)).Exec(ctx); err != nil {
			return err
		}
		for _, id := range changed {
			after := map[time.Time]int64{}
			for _, c := range before[id] {
				after[c.Date] = c.Count
			}
			for d, fig := range figures[id] {
				after[d] = fig.count
			}
			series := make(munireg.PopulationSeries, 0, len(after))
			for d, c := range after {
				series = append(series, munireg.PopulationCount{Date: d, Count: c})
			}
			slices.SortFunc(series, func(a, b munireg.PopulationCount) int { return a.Date.Compare(b.Date) })
			if err := audit(ctx, tx, actor, actionUpdate, "population", id, before[id], series); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return importing.Result{}, err
	}
	return res, nil
}

// resolveRegions finds the organization of each row (see
// ImportPopulation), "" for a row it cannot resolve, whose problem it adds.
func resolveRegions(ctx context.Context, tx bun.Tx, rows []ssb.Row, problems *importing.Problems) ([]string, error) {
	owners := make([]string, len(rows))
	if len(rows) == 0 {
		return owners, nil
	}
	regions := map[string]bool{}
	for _, r := range rows {
		regions[r.Region.String()] = true
	}
	var numbers []numberRow
	for start, list := 0, sortedKeys(regions); start < len(list); start += importBatch {
		var batch []numberRow
		if err := tx.NewSelect().Model(&batch).Where("number IN (?)", bun.List(list[start:min(start+importBatch, len(list))])).
			Scan(ctx); err != nil {
			return nil, err
		}
		numbers = append(numbers, batch...)
	}
	byNumber := map[string][]numberRow{}
	for _, n := range numbers {
		byNumber[n.Number] = append(byNumber[n.Number], n)
	}
	for i, r := range rows {
		d := r.Date()
		var then, ever []string
		for _, n := range byNumber[r.Region.String()] {
			if !slices.Contains(ever, n.OrganizationID) {
				ever = append(ever, n.OrganizationID)
			}
			if !n.ValidFrom.After(d) && (n.ValidTo == nil || n.ValidTo.After(d)) && !slices.Contains(then, n.OrganizationID) {
				then = append(then, n.OrganizationID)
			}
		}
		candidates := then
		if len(candidates) == 0 {
			candidates = ever
		}
		switch len(candidates) {
		case 1:
			owners[i] = candidates[0]
		case 0:
			problems.Add(r.Ref(), r.Line, "region", fmt.Errorf("%w: no municipality in the register has or had kommunenummer %s (%s)",
				munireg.ErrNotFound, r.Region, r.Name))
		default:
			problems.Add(r.Ref(), r.Line, "region", fmt.Errorf("%w: %d organizations in the register have had kommunenummer %s, none of them on %s",
				munireg.ErrDuplicateRef, len(candidates), r.Region, d.Format(time.DateOnly)))
		}
	}
	return owners, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
