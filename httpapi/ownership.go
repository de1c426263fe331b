package httpapi

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
)

// Ownership is what the position and flow operations need from storage.
type Ownership interface {
	CreatePosition(ctx context.Context, p ownership.Position) (ownership.Position, error)
	FindPositionByID(ctx context.Context, id string) (ownership.Position, error)
	FindPositions(ctx context.Context, f ownership.PositionFilter) (munireg.Page[ownership.Position], error)
	UpdatePosition(ctx context.Context, id string, revision int64, u ownership.PositionUpdate) (ownership.Position, error)
	EndPosition(ctx context.Context, id string, revision int64, date time.Time) (ownership.Position, error)
	CreateFlow(ctx context.Context, f ownership.Flow) (ownership.Flow, error)
	FindFlowByID(ctx context.Context, id string) (ownership.Flow, error)
	FindFlows(ctx context.Context, f ownership.FlowFilter) (munireg.Page[ownership.Flow], error)
	UpdateFlow(ctx context.Context, id string, revision int64, u ownership.FlowUpdate) (ownership.Flow, error)
	DeleteFlow(ctx context.Context, id string, revision int64) error
}

// PositionRequest records an ownership stake.
type PositionRequest struct {
	Owner       string      `json:"owner" format:"uuid" doc:"The owner's organization ID."`
	Entity      string      `json:"entity" format:"uuid" doc:"The organization held."`
	Economic    Decimal     `json:"economic" doc:"The economic share, in [0, 1]." example:"0.45735"`
	Voting      *Decimal    `json:"voting,omitempty" doc:"The voting share when it differs from the economic one."`
	ShareClass  string      `json:"shareClass,omitempty" maxLength:"50" example:"A"`
	Held        int64       `json:"held,omitempty" minimum:"0" doc:"Shares held."`
	Outstanding int64       `json:"outstanding,omitempty" minimum:"0" doc:"Shares outstanding."`
	BookValue   *Decimal    `json:"bookValue,omitempty" doc:"Bokført verdi in kroner."`
	Valid       *PeriodBody `json:"valid,omitempty"`
	Purpose     string      `json:"purpose,omitempty" maxLength:"2000" doc:"The purpose of the holding (formål)."`
	Category    string      `json:"category,omitempty" enum:"financial,sector-policy,financial-and-sector-policy,other"`
}

// PositionUpdateRequest changes a position; absent fields stay. Owner and
// entity cannot change: end the stake and record the new owner's.
type PositionUpdateRequest struct {
	Economic    *Decimal    `json:"economic,omitempty"`
	Voting      *Decimal    `json:"voting,omitempty"`
	ShareClass  *string     `json:"shareClass,omitempty" maxLength:"50"`
	Held        *int64      `json:"held,omitempty" minimum:"0"`
	Outstanding *int64      `json:"outstanding,omitempty" minimum:"0"`
	BookValue   *Decimal    `json:"bookValue,omitempty"`
	Valid       *PeriodBody `json:"valid,omitempty"`
	Purpose     *string     `json:"purpose,omitempty" maxLength:"2000"`
	Category    *string     `json:"category,omitempty" enum:"financial,sector-policy,financial-and-sector-policy,other"`
}

// PositionBody is a position as the register has it.
type PositionBody struct {
	ID          string     `json:"id" format:"uuid"`
	Owner       string     `json:"owner" format:"uuid"`
	Entity      string     `json:"entity" format:"uuid"`
	Economic    Decimal    `json:"economic"`
	Voting      *Decimal   `json:"voting,omitempty"`
	ShareClass  string     `json:"shareClass,omitempty"`
	Held        int64      `json:"held,omitempty"`
	Outstanding int64      `json:"outstanding,omitempty"`
	BookValue   *Money     `json:"bookValue,omitempty"`
	Valid       PeriodBody `json:"valid"`
	Purpose     string     `json:"purpose,omitempty"`
	Category    string     `json:"category,omitempty"`
	Revision    int64      `json:"revision"`
}

func wirePosition(p ownership.Position) PositionBody {
	return PositionBody{ID: p.ID, Owner: p.Owner, Entity: p.Entity, Economic: Decimal{p.Economic},
		Voting: wireDec(p.Voting), ShareClass: p.ShareClass, Held: p.Held, Outstanding: p.Outstanding,
		BookValue: wireMoney(p.BookValue), Valid: wirePeriod(p.Valid), Purpose: p.Purpose,
		Category: string(p.Category), Revision: p.Revision}
}

