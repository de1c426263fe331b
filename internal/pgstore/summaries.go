package pgstore

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"math/big"
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

// LargeReadWorkMem is the work_mem of a large summary's transaction (the
// forum's), so that its flow sums are hashed in memory rather than spilled
// to disk. Baselines that do the same database work run with it too.
const LargeReadWorkMem = "64MB"

// snapshot runs read in one read-only REPEATABLE READ transaction, so that
// a summary never mixes positions from before a change with flows from
// after it. For a large read, the flow sums are hashed in memory rather
// than spilled to disk.
func (s *Store) snapshot(ctx context.Context, large bool, read func(ctx context.Context, tx bun.Tx) error) error {
	return s.db.RunInTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true},
		func(ctx context.Context, tx bun.Tx) error {
			if large {
				if _, err := tx.ExecContext(ctx, "SELECT set_config('work_mem', ?, true)", LargeReadWorkMem); err != nil {
					return err
				}
			}
			return read(ctx, tx)
		})
}

func (f flowSum) toFlow() ownership.Flow {
	return ownership.Flow{Owner: f.OwnerID, Entity: f.EntityID, Kind: ownership.FlowKind(f.Kind),
		Direction: ownership.Direction(f.Direction), Year: f.Year, Amount: f.Amount}
}

// records reads the part of the register q selects, with every
// organization it references and the owner lists of its entities, all from
// one snapshot.
func (s *Store) records(ctx context.Context, q recordsQuery) (ownership.Records, error) {
	var r ownership.Records
	err := s.snapshot(ctx, true, func(ctx context.Context, tx bun.Tx) error {
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
		r.Flows = append(r.Flows, f.toFlow())
		ids[f.OwnerID], ids[f.EntityID] = true, true
	}

	if q.balances != "" {
		var balances []balanceRow
		if err := db.NewSelect().Model(&balances).Where(q.balances, q.balancesArgs...).Scan(ctx); err != nil {
			return r, err
		}
		for _, b := range balances {
			r.Balances = append(r.Balances, b.toBalance())
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
// over the register, gathered in aggregate by PostgreSQL (see
// ownership.ForumFigures) from one snapshot: the members' flows of the year
// and the year before summed per member and per entity, by kind, direction
// and year; per entity the members' economic shares on 31 December and the
// number of members involved; the share sums of entities whose owner list
// is a rounded table. ownership.SummarizeForum makes the summary, as
// ForumTotals does from records; the parity test holds the two equal.
func (s *Store) ForumSummary(ctx context.Context, forum ownership.Forum, year int) (ownership.ForumSummary, error) {
	if err := checkIDs("forum.owners", forum.Owners); err != nil {
		return ownership.ForumSummary{}, err
	}
	var errs munireg.ValidationErrors
	errs.Merge("forum", forum.Validate())
	if year < 1 || year > 9999 {
		errs.Add("year", fmt.Errorf("%w: %d", ownership.ErrInvalidYear, year))
	}
	if err := errs.Err(); err != nil {
		return ownership.ForumSummary{}, err
	}
	var fig ownership.ForumFigures
	err := s.snapshot(ctx, true, func(ctx context.Context, tx bun.Tx) error {
		var err error
		fig, err = forumFigures(ctx, tx, forum, year)
		return err
	})
	if err != nil {
		return ownership.ForumSummary{}, storeError(err)
	}
	return ownership.SummarizeForum(fig)
}

// forumFigures gathers a forum summary's figures with SQL.
func forumFigures(ctx context.Context, db bun.IDB, forum ownership.Forum, year int) (ownership.ForumFigures, error) {
	fig := ownership.ForumFigures{Forum: forum, Year: year}
	end := yearEnd(year)
	members := bun.List(forum.Owners)

	// The members, with their populations.
	loaded, err := populated(ctx, db, forum.Owners, year)
	if err != nil {
		return fig, err
	}
	byID := make(map[string]munireg.Organization, len(loaded))
	for _, o := range loaded {
		byID[o.ID] = o
	}
	var errs munireg.ValidationErrors
	for i, id := range forum.Owners {
		o, ok := byID[id]
		if !ok {
			errs.Add(fmt.Sprintf("forum.owners[%d]", i), fmt.Errorf("%w: %q", ownership.ErrUnknownOrganization, id))
		}
		fig.Members = append(fig.Members, o)
	}
	if err := errs.Err(); err != nil {
		return fig, err
	}

	// The flows, summed per member and per entity in one pass, the year and
	// the year before side by side.
	var sums []struct {
		OwnerID   *string             `bun:"owner_id"`
		EntityID  *string             `bun:"entity_id"`
		Kind      string              `bun:"kind"`
		Direction string              `bun:"direction"`
		Current   decimal.NullDecimal `bun:"current"`
		Previous  decimal.NullDecimal `bun:"previous"`
	}
	if err := db.NewSelect().TableExpr("flow AS f").
		ColumnExpr("f.owner_id, f.entity_id, f.kind, f.direction, sum(f.amount) FILTER (WHERE f.year = ?) AS current, "+
			"sum(f.amount) FILTER (WHERE f.year = ?) AS previous", year, year-1).
		Where("f.owner_id IN (?) AND f.year IN (?, ?)", members, year-1, year).
		GroupExpr("GROUPING SETS ((f.owner_id, f.kind, f.direction), (f.entity_id, f.kind, f.direction))").
		Scan(ctx, &sums); err != nil {
		return fig, err
	}
	entities := map[string]*ownership.ForumEntityFigures{}
	entity := func(id string) *ownership.ForumEntityFigures {
		e := entities[id]
		if e == nil {
			e = &ownership.ForumEntityFigures{Organization: munireg.Organization{ID: id}, Economic: new(big.Rat)}
			entities[id] = e
		}
		return e
	}
	fig.MemberFlows = make([]ownership.Flow, 0, 2*len(sums))
	for _, r := range sums {
		for _, sum := range [...]struct {
			year   int
			amount decimal.NullDecimal
		}{{year, r.Current}, {year - 1, r.Previous}} {
			if !sum.amount.Valid {
				continue
			}
			f := ownership.Flow{Kind: ownership.FlowKind(r.Kind), Direction: ownership.Direction(r.Direction), Year: sum.year,
				Amount: sum.amount.Decimal}
			if r.OwnerID != nil {
				f.Owner = *r.OwnerID
				fig.MemberFlows = append(fig.MemberFlows, f)
			} else if r.EntityID != nil {
				f.Entity = *r.EntityID
				e := entity(f.Entity)
				e.Flows = append(e.Flows, f)
			}
		}
	}

	// The members' shares on 31 December: summed in SQL where the share is
	// the decimal, added exactly here where it is a count of shares.
	var shares []struct {
		EntityID    string          `bun:"entity_id"`
		Economic    decimal.Decimal `bun:"economic"`
		Held        int64           `bun:"held"`
		Outstanding int64           `bun:"outstanding"`
	}
	counted := "p.outstanding > 0 AND p.share_class = ''"
	if err := db.NewRaw("SELECT p.entity_id, sum(p.economic) AS economic, 0 AS held, 0 AS outstanding "+
		"FROM position AS p WHERE p.owner_id IN (?) AND "+inForce+" AND NOT ("+counted+") GROUP BY p.entity_id "+
		"UNION ALL SELECT p.entity_id, 0, p.held, p.outstanding FROM position AS p "+
		"WHERE p.owner_id IN (?) AND "+inForce+" AND "+counted,
		members, end, end, members, end, end).Scan(ctx, &shares); err != nil {
		return fig, err
	}
	for _, sh := range shares {
		e := entity(sh.EntityID)
		if sh.Outstanding > 0 {
			e.Economic.Add(e.Economic, big.NewRat(sh.Held, sh.Outstanding))
		} else {
			e.Economic.Add(e.Economic, sh.Economic.Rat())
		}
	}

	// The members involved with each entity — a position in force on 31
	// December, or money exchanged in the year — with the entity's name and
	// kind, and whether its owner list is a rounded table.
	var involved []struct {
		EntityID string `bun:"entity_id"`
		Name     string `bun:"name"`
		Kind     string `bun:"kind"`
		Owners   int    `bun:"owners"`
		Rounded  bool   `bun:"rounded"`
	}
	if err := db.NewRaw("SELECT o.id AS entity_id, o.name, o.kind, pairs.owners, l.entity_id IS NOT NULL AS rounded FROM ("+
		"SELECT entity_id, count(*) AS owners FROM ("+
		"SELECT p.owner_id, p.entity_id FROM position AS p WHERE p.owner_id IN (?) AND "+inForce+
		" UNION SELECT f.owner_id, f.entity_id FROM flow AS f WHERE f.owner_id IN (?) AND f.year = ?"+
		") AS pairs GROUP BY entity_id) AS pairs JOIN organization AS o ON o.id = pairs.entity_id "+
		"LEFT JOIN owner_list AS l ON l.entity_id = o.id AND l.tolerance = ?",
		members, end, end, members, year, string(ownership.ToleranceRounded)).Scan(ctx, &involved); err != nil {
		return fig, err
	}
	var rounded []string
	named := make(map[string]bool, len(involved))
	for _, in := range involved {
		e := entity(in.EntityID)
		e.Owners = in.Owners
		e.Organization = munireg.Organization{ID: in.EntityID, Name: in.Name, Kind: munireg.Kind(in.Kind)}
		named[in.EntityID] = true
		if in.Rounded {
			rounded = append(rounded, in.EntityID)
		}
	}
	// The entities the members exchanged money with only the year before.
	var rest []string
	for id := range entities {
		if !named[id] {
			rest = append(rest, id)
		}
	}
	if len(rest) > 0 {
		named, more, err := names(ctx, db, rest)
		if err != nil {
			return fig, err
		}
		for _, o := range named {
			entities[o.ID].Organization = o
		}
		rounded = append(rounded, more...)
	}
	if len(rounded) > 0 {
		if fig.Rounded, err = roundedSums(ctx, db, rounded, end); err != nil {
			return fig, err
		}
	}
	for _, id := range slices.Sorted(maps.Keys(entities)) {
		fig.Entities = append(fig.Entities, *entities[id])
	}
	return fig, nil
}

// roundedSums returns the share sums, as of a date, of those of the
// entities whose owner list is a rounded table and whose sums were accepted
// only under that tolerance, in order of entity.
func roundedSums(ctx context.Context, db bun.IDB, entities []string, asOf time.Time) ([]ownership.ShareSum, error) {
	var listRows []ownerListRow
	if err := db.NewSelect().Model(&listRows).Where("entity_id IN (?) AND tolerance = ?", bun.List(entities),
		string(ownership.ToleranceRounded)).Scan(ctx); err != nil {
		return nil, err
	}
	if len(listRows) == 0 {
		return nil, nil
	}
	var lists []ownership.OwnerList
	var rounded []string
	for _, l := range listRows {
		lists = append(lists, ownership.OwnerList{Entity: l.EntityID, Complete: l.Complete,
			Tolerance: ownership.Tolerance(l.Tolerance), Places: l.Places})
		rounded = append(rounded, l.EntityID)
	}
	var rows []positionRow
	if err := db.NewSelect().Model(&rows).Where("p.entity_id IN (?) AND "+inForce, bun.List(rounded), asOf, asOf).
		Scan(ctx); err != nil {
		return nil, err
	}
	positions := make([]ownership.Position, len(rows))
	for i, r := range rows {
		positions[i] = r.toPosition()
	}
	sums, err := ownership.CheckShares(positions, lists, asOf)
	if err != nil {
		return nil, err
	}
	var out []ownership.ShareSum
	for _, sum := range sums {
		if sum.Rounded {
			out = append(out, sum)
		}
	}
	return out, nil
}

// Portfolio is ownership.Portfolio for owner and year, over the register,
// gathered with SQL from one snapshot (see ownership.PortfolioFigures): the
// positions in force on 31 December of the owner and of every organization
// it holds, directly or through others (what its look-through shares depend
// on), and those in the owner itself; its flows of the year and the year
// before summed per entity, kind, direction and year; its latest balances;
// the organizations these name; and the share sums of those entities that
// were accepted only as a rounded table. ownership.SummarizePortfolio makes
// the summary; the parity tests hold it equal to ownership.Portfolio over
// the whole register.
//
// It reads none of the positions that only others hold in the same
// entities, and checks nothing that the register checks when it is
// written: every position is valid on its own (validatePosition and the
// table's constraints), and the shares of each entity's owners add up, with
// no overlapping positions, at every date (checkShareDates, which every
// write of positions and owner lists runs with the entity locked:
// CreatePosition, changePosition, SetOwnerList, LoadPositions and the
// register import; see TestPositionsKeepTheSharesWithinOne,
// TestPositionErrors and TestConcurrentPositionsNeverExceedOne).
func (s *Store) Portfolio(ctx context.Context, owner string, year int) (ownership.PortfolioSummary, error) {
	if err := checkID(owner); err != nil {
		return ownership.PortfolioSummary{}, munireg.ValidationErrors{{Field: "owner", Err: err}}
	}
	if year < 1 || year > 9999 {
		return ownership.Portfolio(ownership.Records{}, owner, year)
	}
	var fig ownership.PortfolioFigures
	err := s.snapshot(ctx, false, func(ctx context.Context, tx bun.Tx) error {
		var err error
		fig, err = portfolioFigures(ctx, tx, owner, year)
		return err
	})
	switch {
	case errors.Is(err, sql.ErrNoRows): // no such owner: Portfolio says so
		return ownership.Portfolio(ownership.Records{}, owner, year)
	case err != nil:
		return ownership.PortfolioSummary{}, storeError(err)
	}
	return ownership.SummarizePortfolio(fig)
}

// portfolioFigures gathers a portfolio's figures with SQL; sql.ErrNoRows
// when there is no such owner.
func portfolioFigures(ctx context.Context, db bun.IDB, owner string, year int) (ownership.PortfolioFigures, error) {
	fig := ownership.PortfolioFigures{Year: year}
	end := yearEnd(year)
	loaded, err := populated(ctx, db, []string{owner}, year)
	if err != nil || len(loaded) == 0 {
		return fig, cmp.Or(err, sql.ErrNoRows)
	}
	fig.Owner = loaded[0]
	entities := map[string]bool{}

	// The owner's chains: its positions in force, and those of everything it
	// holds, followed down; and the positions in the owner itself.
	// (An array, so that PostgreSQL reads the positions by owner through the
	// index rather than hashing all of them against its guess of the chains'
	// length.)
	var positions []positionRow
	if err := db.NewSelect().Model(&positions).
		WithRecursive("down", db.NewRaw("SELECT ?::uuid AS id UNION "+
			"SELECT p.entity_id FROM position AS p JOIN down ON p.owner_id = down.id WHERE "+inForce, owner, end, end)).
		Where("(p.owner_id = ANY (ARRAY(SELECT id FROM down)) OR p.entity_id = ?) AND "+inForce, owner, end, end).
		Scan(ctx); err != nil {
		return fig, err
	}
	fig.Positions = noting(entities, positions, func(p positionRow) (ownership.Position, string) {
		return p.toPosition(), p.EntityID
	})

	var sums []flowSum
	if err := db.NewSelect().TableExpr("flow AS f").
		ColumnExpr("f.owner_id, f.entity_id, f.kind, f.direction, f.year, sum(f.amount) AS amount").
		Where("f.owner_id = ? AND f.year IN (?, ?)", owner, year-1, year).
		GroupExpr("f.owner_id, f.entity_id, f.kind, f.direction, f.year").
		Scan(ctx, &sums); err != nil {
		return fig, err
	}
	fig.Flows = noting(entities, sums, func(f flowSum) (ownership.Flow, string) { return f.toFlow(), f.EntityID })

	// The latest balance of each entity and kind.
	var balances []balanceRow
	if err := db.NewSelect().Model(&balances).DistinctOn("entity_id, kind").
		Where("owner_id = ? AND date <= ?", owner, end).OrderExpr("entity_id, kind, date DESC").
		Scan(ctx); err != nil {
		return fig, err
	}
	fig.Balances = noting(entities, balances, func(b balanceRow) (ownership.Balance, string) {
		return b.toBalance(), b.EntityID
	})

	if len(entities) == 0 {
		return fig, nil
	}
	var rounded []string
	if fig.Entities, rounded, err = names(ctx, db, slices.Collect(maps.Keys(entities))); err != nil || len(rounded) == 0 {
		return fig, err
	}
	fig.Rounded, err = roundedSums(ctx, db, rounded, end)
	return fig, err
}

// noting maps rows to records with to, and notes the entity ID to gives
// with each in entities.
func noting[R, T any](entities map[string]bool, rows []R, to func(R) (T, string)) []T {
	out := make([]T, len(rows))
	for i, r := range rows {
		var entity string
		out[i], entity = to(r)
		entities[entity] = true
	}
	return out
}

// names reads the organizations' IDs, names and kinds, in any order, and
// which of them have an owner list that is a rounded table.
func names(ctx context.Context, db bun.IDB, ids []string) (orgs []munireg.Organization, rounded []string, err error) {
	var rows []struct {
		ID      string `bun:"id"`
		Name    string `bun:"name"`
		Kind    string `bun:"kind"`
		Rounded bool   `bun:"rounded"`
	}
	if err := db.NewRaw("SELECT o.id, o.name, o.kind, l.entity_id IS NOT NULL AS rounded FROM organization AS o "+
		"LEFT JOIN owner_list AS l ON l.entity_id = o.id AND l.tolerance = ? WHERE o.id IN (?)",
		string(ownership.ToleranceRounded), bun.List(ids)).Scan(ctx, &rows); err != nil {
		return nil, nil, err
	}
	orgs = make([]munireg.Organization, len(rows))
	for i, r := range rows {
		orgs[i] = munireg.Organization{ID: r.ID, Name: r.Name, Kind: munireg.Kind(r.Kind)}
		if r.Rounded {
			rounded = append(rounded, r.ID)
		}
	}
	return orgs, rounded, nil
}

// populated reads the organizations' IDs, names and kinds, each with its
// population on 1 January of year (the latest count dated on or before it,
// as munireg.PopulationSeries.AsOf finds it) as its series, in any order:
// what a summary reads of its owners, in one statement.
func populated(ctx context.Context, db bun.IDB, ids []string, year int) ([]munireg.Organization, error) {
	var rows []struct {
		ID    string     `bun:"id"`
		Name  string     `bun:"name"`
		Kind  string     `bun:"kind"`
		Date  *time.Time `bun:"date"`
		Count int64      `bun:"count"`
	}
	if err := db.NewRaw("SELECT o.id, o.name, o.kind, p.date, p.count FROM organization AS o "+
		"LEFT JOIN LATERAL (SELECT p.date, p.count FROM population AS p WHERE p.organization_id = o.id AND p.date <= ? "+
		"ORDER BY p.date DESC LIMIT 1) AS p ON true WHERE o.id IN (?)",
		time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC), bun.List(ids)).Scan(ctx, &rows); err != nil {
		return nil, err
	}
	out := make([]munireg.Organization, len(rows))
	for i, r := range rows {
		out[i] = munireg.Organization{ID: r.ID, Name: r.Name, Kind: munireg.Kind(r.Kind)}
		if r.Date != nil {
			out[i].Population = munireg.PopulationSeries{{Date: r.Date.UTC(), Count: r.Count}}
		}
	}
	return out, nil
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

// Distribution is ownership.Distribute over the register: total split over
// the entity's owners by their positions in force on asOf, under the
// entity's owner list, both read from one snapshot. Nothing is recorded.
func (s *Store) Distribution(ctx context.Context, entity string, total decimal.Decimal, asOf time.Time, r munireg.Rounding) (ownership.Distribution, error) {
	if err := checkID(entity); err != nil {
		return ownership.Distribution{}, munireg.ValidationErrors{{Field: "entity", Err: err}}
	}
	recs, err := s.records(ctx, recordsQuery{
		positions:     "p.entity_id = ? AND " + inForce,
		positionsArgs: []any{entity, asOf, asOf},
		flows:         "false",
		also:          []string{entity},
	})
	if err != nil {
		return ownership.Distribution{}, storeError(err)
	}
	return ownership.Distribute(total, entity, recs.Positions, recs.Lists, asOf, r)
}
