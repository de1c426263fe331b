package httpapi

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
)

// Summaries is what the summary operations need from storage.
type Summaries interface {
	Portfolio(ctx context.Context, owner string, year int) (ownership.PortfolioSummary, error)
	EntityOwners(ctx context.Context, entity string, asOf time.Time, year int) (ownership.EntitySummary, error)
	ForumSummary(ctx context.Context, forum ownership.Forum, year int) (ownership.ForumSummary, error)
}

// IncomeBody is money by kind, net to the owners.
type IncomeBody struct {
	Lines []IncomeLineBody `json:"lines" doc:"One line per kind of flow, zero where nothing moved."`
	Total Money            `json:"total" doc:"The exact sum of the lines."`
}

// IncomeLineBody is the net amount of one kind of flow.
type IncomeLineBody struct {
	Kind   string `json:"kind"`
	Amount Money  `json:"amount"`
}

// ChangeBody is how an amount changed from the year before.
type ChangeBody struct {
	Previous Money    `json:"previous"`
	Absolute Money    `json:"absolute"`
	Relative *Decimal `json:"relative,omitempty" doc:"absolute / |previous| to 6 decimals (0.125 is +12.5 %); absent when previous is zero."`
}

func wireIncome(in ownership.Income) IncomeBody {
	return IncomeBody{Total: money(in.Total), Lines: mapSlice(in.Lines, func(l ownership.IncomeLine) IncomeLineBody {
		return IncomeLineBody{Kind: string(l.Kind), Amount: money(l.Amount)}
	})}
}

func wireChange(c ownership.Change) ChangeBody {
	return ChangeBody{Previous: money(c.Previous), Absolute: money(c.Absolute), Relative: wireDec(c.Relative)}
}

// PortfolioBody is what one owner holds and earns in a year.
type PortfolioBody struct {
	Owner         string        `json:"owner" format:"uuid"`
	Name          string        `json:"name"`
	Year          int           `json:"year"`
	AsOf          Date          `json:"asOf" doc:"31 December of the year: the date of holdings and balances."`
	Population    int64         `json:"population" doc:"On 1 January of the year; 0 without a count."`
	Holdings      []HoldingBody `json:"holdings"`
	Income        IncomeBody    `json:"income"`
	PerInhabitant *Money        `json:"perInhabitant,omitempty" doc:"Income total per inhabitant; absent without a population."`
	Change        ChangeBody    `json:"change"`
	BookValue     Money         `json:"bookValue"`
	Yield         *Decimal      `json:"yield,omitempty"`
	OwnerLoans    Money         `json:"ownerLoans"`
	Guarantees    Money         `json:"guarantees"`
}

