package httpapi

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// countingStore is the real store, counting the organization reads that
// reach it.
type countingStore struct {
	*pgstore.Store
	reads atomic.Int64
}

func (c *countingStore) FindOrganizationByID(ctx context.Context, id string, asOf time.Time) (munireg.Organization, error) {
	c.reads.Add(1)
	return c.Store.FindOrganizationByID(ctx, id, asOf)
}

// raw performs a request and returns the answer with its body unread.
func raw(h http.Handler, method, path string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestAnswersAreServedAgainUntilTheRegisterChanges(t *testing.T) {
	u := pgtest.URL(t)
	ctx := munireg.NewContextWithActor(t.Context(), munireg.CLIActor)
	s := pgtest.Open(t, u)
	store := &countingStore{Store: s}
	api := validated(t, New(Deps{Storage: store, Logger: slog.New(slog.DiscardHandler)}))
	admin := newToken(t, s, munireg.Token{Name: "admin", Role: munireg.RoleAdmin})
	reader := newToken(t, s, munireg.Token{Name: "forum", Role: munireg.RoleReader})
	h := withToken(api, admin)
	pgtest.Listening(t, s)

	id := createOrg(t, h, "Demo Vann IKS", "iks", "")
	pgtest.Settled(t, s)
	path := "/v1/organizations/" + id
	first := raw(h, http.MethodGet, path)
	require.Equal(t, http.StatusOK, first.Code, first.Body.String())
	again := raw(h, http.MethodGet, path)
	assert.Equal(t, int64(1), store.reads.Load(), "store reads for two GETs of an unchanged organization")
	assert.Equal(t, first.Body.String(), again.Body.String())
	for _, name := range []string{"Content-Type", "ETag"} {
		assert.Equal(t, first.Header().Get(name), again.Header().Get(name), name)
	}
	assert.NotEqual(t, first.Header().Get(RequestIDHeader), again.Header().Get(RequestIDHeader),
		"each answer has its own request ID")

	// Every request is authenticated and authorized as if nothing were kept.
	assert.Equal(t, http.StatusUnauthorized, raw(api, http.MethodGet, path).Code, "no token")
	assert.Equal(t, http.StatusUnauthorized, raw(api, http.MethodGet, path, "Authorization", "Bearer mr_nothing").Code,
		"an unknown token")
	res := raw(api, http.MethodGet, path, "Authorization", "Bearer "+reader)
	assert.Equal(t, http.StatusOK, res.Code, "a reader")
	assert.Equal(t, first.Body.String(), res.Body.String(), "a reader's answer")
	tokens, err := s.FindTokens(ctx)
	require.NoError(t, err)
	for _, tk := range tokens {
		if tk.Name == "forum" {
			require.NoError(t, s.RevokeToken(ctx, tk.ID))
		}
	}
	assert.Equal(t, http.StatusUnauthorized, raw(api, http.MethodGet, path, "Authorization", "Bearer "+reader).Code,
		"a revoked token")

	// A change through the API is seen by the next read.
	res = raw(h, http.MethodGet, path)
	reads := store.reads.Load()
	patched, body := call(t, h, http.MethodPatch, path, `{"name": "Demo Vatn IKS"}`, "If-Match", res.Header().Get("ETag"))
	require.Equal(t, http.StatusOK, patched.StatusCode, "%v", body)
	res = raw(h, http.MethodGet, path)
	assert.Equal(t, patched.Header.Get("ETag"), res.Header().Get("ETag"), "ETag after the update")
	assert.Contains(t, res.Body.String(), "Demo Vatn IKS")
	assert.Equal(t, reads+1, store.reads.Load(), "store reads after the update")

	// So is a change by another process on the same database, as soon as
	// PostgreSQL tells of it.
	other := pgtest.Open(t, u)
	name := "Demo Vatn og Avløp IKS"
	o, err := other.FindOrganizationByID(ctx, id, time.Time{})
	require.NoError(t, err)
	_, err = other.UpdateOrganization(ctx, id, o.Revision, munireg.OrganizationUpdate{Name: &name})
	require.NoError(t, err)
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(raw(h, http.MethodGet, path).Body.String(), name) {
		if time.Now().After(deadline) {
			t.Fatal("another process's change is not seen 10 s after it")
		}
		time.Sleep(5 * time.Millisecond)
	}

	// A conditional request is the operation's to answer.
	reads = store.reads.Load()
	raw(h, http.MethodGet, path, "If-None-Match", `"1"`)
	assert.Equal(t, reads+1, store.reads.Load(), "store reads for a conditional GET")

	// Other representations are other answers.
	list := "/v1/organizations?limit=5"
	asJSON := raw(h, http.MethodGet, list)
	asCSV := raw(h, http.MethodGet, list, "Accept", "text/csv")
	assert.Contains(t, asJSON.Header().Get("Content-Type"), "json")
	assert.Contains(t, asCSV.Header().Get("Content-Type"), "text/csv")
	assert.Equal(t, asCSV.Body.String(), raw(h, http.MethodGet, list, "Accept", "text/csv").Body.String())
	assert.Equal(t, asJSON.Body.String(), raw(h, http.MethodGet, list).Body.String())

	// Failures are not kept.
	missing := "/v1/organizations/00000000-0000-4000-8000-000000000000"
	reads = store.reads.Load()
	for range 2 {
		assert.Equal(t, http.StatusNotFound, raw(h, http.MethodGet, missing).Code)
	}
	assert.Equal(t, reads+2, store.reads.Load(), "store reads for two GETs of a missing organization")
}

func TestNoAnswersAreKeptWithoutACache(t *testing.T) {
	s := pgtest.Store(t)
	store := &countingStore{Store: s}
	h := withToken(New(Deps{Storage: store, Logger: slog.New(slog.DiscardHandler), CacheBytes: -1}),
		newToken(t, s, munireg.Token{Name: "admin", Role: munireg.RoleAdmin}))
	pgtest.Listening(t, s)
	id := createOrg(t, h, "Demo Vann IKS", "iks", "")
	for range 3 {
		require.Equal(t, http.StatusOK, raw(h, http.MethodGet, "/v1/organizations/"+id).Code)
	}
	assert.Equal(t, int64(3), store.reads.Load(), "store reads for three GETs without a cache")
}

func TestConcurrentMissesReadOnce(t *testing.T) {
	s := pgtest.Store(t)
	store := &countingStore{Store: s}
	h := withToken(New(Deps{Storage: store, Logger: slog.New(slog.DiscardHandler)}),
		newToken(t, s, munireg.Token{Name: "admin", Role: munireg.RoleAdmin}))
	id := createOrg(t, h, "Demo Vann IKS", "iks", "")
	pgtest.Settled(t, s)
	var wg sync.WaitGroup
	bodies := make([]string, 20)
	for i := range bodies {
		wg.Go(func() {
			res := raw(h, http.MethodGet, "/v1/organizations/"+id)
			b, _ := io.ReadAll(res.Body)
			bodies[i] = string(b)
		})
	}
	wg.Wait()
	assert.Equal(t, int64(1), store.reads.Load(), "store reads for 20 concurrent GETs of one organization")
	for i, b := range bodies {
		assert.Equal(t, bodies[0], b, "answer %d", i)
	}
}

func TestCachedOperationsAnswerEveryReaderAlike(t *testing.T) {
	doc := Document()
	methods := map[string]string{}
	for _, item := range doc.Paths {
		if item.Get != nil {
			methods[item.Get.OperationID] = http.MethodGet
		}
	}
	for id := range cached {
		assert.Equal(t, http.MethodGet, methods[id], "%s is kept but is not a GET of the API", id)
		assert.Equal(t, read, policy[id], "%s is kept but is not a read", id)
	}
	// These answer callers differently (the audit log shows admins token
	// changes; a token describes its caller): never kept.
	for _, id := range []string{"list-audit", "get-current-token", "list-tokens", "get-token", "get-readiness"} {
		assert.False(t, cached[id], "%s must not be kept", id)
	}
}

// generations is a Changes whose generation the test moves.
type generations struct{ gen atomic.Uint64 }

func (g *generations) Generation() (uint64, bool) { return g.gen.Load(), true }

func TestAnswerCacheStaysWithinItsBudget(t *testing.T) {
	g := &generations{}
	c := newAnswerCache(g, 1000)
	put := func(key string, n int) {
		_, _, claimed := c.begin(key, g.gen.Load())
		require.True(t, claimed, "begin(%s)", key)
		c.store(&answer{key: key, gen: g.gen.Load(), status: http.StatusOK, body: make([]byte, n)})
		c.release(key)
	}
	has := func(key string) bool {
		a, _, claimed := c.begin(key, g.gen.Load())
		if claimed {
			c.release(key)
		}
		return a != nil
	}
	put("a", 300)
	put("b", 300)
	assert.True(t, has("a")) // a is now the most recently used
	put("c", 300)
	assert.True(t, has("a"), "a, recently used, is kept")
	assert.False(t, has("b"), "b, least recently used, made room")
	assert.True(t, has("c"))
	assert.LessOrEqual(t, c.used, c.limit)
	put("huge", 2000)
	assert.False(t, has("huge"), "an answer larger than the budget is not kept")
	assert.True(t, has("c"), "nor does it push others out")

	g.gen.Add(1)
	assert.False(t, has("a"), "an answer read before a change")
	assert.False(t, has("c"), "an answer read before a change")
	assert.Equal(t, int64(0), c.used, "answers read before a change are dropped when met")
}
