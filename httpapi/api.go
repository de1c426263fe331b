package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

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
	Changes
	Organizations
	Ownership
	Summaries
	Agreements
	Budgets
	Forums
	Reports
	Audit
	Distributions
	Tokens
	Imports
	Archive
	BODS
}

// Deps are the API's collaborators.
type Deps struct {
	// Storage is the register's storage; nil only to describe the API.
	Storage Storage
	// Build is the build's version, reported by /healthz.
	Build string
	// Logger receives access and error logs; nil means slog.Default().
	Logger *slog.Logger
	// CacheBytes bounds the answers of reads kept to be served again while
	// the register is unchanged (see cache.go): 0 means DefaultCacheBytes,
	// a negative number keeps none.
	CacheBytes int64
	// AuthFailures is how many failed authentications (an unknown or a
	// revoked token) one client address may make at once; it regains them
	// at AuthFailures per AuthWindow. Over the limit, its requests with a
	// token that has not authenticated at this server are answered 429
	// without a look-up (see guesses.go). 0 means DefaultAuthFailures; a
	// negative number turns the limit off.
	AuthFailures int
	// AuthWindow is the time in which AuthFailures are forgiven; 0 means
	// DefaultAuthWindow.
	AuthWindow time.Duration
	// AuthAddresses bounds the client addresses whose failures are kept,
	// the least recent forgotten first; 0 means DefaultAuthAddresses.
	AuthAddresses int

	// clock is the time of the limit on failed authentications, for
	// tests; nil means time.Now.
	clock func() time.Time
}

// store returns the storage, or errNoRegister without one.
func (d Deps) store() (Storage, error) {
	if d.Storage == nil {
		return nil, errNoRegister
	}
	return d.Storage, nil
}

func (d Deps) logger() *slog.Logger {
	if d.Logger == nil {
		return slog.Default()
	}
	return d.Logger
}

// Config is the huma configuration of the munireg API: OpenAPI 3.1 at
// /openapi.{json,yaml}, no CDN-backed docs page (New serves an offline one),
// no $schema links in bodies, huma's own body errors documented on every
// operation with a body, no objects echoed in problem details, and property
// names validated as written (see strictCasing).
func Config() huma.Config {
	strictCasing()
	c := huma.DefaultConfig("munireg", APIVersion)
	c.Info.Description = "Register of inter-municipal cooperation and municipal ownership: " +
		"agreements, cost-sharing keys, allocations, positions, money flows and the summaries owner forums need."
	c.Info.Contact = &huma.Contact{Name: "munireg"}
	c.Servers = []*huma.Server{{URL: "/", Description: "The server that serves this document."}}
	c.Tags = []*huma.Tag{
		{Name: "organizations", Description: "Municipalities, counties, companies and bodies: org numbers, kommunenummer history, population per 1.1., successions."},
		{Name: "agreements", Description: "Inter-municipal cooperation (kommuneloven § 17-1): versions, participants, shares, seats, cost-sharing keys and tariffs."},
		{Name: "budgets", Description: "A year's budget allocated by an agreement's key, its a-konto installments and the year-end settlement."},
		{Name: "allocations", Description: "Stateless calculators: split an amount by a key, or price participants by a tariff."},
		{Name: "positions", Description: "Ownership stakes of one organization in another over a period."},
		{Name: "flows", Description: "Money between owner and entity by accounting year: dividends, owner-loan interest and repayment, guarantees, contributions."},
		{Name: "distributions", Description: "Split a declared dividend over an entity's owners, optionally recording the flows."},
		{Name: "ownership", Description: "Look-through ownership over chains and cross-holdings."},
		{Name: "summaries", Description: "What owner forums pull: per owner, per entity, per forum."},
		{Name: "forums", Description: "Named groups of owners (eierforum) and their summaries."},
		{Name: "reports", Description: "The legal reports: the § 26-1 eierskapsmelding data and the § 17-3 cooperation overview."},
		{Name: "audit", Description: "Every change, who made it (the token) and when, with before and after."},
		{Name: "archive", Description: "The whole register as one JSON document: export, and import into an empty register."},
		{Name: "tokens", Description: "API tokens and their roles: admin, editor (scoped to organizations), reader."},
		{Name: "health", Description: "Probes for load balancers and orchestrators; no token needed."},
	}
	c.DocsPath = ""
	c.CreateHooks = nil
	c.OnAddOperation = append(c.OnAddOperation, documentBodyErrors)
	c.Transformers = append(c.Transformers, withoutEchoedObjects)
	return c
}

