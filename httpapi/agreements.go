package httpapi

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/danielgtaylor/huma/v2"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
)

// Agreements is what the agreement operations need from storage.
type Agreements interface {
	CreateAgreement(ctx context.Context, a cooperation.Agreement) (cooperation.Agreement, error)
	FindAgreementByID(ctx context.Context, id string) (cooperation.Agreement, error)
	FindAgreements(ctx context.Context, f cooperation.AgreementFilter) (munireg.Page[cooperation.Agreement], error)
	UpdateAgreement(ctx context.Context, id string, revision int64, u cooperation.AgreementUpdate) (cooperation.Agreement, error)
	AddAgreementVersion(ctx context.Context, id string, revision int64, v cooperation.Version) (cooperation.Agreement, error)
}

// The wire names of the agreement fields are the domain's validation field
// paths (cooperation.Agreement.Validate), so that a 422 detail such as
// "body.versions[0].participants[*].ownership" names the body's field.

// AgreementRequest records an agreement with its adopted versions.
type AgreementRequest struct {
	Name      string           `json:"name" minLength:"1" maxLength:"300" example:"Søre Sunnmøre IKS"`
	Form      string           `json:"form" enum:"politisk-rad,oppgavefellesskap,vertskommune,vertskommune-nemnd,iks,as,sa,forening,annet" doc:"The legal form (kommuneloven § 17-1)."`
	OrgNumber string           `json:"orgNumber,omitempty" pattern:"^[0-9]{9}$" doc:"Organisasjonsnummer of the cooperation's own legal person or body, if any."`
	Versions  []VersionRequest `json:"versions" maxItems:"100" doc:"The adopted versions, oldest first."`
}

// AgreementUpdateRequest changes an agreement; absent fields stay.
type AgreementUpdateRequest struct {
	Name      *string           `json:"name,omitempty" minLength:"1" maxLength:"300"`
	OrgNumber *string           `json:"orgNumber,omitempty" pattern:"^([0-9]{9})?$" doc:"Organisasjonsnummer; empty removes it."`
	Versions  *[]VersionRequest `json:"versions,omitempty" maxItems:"100" doc:"Replaces every version (the audit log keeps the old ones)."`
}

// VersionRequest is one adopted version of an agreement.
type VersionRequest struct {
	Adopted      Date                          `json:"adopted" doc:"When the last participant's kommunestyre adopted it."`
	Valid        PeriodBody                    `json:"valid" doc:"When it is in force; from is required. Without to, until the next version."`
	Purpose      string                        `json:"purpose,omitempty" maxLength:"5000" doc:"The cooperation's purpose (formål)."`
	Host         string                        `json:"host,omitempty" format:"uuid" doc:"The participating vertskommune or kontorkommune; required for the vertskommune forms."`
	Participants []AgreementParticipantRequest `json:"participants" maxItems:"1000" doc:"At least two."`
	Key          *KeyBody                      `json:"key,omitempty" doc:"The cost-sharing key (fordelingsnøkkel); none without."`
}

// OrganizationRef names an organization of the register by its ID.
type OrganizationRef struct {
	ID string `json:"id" format:"uuid" doc:"The organization's ID."`
}

// AgreementParticipantRequest is one organization's terms in a version.
type AgreementParticipantRequest struct {
	Organization OrganizationRef `json:"organization" doc:"The participant; its kind and population come from the register."`
	Ownership    *Decimal        `json:"ownership,omitempty" doc:"Eierandel in [0, 1]; required for IKS and oppgavefellesskap, where they sum to exactly 1." example:"0.5"`
	Liability    *Decimal        `json:"liability,omitempty" doc:"Ansvarsandel in [0, 1]; default the eierandel (IKS-loven § 3)."`
	CostShare    *Decimal        `json:"costShare,omitempty" doc:"Explicit share in [0, 1], read by a key component with basis share."`
	Contribution *Decimal        `json:"contribution,omitempty" doc:"Capital contribution (innskudd) in kroner."`
	Seats        map[string]int  `json:"seats,omitempty" doc:"Seats in each governing body, by the body's name." example:"{\"representantskap\": 2}"`
}

