package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// contract is the API's contract: an OpenAPI 3.1 document, a router over
// its operations and the schema of its problem documents.
//
// kin-openapi validates values against a 3.1 document's schemas with a
// JSON Schema 2020-12 validator that it compiles, meta-schema check
// included, on every call and then drops; for a schema with a component
// $ref and no 2020-only keyword it even falls back to its built-in
// validator after compiling. That doubled the time of the suite. So
// kin-openapi is handed the routes of builtin, a copy of the document
// labelled 3.0, for which it uses the built-in validator (which knows 3.1's
// type arrays) from the start; loadContract refuses a document with a
// keyword only the 2020-12 validator checks, so that none is waved through.
type contract struct {
	router  routers.Router
	builtin *openapi3.T
	problem *openapi3.Schema
}

// servedContract is the contract as served at /openapi.json, loaded once
// per test binary.
var servedContract = sync.OnceValues(func() (*contract, error) {
	rec := httptest.NewRecorder()
	New(Deps{Logger: slog.New(slog.DiscardHandler)}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.json", nil))
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("GET /openapi.json = %d", rec.Code)
	}
	return loadContract(rec.Body.Bytes())
})

// loadContract loads an OpenAPI 3.1 document.
func loadContract(spec []byte) (*contract, error) {
	doc, err := openapi3.NewLoader().LoadFromData(spec)
	if err != nil {
		return nil, fmt.Errorf("loading the spec: %w", err)
	}
	if !doc.IsOpenAPI31OrLater() {
		return nil, fmt.Errorf("the spec is OpenAPI %s, want 3.1", doc.OpenAPI)
	}
	// The legacy router validates the document and needs no module beyond
	// kin-openapi (gorillamux would add gorilla/mux); route makes it match
	// as ServeMux does.
	router, err := legacy.NewRouter(doc)
	if err != nil {
		return nil, err
	}
	if err := builtinCheckable(doc); err != nil {
		return nil, err
	}
	problem := doc.Components.Schemas["ErrorModel"]
	if problem == nil || problem.Value == nil {
		return nil, errors.New("the spec has no ErrorModel schema")
	}
	builtin := *doc
	builtin.OpenAPI = "3.0.3"
	return &contract{router: router, builtin: &builtin, problem: problem.Value}, nil
}

// builtinCheckable names the first schema of doc with a keyword that
// kin-openapi's built-in validator passes over: one that only its JSON
// Schema 2020-12 validator knows, or nullable, which 3.1 dropped and the
// built-in validator honours.
func builtinCheckable(doc *openapi3.T) error {
	return doc.WalkSchemas(func(pointer string, ref *openapi3.SchemaRef) error {
		s := ref.Value
		if s.Const != nil || len(s.PrefixItems) > 0 || s.Contains != nil || s.MinContains != nil || s.MaxContains != nil ||
			len(s.PatternProperties) > 0 || len(s.DependentSchemas) > 0 || s.PropertyNames != nil ||
			s.UnevaluatedItems.Has != nil || s.UnevaluatedItems.Schema != nil ||
			s.UnevaluatedProperties.Has != nil || s.UnevaluatedProperties.Schema != nil ||
			s.If != nil || s.Then != nil || s.Else != nil || len(s.DependentRequired) > 0 || len(s.Defs) > 0 ||
			s.DynamicRef != "" || s.ContentSchema != nil || s.Always != nil || s.Nullable {
			return fmt.Errorf("the schema at %s has a keyword the contract test does not check: validate with kin-openapi's JSON Schema 2020-12 validator again", pointer)
		}
		return nil
	})
}

// undocumented are the paths served outside the contract: the contract
// itself and its docs page.
var undocumented = map[string]bool{"/openapi.json": true, "/openapi.yaml": true, "/docs": true}

// contractOptions are the validator's options: every response status must
// be documented; security is checked by bearerPresent; schema errors say
// where and why without the schema and the value (kin-openapi would
// otherwise format both, indented, for every error and every cause: a
// deeply nested hostile body took minutes).
var contractOptions = func() *openapi3filter.Options {
	o := &openapi3filter.Options{
		IncludeResponseStatus: true,
		SkipSettingDefaults:   true,
		AuthenticationFunc:    bearerPresent,
		// kin-openapi checks the formats date and date-time; the spec's
		// IDs are UUIDs.
		SchemaValidationOptions: []openapi3.SchemaValidationOption{
			openapi3.WithStringFormatValidator("uuid", openapi3.NewRegexpFormatValidator(openapi3.FormatOfStringForUUIDOfRFC9562)),
		},
	}
	o.WithCustomSchemaErrorFunc(func(err *openapi3.SchemaError) string {
		reason := err.Reason
		if reason == "" {
			reason = "doesn't match " + err.SchemaField
		}
		if p := err.JSONPointer(); len(p) > 0 && !strings.HasPrefix(reason, "error at") {
			reason = "/" + strings.Join(p, "/") + ": " + reason
		}
		return reason
	})
	return o
}()