// strictCasing makes huma validate a body's property names as the schema
// writes them; by default it takes "Purpose" for "purpose", as
// encoding/json does. Then {"purpose": "ok", "Purpose": "<5000 bytes>"} was
// validated by its "purpose" (2000 at most) and decoded by its "Purpose",
// and any limit, enum or format of a property could be got round so. Now
// "Purpose" is a property the schema does not have: a 422. (huma keeps the
// setting in a variable of its own; it is set once, before the first API is
// configured, and never changed back.)
var strictCasing = sync.OnceFunc(func() { huma.ValidateStrictCasing = true })

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

// Register adds every operation of the API to api, behind authentication
// (see policy), and declares their security in its document.
func Register(api huma.API, deps Deps) {
	api.UseMiddleware(authenticate(api, deps, newGuessLimiter(deps)))
	var changes Changes
	if deps.Storage != nil {
		changes = deps.Storage
	}
	if c := newAnswerCache(changes, deps.CacheBytes); c != nil {
		api.UseMiddleware(c.middleware)
	}
	registerHealth(api, deps)
	registerCompute(api, deps)
	registerOrganizations(api, deps)
	registerPositions(api, deps)
	registerFlows(api, deps)
	registerSummaries(api, deps)
	registerAgreements(api, deps)
	registerBudgets(api, deps)
	registerForums(api, deps)
	registerReports(api, deps)
	registerAudit(api, deps)
	registerDistributions(api, deps)
	registerTokens(api, deps)
	registerImports(api, deps)
	registerArchive(api, deps)
	registerBODS(api, deps)
	secure(api.OpenAPI())
}

// Document returns the OpenAPI document of the API, as served at
// /openapi.json.
func Document() *huma.OpenAPI {
	api := humago.New(http.NewServeMux(), Config())
	Register(api, Deps{})
	return api.OpenAPI()
}

// storeOp makes a huma handler of op, an operation on the storage: no
// storage is a 503, and every error op returns goes through problem.
func storeOp[I, O any](deps Deps, op func(ctx context.Context, s Storage, in *I) (*O, error)) func(context.Context, *I) (*O, error) {
	return func(ctx context.Context, in *I) (*O, error) {
		s, err := deps.store()
		if err == nil {
			var out *O
			if out, err = op(ctx, s, in); err == nil {
				return out, nil
			}
		}
		return nil, problem(ctx, deps, err)
	}
}

// revisioned is an input with an If-Match header (IfMatchParam embedded).
type revisioned interface{ revision() (int64, error) }

// storeUpdate is storeOp for an update: it passes op the revision the
// If-Match header names, answering 428 without one. I must embed
// IfMatchParam (checked when the operation is registered).
func storeUpdate[I, O any](deps Deps, op func(ctx context.Context, s Storage, in *I, revision int64) (*O, error)) func(context.Context, *I) (*O, error) {
	if _, ok := any(new(I)).(revisioned); !ok {
		panic(fmt.Sprintf("httpapi: %T has no If-Match parameter", new(I)))
	}
	return storeOp(deps, func(ctx context.Context, s Storage, in *I) (*O, error) {
		rev, err := any(in).(revisioned).revision()
		if err != nil {
			return nil, err
		}
		return op(ctx, s, in, rev)
	})
}