// KeyBody is a cost-sharing key: weighted components combined exactly
// before rounding.
type KeyBody struct {
	Normalize  bool           `json:"normalize,omitempty" doc:"Scale explicit shares by their sum instead of requiring them to sum to exactly 1."`
	Components []KeyComponent `json:"components" maxItems:"100" doc:"The weighted components; weights sum to exactly 1."`
}

// KeyComponent is one weighted part of an agreement's key.
type KeyComponent struct {
	Name   string  `json:"name" minLength:"1" maxLength:"200" example:"innbyggere"`
	Weight Decimal `json:"weight" doc:"In [0, 1]." example:"0.70"`
	Basis  string  `json:"basis" pattern:"^(equal|population|share|ownership|metric:\\S+)$" doc:"equal, population (per the budget's date), share (costShare), ownership (eierandel) or metric:<name> (metered use)." example:"population"`
}

// AgreementBody is an agreement as the register has it.
type AgreementBody struct {
	ID        string        `json:"id" format:"uuid"`
	Name      string        `json:"name"`
	Form      string        `json:"form" enum:"politisk-rad,oppgavefellesskap,vertskommune,vertskommune-nemnd,iks,as,sa,forening,annet"`
	OrgNumber string        `json:"orgNumber,omitempty"`
	Versions  []VersionBody `json:"versions" doc:"Oldest first."`
	Revision  int64         `json:"revision" doc:"The record's revision; the ETag is it in quotes."`
}

// VersionBody is one adopted version as the register has it.
type VersionBody struct {
	Adopted      Date                       `json:"adopted"`
	Valid        PeriodBody                 `json:"valid"`
	Purpose      string                     `json:"purpose,omitempty"`
	Host         string                     `json:"host,omitempty" format:"uuid"`
	Participants []AgreementParticipantBody `json:"participants"`
	Key          *KeyBody                   `json:"key,omitempty" doc:"Absent when the version has no key."`
}

// AgreementParticipantBody is one participant's terms as the register has them.
type AgreementParticipantBody struct {
	Organization ParticipantOrganization `json:"organization"`
	Ownership    *Decimal                `json:"ownership,omitempty"`
	Liability    *Decimal                `json:"liability,omitempty" doc:"Absent when it is the eierandel."`
	CostShare    *Decimal                `json:"costShare,omitempty"`
	Contribution Money                   `json:"contribution"`
	Seats        map[string]int          `json:"seats,omitempty"`
}