// HoldingBody is one row of a portfolio.
type HoldingBody struct {
	Entity    string     `json:"entity" format:"uuid"`
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`
	Direct    bool       `json:"direct"`
	Economic  Decimal    `json:"economic"`
	Voting    Decimal    `json:"voting"`
	Effective *Decimal   `json:"effective,omitempty" doc:"The look-through share; absent when the owner is itself held."`
	Purpose   string     `json:"purpose,omitempty"`
	Category  string     `json:"category,omitempty"`
	BookValue *Money     `json:"bookValue,omitempty"`
	Income    IncomeBody `json:"income"`
	Change    ChangeBody `json:"change"`
	Yield     *Decimal   `json:"yield,omitempty"`
	OwnerLoan Money      `json:"ownerLoan"`
	Guarantee Money      `json:"guarantee"`
}

// EntitySummaryBody is an entity's owner table.
type EntitySummaryBody struct {
	Entity     string            `json:"entity" format:"uuid"`
	Name       string            `json:"name"`
	Kind       string            `json:"kind"`
	AsOf       Date              `json:"asOf"`
	Year       int               `json:"year"`
	Economic   Decimal           `json:"economic" doc:"The sum of the owners' economic shares."`
	Complete   bool              `json:"complete" doc:"Whether the owner list is declared complete."`
	Owners     []EntityOwnerBody `json:"owners"`
	Received   IncomeBody        `json:"received"`
	OwnerLoans Money             `json:"ownerLoans"`
	Guarantees Money             `json:"guarantees"`
}

// EntityOwnerBody is one row of an owner table.
type EntityOwnerBody struct {
	Owner     string     `json:"owner" format:"uuid"`
	Name      string     `json:"name"`
	Kind      string     `json:"kind"`
	Economic  Decimal    `json:"economic"`
	Voting    Decimal    `json:"voting"`
	BookValue *Money     `json:"bookValue,omitempty"`
	Received  IncomeBody `json:"received"`
	OwnerLoan Money      `json:"ownerLoan"`
	Guarantee Money      `json:"guarantee"`
}

// ForumRequest names a group of owners to summarize.
type ForumRequest struct {
	Name   string   `json:"name" minLength:"1" maxLength:"300" example:"Sunnmøre regionale eierforum"`
	Owners []string `json:"owners" minItems:"1" maxItems:"1000" doc:"The members' organization IDs."`
	Year   int      `json:"year" minimum:"1" maximum:"9999" example:"2023"`
}

// ForumBody is what a forum's members hold and earn in a year.
type ForumBody struct {
	Forum         string            `json:"forum"`
	Year          int               `json:"year"`
	AsOf          Date              `json:"asOf"`
	Owners        []ForumOwnerBody  `json:"owners"`
	Entities      []ForumEntityBody `json:"entities"`
	Income        IncomeBody        `json:"income"`
	Change        ChangeBody        `json:"change"`
	Population    int64             `json:"population"`
	PerInhabitant *Money            `json:"perInhabitant,omitempty"`
}

// ForumOwnerBody is one member's row.
type ForumOwnerBody struct {
	Rank          int        `json:"rank"`
	Owner         string     `json:"owner" format:"uuid"`
	Name          string     `json:"name"`
	Income        IncomeBody `json:"income"`
	Change        ChangeBody `json:"change"`
	Population    int64      `json:"population"`
	PerInhabitant *Money     `json:"perInhabitant,omitempty"`
}

// ForumEntityBody is one entity's row.
type ForumEntityBody struct {
	Rank     int        `json:"rank"`
	Entity   string     `json:"entity" format:"uuid"`
	Name     string     `json:"name"`
	Kind     string     `json:"kind"`
	Economic Decimal    `json:"economic" doc:"The members' combined direct economic share."`
	Owners   int        `json:"owners" doc:"How many members hold it or exchanged money with it."`
	Income   IncomeBody `json:"income"`
	Change   ChangeBody `json:"change"`
}

func wirePortfolio(p ownership.PortfolioSummary) PortfolioBody {
	return PortfolioBody{Owner: p.Owner, Name: p.Name, Year: p.Year, AsOf: Date{p.AsOf}, Population: p.Population,
		Holdings: mapSlice(p.Holdings, func(h ownership.Holding) HoldingBody {
			return HoldingBody{Entity: h.Entity, Name: h.Name, Kind: string(h.Kind), Direct: h.Direct,
				Economic: Decimal{h.Economic}, Voting: Decimal{h.Voting}, Effective: wireDec(h.Effective),
				Purpose: h.Purpose, Category: string(h.Category), BookValue: wireMoney(h.BookValue),
				Income: wireIncome(h.Income), Change: wireChange(h.Change), Yield: wireDec(h.Yield),
				OwnerLoan: money(h.OwnerLoan), Guarantee: money(h.Guarantee)}
		}),
		Income: wireIncome(p.Income), PerInhabitant: wireMoney(p.PerInhabitant), Change: wireChange(p.Change),
		BookValue: money(p.BookValue), Yield: wireDec(p.Yield), OwnerLoans: money(p.OwnerLoans), Guarantees: money(p.Guarantees)}
}

func wireEntitySummary(e ownership.EntitySummary) EntitySummaryBody {
	return EntitySummaryBody{Entity: e.Entity, Name: e.Name, Kind: string(e.Kind), AsOf: Date{e.AsOf}, Year: e.Year,
		Economic: Decimal{e.Shares.Economic}, Complete: e.Shares.Complete,
		Owners: mapSlice(e.Owners, func(o ownership.EntityOwner) EntityOwnerBody {
			return EntityOwnerBody{Owner: o.Owner, Name: o.Name, Kind: string(o.Kind), Economic: Decimal{o.Economic},
				Voting: Decimal{o.Voting}, BookValue: wireMoney(o.BookValue), Received: wireIncome(o.Received),
				OwnerLoan: money(o.OwnerLoan), Guarantee: money(o.Guarantee)}
		}),
		Received: wireIncome(e.Received), OwnerLoans: money(e.OwnerLoans), Guarantees: money(e.Guarantees)}
}

func wireForum(f ownership.ForumSummary) ForumBody {
	return ForumBody{Forum: f.Forum, Year: f.Year, AsOf: Date{f.AsOf},
		Owners: mapSlice(f.Owners, func(o ownership.ForumOwner) ForumOwnerBody {
			return ForumOwnerBody{Rank: o.Rank, Owner: o.Owner, Name: o.Name, Income: wireIncome(o.Income),
				Change: wireChange(o.Change), Population: o.Population, PerInhabitant: wireMoney(o.PerInhabitant)}
		}),
		Entities: mapSlice(f.Entities, func(e ownership.ForumEntity) ForumEntityBody {
			return ForumEntityBody{Rank: e.Rank, Entity: e.Entity, Name: e.Name, Kind: string(e.Kind),
				Economic: Decimal{e.Economic}, Owners: e.Owners, Income: wireIncome(e.Income), Change: wireChange(e.Change)}
		}),
		Income: wireIncome(f.Income), Change: wireChange(f.Change), Population: f.Population,
		PerInhabitant: wireMoney(f.PerInhabitant)}
}

func registerSummaries(api huma.API, deps Deps) {
	type ownerInput struct {
		IDParam
		Year int `query:"year" required:"true" minimum:"1" maximum:"9999" doc:"The accounting year." example:"2023"`
		SpreadsheetParams
	}
	registerSpreadsheet[PortfolioBody](api, huma.Operation{
		OperationID: "get-owner-summary",
		Method:      http.MethodGet,
		Path:        "/v1/summaries/owners/{id}",
		Summary:     "Summarize what an owner holds and earns in a year",
		Description: "Holdings as of 31 December (direct and look-through), the year's money by kind, per inhabitant, " +
			"the change from the year before, book values, yields and balances.",
		Tags:   []string{"summaries"},
		Errors: readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *ownerInput) (*table, error) {
		p, err := s.Portfolio(ctx, in.ID, in.Year)
		if err != nil {
			return nil, pathOrQuery(err, "owner")
		}
		body := wirePortfolio(p)
		if !in.tabular() {
			return jsonAnswer(body.appendJSON(make([]byte, 0, 4096+256*len(body.Holdings)))), nil
		}
		return spreadsheet(in.SpreadsheetParams, body, body.Holdings, holdingColumns), nil
	}))

	type entityInput struct {
		IDParam
		Year int    `query:"year" required:"true" minimum:"1" maximum:"9999" doc:"The accounting year of the money." example:"2023"`
		AsOf string `query:"asOf" format:"date" doc:"The date of the shares; default 31 December of year."`
		SpreadsheetParams
	}
	registerSpreadsheet[EntitySummaryBody](api, huma.Operation{
		OperationID: "get-entity-summary",
		Method:      http.MethodGet,
		Path:        "/v1/summaries/entities/{id}",
		Summary:     "Summarize an entity's owners",
		Description: "The owner table as of a date, with what each owner received in the year.",
		Tags:        []string{"summaries"},
		Errors:      readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *entityInput) (*table, error) {
		asOf, err := queryDate("asOf", in.AsOf)
		if err != nil {
			return nil, err
		}
		if asOf.IsZero() {
			asOf = time.Date(in.Year, time.December, 31, 0, 0, 0, 0, time.UTC)
		}
		e, err := s.EntityOwners(ctx, in.ID, asOf, in.Year)
		if err != nil {
			return nil, pathOrQuery(err, "entity")
		}
		body := wireEntitySummary(e)
		return spreadsheet(in.SpreadsheetParams, body, body.Owners, entityOwnerColumns), nil
	}))

	type forumInput struct {
		SpreadsheetParams
		Body ForumRequest
	}
	registerSpreadsheet[ForumBody](api, huma.Operation{
		OperationID: "compute-forum-summary",
		Method:      http.MethodPost,
		Path:        "/v1/summaries/forum",
		Summary:     "Summarize a group of owners",
		Description: "Per member and per entity, the year's money by kind, the change from the year before, and the " +
			"members' combined shares as of 31 December, ranked. The members are posted; stored forums come later.",
		Tags:   []string{"summaries"},
		Errors: []int{http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, in *forumInput) (*table, error) {
		f, err := s.ForumSummary(ctx, ownership.Forum{Name: in.Body.Name, Owners: in.Body.Owners}, in.Body.Year)
		if err != nil {
			return nil, unprefixed(err, "forum.")
		}
		return forumSpreadsheet(in.SpreadsheetParams, f), nil
	}))
}

// pathOrQuery places the validation errors of a summary addressed by a path
// ID: a violation on the ID's field (pathField) means the ID names no
// organization, a 404; the others are the query's (the year).
func pathOrQuery(err error, pathField string) error {
	var all munireg.ValidationErrors
	if !errors.As(err, &all) {
		return err
	}
	if slices.Contains(all.Fields(), pathField) {
		return munireg.ErrNotFound
	}
	return located{in: "query", err: err}
}

// unprefixed removes prefix from the fields of the validation errors in err,
// where the domain nests the request's fields ("forum.owners[0]" is the
// body's "owners[0]").
func unprefixed(err error, prefix string) error {
	var all munireg.ValidationErrors
	if !errors.As(err, &all) {
		return err
	}
	out := make(munireg.ValidationErrors, len(all))
	for i, v := range all {
		v.Field = strings.TrimPrefix(v.Field, prefix)
		out[i] = v
	}
	return out
}

// forumSpreadsheet is the answer of a forum summary: its owner table (as
// CSV) and its entity table (in XLSX, a sheet each).
func forumSpreadsheet(p SpreadsheetParams, f ownership.ForumSummary) *table {
	body := wireForum(f)
	return workbook(p, body, sheetOf(body.Owners, forumOwnerColumns), sheetOf(body.Entities, forumEntityColumns))
}
