package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/schema"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/munireg/munireg/internal/archive"
	"github.com/munireg/munireg/ownership"
)

// ExportRegister reads the whole register as one archive document (see
// package archive): every organization, succession, agreement, budget,
// position, owner list, flow, balance and forum, with IDs and revisions,
// each list in a stable order. Everything is read from one snapshot (a
// read-only REPEATABLE READ transaction), so the document never mixes the
// register before a change with the register after it. API tokens and the
// audit log are not part of it.
func (s *Store) ExportRegister(ctx context.Context) (archive.Register, error) {
	doc := archive.New()
	err := s.db.RunInTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true},
		func(ctx context.Context, tx bun.Tx) error { return readRegister(ctx, tx, &doc) })
	if err != nil {
		return archive.Register{}, storeError(err)
	}
	return doc, nil
}

func readRegister(ctx context.Context, db bun.IDB, doc *archive.Register) error {
	var orgRows []organizationRow
	if err := db.NewSelect().Model(&orgRows).OrderExpr("o.id").Scan(ctx); err != nil {
		return err
	}
	orgs, err := loadOrganizations(ctx, db, orgRows, time.Time{})
	if err != nil {
		return err
	}
	for _, o := range orgs {
		doc.Organizations = append(doc.Organizations, archive.FromOrganization(o))
	}

	var successions []successionRow
	if err := db.NewSelect().Model(&successions).OrderExpr("predecessor_id, successor_id").Scan(ctx); err != nil {
		return err
	}
	for _, r := range successions {
		doc.Successions = append(doc.Successions, archive.FromSuccession(
			munireg.Succession{Predecessor: r.PredecessorID, Successor: r.SuccessorID, Effective: r.Effective.UTC()}))
	}

	var agreementRows []agreementRow
	if err := db.NewSelect().Model(&agreementRows).OrderExpr("a.id").Scan(ctx); err != nil {
		return err
	}
	agreements, err := loadAgreements(ctx, db, agreementRows)
	if err != nil {
		return err
	}
	for _, a := range agreements {
		doc.Agreements = append(doc.Agreements, archive.FromAgreement(a))
	}

	var budgets []budgetRow
	if err := db.NewSelect().Model(&budgets).OrderExpr("b.id").Scan(ctx); err != nil {
		return err
	}
	var lines []budgetLineRow
	if err := db.NewSelect().Model(&lines).OrderExpr("budget_id, position").Scan(ctx); err != nil {
		return err
	}
	linesOf := map[string][]budgetLineRow{}
	for _, l := range lines {
		linesOf[l.BudgetID] = append(linesOf[l.BudgetID], l)
	}
	for _, r := range budgets {
		b, err := toBudget(r, linesOf[r.ID])
		if err != nil {
			return err
		}
		doc.Budgets = append(doc.Budgets, archive.FromBudget(b))
	}

	var positions []positionRow
	if err := db.NewSelect().Model(&positions).OrderExpr("p.id").Scan(ctx); err != nil {
		return err
	}
	for _, r := range positions {
		doc.Positions = append(doc.Positions, archive.FromPosition(r.toPosition()))
	}

	var lists []ownerListRow
	if err := db.NewSelect().Model(&lists).OrderExpr("entity_id").Scan(ctx); err != nil {
		return err
	}
	for _, r := range lists {
		doc.OwnerLists = append(doc.OwnerLists, archive.FromOwnerList(ownership.OwnerList{Entity: r.EntityID,
			Complete: r.Complete, Tolerance: ownership.Tolerance(r.Tolerance), Places: r.Places}))
	}

	var flows []flowRow
	if err := db.NewSelect().Model(&flows).OrderExpr("f.id").Scan(ctx); err != nil {
		return err
	}
	for _, r := range flows {
		doc.Flows = append(doc.Flows, archive.FromFlow(r.toFlow()))
	}

	var balances []balanceRow
	if err := db.NewSelect().Model(&balances).OrderExpr("owner_id, entity_id, kind, date").Scan(ctx); err != nil {
		return err
	}
	for _, r := range balances {
		doc.Balances = append(doc.Balances, archive.FromBalance(r.toBalance()))
	}

	var forums []forumRow
	if err := db.NewSelect().Model(&forums).OrderExpr("fo.id").Scan(ctx); err != nil {
		return err
	}
	var members []forumMemberRow
	if err := db.NewSelect().Model(&members).OrderExpr("forum_id, organization_id").Scan(ctx); err != nil {
		return err
	}
	membersOf := map[string][]string{}
	for _, m := range members {
		membersOf[m.ForumID] = append(membersOf[m.ForumID], m.OrganizationID)
	}
	for _, r := range forums {
		doc.Forums = append(doc.Forums, archive.FromForum(ownership.Forum{ID: r.ID, Revision: r.Version, Name: r.Name,
			Description: r.Description, Owners: membersOf[r.ID]}))
	}
	return nil
}

