package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/shopspring/decimal"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/munireg/munireg/ownership"
)

// The stateless calculators: everything comes in the request, nothing is
// read or stored. The math is the domain packages'; these handlers only map.

// ComponentRequest is one weighted part of a posted cost-sharing key.
type ComponentRequest struct {
	Name   string  `json:"name" minLength:"1" maxLength:"200" doc:"The component's name in the answer." example:"innbyggere"`
	Weight Decimal `json:"weight" doc:"The component's part of the key, in [0, 1]; the weights sum to exactly 1." example:"0.70"`
	Basis  string  `json:"basis" pattern:"^(equal|population|share|metric:\\S+)$" doc:"What the component splits by: equal, population, share (participants' share) or metric:<name> (participants' metrics[name])." example:"population"`
}

// ParticipantRequest is one participant of a posted allocation or tariff.
type ParticipantRequest struct {
	Ref        string             `json:"ref" minLength:"1" maxLength:"200" doc:"The participant's reference, unique; ties in rounding go to the lowest in byte order." example:"1577"`
	Population int64              `json:"population,omitempty" minimum:"0" doc:"Read by the population basis." example:"9000"`
	Share      *Decimal           `json:"share,omitempty" doc:"Read by the share basis, in [0, 1]."`
	Metrics    map[string]Decimal `json:"metrics,omitempty" doc:"Metered use by metric name, read by metric:<name>."`
}

func (p ParticipantRequest) party() cooperation.Party {
	out := cooperation.Party{Ref: p.Ref, Population: p.Population, Share: dec(p.Share)}
	if len(p.Metrics) > 0 {
		out.Metrics = make(map[string]decimal.Decimal, len(p.Metrics))
		for k, v := range p.Metrics {
			out.Metrics[k] = v.Decimal
		}
	}
	return out
}

// AllocationRequest is a total and a cost-sharing key to split it by.
type AllocationRequest struct {
	Total        Decimal              `json:"total" doc:"The amount to split, a whole multiple of unit." example:"1000000.00"`
	Unit         *Decimal             `json:"unit,omitempty" doc:"The rounding unit, a power of ten (0.01, 1, 1000); default 0.01."`
	Policy       string               `json:"policy,omitempty" enum:"largest-remainder,half-up-per-row" default:"largest-remainder" doc:"The rounding policy; largest-remainder sums to the total exactly."`
	Normalize    bool                 `json:"normalize,omitempty" doc:"Scale explicit shares by their sum instead of requiring them to sum to exactly 1 (for published, rounded shares)."`
	Components   []ComponentRequest   `json:"components" minItems:"1" maxItems:"100" doc:"The key's components."`
	Participants []ParticipantRequest `json:"participants" minItems:"1" maxItems:"10000" doc:"The participants, answered in this order."`
}

// AllocationBody is a computed allocation.
type AllocationBody struct {
	Total      Money           `json:"total" doc:"The amount split."`
	Unit       Decimal         `json:"unit" doc:"The rounding unit used."`
	Policy     string          `json:"policy" enum:"largest-remainder,half-up-per-row" doc:"The rounding policy used."`
	Normalized bool            `json:"normalized" doc:"True when explicit shares were scaled by their sum (normalize was set and the key splits by share)."`
	Sum        Money           `json:"sum" doc:"The sum of the amounts: the total exactly under largest-remainder."`
	Difference Money           `json:"difference" doc:"sum − total: zero under largest-remainder."`
	Rows       []AllocationRow `json:"allocations" doc:"One row per participant, in the order given."`
}

// AllocationRow is one participant's part of an allocation.
type AllocationRow struct {
	Ref        string               `json:"ref"`
	Amount     Money                `json:"amount" doc:"The rounded amount."`
	Exact      Decimal              `json:"exact" doc:"The exact value before rounding, to 10 decimals."`
	Components []ComponentBreakdown `json:"components" doc:"What each key component contributes to exact."`
}

