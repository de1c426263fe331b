package pgstore

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
)

// The summaries are the ownership package's own functions, run on the part
// of the register each one reads, assembled here with SQL: PostgreSQL sums
// the money flows per owner, entity, kind, direction and year (the flows
// are most of the data, and a sum of NUMERICs is exact), and selects the
// positions a summary depends on. So the numbers are the ownership
// package's by construction; the parity test proves it against the Go
// functions over the whole register.

// inForce is the SQL condition of a position in force on a date (two
// arguments: the date twice).
const inForce = "(p.valid_from IS NULL OR p.valid_from <= ?) AND (p.valid_to IS NULL OR p.valid_to > ?)"

// yearEnd is 31 December of year, the date of a summary's holdings.
func yearEnd(year int) time.Time { return time.Date(year, 12, 31, 0, 0, 0, 0, time.UTC) }

// recordsQuery says which part of the register a summary reads.
type recordsQuery struct {
	// positions selects positions (alias p) by a condition and its args.
	positions     string
	positionsArgs []any
	// flows selects flows (alias f) to sum, by a condition and its args.
	flows     string
	flowsArgs []any
	// balances selects balances, by a condition and its args; empty for none.
	balances     string
	balancesArgs []any
	// also are organizations to include whether referenced or not.
	also []string
}

type flowSum struct {
	OwnerID   string          `bun:"owner_id"`
	EntityID  string          `bun:"entity_id"`
	Kind      string          `bun:"kind"`
	Direction string          `bun:"direction"`
	Year      int             `bun:"year"`
	Amount    decimal.Decimal `bun:"amount"`
}

// records reads the part of the register q selects, with every
// organization it references and the owner lists of its entities, all from
// one snapshot (a read-only REPEATABLE READ transaction), so that a summary
// never mixes positions from before a change with flows from after it.
func (s *Store) records(ctx context.Context, q recordsQuery) (ownership.Records, error) {
	var r ownership.Records
	err := s.db.RunInTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true},
		func(ctx context.Context, tx bun.Tx) error {
			// The flow sums are hashed in memory rather than spilled to disk.
			if _, err := tx.ExecContext(ctx, "SET LOCAL work_mem = '64MB'"); err != nil {
				return err
			}
			var err error
			r, err = readRecords(ctx, tx, q)
			return err
		})
	return r, err
}

func readRecords(ctx context.Context, db bun.IDB, q recordsQuery) (ownership.Records, error) {
	var r ownership.Records
	ids := map[string]bool{}
	for _, id := range q.also {
		ids[id] = true
	}

	var positions []positionRow
	if err := db.NewSelect().Model(&positions).Where(q.positions, q.positionsArgs...).Scan(ctx); err != nil {
		return r, err
	}
	entities := map[string]bool{}
	for _, p := range positions {
		r.Positions = append(r.Positions, p.toPosition())
		ids[p.OwnerID], ids[p.EntityID], entities[p.EntityID] = true, true, true
	}

	var sums []flowSum
	if err := db.NewSelect().TableExpr("flow AS f").
		ColumnExpr("f.owner_id, f.entity_id, f.kind, f.direction, f.year, sum(f.amount) AS amount").
		Where(q.flows, q.flowsArgs...).
		GroupExpr("f.owner_id, f.entity_id, f.kind, f.direction, f.year").
		Scan(ctx, &sums); err != nil {
		return r, err
	}
	for _, f := range sums {
		r.Flows = append(r.Flows, ownership.Flow{Owner: f.OwnerID, Entity: f.EntityID, Kind: ownership.FlowKind(f.Kind),
			Direction: ownership.Direction(f.Direction), Year: f.Year, Amount: f.Amount})
		ids[f.OwnerID], ids[f.EntityID] = true, true
	}

	if q.balances != "" {
		var balances []balanceRow
		if err := db.NewSelect().Model(&balances).Where(q.balances, q.balancesArgs...).Scan(ctx); err != nil {
			return r, err
		}
		for _, b := range balances {
			r.Balances = append(r.Balances, ownership.Balance{Owner: b.OwnerID, Entity: b.EntityID,
				Kind: ownership.BalanceKind(b.Kind), Date: b.Date.UTC(), Amount: b.Amount})
			ids[b.OwnerID], ids[b.EntityID] = true, true
		}
	}

	if len(entities) > 0 {
		lists, err := ownerLists(ctx, db, slices.Collect(maps.Keys(entities)))
		if err != nil {
			return r, err
		}
		r.Lists = lists
	}
	if len(ids) > 0 {
		var rows []organizationRow
		if err := db.NewSelect().Model(&rows).Where("id IN (?)", bun.List(slices.Sorted(maps.Keys(ids)))).
			OrderExpr("id").Scan(ctx); err != nil {
			return r, err
		}
		orgs, err := loadOrganizations(ctx, db, rows, time.Time{})
		if err != nil {
			return r, err
		}
		r.Organizations = orgs
	}
	return r, nil
}