// bearerPresent checks a security requirement only as far as a contract
// can: an operation that needs a bearer token gets an Authorization:
// Bearer header. Whether the token is good is the server's business.
// Schemes other than HTTP bearer fail, so that they are not waved through
// unchecked.
func bearerPresent(_ context.Context, in *openapi3filter.AuthenticationInput) error {
	s := in.SecurityScheme
	if s == nil || s.Type != "http" || !strings.EqualFold(s.Scheme, "bearer") {
		return fmt.Errorf("security scheme %q is not an HTTP bearer scheme: the contract test cannot check it", in.SecuritySchemeName)
	}
	scheme, token, _ := strings.Cut(in.RequestValidationInput.Request.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(token) == "" {
		return errors.New("no Authorization: Bearer header")
	}
	return nil
}

// validated wraps h so that every request and its response are checked
// against the served OpenAPI document, errors reported to t:
//
//   - a request that validates gets a documented status and a body that
//     matches the schema of its content type (CSV: a documented content
//     type);
//   - a request that does not validate gets a 4xx that is documented,
//     with a body that matches (the problem document);
//   - a request for a path or method the document does not have gets a
//     404 or 405 problem document.
//
// The contract's own paths (/openapi.json, /openapi.yaml, /docs) pass
// unchecked.
func validated(t testing.TB, h http.Handler) http.Handler {
	t.Helper()
	c, err := servedContract()
	require.NoError(t, err, "the served contract")
	return c.validated(t, h)
}

// validated is the function validated, against c rather than the served
// contract.
func (c *contract) validated(t testing.TB, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body []byte
		if r.Body != nil {
			var err error
			if body, err = io.ReadAll(r.Body); err != nil {
				t.Errorf("contract: %s %s: reading the request body: %v", r.Method, r.URL.Path, err)
			}
		}
		req := r.Clone(r.Context())
		req.Body = io.NopCloser(bytes.NewReader(body))
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if !undocumented[r.URL.Path] {
			c.check(t, req, rec)
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}

// check holds req and its answer rec to the contract.
func (c *contract) check(t testing.TB, req *http.Request, rec *httptest.ResponseRecorder) {
	t.Helper()
	status := rec.Code
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("contract: %s %s = %d: %s", req.Method, req.URL.RequestURI(), status, fmt.Sprintf(format, args...))
	}
	route, params, err := c.route(req)
	if err != nil {
		if status != http.StatusNotFound && status != http.StatusMethodNotAllowed {
			fail("not in the spec (%s), want 404 or 405", short(err))
			return
		}
		if err := c.isProblem(rec); err != nil {
			fail("%s", short(err))
		}
		return
	}
	builtin := *route
	builtin.Spec = c.builtin
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: &builtin, Options: contractOptions}
	reqErr := openapi3filter.ValidateRequest(req.Context(), in)
	if reqErr != nil && (status < 400 || status >= 500) {
		fail("invalid request not answered 4xx: %s", short(reqErr))
		return
	}
	res := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 status,
		Header:                 rec.Header(),
		Body:                   io.NopCloser(bytes.NewReader(rec.Body.Bytes())),
		Options:                contractOptions,
	}
	if err := openapi3filter.ValidateResponse(req.Context(), res); err != nil {
		fail("response: %s", short(err))
		return
	}
	// The validator passes any body where the response documents no
	// content (a 204, say).
	if r := route.Operation.Responses.Status(status); r != nil && r.Value != nil && len(r.Value.Content) == 0 && rec.Body.Len() > 0 {
		fail("response: a body where none is documented")
	}
}

