package httpapi

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/munireg/munireg/internal/enhetsregisteret"
	"github.com/munireg/munireg/internal/importing"
	"github.com/munireg/munireg/internal/ssb"
)

// Imports is what the import operations need from storage.
type Imports interface {
	ImportMunicipalities(ctx context.Context) (importing.Result, error)
	ImportPopulation(ctx context.Context, f ssb.File, skipInvalid bool) (importing.Result, error)
	ImportEntities(ctx context.Context, f enhetsregisteret.File, skipInvalid bool) (importing.Result, error)
}

// ImportResultBody is what an import did.
type ImportResultBody struct {
	Created   int              `json:"created" doc:"Records (for population: figures) created."`
	Updated   int              `json:"updated" doc:"Records (figures) changed; each record changed has its next revision and an audit row."`
	Unchanged int              `json:"unchanged" doc:"Records (figures) found as they were."`
	Skipped   []ImportSkipBody `json:"skipped" doc:"Every row of the file not loaded, and why, in order of line."`
}

// ImportSkipBody is a row of a file that was not loaded.
type ImportSkipBody struct {
	Location string `json:"location" doc:"Where, as a 422 would name it." example:"body.line[12].count"`
	Line     int    `json:"line" doc:"The line the row starts on, from 1." example:"12"`
	Field    string `json:"field,omitempty" doc:"The field at fault." example:"count"`
	Message  string `json:"message" example:"no figure for 3001 Halden (2020-2023) in 2024 (\"..\"): passed over"`
}

type importOutput struct {
	Body ImportResultBody
}

func importResult(r importing.Result) *importOutput {
	out := &importOutput{Body: ImportResultBody{Created: r.Created, Updated: r.Updated, Unchanged: r.Unchanged,
		Skipped: make([]ImportSkipBody, 0, len(r.Skipped))}}
	for _, p := range r.Skipped {
		out.Body.Skipped = append(out.Body.Skipped, ImportSkipBody{Location: "body." + p.Location(), Line: p.Line,
			Field: p.Field, Message: p.Err.Error()})
	}
	return out
}

// importErrors are the errors the import operations document (401 and 403
// come with the access rule, 400, 413 and 415 with the body).
var importErrors = []int{http.StatusConflict, http.StatusUnprocessableEntity, http.StatusServiceUnavailable}

// maxExpandedBody is the most a gzip-compressed body may expand to: what
// is larger goes through the command line.
const maxExpandedBody = 64 << 20

// fileLocations is how the descriptions of the file imports explain where a
// problem is.
const fileLocations = " Every row is checked before anything is written. Rows that are wrong make the answer a 422 " +
	"that names each one, and nothing is loaded — unless `skipInvalid=true`: then the rest is loaded and the wrong rows " +
	"are listed under `skipped`. A row of a CSV file is named by its line, counted from 1, and the field: " +
	"`body.line[12].count`; a unit of a JSON list by its index, from 0: `body.units[3].organisasjonsnummer`. " +
	"A file that cannot be read at all (no header, another delimiter, JSON cut off) is a 422 naming the line: `body.line[1]`. " +
	"Bodies are limited to 1 MiB: load larger files with the command line (`munireg import`)."

