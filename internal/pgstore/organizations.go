package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strings"
	"time"

	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
)

// recordOrganization is the audit log's record type of organizations.
const recordOrganization = "organization"

type organizationRow struct {
	bun.BaseModel `bun:"table:organization,alias:o"`
	ID            string     `bun:"id,pk,type:uuid"`
	Version       int64      `bun:"version"`
	Name          string     `bun:"name"`
	NameKey       string     `bun:"name_key"`
	Kind          string     `bun:"kind"`
	OrgNumber     *string    `bun:"org_number"`
	ValidFrom     *time.Time `bun:"valid_from,type:date"`
	ValidTo       *time.Time `bun:"valid_to,type:date"`
	UpdatedAt     time.Time  `bun:"updated_at,nullzero,default:now()"`
}

type numberRow struct {
	bun.BaseModel  `bun:"table:municipality_number"`
	OrganizationID string     `bun:"organization_id,pk,type:uuid"`
	Number         string     `bun:"number"`
	ValidFrom      time.Time  `bun:"valid_from,pk,type:date"`
	ValidTo        *time.Time `bun:"valid_to,type:date"`
}

type populationRow struct {
	bun.BaseModel  `bun:"table:population"`
	OrganizationID string    `bun:"organization_id,pk,type:uuid"`
	Date           time.Time `bun:"date,pk,type:date"`
	Count          int64     `bun:"count"`
}

// sinceAlways stands for an open start in municipality_number, whose
// valid_from is part of the key.
var sinceAlways = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)

// organizationSnapshot is an organization as the audit log records it.
type organizationSnapshot struct {
	ID                  string           `json:"id"`
	Revision            int64            `json:"revision"`
	Name                string           `json:"name"`
	Kind                string           `json:"kind"`
	OrgNumber           string           `json:"orgNumber,omitempty"`
	ValidFrom           string           `json:"validFrom,omitempty"`
	ValidTo             string           `json:"validTo,omitempty"`
	MunicipalityHistory []numberSnapshot `json:"municipalityHistory,omitempty"`
}

