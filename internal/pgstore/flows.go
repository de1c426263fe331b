package pgstore

import (
	"context"
	"time"

	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
)

// Audit record types of flows and balances.
const (
	recordFlow    = "flow"
	recordBalance = "balance"
)

type flowRow struct {
	bun.BaseModel `bun:"table:flow,alias:f"`
	ID            string          `bun:"id,pk,type:uuid" json:"id"`
	Version       int64           `bun:"version" json:"revision"`
	OwnerID       string          `bun:"owner_id,type:uuid" json:"owner"`
	EntityID      string          `bun:"entity_id,type:uuid" json:"entity"`
	Kind          string          `bun:"kind" json:"kind"`
	Year          int             `bun:"year" json:"year"`
	Paid          *time.Time      `bun:"paid,type:date" json:"paid,omitempty"`
	Amount        decimal.Decimal `bun:"amount,type:numeric(20,2)" json:"amount"`
	Direction     string          `bun:"direction" json:"direction,omitempty"`
}

func toFlowRow(f ownership.Flow) flowRow {
	return flowRow{ID: f.ID, Version: f.Revision, OwnerID: f.Owner, EntityID: f.Entity, Kind: string(f.Kind),
		Year: f.Year, Paid: datePtr(f.Paid), Amount: f.Amount, Direction: string(f.Direction)}
}

func (r flowRow) toFlow() ownership.Flow {
	return ownership.Flow{ID: r.ID, Revision: r.Version, Owner: r.OwnerID, Entity: r.EntityID,
		Kind: ownership.FlowKind(r.Kind), Year: r.Year, Paid: dateOf(r.Paid), Amount: r.Amount,
		Direction: ownership.Direction(r.Direction)}
}

type balanceRow struct {
	bun.BaseModel `bun:"table:balance"`
	OwnerID       string          `bun:"owner_id,pk,type:uuid" json:"owner"`
	EntityID      string          `bun:"entity_id,pk,type:uuid" json:"entity"`
	Kind          string          `bun:"kind,pk" json:"kind"`
	Date          time.Time       `bun:"date,pk,type:date" json:"date"`
	Amount        decimal.Decimal `bun:"amount,type:numeric(20,2)" json:"amount"`
}

// CreateFlow records a payment between an owner and an entity and returns
// it with its ID and revision 1. It is validated on its own
// (ownership.Flow.Validate; amounts are kept to the øre, so more decimals
// are a ValidationError on "amount"), and owner and entity must be in the
// register.
func (s *Store) CreateFlow(ctx context.Context, f ownership.Flow) (ownership.Flow, error) {
	f.ID, f.Revision = newID(), 1
	if err := validateFlow(f); err != nil {
		return ownership.Flow{}, err
	}
	err := s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		if err := actor.MayChange(f.Owner); err != nil {
			return err
		}
		if err := checkOrganizations(ctx, tx, map[string]string{"owner": f.Owner, "entity": f.Entity}); err != nil {
			return err
		}
		row := toFlowRow(f)
		if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionCreate, recordFlow, f.ID, nil, row)
	})
	if err != nil {
		return ownership.Flow{}, err
	}
	return f, nil
}

// validateFlow is ownership.Flow.Validate plus what the register stores:
// amounts in øre.
func validateFlow(f ownership.Flow) error {
	var errs munireg.ValidationErrors
	errs.Merge("", f.Validate())
	if len(errs) == 0 {
		money.check(&errs, "amount", f.Amount)
	}
	return errs.Err()
}

// FindFlowByID returns one flow; unknown IDs give munireg.ErrNotFound.
func (s *Store) FindFlowByID(ctx context.Context, id string) (ownership.Flow, error) {
	if err := checkID(id); err != nil {
		return ownership.Flow{}, err
	}
	var row flowRow
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id).Scan(ctx); err != nil {
		return ownership.Flow{}, storeError(err)
	}
	return row.toFlow(), nil
}

// flowKeyset pages flows by ID.
var flowKeyset = keyset[flowRow]{table: "flow AS f", id: "f.id", cursor: func(r flowRow) (string, string) { return "", r.ID }}

// FindFlows lists flows in order of ID, a page at a time.
func (s *Store) FindFlows(ctx context.Context, f ownership.FlowFilter) (munireg.Page[ownership.Flow], error) {
	for _, id := range []*string{f.Owner, f.Entity} {
		if id != nil && checkID(*id) != nil {
			return munireg.Page[ownership.Flow]{Items: []ownership.Flow{}}, nil
		}
	}
	filter := func(q *bun.SelectQuery) *bun.SelectQuery {
		if f.Owner != nil {
			q = q.Where("f.owner_id = ?", *f.Owner)
		}
		if f.Entity != nil {
			q = q.Where("f.entity_id = ?", *f.Entity)
		}
		if f.Kind != nil {
			q = q.Where("f.kind = ?", string(*f.Kind))
		}
		if f.FromYear != nil {
			q = q.Where("f.year >= ?", *f.FromYear)
		}
		if f.ToYear != nil {
			q = q.Where("f.year <= ?", *f.ToYear)
		}
		return q
	}
	rows, total, next, err := flowKeyset.page(ctx, s.db, filter, f.After, f.Limit)
	if err != nil {
		return munireg.Page[ownership.Flow]{}, err
	}
	page := munireg.Page[ownership.Flow]{Total: total, Next: next, Items: make([]ownership.Flow, 0, len(rows))}
	for _, r := range rows {
		page.Items = append(page.Items, r.toFlow())
	}
	return page, nil
}

