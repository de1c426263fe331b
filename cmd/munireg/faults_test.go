package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx", to look under the API
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/localpg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// A write of the fault tests is one request that makes several rows in one
// transaction: an agreement, its version, two participants, a key component
// and an audit row. Half of it applied would show in wholeAgreements.

// outcome is what a client saw of one write.
type outcome struct {
	name        string    // the agreement's name, unique to the write
	status      int       // 0: no HTTP answer
	err         error     // the transport's error when there was no answer
	contentType string    // of the answer
	id          string    // the agreement's ID, from a 2xx
	sent        time.Time // when the request was sent
	answered    time.Time // when the whole answer (or the error) was in
}

// writers sends agreement creations from n clients one after another until
// stop is called, which returns every outcome. Each client has its own
// connection, closed after every request (keepAlive false), so that a
// server that stops accepting shows as a refused connection, not as a
// kept-alive connection closed under a request.
type writers struct {
	wg     sync.WaitGroup
	cancel context.CancelFunc
	mu     sync.Mutex
	all    []outcome
}

func startWriters(t *testing.T, base, token, prefix string, n int, host, other string) *writers {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	w := &writers{cancel: cancel}
	for c := range n {
		client := &http.Client{
			Timeout:   15 * time.Second,
			Transport: &http.Transport{DisableKeepAlives: true},
		}
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				name := fmt.Sprintf("%s %d-%d", prefix, c, i)
				o := createAgreement(client, base, token, name, host, other)
				w.mu.Lock()
				w.all = append(w.all, o)
				w.mu.Unlock()
				if o.status == 0 {
					time.Sleep(20 * time.Millisecond) // no server: do not spin
				}
			}
		}()
	}
	t.Cleanup(w.stopped)
	return w
}

// succeeded counts the 2xx answers so far.
func (w *writers) succeeded() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for _, o := range w.all {
		if o.status/100 == 2 {
			n++
		}
	}
	return n
}

// waitFor waits until n writes have succeeded.
func (w *writers) waitFor(t *testing.T, n int, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for w.succeeded() < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d writes succeeded within %s", w.succeeded(), n, within)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (w *writers) stopped() {
	w.cancel()
	w.wg.Wait()
}

// stop ends the stream and returns what every write saw.
func (w *writers) stop() []outcome {
	w.stopped()
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]outcome(nil), w.all...)
}