type numberSnapshot struct {
	Number    string `json:"number"`
	ValidFrom string `json:"validFrom,omitempty"`
	ValidTo   string `json:"validTo,omitempty"`
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func snapshotOrganization(o munireg.Organization) organizationSnapshot {
	s := organizationSnapshot{ID: o.ID, Revision: o.Revision, Name: o.Name, Kind: string(o.Kind),
		OrgNumber: o.OrgNumber.String(), ValidFrom: dateString(o.Valid.From), ValidTo: dateString(o.Valid.To)}
	for _, n := range o.MunicipalityHistory {
		s.MunicipalityHistory = append(s.MunicipalityHistory, numberSnapshot{
			Number: n.Number.String(), ValidFrom: dateString(n.Valid.From), ValidTo: dateString(n.Valid.To)})
	}
	return s
}

// uuidPattern is the canonical textual form of a UUID.
var uuidPattern = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// checkID rejects what cannot be an ID before it reaches SQL: no record has
// it, so the answer is ErrNotFound.
func checkID(id string) error {
	if !uuidPattern.MatchString(id) {
		return munireg.ErrNotFound
	}
	return nil
}

// recordExists returns munireg.ErrNotFound unless table has a row with ID
// id: for lists of what belongs to a record, which are not empty but
// missing when the record is.
func recordExists(ctx context.Context, db bun.IDB, table, id string) error {
	if err := checkID(id); err != nil {
		return err
	}
	var found bool
	if err := db.NewRaw("SELECT EXISTS (SELECT 1 FROM ? WHERE id = ?)", bun.Ident(table), id).Scan(ctx, &found); err != nil {
		return storeError(err)
	}
	if !found {
		return munireg.ErrNotFound
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

func datePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return ptr(t.UTC())
}

func dateOf(p *time.Time) time.Time {
	if p == nil {
		return time.Time{}
	}
	return p.UTC()
}

// normalizeNumbers gives an organization created with only Municipality a
// history of that one number, so that the history is the one truth.
func normalizeNumbers(o *munireg.Organization) {
	if len(o.MunicipalityHistory) == 0 && !o.Municipality.IsZero() {
		o.MunicipalityHistory = []munireg.NumberPeriod{{Number: o.Municipality}}
	}
}

func organizationRows(o munireg.Organization) (organizationRow, []numberRow, []populationRow) {
	row := organizationRow{ID: o.ID, Version: o.Revision, Name: o.Name, NameKey: nameKey(o.Name), Kind: string(o.Kind),
		ValidFrom: datePtr(o.Valid.From), ValidTo: datePtr(o.Valid.To)}
	if !o.OrgNumber.IsZero() {
		row.OrgNumber = ptr(o.OrgNumber.String())
	}
	var numbers []numberRow
	for _, n := range o.MunicipalityHistory {
		from := n.Valid.From
		if from.IsZero() {
			from = sinceAlways
		}
		numbers = append(numbers, numberRow{OrganizationID: o.ID, Number: n.Number.String(),
			ValidFrom: from, ValidTo: datePtr(n.Valid.To)})
	}
	var pop []populationRow
	for _, c := range o.Population {
		pop = append(pop, populationRow{OrganizationID: o.ID, Date: c.Date.UTC(), Count: c.Count})
	}
	return row, numbers, pop
}

// toOrganization assembles the domain value; Municipality is the number in
// force at asOf (zero: the newest).
func toOrganization(r organizationRow, numbers []numberRow, pop []populationRow, asOf time.Time) (munireg.Organization, error) {
	o := munireg.Organization{ID: r.ID, Revision: r.Version, Name: r.Name, Kind: munireg.Kind(r.Kind),
		Valid: munireg.Period{From: dateOf(r.ValidFrom), To: dateOf(r.ValidTo)}}
	if r.OrgNumber != nil {
		n, err := munireg.ParseOrgNumber(*r.OrgNumber)
		if err != nil {
			return o, fmt.Errorf("pgstore: stored organization %s: %w", r.ID, err)
		}
		o.OrgNumber = n
	}
	for _, nr := range numbers {
		n, err := munireg.ParseMunicipalityNumber(nr.Number)
		if err != nil {
			return o, fmt.Errorf("pgstore: stored organization %s: %w", r.ID, err)
		}
		from := nr.ValidFrom.UTC()
		if from.Equal(sinceAlways) {
			from = time.Time{}
		}
		o.MunicipalityHistory = append(o.MunicipalityHistory,
			munireg.NumberPeriod{Number: n, Valid: munireg.Period{From: from, To: dateOf(nr.ValidTo)}})
	}
	if h := o.MunicipalityHistory; len(h) > 0 {
		if asOf.IsZero() {
			o.Municipality = h[len(h)-1].Number
		} else {
			o.Municipality, _ = o.NumberAsOf(asOf)
		}
	}
	for _, p := range pop {
		o.Population = append(o.Population, munireg.PopulationCount{Date: p.Date.UTC(), Count: p.Count})
	}
	return o, nil
}

// CreateOrganization stores a new organization with its kommunenummer
// history and population, and returns it with its new ID and revision 1. An
// organization given only Municipality gets a history of that one number.
// It fails with ValidationErrors (see munireg.Organization.Validate; a second
// organization with the same org number is "orgNumber": munireg.ErrExists).
func (s *Store) CreateOrganization(ctx context.Context, o munireg.Organization) (munireg.Organization, error) {
	o.ID, o.Revision = newID(), 1
	normalizeNumbers(&o)
	if err := o.Validate(); err != nil {
		return munireg.Organization{}, err
	}
	err := s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		if err := actor.MayAdminister(); err != nil {
			return err
		}
		if err := insertOrganization(ctx, tx, o); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionCreate, recordOrganization, o.ID, nil, snapshotOrganization(o))
	})
	if err != nil {
		return munireg.Organization{}, err
	}
	return o, nil
}

