package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/munireg/munireg"
)

// Organizations is what the organization operations need from storage.
type Organizations interface {
	CreateOrganization(ctx context.Context, o munireg.Organization) (munireg.Organization, error)
	FindOrganizationByID(ctx context.Context, id string, asOf time.Time) (munireg.Organization, error)
	FindOrganizations(ctx context.Context, f munireg.OrganizationFilter) (munireg.Page[munireg.Organization], error)
	UpdateOrganization(ctx context.Context, id string, revision int64, u munireg.OrganizationUpdate) (munireg.Organization, error)
	SetPopulation(ctx context.Context, id string, revision int64, counts munireg.PopulationSeries) (munireg.Organization, error)
	AddSuccession(ctx context.Context, sc munireg.Succession) error
	FindSuccessions(ctx context.Context, id string) ([]munireg.Succession, error)
}

// NumberPeriodBody is a kommunenummer and when it was in force.
type NumberPeriodBody struct {
	Number string     `json:"number" pattern:"^[0-9]{4}$" doc:"The kommunenummer." example:"1577"`
	Valid  PeriodBody `json:"valid"`
}

// PopulationBody is a population count on a date (folkemengde per 1.1.).
type PopulationBody struct {
	Date  Date  `json:"date"`
	Count int64 `json:"count" minimum:"0" example:"9000"`
}

// OrganizationRequest creates an organization.
type OrganizationRequest struct {
	Name                string             `json:"name" minLength:"1" maxLength:"300" example:"Volda kommune"`
	Kind                string             `json:"kind" enum:"kommune,fylkeskommune,state,state-body,iks,as,asa,sa,kf,fkf,stiftelse,forening,anna,da,ans,other"`
	OrgNumber           string             `json:"orgNumber,omitempty" pattern:"^[0-9]{9}$" doc:"Organisasjonsnummer, nine digits with a MOD11 check digit." example:"939760946"`
	Municipality        string             `json:"municipality,omitempty" pattern:"^[0-9]{4}$" doc:"Kommunenummer of a kommune (a history of this one number)." example:"1577"`
	MunicipalityHistory []NumberPeriodBody `json:"municipalityHistory,omitempty" maxItems:"100" doc:"Every kommunenummer it has had, oldest first; instead of municipality."`
	Valid               *PeriodBody        `json:"valid,omitempty" doc:"When the organization exists."`
	Population          []PopulationBody   `json:"population,omitempty" maxItems:"1000" doc:"Population per date, ascending."`
}

// OrganizationUpdateRequest changes an organization; absent fields stay.
type OrganizationUpdateRequest struct {
	Name                *string             `json:"name,omitempty" minLength:"1" maxLength:"300"`
	Kind                *string             `json:"kind,omitempty" enum:"kommune,fylkeskommune,state,state-body,iks,as,asa,sa,kf,fkf,stiftelse,forening,anna,da,ans,other"`
	OrgNumber           *string             `json:"orgNumber,omitempty" pattern:"^([0-9]{9})?$" doc:"Organisasjonsnummer; empty removes it."`
	MunicipalityHistory *[]NumberPeriodBody `json:"municipalityHistory,omitempty" maxItems:"100" doc:"Replaces the kommunenummer history."`
	Valid               *PeriodBody         `json:"valid,omitempty"`
}

// OrganizationBody is an organization as the register has it.
type OrganizationBody struct {
	ID                  string             `json:"id" format:"uuid"`
	Name                string             `json:"name"`
	Kind                string             `json:"kind" enum:"kommune,fylkeskommune,state,state-body,iks,as,asa,sa,kf,fkf,stiftelse,forening,anna,da,ans,other"`
	OrgNumber           string             `json:"orgNumber,omitempty"`
	Municipality        string             `json:"municipality,omitempty" doc:"The kommunenummer in force on the date asked about (today's newest without asOf)."`
	MunicipalityHistory []NumberPeriodBody `json:"municipalityHistory"`
	Valid               PeriodBody         `json:"valid"`
	Population          []PopulationBody   `json:"population"`
	Revision            int64              `json:"revision" doc:"The record's revision; the ETag is it in quotes."`
}

// SuccessionBody records that the successor took over the predecessor's
// rights and duties on a date.
type SuccessionBody struct {
	Predecessor string `json:"predecessor" format:"uuid"`
	Successor   string `json:"successor" format:"uuid"`
	Effective   Date   `json:"effective"`
}

