package bench

import (
	"context"

	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"
)

// Row is one row of a baseline statement: an amount (or a share) between an
// owner and an entity, of a kind.
type Row struct {
	OwnerID, EntityID, Kind string
	Amount                  decimal.Decimal
}

// ForumSQL is the database work a forum summary cannot avoid, as one
// statement: the members' flows of the year and the year before, summed by
// owner, entity and kind. Arguments: the members (bun.List), the year
// before, the year.
const ForumSQL = "SELECT f.owner_id, f.entity_id, f.kind, sum(f.amount) AS amount FROM flow AS f " +
	"WHERE f.owner_id IN (?) AND f.year IN (?, ?) GROUP BY f.owner_id, f.entity_id, f.kind"

// PortfolioSQL is the database work an owner's portfolio cannot avoid, as
// one statement: the positions in force on 31 December of the owner and of
// everything it holds, directly or through others, followed down its chains
// (what its look-through shares depend on), and the positions in the owner
// itself (kind "position", amount the economic share); and its flows of the
// year and the year before summed by entity and kind. The chains are read
// by owner through the index (an array of the entities found), as the store
// reads them. Arguments: owner, year end ×2, owner, year end ×2, owner, the
// year before, the year.
const PortfolioSQL = "WITH RECURSIVE down(id) AS (SELECT ?::uuid UNION " +
	"SELECT p.entity_id FROM position AS p JOIN down ON p.owner_id = down.id " +
	"WHERE (p.valid_from IS NULL OR p.valid_from <= ?) AND (p.valid_to IS NULL OR p.valid_to > ?)) " +
	"SELECT p.owner_id, p.entity_id, 'position' AS kind, p.economic AS amount FROM position AS p " +
	"WHERE (p.owner_id = ANY (ARRAY(SELECT id FROM down)) OR p.entity_id = ?) " +
	"AND (p.valid_from IS NULL OR p.valid_from <= ?) AND (p.valid_to IS NULL OR p.valid_to > ?) " +
	"UNION ALL " +
	"SELECT f.owner_id, f.entity_id, f.kind, sum(f.amount) FROM flow AS f " +
	"WHERE f.owner_id = ? AND f.year IN (?, ?) GROUP BY f.owner_id, f.entity_id, f.kind"

// Forum runs ForumSQL for the members and year and scans its rows.
func Forum(ctx context.Context, db bun.IDB, members []string, year int) ([]Row, error) {
	var rows []Row
	err := db.NewRaw(ForumSQL, bun.List(members), year-1, year).Scan(ctx, &rows)
	return rows, err
}

// Portfolio runs PortfolioSQL for the owner and year and scans its rows.
func Portfolio(ctx context.Context, db bun.IDB, owner string, year int) ([]Row, error) {
	end := yearEnd(year)
	var rows []Row
	err := db.NewRaw(PortfolioSQL, owner, end, end, owner, end, end, owner, year-1, year).Scan(ctx, &rows)
	return rows, err
}
