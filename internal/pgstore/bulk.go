package pgstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
)

// copier copies rows into a table's columns with PostgreSQL's COPY.
type copier struct {
	from func(table string, columns []string, src pgx.CopyFromSource) error
}

// rows copies rows made beforehand.
func (c copier) rows(table string, columns []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	return c.from(table, columns, pgx.CopyFromRows(rows))
}

// stream copies n rows made one at a time as COPY sends them, row(i) for
// the i-th, so that a load of millions keeps only the row being sent; the
// slice row returns may be reused for the next one.
func (c copier) stream(table string, columns []string, n int, row func(i int) ([]any, error)) error {
	if n == 0 {
		return nil
	}
	i := 0
	return c.from(table, columns, pgx.CopyFromFunc(func() ([]any, error) {
		if i == n {
			return nil, nil
		}
		i++
		return row(i - 1)
	}))
}

// bulk runs fn in one READ COMMITTED transaction on one connection, through
// which fn can both query with bun and COPY with pgx (database/sql's Tx
// cannot reach the driver for COPY). The transaction commits when fn
// returns nil and rolls back otherwise; a connection whose rollback fails is
// discarded, never returned to the pool mid-transaction.
func (s *Store) bulk(ctx context.Context, fn func(ctx context.Context, db bun.IDB, cp copier) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return storeError(err)
	}
	defer conn.Close()
	// As in write: after the transaction, whatever became of it.
	defer s.changes.changed("")
	if _, err := conn.ExecContext(ctx, "BEGIN ISOLATION LEVEL READ COMMITTED"); err != nil {
		return storeError(err)
	}
	// A panic in fn must not return the connection to the pool mid-transaction.
	defer func() {
		if p := recover(); p != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
			panic(p)
		}
	}()
	cp := copier{from: func(table string, columns []string, src pgx.CopyFromSource) error {
		return conn.Raw(func(driverConn any) error {
			c, ok := driverConn.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("pgstore: the driver is %T, not pgx", driverConn)
			}
			_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, columns, src)
			return err
		})
	}}
	if err := fn(ctx, conn, cp); err != nil {
		if _, rbErr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rbErr != nil {
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		return storeError(err)
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		return storeError(err)
	}
	return nil
}

// mayChangeOwners checks that the actor may change the records of every
// owner among rows, each of which belongs to its owner.
func mayChangeOwners[R any](actor munireg.Actor, rows []R, owner func(R) string) error {
	if len(rows) == 0 {
		return nil
	}
	owners := make([]string, len(rows))
	for i, r := range rows {
		owners[i] = owner(r)
	}
	return actor.MayChange(owners...)
}