// SuccessionList is the successions of an organization.
type SuccessionList struct {
	Items []SuccessionBody `json:"items"`
}

// IDParam is the ID of the record a path names.
type IDParam struct {
	ID string `path:"id" maxLength:"64" doc:"The record's ID."`
}

// IfMatchParam is the If-Match header updates require.
type IfMatchParam struct {
	IfMatch string `header:"If-Match" doc:"The ETag of the record as read; required (428 without it, 412 when stale)."`
}

func (p IfMatchParam) revision() (int64, error) { return ifMatch(p.IfMatch) }

type organizationOutput struct {
	ETag string `header:"ETag"`
	Body OrganizationBody
}

func wireOrganization(o munireg.Organization) OrganizationBody {
	return OrganizationBody{
		ID: o.ID, Name: o.Name, Kind: string(o.Kind), OrgNumber: o.OrgNumber.String(),
		Municipality: o.Municipality.String(),
		MunicipalityHistory: mapSlice(o.MunicipalityHistory, func(n munireg.NumberPeriod) NumberPeriodBody {
			return NumberPeriodBody{Number: n.Number.String(), Valid: wirePeriod(n.Valid)}
		}),
		Valid: wirePeriod(o.Valid),
		Population: mapSlice(o.Population, func(c munireg.PopulationCount) PopulationBody {
			return PopulationBody{Date: Date{c.Date}, Count: c.Count}
		}),
		Revision: o.Revision,
	}
}

func organizationOut(o munireg.Organization) *organizationOutput {
	return &organizationOutput{ETag: etag(o.Revision), Body: wireOrganization(o)}
}

// numbers parses kommunenummer periods, recording errors under field.
func numbers(errs *munireg.ValidationErrors, field string, in []NumberPeriodBody) []munireg.NumberPeriod {
	out := make([]munireg.NumberPeriod, len(in))
	for i, n := range in {
		num, err := munireg.ParseMunicipalityNumber(n.Number)
		if err != nil {
			errs.Add(fmt.Sprintf("%s[%d].number", field, i), err)
		}
		out[i] = munireg.NumberPeriod{Number: num, Valid: n.Valid.period()}
	}
	return out
}

func population(in []PopulationBody) munireg.PopulationSeries {
	return mapSlice(in, func(c PopulationBody) munireg.PopulationCount {
		return munireg.PopulationCount{Date: c.Date.Time, Count: c.Count}
	})
}

func (r OrganizationRequest) organization() (munireg.Organization, error) {
	var errs munireg.ValidationErrors
	o := munireg.Organization{Name: r.Name, Kind: munireg.Kind(r.Kind), Valid: r.Valid.period(),
		Population: population(r.Population)}
	if r.OrgNumber != "" {
		n, err := munireg.ParseOrgNumber(r.OrgNumber)
		if err != nil {
			errs.Add("orgNumber", err)
		}
		o.OrgNumber = n
	}
	if r.Municipality != "" {
		n, err := munireg.ParseMunicipalityNumber(r.Municipality)
		if err != nil {
			errs.Add("municipality", err)
		}
		o.Municipality = n
	}
	o.MunicipalityHistory = numbers(&errs, "municipalityHistory", r.MunicipalityHistory)
	if len(errs) > 0 {
		// Report the rest too: validation is exhaustive. The ID is the
		// store's to give.
		var all munireg.ValidationErrors
		if errors.As(o.Validate(), &all) {
			for _, v := range all {
				if v.Field != "id" {
					errs = append(errs, v)
				}
			}
		}
	}
	return o, errs.Err()
}

func (r OrganizationUpdateRequest) update() (munireg.OrganizationUpdate, error) {
	var errs munireg.ValidationErrors
	u := munireg.OrganizationUpdate{Name: r.Name}
	if r.Kind != nil {
		k := munireg.Kind(*r.Kind)
		u.Kind = &k
	}
	if r.OrgNumber != nil {
		var n munireg.OrgNumber
		if *r.OrgNumber != "" {
			var err error
			if n, err = munireg.ParseOrgNumber(*r.OrgNumber); err != nil {
				errs.Add("orgNumber", err)
			}
		}
		u.OrgNumber = &n
	}
	if r.MunicipalityHistory != nil {
		h := numbers(&errs, "municipalityHistory", *r.MunicipalityHistory)
		u.MunicipalityHistory = &h
	}
	if r.Valid != nil {
		p := r.Valid.period()
		u.Valid = &p
	}
	return u, errs.Err()
}

