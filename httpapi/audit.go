package httpapi

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/munireg/munireg"
)

// Audit is what the audit log operation needs from storage.
type Audit interface {
	FindAudit(ctx context.Context, f munireg.AuditFilter) (munireg.Page[munireg.AuditEntry], error)
}

// AuditEntryBody is one change to the register.
type AuditEntryBody struct {
	ID         string          `json:"id" format:"uuid"`
	At         time.Time       `json:"at" doc:"When the change was made."`
	Actor      ActorBody       `json:"actor" doc:"Who made it."`
	Action     string          `json:"action" doc:"create, update, end or delete." example:"update"`
	RecordType string          `json:"recordType" doc:"The kind of record changed." example:"organization"`
	RecordID   string          `json:"recordId" format:"uuid"`
	Before     json.RawMessage `json:"before,omitempty" doc:"The record before the change, as stored; absent on create."`
	After      json.RawMessage `json:"after,omitempty" doc:"The record after the change, as stored; absent on delete."`
}

// ActorBody is who made a change.
type ActorBody struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func wireAuditEntry(e munireg.AuditEntry) AuditEntryBody {
	return AuditEntryBody{ID: e.ID, At: e.At.UTC(), Actor: ActorBody{ID: e.Actor.ID, Name: e.Actor.Name},
		Action: e.Action, RecordType: e.RecordType, RecordID: e.RecordID, Before: e.Before, After: e.After}
}

func registerAudit(api huma.API, deps Deps) {
	type listInput struct {
		RecordType string `query:"recordType" pattern:"^[a-z-]+$" maxLength:"50" doc:"Only changes to records of this type: organization, position, flow, balance, agreement, budget, forum, token, ..." example:"organization"`
		RecordID   string `query:"recordId" format:"uuid" doc:"Only changes to this record."`
		PageParams
	}
	huma.Register(api, huma.Operation{
		OperationID: "list-audit",
		Method:      http.MethodGet,
		Path:        "/v1/audit",
		Summary:     "Read the audit log",
		Description: "Changes to the register, newest first, with who made them and the record before and after, " +
			"a page at a time: follow the Link header (rel=\"next\").",
		Tags:   []string{"audit"},
		Errors: []int{http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, in *listInput) (*listOutput[AuditEntryBody], error) {
		page, err := s.FindAudit(ctx, munireg.AuditFilter{RecordType: optional(in.RecordType),
			RecordID: optional(in.RecordID), After: in.After, Limit: in.Limit})
		if err != nil {
			return nil, located{in: "query", err: err}
		}
		q := url.Values{"recordType": {in.RecordType}, "recordId": {in.RecordID}, "limit": {strconv.Itoa(in.Limit)}}
		return listAnswer("/v1/audit", q, page, wireAuditEntry), nil
	}))
}
