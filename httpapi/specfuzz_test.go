package httpapi

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"log/slog"
	"maps"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
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

var specFuzzSeed = flag.Uint64("specfuzz.seed", 1, "the seed of TestSpecFuzz's hostile requests")

const (
	// specFuzzWorkers send the requests side by side: much of a request's
	// time is the database's.
	specFuzzWorkers = 8
	// contractEvery: every contractEvery-th request (unless it is large or
	// deep) also goes through the contract check (validated), which costs
	// more than the request itself.
	contractEvery = 16
	// faultsShown bounds the wrong answers reported one by one.
	faultsShown = 25
)

// TestSpecFuzz reads the OpenAPI document the API serves and sends every
// operation in it some hundreds of hostile requests, over 20 000 in all,
// each made to be refused (see specfuzz_gen_test.go): wrong types, values
// and formats for every field its schemas describe, numbers too large and
// too precise, "NaN", negative zero, deep nesting, bodies over the limit,
// bad UTF-8, NULs, injection and traversal strings, bad org numbers, bad
// and unknown IDs, unknown, duplicate and missing properties, wrong media
// types, bad If-Match values, cursors, limits, dates and years, unknown
// methods and paths — most with an admin's token, so that they reach the
// handlers, and a share with none, a bad or revoked one, a reader's or an
// editor's. The register is a small real one (organizations, agreements
// with versions and participants, budgets, positions, flows, a forum,
// tokens) whose records the requests name.
//
// Every answer must be a 4xx problem document whose status and title are
// the answer's: never a 5xx, never a success. A sample also goes through
// the contract check. The register must be unchanged, row for row, audit
// log included. Then lists are searched for hostile text and paged with
// cursors of hostile keys: those reads may be answered, but not with a 5xx,
// and a search finds nothing. Run with -v for the figures; -specfuzz.seed
// picks other requests.
func TestSpecFuzz(t *testing.T) {
	start := time.Now()
	u := pgtest.URL(t)
	s := pgtest.Open(t, u)
	api := New(Deps{Storage: s, Logger: slog.New(slog.DiscardHandler)})
	g := newSpecFuzz(t, api, s)
	setUp := time.Since(start)

	var reqs []hostileRequest
	for _, op := range g.ops {
		reqs = append(reqs, g.requests(op)...)
	}
	t.Logf("seed %d: %d operations; register of %d records set up in %s; %d requests made in %s", *specFuzzSeed,
		len(g.ops), len(g.isID), setUp.Round(time.Millisecond), len(reqs), (time.Since(start) - setUp).Round(time.Millisecond))

	before := pgtest.Digest(t, u)
	sent := time.Now()
	outcomes := sendHostile(t, api, validated(t, api), reqs)
	elapsed := time.Since(sent)
	assert.Equal(t, before, pgtest.Digest(t, u), "refused requests changed the register")
	faults := 0
	for i, o := range outcomes {
		if o.fault == "" {
			continue
		}
		if faults++; faults <= faultsShown {
			t.Errorf("%s\n\tanswered %s", reqs[i].String(), o.fault)
		}
	}
	if faults > faultsShown {
		t.Errorf("… %d wrong answers in all", faults)
	}
	reportSpecFuzz(t, g.ops, reqs, outcomes, elapsed)

	reads := g.answerableReads()
	answered := map[string]int{}
	for i := range reads {
		r := &reads[i]
		o, body := answerOf(t, api, r, true)
		switch {
		case o.fault != "":
			t.Errorf("%s\n\tanswered %s", r.String(), o.fault)
		case o.status < 300 && r.rejector == "name":
			var list struct{ Total *int }
			if err := json.Unmarshal(body, &list); err != nil || list.Total == nil || *list.Total != 0 {
				t.Errorf("%s\n\tfound something: %.300s", r.String(), body)
			}
		}
		answered[fmt.Sprintf("%s=…: %d", r.rejector, o.status)]++
	}
	assert.Equal(t, before, pgtest.Digest(t, u), "reads changed the register")
	t.Logf("%d reads that may be answered (hostile filters and cursors): %s", len(reads), countsOf(answered))
}

