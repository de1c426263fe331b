package httpapi

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
	"github.com/munireg/munireg/ownership"
)

// Reports is what the legal report operations need from storage.
type Reports interface {
	CooperationOverview(ctx context.Context, org string, asOf time.Time) (cooperation.Overview, error)
	OwnershipReport(ctx context.Context, org string, asOf time.Time) (ownership.Report, error)
}

// OrganizationSummaryBody names an organization of a report.
type OrganizationSummaryBody struct {
	ID        string `json:"id" doc:"The organization's ID (for a cooperation without an organization of its own, the agreement's)."`
	Name      string `json:"name"`
	Kind      string `json:"kind"`
	OrgNumber string `json:"orgNumber,omitempty"`
}

func wireOrganizationSummary(o munireg.Organization) OrganizationSummaryBody {
	return OrganizationSummaryBody{ID: o.ID, Name: o.Name, Kind: string(o.Kind), OrgNumber: o.OrgNumber.String()}
}

// CooperationOverviewBody is the overview of a municipality's
// inter-municipal cooperation that kommuneloven § 17-3 asks for.
type CooperationOverviewBody struct {
	Organization OrganizationSummaryBody    `json:"organization" doc:"The kommune or fylkeskommune."`
	AsOf         Date                       `json:"asOf"`
	Entries      []CooperationOverviewEntry `json:"entries" doc:"Every cooperation it takes part in on asOf, by name."`
}

// CooperationOverviewEntry is one cooperation of the overview.
type CooperationOverviewEntry struct {
	Agreement      string         `json:"agreement" format:"uuid"`
	Name           string         `json:"name"`
	OrgNumber      string         `json:"orgNumber,omitempty"`
	Form           string         `json:"form" enum:"politisk-rad,oppgavefellesskap,vertskommune,vertskommune-nemnd,iks,as,sa,forening,annet"`
	FormName       string         `json:"formName" doc:"The legal form in words."`
	LegalBasis     string         `json:"legalBasis" doc:"The law and chapter the form rests on."`
	LegalPerson    string         `json:"legalPerson" enum:"no,optional,yes" doc:"Whether the form is a legal person of its own."`
	Liability      string         `json:"liability" doc:"The participants' liability for the cooperation's debts."`
	Purpose        string         `json:"purpose,omitempty"`
	Host           string         `json:"host,omitempty" format:"uuid" doc:"The vertskommune or kontorkommune."`
	Hosting        bool           `json:"hosting" doc:"Whether the municipality is the host."`
	Participants   int            `json:"participants" doc:"How many take part, the municipality included."`
	Others         []string       `json:"others" doc:"The other participants' names, in the version's order."`
	Ownership      *Decimal       `json:"ownership,omitempty" doc:"The municipality's eierandel, where the version gives one."`
	LiabilityShare *Decimal       `json:"liabilityShare,omitempty" doc:"The municipality's ansvarsandel, where the version gives one."`
	Contribution   Money          `json:"contribution" doc:"The municipality's innskudd."`
	Seats          map[string]int `json:"seats,omitempty" doc:"The municipality's seats by governing body."`
	Key            *KeyBody       `json:"key,omitempty" doc:"The cost-sharing key; absent without one."`
	Tariff         bool           `json:"tariff" doc:"Whether the version prices by a tariff."`
	Since          *Date          `json:"since,omitempty" doc:"When the version in force began."`
	Adopted        *Date          `json:"adopted,omitempty" doc:"When the version in force was adopted."`
}

func wireOverview(o cooperation.Overview) CooperationOverviewBody {
	return CooperationOverviewBody{Organization: wireOrganizationSummary(o.Organization), AsOf: Date{o.AsOf},
		Entries: mapSlice(o.Entries, func(e cooperation.OverviewEntry) CooperationOverviewEntry {
			return CooperationOverviewEntry{Agreement: e.Agreement, Name: e.Name, OrgNumber: e.OrgNumber.String(),
				Form: string(e.Form), FormName: e.FormName, LegalBasis: e.LegalBasis, LegalPerson: string(e.LegalPerson),
				Liability: string(e.Liability), Purpose: e.Purpose, Host: e.Host, Hosting: e.Hosting,
				Participants: e.Participants, Others: nonNil(e.Others), Ownership: wireDec(e.Ownership),
				LiabilityShare: wireDec(e.LiabilityShare), Contribution: money(e.Contribution), Seats: e.Seats,
				Key: wireKey(e.Key), Tariff: e.Tariff, Since: wireDate(e.Since), Adopted: wireDate(e.Adopted)}
		})}
}

// OwnershipReportBody is the data of a municipality's ownership report
// (eierskapsmelding, kommuneloven § 26-1).
type OwnershipReportBody struct {
	Municipality OrganizationSummaryBody `json:"municipality" doc:"The kommune or fylkeskommune."`
	AsOf         Date                    `json:"asOf"`
	Principles   string                  `json:"principles,omitempty" doc:"The principles for ownership governance (prinsipper for eierstyring)."`
	Entries      []ReportEntryBody       `json:"entries" doc:"The direct interests: positions and participations in cooperations that are legal persons, by name."`
	Indirect     []ReportEntryBody       `json:"indirect" doc:"The entities held only through others (look-through), by name."`
	Gaps         []GapBody               `json:"gaps" doc:"What the report lacks that § 26-1 asks for; [] when nothing is missing."`
}