// Errors documented on the operations.
var (
	readErrors  = []int{http.StatusNotFound, http.StatusUnprocessableEntity, http.StatusServiceUnavailable}
	writeErrors = []int{http.StatusUnauthorized, http.StatusNotFound, http.StatusConflict,
		http.StatusPreconditionFailed, http.StatusUnprocessableEntity, http.StatusPreconditionRequired,
		http.StatusServiceUnavailable}
	createErrors = []int{http.StatusUnauthorized, http.StatusConflict, http.StatusUnprocessableEntity,
		http.StatusServiceUnavailable}
)

func registerOrganizations(api huma.API, deps Deps) {
	type listInput struct {
		Kind         string `query:"kind" enum:"kommune,fylkeskommune,state,state-body,iks,as,asa,sa,kf,fkf,stiftelse,forening,anna,da,ans,other" doc:"Only this kind."`
		Name         string `query:"name" maxLength:"300" doc:"Only names containing this, ignoring case."`
		OrgNumber    string `query:"orgNumber" pattern:"^[0-9]{9}$" doc:"Only this organisasjonsnummer."`
		Municipality string `query:"municipality" pattern:"^[0-9]{4}$" doc:"Only the organization with this kommunenummer (in force at asOf, or today)."`
		AsOf         string `query:"asOf" format:"date" doc:"Only organizations that exist on this date, with the kommunenummer then in force."`
		PageParams
		SpreadsheetParams
	}
	registerSpreadsheet[List[OrganizationBody]](api, huma.Operation{
		OperationID: "list-organizations",
		Method:      http.MethodGet,
		Path:        "/v1/organizations",
		Summary:     "List organizations",
		Description: "Organizations in order of name, a page at a time: follow the Link header (rel=\"next\").",
		Tags:        []string{"organizations"},
		Errors:      []int{http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, in *listInput) (*listTable, error) {
		f := munireg.OrganizationFilter{After: in.After, Limit: in.Limit}
		var errs munireg.ValidationErrors
		if in.Kind != "" {
			k := munireg.Kind(in.Kind)
			f.Kind = &k
		}
		if in.Name != "" {
			f.Name = &in.Name
		}
		if in.OrgNumber != "" {
			n, err := munireg.ParseOrgNumber(in.OrgNumber)
			errs.Merge("orgNumber", err)
			f.OrgNumber = &n
		}
		if in.Municipality != "" {
			n, err := munireg.ParseMunicipalityNumber(in.Municipality)
			errs.Merge("municipality", err)
			f.Municipality = &n
		}
		var err error
		if f.AsOf, err = queryDate("asOf", in.AsOf); err != nil {
			return nil, err
		}
		if err := errs.Err(); err != nil {
			return nil, located{in: "query", err: err}
		}
		page, err := s.FindOrganizations(ctx, f)
		if err != nil {
			return nil, located{in: "query", err: err}
		}
		q := url.Values{"kind": {in.Kind}, "name": {in.Name}, "orgNumber": {in.OrgNumber},
			"municipality": {in.Municipality}, "asOf": {in.AsOf}, "limit": {strconv.Itoa(in.Limit)}}
		return listSpreadsheet(in.SpreadsheetParams, listAnswer("/v1/organizations", q, page, wireOrganization), organizationColumns), nil
	}))

	type getInput struct {
		IDParam
		AsOf string `query:"asOf" format:"date" doc:"Give the kommunenummer in force on this date."`
	}
	huma.Register(api, huma.Operation{
		OperationID: "get-organization",
		Method:      http.MethodGet,
		Path:        "/v1/organizations/{id}",
		Summary:     "Get an organization",
		Description: "The organization with its kommunenummer history and population; the ETag is its revision.",
		Tags:        []string{"organizations"},
		Errors:      readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *getInput) (*organizationOutput, error) {
		asOf, err := queryDate("asOf", in.AsOf)
		if err != nil {
			return nil, err
		}
		o, err := s.FindOrganizationByID(ctx, in.ID, asOf)
		if err != nil {
			return nil, err
		}
		return organizationOut(o), nil
	}))

	type createInput struct{ Body OrganizationRequest }
	huma.Register(api, huma.Operation{
		OperationID:   "create-organization",
		Method:        http.MethodPost,
		Path:          "/v1/organizations",
		Summary:       "Create an organization",
		Description:   "A second organization with the same organisasjonsnummer is a 409.",
		Tags:          []string{"organizations"},
		DefaultStatus: http.StatusCreated,
		Errors:        createErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *createInput) (*organizationOutput, error) {
		o, err := in.Body.organization()
		if err == nil {
			o, err = s.CreateOrganization(ctx, o)
		}
		if err != nil {
			return nil, err
		}
		return organizationOut(o), nil
	}))

	type updateInput struct {
		IDParam
		IfMatchParam
		Body OrganizationUpdateRequest
	}
	huma.Register(api, huma.Operation{
		OperationID: "update-organization",
		Method:      http.MethodPatch,
		Path:        "/v1/organizations/{id}",
		Summary:     "Change an organization",
		Description: "Changes the fields given. Needs If-Match with the ETag as read: 428 without it, 412 when someone changed the record since.",
		Tags:        []string{"organizations"},
		Errors:      writeErrors,
	}, storeUpdate(deps, func(ctx context.Context, s Storage, in *updateInput, rev int64) (*organizationOutput, error) {
		u, err := in.Body.update()
		if err != nil {
			return nil, err
		}
		o, err := s.UpdateOrganization(ctx, in.ID, rev, u)
		if err != nil {
			return nil, err
		}
		return organizationOut(o), nil
	}))

	type populationInput struct {
		IDParam
		IfMatchParam
		Body struct {
			Population []PopulationBody `json:"population" maxItems:"1000" doc:"Counts to record, in ascending order of date; a count on a date already recorded replaces it."`
		}
	}
	huma.Register(api, huma.Operation{
		OperationID: "put-organization-population",
		Method:      http.MethodPut,
		Path:        "/v1/organizations/{id}/population",
		Summary:     "Record population counts",
		Description: "Records counts, replacing any on the same dates. Needs If-Match (428 without, 412 when stale).",
		Tags:        []string{"organizations"},
		Errors:      writeErrors,
	}, storeUpdate(deps, func(ctx context.Context, s Storage, in *populationInput, rev int64) (*organizationOutput, error) {
		o, err := s.SetPopulation(ctx, in.ID, rev, population(in.Body.Population))
		if err != nil {
			return nil, err
		}
		return organizationOut(o), nil
	}))

	type successionsOutput struct{ Body SuccessionList }
	huma.Register(api, huma.Operation{
		OperationID: "list-organization-successions",
		Method:      http.MethodGet,
		Path:        "/v1/organizations/{id}/successions",
		Summary:     "List an organization's successions",
		Description: "The successions the organization takes part in, as predecessor or successor, by date. " +
			"An organization not in the register is a 404.",
		Tags:   []string{"organizations"},
		Errors: []int{http.StatusNotFound, http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, in *IDParam) (*successionsOutput, error) {
		all, err := s.FindSuccessions(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return &successionsOutput{Body: SuccessionList{Items: mapSlice(all, func(sc munireg.Succession) SuccessionBody {
			return SuccessionBody{Predecessor: sc.Predecessor, Successor: sc.Successor, Effective: Date{sc.Effective}}
		})}}, nil
	}))

	type successionInput struct{ Body SuccessionBody }
	type successionOutput struct{ Body SuccessionBody }
	huma.Register(api, huma.Operation{
		OperationID:   "create-succession",
		Method:        http.MethodPost,
		Path:          "/v1/successions",
		Summary:       "Record a succession",
		Description:   "Records that the successor took over the predecessor's rights and duties (a merger, a split).",
		Tags:          []string{"organizations"},
		DefaultStatus: http.StatusCreated,
		Errors:        createErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *successionInput) (*successionOutput, error) {
		b := in.Body
		if err := s.AddSuccession(ctx, munireg.Succession{Predecessor: b.Predecessor, Successor: b.Successor, Effective: b.Effective.Time}); err != nil {
			return nil, err
		}
		return &successionOutput{Body: b}, nil
	}))
}