// ComponentBreakdown is one component's exact contribution to a row.
type ComponentBreakdown struct {
	Name  string  `json:"name"`
	Exact Decimal `json:"exact" doc:"To 10 decimals."`
}

type allocationInput struct{ Body AllocationRequest }
type allocationOutput struct{ Body AllocationBody }

// TariffRequest is a tariff and the participants to price by it.
type TariffRequest struct {
	Base         Decimal              `json:"base" doc:"The fixed amount per participant." example:"51258"`
	Rate         Decimal              `json:"rate" doc:"The amount per unit of the quantity (per inhabitant)." example:"3.08"`
	Floor        *Decimal             `json:"floor,omitempty" doc:"The least a participant pays."`
	Cap          *Decimal             `json:"cap,omitempty" doc:"The most a participant pays." example:"66635"`
	Basis        string               `json:"basis" pattern:"^(population|metric:\\S+)$" doc:"The quantity: population or metric:<name>." example:"population"`
	Unit         *Decimal             `json:"unit,omitempty" doc:"The rounding unit, a power of ten; default 0.01."`
	Participants []ParticipantRequest `json:"participants" minItems:"1" maxItems:"10000"`
}

// TariffBody is a tariff applied to participants.
type TariffBody struct {
	Sum     Money       `json:"sum" doc:"The sum of the amounts."`
	Charges []ChargeRow `json:"charges" doc:"One charge per participant, in the order given."`
}

// ChargeRow is what a tariff charges one participant.
type ChargeRow struct {
	Ref      string  `json:"ref"`
	Quantity Decimal `json:"quantity" doc:"The population or metric value."`
	Exact    Decimal `json:"exact" doc:"base + rate × quantity, before floor, cap and rounding."`
	Amount   Money   `json:"amount" doc:"The charge: exact limited to [floor, cap], rounded half away from zero to the unit."`
	Floored  bool    `json:"floored"`
	Capped   bool    `json:"capped"`
}

type tariffInput struct{ Body TariffRequest }
type tariffOutput struct{ Body TariffBody }

// LookThroughRequest is a set of ownership positions.
type LookThroughRequest struct {
	Positions []LookThroughPosition `json:"positions" minItems:"1" maxItems:"10000"`
}

// LookThroughPosition is a direct stake: owner holds share of entity.
type LookThroughPosition struct {
	Owner  string  `json:"owner" minLength:"1" maxLength:"200" doc:"Any reference of the owner." example:"A"`
	Entity string  `json:"entity" minLength:"1" maxLength:"200" doc:"Any reference of the entity held." example:"B"`
	Share  Decimal `json:"share" doc:"The economic share, in [0, 1]." example:"0.5"`
}

// LookThroughBody is each ultimate owner's effective share of each entity.
type LookThroughBody struct {
	Effective []EffectiveShareBody `json:"effective" doc:"Each ultimate owner's non-zero effective shares, by owner then entity."`
}

// EffectiveShareBody is one ultimate owner's effective share of an entity.
type EffectiveShareBody struct {
	Owner  string  `json:"owner"`
	Entity string  `json:"entity"`
	Share  Decimal `json:"share" doc:"The exact effective share rounded half away from zero to 20 decimals."`
}

type lookThroughInput struct{ Body LookThroughRequest }
type lookThroughOutput struct{ Body LookThroughBody }