func insertOrganization(ctx context.Context, tx bun.IDB, o munireg.Organization) error {
	row, numbers, pop := organizationRows(o)
	if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
		return err
	}
	return errorsFirst(
		func() error { return insertRows(ctx, tx, numbers) },
		func() error { return insertRows(ctx, tx, pop) },
	)
}

// FindOrganizationByID returns the organization with its kommunenummer
// history and population; Municipality is the number in force at asOf, or
// the newest when asOf is zero. Unknown IDs give munireg.ErrNotFound.
func (s *Store) FindOrganizationByID(ctx context.Context, id string, asOf time.Time) (munireg.Organization, error) {
	if err := checkID(id); err != nil {
		return munireg.Organization{}, err
	}
	o, err := findOrganization(ctx, s.db, id, asOf, false)
	return o, storeError(err)
}

// organizationDetailRow is an organization with its kommunenummer history
// and population as JSON arrays, read in one statement.
type organizationDetailRow struct {
	organizationRow `bun:",extend"`
	Numbers         []byte `bun:"numbers,scanonly"`
	Population      []byte `bun:"population,scanonly"`
}

// findOrganization loads one organization, locking its row when forUpdate,
// in one statement: an organization read on its own is the API's most
// frequent question.
func findOrganization(ctx context.Context, db bun.IDB, id string, asOf time.Time, forUpdate bool) (munireg.Organization, error) {
	var row organizationDetailRow
	q := db.NewSelect().Model(&row).ColumnExpr("?TableColumns").
		ColumnExpr("(SELECT coalesce(json_agg(json_build_object('number', n.number, 'from', n.valid_from, 'to', n.valid_to) "+
			"ORDER BY n.valid_from), '[]') FROM municipality_number AS n WHERE n.organization_id = o.id) AS numbers").
		ColumnExpr("(SELECT coalesce(json_agg(json_build_object('date', p.date, 'count', p.count) ORDER BY p.date), '[]') "+
			"FROM population AS p WHERE p.organization_id = o.id) AS population").
		Where("o.id = ?", id)
	if forUpdate {
		q = q.For("UPDATE OF o")
	}
	if err := q.Scan(ctx); err != nil {
		return munireg.Organization{}, err
	}
	var numbers []struct {
		Number string  `json:"number"`
		From   string  `json:"from"`
		To     *string `json:"to"`
	}
	var population []struct {
		Date  string `json:"date"`
		Count int64  `json:"count"`
	}
	if err := errors.Join(json.Unmarshal(row.Numbers, &numbers), json.Unmarshal(row.Population, &population)); err != nil {
		return munireg.Organization{}, fmt.Errorf("pgstore: stored organization %s: %w", id, err)
	}
	numberRows := make([]numberRow, len(numbers))
	for i, n := range numbers {
		numberRows[i] = numberRow{OrganizationID: id, Number: n.Number}
		var err error
		if numberRows[i].ValidFrom, err = time.Parse(time.DateOnly, n.From); err != nil {
			return munireg.Organization{}, fmt.Errorf("pgstore: stored organization %s: %w", id, err)
		}
		if n.To != nil {
			to, err := time.Parse(time.DateOnly, *n.To)
			if err != nil {
				return munireg.Organization{}, fmt.Errorf("pgstore: stored organization %s: %w", id, err)
			}
			numberRows[i].ValidTo = &to
		}
	}
	popRows := make([]populationRow, len(population))
	for i, p := range population {
		date, err := time.Parse(time.DateOnly, p.Date)
		if err != nil {
			return munireg.Organization{}, fmt.Errorf("pgstore: stored organization %s: %w", id, err)
		}
		popRows[i] = populationRow{OrganizationID: id, Date: date, Count: p.Count}
	}
	return toOrganization(row.organizationRow, numberRows, popRows, asOf)
}