// LoadOrganizations adds many new organizations at once, with their
// kommunenummer histories and population, through PostgreSQL's COPY, in one
// transaction, with one audit row each. Everything is validated first: any
// invalid organization, an organisasjonsnummer given twice or already in the
// register rejects the whole load, and the ValidationErrors name the
// organization by its index ("organizations[12].orgNumber"). An
// organization keeps an ID it comes with (a UUID; for imports that must
// keep references), and gets a new one otherwise. It returns the
// organizations with their IDs, in the order given.
func (s *Store) LoadOrganizations(ctx context.Context, orgs []munireg.Organization) ([]munireg.Organization, error) {
	actor, ok := munireg.ActorFromContext(ctx)
	if !ok {
		return nil, munireg.ErrNoActor
	}
	if err := actor.MayAdminister(); err != nil {
		return nil, err
	}
	out := make([]munireg.Organization, len(orgs))
	var errs munireg.ValidationErrors
	byNumber := map[string]int{}
	for i, o := range orgs {
		o.ID, o.Revision = presetID(&errs, i, "organizations", o.ID), 1
		normalizeNumbers(&o)
		field := fmt.Sprintf("organizations[%d]", i)
		errs.Merge(field, o.Validate())
		if n := o.OrgNumber.String(); n != "" {
			if j, dup := byNumber[n]; dup {
				errs.Add(field+".orgNumber", fmt.Errorf("%w: also organizations[%d]", munireg.ErrExists, j))
			}
			byNumber[n] = i
		}
		out[i] = o
	}
	if len(byNumber) > 0 {
		numbers := make([]string, 0, len(byNumber))
		for n := range byNumber {
			numbers = append(numbers, n)
		}
		var existing []string
		if err := s.db.NewSelect().TableExpr("organization").Column("org_number").
			Where("org_number IN (?)", bun.List(numbers)).Scan(ctx, &existing); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, storeError(err)
		}
		for _, n := range existing {
			errs.Add(fmt.Sprintf("organizations[%d].orgNumber", byNumber[n]), fmt.Errorf("%w: in the register", munireg.ErrExists))
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}

	var orgRows, numberRows, popRows, auditRows [][]any
	now := time.Now().UTC()
	for _, o := range out {
		row, numbers, pop := organizationRows(o)
		orgRows = append(orgRows, []any{row.ID, row.Version, row.Name, row.NameKey, row.Kind, row.OrgNumber, row.ValidFrom, row.ValidTo})
		for _, n := range numbers {
			numberRows = append(numberRows, []any{n.OrganizationID, n.Number, n.ValidFrom, n.ValidTo})
		}
		for _, p := range pop {
			popRows = append(popRows, []any{p.OrganizationID, p.Date, p.Count})
		}
		a, err := bulkAuditRow(now, actor, recordOrganization, o.ID, snapshotOrganization(o))
		if err != nil {
			return nil, err
		}
		auditRows = append(auditRows, a)
	}
	err := s.bulk(ctx, func(ctx context.Context, db bun.IDB, cp copier) error {
		return errorsFirst(
			func() error {
				return cp.rows("organization", []string{"id", "version", "name", "name_key", "kind", "org_number", "valid_from", "valid_to"}, orgRows)
			},
			func() error {
				return cp.rows("municipality_number", []string{"organization_id", "number", "valid_from", "valid_to"}, numberRows)
			},
			func() error { return cp.rows("population", []string{"organization_id", "date", "count"}, popRows) },
			func() error { return cp.rows("audit", auditColumns, auditRows) },
			func() error { return analyze(ctx, db, len(orgRows), "organization", "population") },
		)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// analyzeAfter is the number of rows after which a load refreshes the
// planner's statistics of the tables it filled: a large load into fresh
// tables would otherwise leave the planner guessing until autovacuum comes
// round, and the summaries' plans depend on it.
const analyzeAfter = 10000

// analyze refreshes the planner's statistics of tables after a large load.
func analyze(ctx context.Context, db bun.IDB, rows int, tables ...string) error {
	if rows < analyzeAfter {
		return nil
	}
	for _, t := range tables {
		if _, err := db.NewRaw("ANALYZE ?", bun.Ident(t)).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// auditColumns are the columns of the audit rows bulkAuditRow makes.
var auditColumns = []string{"id", "at", "actor_id", "actor_name", "action", "record_type", "record_id", "after"}

// bulkAuditRow is a create row of the audit log for COPY.
func bulkAuditRow(at time.Time, actor munireg.Actor, recordType, id string, after any) ([]any, error) {
	b, err := json.Marshal(after)
	if err != nil {
		return nil, fmt.Errorf("pgstore: audit snapshot: %w", err)
	}
	return []any{newID(), at, actor.ID, actor.Name, actionCreate, recordType, id, string(b)}, nil
}

// LoadPositions adds many new positions at once through COPY, in one
// transaction, with one audit row each. Everything is checked first, as
// CreatePosition checks one position: each on its own ("positions[i].…"),
// owners and entities in the register ("positions[i].owner" /
// "positions[i].entity" wrapping munireg.ErrNotFound), and, with the
// entities locked, the shares of each entity's owners, old and new
// together, at every date ("positions" wrapping ownership.ErrShareSum or
// ownership.ErrOverlap, naming the entity). Any violation rejects the whole
// load. A position keeps an ID it comes with.
func (s *Store) LoadPositions(ctx context.Context, positions []ownership.Position) ([]ownership.Position, error) {
	actor, ok := munireg.ActorFromContext(ctx)
	if !ok {
		return nil, munireg.ErrNoActor
	}
	if err := mayChangeOwners(actor, positions, func(r ownership.Position) string { return r.Owner }); err != nil {
		return nil, err
	}
	out := make([]ownership.Position, len(positions))
	var errs munireg.ValidationErrors
	for i, p := range positions {
		p.ID, p.Revision = presetID(&errs, i, "positions", p.ID), 1
		if err := validatePosition(p); err != nil {
			errs.Merge(fmt.Sprintf("positions[%d]", i), err)
		}
		out[i] = p
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	rows := make([][]any, len(out))
	auditRows := make([][]any, len(out))
	for i, p := range out {
		r := toPositionRow(p)
		rows[i] = []any{r.ID, r.Version, r.OwnerID, r.EntityID, copyNumeric(r.Economic), copyNullNumeric(r.Voting),
			r.ShareClass, r.Held, r.Outstanding, copyNullNumeric(r.BookValue), r.ValidFrom, r.ValidTo, r.Purpose, r.Category}
		a, err := bulkAuditRow(now, actor, recordPosition, p.ID, r)
		if err != nil {
			return nil, err
		}
		auditRows[i] = a
	}
	err := s.bulk(ctx, func(ctx context.Context, db bun.IDB, cp copier) error {
		refs := make(map[string]string, 2*len(out))
		for i, p := range out {
			refs[fmt.Sprintf("positions[%d].owner", i)] = p.Owner
			refs[fmt.Sprintf("positions[%d].entity", i)] = p.Entity
		}
		if err := checkOrganizations(ctx, db, refs); err != nil {
			return err
		}
		byEntity := map[string][]ownership.Position{}
		for _, p := range out {
			byEntity[p.Entity] = append(byEntity[p.Entity], p)
		}
		entities := slices.Sorted(maps.Keys(byEntity))
		var locked []string // in ID order, so that concurrent loads cannot deadlock
		if err := db.NewSelect().TableExpr("organization").Column("id").Where("id IN (?)", bun.List(entities)).
			OrderExpr("id").For("UPDATE").Scan(ctx, &locked); err != nil {
			return err
		}
		var existing []positionRow
		if err := db.NewSelect().Model(&existing).Where("entity_id IN (?)", bun.List(entities)).Scan(ctx); err != nil {
			return err
		}
		for _, r := range existing {
			byEntity[r.EntityID] = append(byEntity[r.EntityID], r.toPosition())
		}
		lists, err := ownerLists(ctx, db, entities)
		if err != nil {
			return err
		}
		listOf := map[string]ownership.OwnerList{}
		for _, l := range lists {
			listOf[l.Entity] = l
		}
		var errs munireg.ValidationErrors
		for _, e := range entities {
			var ls []ownership.OwnerList
			if l, ok := listOf[e]; ok {
				ls = []ownership.OwnerList{l}
			}
			if err := checkShareDates(byEntity[e], ls); err != nil {
				errs.Add("positions", fmt.Errorf("entity %s: %w", e, err))
			}
		}
		if err := errs.Err(); err != nil {
			return err
		}
		columns := []string{"id", "version", "owner_id", "entity_id", "economic", "voting", "share_class", "held",
			"outstanding", "book_value", "valid_from", "valid_to", "purpose", "category"}
		return errorsFirst(
			func() error { return cp.rows("position", columns, rows) },
			func() error { return cp.rows("audit", auditColumns, auditRows) },
			func() error { return analyze(ctx, db, len(rows), "position") },
		)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// LoadFlows adds many new flows at once through COPY, in one transaction,
// with one audit row each. Each flow is checked as CreateFlow checks it
// ("flows[i].…"), and owners and entities must be in the register; any
// violation rejects the whole load. A flow keeps an ID it comes with.
func (s *Store) LoadFlows(ctx context.Context, flows []ownership.Flow) ([]ownership.Flow, error) {
	actor, ok := munireg.ActorFromContext(ctx)
	if !ok {
		return nil, munireg.ErrNoActor
	}
	if err := mayChangeOwners(actor, flows, func(r ownership.Flow) string { return r.Owner }); err != nil {
		return nil, err
	}
	out := make([]ownership.Flow, len(flows))
	var errs munireg.ValidationErrors
	orgs := map[string]int{}
	for i, f := range flows {
		f.ID, f.Revision = presetID(&errs, i, "flows", f.ID), 1
		if err := validateFlow(f); err != nil {
			errs.Merge(fmt.Sprintf("flows[%d]", i), err)
		}
		orgs[f.Owner], orgs[f.Entity] = i, i
		out[i] = f
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	// The flows and their audit rows are made as COPY sends them: a load
	// of millions keeps the flows, not their rows too.
	now := time.Now().UTC()
	row := make([]any, 9)
	flowRow := func(i int) ([]any, error) {
		r := toFlowRow(out[i])
		row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8] =
			r.ID, r.Version, r.OwnerID, r.EntityID, r.Kind, r.Year, r.Paid, copyNumeric(r.Amount), r.Direction
		return row, nil
	}
	auditRow := func(i int) ([]any, error) { return bulkAuditRow(now, actor, recordFlow, out[i].ID, toFlowRow(out[i])) }
	err := s.bulk(ctx, func(ctx context.Context, db bun.IDB, cp copier) error {
		// One reference per organization: the last flow that names it.
		refs := make(map[string]string, len(orgs))
		for id, i := range orgs {
			field := fmt.Sprintf("flows[%d].owner", i)
			if out[i].Entity == id {
				field = fmt.Sprintf("flows[%d].entity", i)
			}
			refs[field] = id
		}
		if err := checkOrganizations(ctx, db, refs); err != nil {
			return err
		}
		columns := []string{"id", "version", "owner_id", "entity_id", "kind", "year", "paid", "amount", "direction"}
		return errorsFirst(
			func() error { return cp.stream("flow", columns, len(out), flowRow) },
			func() error { return cp.stream("audit", auditColumns, len(out), auditRow) },
			func() error { return analyze(ctx, db, len(out), "flow") },
		)
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// presetID returns id when it is a UUID, a new ID when it is empty, and
// records "<list>[i].id" as invalid otherwise.
func presetID(errs *munireg.ValidationErrors, i int, list, id string) string {
	switch {
	case id == "":
		return newID()
	case checkID(id) != nil:
		errs.Add(fmt.Sprintf("%s[%d].id", list, i), fmt.Errorf("not a UUID: %q", id))
	}
	return id
}

// copyNumeric hands a decimal to COPY as pgx's own numeric type, which it
// encodes directly; a decimal.Decimal would be tried against other
// encodings first, which costs more than the rest of a load.
func copyNumeric(d decimal.Decimal) pgtype.Numeric {
	return pgtype.Numeric{Int: d.Coefficient(), Exp: d.Exponent(), Valid: true}
}

func copyNullNumeric(d decimal.NullDecimal) pgtype.Numeric {
	if !d.Valid {
		return pgtype.Numeric{}
	}
	return copyNumeric(d.Decimal)
}