func registerImports(api huma.API, deps Deps) {
	huma.Register(api, huma.Operation{
		OperationID: "import-municipalities",
		Method:      http.MethodPost,
		Path:        "/v1/imports/municipalities",
		Summary:     "Import the municipalities and counties of 2024",
		Description: "Brings the register up to date with the reference data munireg ships: the 357 municipalities of 2024 " +
			"with their organisation numbers and kommunenummer history (2023 → 2024 renumbering included), and the 14 " +
			"fylkeskommuner (Oslo's county functions are Oslo kommune's). Matches by organisation number, else by " +
			"kommunenummer (fylkeskommuner by name); creates what is missing; never renames. Idempotent: run again, " +
			"it changes nothing. A kommunenummer held in the register by an organization with another organisation " +
			"number is a 409 naming it, and nothing changes.",
		Tags:   []string{"organizations"},
		Errors: importErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, _ *struct{}) (*importOutput, error) {
		r, err := s.ImportMunicipalities(ctx)
		if err != nil {
			return nil, err
		}
		return importResult(r), nil
	}))

	type populationInput struct {
		SkipInvalid bool   `query:"skipInvalid" doc:"Load the valid rows and list the others under skipped, instead of refusing the file."`
		RawBody     []byte `contentType:"text/csv"`
	}
	huma.Register(api, huma.Operation{
		OperationID: "import-population",
		Method:      http.MethodPost,
		Path:        "/v1/imports/population",
		Summary:     "Import population figures from SSB (table 07459)",
		Description: "The body is SSB's CSV export of table 07459 (folkemengde per 1.1.) by region and year, as StatBank " +
			"or SSB's API make it: separated by ';' or ',', UTF-8 or ISO-8859-1/Windows-1252, with or without a title " +
			"line, one column per year or a year column. The figure of region \"1577 Volda\" in 2024 is Volda's " +
			"population on 2024-01-01; the region is the kommunenummer in force then (or the one municipality that " +
			"has had it). Figures SSB marks as missing (\"..\", \":\") and rows of the country or a county are passed " +
			"over and listed under `skipped`. Counts are of figures; each organization whose series changed gets its " +
			"next revision and one audit row. The body is read as CSV whatever its Content-Type." + fileLocations,
		Tags: []string{"organizations"},
		// A raw body gets no limit from huma, and the middleware's would be a
		// 500 here; with the same limit set, huma answers 413.
		MaxBodyBytes: MaxBodyBytes,
		Errors:       importErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *populationInput) (*importOutput, error) {
		f, err := ssb.Parse(in.RawBody)
		if err != nil {
			return nil, err
		}
		r, err := s.ImportPopulation(ctx, f, in.SkipInvalid)
		if err != nil {
			return nil, err
		}
		return importResult(r), nil
	}))

	type entitiesInput struct {
		SkipInvalid bool   `query:"skipInvalid" doc:"Load the valid units and list the others under skipped, instead of refusing the file."`
		RawBody     []byte `contentType:"text/csv"`
	}
	huma.Register(api, huma.Operation{
		OperationID: "import-entities",
		Method:      http.MethodPost,
		Path:        "/v1/imports/entities",
		Summary:     "Import organizations from Enhetsregisteret",
		Description: "The body is a CSV or JSON download of units from Enhetsregisteret: CSV with the columns " +
			"organisasjonsnummer, navn and organisasjonsform.kode (others are ignored), separated by ',' or ';'; or " +
			"JSON — a list of units, a page of the search API (`_embedded.enheter`) or one unit. JSON is recognized " +
			"by its first character ('[' or '{'), whatever the Content-Type; gzip-compressed bodies are read too. " +
			"Units are matched by organisation number (MOD11-checked): one the register lacks is created with " +
			"Enhetsregisteret's name; one whose kind (from the form code: KOMM → kommune, IKS → iks, …; codes " +
			"without a kind → other) or name differs is updated, with its next revision and an audit row; the rest " +
			"are unchanged. Municipalities and counties keep the names the reference data gave them. A compressed " +
			"body may expand to at most 64 MiB." + fileLocations,
		Tags: []string{"organizations"},
		// A raw body gets no limit from huma, and the middleware's would be a
		// 500 here; with the same limit set, huma answers 413.
		MaxBodyBytes: MaxBodyBytes,
		Errors:       importErrors,
	}, storeOp(deps, func(ctx context.Context, s Storage, in *entitiesInput) (*importOutput, error) {
		f, err := enhetsregisteret.ParseLimit(in.RawBody, maxExpandedBody)
		if err != nil {
			return nil, err
		}
		r, err := s.ImportEntities(ctx, f, in.SkipInvalid)
		if err != nil {
			return nil, err
		}
		return importResult(r), nil
	}))
	// Documented after registering, so that huma does not decode the body
	// as JSON itself (a request body with a JSON schema makes it do so).
	anyMedia(api, "/v1/imports/population", "*/*")
	anyMedia(api, "/v1/imports/entities", "application/json")
}

// anyMedia documents that the request body of the POST operation at path
// is read whatever its media type says: also under mediaType.
func anyMedia(api huma.API, path, mediaType string) {
	op := api.OpenAPI().Paths[path].Post
	op.RequestBody.Content[mediaType] = &huma.MediaType{Schema: &huma.Schema{Type: "string", Format: "binary"}}
}