// loadOrganizations adds the number histories and populations of rows, two
// queries for any number of rows.
func loadOrganizations(ctx context.Context, db bun.IDB, rows []organizationRow, asOf time.Time) ([]munireg.Organization, error) {
	if len(rows) == 0 {
		return []munireg.Organization{}, nil
	}
	ids := make([]string, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	var numbers []numberRow
	if err := db.NewSelect().Model(&numbers).Where("organization_id IN (?)", bun.List(ids)).
		OrderExpr("organization_id, valid_from").Scan(ctx); err != nil {
		return nil, err
	}
	var pop []populationRow
	if err := db.NewSelect().Model(&pop).Where("organization_id IN (?)", bun.List(ids)).
		OrderExpr("organization_id, date").Scan(ctx); err != nil {
		return nil, err
	}
	numbersOf := map[string][]numberRow{}
	for _, n := range numbers {
		numbersOf[n.OrganizationID] = append(numbersOf[n.OrganizationID], n)
	}
	popOf := map[string][]populationRow{}
	for _, p := range pop {
		popOf[p.OrganizationID] = append(popOf[p.OrganizationID], p)
	}
	out := make([]munireg.Organization, len(rows))
	for i, r := range rows {
		o, err := toOrganization(r, numbersOf[r.ID], popOf[r.ID], asOf)
		if err != nil {
			return nil, err
		}
		out[i] = o
	}
	return out, nil
}

// organizationKeyset pages organizations by name, then ID.
var organizationKeyset = keyset[organizationRow]{table: "organization AS o", key: "o.name_key", id: "o.id",
	cursor: func(r organizationRow) (string, string) { return r.NameKey, r.ID }}

// FindOrganizations lists organizations in order of name (ignoring case),
// then ID, a page at a time. A malformed cursor is a ValidationError on
// "after", a name that is not text (munireg.CheckText) one on "name".
func (s *Store) FindOrganizations(ctx context.Context, f munireg.OrganizationFilter) (munireg.Page[munireg.Organization], error) {
	if err := checkNameFilter(f.Name); err != nil {
		return munireg.Page[munireg.Organization]{}, err
	}
	filter := func(q *bun.SelectQuery) *bun.SelectQuery {
		if f.Kind != nil {
			q = q.Where("o.kind = ?", string(*f.Kind))
		}
		if f.OrgNumber != nil {
			q = q.Where("o.org_number = ?", f.OrgNumber.String())
		}
		if f.Name != nil {
			q = q.Where("o.name_key LIKE ? ESCAPE '\\'", "%"+escapeLike(nameKey(*f.Name))+"%")
		}
		if !f.AsOf.IsZero() {
			q = q.Where("(o.valid_from IS NULL OR o.valid_from <= ?) AND (o.valid_to IS NULL OR o.valid_to > ?)", f.AsOf, f.AsOf)
		}
		if f.Municipality != nil {
			sub := "EXISTS (SELECT 1 FROM municipality_number n WHERE n.organization_id = o.id AND n.number = ?"
			if f.AsOf.IsZero() {
				q = q.Where(sub+" AND n.valid_to IS NULL)", f.Municipality.String())
			} else {
				q = q.Where(sub+" AND n.valid_from <= ? AND (n.valid_to IS NULL OR n.valid_to > ?))",
					f.Municipality.String(), f.AsOf, f.AsOf)
			}
		}
		return q
	}
	rows, total, next, err := organizationKeyset.page(ctx, s.db, filter, f.After, f.Limit)
	if err != nil {
		return munireg.Page[munireg.Organization]{}, err
	}
	page := munireg.Page[munireg.Organization]{Total: total, Next: next}
	if page.Items, err = loadOrganizations(ctx, s.db, rows, f.AsOf); err != nil {
		return munireg.Page[munireg.Organization]{}, storeError(err)
	}
	return page, nil
}

// nameKey is the key names sort and are searched by: the name folded to
// lower case by Go, so that Æ, Ø and Å fold like A whatever the database's
// locale (PostgreSQL's lower() folds only ASCII under the C locale).
func nameKey(name string) string { return strings.ToLower(name) }

// checkNameFilter refuses a name to search for that no name can hold
// (munireg.CheckText), as a ValidationErrors on "name".
func checkNameFilter(name *string) error {
	if name == nil {
		return nil
	}
	if err := munireg.CheckText(*name); err != nil {
		return munireg.ValidationErrors{{Field: "name", Err: err}}
	}
	return nil
}

// escapeLike escapes LIKE's wildcards, so that a search for "50%" means it.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// UpdateOrganization applies u to the organization if its revision is
// still revision, and returns the result with the next revision. A stale
// revision changes nothing and gives munireg.ErrConflict; an unknown ID
// munireg.ErrNotFound; an invalid result ValidationErrors. Population is
// changed with SetPopulation.
func (s *Store) UpdateOrganization(ctx context.Context, id string, revision int64, u munireg.OrganizationUpdate) (munireg.Organization, error) {
	return s.changeOrganization(ctx, id, revision, actionUpdate, func(o *munireg.Organization) {
		if u.Name != nil {
			o.Name = *u.Name
		}
		if u.Kind != nil {
			o.Kind = *u.Kind
		}
		if u.OrgNumber != nil {
			o.OrgNumber = *u.OrgNumber
		}
		if u.Valid != nil {
			o.Valid = *u.Valid
		}
		if u.MunicipalityHistory != nil {
			o.MunicipalityHistory = *u.MunicipalityHistory
		}
	})
}

// EndOrganization records that the organization ceased to exist on date (a
// merged kommune, a dissolved company): its validity ends there. Nothing is
// erased; as-of questions before that date still find it.
func (s *Store) EndOrganization(ctx context.Context, id string, revision int64, date time.Time) (munireg.Organization, error) {
	return s.changeOrganization(ctx, id, revision, actionEnd, func(o *munireg.Organization) {
		o.Valid.To = date.UTC()
	})
}

// changeOrganization is the one read-check-write path of organization
// updates: lock, compare revisions, apply, validate, write, audit.
func (s *Store) changeOrganization(ctx context.Context, id string, revision int64, action string, apply func(*munireg.Organization)) (munireg.Organization, error) {
	if err := checkID(id); err != nil {
		return munireg.Organization{}, err
	}
	var after munireg.Organization
	err := s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		before, err := findOrganization(ctx, tx, id, time.Time{}, true)
		if err != nil {
			return err
		}
		if err := actor.MayChange(id); err != nil {
			return err
		}
		if before.Revision != revision {
			return munireg.ErrConflict
		}
		after = before
		after.MunicipalityHistory = append([]munireg.NumberPeriod(nil), before.MunicipalityHistory...)
		apply(&after)
		after.Revision = before.Revision + 1
		return updateOrganization(ctx, tx, actor, action, before, after)
	})
	if err != nil {
		return munireg.Organization{}, err
	}
	if len(after.MunicipalityHistory) > 0 {
		after.Municipality = after.MunicipalityHistory[len(after.MunicipalityHistory)-1].Number
	}
	return after, nil
}

