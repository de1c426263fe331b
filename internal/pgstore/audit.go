package pgstore

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
)

// Audit actions.
const (
	actionCreate = "create"
	actionUpdate = "update"
	actionEnd    = "end"
	actionDelete = "delete"
)

type auditRow struct {
	bun.BaseModel `bun:"table:audit,alias:au"`
	ID            string          `bun:"id,pk,type:uuid"`
	At            time.Time       `bun:"at,nullzero,default:now()"`
	ActorID       string          `bun:"actor_id"`
	ActorName     string          `bun:"actor_name"`
	Action        string          `bun:"action"`
	RecordType    string          `bun:"record_type"`
	RecordID      string          `bun:"record_id,type:uuid"`
	Before        json.RawMessage `bun:"before,type:jsonb,nullzero"`
	After         json.RawMessage `bun:"after,type:jsonb,nullzero"`
}

// audit writes one audit row in tx; before and after are marshalled to JSON
// (nil for none).
func audit(ctx context.Context, tx bun.Tx, actor munireg.Actor, action, recordType, recordID string, before, after any) error {
	row := auditRow{ID: newID(), ActorID: actor.ID, ActorName: actor.Name, Action: action,
		RecordType: recordType, RecordID: recordID}
	var err error
	if row.Before, err = snapshot(before); err != nil {
		return err
	}
	if row.After, err = snapshot(after); err != nil {
		return err
	}
	_, err = tx.NewInsert().Model(&row).Exec(ctx)
	return err
}

func snapshot(v any) (json.RawMessage, error) {
	if v == nil {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("pgstore: audit snapshot: %w", err)
	}
	return b, nil
}

// FindAudit returns audit entries, newest first, a page at a time. A
// malformed cursor is a ValidationError on "after".
func (s *Store) FindAudit(ctx context.Context, f munireg.AuditFilter) (munireg.Page[munireg.AuditEntry], error) {
	empty := munireg.Page[munireg.AuditEntry]{Items: []munireg.AuditEntry{}}
	if f.RecordID != nil && checkID(*f.RecordID) != nil {
		return empty, nil
	}
	filter := func(q *bun.SelectQuery) *bun.SelectQuery {
		if f.RecordType != nil {
			q = q.Where("au.record_type = ?", *f.RecordType)
		}
		if f.RecordID != nil {
			q = q.Where("au.record_id = ?", *f.RecordID)
		}
		return q
	}
	total, err := filter(s.db.NewSelect().TableExpr("audit AS au")).Count(ctx)
	if err != nil {
		return empty, storeError(err)
	}
	limit := pageLimit(f.Limit)
	var rows []auditRow
	q := filter(s.db.NewSelect().Model(&rows)).OrderExpr("au.at DESC, au.id DESC").Limit(int64(limit + 1))
	if f.After != "" {
		at, id, err := decodeCursor(f.After)
		if err != nil {
			return empty, err
		}
		t, err := time.Parse(time.RFC3339Nano, at)
		if err != nil {
			return empty, munireg.ValidationErrors{{Field: "after", Err: fmt.Errorf("malformed cursor")}}
		}
		q = q.Where("(au.at, au.id) < (?, ?)", t, id)
	}
	if err := q.Scan(ctx); err != nil {
		return empty, storeError(err)
	}
	page := munireg.Page[munireg.AuditEntry]{Total: int(total), Items: make([]munireg.AuditEntry, 0, len(rows))}
	if len(rows) > limit {
		rows = rows[:limit]
		last := rows[limit-1]
		page.Next = encodeCursor(last.At.UTC().Format(time.RFC3339Nano), last.ID)
	}
	for _, r := range rows {
		page.Items = append(page.Items, munireg.AuditEntry{ID: r.ID, At: r.At, Actor: munireg.Actor{ID: r.ActorID, Name: r.ActorName},
			Action: r.Action, RecordType: r.RecordType, RecordID: r.RecordID, Before: r.Before, After: r.After})
	}
	return page, nil
}

// pageLimit applies the default and the maximum page size.
func pageLimit(n int) int {
	switch {
	case n <= 0:
		return 100
	case n > 1000:
		return 1000
	}
	return n
}