// ImportRegister loads a whole register from an archive document into this
// register, which must be empty, and returns the number of records of each
// kind loaded. Records keep their IDs and revisions, a budget its issue
// time; API tokens are not part of a document, so the register keeps the
// tokens it has.
//
// Only an admin may import (munireg.ErrForbidden otherwise). Everything is
// checked before anything is written, as the single-record paths check it
// (the domain's Validate functions and the store's precision rules, a
// position's entity's share sums at every date with the document's owner
// lists, uniqueness of IDs, org numbers, forum names), and every reference
// (owner, entity, participant, host, budget row, forum member, successor)
// must resolve to a record of the document. Violations are
// ValidationErrors with fields naming the record by its place in the
// document ("positions[12].owner"). A register that is not empty is
// refused with a ValidationError wrapping munireg.ErrExists.
//
// The load is one transaction with PostgreSQL COPY: all of it or nothing.
// It writes one audit row ("create") per record, as the importing actor,
// so that every record's history begins with the import that made it.
func (s *Store) ImportRegister(ctx context.Context, doc archive.Register) (archive.Counts, error) {
	actor, ok := munireg.ActorFromContext(ctx)
	if !ok {
		return archive.Counts{}, munireg.ErrNoActor
	}
	if err := actor.MayAdminister(); err != nil {
		return archive.Counts{}, err
	}
	rows, err := prepareImport(doc, actor, time.Now().UTC())
	if err != nil {
		return archive.Counts{}, err
	}
	err = s.bulk(ctx, func(ctx context.Context, db bun.IDB, cp copier) error {
		// Imports take turns on the register's one instance row, so that
		// two of them cannot both find the register empty.
		var id string
		if err := db.NewSelect().TableExpr("munireg_instance").Column("id").For("UPDATE").Scan(ctx, &id); err != nil {
			return err
		}
		if err := checkEmpty(ctx, db); err != nil {
			return err
		}
		return rows.copy(ctx, db, cp)
	})
	if err != nil {
		return archive.Counts{}, err
	}
	return doc.Count(), nil
}

// registerTables are the tables of the register's records, for the
// emptiness check of an import: everything but tokens and the audit log.
var registerTables = []string{"organization", "organization_succession", "agreement", "budget", "position",
	"owner_list", "flow", "balance", "forum"}

// checkEmpty refuses a register that holds any record.
func checkEmpty(ctx context.Context, db bun.IDB) error {
	var held []string
	for _, t := range registerTables {
		var exists bool
		if err := db.NewRaw("SELECT EXISTS (SELECT 1 FROM ?)", bun.Ident(t)).Scan(ctx, &exists); err != nil {
			return err
		}
		if exists {
			held = append(held, strings.ReplaceAll(t, "_", " ")+"s")
		}
	}
	if len(held) == 0 {
		return nil
	}
	return munireg.ValidationErrors{{Err: fmt.Errorf(
		"%w: the register is not empty (it holds %s); a register document is imported into an empty register only",
		munireg.ErrExists, strings.Join(held, ", "))}}
}

// importRows are the rows of every table an import fills, and its audit
// rows.
type importRows struct {
	organizations []organizationRow
	numbers       []numberRow
	population    []populationRow
	successions   []successionRow
	agreements    []agreementRows
	budgets       []budgetRow
	budgetLines   []budgetLineRow
	positions     []positionRow
	ownerLists    []ownerListRow
	flows         []flowRow
	balances      []balanceRow
	forums        []forumRow
	members       []forumMemberRow
	audit         [][]any
}