// updateOrganization writes after over before, an organization the caller
// locked, in tx: the row under before's revision (after's is the next), the
// kommunenummer history if it changed, and the audit row of action.
func updateOrganization(ctx context.Context, tx bun.Tx, actor munireg.Actor, action string, before, after munireg.Organization) error {
	after.Revision = before.Revision + 1
	if err := after.Validate(); err != nil {
		return err
	}
	row, numbers, _ := organizationRows(after)
	res, err := tx.NewUpdate().Model(&row).
		Column("version", "name", "name_key", "kind", "org_number", "valid_from", "valid_to").
		Set("updated_at = now()").
		Where("id = ? AND version = ?", before.ID, before.Revision).Exec(ctx)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return munireg.ErrConflict
	}
	b, a := snapshotOrganization(before), snapshotOrganization(after)
	if !reflect.DeepEqual(b.MunicipalityHistory, a.MunicipalityHistory) {
		if _, err := tx.NewDelete().Model((*numberRow)(nil)).Where("organization_id = ?", before.ID).Exec(ctx); err != nil {
			return err
		}
		if err := insertRows(ctx, tx, numbers); err != nil {
			return err
		}
	}
	return audit(ctx, tx, actor, action, recordOrganization, before.ID, b, a)
}

// SetPopulation records population counts for the organization, replacing
// any count on the same date, and returns the organization with its next
// revision. The counts are a series in their own right, in ascending order
// of date (munireg.PopulationSeries.Validate; fields "population[i]…").
func (s *Store) SetPopulation(ctx context.Context, id string, revision int64, counts munireg.PopulationSeries) (munireg.Organization, error) {
	if err := checkID(id); err != nil {
		return munireg.Organization{}, err
	}
	var errs munireg.ValidationErrors
	errs.Merge("population", counts.Validate())
	if err := errs.Err(); err != nil {
		return munireg.Organization{}, err
	}
	var after munireg.Organization
	err := s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		before, err := findOrganization(ctx, tx, id, time.Time{}, true)
		if err != nil {
			return err
		}
		if err := actor.MayChange(id); err != nil {
			return err
		}
		if before.Revision != revision {
			return munireg.ErrConflict
		}
		rows := make([]populationRow, len(counts))
		for i, c := range counts {
			rows[i] = populationRow{OrganizationID: id, Date: c.Date.UTC(), Count: c.Count}
		}
		if len(rows) > 0 {
			if _, err := tx.NewInsert().Model(&rows).
				On("CONFLICT (organization_id, date) DO UPDATE").Set("count = EXCLUDED.count").Exec(ctx); err != nil {
				return err
			}
		}
		if _, err := tx.NewUpdate().Model((*organizationRow)(nil)).
			Set("version = version + 1").Set("updated_at = now()").Where("id = ?", id).Exec(ctx); err != nil {
			return err
		}
		if after, err = findOrganization(ctx, tx, id, time.Time{}, false); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionUpdate, "population", id, before.Population, after.Population)
	})
	if err != nil {
		return munireg.Organization{}, err
	}
	return after, nil
}

