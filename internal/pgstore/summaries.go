package pgstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strings"
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
// after it. settings are pairs of a setting's name and its value for the
// transaction alone (set_config(name, value, true)), in one statement.
func (s *Store) snapshot(ctx context.Context, read func(ctx context.Context, tx bun.Tx) error, settings ...string) error {
	return s.db.RunInTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true},
		func(ctx context.Context, tx bun.Tx) error {
			if len(settings) > 0 {
				calls := make([]string, 0, len(settings)/2)
				args := make([]any, len(settings))
				for i := 0; i+1 < len(settings); i += 2 {
					calls = append(calls, "set_config(?, ?, true)")
					args[i], args[i+1] = settings[i], settings[i+1]
				}
				if _, err := tx.ExecContext(ctx, "SELECT "+strings.Join(calls, ", "), args...); err != nil {
					return err
				}
			}
			return read(ctx, tx)
		})
}

// largeRead is the setting of a large summary's snapshot (the forum's, and
// those read as records): its flow sums hashed in memory rather than
// spilled to disk.
var largeRead = []string{"work_mem", LargeReadWorkMem}

func (f flowSum) toFlow() ownership.Flow {
	return ownership.Flow{Owner: f.OwnerID, Entity: f.EntityID, Kind: ownership.FlowKind(f.Kind),
		Direction: ownership.Direction(f.Direction), Year: f.Year, Amount: f.Amount}
}

// records reads the part of the register q selects, with every
// organization it references and the owner lists of its entities, all from
// one snapshot.
func (s *Store) records(ctx context.Context, q recordsQuery) (ownership.Records, error) {
	var r ownership.Records
	err := s.snapshot(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		r, err = readRecords(ctx, tx, q)
		return err
	}, largeRead...)
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
	err := s.snapshot(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		fig, err = forumFigures(ctx, tx, forum, year)
		return err
	}, largeRead...)
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
	rounded := make([]string, len(listRows))
	for i, l := range listRows {
		rounded[i] = l.EntityID
	}
	var rows []positionRow
	if err := db.NewSelect().Model(&rows).Where("p.entity_id IN (?) AND "+inForce, bun.List(rounded), asOf, asOf).
		Scan(ctx); err != nil {
		return nil, err
	}
	return shareSums(listRows, rows, asOf)
}