// newSpecFuzz seeds the register of s, behind api, and returns the
// generator of hostile requests for the operations of the document api
// serves.
func newSpecFuzz(t *testing.T, api http.Handler, s *pgstore.Store) *fuzzGen {
	t.Helper()
	secrets := map[string]string{
		"admin":   newToken(t, s, munireg.Token{Name: "fuzz admin", Role: munireg.RoleAdmin}),
		"reader":  newToken(t, s, munireg.Token{Name: "fuzz reader", Role: munireg.RoleReader}),
		"revoked": newRevokedToken(t, s),
	}
	admin := withToken(api, secrets["admin"])
	w := newAccessWorld(t, admin)
	secrets["editor"] = newToken(t, s, munireg.Token{Name: "fuzz editor", Role: munireg.RoleEditor,
		Organizations: []string{w.sides["A"].org}})
	// An organization with an organisasjonsnummer and a kommunenummer, for
	// the duplicate of lateCalls and the rows of the population import.
	const orgNumber = "939760946"
	volda := createOrg(t, admin, "Volda kommune", "kommune", `, "orgNumber": "`+orgNumber+`", "municipality": "1577",
		"population": [{"date": "2024-01-01", "count": 10000}]`)

	rec := httptest.NewRecorder()
	api.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/openapi.json", nil))
	require.Equal(t, http.StatusOK, rec.Code, "GET /openapi.json")
	var doc specDoc
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &doc))

	g := &fuzzGen{rng: rand.New(rand.NewPCG(*specFuzzSeed, 0x6d756e69726567)), doc: doc, ops: fuzzOperations(doc),
		secrets: secrets, ids: worldIDs(w, volda), isID: map[string]bool{}, orgNumber: orgNumber}
	for _, ids := range g.ids {
		for _, id := range ids {
			g.isID[id] = true
		}
	}
	g.bases = fuzzBases(t, admin, w, g)
	return g
}

// worldIDs are the IDs of the records of w, and of the organization extra,
// by collection.
func worldIDs(w *accessWorld, extra string) map[string][]string {
	ids := map[string][]string{"organizations": {extra}, "forums": {w.forum}, "tokens": {w.spare}}
	for _, n := range []string{"A", "B"} {
		s := w.sides[n]
		ids["organizations"] = append(ids["organizations"], s.org, s.company, s.fresh)
		ids["positions"] = append(ids["positions"], s.position)
		ids["flows"] = append(ids["flows"], s.flow)
		ids["agreements"] = append(ids["agreements"], s.agreement)
		ids["budgets"] = append(ids["budgets"], s.budget)
	}
	return ids
}

// fuzzBases are the valid calls of operationCalls the hostile requests
// start from, on side A's records and on side B's, read as the document
// describes them; an update's carries the record's ETag. The archive
// import starts from the register's own export.
func fuzzBases(t *testing.T, h http.Handler, w *accessWorld, g *fuzzGen) map[string]map[string]fuzzBase {
	t.Helper()
	export := exportRegister(t, h)
	bases := map[string]map[string]fuzzBase{}
	for _, op := range g.ops {
		build, ok := operationCalls[op.id]
		require.True(t, ok, "operation %s has no call in operationCalls", op.id)
		bases[op.id] = map[string]fuzzBase{}
		for _, side := range []string{"A", "B"} {
			call := build(w, w.sides[side])
			require.Equal(t, op.method, call.method, op.id)
			path, query, _ := strings.Cut(call.path, "?")
			b := fuzzBase{path: path, body: []byte(call.body)}
			for kv := range strings.SplitSeq(query, "&") {
				if k, v, _ := strings.Cut(kv, "="); k != "" {
					b.query = append(b.query, [2]string{k, v})
				}
			}
			if op.id == "import-register" {
				b.body = export
			}
			if len(b.body) > 0 {
				b.contentType = "application/json"
				if op.id == "import-population" {
					b.contentType = "text/csv"
				}
			}
			if op.body != nil {
				v, err := parseJSONValue(b.body)
				require.NoError(t, err, "the body of %s", op.id)
				b.json, b.sites = v, g.sites(v, op.body, nil, "body", true, nil)
			}
			if _, ok := op.param("If-Match"); ok {
				res, _ := get(t, h, recordPath(op.template, path))
				require.Equal(t, http.StatusOK, res.StatusCode, "GET the record of %s", op.id)
				b.etag = res.Header.Get("ETag")
			}
			bases[op.id][side] = b
		}
	}
	return bases
}