func (r PositionRequest) position() ownership.Position {
	return ownership.Position{Owner: r.Owner, Entity: r.Entity, Economic: r.Economic.Decimal, Voting: nullDec(r.Voting),
		ShareClass: r.ShareClass, Held: r.Held, Outstanding: r.Outstanding, BookValue: nullDec(r.BookValue),
		Valid: r.Valid.period(), Purpose: r.Purpose, Category: ownership.Category(r.Category)}
}

func (r PositionUpdateRequest) update() ownership.PositionUpdate {
	u := ownership.PositionUpdate{ShareClass: r.ShareClass, Held: r.Held, Outstanding: r.Outstanding, Purpose: r.Purpose}
	if r.Economic != nil {
		u.Economic = &r.Economic.Decimal
	}
	if r.Voting != nil {
		v := nullDec(r.Voting)
		u.Voting = &v
	}
	if r.BookValue != nil {
		v := nullDec(r.BookValue)
		u.BookValue = &v
	}
	if r.Valid != nil {
		v := r.Valid.period()
		u.Valid = &v
	}
	if r.Category != nil {
		c := ownership.Category(*r.Category)
		u.Category = &c
	}
	return u
}

type positionOutput struct {
	ETag string `header:"ETag"`
	Body PositionBody
}

func positionOut(p ownership.Position) *positionOutput {
	return &positionOutput{ETag: etag(p.Revision), Body: wirePosition(p)}
}

// optional returns &s, or nil for "".
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func registerPositions(api huma.API, deps Deps) {
	type listInput struct {
		Owner  string `query:"owner" maxLength:"64" doc:"Only stakes of this owner."`
		Entity string `query:"entity" maxLength:"64" doc:"Only stakes in this entity."`
		AsOf   string `query:"asOf" format:"date" doc:"Only stakes in force on this date."`
		PageParams
		SpreadsheetParams
	}
	registerSpreadsheet[List[PositionBody]](api, huma.Operation{
		OperationID: "list-positions",
		Method:      http.MethodGet,
		Path:        "/v1/positions",
		Summary:     "List positions",
		Description: "Ownership stakes, a page at a time: follow the Link header (rel=\"next\").",
		Tags:        []string{"positions"},
		Errors:      []int{http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, in *listInput) (*listTable, error) {
		f := ownership.PositionFilter{Owner: optional(in.Owner), Entity: optional(in.Entity), After: in.After, Limit: in.Limit}
		var err error
		if f.AsOf, err = queryDate("asOf", in.AsOf); err != nil {
			return nil, err
		}
		page, err := s.FindPositions(ctx, f)
		if err != nil {
			return nil, located{in: "query", err: err}
		}
		q := url.Values{"owner": {in.Owner}, "entity": {in.Entity}, "asOf": {in.AsOf}, "limit": {strconv.Itoa(in.Limit)}}
		return listSpreadsheet(in.SpreadsheetParams, listAnswer("/v1/positions", q, page, wirePosition), positionColumns), nil
	}))

	huma.Register(api, huma.Operation{
		OperationID: "get-position",
		Method:      http.MethodGet,
		Path:        "/v1/positions/{id}",
		Summary:     "Get a position",
		Description: "One ownership stake, with its revision as the ETag.",
		Tags:        []string{"positions"},
		Errors:      readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *IDParam) (*positionOutput, error) {
		p, err := s.FindPositionByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return positionOut(p), nil
	}))

	type createInput struct{ Body PositionRequest }
	huma.Register(api, huma.Operation{
		OperationID:   "create-position",
		Method:        http.MethodPost,
		Path:          "/v1/positions",
		Summary:       "Record a position",
		Description:   "Owner and entity must be in the register, and the entity's owners' shares must still add up.",
		Tags:          []string{"positions"},
		DefaultStatus: http.StatusCreated,
		Errors:        createErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *createInput) (*positionOutput, error) {
		p, err := s.CreatePosition(ctx, in.Body.position())
		if err != nil {
			return nil, err
		}
		return positionOut(p), nil
	}))

	type updateInput struct {
		IDParam
		IfMatchParam
		Body PositionUpdateRequest
	}
	huma.Register(api, huma.Operation{
		OperationID: "update-position",
		Method:      http.MethodPatch,
		Path:        "/v1/positions/{id}",
		Summary:     "Change a position",
		Description: "Changes the fields given. Needs If-Match (428 without, 412 when stale).",
		Tags:        []string{"positions"},
		Errors:      writeErrors,
	}, storeUpdate(deps, func(ctx context.Context, s Storage, in *updateInput, rev int64) (*positionOutput, error) {
		p, err := s.UpdatePosition(ctx, in.ID, rev, in.Body.update())
		if err != nil {
			return nil, err
		}
		return positionOut(p), nil
	}))

	type endInput struct {
		IDParam
		IfMatchParam
		Body struct {
			Date Date `json:"date" doc:"The first day the stake is no longer held."`
		}
	}
	huma.Register(api, huma.Operation{
		OperationID: "end-position",
		Method:      http.MethodPost,
		Path:        "/v1/positions/{id}/end",
		Summary:     "End a position",
		Description: "Closes the stake's period on the date (sold, dissolved); nothing is erased. Needs If-Match.",
		Tags:        []string{"positions"},
		Errors:      writeErrors,
	}, storeUpdate(deps, func(ctx context.Context, s Storage, in *endInput, rev int64) (*positionOutput, error) {
		p, err := s.EndPosition(ctx, in.ID, rev, in.Body.Date.Time)
		if err != nil {
			return nil, err
		}
		return positionOut(p), nil
	}))
}

