package httpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/localpg"
	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

func TestMain(m *testing.M) {
	// Handlers built without a logger log to the default one: keep the
	// access log of hundreds of test requests out of the test output.
	slog.SetDefault(slog.New(slog.DiscardHandler))
	pgtest.Main(m)
}

// get performs a GET and decodes a JSON body, if any, into a map.
func get(t *testing.T, h http.Handler, path string, header ...string) (*http.Response, map[string]any) {
	t.Helper()
	return call(t, h, http.MethodGet, path, "", header...)
}

func assertProblem(t testing.TB, res *http.Response, body map[string]any, status int) {
	t.Helper()
	assert.Equal(t, status, res.StatusCode)
	assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
	assert.EqualValues(t, status, body["status"], "problem status")
	assert.NotEmpty(t, body["title"], "problem title")
}

func TestHealthz(t *testing.T) {
	res, body := get(t, validated(t, New(Deps{Build: "test-build"})), "/healthz")
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "ok", body["status"])
	assert.Equal(t, "test-build", body["build"])
	assert.NotEmpty(t, res.Header.Get(RequestIDHeader))
}

func TestReadyzWithDatabase(t *testing.T) {
	s := pgtest.Store(t)
	inst, err := s.Instance(context.Background())
	require.NoError(t, err)

	res, body := get(t, validated(t, New(Deps{Storage: s})), "/readyz")
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	got := body["instance"].(map[string]any)
	assert.Equal(t, inst.ID, got["id"])
	assert.Equal(t, inst.Schema, got["schema"])
}

// TestReadyzWithoutDatabase stops a real server under a live store: the
// probe must answer 503 problem+json quickly, with Retry-After.
func TestReadyzWithoutDatabase(t *testing.T) {
	if _, err := localpg.FindBinaries(os.Getenv(pgtest.EnvBinDir)); err != nil {
		pgtest.SkipOrFail(t, err)
	}
	ctx := context.Background()
	c, err := localpg.StartTemp(ctx, localpg.Options{BinDir: os.Getenv(pgtest.EnvBinDir)})
	require.NoError(t, err)
	defer c.Stop(ctx)
	s, err := pgstore.Open(ctx, c.URL("postgres"))
	require.NoError(t, err)
	defer s.Close()
	_, err = s.Migrate(ctx)
	require.NoError(t, err)
	var logs bytes.Buffer
	h := validated(t, New(Deps{Storage: s, Logger: slog.New(slog.NewTextHandler(&logs, nil))}))

	res, _ := get(t, h, "/readyz")
	require.Equal(t, http.StatusOK, res.StatusCode)

	require.NoError(t, c.Stop(ctx))
	start := time.Now()
	res, body := get(t, h, "/readyz")
	assertProblem(t, res, body, http.StatusServiceUnavailable)
	assert.Equal(t, retryAfterSeconds, res.Header.Get("Retry-After"))
	assert.Less(t, time.Since(start), readyTimeout+time.Second, "/readyz took too long with the database down")
	assert.NotContains(t, body["detail"], "postgres", "the problem leaks internals")
}

func TestReadyzWithoutStorageIs503(t *testing.T) {
	res, body := get(t, validated(t, New(Deps{Logger: slog.New(slog.DiscardHandler)})), "/readyz")
	assertProblem(t, res, body, http.StatusServiceUnavailable)
}