// createAgreement POSTs a vertskommune agreement of host and other, hosted
// by host.
func createAgreement(client *http.Client, base, token, name, host, other string) outcome {
	body := fmt.Sprintf(`{"name": %q, "form": "vertskommune", "versions": [{
		"adopted": "2024-12-01", "valid": {"from": "2025-01-01"}, "host": %q,
		"participants": [{"organization": {"id": %q}}, {"organization": {"id": %q}}],
		"key": {"components": [{"name": "likt", "weight": "1", "basis": "equal"}]}}]}`, name, host, host, other)
	o := outcome{name: name}
	req, err := http.NewRequest(http.MethodPost, base+"/v1/agreements", bytes.NewBufferString(body))
	if err != nil {
		o.err = err
		return o
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	o.sent = time.Now()
	res, err := client.Do(req)
	if err != nil {
		o.err, o.answered = err, time.Now()
		return o
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	o.answered = time.Now()
	if err != nil {
		o.err = err // an answer cut off: counted as none
		return o
	}
	o.status, o.contentType = res.StatusCode, res.Header.Get("Content-Type")
	if res.StatusCode == http.StatusCreated {
		var created struct{ ID string }
		if err := json.Unmarshal(b, &created); err != nil || created.ID == "" {
			o.err = fmt.Errorf("a 201 without an ID: %s", b)
		}
		o.id = created.ID
	}
	return o
}

// apiCall makes one request with token (and header, in name and value
// pairs) and returns its status, headers and body; status 0 when there was
// no answer.
func apiCall(t *testing.T, client *http.Client, method, url, token, body string, header ...string) (int, http.Header, []byte, error) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewBufferString(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b, err
}

// createOrganization makes an organization through the API and returns its
// ID.
func createOrganization(t *testing.T, base, token, name, kind string) string {
	t.Helper()
	status, _, b, err := apiCall(t, http.DefaultClient, http.MethodPost, base+"/v1/organizations", token,
		fmt.Sprintf(`{"name": %q, "kind": %q}`, name, kind))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, status, "%s", b)
	var created struct{ ID string }
	require.NoError(t, json.Unmarshal(b, &created))
	return created.ID
}

// agreementRows is what the database holds of one agreement write.
type agreementRows struct {
	id                                        string
	versions, participants, components, audit int
}

// whole reports whether every row of the write is there.
func (a agreementRows) whole() bool {
	return a.versions == 1 && a.participants == 2 && a.components == 1 && a.audit == 1
}

// agreementsNamed reads, straight from the database, every agreement whose
// name starts with prefix and the rows its write made, by name.
func agreementsNamed(t *testing.T, url, prefix string) map[string]agreementRows {
	t.Helper()
	db, err := sql.Open("pgx", url)
	require.NoError(t, err)
	defer db.Close()
	rows, err := db.Query(`
		SELECT a.name, a.id::text,
			(SELECT count(*) FROM agreement_version v WHERE v.agreement_id = a.id),
			(SELECT count(*) FROM agreement_participant p WHERE p.agreement_id = a.id),
			(SELECT count(*) FROM agreement_key_component k WHERE k.agreement_id = a.id),
			(SELECT count(*) FROM audit au WHERE au.record_type = 'agreement' AND au.record_id = a.id)
		FROM agreement a WHERE starts_with(a.name, $1)`, prefix)
	require.NoError(t, err)
	defer rows.Close()
	out := map[string]agreementRows{}
	for rows.Next() {
		var name string
		var a agreementRows
		require.NoError(t, rows.Scan(&name, &a.id, &a.versions, &a.participants, &a.components, &a.audit))
		out[name] = a
	}
	require.NoError(t, rows.Err())
	return out
}

// assertNothingLostOrHalfDone holds the writes' outcomes against the
// database: every write answered 2xx is there, whole, under the ID it was
// answered with; every write there is whole; a write that was answered
// otherwise is there (its commit may have been the last thing the database
// did) or not, never in part. It returns the count of 2xx writes.
func assertNothingLostOrHalfDone(t *testing.T, outcomes []outcome, stored map[string]agreementRows) int {
	t.Helper()
	ok := 0
	for _, o := range outcomes {
		got, there := stored[o.name]
		if o.status/100 == 2 {
			ok++
			if assert.True(t, there, "%s was answered %d but is not in the database", o.name, o.status) {
				assert.Equal(t, o.id, got.id, "%s: ID answered vs stored", o.name)
			}
		}
	}
	for name, a := range stored {
		assert.True(t, a.whole(), "%s is half applied: %+v", name, a)
	}
	return ok
}

// TestDatabaseCrashIsSurvived kills PostgreSQL outright (SIGKILL to the
// postmaster and every backend at once, as a crash does) in the middle of a
// stream of writes through munireg serve --database-url. While it is down
// every request gets a 503 problem quickly; when it is back, the same
// munireg process serves again without a restart; every write answered 2xx
// is in the database afterwards, and nothing is half applied.
func TestDatabaseCrashIsSurvived(t *testing.T) {
	if _, err := localpg.FindBinaries(os.Getenv(pgtest.EnvBinDir)); err != nil {
		pgtest.SkipOrFail(t, err)
	}
	ctx := context.Background()
	dir := filepath.Join(reachableDir(t), "cluster")
	// Durable, as a production server is: what was answered 2xx must
	// survive the crash.
	cluster, err := localpg.Start(ctx, localpg.Options{Dir: dir, BinDir: os.Getenv(pgtest.EnvBinDir)})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cluster.Stop(context.Background()) })
	url := cluster.URL("postgres")

	code, token, stderr := runBinary(t, nil, "token", "create", "--database-url", url, "--role", "admin", "--name", "crash test")
	require.Equal(t, 0, code, stderr)
	token = string(bytes.TrimSpace([]byte(token)))
	srv := startServe(t, reachableDir(t), nil, "--database-url", url)
	srv.ready(t, 30*time.Second)
	host := createOrganization(t, srv.base, token, "Vertskommune", "kommune")
	other := createOrganization(t, srv.base, token, "Samarbeidskommune", "kommune")

	w := startWriters(t, srv.base, token, "Krasj", 4, host, other)
	w.waitFor(t, 20, 30*time.Second)

	// The crash: the postmaster is the leader of a process group of its
	// own with every backend in it.
	pid, err := postmasterPID(cluster.DataDir())
	require.NoError(t, err)
	require.NoError(t, syscall.Kill(-pid, syscall.SIGKILL))
	crashed := time.Now()
	select {
	case <-cluster.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("PostgreSQL did not die of SIGKILL")
	}
	require.NoError(t, cluster.Stop(ctx)) // releases the directory; the server is gone

	// While it is down: every request is answered 503 problem+json, fast.
	client := &http.Client{Timeout: 15 * time.Second}
	var slowest time.Duration
	calls := 0
	for time.Since(crashed) < 2*time.Second {
		for _, c := range []struct{ method, path, body string }{
			{http.MethodGet, "/v1/organizations/" + host, ""},
			{http.MethodGet, "/v1/agreements", ""},
			{http.MethodPost, "/v1/organizations", `{"name": "Under krasjet", "kind": "as"}`},
			{http.MethodGet, "/readyz", ""},
		} {
			start := time.Now()
			status, header, body, err := apiCall(t, client, c.method, srv.base+c.path, token, c.body)
			took := time.Since(start)
			slowest = max(slowest, took)
			calls++
			require.NoError(t, err, "%s %s while PostgreSQL is down", c.method, c.path)
			assert.Equal(t, http.StatusServiceUnavailable, status, "%s %s while PostgreSQL is down: %s", c.method, c.path, body)
			assert.Equal(t, "application/problem+json", header.Get("Content-Type"), "%s %s", c.method, c.path)
			assert.NotEmpty(t, header.Get("Retry-After"), "%s %s: Retry-After", c.method, c.path)
			assert.Less(t, took, 3*time.Second, "%s %s took %s while PostgreSQL is down", c.method, c.path, took)
		}
	}
	t.Logf("while PostgreSQL was down: %d requests, all 503, the slowest answered in %s", calls, slowest.Round(time.Millisecond))

	// Back up, with crash recovery; the same munireg serves again.
	restarted := time.Now()
	cluster, err = localpg.Start(ctx, localpg.Options{Dir: dir, BinDir: os.Getenv(pgtest.EnvBinDir)})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cluster.Stop(context.Background()) })
	before := w.succeeded()
	w.waitFor(t, before+20, 60*time.Second)
	t.Logf("PostgreSQL back: 20 more writes succeeded %s after it was started again", time.Since(restarted).Round(time.Millisecond))
	select {
	case err := <-srv.done:
		srv.done <- err
		t.Fatalf("munireg serve exited: %v\n%s", err, srv.stderr)
	default:
	}
	srv.ready(t, 5*time.Second)

	outcomes := w.stop()
	statuses := map[int]int{}
	for _, o := range outcomes {
		statuses[o.status]++
		require.NoError(t, o.err, "%s: every write gets an answer while munireg runs", o.name)
		if o.status != http.StatusCreated {
			assert.Equal(t, http.StatusServiceUnavailable, o.status, "%s", o.name)
			assert.Equal(t, "application/problem+json", o.contentType, "%s", o.name)
		}
	}
	ok := assertNothingLostOrHalfDone(t, outcomes, agreementsNamed(t, cluster.URL("postgres"), "Krasj "))
	t.Logf("writes: %d answered, by status %v; %d stored whole", len(outcomes), statuses, ok)
}

