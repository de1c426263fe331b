package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/shopspring/decimal"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
)

// Budgets is what the budget operations need from storage (and the
// agreement a budget is computed from: Agreements).
type Budgets interface {
	CreateBudget(ctx context.Context, b cooperation.Budget) (cooperation.Budget, error)
	FindBudgetByID(ctx context.Context, id string) (cooperation.Budget, error)
	FindBudgets(ctx context.Context, agreement string, year *int) ([]cooperation.Budget, error)
}

// Metrics is metered use (tonnes, hours, cases) by metric name, then by
// organization ID: what a key component with basis metric:<name> reads.
type Metrics map[string]map[string]Decimal

func (m Metrics) values() map[string]map[string]decimal.Decimal {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]map[string]decimal.Decimal, len(m))
	for name, byRef := range m {
		out[name] = make(map[string]decimal.Decimal, len(byRef))
		for ref, v := range byRef {
			out[name][ref] = v.Decimal
		}
	}
	return out
}

// BudgetRequest issues a year's budget of an agreement.
type BudgetRequest struct {
	Year    int      `json:"year" minimum:"1" maximum:"9999" example:"2024"`
	Total   Decimal  `json:"total" doc:"The amount the participants share, a whole multiple of unit." example:"1000000.00"`
	AsOf    *Date    `json:"asOf,omitempty" doc:"The date of the version whose key is used and of the basis values (population); default 1 January of year."`
	Unit    *Decimal `json:"unit,omitempty" doc:"The rounding unit, a power of ten from 0.01 (the default: amounts are stored to the øre)."`
	Policy  string   `json:"policy,omitempty" enum:"largest-remainder,half-up-per-row" default:"largest-remainder" doc:"The rounding policy; largest-remainder sums to the total exactly."`
	Metrics Metrics  `json:"metrics,omitempty" doc:"Metered use by metric name, then organization ID, for metric:<name> components."`
}

// BudgetHeader is what a listing tells of a budget.
type BudgetHeader struct {
	ID        string    `json:"id" format:"uuid"`
	Agreement string    `json:"agreement" format:"uuid"`
	Year      int       `json:"year"`
	AsOf      Date      `json:"asOf" doc:"The date of the version and of the basis values."`
	Issued    time.Time `json:"issued" doc:"When the budget was stored."`
	Total     Money     `json:"total"`
	Unit      Decimal   `json:"unit" doc:"The rounding unit used."`
	Policy    string    `json:"policy" enum:"largest-remainder,half-up-per-row"`
}

// BudgetBody is a budget as issued: the key and each participant's part.
type BudgetBody struct {
	BudgetHeader
	Sum        Money           `json:"sum" doc:"The sum of the amounts: the total exactly under largest-remainder."`
	Difference Money           `json:"difference" doc:"sum − total."`
	Key        KeyBody         `json:"key" doc:"The key of the version in force on asOf, as used."`
	Rows       []AllocationRow `json:"rows" doc:"One row per participant (ref is the organization ID), in the version's order."`
}

func wireBudgetHeader(b cooperation.Budget) BudgetHeader {
	r := b.Allocation.Rounding
	return BudgetHeader{ID: b.ID, Agreement: b.Agreement, Year: b.Year, AsOf: Date{b.AsOf}, Issued: b.Issued,
		Total: money(b.Allocation.Total), Unit: Decimal{r.Unit}, Policy: string(r.Policy)}
}

func wireBudget(b cooperation.Budget) BudgetBody {
	a := b.Allocation
	key := KeyBody{Components: []KeyComponent{}}
	if k := wireKey(b.Key); k != nil {
		key = *k
	}
	return BudgetBody{BudgetHeader: wireBudgetHeader(b), Sum: money(a.Sum), Difference: money(a.Difference), Key: key,
		Rows: wireAllocationRows(a)}
}

// wireAllocationRows maps an allocation's rows, naming each breakdown by
// its key component.
func wireAllocationRows(a cooperation.Allocation) []AllocationRow {
	return mapSlice(a.Rows, func(row cooperation.Row) AllocationRow {
		parts := make([]ComponentBreakdown, len(row.Breakdown))
		for j, d := range row.Breakdown {
			parts[j] = ComponentBreakdown{Name: a.Key.Components[j].Name, Exact: Decimal{d}}
		}
		return AllocationRow{Ref: row.Ref, Amount: money(row.Amount), Exact: Decimal{row.Exact}, Components: parts}
	})
}

// InstallmentsBody is a budget's a-konto installments.
type InstallmentsBody struct {
	Budget       string                `json:"budget" format:"uuid"`
	N            int                   `json:"n" doc:"Installments per participant."`
	Participants []ParticipantSchedule `json:"participants" doc:"In the budget's order."`
}

// ParticipantSchedule is one participant's installments.
type ParticipantSchedule struct {
	Ref          string  `json:"ref" doc:"The organization ID."`
	Amount       Money   `json:"amount" doc:"The participant's budget amount."`
	Installments []Money `json:"installments" doc:"As equal as the budget's unit allows, summing to amount exactly; the units left over go to the earliest."`
}