// checkIDs refuses IDs that cannot be in the register, as field[i].
func checkIDs(field string, ids []string) error {
	var errs munireg.ValidationErrors
	for i, id := range ids {
		if checkID(id) != nil {
			errs.Add(fmt.Sprintf("%s[%d]", field, i), fmt.Errorf("%w: %q", munireg.ErrNotFound, id))
		}
	}
	return errs.Err()
}

// ForumSummary is ownership.ForumTotals for the forum's members and year,
// over the register: the members' flows of the year and the year before,
// and every position in force on 31 December in the entities the members
// hold then.
func (s *Store) ForumSummary(ctx context.Context, forum ownership.Forum, year int) (ownership.ForumSummary, error) {
	if err := checkIDs("forum.owners", forum.Owners); err != nil {
		return ownership.ForumSummary{}, err
	}
	if len(forum.Owners) == 0 || year < 1 || year > 9999 {
		return ownership.ForumTotals(ownership.Records{}, forum, year) // reports what is wrong
	}
	end := yearEnd(year)
	members := bun.List(forum.Owners)
	r, err := s.records(ctx, recordsQuery{
		positions:     "p.entity_id IN (SELECT p.entity_id FROM position AS p WHERE p.owner_id IN (?) AND " + inForce + ") AND " + inForce,
		positionsArgs: []any{members, end, end, end, end},
		flows:         "f.owner_id IN (?) AND f.year IN (?, ?)",
		flowsArgs:     []any{members, year - 1, year},
		also:          forum.Owners,
	})
	if err != nil {
		return ownership.ForumSummary{}, storeError(err)
	}
	return ownership.ForumTotals(r, forum, year)
}

// Portfolio is ownership.Portfolio for owner and year, over the register:
// the owner's flows of the year and the year before, its balances, and the
// positions in force on 31 December in the owner itself and in every entity
// it holds, directly or through others (what its look-through shares depend
// on).
func (s *Store) Portfolio(ctx context.Context, owner string, year int) (ownership.PortfolioSummary, error) {
	if err := checkID(owner); err != nil {
		return ownership.PortfolioSummary{}, munireg.ValidationErrors{{Field: "owner", Err: err}}
	}
	if year < 1 || year > 9999 {
		return ownership.Portfolio(ownership.Records{}, owner, year)
	}
	end := yearEnd(year)
	r, err := s.records(ctx, recordsQuery{
		positions: "p.entity_id IN (WITH RECURSIVE down(id) AS (SELECT ?::uuid UNION " +
			"SELECT p.entity_id FROM position AS p JOIN down ON p.owner_id = down.id WHERE " + inForce +
			") SELECT id FROM down) AND " + inForce,
		positionsArgs: []any{owner, end, end, end, end},
		flows:         "f.owner_id = ? AND f.year IN (?, ?)",
		flowsArgs:     []any{owner, year - 1, year},
		balances:      "owner_id = ? AND date <= ?",
		balancesArgs:  []any{owner, end},
		also:          []string{owner},
	})
	if err != nil {
		return ownership.PortfolioSummary{}, storeError(err)
	}
	return ownership.Portfolio(r, owner, year)
}

// EntityOwners is ownership.EntityOwners for entity, over the register: its
// positions in force on asOf, the flows of year between it and its owners,
// and the balances as of asOf.
func (s *Store) EntityOwners(ctx context.Context, entity string, asOf time.Time, year int) (ownership.EntitySummary, error) {
	if err := checkID(entity); err != nil {
		return ownership.EntitySummary{}, munireg.ValidationErrors{{Field: "entity", Err: err}}
	}
	if year < 1 || year > 9999 {
		return ownership.EntityOwners(ownership.Records{}, entity, asOf, year)
	}
	r, err := s.records(ctx, recordsQuery{
		positions:     "p.entity_id = ? AND " + inForce,
		positionsArgs: []any{entity, asOf, asOf},
		flows:         "f.entity_id = ? AND f.year = ?",
		flowsArgs:     []any{entity, year},
		balances:      "entity_id = ? AND date <= ?",
		balancesArgs:  []any{entity, asOf},
		also:          []string{entity},
	})
	if err != nil {
		return ownership.EntitySummary{}, storeError(err)
	}
	return ownership.EntityOwners(r, entity, asOf, year)
}