// FlowRequest records a payment between owner and entity.
type FlowRequest struct {
	Owner     string  `json:"owner" format:"uuid"`
	Entity    string  `json:"entity" format:"uuid"`
	Kind      string  `json:"kind" enum:"dividend,owner-loan-interest,owner-loan-repayment,guarantee-commission,capital-contribution,other"`
	Year      int     `json:"year" minimum:"1" maximum:"9999" doc:"The accounting year (regnskapsår) the payment belongs to." example:"2023"`
	Paid      *Date   `json:"paid,omitempty" doc:"The payment date."`
	Amount    Decimal `json:"amount" doc:"The amount paid in kroner, zero or positive." example:"1000.50"`
	Direction string  `json:"direction,omitempty" enum:"to-owner,from-owner" doc:"Which way the money moves; default the kind's own."`
}

// FlowUpdateRequest corrects a flow; absent fields stay.
type FlowUpdateRequest struct {
	Kind      *string  `json:"kind,omitempty" enum:"dividend,owner-loan-interest,owner-loan-repayment,guarantee-commission,capital-contribution,other"`
	Year      *int     `json:"year,omitempty" minimum:"1" maximum:"9999"`
	Paid      *Date    `json:"paid,omitempty"`
	Amount    *Decimal `json:"amount,omitempty"`
	Direction *string  `json:"direction,omitempty" enum:"to-owner,from-owner"`
}

// FlowBody is a flow as the register has it.
type FlowBody struct {
	ID        string `json:"id" format:"uuid"`
	Owner     string `json:"owner" format:"uuid"`
	Entity    string `json:"entity" format:"uuid"`
	Kind      string `json:"kind"`
	Year      int    `json:"year"`
	Paid      *Date  `json:"paid,omitempty"`
	Amount    Money  `json:"amount"`
	Direction string `json:"direction" enum:"to-owner,from-owner"`
	Revision  int64  `json:"revision"`
}

func wireFlow(f ownership.Flow) FlowBody {
	return FlowBody{ID: f.ID, Owner: f.Owner, Entity: f.Entity, Kind: string(f.Kind), Year: f.Year,
		Paid: wireDate(f.Paid), Amount: money(f.Amount), Direction: string(f.Way()), Revision: f.Revision}
}

func (r FlowUpdateRequest) update() ownership.FlowUpdate {
	u := ownership.FlowUpdate{Year: r.Year}
	if r.Kind != nil {
		k := ownership.FlowKind(*r.Kind)
		u.Kind = &k
	}
	if r.Paid != nil {
		u.Paid = &r.Paid.Time
	}
	if r.Amount != nil {
		u.Amount = &r.Amount.Decimal
	}
	if r.Direction != nil {
		d := ownership.Direction(*r.Direction)
		u.Direction = &d
	}
	return u
}

type flowOutput struct {
	ETag string `header:"ETag"`
	Body FlowBody
}

func flowOut(f ownership.Flow) *flowOutput {
	return &flowOutput{ETag: etag(f.Revision), Body: wireFlow(f)}
}

