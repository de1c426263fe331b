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

// auditKeyset pages the audit log newest first, by time, then ID.
var auditKeyset = keyset[auditRow]{table: "audit AS au", key: "au.at", id: "au.id", desc: true,
	cursor:   func(r auditRow) (string, string) { return r.At.UTC().Format(time.RFC3339Nano), r.ID },
	parseKey: func(k string) (any, error) { return time.Parse(time.RFC3339Nano, k) }}

// FindAudit returns audit entries, newest first, a page at a time. A
// malformed cursor is a ValidationError on "after". The changes to API
// tokens are an admin's to read: for an actor who is not one (a reader's or
// an editor's token) they are left out, as the tokens themselves are.
func (s *Store) FindAudit(ctx context.Context, f munireg.AuditFilter) (munireg.Page[munireg.AuditEntry], error) {
	empty := munireg.Page[munireg.AuditEntry]{Items: []munireg.AuditEntry{}}
	if f.RecordID != nil && checkID(*f.RecordID) != nil {
		return empty, nil
	}
	actor, acting := munireg.ActorFromContext(ctx)
	hideTokens := acting && actor.MayAdminister() != nil
	filter := func(q *bun.SelectQuery) *bun.SelectQuery {
		if hideTokens {
			q = q.Where("au.record_type <> ?", recordToken)
		}
		if f.RecordType != nil {
			q = q.Where("au.record_type = ?", *f.RecordType)
		}
		if f.RecordID != nil {
			q = q.Where("au.record_id = ?", *f.RecordID)
		}
		return q
	}
	rows, total, next, err := auditKeyset.page(ctx, s.db, filter, f.After, f.Limit)
	if err != nil {
		return empty, err
	}
	page := munireg.Page[munireg.AuditEntry]{Total: total, Next: next, Items: make([]munireg.AuditEntry, 0, len(rows))}
	for _, r := range rows {
		page.Items = append(page.Items, munireg.AuditEntry{ID: r.ID, At: r.At, Actor: munireg.Actor{ID: r.ActorID, Name: r.ActorName},
			Action: r.Action, RecordType: r.RecordType, RecordID: r.RecordID, Before: r.Before, After: r.After})
	}
	return page, nil
}