// copy writes the rows, parents before children.
func (r importRows) copy(ctx context.Context, db bun.IDB, cp copier) error {
	var versions []versionRow
	var participants []participantRow
	var seats []seatRow
	var components []componentRow
	var tariffs []tariffRow
	agreements := make([]agreementRow, len(r.agreements))
	for i, a := range r.agreements {
		agreements[i] = a.agreement
		versions = append(versions, a.versions...)
		participants = append(participants, a.participants...)
		seats = append(seats, a.seats...)
		components = append(components, a.components...)
		tariffs = append(tariffs, a.tariffs...)
	}
	return errorsFirst(
		func() error { return copyModels(db, cp, r.organizations) },
		func() error { return copyModels(db, cp, r.numbers) },
		func() error { return copyModels(db, cp, r.population) },
		func() error { return copyModels(db, cp, r.successions) },
		func() error { return copyModels(db, cp, agreements) },
		func() error { return copyModels(db, cp, versions) },
		func() error { return copyModels(db, cp, participants) },
		func() error { return copyModels(db, cp, seats) },
		func() error { return copyModels(db, cp, components) },
		func() error { return copyModels(db, cp, tariffs) },
		func() error { return copyModels(db, cp, r.budgets) },
		func() error { return copyModels(db, cp, r.budgetLines) },
		func() error { return copyModels(db, cp, r.positions) },
		func() error { return copyModels(db, cp, r.ownerLists) },
		func() error { return copyModels(db, cp, r.flows) },
		func() error { return copyModels(db, cp, r.balances) },
		func() error { return copyModels(db, cp, r.forums) },
		func() error { return copyModels(db, cp, r.members) },
		func() error { return cp.rows("audit", auditColumns, r.audit) },
		func() error {
			return analyze(ctx, db, len(r.organizations)+len(r.positions)+len(r.flows),
				"organization", "population", "position", "flow")
		},
	)
}

// importCheck collects the violations of a document, with what the checks
// of later sections need from earlier ones.
type importCheck struct {
	errs       munireg.ValidationErrors
	orgs       map[string]munireg.Organization
	agreements map[string]bool
	audit      [][]any
	actor      munireg.Actor
	at         time.Time
}

// id checks a record's ID: present, a UUID, not given twice in its section
// (seen maps IDs to the field that gave them first).
func (c *importCheck) id(field, id string, seen map[string]string) {
	switch {
	case id == "":
		c.errs.Add(field+".id", munireg.ErrRequired)
	case checkID(id) != nil:
		c.errs.Add(field+".id", fmt.Errorf("not a UUID in lower case: %q", id))
	case seen[id] != "":
		c.errs.Add(field+".id", fmt.Errorf("%w: %s has the same ID", munireg.ErrExists, seen[id]))
	default:
		seen[id] = field
	}
}

// revision checks a record's revision, which a stored record has from 1.
func (c *importCheck) revision(field string, rev int64) {
	if rev < 1 {
		c.errs.Add(field+".revision", fmt.Errorf("%d: a stored record's revision is 1 or more", rev))
	}
}

// ref checks that field names an organization of the document.
func (c *importCheck) ref(field, id string) {
	if _, ok := c.orgs[id]; !ok {
		c.errs.Add(field, fmt.Errorf("%w: no organization %q in the document", munireg.ErrNotFound, id))
	}
}

// record adds the audit row of a record created by the import.
func (c *importCheck) record(recordType, id string, after any) {
	a, err := bulkAuditRow(c.at, c.actor, recordType, id, after)
	if err != nil {
		c.errs.Add("", err)
		return
	}
	c.audit = append(c.audit, a)
}