// TestSIGTERMDrainsWrites stops munireg serve (local mode) with SIGTERM
// while four writes are certainly in flight: each is waiting for a row lock
// the test holds. munireg stops listening, the test lets the writes go, and
// each is answered 201; the writes after are refused a connection. munireg
// exits 0 with its PostgreSQL shut down cleanly, and the next start has
// every write it answered 2xx, and no other.
func TestSIGTERMDrainsWrites(t *testing.T) {
	if _, err := localpg.FindBinaries(os.Getenv(pgtest.EnvBinDir)); err != nil {
		pgtest.SkipOrFail(t, err)
	}
	dataDir := filepath.Join(reachableDir(t), "data")
	first := startServe(t, dataDir, nil)
	first.ready(t, 30*time.Second)
	token := first.token
	host := createOrganization(t, first.base, token, "Vertskommune", "kommune")
	other := createOrganization(t, first.base, token, "Samarbeidskommune", "kommune")
	url, err := localpg.Attach(dataDir, "postgres")
	require.NoError(t, err)
	db, err := sql.Open("pgx", url)
	require.NoError(t, err)
	defer db.Close()

	const clients = 4
	w := startWriters(t, first.base, token, "Stopp", clients, host, other)
	w.waitFor(t, 20, 30*time.Second)

	// Hold the host's row: every new agreement naming it waits for the
	// lock, inside munireg, until the test lets go.
	tx, err := db.Begin()
	require.NoError(t, err)
	defer func() { _ = tx.Rollback() }()
	_, err = tx.Exec(`SELECT 1 FROM organization WHERE id = $1 FOR UPDATE`, host)
	require.NoError(t, err)
	waitUntil(t, 20*time.Second, "every client's write waits for the lock", func() bool {
		var waiting int
		require.NoError(t, db.QueryRow(`SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'`).Scan(&waiting))
		return waiting == clients
	})
	signalled := time.Now()
	require.NoError(t, first.cmd.Process.Signal(syscall.SIGTERM))
	fresh := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
	waitUntil(t, 20*time.Second, "munireg stops listening", func() bool {
		status, _, _, err := apiCall(t, fresh, http.MethodGet, first.base+"/healthz", token, "")
		return status == 0 && errors.Is(err, syscall.ECONNREFUSED)
	})
	require.NoError(t, tx.Rollback()) // the writes in flight go on
	select {
	case err := <-first.done:
		first.done <- err
		require.NoError(t, err, "munireg's exit after SIGTERM\n%s", first.stderr)
	case <-time.After(40 * time.Second):
		t.Fatalf("munireg did not exit within 40s of SIGTERM\n%s", first.stderr)
	}
	outcomes := w.stop()
	assert.Contains(t, first.stderr.String(), "PostgreSQL stopped", "a clean shutdown of the cluster")
	assertNoServer(t, dataDir)

	statuses := map[int]int{}
	inFlight := 0
	for _, o := range outcomes {
		statuses[o.status]++
		if o.sent.Before(signalled) {
			// Sent before SIGTERM: answered before it, or held by the
			// lock and answered during the drain.
			assert.Equal(t, http.StatusCreated, o.status, "%s, sent before SIGTERM: %v", o.name, o.err)
			if o.answered.After(signalled) {
				inFlight++
			}
			continue
		}
		assert.Zero(t, o.status, "%s, sent after SIGTERM", o.name)
		assert.ErrorIs(t, o.err, syscall.ECONNREFUSED, "%s, sent after SIGTERM", o.name)
	}
	assert.Equal(t, clients, inFlight, "writes in flight at SIGTERM, answered during the drain")

	again := startServe(t, dataDir, nil)
	again.ready(t, 30*time.Second)
	url, err = localpg.Attach(dataDir, "postgres")
	require.NoError(t, err)
	stored := agreementsNamed(t, url, "Stopp ")
	ok := assertNothingLostOrHalfDone(t, outcomes, stored)
	assert.Len(t, stored, ok, "stored writes vs writes answered 2xx")
	t.Logf("writes: %d sent, by status %v (0: connection refused after munireg stopped listening); %d in flight at SIGTERM; %d stored",
		len(outcomes), statuses, inFlight, len(stored))
	assert.Equal(t, 0, again.stop(t, syscall.SIGTERM), "%s", again.stderr)
}

// waitUntil polls cond until it holds, or fails the test after within.
func waitUntil(t *testing.T, within time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("not within %s: %s", within, what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