// route finds the operation of req as ServeMux does: on the escaped path,
// so that an ID with an escaped slash in it stays one segment (the router
// matches on the decoded path), with the path parameters decoded, and
// segment for segment (the router takes PATCH /v1/flows for PATCH
// /v1/flows/{id} when /v1/flows has no PATCH).
func (c *contract) route(req *http.Request) (*routers.Route, map[string]string, error) {
	escaped := *req.URL
	escaped.Path, escaped.RawPath = req.URL.EscapedPath(), ""
	r := *req
	r.URL = &escaped
	route, params, err := c.router.FindRoute(&r)
	if err == nil && strings.Count(route.Path, "/") != strings.Count(escaped.Path, "/") {
		return nil, nil, routers.ErrPathNotFound
	}
	for k, v := range params {
		if p, err := url.PathUnescape(v); err == nil {
			params[k] = p
		}
	}
	return route, params, err
}

// isProblem checks that rec is an RFC 9457 problem document as the spec
// describes it.
func (c *contract) isProblem(rec *httptest.ResponseRecorder) error {
	if ct := rec.Header().Get("Content-Type"); ct != "application/problem+json" {
		return fmt.Errorf("content type %q, want application/problem+json", ct)
	}
	var v any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		return fmt.Errorf("problem document: %w", err)
	}
	return c.problem.VisitJSON(v, openapi3.EnableJSONSchema2020())
}

// jsonschemaPreamble is how the JSON Schema 2020-12 validator's errors
// begin, before the causes, one per line.
var jsonschemaPreamble = regexp.MustCompile(`jsonschema validation failed with '[^']*'\n(- )?`)

// short is the gist of a validator's error, on one line cut to a length
// that fits a test log.
func short(err error) string {
	s := jsonschemaPreamble.ReplaceAllString(err.Error(), "")
	s = strings.ReplaceAll(s, "\n", "; ")
	if len(s) > 300 {
		s = strings.ToValidUTF8(s[:300], "") + "…"
	}
	return s
}

// recordingTB records the errors reported to it instead of failing the
// test.
type recordingTB struct {
	testing.TB
	errors []string
}

func (r *recordingTB) Helper() {}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

// TestValidatedReportsViolations: the contract check fails when it should,
// and only then.
func TestValidatedReportsViolations(t *testing.T) {
	answer := func(status int, contentType, body string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = io.Copy(io.Discard, r.Body)
			if contentType != "" {
				w.Header().Set("Content-Type", contentType)
			}
			w.WriteHeader(status)
			_, _ = io.WriteString(w, body)
		})
	}
	ready := func(id string) string {
		return `{"status": "ok", "instance": {"id": "` + id + `", "created_at": "2024-01-01T00:00:00Z", "schema": "1"}}`
	}
	const problem = `{"title": "Not Found", "status": 404, "detail": "No such record."}`
	for _, tc := range []struct {
		name               string
		h                  http.Handler
		method, path, body string
		header             []string
		want               string // in the report; "" for none
	}{
		{"the real handler", New(Deps{Build: "test"}), http.MethodGet, "/healthz", "", nil, ""},
		{"a wrong-typed field", answer(200, "application/json", `{"status": "ok", "build": 12}`),
			http.MethodGet, "/healthz", "", nil, "response"},
		{"a field the schema lacks", answer(200, "application/json", `{"status": "ok", "build": "x", "uptime": 1}`),
			http.MethodGet, "/healthz", "", nil, "response"},
		{"an undocumented status", answer(http.StatusTeapot, "application/problem+json", problem),
			http.MethodGet, "/v1/flows/" + missingID, "", nil, "status is not supported"},
		{"a ready answer", answer(200, "application/json", ready("0b7c6f2e-8a9d-4c1e-9f3a-2d5b6c7e8f90")),
			http.MethodGet, "/readyz", "", nil, ""},
		{"an ID that is not a UUID", answer(200, "application/json", ready("register-1")),
			http.MethodGet, "/readyz", "", nil, "uuid"},
		{"CSV where it is documented", answer(200, csvContentType, "name\nVolda kommune\n"),
			http.MethodGet, "/v1/organizations", "", nil, ""},
		{"an undocumented content type", answer(200, "text/plain", "ok"),
			http.MethodGet, "/healthz", "", nil, "Content-Type"},
		{"CSV where only JSON is documented", answer(200, csvContentType, "status\nok\n"),
			http.MethodGet, "/healthz", "", nil, "Content-Type"},
		{"a body on a 204", answer(http.StatusNoContent, "application/json", `{}`),
			http.MethodDelete, "/v1/flows/" + missingID, "", []string{"If-Match", `"1"`}, "none is documented"},
		{"an invalid request answered 201", answer(http.StatusCreated, "application/json", `{}`),
			http.MethodPost, "/v1/organizations", `{"name": 12}`, nil, "invalid request not answered 4xx"},
		{"an invalid request answered 500", answer(500, "application/problem+json", `{"status": 500}`),
			http.MethodPost, "/v1/organizations", `{"name": 12}`, nil, "invalid request not answered 4xx"},
		{"an invalid request answered a 422 problem", answer(422, "application/problem+json", `{"title": "x", "status": 422}`),
			http.MethodPost, "/v1/organizations", `{"name": 12}`, nil, ""},
		{"a problem that is not one", answer(404, "application/problem+json", `{"status": "404"}`),
			http.MethodGet, "/v1/flows/" + missingID, "", nil, "response"},
		{"an unknown path answered 200", answer(200, "application/json", `{}`),
			http.MethodGet, "/v1/nothing", "", nil, "not in the spec"},
		{"an unknown path answered plain text", answer(404, "text/plain", "404 page not found"),
			http.MethodGet, "/v1/nothing", "", nil, "application/problem+json"},
		{"an unknown path answered a problem", answer(404, "application/problem+json", problem),
			http.MethodGet, "/v1/nothing", "", nil, ""},
		{"a method of the path's records answered 405", answer(405, "application/problem+json", `{"title": "Method Not Allowed", "status": 405}`),
			http.MethodPatch, "/v1/flows", `{}`, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rt := &recordingTB{TB: t}
			req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(tc.body))
			req.Header.Set("Authorization", "Bearer test") // see TestValidatedChecksBearer
			if tc.body != "" {
				req.Header.Set("Content-Type", "application/json")
			}
			for i := 0; i+1 < len(tc.header); i += 2 {
				req.Header.Set(tc.header[i], tc.header[i+1])
			}
			validated(rt, tc.h).ServeHTTP(httptest.NewRecorder(), req)
			if tc.want == "" {
				assert.Empty(t, rt.errors)
				return
			}
			require.Len(t, rt.errors, 1, "validated(%s %s) reported %v", tc.method, tc.path, rt.errors)
			assert.Contains(t, rt.errors[0], tc.want)
		})
	}
}

