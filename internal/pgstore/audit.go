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
	bun.BaseModel `bun:"table:audit"`
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

// FindAudit returns audit entries, newest first.
func (s *Store) FindAudit(ctx context.Context, f munireg.AuditFilter) ([]munireg.AuditEntry, error) {
	var rows []auditRow
	q := s.db.NewSelect().Model(&rows).OrderExpr("at DESC, id DESC").Limit(int64(pageLimit(f.Limit)))
	if f.RecordType != nil {
		q = q.Where("record_type = ?", *f.RecordType)
	}
	if f.RecordID != nil {
		q = q.Where("record_id = ?", *f.RecordID)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, storeError(err)
	}
	out := make([]munireg.AuditEntry, len(rows))
	for i, r := range rows {
		out[i] = munireg.AuditEntry{ID: r.ID, At: r.At, Actor: munireg.Actor{ID: r.ActorID, Name: r.ActorName},
			Action: r.Action, RecordType: r.RecordType, RecordID: r.RecordID, Before: r.Before, After: r.After}
	}
	return out, nil
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
