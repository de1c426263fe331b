package httpapi

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// The lost-update tests drive one agreement through a real HTTP server on
// loopback with many clients at once, each doing what the API asks of a
// writer: GET the record, then PATCH it with the ETag it read in If-Match.
// The agreement's name is a counter ("Teller n"): a client writes the
// number it read plus one, so a lost update would show as a counter behind
// the number of successful writes, a revision behind the count of audit
// rows, or two audit rows from one revision.

// lostUpdateClients is how many clients write at once.
const lostUpdateClients = 50

// lostUpdateWait bounds each test: the clients' requests, retries included.
const lostUpdateWait = 2 * time.Minute

// counterAPI is a server on loopback over a register with one agreement
// named "Teller 0", and an HTTP client for it.
type counterAPI struct {
	base, agreement string
	client          *http.Client
}

func newCounterAPI(t *testing.T) *counterAPI {
	t.Helper()
	s := pgtest.Store(t)
	h := withToken(validated(t, New(Deps{Storage: s, Logger: slog.New(slog.DiscardHandler)})),
		newToken(t, s, munireg.Token{Name: "writer", Role: munireg.RoleAdmin}))
	a := createOrg(t, h, "A kommune", "kommune", "")
	b := createOrg(t, h, "B kommune", "kommune", "")
	agreement := create(t, h, "/v1/agreements", hostedAgreement("Teller 0", a, a, b))["id"].(string)
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	// One connection per client: the clients are concurrent, not queued
	// behind two idle connections.
	transport := &http.Transport{MaxIdleConnsPerHost: lostUpdateClients}
	t.Cleanup(transport.CloseIdleConnections)
	return &counterAPI{base: srv.URL, agreement: agreement,
		client: &http.Client{Transport: transport, Timeout: lostUpdateWait}}
}

// read GETs the agreement and returns its ETag and the counter in its name.
func (c *counterAPI) read(ctx context.Context) (etag string, n int, err error) {
	status, header, body, err := c.do(ctx, http.MethodGet, c.path(), "", "")
	if err != nil {
		return "", 0, err
	}
	if status != http.StatusOK {
		return "", 0, fmt.Errorf("GET = %d %s", status, body)
	}
	var a struct{ Name string }
	if err := json.Unmarshal(body, &a); err != nil {
		return "", 0, err
	}
	if n, err = strconv.Atoi(strings.TrimPrefix(a.Name, "Teller ")); err != nil {
		return "", 0, fmt.Errorf("GET: name %q", a.Name)
	}
	return header.Get("ETag"), n, nil
}

// write PATCHes the counter to n under If-Match etag and returns the status.
func (c *counterAPI) write(ctx context.Context, etag string, n int) (int, error) {
	status, _, _, err := c.do(ctx, http.MethodPatch, c.path(), fmt.Sprintf(`{"name": "Teller %d"}`, n), etag)
	return status, err
}

// path is the agreement's.
func (c *counterAPI) path() string { return "/v1/agreements/" + c.agreement }

// do sends a request and returns the answer's status, header and body.
func (c *counterAPI) do(ctx context.Context, method, path, body, ifMatch string) (int, http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if ifMatch != "" {
		req.Header.Set("If-Match", ifMatch)
	}
	res, err := c.client.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b, err
}

// updates returns the agreement's update audit rows, in order of the
// revision they went from, as the revisions they went from and to and the
// counter they wrote.
func (c *counterAPI) updates(t *testing.T) (from, to, counters []int) {
	t.Helper()
	status, _, body, err := c.do(t.Context(), http.MethodGet, "/v1/audit?recordType=agreement&recordId="+c.agreement+"&limit=1000", "", "")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, status, "%s", body)
	var page struct{ Items []auditedRevision }
	require.NoError(t, json.Unmarshal(body, &page))
	items := page.Items
	slices.SortFunc(items, func(a, b auditedRevision) int { return cmp.Compare(a.Before.Revision, b.Before.Revision) })
	for _, e := range items {
		if e.Action != "update" {
			continue
		}
		n, err := strconv.Atoi(strings.TrimPrefix(e.After.Name, "Teller "))
		require.NoError(t, err, "audit row's name %q", e.After.Name)
		from, to, counters = append(from, e.Before.Revision), append(to, e.After.Revision), append(counters, n)
	}
	return from, to, counters
}

// auditedRevision is what the lost-update tests read of an audit row.
type auditedRevision struct {
	Action        string
	Before, After struct {
		Revision int
		Name     string
	}
}

// upTo returns the n numbers from first up, one step at a time.
func upTo(first, n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = first + i
	}
	return out
}

