// Package httpapi is munireg's HTTP API: huma v2 operations on net/http's
// ServeMux, described by an OpenAPI 3.1 document served at /openapi.json and
// /openapi.yaml, with a documentation page at /docs that works offline.
//
// The package holds wire types, validation, error mapping and middleware —
// no SQL and no money math. It declares the small interfaces it consumes
// (Storage); the PostgreSQL store satisfies them, and cmd/munireg wires the
// two together. Register adds every operation to a huma.API; New builds the
// whole http.Handler, and main and the tests both use it.
//
// Errors are RFC 9457 problem documents (application/problem+json). Domain
// errors become HTTP statuses in one function, problem; an unexpected error
// is logged with the request's ID and answered with a 500 that says only
// "internal error" and that ID. Every response carries an X-Request-ID
// header.
//
// Wire conventions: decimals are JSON strings with a pattern (Decimal;
// a JSON number is a 422), money leaves with at least two decimals (Money),
// dates are "YYYY-MM-DD". Lists answer {"items": [...], "total": n} with []
// for none and the next page in an RFC 8288 Link header (rel="next"). GET and
// write answers carry ETag: "<revision>"; updates require If-Match (428
// without it, 412 when stale). Every request but the probes', the
// document's and the docs page's acts as the API token it carries
// (authenticate, with the access rule of policy). Failed authentications
// are limited per client address (a 429 with Retry-After past the limit,
// without a token look-up); see guesses.go and Deps.AuthFailures.
//
// Reads that answer every caller alike are kept, whole, and served again
// while the storage's generation (Changes) says the register is unchanged;
// see cache.go and Deps.CacheBytes. What is kept is served only after
// authentication and the role check.
//
// Public, unauthenticated endpoints: /healthz (the process is up), /readyz
// (the database answers), the OpenAPI document and /docs.
package httpapi
