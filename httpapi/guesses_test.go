package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// lookupCounter is the real store, counting the token look-ups that reach
// it.
type lookupCounter struct {
	*pgstore.Store
	lookups atomic.Int64
}

func (c *lookupCounter) FindTokenBySecret(ctx context.Context, secret string) (munireg.Token, error) {
	c.lookups.Add(1)
	return c.Store.FindTokenBySecret(ctx, secret)
}

// testClock is a clock that moves only when told.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock() *testClock { return &testClock{t: time.Date(2025, 6, 30, 12, 0, 0, 0, time.UTC)} }

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// from GETs the caller's token from the client address addr with the
// Authorization header auth ("" for none) and returns the answer's status,
// its Retry-After and its content type.
func from(t *testing.T, h http.Handler, addr, auth string) (status int, retryAfter, contentType string) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, "/v1/tokens/current", nil)
	req.RemoteAddr = addr
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code == http.StatusTooManyRequests {
		var p map[string]any
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &p), "a 429's body")
		assert.EqualValues(t, http.StatusTooManyRequests, p["status"])
	}
	return rec.Code, rec.Header().Get("Retry-After"), rec.Header().Get("Content-Type")
}

// guess is the i-th made-up token: well-formed, and no token of the
// register.
func guess(i int) string { return fmt.Sprintf("Bearer mr_%043d", i) }

// TestRateLimitGuessesFromOneAddress: an address that sends unknown tokens
// gets 401s, each looked up, until it has failed DefaultAuthFailures times;
// then 429s with Retry-After, none looked up. Meanwhile a token in use at
// that address, and every token at other addresses, keep working. The
// address regains one failure per window/limit and all of them after the
// window, by the clock, which the test moves.
func TestRateLimitGuessesFromOneAddress(t *testing.T) {
	s := pgtest.Store(t)
	store := &lookupCounter{Store: s}
	clock := newTestClock()
	h := validated(t, New(Deps{Storage: store, Logger: slog.New(slog.DiscardHandler), clock: clock.now}))
	reader := "Bearer " + newToken(t, s, munireg.Token{Name: "forum", Role: munireg.RoleReader})
	admin := "Bearer " + newToken(t, s, munireg.Token{Name: "admin", Role: munireg.RoleAdmin})
	unseen := "Bearer " + newToken(t, s, munireg.Token{Name: "new", Role: munireg.RoleReader})
	const attacker, elsewhere = "198.51.100.7:40000", "203.0.113.9:50000"
	const perFailure = "3" // a minute / 20, in seconds

	status, _, _ := from(t, h, "198.51.100.7:40001", reader) // the forum's client, behind the attacker's NAT
	require.Equal(t, http.StatusOK, status)

	lookups := store.lookups.Load()
	for i := range DefaultAuthFailures {
		status, _, _ := from(t, h, attacker, guess(i))
		require.Equal(t, http.StatusUnauthorized, status, "guess %d of %d", i+1, DefaultAuthFailures)
	}
	assert.Equal(t, lookups+DefaultAuthFailures, store.lookups.Load(), "each guess within the limit is looked up")

	const guesses = 500
	lookups = store.lookups.Load()
	honest := 0
	start := time.Now()
	for i := range guesses {
		status, retryAfter, contentType := from(t, h, attacker, guess(DefaultAuthFailures+i))
		require.Equal(t, http.StatusTooManyRequests, status, "guess %d over the limit", i+1)
		assert.Equal(t, perFailure, retryAfter)
		assert.Equal(t, "application/problem+json", contentType)
		if i%50 == 0 {
			status, _, _ = from(t, h, attacker, reader)
			assert.Equal(t, http.StatusOK, status, "a token in use at the attacker's address")
			status, _, _ = from(t, h, elsewhere, admin)
			assert.Equal(t, http.StatusOK, status, "a token at another address")
			honest += 2
		}
	}
	elapsed := time.Since(start)
	assert.Equal(t, lookups+int64(honest), store.lookups.Load(), "no guess over the limit is looked up; every honest request is")
	t.Logf("%d guesses over the limit answered 429 in %s (%s each, race detector on), no look-up; %d honest requests answered 200",
		guesses, elapsed.Round(time.Millisecond), (elapsed / guesses).Round(time.Microsecond), honest)

	for _, auth := range []string{"Bearer not-even-a-token", "Bearer mr_" + strings.Repeat("x", 200)} {
		status, _, _ = from(t, h, attacker, auth)
		assert.Equal(t, http.StatusTooManyRequests, status, "%.20s…", auth)
	}
	status, _, _ = from(t, h, attacker, "")
	assert.Equal(t, http.StatusUnauthorized, status, "no token is no guess: a 401 as ever")
	// A valid token this server has not seen waits at the attacker's
	// address like a guess; once it has authenticated, it is let through.
	status, _, _ = from(t, h, attacker, unseen)
	assert.Equal(t, http.StatusTooManyRequests, status, "a token not seen here yet, at the attacker's address")
	status, _, _ = from(t, h, elsewhere, unseen)
	require.Equal(t, http.StatusOK, status)
	status, _, _ = from(t, h, attacker, unseen)
	assert.Equal(t, http.StatusOK, status, "seen here now")
	// An IPv4 address written as IPv6 is the same address.
	status, _, _ = from(t, h, "[::ffff:198.51.100.7]:40000", guess(0))
	assert.Equal(t, http.StatusTooManyRequests, status, "the attacker's address as IPv4-mapped IPv6")

	// One failure is forgiven every 3 seconds…
	clock.advance(3 * time.Second)
	lookups = store.lookups.Load()
	status, _, _ = from(t, h, attacker, guess(-1))
	assert.Equal(t, http.StatusUnauthorized, status, "3 s later: one guess is looked up")
	status, retryAfter, _ := from(t, h, attacker, guess(-2))
	assert.Equal(t, http.StatusTooManyRequests, status, "and only one")
	assert.Equal(t, perFailure, retryAfter)
	assert.Equal(t, lookups+1, store.lookups.Load())
	clock.advance(1500 * time.Millisecond)
	_, retryAfter, _ = from(t, h, attacker, guess(-2))
	assert.Equal(t, "2", retryAfter, "1.5 s to wait, rounded up")

	// …and all of them a window after the last.
	clock.advance(DefaultAuthWindow)
	for i := range DefaultAuthFailures {
		status, _, _ := from(t, h, attacker, guess(i))
		require.Equal(t, http.StatusUnauthorized, status, "a window later, guess %d of %d", i+1, DefaultAuthFailures)
	}
	status, _, _ = from(t, h, attacker, guess(0))
	assert.Equal(t, http.StatusTooManyRequests, status, "and the limit again")
}

