package httpapi

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/munireg/munireg"
)

// APIVersion is the version of the API contract in the OpenAPI document. It
// changes with the contract, not with every build.
const APIVersion = "0.1.0"

// MaxBodyBytes is the largest request body accepted.
const MaxBodyBytes = 1 << 20

// Storage is what the API needs from the register's storage.
type Storage interface {
	// Ping checks that the database answers.
	Ping(ctx context.Context) error
	// Instance identifies the register.
	Instance(ctx context.Context) (munireg.Instance, error)
}

// Deps are the API's collaborators.
type Deps struct {
	// Storage is the register's storage; nil only to describe the API.
	Storage Storage
	// Build is the build's version, reported by /healthz.
	Build string
	// Logger receives access and error logs; nil means slog.Default().
	Logger *slog.Logger
}

func (d Deps) logger() *slog.Logger {
	if d.Logger == nil {
		return slog.Default()
	}
	return d.Logger
}

// Config is the huma configuration of the munireg API: OpenAPI 3.1 at
// /openapi.{json,yaml}, no CDN-backed docs page (New serves an offline one),
// and no $schema links in bodies.
func Config() huma.Config {
	c := huma.DefaultConfig("munireg", APIVersion)
	c.Info.Description = "Register of inter-municipal cooperation and municipal ownership: " +
		"agreements, cost-sharing keys, allocations, positions, money flows and the summaries owner forums need."
	c.DocsPath = ""
	c.CreateHooks = nil
	return c
}

// New returns munireg's HTTP handler: every operation, the OpenAPI document,
// the docs page, and the middleware (request IDs, access log, panic
// recovery, body size limit).
func New(deps Deps) http.Handler {
	mux := http.NewServeMux()
	api := humago.New(mux, Config())
	Register(api, deps)
	mux.Handle("GET /docs", docsHandler(api.OpenAPI()))
	return middleware(mux, deps.logger())
}

// Register adds every operation of the API to api.
func Register(api huma.API, deps Deps) {
	registerHealth(api, deps)
}

// Document returns the OpenAPI document of the API, as served at
// /openapi.json.
func Document() *huma.OpenAPI {
	api := humago.New(http.NewServeMux(), Config())
	Register(api, Deps{})
	return api.OpenAPI()
}
