package httpapi

import (
	"context"
	"net/http"
	"reflect"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/shopspring/decimal"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
)

// DistributionRequest splits a declared total over an entity's owners.
type DistributionRequest struct {
	Entity string   `json:"entity" format:"uuid" doc:"The paying entity's organization ID."`
	Total  Decimal  `json:"total" doc:"The declared total, a whole multiple of unit." example:"961636224.00"`
	AsOf   Date     `json:"asOf" doc:"The date of the owners and their shares (for a dividend, the date of the general meeting)."`
	Unit   *Decimal `json:"unit,omitempty" doc:"The rounding unit, a power of ten; default 0.01."`
	Policy string   `json:"policy,omitempty" enum:"largest-remainder,half-up-per-row" default:"largest-remainder" doc:"The rounding policy; largest-remainder sums to the total exactly."`
	Kind   string   `json:"kind,omitempty" enum:"dividend,owner-loan-interest,owner-loan-repayment,guarantee-commission,capital-contribution,other" default:"dividend" doc:"The kind of the flows recorded."`
	Year   int      `json:"year,omitempty" minimum:"0" maximum:"9999" doc:"The accounting year (regnskapsår) of the flows; required with record." example:"2023"`
	Paid   *Date    `json:"paid,omitempty" doc:"The payment date of the flows recorded."`
	Record bool     `json:"record,omitempty" doc:"Record a flow per owner with a non-zero amount, all in one transaction (201); without, nothing is stored (200)."`
}

// DistributionBody is a total split over an entity's owners.
type DistributionBody struct {
	Entity     string            `json:"entity" format:"uuid"`
	AsOf       Date              `json:"asOf"`
	Total      Money             `json:"total"`
	Unit       Decimal           `json:"unit" doc:"The rounding unit used."`
	Policy     string            `json:"policy" enum:"largest-remainder,half-up-per-row" doc:"The rounding policy used."`
	Economic   Decimal           `json:"economic" doc:"The sum of the owners' economic shares."`
	Complete   bool              `json:"complete" doc:"Whether the owner list is declared complete."`
	Rounded    bool              `json:"rounded" doc:"True when the shares miss 1 within a published table's rounding and the total was split by share over their sum."`
	Rows       []DistributionRow `json:"rows" doc:"One row per owner, in order of owner ID."`
	Unlisted   *UnlistedBody     `json:"unlisted,omitempty" doc:"The part of owners the register does not list (an incomplete owner list); absent when there is none. It is never recorded."`
	Sum        Money             `json:"sum" doc:"The sum of the amounts, unlisted included: the total exactly under largest-remainder."`
	Difference Money             `json:"difference" doc:"sum − total."`
	Flows      []string          `json:"flows" doc:"The IDs of the flows recorded, in the rows' order; [] when nothing was recorded."`
}

// DistributionRow is one owner's part.
type DistributionRow struct {
	Owner  string  `json:"owner" format:"uuid"`
	Share  Decimal `json:"share" doc:"The owner's economic share, to 10 decimals."`
	Amount Money   `json:"amount" doc:"The rounded amount."`
	Exact  Decimal `json:"exact" doc:"The exact amount before rounding, to 10 decimals."`
}

// UnlistedBody is the part of the owners the register does not list.
type UnlistedBody struct {
	Share  Decimal `json:"share" doc:"1 − economic, to 10 decimals."`
	Amount Money   `json:"amount"`
	Exact  Decimal `json:"exact"`
}

func wireDistribution(d ownership.Distribution, flows []ownership.Flow) DistributionBody {
	out := DistributionBody{Entity: d.Entity, AsOf: Date{d.AsOf}, Total: money(d.Total), Unit: Decimal{d.Rounding.Unit},
		Policy: string(d.Rounding.Policy), Economic: Decimal{d.Shares.Economic}, Complete: d.Shares.Complete,
		Rounded: d.Shares.Rounded, Sum: money(d.Sum), Difference: money(d.Difference),
		Rows: mapSlice(d.Rows, func(r ownership.DistributionRow) DistributionRow {
			return DistributionRow{Owner: r.Ref, Share: Decimal{r.Share}, Amount: money(r.Amount), Exact: Decimal{r.Exact}}
		}),
		Flows: mapSlice(flows, func(f ownership.Flow) string { return f.ID })}
	if !d.Unlisted.Amount.IsZero() || !d.Unlisted.Exact.IsZero() {
		out.Unlisted = &UnlistedBody{Share: Decimal{d.Shares.Unlisted}, Amount: money(d.Unlisted.Amount), Exact: Decimal{d.Unlisted.Exact}}
	}
	return out
}

// Distributions is what the distribution operation needs from storage.
type Distributions interface {
	// Distribution splits total over the entity's owners as of asOf, under
	// its owner list, recording nothing.
	Distribution(ctx context.Context, entity string, total decimal.Decimal, asOf time.Time, r munireg.Rounding) (ownership.Distribution, error)
	// LoadFlows records flows in one transaction: all or none.
	LoadFlows(ctx context.Context, flows []ownership.Flow) ([]ownership.Flow, error)
}

func registerDistributions(api huma.API, deps Deps) {
	type input struct{ Body DistributionRequest }
	type output struct {
		Status int
		Body   DistributionBody
	}
	huma.Register(api, huma.Operation{
		OperationID: "create-distribution",
		Method:      http.MethodPost,
		Path:        "/v1/distributions",
		Summary:     "Split a declared total over an entity's owners",
		Description: "Splits total (a dividend, say) over the owners of entity as of asOf by their economic shares, " +
			"rounded once per owner to the unit (largest remainder by default: the amounts sum to the total exactly). " +
			"The share of owners the register does not list goes to unlisted. With record, the flows — one per " +
			"owner with a non-zero amount, of kind and year — are recorded in one transaction and the answer is a 201 " +
			"with their IDs; without, nothing is stored and the answer is a 200.",
		Tags: []string{"distributions"},
		Responses: map[string]*huma.Response{
			"201": {Description: "The distribution, its flows recorded.", Content: map[string]*huma.MediaType{
				"application/json": {Schema: api.OpenAPI().Components.Schemas.Schema(reflect.TypeFor[DistributionBody](), true, "")},
			}},
		},
		Errors: []int{http.StatusUnauthorized, http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, in *input) (*output, error) {
		r := in.Body
		if r.Record {
			// Recording is a change, refused to a role that may change
			// nothing as the gate refuses it a change operation — also when
			// no flow would be recorded (a total of zero), which leaves the
			// store no owner to check the caller against.
			actor, _ := munireg.ActorFromContext(ctx)
			if why := refusal(change, actor.Role); why != "" {
				return nil, huma.Error403Forbidden(why)
			}
		}
		if r.Record && r.Year == 0 {
			return nil, munireg.ValidationErrors{{Field: "year", Err: munireg.ErrRequired}}
		}
		d, err := s.Distribution(ctx, r.Entity, r.Total.Decimal, r.AsOf.Time,
			munireg.Rounding{Unit: dec(r.Unit), Policy: munireg.RoundingPolicy(r.Policy)})
		if err != nil {
			return nil, err
		}
		if !r.Record {
			return &output{Status: http.StatusOK, Body: wireDistribution(d, nil)}, nil
		}
		flows, err := s.LoadFlows(ctx, d.Flows(ownership.FlowKind(r.Kind), r.Year, timeOf(r.Paid)))
		if err != nil {
			return nil, err
		}
		return &output{Status: http.StatusCreated, Body: wireDistribution(d, flows)}, nil
	}))
}