// ReportEntryBody is one body of the ownership report.
type ReportEntryBody struct {
	Organization OrganizationSummaryBody `json:"organization"`
	Basis        string                  `json:"basis" enum:"position,participation,enterprise,other,indirect" doc:"What the interest rests on."`
	Economic     *Decimal                `json:"economic,omitempty" doc:"The municipality's direct economic share."`
	Voting       *Decimal                `json:"voting,omitempty" doc:"The municipality's direct voting share."`
	Effective    *Decimal                `json:"effective,omitempty" doc:"The look-through share; absent for bodies outside the ownership graph."`
	Purpose      string                  `json:"purpose,omitempty"`
	Category     string                  `json:"category,omitempty"`
	BookValue    *Money                  `json:"bookValue,omitempty"`
	Source       string                  `json:"source,omitempty" doc:"Where the fact lives, for an interest that is not a position."`
}

// GapBody is something a report lacks.
type GapBody struct {
	Field   string `json:"field" doc:"The report's field, such as principles or entries[2].purpose."`
	Message string `json:"message"`
}

func wireReportEntry(e ownership.ReportEntry) ReportEntryBody {
	return ReportEntryBody{Organization: wireOrganizationSummary(e.Organization), Basis: string(e.Basis),
		Economic: wireDec(e.Economic), Voting: wireDec(e.Voting), Effective: wireDec(e.Effective),
		Purpose: e.Purpose, Category: string(e.Category), BookValue: wireMoney(e.BookValue), Source: e.Source}
}

func wireReport(r ownership.Report) OwnershipReportBody {
	return OwnershipReportBody{Municipality: wireOrganizationSummary(r.Municipality), AsOf: Date{r.AsOf},
		Principles: r.Principles, Entries: mapSlice(r.Entries, wireReportEntry), Indirect: mapSlice(r.Indirect, wireReportEntry),
		Gaps: mapSlice(r.Gaps, func(v munireg.ValidationError) GapBody {
			g := GapBody{Field: v.Field, Message: "missing"}
			if v.Err != nil {
				g.Message = v.Err.Error()
			}
			return g
		})}
}

// ReportParams address a report: the municipality and the date.
type ReportParams struct {
	Org  string `path:"org" maxLength:"64" doc:"The kommune's or fylkeskommune's organization ID."`
	AsOf string `query:"asOf" format:"date" doc:"The date of the report; default today (UTC)."`
}

// asOf is the report's date: the one asked for, or the day of now in UTC.
func (p ReportParams) asOf(now time.Time) (time.Time, error) {
	t, err := queryDate("asOf", p.AsOf)
	if err != nil || !t.IsZero() {
		return t, err
	}
	y, m, d := now.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC), nil
}

// report runs a report of the municipality the path names: its validation
// errors ("organization", "municipality": not a kommune or fylkeskommune)
// are the path's.
func report[R, B any](get func(ctx context.Context, org string, asOf time.Time) (R, error), wire func(R) B) func(ctx context.Context, in *ReportParams) (*struct{ Body B }, error) {
	return func(ctx context.Context, in *ReportParams) (*struct{ Body B }, error) {
		asOf, err := in.asOf(time.Now())
		if err != nil {
			return nil, err
		}
		r, err := get(ctx, in.Org, asOf)
		if err != nil {
			return nil, located{in: "path", err: err}
		}
		return &struct{ Body B }{Body: wire(r)}, nil
	}
}

func registerReports(api huma.API, deps Deps) {
	huma.Register(api, huma.Operation{
		OperationID: "get-cooperation-overview",
		Method:      http.MethodGet,
		Path:        "/v1/reports/cooperation/{org}",
		Summary:     "Get a municipality's § 17-3 cooperation overview",
		Description: "Every inter-municipal cooperation the kommune or fylkeskommune takes part in on asOf, with its legal " +
			"form, purpose, host, participants, the municipality's shares, contribution and seats, and the key " +
			"(kommuneloven § 17-3). An organization that is not a kommune or fylkeskommune is a 422 on path.organization.",
		Tags:   []string{"reports"},
		Errors: readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *ReportParams) (*struct{ Body CooperationOverviewBody }, error) {
		return report(s.CooperationOverview, wireOverview)(ctx, in)
	}))

	huma.Register(api, huma.Operation{
		OperationID: "get-ownership-report",
		Method:      http.MethodGet,
		Path:        "/v1/reports/ownership/{org}",
		Summary:     "Get the data of a municipality's § 26-1 ownership report",
		Description: "The companies and bodies the kommune or fylkeskommune has ownership or equivalent interests in on " +
			"asOf — positions, and participations in cooperations that are legal persons — with purpose, shares and " +
			"book value; what it holds only through others; and what the report lacks (gaps) (kommuneloven § 26-1). " +
			"An organization that is not a kommune or fylkeskommune is a 422 on path.municipality.",
		Tags:   []string{"reports"},
		Errors: readErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *ReportParams) (*struct{ Body OwnershipReportBody }, error) {
		return report(s.OwnershipReport, wireReport)(ctx, in)
	}))
}