// UpdateFlow corrects a flow if its revision is still revision, and returns
// it with the next revision (munireg.ErrConflict when stale). The audit log
// keeps what it was.
func (s *Store) UpdateFlow(ctx context.Context, id string, revision int64, u ownership.FlowUpdate) (ownership.Flow, error) {
	if err := checkID(id); err != nil {
		return ownership.Flow{}, err
	}
	var after ownership.Flow
	err := s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		var cur flowRow
		if err := tx.NewSelect().Model(&cur).Where("id = ?", id).For("UPDATE").Scan(ctx); err != nil {
			return err
		}
		if err := actor.MayChange(cur.OwnerID); err != nil {
			return err
		}
		if cur.Version != revision {
			return munireg.ErrConflict
		}
		after = cur.toFlow()
		set(&after.Kind, u.Kind)
		set(&after.Year, u.Year)
		set(&after.Paid, u.Paid)
		set(&after.Amount, u.Amount)
		set(&after.Direction, u.Direction)
		after.Revision = revision + 1
		if err := validateFlow(after); err != nil {
			return err
		}
		row := toFlowRow(after)
		if _, err := tx.NewUpdate().Model(&row).ExcludeColumn("id", "owner_id", "entity_id").
			Where("id = ?", id).Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionUpdate, recordFlow, id, cur, row)
	})
	if err != nil {
		return ownership.Flow{}, err
	}
	return after, nil
}

// DeleteFlow removes a flow recorded by mistake, if its revision is still
// revision. Flows are facts of a year, not periods to close; the audit log
// keeps the deleted flow.
func (s *Store) DeleteFlow(ctx context.Context, id string, revision int64) error {
	if err := checkID(id); err != nil {
		return err
	}
	return s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		var cur flowRow
		if err := tx.NewSelect().Model(&cur).Where("id = ?", id).For("UPDATE").Scan(ctx); err != nil {
			return err
		}
		if err := actor.MayChange(cur.OwnerID); err != nil {
			return err
		}
		if cur.Version != revision {
			return munireg.ErrConflict
		}
		if _, err := tx.NewDelete().Model((*flowRow)(nil)).Where("id = ?", id).Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionDelete, recordFlow, id, cur, nil)
	})
}

// validateBalance is ownership.Balance.Validate plus what the register
// keeps: amounts in øre.
func validateBalance(b ownership.Balance) error {
	var errs munireg.ValidationErrors
	errs.Merge("", b.Validate())
	if len(errs) == 0 {
		money.check(&errs, "amount", b.Amount)
	}
	return errs.Err()
}

func toBalanceRow(b ownership.Balance) balanceRow {
	return balanceRow{OwnerID: b.Owner, EntityID: b.Entity, Kind: string(b.Kind), Date: b.Date.UTC(), Amount: b.Amount}
}

func (r balanceRow) toBalance() ownership.Balance {
	return ownership.Balance{Owner: r.OwnerID, Entity: r.EntityID, Kind: ownership.BalanceKind(r.Kind),
		Date: r.Date.UTC(), Amount: r.Amount}
}

// SetBalance records an owner loan's principal outstanding or a
// guarantee's exposure on a date, replacing a balance of the same date.
func (s *Store) SetBalance(ctx context.Context, b ownership.Balance) error {
	if err := validateBalance(b); err != nil {
		return err
	}
	return s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		if err := actor.MayChange(b.Owner); err != nil {
			return err
		}
		if err := checkOrganizations(ctx, tx, map[string]string{"owner": b.Owner, "entity": b.Entity}); err != nil {
			return err
		}
		row := toBalanceRow(b)
		if _, err := tx.NewInsert().Model(&row).On("CONFLICT (owner_id, entity_id, kind, date) DO UPDATE").
			Set("amount = EXCLUDED.amount").Exec(ctx); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionUpdate, recordBalance, b.Entity, nil, row)
	})
}

// FindBalances returns the balances between owner and entity (either may be
// nil for all), in order of date.
func (s *Store) FindBalances(ctx context.Context, owner, entity *string) ([]ownership.Balance, error) {
	var rows []balanceRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("date, owner_id, entity_id, kind")
	if owner != nil {
		if checkID(*owner) != nil {
			return []ownership.Balance{}, nil
		}
		q = q.Where("owner_id = ?", *owner)
	}
	if entity != nil {
		if checkID(*entity) != nil {
			return []ownership.Balance{}, nil
		}
		q = q.Where("entity_id = ?", *entity)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, storeError(err)
	}
	out := make([]ownership.Balance, len(rows))
	for i, r := range rows {
		out[i] = r.toBalance()
	}
	return out, nil
}
