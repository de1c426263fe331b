package httpapi

import (
	"bytes"
	"context"
	"maps"
	"net/http"
	"reflect"

	"github.com/danielgtaylor/huma/v2"

	"github.com/munireg/munireg/internal/archive"
)

// Archive is what the archive operations need from storage: the whole
// register as one document (package archive), out and in.
type Archive interface {
	// ExportRegister reads the whole register from one snapshot.
	ExportRegister(ctx context.Context) (archive.Register, error)
	// ImportRegister loads a document into an empty register, all of it or
	// nothing, as the actor in ctx (an admin).
	ImportRegister(ctx context.Context, doc archive.Register) (archive.Counts, error)
}

// ImportedBody counts the records an import loaded.
type ImportedBody struct {
	Organizations int `json:"organizations" doc:"Organizations, with their kommunenummer history and population."`
	Successions   int `json:"successions"`
	Agreements    int `json:"agreements" doc:"Agreements, with their versions, participants, seats, keys and tariffs."`
	Budgets       int `json:"budgets"`
	Positions     int `json:"positions"`
	OwnerLists    int `json:"ownerLists"`
	Flows         int `json:"flows"`
	Balances      int `json:"balances"`
	Forums        int `json:"forums"`
}

type importedOutput struct{ Body ImportedBody }

type exportOutput struct {
	ContentDisposition string `header:"Content-Disposition" doc:"Names the file a browser saves: munireg-register.json."`
	Body               func(huma.Context)
}

// importInput takes the document as raw bytes, decoded by package archive
// as the command line decodes it. (Declared as JSON, huma would also
// validate it, against the raw body's schema; see registerArchive.)
type importInput struct {
	RawBody []byte
}

// archiveDescription is what both operations say about the document.
const archiveDescription = "The document is `{\"format\": \"munireg-register\", \"version\": 1, ...}` with every " +
	"organization (kommunenummer history, population, validity), succession, agreement (versions, participants with " +
	"shares, contributions and seats, host, purpose, key, tariff), budget as issued, position, owner list, flow, " +
	"balance and forum, each with its ID and revision, so that references and ETags survive. Deterministic: every " +
	"list in a stable order, decimals as strings with their stored scale, dates YYYY-MM-DD, the issue time of a " +
	"budget RFC 3339 in UTC. API tokens (kept only as hashes) and the audit log are not part of it."

func registerArchive(api huma.API, deps Deps) {
	schema := archiveSchema(api.OpenAPI().Components.Schemas)

	huma.Register(api, huma.Operation{
		OperationID: "export-register",
		Method:      http.MethodGet,
		Path:        "/v1/export",
		Summary:     "Export the whole register",
		Description: "The whole register as one JSON document, read from one snapshot, for `munireg import register` " +
			"or POST /v1/import into another (empty) register; exporting, importing and exporting again gives the " +
			"same bytes. " + archiveDescription,
		Tags:   []string{"archive"},
		Errors: []int{http.StatusServiceUnavailable},
		Responses: map[string]*huma.Response{"200": {
			Description: "The register document.",
			Content:     map[string]*huma.MediaType{"application/json": {Schema: schema}},
		}},
	}, storeOp(deps, func(ctx context.Context, s Storage, _ *struct{}) (*exportOutput, error) {
		doc, err := s.ExportRegister(ctx)
		if err != nil {
			return nil, err
		}
		// Encoded before the status is sent, so that a failure is still a
		// problem answer.
		var buf bytes.Buffer
		if err := archive.Encode(&buf, doc); err != nil {
			return nil, err
		}
		return &exportOutput{ContentDisposition: `attachment; filename="munireg-register.json"`, Body: func(hc huma.Context) {
			hc.SetHeader("Content-Type", "application/json")
			hc.SetStatus(http.StatusOK)
			_, _ = hc.BodyWriter().Write(buf.Bytes())
		}}, nil
	}))

	huma.Register(api, huma.Operation{
		OperationID: "import-register",
		Method:      http.MethodPost,
		Path:        "/v1/import",
		Summary:     "Import a whole register",
		Description: "Loads a document as GET /v1/export writes it into this register, which must be empty " +
			"(409 otherwise; the register's tokens do not count). Everything is checked first, as the " +
			"single-record operations check it, and every reference must resolve inside the document; " +
			"violations are a 422 naming each record by its place in the document (`flows[12].owner`). " +
			"The load is all or nothing, and the audit log records one change per record, by this token. " +
			"Request bodies are limited to 1 MiB: import a larger register with the command line, " +
			"`munireg import register FILE`. " + archiveDescription,
		Tags: []string{"archive"},
		// huma sets no limit of its own for a raw body, and the middleware's
		// would be a 500 here; with the same limit set, huma answers 413.
		MaxBodyBytes: MaxBodyBytes,
		Errors: []int{http.StatusUnauthorized, http.StatusForbidden, http.StatusConflict,
			http.StatusRequestEntityTooLarge, http.StatusUnprocessableEntity, http.StatusServiceUnavailable},
	}, storeOp(deps, func(ctx context.Context, s Storage, in *importInput) (*importedOutput, error) {
		doc, err := archive.Decode(bytes.NewReader(in.RawBody))
		if err != nil {
			return nil, err
		}
		c, err := s.ImportRegister(ctx, doc)
		if err != nil {
			return nil, err
		}
		return &importedOutput{Body: ImportedBody(c)}, nil
	}))
	if item := api.OpenAPI().Paths["/v1/import"]; item != nil && item.Post != nil {
		item.Post.RequestBody.Required = true
		item.Post.RequestBody.Description = "A register document (see GET /v1/export), at most 1 MiB."
		item.Post.RequestBody.Content = map[string]*huma.MediaType{"application/json": {Schema: schema}}
	}
}

// archiveSchema adds the schemas of the register document to the API's
// registry r, named "Archive…" so that they cannot clash with the API's own
// types, and returns the document's (a reference). The document's dates
// and decimals are described as the API's are.
func archiveSchema(r huma.Registry) *huma.Schema {
	own := huma.NewMapRegistry("#/components/schemas/", func(t reflect.Type, hint string) string {
		return "Archive" + huma.DefaultSchemaNamer(t, hint)
	})
	own.RegisterTypeAlias(reflect.TypeFor[archive.Date](), reflect.TypeFor[Date]())
	own.RegisterTypeAlias(reflect.TypeFor[archive.Decimal](), reflect.TypeFor[Decimal]())
	s := own.Schema(reflect.TypeFor[archive.Register](), true, "Register")
	maps.Copy(r.Map(), own.Map())
	return s
}