type successionRow struct {
	bun.BaseModel `bun:"table:organization_succession"`
	PredecessorID string    `bun:"predecessor_id,pk,type:uuid" json:"predecessor"`
	SuccessorID   string    `bun:"successor_id,pk,type:uuid" json:"successor"`
	Effective     time.Time `bun:"effective,type:date" json:"effective"`
}

// AddSuccession records that the predecessor's rights and duties passed to
// the successor (munireg.Succession.Validate; both must be in the register:
// "predecessor" / "successor" wrapping munireg.ErrNotFound; a link recorded
// twice is "successor" wrapping munireg.ErrExists).
func (s *Store) AddSuccession(ctx context.Context, sc munireg.Succession) error {
	if err := sc.Validate(); err != nil {
		return err
	}
	return s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		if err := actor.MayAdminister(); err != nil {
			return err
		}
		if err := checkOrganizations(ctx, tx, map[string]string{"predecessor": sc.Predecessor, "successor": sc.Successor}); err != nil {
			return err
		}
		row := successionRow{PredecessorID: sc.Predecessor, SuccessorID: sc.Successor, Effective: sc.Effective.UTC()}
		if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionCreate, "succession", sc.Predecessor, nil, row)
	})
}

// FindSuccessions returns the successions the organization takes part in,
// as predecessor or as successor, in order of date; an organization not in
// the register is munireg.ErrNotFound.
func (s *Store) FindSuccessions(ctx context.Context, id string) ([]munireg.Succession, error) {
	if err := recordExists(ctx, s.db, "organization", id); err != nil {
		return nil, err
	}
	var rows []successionRow
	if err := s.db.NewSelect().Model(&rows).Where("predecessor_id = ? OR successor_id = ?", id, id).
		OrderExpr("effective, predecessor_id, successor_id").Scan(ctx); err != nil {
		return nil, storeError(err)
	}
	out := make([]munireg.Succession, len(rows))
	for i, r := range rows {
		out[i] = munireg.Succession{Predecessor: r.PredecessorID, Successor: r.SuccessorID, Effective: r.Effective.UTC()}
	}
	return out, nil
}