// shareSums returns the share sums as of asOf of the entities of the owner
// lists that are rounded tables, from every position in force in them.
func shareSums(listRows []ownerListRow, rows []positionRow, asOf time.Time) ([]ownership.ShareSum, error) {
	lists := make([]ownership.OwnerList, len(listRows))
	for i, l := range listRows {
		lists[i] = ownership.OwnerList{Entity: l.EntityID, Complete: l.Complete,
			Tolerance: ownership.Tolerance(l.Tolerance), Places: l.Places}
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
// gathered in one SQL statement, so from one snapshot and in one round trip
// (portfolioSQL; see ownership.PortfolioFigures): the positions in force on
// 31 December of the owner and of every organization it holds, directly or
// through others (what its look-through shares depend on), and those in the
// owner itself; its flows of the year and the year
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
	fig, err := portfolioFigures(ctx, s.db, owner, year)
	switch {
	case errors.Is(err, sql.ErrNoRows): // no such owner: Portfolio says so
		return ownership.Portfolio(ownership.Records{}, owner, year)
	case err != nil:
		return ownership.PortfolioSummary{}, storeError(err)
	}
	return ownership.SummarizePortfolio(fig)
}

// portfolioSQL reads a portfolio's figures in one statement, so from one
// snapshot and in one round trip: one row per record, its kind in the
// first column (see the portfolio* constants), its fields in the columns
// after, in the order portfolioFigures scans them. Arguments, by number:
// ?0 owner, ?1 31 December of the year, ?2 the year before, ?3 the year,
// ?4 1 January of the year.
//
// The owner's chains are its positions in force and those of everything it
// holds, followed down; with the positions in the owner itself. (Arrays,
// so that PostgreSQL reads the positions by owner and the entities' names
// through the indexes rather than hashing whole tables against its guess
// of the chains' length: the names' hash join read all organizations.)
const portfolioSQL = `WITH RECURSIVE down(id) AS (
	SELECT ?0::uuid UNION SELECT p.entity_id FROM position AS p JOIN down ON p.owner_id = down.id WHERE ` + inForceOn1 + `),
chains AS (SELECT p.* FROM position AS p
	WHERE (p.owner_id = ANY (ARRAY(SELECT id FROM down)) OR p.entity_id = ?0) AND ` + inForceOn1 + `),
sums AS (SELECT f.owner_id, f.entity_id, f.kind, f.direction, f.year, sum(f.amount) AS amount FROM flow AS f
	WHERE f.owner_id = ?0 AND f.year IN (?2, ?3) GROUP BY f.owner_id, f.entity_id, f.kind, f.direction, f.year),
latest AS (SELECT DISTINCT ON (entity_id, kind) owner_id, entity_id, kind, date, amount FROM balance
	WHERE owner_id = ?0 AND date <= ?1 ORDER BY entity_id, kind, date DESC),
entities AS (SELECT entity_id AS id FROM chains UNION SELECT entity_id FROM sums UNION SELECT entity_id FROM latest),
lists AS (SELECT l.* FROM owner_list AS l JOIN entities AS e ON e.id = l.entity_id WHERE l.tolerance = 'rounded')
SELECT 0 AS tag, o.id, NULL::uuid AS owner_id, NULL::uuid AS entity_id, o.name AS t1, o.kind AS t2, NULL::text AS t3,
	NULL::numeric AS n1, NULL::numeric AS n2, NULL::numeric AS n3, pop.count::bigint AS i1, NULL::bigint AS i2,
	NULL::bigint AS i3, pop.date AS d1, NULL::date AS d2, NULL::boolean AS flag
	FROM organization AS o LEFT JOIN LATERAL (SELECT pop.date, pop.count FROM population AS pop
		WHERE pop.organization_id = o.id AND pop.date <= ?4 ORDER BY pop.date DESC LIMIT 1) AS pop ON true
	WHERE o.id = ?0
UNION ALL SELECT 1, p.id, p.owner_id, p.entity_id, p.share_class, p.purpose, p.category, p.economic, p.voting,
	p.book_value, p.version, p.held, p.outstanding, p.valid_from, p.valid_to, NULL FROM chains AS p
UNION ALL SELECT 2, NULL, f.owner_id, f.entity_id, f.kind, f.direction, NULL, f.amount, NULL, NULL, f.year, NULL,
	NULL, NULL, NULL, NULL FROM sums AS f
UNION ALL SELECT 3, NULL, b.owner_id, b.entity_id, b.kind, NULL, NULL, b.amount, NULL, NULL, NULL, NULL, NULL,
	b.date, NULL, NULL FROM latest AS b
UNION ALL SELECT 4, o.id, NULL, NULL, o.name, o.kind, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
	l.entity_id IS NOT NULL FROM organization AS o LEFT JOIN lists AS l ON l.entity_id = o.id
	WHERE o.id = ANY (ARRAY(SELECT id FROM entities))
UNION ALL SELECT 5, NULL, NULL, l.entity_id, l.tolerance, NULL, NULL, NULL, NULL, NULL, l.places, NULL, NULL, NULL,
	NULL, l.complete FROM lists AS l
UNION ALL SELECT 6, p.id, p.owner_id, p.entity_id, p.share_class, p.purpose, p.category, p.economic, p.voting,
	p.book_value, p.version, p.held, p.outstanding, p.valid_from, p.valid_to, NULL
	FROM position AS p JOIN lists AS l ON l.entity_id = p.entity_id WHERE ` + inForceOn1

// inForceOn1 is inForce with the date as bun's argument ?1.
const inForceOn1 = "(p.valid_from IS NULL OR p.valid_from <= ?1) AND (p.valid_to IS NULL OR p.valid_to > ?1)"

// The kinds of portfolioSQL's rows.
const (
	portfolioOwner    = iota // the owner: id, name, kind, population count and date
	portfolioPosition        // a position of the owner's chains, or in the owner
	portfolioFlows           // flows of one owner, entity, kind, direction and year summed
	portfolioBalance         // the latest balance of one entity and kind
	portfolioEntity          // an entity named: id, name, kind, whether its owner list is a rounded table
	portfolioList            // a rounded table's owner list: entity, tolerance, places, complete
	portfolioRounded         // a position in force in an entity whose owner list is a rounded table
)

// portfolioFigures gathers a portfolio's figures with portfolioSQL;
// sql.ErrNoRows when there is no such owner.
func portfolioFigures(ctx context.Context, db bun.IDB, owner string, year int) (ownership.PortfolioFigures, error) {
	fig := ownership.PortfolioFigures{Year: year}
	end := yearEnd(year)
	rows, err := db.QueryContext(ctx, portfolioSQL, owner, end, year-1, year,
		time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC))
	if err != nil {
		return fig, err
	}
	defer rows.Close()
	var (
		tag                 int
		id, ownerID, entity sql.NullString
		t1, t2, t3          sql.NullString
		n1, n2, n3          decimal.NullDecimal
		i1, i2, i3          sql.NullInt64
		d1, d2              sql.NullTime
		flag                sql.NullBool
		found               bool
		lists               []ownerListRow
		rounded             []positionRow
	)
	position := func() positionRow {
		return positionRow{ID: id.String, Version: i1.Int64, OwnerID: ownerID.String, EntityID: entity.String,
			Economic: n1.Decimal, Voting: n2, ShareClass: t1.String, Held: i2.Int64, Outstanding: i3.Int64,
			BookValue: n3, ValidFrom: nullDate(d1), ValidTo: nullDate(d2), Purpose: t2.String, Category: t3.String}
	}
	for rows.Next() {
		if err := rows.Scan(&tag, &id, &ownerID, &entity, &t1, &t2, &t3, &n1, &n2, &n3, &i1, &i2, &i3, &d1, &d2, &flag); err != nil {
			return fig, err
		}
		switch tag {
		case portfolioOwner:
			found = true
			fig.Owner = munireg.Organization{ID: id.String, Name: t1.String, Kind: munireg.Kind(t2.String)}
			if d1.Valid {
				fig.Owner.Population = munireg.PopulationSeries{{Date: d1.Time.UTC(), Count: i1.Int64}}
			}
		case portfolioPosition:
			fig.Positions = append(fig.Positions, position().toPosition())
		case portfolioFlows:
			fig.Flows = append(fig.Flows, flowSum{OwnerID: ownerID.String, EntityID: entity.String, Kind: t1.String,
				Direction: t2.String, Year: int(i1.Int64), Amount: n1.Decimal}.toFlow())
		case portfolioBalance:
			fig.Balances = append(fig.Balances, balanceRow{OwnerID: ownerID.String, EntityID: entity.String,
				Kind: t1.String, Date: d1.Time, Amount: n1.Decimal}.toBalance())
		case portfolioEntity:
			fig.Entities = append(fig.Entities, munireg.Organization{ID: id.String, Name: t1.String, Kind: munireg.Kind(t2.String)})
		case portfolioList:
			lists = append(lists, ownerListRow{EntityID: entity.String, Tolerance: t1.String, Places: int32(i1.Int64),
				Complete: flag.Bool})
		case portfolioRounded:
			rounded = append(rounded, position())
		}
	}
	if err := rows.Err(); err != nil {
		return fig, err
	}
	if !found {
		return fig, sql.ErrNoRows
	}
	if len(lists) > 0 {
		fig.Rounded, err = shareSums(lists, rounded, end)
	}
	return fig, err
}

// nullDate is a nullable date column as positionRow keeps it.
func nullDate(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
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