// SettlementRequest settles a budget's year against the actual cost.
type SettlementRequest struct {
	Total   Decimal            `json:"total" doc:"The actual cost of the year, split by the key over the actual basis values." example:"1040000.00"`
	Paid    map[string]Decimal `json:"paid,omitempty" doc:"What a participant (by organization ID) paid on account; a participant left out paid its budget amount."`
	AsOf    *Date              `json:"asOf,omitempty" doc:"The date of the version and of the actual basis values; default 31 December of the budget year."`
	Metrics Metrics            `json:"metrics,omitempty" doc:"Actual metered use by metric name, then organization ID."`
}

// SettlementBody is the year-end avregning.
type SettlementBody struct {
	Budget  string          `json:"budget" format:"uuid"`
	AsOf    Date            `json:"asOf"`
	Total   Money           `json:"total" doc:"The actual cost."`
	Sum     Money           `json:"sum" doc:"The sum of the final amounts."`
	Paid    Money           `json:"paid" doc:"What the participants paid in all."`
	Balance Money           `json:"balance" doc:"sum − paid: what the participants pay (positive) or get back (negative) in all."`
	Rows    []SettlementRow `json:"rows" doc:"One row per participant of the version in force on asOf."`
}

// SettlementRow is one participant's settlement.
type SettlementRow struct {
	Ref        string `json:"ref" doc:"The organization ID."`
	Paid       Money  `json:"paid"`
	Final      Money  `json:"final" doc:"The participant's share of the actual cost."`
	Difference Money  `json:"difference" doc:"final − paid: positive to pay, negative to be refunded."`
}

type budgetOutput struct{ Body BudgetBody }

// settle is the settlement of budget b of agreement a: Settle over the
// parties of the version in force on asOf, with each party's paid amount
// from paid, or its budget amount.
func settle(a cooperation.Agreement, b cooperation.Budget, r SettlementRequest) (cooperation.Settlement, time.Time, error) {
	asOf := time.Date(b.Year, time.December, 31, 0, 0, 0, 0, time.UTC)
	if r.AsOf != nil {
		asOf = r.AsOf.Time
	}
	v, ok := a.AsOf(asOf)
	if !ok {
		return cooperation.Settlement{}, asOf, munireg.ValidationErrors{{Field: "asOf",
			Err: fmt.Errorf("%w: %s", cooperation.ErrNoVersion, asOf.Format(time.DateOnly))}}
	}
	parties, err := v.Parties(asOf, r.Metrics.values())
	if err != nil {
		return cooperation.Settlement{}, asOf, err
	}
	budgeted := make(map[string]decimal.Decimal, len(b.Allocation.Rows))
	for _, row := range b.Allocation.Rows {
		budgeted[row.Ref] = row.Amount
	}
	paid := make(map[string]decimal.Decimal, len(parties))
	for _, p := range parties {
		if amount, ok := budgeted[p.Ref]; ok {
			paid[p.Ref] = amount
		}
	}
	for ref, v := range r.Paid { // a ref that is no party: Settle names it
		paid[ref] = v.Decimal
	}
	s, err := cooperation.Settle(r.Total.Decimal, v.Key, parties, paid, b.Allocation.Rounding)
	return s, asOf, err
}

