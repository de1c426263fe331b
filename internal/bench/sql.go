package bench

import (
	"context"
	"net/url"
	"time"

	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"
)

// Row is one row of a baseline statement: an amount (or a share) between an
// owner and an entity, of a kind.
type Row struct {
	OwnerID, EntityID, Kind string
	Amount                  decimal.Decimal
}

// BaselineURL is the connection URL u with the settings the raw SQL runs
// with: workMem, the work_mem the store gives a large summary, so that
// neither spills to disk where the other does not; and jit off, because
// PostgreSQL's guess of a portfolio's chains (thousands of rows where there
// are a hundred) would otherwise have it compile the statement to machine
// code, which takes longer than running it, as a database tuned for short
// statements would not.
func BaselineURL(u, workMem string) (string, error) {
	pu, err := url.Parse(u)
	if err != nil {
		return "", err
	}
	q := pu.Query()
	q.Set("work_mem", workMem)
	q.Set("jit", "off")
	pu.RawQuery = q.Encode()
	return pu.String(), nil
}

// ForumSQL is the database work a forum summary cannot avoid, as one
// statement: the members' flows of the year and the year before, summed by
// owner, entity and kind. Arguments: the members (bun.List), the year
// before, the year.
const ForumSQL = "SELECT f.owner_id, f.entity_id, f.kind, sum(f.amount) AS amount FROM flow AS f " +
	"WHERE f.owner_id IN (?) AND f.year IN (?, ?) GROUP BY f.owner_id, f.entity_id, f.kind"