// prepareImport checks the whole document and makes its rows, or returns
// every violation.
func prepareImport(doc archive.Register, actor munireg.Actor, at time.Time) (importRows, error) {
	var out importRows
	c := &importCheck{orgs: map[string]munireg.Organization{}, agreements: map[string]bool{}, actor: actor, at: at}
	if doc.Format != archive.Format || doc.Version != archive.Version {
		return out, munireg.ValidationErrors{{Field: "format", Err: fmt.Errorf("%w: %q version %d (want %q version %d)",
			archive.ErrFormat, doc.Format, doc.Version, archive.Format, archive.Version)}}
	}

	seen := map[string]string{}
	byNumber := map[string]string{}
	for i, d := range doc.Organizations {
		field := fmt.Sprintf("organizations[%d]", i)
		o, err := d.Domain()
		c.errs.Merge(field, err)
		c.id(field, o.ID, seen)
		c.revision(field, o.Revision)
		c.errs.Merge(field, o.Validate())
		if n := o.OrgNumber.String(); n != "" {
			if other, dup := byNumber[n]; dup {
				c.errs.Add(field+".orgNumber", fmt.Errorf("%w: %s has the same org number", munireg.ErrExists, other))
			}
			byNumber[n] = field
		}
		if h := o.MunicipalityHistory; len(h) > 0 {
			o.Municipality = h[len(h)-1].Number // as the store reads it back
		}
		c.orgs[o.ID] = o
		row, numbers, pop := organizationRows(o)
		out.organizations = append(out.organizations, row)
		out.numbers = append(out.numbers, numbers...)
		out.population = append(out.population, pop...)
		c.record(recordOrganization, o.ID, snapshotOrganization(o))
	}

	links := map[[2]string]string{}
	for i, d := range doc.Successions {
		field := fmt.Sprintf("successions[%d]", i)
		sc := d.Domain()
		c.errs.Merge(field, sc.Validate())
		c.ref(field+".predecessor", sc.Predecessor)
		c.ref(field+".successor", sc.Successor)
		if other, dup := links[[2]string{sc.Predecessor, sc.Successor}]; dup {
			c.errs.Add(field+".successor", fmt.Errorf("%w: %s is the same link", munireg.ErrExists, other))
		}
		links[[2]string{sc.Predecessor, sc.Successor}] = field
		row := successionRow{PredecessorID: sc.Predecessor, SuccessorID: sc.Successor, Effective: sc.Effective.UTC()}
		out.successions = append(out.successions, row)
		c.record("succession", sc.Predecessor, row)
	}

	seen = map[string]string{}
	for i, d := range doc.Agreements {
		field := fmt.Sprintf("agreements[%d]", i)
		a, err := d.Domain()
		c.errs.Merge(field, err)
		c.id(field, a.ID, seen)
		c.revision(field, a.Revision)
		// The participants as the register would resolve them: the
		// document's organizations.
		resolved := true
		for j, v := range a.Versions {
			if v.Host != "" {
				c.ref(fmt.Sprintf("%s.versions[%d].host", field, j), v.Host)
			}
			for k := range v.Participants {
				p := &a.Versions[j].Participants[k]
				if o, ok := c.orgs[p.Organization.ID]; ok {
					p.Organization = o
				} else {
					resolved = false
					c.ref(fmt.Sprintf("%s.versions[%d].participants[%d].organization", field, j, k), p.Organization.ID)
				}
			}
		}
		if resolved {
			c.errs.Merge(field, validateAgreement(a))
		}
		c.agreements[a.ID] = true
		out.agreements = append(out.agreements, toAgreementRows(a))
		c.record(recordAgreement, a.ID, snapshotAgreement(a))
	}

	seen = map[string]string{}
	for i, d := range doc.Budgets {
		field := fmt.Sprintf("budgets[%d]", i)
		b := d.Domain()
		c.id(field, b.ID, seen)
		if !c.agreements[b.Agreement] {
			c.errs.Add(field+".agreement", fmt.Errorf("%w: no agreement %q in the document", munireg.ErrNotFound, b.Agreement))
		}
		if b.Issued.IsZero() {
			c.errs.Add(field+".issued", munireg.ErrRequired)
		}
		if b.Year < 1 || b.Year > 9999 {
			c.errs.Add(field+".year", fmt.Errorf("year must be from 1 to 9999, not %d", b.Year))
		}
		if b.AsOf.IsZero() {
			c.errs.Add(field+".asOf", munireg.ErrRequired)
		}
		c.errs.Merge(field+".allocation.rounding", b.Allocation.Rounding.Validate())
		var errs munireg.ValidationErrors
		unit.check(&errs, "allocation.rounding.unit", b.Allocation.Rounding.Unit)
		for j, r := range b.Allocation.Rows {
			exact.check(&errs, fmt.Sprintf("allocation.rows[%d].exact", j), r.Exact)
			c.ref(fmt.Sprintf("%s.allocation.rows[%d].ref", field, j), r.Ref)
		}
		c.errs.Merge(field, errs.Err())
		c.errs.Merge(field, checkIssued(b))
		row, lines, err := budgetRows(b)
		c.errs.Merge(field, err)
		row.IssuedAt = b.Issued
		out.budgets = append(out.budgets, row)
		out.budgetLines = append(out.budgetLines, lines...)
		c.record(recordBudget, b.ID, snapshotBudget(b))
	}

	seen = map[string]string{}
	lists := map[string]ownership.OwnerList{}
	for i, d := range doc.OwnerLists {
		field := fmt.Sprintf("ownerLists[%d]", i)
		l := d.Domain()
		c.errs.Merge(field, l.Validate())
		c.ref(field+".entity", l.Entity)
		if other := seen[l.Entity]; other != "" {
			c.errs.Add(field+".entity", fmt.Errorf("%w: %s is the same entity's", munireg.ErrExists, other))
		}
		seen[l.Entity] = field
		if l.Tolerance == "" {
			l.Tolerance = ownership.ToleranceExact
		}
		lists[l.Entity] = l
		row := ownerListRow{EntityID: l.Entity, Complete: l.Complete, Tolerance: string(l.Tolerance), Places: l.Places}
		out.ownerLists = append(out.ownerLists, row)
		c.record("owner-list", l.Entity, row)
	}

	seen = map[string]string{}
	byEntity := map[string][]ownership.Position{}
	for i, d := range doc.Positions {
		field := fmt.Sprintf("positions[%d]", i)
		p := d.Domain()
		c.id(field, p.ID, seen)
		c.revision(field, p.Revision)
		c.errs.Merge(field, validatePosition(p))
		c.ref(field+".owner", p.Owner)
		c.ref(field+".entity", p.Entity)
		byEntity[p.Entity] = append(byEntity[p.Entity], p)
		row := toPositionRow(p)
		out.positions = append(out.positions, row)
		c.record(recordPosition, p.ID, row)
	}
	if len(c.errs) == 0 {
		// The share sums, as LoadPositions checks them: each entity's
		// positions together, under its owner list, at every date.
		for _, e := range slices.Sorted(maps.Keys(byEntity)) {
			var ls []ownership.OwnerList
			if l, ok := lists[e]; ok {
				ls = []ownership.OwnerList{l}
			}
			if err := checkShareDates(byEntity[e], ls); err != nil {
				c.errs.Add("positions", fmt.Errorf("entity %s: %w", e, err))
			}
		}
		// An owner list declared complete needs owners even without
		// positions of its own.
		for _, e := range slices.Sorted(maps.Keys(lists)) {
			if _, ok := byEntity[e]; !ok {
				if err := checkShareDates(nil, []ownership.OwnerList{lists[e]}); err != nil {
					c.errs.Add("ownerLists", fmt.Errorf("entity %s: %w", e, err))
				}
			}
		}
	}

	seen = map[string]string{}
	for i, d := range doc.Flows {
		field := fmt.Sprintf("flows[%d]", i)
		f := d.Domain()
		c.id(field, f.ID, seen)
		c.revision(field, f.Revision)
		c.errs.Merge(field, validateFlow(f))
		c.ref(field+".owner", f.Owner)
		c.ref(field+".entity", f.Entity)
		row := toFlowRow(f)
		out.flows = append(out.flows, row)
		c.record(recordFlow, f.ID, row)
	}

	balanceKeys := map[[4]string]string{}
	for i, d := range doc.Balances {
		field := fmt.Sprintf("balances[%d]", i)
		b := d.Domain()
		c.errs.Merge(field, validateBalance(b))
		c.ref(field+".owner", b.Owner)
		c.ref(field+".entity", b.Entity)
		row := toBalanceRow(b)
		key := [4]string{b.Owner, b.Entity, string(b.Kind), dateString(b.Date)}
		if other, dup := balanceKeys[key]; dup {
			c.errs.Add(field+".date", fmt.Errorf("%w: %s is the same balance on the same date", munireg.ErrExists, other))
		}
		balanceKeys[key] = field
		out.balances = append(out.balances, row)
		c.record(recordBalance, b.Entity, row)
	}

	seen = map[string]string{}
	names := map[string]string{}
	for i, d := range doc.Forums {
		field := fmt.Sprintf("forums[%d]", i)
		f := d.Domain()
		c.id(field, f.ID, seen)
		c.revision(field, f.Revision)
		c.errs.Merge(field, f.Validate())
		for j, o := range f.Owners {
			c.ref(fmt.Sprintf("%s.owners[%d]", field, j), o)
		}
		if other, dup := names[f.Name]; dup {
			c.errs.Add(field+".name", fmt.Errorf("%w: %s has the same name", munireg.ErrExists, other))
		}
		names[f.Name] = field
		f.Owners = sortedMembers(f.Owners)
		out.forums = append(out.forums, forumRow{ID: f.ID, Version: f.Revision, Name: f.Name, Description: f.Description})
		for _, o := range f.Owners {
			out.members = append(out.members, forumMemberRow{ForumID: f.ID, OrganizationID: o})
		}
		c.record(recordForum, f.ID, snapshotForum(f))
	}

	if err := c.errs.Err(); err != nil {
		return importRows{}, err
	}
	out.audit = c.audit
	return out, nil
}