func registerBudgets(api huma.API, deps Deps) {
	type createInput struct {
		IDParam
		Body BudgetRequest
	}
	huma.Register(api, huma.Operation{
		OperationID: "create-budget",
		Method:      http.MethodPost,
		Path:        "/v1/agreements/{id}/budgets",
		Summary:     "Issue a year's budget of an agreement",
		Description: "Splits total by the key of the version in force on asOf over its participants' basis values " +
			"then (population per 1.1. from the register), rounding once per participant, and stores the result " +
			"with its inputs. Violations of the stored agreement are named as in the version " +
			"(participants[i].organization.population: no count as of asOf; key: the version has none).",
		Tags:          []string{"budgets"},
		DefaultStatus: http.StatusCreated,
		Errors:        []int{http.StatusUnauthorized, http.StatusNotFound, http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, in *createInput) (*budgetOutput, error) {
		r := in.Body
		a, err := s.FindAgreementByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		asOf := time.Date(r.Year, time.January, 1, 0, 0, 0, 0, time.UTC)
		if r.AsOf != nil {
			asOf = r.AsOf.Time
		}
		b, err := cooperation.IssueBudget(a, r.Year, r.Total.Decimal, asOf, r.Metrics.values(),
			munireg.Rounding{Unit: dec(r.Unit), Policy: munireg.RoundingPolicy(r.Policy)})
		if err == nil {
			b, err = s.CreateBudget(ctx, b)
		}
		if err != nil {
			return nil, err
		}
		return &budgetOutput{Body: wireBudget(b)}, nil
	}))

	type listInput struct {
		IDParam
		Year int `query:"year" minimum:"0" maximum:"9999" doc:"Only budgets of this year."`
	}
	huma.Register(api, huma.Operation{
		OperationID: "list-agreement-budgets",
		Method:      http.MethodGet,
		Path:        "/v1/agreements/{id}/budgets",
		Summary:     "List an agreement's budgets",
		Description: "The budgets issued for the agreement, newest first, without their rows (GET a budget for those). " +
			"An agreement not in the register is a 404.",
		Tags:   []string{"budgets"},
		Errors: []int{http.StatusNotFound, http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, in *listInput) (*listOutput[BudgetHeader], error) {
		var year *int
		if in.Year != 0 {
			year = &in.Year
		}
		all, err := s.FindBudgets(ctx, in.ID, year)
		if err != nil {
			return nil, err
		}
		return listAnswer("", nil, munireg.Page[cooperation.Budget]{Items: all, Total: len(all)}, wireBudgetHeader), nil
	}))

	type getInput struct {
		IDParam
		SpreadsheetParams
	}
	registerSpreadsheet[BudgetBody](api, huma.Operation{
		OperationID: "get-budget",
		Method:      http.MethodGet,
		Path:        "/v1/budgets/{id}",
		Summary:     "Get a budget",
		Description: "The budget as issued: its key and each participant's amount, exact value and breakdown. " +
			"As CSV, one row per participant: organization, name, amount, exact value and one exact column per key " +
			"component; as XLSX, that sheet, the key and the budget's totals.",
		Tags:   []string{"budgets"},
		Errors: readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *getInput) (*table, error) {
		b, err := s.FindBudgetByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		body := wireBudget(b)
		if !in.tabular() {
			return &table{Body: body}, nil
		}
		names, err := participantNames(ctx, s, b.Agreement)
		if err != nil {
			return nil, err
		}
		return workbook(in.SpreadsheetParams, body, sheetOf(body.Rows, budgetColumns(body.Key, names)),
			sheetOf(body.Key.Components, keyColumns), sheetOf([]BudgetBody{body}, budgetHeaderColumns)), nil
	}))

	type installmentsInput struct {
		IDParam
		N int `query:"n" minimum:"1" maximum:"1000" default:"4" doc:"Installments per participant (4 for quarterly a-konto)."`
	}
	type installmentsOutput struct{ Body InstallmentsBody }
	huma.Register(api, huma.Operation{
		OperationID: "get-budget-installments",
		Method:      http.MethodGet,
		Path:        "/v1/budgets/{id}/installments",
		Summary:     "Split a budget into a-konto installments",
		Description: "Each participant's amount in n installments as equal as the budget's unit allows, summing to the amount exactly.",
		Tags:        []string{"budgets"},
		Errors:      readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *installmentsInput) (*installmentsOutput, error) {
		b, err := s.FindBudgetByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		out := InstallmentsBody{Budget: b.ID, N: in.N, Participants: make([]ParticipantSchedule, len(b.Allocation.Rows))}
		for i, row := range b.Allocation.Rows {
			parts, err := cooperation.Installments(row.Amount, in.N, b.Allocation.Rounding.Unit)
			if err != nil {
				return nil, located{in: "query", err: err}
			}
			out.Participants[i] = ParticipantSchedule{Ref: row.Ref, Amount: money(row.Amount), Installments: mapSlice(parts, money)}
		}
		return &installmentsOutput{Body: out}, nil
	}))

	type settleInput struct {
		IDParam
		Body SettlementRequest
	}
	type settleOutput struct{ Body SettlementBody }
	huma.Register(api, huma.Operation{
		OperationID: "settle-budget",
		Method:      http.MethodPost,
		Path:        "/v1/budgets/{id}/settlement",
		Summary:     "Settle a budget against the actual cost",
		Description: "The year-end avregning: total (the actual cost) split by the key of the version in force on asOf " +
			"over its participants' basis values then, in the budget's rounding, set against what each paid on account. " +
			"Nothing is stored.",
		Tags:   []string{"budgets"},
		Errors: readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *settleInput) (*settleOutput, error) {
		b, err := s.FindBudgetByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		a, err := s.FindAgreementByID(ctx, b.Agreement)
		if err != nil {
			return nil, err
		}
		st, asOf, err := settle(a, b, in.Body)
		if err != nil {
			return nil, err
		}
		return &settleOutput{Body: SettlementBody{Budget: b.ID, AsOf: Date{asOf}, Total: money(st.Allocation.Total),
			Sum: money(st.Allocation.Sum), Paid: money(st.Paid), Balance: money(st.Balance),
			Rows: mapSlice(st.Rows, func(r cooperation.SettlementRow) SettlementRow {
				return SettlementRow{Ref: r.Ref, Paid: money(r.Paid), Final: money(r.Final), Difference: money(r.Difference)}
			})}}, nil
	}))
}

// participantNames are the names of the organizations that take part in
// any version of agreement id, by organization ID: what a budget's rows
// are named by in a spreadsheet.
func participantNames(ctx context.Context, s Storage, id string) (map[string]string, error) {
	a, err := s.FindAgreementByID(ctx, id)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, v := range a.Versions {
		for _, p := range v.Participants {
			names[p.Organization.ID] = p.Organization.Name
		}
	}
	return names, nil
}