// TestValidatedChecksBearer: an operation that requires the bearer scheme
// needs an Authorization: Bearer header (a request without one must be
// answered 4xx), and a public one does not.
func TestValidatedChecksBearer(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/healthz" {
			_, _ = io.WriteString(w, `{"status": "ok", "build": "test"}`)
			return
		}
		_, _ = io.WriteString(w, `{"items": [], "total": 0}`)
	})
	for _, tc := range []struct {
		path, authorization string
		reported            bool
	}{
		{"/healthz", "", false},
		{"/v1/forums", "Bearer abc", false},
		{"/v1/forums", "bearer abc", false},
		{"/v1/forums", "", true},
		{"/v1/forums", "Bearer ", true},
		{"/v1/forums", "Basic abc", true},
	} {
		rt := &recordingTB{TB: t}
		req := httptest.NewRequest(http.MethodGet, tc.path, nil)
		if tc.authorization != "" {
			req.Header.Set("Authorization", tc.authorization)
		}
		validated(rt, ok).ServeHTTP(httptest.NewRecorder(), req)
		if !tc.reported {
			assert.Empty(t, rt.errors, "GET %s with %q", tc.path, tc.authorization)
			continue
		}
		if assert.Len(t, rt.errors, 1, "GET %s with %q", tc.path, tc.authorization) {
			assert.Contains(t, rt.errors[0], "Authorization: Bearer")
		}
	}
}

// TestLoadContractRefusesUncheckedKeywords: the contract test validates
// with kin-openapi's built-in validator, so a spec that starts using a
// keyword only the JSON Schema 2020-12 validator checks must stop it.
func TestLoadContractRefusesUncheckedKeywords(t *testing.T) {
	var spec map[string]any
	require.NoError(t, json.Unmarshal(specJSON(t), &spec))
	health := spec["components"].(map[string]any)["schemas"].(map[string]any)["HealthBody"].(map[string]any)
	health["properties"].(map[string]any)["status"].(map[string]any)["const"] = "ok"
	b, err := json.Marshal(spec)
	require.NoError(t, err)
	_, err = loadContract(b)
	assert.ErrorContains(t, err, "/components/schemas/HealthBody/properties/status")
}