// TestLostUpdateStaleIfMatchIs412: every client reads the agreement before
// any writes, so all send the same ETag: exactly one write is taken and
// every other is a 412 — no 5xx, no other status — and the revision, the
// counter and the audit log count that one write.
func TestLostUpdateStaleIfMatchIs412(t *testing.T) {
	api := newCounterAPI(t)
	ctx, cancel := context.WithTimeout(t.Context(), lostUpdateWait)
	defer cancel()

	var (
		read     sync.WaitGroup
		wrote    sync.WaitGroup
		everyone = make(chan struct{})
		statuses = make([]int, lostUpdateClients)
		etags    = make([]string, lostUpdateClients)
		errs     = make([]error, lostUpdateClients)
	)
	read.Add(lostUpdateClients)
	wrote.Add(lostUpdateClients)
	start := time.Now()
	for i := range lostUpdateClients {
		go func() {
			defer wrote.Done()
			etag, n, err := api.read(ctx)
			read.Done()
			<-everyone // every client has read before any writes
			if err != nil {
				errs[i] = err
				return
			}
			etags[i] = etag
			statuses[i], errs[i] = api.write(ctx, etag, n+1)
		}()
	}
	read.Wait()
	close(everyone)
	wrote.Wait()
	elapsed := time.Since(start)

	counts := map[int]int{}
	for i := range lostUpdateClients {
		require.NoError(t, errs[i], "client %d", i)
		assert.Equal(t, `"1"`, etags[i], "client %d read the agreement before any write", i)
		counts[statuses[i]]++
	}
	ok, stale := counts[http.StatusOK], counts[http.StatusPreconditionFailed]
	t.Logf("%d clients, one ETag: %d × 200, %d × 412 in %s", lostUpdateClients, ok, stale, elapsed.Round(time.Millisecond))
	assert.Equal(t, lostUpdateClients, ok+stale, "statuses %v: only 200 and 412", counts)
	assert.Equal(t, 1, ok, "one revision read, one write taken")

	etag, n, err := api.read(ctx)
	require.NoError(t, err)
	assert.Equal(t, etag, strconv.Quote(strconv.Itoa(1+ok)), "revision = 1 + successes")
	assert.Equal(t, ok, n, "the counter counts the writes taken")
	from, to, counters := api.updates(t)
	assert.Equal(t, upTo(1, ok), from, "one audit row per write taken, from each revision once")
	assert.Equal(t, upTo(2, ok), to)
	assert.Equal(t, upTo(1, ok), counters)
}

// TestLostUpdateRetriesLoseNothing: the clients start together and each
// retries on a 412 by reading the agreement again, as the API asks. Every
// client's write is taken in the end, one revision at a time: the counter
// is 50, the revision 51, and the audit log has 50 updates, from
// revisions 1 to 50 each once, each writing the counter one up.
func TestLostUpdateRetriesLoseNothing(t *testing.T) {
	api := newCounterAPI(t)
	ctx, cancel := context.WithTimeout(t.Context(), lostUpdateWait)
	defer cancel()

	const maxTries = 10 * lostUpdateClients // far more than the worst case needs
	var (
		done     sync.WaitGroup
		begin    = make(chan struct{})
		tries    = make([]int, lostUpdateClients)
		stale    = make([]int, lostUpdateClients)
		errs     = make([]error, lostUpdateClients)
		statuses = make([]map[int]int, lostUpdateClients)
	)
	done.Add(lostUpdateClients)
	for i := range lostUpdateClients {
		statuses[i] = map[int]int{}
		go func() {
			defer done.Done()
			<-begin
			for tries[i] < maxTries {
				tries[i]++
				etag, n, err := api.read(ctx)
				if err != nil {
					errs[i] = err
					return
				}
				status, err := api.write(ctx, etag, n+1)
				if err != nil {
					errs[i] = err
					return
				}
				statuses[i][status]++
				switch status {
				case http.StatusOK:
					return
				case http.StatusPreconditionFailed:
					stale[i]++
				default:
					errs[i] = fmt.Errorf("PATCH = %d", status)
					return
				}
			}
			errs[i] = fmt.Errorf("no write taken in %d tries", maxTries)
		}()
	}
	start := time.Now()
	close(begin)
	done.Wait()
	elapsed := time.Since(start)

	totalStale, mostTries := 0, 0
	for i := range lostUpdateClients {
		require.NoError(t, errs[i], "client %d: statuses %v", i, statuses[i])
		assert.Equal(t, 1, statuses[i][http.StatusOK], "client %d: statuses %v", i, statuses[i])
		assert.Equal(t, tries[i], statuses[i][http.StatusOK]+statuses[i][http.StatusPreconditionFailed],
			"client %d: statuses %v: only 200 and 412", i, statuses[i])
		totalStale += stale[i]
		mostTries = max(mostTries, tries[i])
	}
	t.Logf("%d clients retrying on 412: %d × 200, %d × 412, at most %d tries for one client, in %s",
		lostUpdateClients, lostUpdateClients, totalStale, mostTries, elapsed.Round(time.Millisecond))

	etag, n, err := api.read(ctx)
	require.NoError(t, err)
	assert.Equal(t, strconv.Quote(strconv.Itoa(1+lostUpdateClients)), etag, "revision = 1 + 50")
	assert.Equal(t, lostUpdateClients, n, "every client's increment is in the counter")
	from, to, counters := api.updates(t)
	assert.Equal(t, upTo(1, lostUpdateClients), from, "50 audit rows, from revisions 1 to 50 each once")
	assert.Equal(t, upTo(2, lostUpdateClients), to)
	assert.Equal(t, upTo(1, lostUpdateClients), counters, "each write counted one up from the revision it read")
}