// The NUMERIC columns of budgets besides money.
var (
	unit  = numeric{precision: 20, scale: 10}
	exact = numeric{precision: 40, scale: 20}
)

// checkIssued checks that a budget's rows are what its inputs allocate (its
// key and parties, total and rounding): a budget is only ever issued by
// cooperation.IssueBudget, so rows that sum to another total, or that give
// a participant another amount, are not a budget the register could hold.
func checkIssued(b cooperation.Budget) error {
	want, err := cooperation.Allocate(b.Allocation.Total, b.Key, b.Parties, b.Allocation.Rounding)
	if err != nil {
		return munireg.ValidationErrors{{Field: "allocation", Err: fmt.Errorf("its key and parties do not allocate: %w", err)}}
	}
	var errs munireg.ValidationErrors
	if len(want.Rows) != len(b.Allocation.Rows) {
		errs.Add("allocation.rows", fmt.Errorf("%d rows, but its key and parties allocate %d", len(b.Allocation.Rows), len(want.Rows)))
		return errs.Err()
	}
	for i, w := range want.Rows {
		got := b.Allocation.Rows[i]
		if got.Ref != w.Ref || got.Amount.Cmp(w.Amount) != 0 || got.Exact.Cmp(w.Exact) != 0 ||
			!slices.EqualFunc(got.Breakdown, w.Breakdown, func(x, y decimal.Decimal) bool { return x.Cmp(y) == 0 }) {
			errs.Add(fmt.Sprintf("allocation.rows[%d]", i), fmt.Errorf("%s %s (exact %s, by component %v), but its key and parties allocate %s %s (exact %s, by component %v)",
				got.Ref, got.Amount.StringFixed(2), got.Exact, got.Breakdown, w.Ref, w.Amount.StringFixed(2), w.Exact, w.Breakdown))
		}
	}
	return errs.Err()
}