// ParticipantOrganization is the participating organization, as registered.
type ParticipantOrganization struct {
	ID   string `json:"id" format:"uuid"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

func (k *KeyBody) key() cooperation.Key {
	if k == nil {
		return cooperation.Key{}
	}
	return cooperation.Key{Normalize: k.Normalize, Components: mapSlice(k.Components, func(c KeyComponent) cooperation.Component {
		return cooperation.Component{Name: c.Name, Weight: c.Weight.Decimal, Basis: cooperation.Basis(c.Basis)}
	})}
}

func wireKey(k cooperation.Key) *KeyBody {
	if len(k.Components) == 0 {
		return nil
	}
	return &KeyBody{Normalize: k.Normalize, Components: mapSlice(k.Components, func(c cooperation.Component) KeyComponent {
		return KeyComponent{Name: c.Name, Weight: Decimal{c.Weight}, Basis: string(c.Basis)}
	})}
}

func (r VersionRequest) version() cooperation.Version {
	return cooperation.Version{Adopted: r.Adopted.Time, Valid: r.Valid.period(), Purpose: r.Purpose, Host: r.Host,
		Participants: mapSlice(r.Participants, func(p AgreementParticipantRequest) cooperation.Participant {
			return cooperation.Participant{Organization: munireg.Organization{ID: p.Organization.ID},
				Ownership: nullDec(p.Ownership), Liability: nullDec(p.Liability), CostShare: nullDec(p.CostShare),
				Contribution: dec(p.Contribution), Seats: p.Seats}
		}),
		Key: r.Key.key()}
}

func wireVersion(v cooperation.Version) VersionBody {
	return VersionBody{Adopted: Date{v.Adopted}, Valid: wirePeriod(v.Valid), Purpose: v.Purpose, Host: v.Host,
		Participants: mapSlice(v.Participants, func(p cooperation.Participant) AgreementParticipantBody {
			o := p.Organization
			return AgreementParticipantBody{Organization: ParticipantOrganization{ID: o.ID, Name: o.Name, Kind: string(o.Kind)},
				Ownership: wireDec(p.Ownership), Liability: wireDec(p.Liability), CostShare: wireDec(p.CostShare),
				Contribution: money(p.Contribution), Seats: p.Seats}
		}),
		Key: wireKey(v.Key)}
}

func wireAgreement(a cooperation.Agreement) AgreementBody {
	return AgreementBody{ID: a.ID, Name: a.Name, Form: string(a.Form), OrgNumber: a.OrgNumber.String(),
		Versions: mapSlice(a.Versions, wireVersion), Revision: a.Revision}
}

type agreementOutput struct {
	ETag string `header:"ETag"`
	Body AgreementBody
}

func agreementOut(a cooperation.Agreement) *agreementOutput {
	return &agreementOutput{ETag: etag(a.Revision), Body: wireAgreement(a)}
}

// orgNumber parses an organisasjonsnummer of the body ("" is none),
// recording an error on field.
func orgNumber(errs *munireg.ValidationErrors, field, s string) munireg.OrgNumber {
	if s == "" {
		return munireg.OrgNumber{}
	}
	n, err := munireg.ParseOrgNumber(s)
	if err != nil {
		errs.Add(field, err)
	}
	return n
}

func (r AgreementRequest) agreement() (cooperation.Agreement, error) {
	var errs munireg.ValidationErrors
	a := cooperation.Agreement{Name: r.Name, Form: cooperation.Form(r.Form), OrgNumber: orgNumber(&errs, "orgNumber", r.OrgNumber),
		Versions: mapSlice(r.Versions, VersionRequest.version)}
	return a, errs.Err()
}

func (r AgreementUpdateRequest) update() (cooperation.AgreementUpdate, error) {
	var errs munireg.ValidationErrors
	u := cooperation.AgreementUpdate{Name: r.Name}
	if r.OrgNumber != nil {
		n := orgNumber(&errs, "orgNumber", *r.OrgNumber)
		u.OrgNumber = &n
	}
	if r.Versions != nil {
		v := mapSlice(*r.Versions, VersionRequest.version)
		u.Versions = &v
	}
	return u, errs.Err()
}

func registerAgreements(api huma.API, deps Deps) {
	type listInput struct {
		Form        string `query:"form" enum:"politisk-rad,oppgavefellesskap,vertskommune,vertskommune-nemnd,iks,as,sa,forening,annet" doc:"Only this form."`
		Participant string `query:"participant" maxLength:"64" doc:"Only agreements this organization takes part in (in the version in force at asOf, if given)."`
		Name        string `query:"name" maxLength:"300" doc:"Only names containing this, ignoring case."`
		AsOf        string `query:"asOf" format:"date" doc:"Only agreements with a version in force on this date."`
		PageParams
		SpreadsheetParams
	}
	registerSpreadsheet[List[AgreementBody]](api, huma.Operation{
		OperationID: "list-agreements",
		Method:      http.MethodGet,
		Path:        "/v1/agreements",
		Summary:     "List agreements",
		Description: "Agreements in order of name, with all their versions, a page at a time: follow the Link header (rel=\"next\").",
		Tags:        []string{"agreements"},
		Errors:      []int{http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, in *listInput) (*listTable, error) {
		f := cooperation.AgreementFilter{Participant: optional(in.Participant), Name: optional(in.Name),
			After: in.After, Limit: in.Limit}
		if in.Form != "" {
			form := cooperation.Form(in.Form)
			f.Form = &form
		}
		var err error
		if f.AsOf, err = queryDate("asOf", in.AsOf); err != nil {
			return nil, err
		}
		page, err := s.FindAgreements(ctx, f)
		if err != nil {
			return nil, located{in: "query", err: err}
		}
		q := url.Values{"form": {in.Form}, "participant": {in.Participant}, "name": {in.Name}, "asOf": {in.AsOf},
			"limit": {strconv.Itoa(in.Limit)}}
		return listSpreadsheet(in.SpreadsheetParams, listAnswer("/v1/agreements", q, page, wireAgreement), agreementColumns), nil
	}))

	huma.Register(api, huma.Operation{
		OperationID: "get-agreement",
		Method:      http.MethodGet,
		Path:        "/v1/agreements/{id}",
		Summary:     "Get an agreement",
		Description: "The agreement with every version, its participants (as registered), seats and key; the ETag is its revision.",
		Tags:        []string{"agreements"},
		Errors:      readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *IDParam) (*agreementOutput, error) {
		a, err := s.FindAgreementByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		return agreementOut(a), nil
	}))

	type createInput struct{ Body AgreementRequest }
	huma.Register(api, huma.Operation{
		OperationID: "create-agreement",
		Method:      http.MethodPost,
		Path:        "/v1/agreements",
		Summary:     "Record an agreement",
		Description: "Participants are named by organization ID. The agreement is checked against its form's rules with " +
			"the participants as registered: for IKS and oppgavefellesskap every eierandel given and summing to exactly 1, " +
			"a participating host for the vertskommune forms, a valid key. Every violation is a 422 detail.",
		Tags:          []string{"agreements"},
		DefaultStatus: http.StatusCreated,
		Errors:        createErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *createInput) (*agreementOutput, error) {
		a, err := in.Body.agreement()
		if err == nil {
			a, err = s.CreateAgreement(ctx, a)
		}
		if err != nil {
			return nil, err
		}
		return agreementOut(a), nil
	}))

	type updateInput struct {
		IDParam
		IfMatchParam
		Body AgreementUpdateRequest
	}
	huma.Register(api, huma.Operation{
		OperationID: "update-agreement",
		Method:      http.MethodPatch,
		Path:        "/v1/agreements/{id}",
		Summary:     "Change an agreement",
		Description: "Changes the fields given; versions replaces them all. Needs If-Match (428 without, 412 when stale).",
		Tags:        []string{"agreements"},
		Errors:      writeErrors,
	}, storeUpdate(deps, func(ctx context.Context, s Storage, in *updateInput, rev int64) (*agreementOutput, error) {
		u, err := in.Body.update()
		if err != nil {
			return nil, err
		}
		a, err := s.UpdateAgreement(ctx, in.ID, rev, u)
		if err != nil {
			return nil, err
		}
		return agreementOut(a), nil
	}))

	type versionInput struct {
		IDParam
		IfMatchParam
		Body VersionRequest
	}
	huma.Register(api, huma.Operation{
		OperationID: "add-agreement-version",
		Method:      http.MethodPost,
		Path:        "/v1/agreements/{id}/versions",
		Summary:     "Add an adopted version to an agreement",
		Description: "Appends the version; an open-ended version before it ends where it begins. Needs If-Match " +
			"(428 without, 412 when stale). 422 details name the posted version's fields.",
		Tags:   []string{"agreements"},
		Errors: writeErrors,
	}, storeUpdate(deps, func(ctx context.Context, s Storage, in *versionInput, rev int64) (*agreementOutput, error) {
		// The version's index places the domain's "versions[i]." fields in
		// the posted body.
		before, err := s.FindAgreementByID(ctx, in.ID)
		if err != nil {
			return nil, err
		}
		if before.Revision != rev {
			return nil, munireg.ErrConflict
		}
		a, err := s.AddAgreementVersion(ctx, in.ID, rev, in.Body.version())
		if err != nil {
			return nil, unprefixed(err, fmt.Sprintf("versions[%d].", len(before.Versions)))
		}
		return agreementOut(a), nil
	}))
}