func registerCompute(api huma.API, deps Deps) {
	huma.Register(api, huma.Operation{
		OperationID: "compute-allocation",
		Method:      http.MethodPost,
		Path:        "/v1/allocations/compute",
		Summary:     "Split a total by a posted cost-sharing key",
		Description: "Splits total over the participants by the key's weighted components (equal, population, " +
			"share, metric:<name>), combined exactly before rounding once per participant to the unit. " +
			"Largest remainder sums to the total exactly. Nothing is stored.",
		Tags:   []string{"allocations"},
		Errors: []int{http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *allocationInput) (*allocationOutput, error) {
		r := in.Body
		key := cooperation.Key{Normalize: r.Normalize, Components: mapSlice(r.Components, func(c ComponentRequest) cooperation.Component {
			return cooperation.Component{Name: c.Name, Weight: c.Weight.Decimal, Basis: cooperation.Basis(c.Basis)}
		})}
		a, err := cooperation.Allocate(r.Total.Decimal, key, mapSlice(r.Participants, ParticipantRequest.party),
			munireg.Rounding{Unit: dec(r.Unit), Policy: munireg.RoundingPolicy(r.Policy)})
		if err != nil {
			return nil, problem(ctx, deps, err)
		}
		out := AllocationBody{
			Total: money(a.Total), Unit: Decimal{a.Rounding.Unit}, Policy: string(a.Rounding.Policy),
			Normalized: key.Normalize && usesShares(key),
			Sum:        money(a.Sum), Difference: money(a.Difference),
			Rows: wireAllocationRows(a),
		}
		return &allocationOutput{Body: out}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "compute-tariff",
		Method:      http.MethodPost,
		Path:        "/v1/tariffs/compute",
		Summary:     "Price participants by a posted tariff",
		Description: "Charges each participant base + rate × quantity (population or a metric), limited to " +
			"[floor, cap] and rounded half away from zero to the unit. Nothing is stored.",
		Tags:   []string{"allocations"},
		Errors: []int{http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *tariffInput) (*tariffOutput, error) {
		r := in.Body
		t := cooperation.Tariff{Base: r.Base.Decimal, Rate: r.Rate.Decimal, Basis: cooperation.Basis(r.Basis),
			Floor: nullDec(r.Floor), Cap: nullDec(r.Cap)}
		c, err := t.Apply(mapSlice(r.Participants, ParticipantRequest.party), dec(r.Unit))
		if err != nil {
			return nil, problem(ctx, deps, err)
		}
		return &tariffOutput{Body: TariffBody{Sum: money(c.Sum), Charges: mapSlice(c.Rows, func(c cooperation.Charge) ChargeRow {
			return ChargeRow{Ref: c.Ref, Quantity: Decimal{c.Quantity}, Exact: Decimal{c.Exact}, Amount: money(c.Amount),
				Floored: c.Floored, Capped: c.Capped}
		})}}, nil
	})

	huma.Register(api, huma.Operation{
		OperationID: "compute-look-through",
		Method:      http.MethodPost,
		Path:        "/v1/ownership/look-through/compute",
		Summary:     "Compute look-through ownership of posted positions",
		Description: "Each ultimate owner's effective share of every entity, through chains and cross-holdings, " +
			"exact. A cycle with no answer is a 422 naming its members. Nothing is stored.",
		Tags:   []string{"ownership"},
		Errors: []int{http.StatusUnprocessableEntity},
	}, func(ctx context.Context, in *lookThroughInput) (*lookThroughOutput, error) {
		positions := mapSlice(in.Body.Positions, func(p LookThroughPosition) ownership.Position {
			return ownership.Position{Owner: p.Owner, Entity: p.Entity, Economic: p.Share.Decimal}
		})
		e, err := ownership.LookThrough(positions, nil, time.Time{})
		if err != nil {
			return nil, problem(ctx, deps, err)
		}
		out := LookThroughBody{Effective: []EffectiveShareBody{}}
		for _, owner := range e.Ultimate() {
			for _, s := range e.Holdings(owner) {
				out.Effective = append(out.Effective, EffectiveShareBody{Owner: s.Owner, Entity: s.Entity, Share: ratShare(s.Rat())})
			}
		}
		return &lookThroughOutput{Body: out}, nil
	})
}

// usesShares reports whether a component with a weight splits by explicit
// shares, the values normalize scales.
func usesShares(k cooperation.Key) bool {
	for _, c := range k.Components {
		if c.Basis == cooperation.BasisShare && !c.Weight.IsZero() {
			return true
		}
	}
	return false
}