func registerFlows(api huma.API, deps Deps) {
	type listInput struct {
		Owner    string `query:"owner" maxLength:"64"`
		Entity   string `query:"entity" maxLength:"64"`
		Kind     string `query:"kind" enum:"dividend,owner-loan-interest,owner-loan-repayment,guarantee-commission,capital-contribution,other"`
		FromYear int    `query:"fromYear" minimum:"0" maximum:"9999" doc:"First accounting year (inclusive)."`
		ToYear   int    `query:"toYear" minimum:"0" maximum:"9999" doc:"Last accounting year (inclusive)."`
		PageParams
		SpreadsheetParams
	}
	registerSpreadsheet[List[FlowBody]](api, huma.Operation{
		OperationID: "list-flows",
		Method:      http.MethodGet,
		Path:        "/v1/flows",
		Summary:     "List money flows",
		Description: "Payments between owners and entities, a page at a time: follow the Link header (rel=\"next\").",
		Tags:        []string{"flows"},
		Errors:      []int{http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, in *listInput) (*listTable, error) {
		f := ownership.FlowFilter{Owner: optional(in.Owner), Entity: optional(in.Entity), After: in.After, Limit: in.Limit}
		if in.Kind != "" {
			k := ownership.FlowKind(in.Kind)
			f.Kind = &k
		}
		if in.FromYear != 0 {
			f.FromYear = &in.FromYear
		}
		if in.ToYear != 0 {
			f.ToYear = &in.ToYear
		}
		page, err := s.FindFlows(ctx, f)
		if err != nil {
			return nil, located{in: "query", err: err}
		}
		q := url.Values{"owner": {in.Owner}, "entity": {in.Entity}, "kind": {in.Kind}, "limit": {strconv.Itoa(in.Limit)}}
		if in.FromYear != 0 {
			q.Set("fromYear", strconv.Itoa(in.FromYear))
		}
		if in.ToYear != 0 {
			q.Set("toYear", strconv.Itoa(in.ToYear))
		}
		return listSpreadsheet(in.SpreadsheetParams, listAnswer("/v1/flows", q, page, wireFlow), flowColumns), nil
	}))

	huma.Register(api, huma.Operation{
		OperationID: "get-flow",
		Method:      http.MethodGet,
		Path:        "/v1/flows/{id}",
		Summary:     "Get a money flow",
		Description: "One payment between owner and entity, with its revision as the ETag.",
		Tags:        []string{"flows"},
		Errors:      readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *IDParam) (*flowOutput, error) {
		f, err := s.FindFlowByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return flowOut(f), nil
	}))

	type createInput struct{ Body FlowRequest }
	huma.Register(api, huma.Operation{
		OperationID:   "create-flow",
		Method:        http.MethodPost,
		Path:          "/v1/flows",
		Summary:       "Record a money flow",
		Description:   "A dividend, owner-loan interest or repayment, guarantee commission or contribution of an accounting year, to the øre. An editor records flows of its own organizations as owner.",
		Tags:          []string{"flows"},
		DefaultStatus: http.StatusCreated,
		Errors:        createErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *createInput) (*flowOutput, error) {
		b := in.Body
		f, err := s.CreateFlow(ctx, ownership.Flow{Owner: b.Owner, Entity: b.Entity, Kind: ownership.FlowKind(b.Kind),
			Year: b.Year, Paid: timeOf(b.Paid), Amount: b.Amount.Decimal, Direction: ownership.Direction(b.Direction)})
		if err != nil {
			return nil, err
		}
		return flowOut(f), nil
	}))

	type updateInput struct {
		IDParam
		IfMatchParam
		Body FlowUpdateRequest
	}
	huma.Register(api, huma.Operation{
		OperationID: "update-flow",
		Method:      http.MethodPatch,
		Path:        "/v1/flows/{id}",
		Summary:     "Correct a money flow",
		Description: "Changes the fields given. Needs If-Match (428 without, 412 when stale).",
		Tags:        []string{"flows"},
		Errors:      writeErrors,
	}, storeUpdate(deps, func(ctx context.Context, s Storage, in *updateInput, rev int64) (*flowOutput, error) {
		f, err := s.UpdateFlow(ctx, in.ID, rev, in.Body.update())
		if err != nil {
			return nil, err
		}
		return flowOut(f), nil
	}))

	type deleteInput struct {
		IDParam
		IfMatchParam
	}
	huma.Register(api, huma.Operation{
		OperationID:   "delete-flow",
		Method:        http.MethodDelete,
		Path:          "/v1/flows/{id}",
		Summary:       "Delete a money flow recorded by mistake",
		Description:   "The audit log keeps it. Needs If-Match (428 without, 412 when stale).",
		Tags:          []string{"flows"},
		DefaultStatus: http.StatusNoContent,
		Errors:        writeErrors,
	}, storeUpdate(deps, func(ctx context.Context, s Storage, in *deleteInput, rev int64) (*struct{}, error) {
		if err := s.DeleteFlow(ctx, in.ID, rev); err != nil {
			return nil, err
		}
		return nil, nil
	}))
}