// sameInputs checks that a budget's key and parties are want's: the key's
// components (name, weight, basis) and normalization, and each party's
// basis values, compared by value.
func sameInputs(b, want cooperation.Budget) error {
	eq := func(x, y decimal.Decimal) bool { return x.Cmp(y) == 0 }
	sameKey := b.Key.Normalize == want.Key.Normalize && slices.EqualFunc(b.Key.Components, want.Key.Components,
		func(x, y cooperation.Component) bool {
			return x.Name == y.Name && x.Basis == y.Basis && eq(x.Weight, y.Weight)
		})
	sameParties := slices.EqualFunc(b.Parties, want.Parties, func(x, y cooperation.Party) bool {
		return x.Ref == y.Ref && x.Population == y.Population && eq(x.Share, y.Share) && eq(x.Ownership, y.Ownership) &&
			maps.EqualFunc(x.Metrics, y.Metrics, eq)
	})
	var errs munireg.ValidationErrors
	if !sameKey {
		errs.Add("key", errors.New("not the key of the version in force"))
	}
	if !sameParties {
		errs.Add("parties", errors.New("not the participants' basis values as of the budget's date"))
	}
	return errs.Err()
}

// copyModels copies rows, bun models of one table, into that table with
// COPY: every column of the model, except one with a default ("nullzero")
// that is zero in every row, which is left to its default. It is the bulk
// counterpart of insertRows, so that a bulk load needs no mapping of its
// own besides the models'.
func copyModels[T any](db bun.IDB, cp copier, rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	table := db.Dialect().Tables().Get(reflect.TypeFor[T]())
	values := make([]reflect.Value, len(rows))
	for i := range rows {
		values[i] = reflect.ValueOf(&rows[i]).Elem()
	}
	var fields []*schema.Field
	for _, f := range table.Fields {
		if f.NullZero && !slices.ContainsFunc(values, func(v reflect.Value) bool { return !f.HasZeroValue(v) }) {
			continue
		}
		fields = append(fields, f)
	}
	columns := make([]string, len(fields))
	for j, f := range fields {
		columns[j] = f.Name
	}
	out := make([][]any, len(rows))
	for i, v := range values {
		row := make([]any, len(fields))
		for j, f := range fields {
			row[j] = copyValue(f.Value(v).Interface())
		}
		out[i] = row
	}
	return cp.rows(table.Name, columns, out)
}

// copyValue is v as COPY takes it best.
func copyValue(v any) any {
	switch x := v.(type) {
	case decimal.Decimal:
		return copyNumeric(x)
	case decimal.NullDecimal:
		return copyNullNumeric(x)
	case json.RawMessage:
		return string(x)
	}
	return v
}