// TestRateLimitCountsRevokedTokens: a revoked token is a failure, and is no
// longer let through as one that has authenticated here.
func TestRateLimitCountsRevokedTokens(t *testing.T) {
	s := pgtest.Store(t)
	h := validated(t, New(Deps{Storage: s, Logger: slog.New(slog.DiscardHandler), AuthFailures: 2, clock: newTestClock().now}))
	secret := newToken(t, s, munireg.Token{Name: "old", Role: munireg.RoleReader})
	status, _, _ := from(t, h, "192.0.2.1:1", "Bearer "+secret)
	require.Equal(t, http.StatusOK, status)
	tok, err := s.FindTokenBySecret(t.Context(), secret)
	require.NoError(t, err)
	require.NoError(t, s.RevokeToken(munireg.NewContextWithActor(t.Context(), munireg.CLIActor), tok.ID))
	for i := range 2 {
		status, _, _ = from(t, h, "192.0.2.1:1", "Bearer "+secret)
		require.Equal(t, http.StatusUnauthorized, status, "revoked, try %d", i+1)
	}
	status, _, _ = from(t, h, "192.0.2.1:1", "Bearer "+secret)
	assert.Equal(t, http.StatusTooManyRequests, status, "two failures with the revoked token: the limit")
}

// TestRateLimitOff: a negative AuthFailures limits nothing.
func TestRateLimitOff(t *testing.T) {
	h := validated(t, New(Deps{Storage: pgtest.Store(t), Logger: slog.New(slog.DiscardHandler), AuthFailures: -1}))
	for i := range 3 * DefaultAuthFailures {
		status, _, _ := from(t, h, "192.0.2.1:1", guess(i))
		require.Equal(t, http.StatusUnauthorized, status, "guess %d", i+1)
	}
}