// recordPath is the path of the record an update at path (of template)
// changes: up to the first path parameter.
func recordPath(template, path string) string {
	n := strings.Index(template, "}")
	return strings.Join(strings.Split(path, "/")[:strings.Count(template[:n], "/")+1], "/")
}

// requests makes the hostile requests for op: as many as its heavy
// rejectors (large and deep bodies) say, and more others the more ways it
// can be got wrong.
func (g *fuzzGen) requests(op fuzzOp) []hostileRequest {
	b := g.bases[op.id]["A"]
	var out []hostileRequest
	n := 180
	for i := range rejectors {
		r := &rejectors[i]
		if !r.applies(op, &b) {
			continue
		}
		for range r.heavy {
			out = append(out, g.next(op, r))
		}
		n += 9 * r.weight
	}
	for range n {
		out = append(out, g.next(op, nil))
	}
	return out
}

// fuzzOutcome is what became of a hostile request.
type fuzzOutcome struct {
	status int
	fault  string // what is wrong with the answer; "" when nothing is
}

// sendHostile sends the requests to h, every contractEvery-th to checked,
// side by side, and holds each answer to the rules (answerOf).
func sendHostile(t *testing.T, h, checked http.Handler, reqs []hostileRequest) []fuzzOutcome {
	out := make([]fuzzOutcome, len(reqs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range specFuzzWorkers {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < len(reqs); i = int(next.Add(1)) - 1 {
				target := h
				if i%contractEvery == 0 && !reqs[i].heavy {
					target = checked
				}
				out[i], _ = answerOf(t, target, &reqs[i], false)
			}
		})
	}
	wg.Wait()
	return out
}

// answerOf sends r to h and says what is wrong with the answer: a 5xx, a
// success unless mayAnswer, or a 4xx that is not a problem document with
// the answer's status and title. It returns the answer's body too.
func answerOf(t *testing.T, h http.Handler, r *hostileRequest, mayAnswer bool) (fuzzOutcome, []byte) {
	req := httptest.NewRequest(r.method, r.target(), bytes.NewReader(r.sentBody()))
	maps.Copy(req.Header, r.header)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	o := fuzzOutcome{status: rec.Code}
	switch {
	case rec.Code >= 500:
		o.fault = "a server error"
	case rec.Code < 400 && !mayAnswer:
		o.fault = "not refused"
	case rec.Code >= 400:
		var body map[string]any
		rt := &recordingTB{TB: t}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
			rt.Errorf("the problem document: %v", err)
		}
		assertProblem(rt, rec.Result(), body, rec.Code)
		if body["title"] != http.StatusText(rec.Code) {
			rt.Errorf("title %q, want %q", body["title"], http.StatusText(rec.Code))
		}
		o.fault = strings.Join(rt.errors, "; ")
	}
	if o.fault != "" {
		b := rec.Body.String()
		if len(b) > 300 {
			b = b[:300] + "…"
		}
		o.fault = fmt.Sprintf("%d: %s\n\t%s", rec.Code, o.fault, b)
	}
	return o, rec.Body.Bytes()
}

// reportSpecFuzz logs the figures: requests, time, statuses and rejectors
// in all, and the requests and statuses of each operation.
func reportSpecFuzz(t *testing.T, ops []fuzzOp, reqs []hostileRequest, outcomes []fuzzOutcome, elapsed time.Duration) {
	statuses, kinds := map[string]int{}, map[string]int{}
	perOp := map[string]map[string]int{}
	for i, o := range outcomes {
		status := fmt.Sprint(o.status)
		statuses[status]++
		kinds[reqs[i].rejector]++
		if perOp[reqs[i].op] == nil {
			perOp[reqs[i].op] = map[string]int{}
		}
		perOp[reqs[i].op][status]++
	}
	t.Logf("%d hostile requests sent in %s (%.0f a second); statuses: %s", len(reqs), elapsed.Round(time.Millisecond),
		float64(len(reqs))/elapsed.Seconds(), countsOf(statuses))
	t.Logf("refused by: %s", countsOf(kinds))
	for _, op := range ops {
		n := 0
		for _, c := range perOp[op.id] {
			n += c
		}
		t.Logf("  %-30s %4d: %s", op.id, n, countsOf(perOp[op.id]))
	}
}

// countsOf writes counts as "n×key", in order of key.
func countsOf(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%d×%s", m[k], k))
	}
	return strings.Join(parts, " ")
}