// PortfolioSQL is an owner's portfolio as one statement: the aggregation a
// user could write instead of asking the API. One row per entity the owner
// holds on 31 December, directly or (when nobody holds the owner, so that
// it is an ultimate owner) through others, or exchanged money with
// in the year or the year before, or has a balance with: its name and kind;
// the owner's direct economic and voting shares and book value; its
// look-through share, the sum over the owner's chains of positions of the
// products of their shares (followed down through the owner index, by a
// lateral subquery that PostgreSQL may not flatten into a hash of every
// position; a chain ends where it would come back to an organization
// already on it), null when somebody holds the owner; the
// year's money net to the owner by kind and the year before's total; the
// latest owner-loan and guarantee balances; and the sum of the entity's
// shares when its owner list is a rounded table. Every row also carries the
// owner's population on 1 January and the sum of the shares others hold in
// the owner itself. Arguments, by number:
// ?0 owner, ?1 31 December of the year, ?2 the year, ?3 the year before,
// ?4 1 January of the year.
const PortfolioSQL = `WITH RECURSIVE chain(entity_id, share, path) AS (
	SELECT p.entity_id, p.economic::numeric, ARRAY[?0::uuid, p.entity_id] FROM position AS p
	WHERE p.owner_id = ?0 AND ` + inForce + `
	UNION ALL
	SELECT p.entity_id, c.share * p.economic, c.path || p.entity_id FROM chain AS c
	CROSS JOIN LATERAL (SELECT p.entity_id, p.economic FROM position AS p
		WHERE p.owner_id = c.entity_id AND ` + inForce + ` OFFSET 0) AS p
	WHERE p.entity_id <> ALL (c.path)),
held AS (SELECT entity_id, sum(share) AS effective FROM chain GROUP BY entity_id),
direct AS (SELECT p.entity_id, sum(p.economic) AS economic, sum(p.voting) AS voting, sum(p.book_value) AS book_value
	FROM position AS p WHERE p.owner_id = ?0 AND ` + inForce + ` GROUP BY p.entity_id),
money AS (SELECT f.entity_id,
	sum(f.net) FILTER (WHERE f.year = ?2 AND f.kind = 'dividend') AS dividend,
	sum(f.net) FILTER (WHERE f.year = ?2 AND f.kind = 'owner-loan-interest') AS interest,
	sum(f.net) FILTER (WHERE f.year = ?2 AND f.kind = 'owner-loan-repayment') AS repayment,
	sum(f.net) FILTER (WHERE f.year = ?2 AND f.kind = 'guarantee-commission') AS commission,
	sum(f.net) FILTER (WHERE f.year = ?2 AND f.kind = 'capital-contribution') AS contribution,
	sum(f.net) FILTER (WHERE f.year = ?2 AND f.kind = 'other') AS other,
	sum(f.net) FILTER (WHERE f.year = ?2) AS total,
	sum(f.net) FILTER (WHERE f.year = ?3) AS total_before
	FROM (SELECT entity_id, kind, year, CASE WHEN direction = 'from-owner' OR (direction = '' AND kind = 'capital-contribution')
		THEN -amount ELSE amount END AS net FROM flow WHERE owner_id = ?0 AND year IN (?3, ?2)) AS f
	GROUP BY f.entity_id),
latest AS (SELECT entity_id,
	sum(amount) FILTER (WHERE kind = 'owner-loan') AS owner_loan,
	sum(amount) FILTER (WHERE kind = 'guarantee') AS guarantee
	FROM (SELECT DISTINCT ON (entity_id, kind) entity_id, kind, amount FROM balance
		WHERE owner_id = ?0 AND date <= ?1 ORDER BY entity_id, kind, date DESC) AS b
	GROUP BY entity_id),
holders AS (SELECT sum(p.economic) AS held_by_others FROM position AS p WHERE p.entity_id = ?0 AND ` + inForce + `),
entities AS (SELECT entity_id FROM direct
	UNION SELECT entity_id FROM held WHERE (SELECT held_by_others FROM holders) IS NULL
	UNION SELECT entity_id FROM money UNION SELECT entity_id FROM latest)
SELECT o.id AS entity_id, o.name, o.kind, d.economic, d.voting, d.book_value,
	CASE WHEN hb.held_by_others IS NULL THEN coalesce(h.effective, 0) END AS effective,
	m.dividend, m.interest, m.repayment, m.commission, m.contribution, m.other, m.total, m.total_before,
	l.owner_loan, l.guarantee,
	CASE WHEN ol.tolerance = 'rounded' THEN (SELECT sum(p.economic) FROM position AS p
		WHERE p.entity_id = o.id AND ` + inForce + `) END AS rounded_sum,
	(SELECT pop.count FROM population AS pop WHERE pop.organization_id = ?0 AND pop.date <= ?4
		ORDER BY pop.date DESC LIMIT 1) AS owner_population,
	hb.held_by_others
FROM entities AS e JOIN organization AS o ON o.id = e.entity_id CROSS JOIN holders AS hb
LEFT JOIN held AS h ON h.entity_id = o.id LEFT JOIN direct AS d ON d.entity_id = o.id
LEFT JOIN money AS m ON m.entity_id = o.id LEFT JOIN latest AS l ON l.entity_id = o.id
LEFT JOIN owner_list AS ol ON ol.entity_id = o.id
ORDER BY o.id`

// inForce selects positions in force on ?1.
const inForce = "(p.valid_from IS NULL OR p.valid_from <= ?1) AND (p.valid_to IS NULL OR p.valid_to > ?1)"

// PortfolioRow is one row of PortfolioSQL; a null is a figure the entity
// has none of.
type PortfolioRow struct {
	EntityID, Name, Kind                                               string
	Economic, Voting, BookValue, Effective                             decimal.NullDecimal
	Dividend, Interest, Repayment, Commission, Contribution, Other     decimal.NullDecimal
	Total, TotalBefore, OwnerLoan, Guarantee, RoundedSum, HeldByOthers decimal.NullDecimal
	OwnerPopulation                                                    *int64
}

// Forum runs ForumSQL for the members and year and scans its rows.
func Forum(ctx context.Context, db bun.IDB, members []string, year int) ([]Row, error) {
	var rows []Row
	err := db.NewRaw(ForumSQL, bun.List(members), year-1, year).Scan(ctx, &rows)
	return rows, err
}

// Portfolio runs PortfolioSQL for the owner and year and scans its rows.
func Portfolio(ctx context.Context, db bun.IDB, owner string, year int) ([]PortfolioRow, error) {
	var rows []PortfolioRow
	err := db.NewRaw(PortfolioSQL, owner, yearEnd(year), year, year-1,
		time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)).Scan(ctx, &rows)
	return rows, err
}