// TestRateLimitMemoryIsBounded: however many addresses fail, at most
// AuthAddresses are kept — the one that failed least recently is forgotten,
// and may guess again — and at most maxKnownTokens tokens.
func TestRateLimitMemoryIsBounded(t *testing.T) {
	clock := newTestClock()
	l := newGuessLimiter(Deps{AuthFailures: 2, AuthAddresses: 100, clock: clock.now, Logger: slog.New(slog.DiscardHandler)})
	addr := func(i int) string { return fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255) }
	for i := range 10_000 {
		l.failed(addr(i), "x")
		l.failed(addr(i), "x")
		require.LessOrEqual(t, len(l.byAddr), 100)
		require.Equal(t, len(l.byAddr), l.order.Len())
	}
	for i := range 10_000 {
		if i < 10_000-100 {
			assert.Zero(t, l.wait(addr(i), "y"), "address %d is forgotten", i)
		} else {
			assert.Positive(t, l.wait(addr(i), "y"), "address %d is limited", i)
		}
	}
	// An address that fails again is the most recent: the next new one
	// pushes out another.
	l.failed(addr(10_000-100), "x")
	l.failed(addr(10_000), "x")
	assert.Positive(t, l.wait(addr(10_000-100), "y"), "kept: it failed again")
	assert.Zero(t, l.wait(addr(10_000-99), "y"), "forgotten in its place")

	for i := range maxKnownTokens + 10 {
		l.succeeded(fmt.Sprint(i))
		require.LessOrEqual(t, len(l.known), maxKnownTokens)
	}
}

// TestRateLimitClientAddress: the port does not count; IPv4-mapped IPv6 is
// IPv4; IPv6 counts by its /64.
func TestRateLimitClientAddress(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.1:1234":                  "192.0.2.1",
		"[::ffff:192.0.2.1]:80":           "192.0.2.1",
		"[2001:db8:1:2:3:4:5:6]:443":      "2001:db8:1:2::/64",
		"[2001:db8:1:2:ffff::1]:8080":     "2001:db8:1:2::/64",
		"[2001:db8:1:3::1]:8080":          "2001:db8:1:3::/64",
		"[fe80::1%eth0]:80":               "fe80::/64",
		"not an address":                  "not an address",
		"/run/munireg.sock":               "/run/munireg.sock",
		"[2001:db8::1]:0":                 "2001:db8::/64",
		"203.0.113.250:65535":             "203.0.113.250",
		"[::1]:8080":                      "::/64",
		"127.0.0.1:8080":                  "127.0.0.1",
		"[2001:db8:ffff:ffff:1::]:1":      "2001:db8:ffff:ffff::/64",
		"[2001:0db8:0000:0000::0001]:443": "2001:db8::/64",
	} {
		assert.Equal(t, want, clientAddress(in), "clientAddress(%q)", in)
	}
}

// TestRateLimitIsDocumented: every operation that needs a token documents
// the 429, with its Retry-After; the public ones do not.
func TestRateLimitIsDocumented(t *testing.T) {
	doc := Document()
	require.Contains(t, doc.Components.Responses, tooManyFailures)
	assert.Contains(t, doc.Components.Responses[tooManyFailures].Headers, "Retry-After")
	for path, item := range doc.Paths {
		for _, op := range []*huma.Operation{item.Get, item.Put, item.Post, item.Patch, item.Delete} {
			if op == nil {
				continue
			}
			r := op.Responses["429"]
			if policy[op.OperationID] == public {
				assert.Nil(t, r, "%s %s", op.OperationID, path)
				continue
			}
			assert.NotNil(t, r, "%s %s documents no 429", op.OperationID, path)
		}
	}
	rec := httptest.NewRecorder()
	New(Deps{}).ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/docs", nil))
	assert.Contains(t, rec.Body.String(), "Too Many Requests: too many failed authentications", "the docs page tells the 429")
}