func TestUnknownPathAndMethodAreProblems(t *testing.T) {
	h := validated(t, New(Deps{}))
	res, body := get(t, h, "/v1/nothing-here")
	assertProblem(t, res, body, http.StatusNotFound)

	req := httptest.NewRequest(http.MethodDelete, "/healthz", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var p map[string]any
	require.NoError(t, json.NewDecoder(rec.Body).Decode(&p))
	assertProblem(t, rec.Result(), p, http.StatusMethodNotAllowed)
	assert.Contains(t, rec.Header().Get("Allow"), "GET")
}

// TestUncleanPathsAre404: a path not in its canonical form is no resource
// of the API. It was answered 307: with a problem saying so and no
// Location when the cleaned path was none either, or redirected (a POST
// with its body) when it was.
func TestUncleanPathsAre404(t *testing.T) {
	h := validated(t, New(Deps{}))
	for _, path := range []string{"/v1/organizations/../../etc/passwd", "/healthz/..", "/healthz/./", "/v1//forums",
		"/./healthz", "/v1/forums/x/../../forums", "/healthz/"} {
		for _, method := range []string{http.MethodGet, http.MethodPost} {
			req := httptest.NewRequest(method, path, nil)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			var p map[string]any
			require.NoError(t, json.NewDecoder(rec.Body).Decode(&p), "%s %s", method, path)
			assertProblem(t, rec.Result(), p, http.StatusNotFound)
			assert.Empty(t, rec.Header().Get("Location"), "%s %s", method, path)
		}
	}
}

func TestRequestIDIsEchoedOnlyWhenSafe(t *testing.T) {
	h := validated(t, New(Deps{}))
	res, _ := get(t, h, "/healthz", RequestIDHeader, "abc-123")
	assert.Equal(t, "abc-123", res.Header.Get(RequestIDHeader))
	res, _ = get(t, h, "/healthz", RequestIDHeader, "evil\" id=forged")
	got := res.Header.Get(RequestIDHeader)
	assert.NotContains(t, got, "evil")
	assert.Regexp(t, `^[0-9a-f]{24}$`, got)
}

// TestPanicIsA500WithOnlyTheRequestID: the body says nothing but the ID;
// the log has the cause.
func TestPanicIsA500WithOnlyTheRequestID(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /boom", func(http.ResponseWriter, *http.Request) { panic("secret cause") })
	var logs bytes.Buffer
	h := middleware(mux, slog.New(slog.NewTextHandler(&logs, nil)))
	res, body := get(t, h, "/boom")
	assertProblem(t, res, body, http.StatusInternalServerError)
	id := res.Header.Get(RequestIDHeader)
	assert.Contains(t, body["detail"], id)
	assert.NotContains(t, body["detail"], "secret")
	assert.Contains(t, logs.String(), "secret cause")
	assert.Contains(t, logs.String(), id)
}

func TestOversizedBodyIsRejected(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /echo", func(w http.ResponseWriter, r *http.Request) {
		if _, err := io.ReadAll(r.Body); err != nil {
			writeProblem(w, http.StatusRequestEntityTooLarge, "too large")
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
	h := middleware(mux, slog.New(slog.DiscardHandler))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/echo", bytes.NewReader(make([]byte, MaxBodyBytes+1))))
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, "/echo", bytes.NewReader(make([]byte, MaxBodyBytes))))
	assert.Equal(t, http.StatusNoContent, rec.Code)
}

func TestDocsPageIsSelfContained(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "/docs", nil)
	rec := httptest.NewRecorder()
	validated(t, New(Deps{})).ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Contains(t, rec.Header().Get("Content-Type"), "text/html")
	page := rec.Body.String()
	for _, op := range []string{"get-health", "get-readiness"} {
		assert.Contains(t, page, op)
	}
	assert.NotContains(t, page, "<script")
	assert.NotRegexp(t, `(src|href)="https?://`, page, "the docs page loads something from the network")
}

// TestDuplicatesAre409OnlyAlone: a duplicate alone is a 409; among other
// violations the answer is the 422 that lists them all.
func TestDuplicatesAre409OnlyAlone(t *testing.T) {
	status := func(err error) int {
		var se huma.StatusError
		require.ErrorAs(t, problem(context.Background(), Deps{}, err), &se)
		return se.GetStatus()
	}
	dup := munireg.ValidationError{Field: "orgNumber", Err: munireg.ErrExists}
	assert.Equal(t, http.StatusConflict, status(munireg.ValidationErrors{dup}))
	assert.Equal(t, http.StatusConflict, status(munireg.ErrExists))
	assert.Equal(t, http.StatusUnprocessableEntity,
		status(munireg.ValidationErrors{dup, {Field: "name", Err: munireg.ErrRequired}}))
}
