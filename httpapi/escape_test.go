package httpapi

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql's "pgx" driver, for the digest
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// The escape tests go beyond the access matrix (access_test.go), which calls
// each operation once per role on one side's records. Here A's editor
// names B's records every way the API lets a request name them — in the
// path, in the body, in both at once, in fields the API does not take —
// and a reader sends every write operation of the served spec. Each refusal
// is held to what the register keeps: its digest, every table of it, is
// the same after as before.

// escapeWorld is the access matrix's world with a company A and B own
// half each, read and written through the API as an admin, with the
// register's database at hand for its digest.
type escapeWorld struct {
	*accessWorld
	h      http.Handler // the API; requests without Authorization act as the admin
	url    string       // the register's database
	db     *sql.DB
	editor string // A's editor's Authorization header
	reader string // a reader's Authorization header
	joint  string // a company A and B own half each
}

func newEscapeWorld(t *testing.T) *escapeWorld {
	t.Helper()
	u := pgtest.URL(t)
	s := pgtest.Open(t, u)
	db, err := sql.Open("pgx", u)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	h := withToken(validated(t, New(Deps{Storage: s, Logger: slog.New(slog.DiscardHandler)})),
		newToken(t, s, munireg.Token{Name: "admin", Role: munireg.RoleAdmin}))
	w := &escapeWorld{accessWorld: newAccessWorld(t, h), h: h, url: u, db: db}
	a, b := w.sides["A"], w.sides["B"]
	w.joint = createOrg(t, h, "AB Kraft AS", "as", "")
	for _, owner := range []string{a.org, b.org} {
		create(t, h, "/v1/positions", fmt.Sprintf(`{"owner": %q, "entity": %q, "economic": "0.5",
			"valid": {"from": "2020-01-01"}, "category": "financial"}`, owner, w.joint))
	}
	w.editor = "Bearer " + newToken(t, s, munireg.Token{Name: "editor of A", Role: munireg.RoleEditor, Organizations: []string{a.org}})
	w.reader = "Bearer " + newToken(t, s, munireg.Token{Name: "reader", Role: munireg.RoleReader})
	return w
}

// etagOf returns the ETag of the record at path, read as the admin.
func (w *escapeWorld) etagOf(t *testing.T, path string) string {
	t.Helper()
	res, body := call(t, w.h, http.MethodGet, path, "")
	require.Equal(t, http.StatusOK, res.StatusCode, "GET %s: %v", path, body)
	require.NotEmpty(t, res.Header.Get("ETag"), "GET %s", path)
	return res.Header.Get("ETag")
}

// digest is a fingerprint of everything the register keeps (pgtest.Digest).
func (w *escapeWorld) digest(t *testing.T) map[string]string {
	t.Helper()
	return pgtest.Digest(t, w.url)
}

// auditRows counts the audit log's rows.
func (w *escapeWorld) auditRows(t *testing.T) int {
	t.Helper()
	var n int
	require.NoError(t, w.db.QueryRowContext(t.Context(), "SELECT count(*) FROM audit").Scan(&n))
	return n
}

// escape is a request that must be refused with status and change nothing.
type escape struct {
	what string
	request
	ifMatch string // the path of the record whose current ETag to send, if any
	status  int
}

// TestEscapeEditorScopeHoldsOnEveryObject: A's editor sends B's records'
// IDs in paths and bodies, A's records' paths with B in the body, and
// fields no request takes (IDs, revisions, owners, times) on A's own
// records. Each is refused — 403 for a record out of scope, 422 for a
// field the operation does not take, 404 for an ID spelt otherwise — with the current If-Match, so that
// no 412 hides a write that would have gone through, and the register is
// unchanged, every table of it. Then the same editor changes A's records,
// to show that the refusals were the scope's.
func TestEscapeEditorScopeHoldsOnEveryObject(t *testing.T) {
	w := newEscapeWorld(t)
	a, b := w.sides["A"], w.sides["B"]
	version := func(host, from string) string {
		return fmt.Sprintf(`{"adopted": "2025-06-01", "valid": {"from": %q}, "host": %q,
			"participants": [{"organization": {"id": %q}}, {"organization": {"id": %q}}],
			"key": {"components": [{"name": "likt", "weight": "1", "basis": "equal"}]}}`, from, host, a.org, b.org)
	}
	position := func(owner, entity, extra string) string {
		return fmt.Sprintf(`{"owner": %q, "entity": %q, "economic": "0.1", "valid": {"from": "2025-01-01"}%s}`, owner, entity, extra)
	}
	flow := func(owner, entity, extra string) string {
		return fmt.Sprintf(`{"owner": %q, "entity": %q, "kind": "dividend", "year": 2025, "amount": "10.00"%s}`, owner, entity, extra)
	}
	distribution := func(entity string) string {
		return fmt.Sprintf(`{"entity": %q, "total": "1000.00", "asOf": "2025-06-30", "record": true, "year": 2025}`, entity)
	}
	const forbidden, invalid = http.StatusForbidden, http.StatusUnprocessableEntity
	const chosenID = "11111111-1111-4111-8111-111111111111"
	escapes := []escape{
		// B's records, by their IDs in the path.
		{"B's position", request{"PATCH", "/v1/positions/" + b.position, `{"purpose": "Overtatt"}`}, "/v1/positions/" + b.position, forbidden},
		{"B's position, its ID in capitals: no ID of the register", request{"PATCH", "/v1/positions/" + strings.ToUpper(b.position), `{"purpose": "Overtatt"}`}, "/v1/positions/" + b.position, http.StatusNotFound},
		{"ending B's position", request{"POST", "/v1/positions/" + b.position + "/end", `{"date": "2025-12-31"}`}, "/v1/positions/" + b.position, forbidden},
		{"B's flow", request{"PATCH", "/v1/flows/" + b.flow, `{"amount": "1.00"}`}, "/v1/flows/" + b.flow, forbidden},
		{"deleting B's flow", request{"DELETE", "/v1/flows/" + b.flow, ""}, "/v1/flows/" + b.flow, forbidden},
		{"B's agreement", request{"PATCH", "/v1/agreements/" + b.agreement, `{"name": "Overtatt"}`}, "/v1/agreements/" + b.agreement, forbidden},
		{"taking B's agreement over with a version A hosts", request{"POST", "/v1/agreements/" + b.agreement + "/versions", version(a.org, "2026-01-01")}, "/v1/agreements/" + b.agreement, forbidden},
		{"a budget of B's agreement", request{"POST", "/v1/agreements/" + b.agreement + "/budgets", `{"year": 2026, "total": "1.00"}`}, "", forbidden},
		{"B's organization record", request{"PATCH", "/v1/organizations/" + b.org, `{"name": "B herad"}`}, "/v1/organizations/" + b.org, forbidden},
		{"B's population", request{"PUT", "/v1/organizations/" + b.org + "/population", `{"population": [{"date": "2026-01-01", "count": 1}]}`}, "/v1/organizations/" + b.org, forbidden},
		{"the record of a company B owns", request{"PATCH", "/v1/organizations/" + b.company, `{"name": "Overtatt AS"}`}, "/v1/organizations/" + b.company, forbidden},
		{"the record of a company A owns: owning is not being", request{"PATCH", "/v1/organizations/" + a.company, `{"name": "Overtatt AS"}`}, "/v1/organizations/" + a.company, forbidden},

		// B named in the body.
		{"a position owned by B", request{"POST", "/v1/positions", position(b.org, a.fresh, "")}, "", forbidden},
		{"a flow owned by B", request{"POST", "/v1/flows", flow(b.org, b.company, "")}, "", forbidden},
		{"a flow from A's company to B", request{"POST", "/v1/flows", flow(b.org, a.company, "")}, "", forbidden},
		{"an agreement B hosts", request{"POST", "/v1/agreements", hostedAgreement("B legevakt", b.org, a.org, b.org)}, "", forbidden},
		{"recording the dividend of B's company", request{"POST", "/v1/distributions", distribution(b.company)}, "", forbidden},
		{"recording the dividend of a company A and B own: not even A's half", request{"POST", "/v1/distributions", distribution(w.joint)}, "", forbidden},
		{"a token for oneself as an admin", request{"POST", "/v1/tokens", `{"name": "meg", "role": "admin"}`}, "", forbidden},
		{"a token for oneself with B added", request{"POST", "/v1/tokens", fmt.Sprintf(`{"name": "meg", "role": "editor", "organizations": [%q, %q]}`, a.org, b.org)}, "", forbidden},

		// A's records in the path, B in the body.
		{"handing A's agreement to B", request{"PATCH", "/v1/agreements/" + a.agreement, `{"versions": [` + version(b.org, "2025-01-01") + `]}`}, "/v1/agreements/" + a.agreement, forbidden},
		{"a version of A's agreement that B hosts", request{"POST", "/v1/agreements/" + a.agreement + "/versions", version(b.org, "2026-01-01")}, "/v1/agreements/" + a.agreement, forbidden},
		{"A's position given to B", request{"PATCH", "/v1/positions/" + a.position, fmt.Sprintf(`{"purpose": "x", "owner": %q}`, b.org)}, "/v1/positions/" + a.position, invalid},
		{"A's position moved to B's company", request{"PATCH", "/v1/positions/" + a.position, fmt.Sprintf(`{"entity": %q}`, b.company)}, "/v1/positions/" + a.position, invalid},
		{"A's position given to B, the field in capitals", request{"PATCH", "/v1/positions/" + a.position, fmt.Sprintf(`{"purpose": "x", "Owner": %q}`, b.org)}, "/v1/positions/" + a.position, invalid},
		{"ending A's position as B's", request{"POST", "/v1/positions/" + a.position + "/end", fmt.Sprintf(`{"date": "2025-12-31", "owner": %q}`, b.org)}, "/v1/positions/" + a.position, invalid},
		{"A's flow given to B", request{"PATCH", "/v1/flows/" + a.flow, fmt.Sprintf(`{"amount": "1.00", "owner": %q}`, b.org)}, "/v1/flows/" + a.flow, invalid},
		{"A's population for B", request{"PUT", "/v1/organizations/" + a.org + "/population", fmt.Sprintf(`{"population": [{"date": "2026-01-01", "count": 1}], "organization": %q}`, b.org)}, "/v1/organizations/" + a.org, invalid},
		{"a budget of A's agreement for B's", request{"POST", "/v1/agreements/" + a.agreement + "/budgets", fmt.Sprintf(`{"year": 2026, "total": "1.00", "agreement": %q}`, b.agreement)}, "", invalid},
		{"A's organization record as B's", request{"PATCH", "/v1/organizations/" + a.org, fmt.Sprintf(`{"name": "x", "id": %q}`, b.org)}, "/v1/organizations/" + a.org, invalid},

		// Fields the register sets, on A's own records.
		{"a position's revision", request{"PATCH", "/v1/positions/" + a.position, `{"purpose": "x", "revision": 99}`}, "/v1/positions/" + a.position, invalid},
		{"a position's ID", request{"PATCH", "/v1/positions/" + a.position, fmt.Sprintf(`{"purpose": "x", "id": %q}`, chosenID)}, "/v1/positions/" + a.position, invalid},
		{"a new position's ID", request{"POST", "/v1/positions", position(a.org, a.fresh, `, "id": "`+chosenID+`"`)}, "", invalid},
		{"a new flow's revision", request{"POST", "/v1/flows", flow(a.org, a.company, `, "revision": 5`)}, "", invalid},
		{"a flow's revision", request{"PATCH", "/v1/flows/" + a.flow, `{"amount": "1.00", "revision": 99}`}, "/v1/flows/" + a.flow, invalid},
		{"an agreement's ID and revision", request{"PATCH", "/v1/agreements/" + a.agreement, fmt.Sprintf(`{"name": "x", "id": %q, "revision": 7}`, chosenID)}, "/v1/agreements/" + a.agreement, invalid},
		{"a new agreement's ID", request{"POST", "/v1/agreements", strings.Replace(hostedAgreement("A legevakt", a.org, a.org, b.org), "{", `{"id": "`+chosenID+`", `, 1)}, "", invalid},
		{"an organization's revision and times", request{"PATCH", "/v1/organizations/" + a.org, `{"name": "x", "revision": 9, "updatedAt": "2020-01-01T00:00:00Z"}`}, "/v1/organizations/" + a.org, invalid},
		{"a new budget's ID and issue time", request{"POST", "/v1/agreements/" + a.agreement + "/budgets", fmt.Sprintf(`{"year": 2026, "total": "1.00", "id": %q, "issued": "2020-01-01T00:00:00Z"}`, chosenID)}, "", invalid},
	}

	before, audited := w.digest(t), w.auditRows(t)
	for _, e := range escapes {
		header := []string{"Authorization", w.editor}
		if e.ifMatch != "" {
			header = append(header, "If-Match", w.etagOf(t, e.ifMatch))
		}
		res, body := call(t, w.h, e.method, e.path, e.body, header...)
		assert.Equal(t, e.status, res.StatusCode, "%s: %s %s = %v", e.what, e.method, e.path, body)
		assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"), e.what)
		after := w.digest(t)
		assert.Equal(t, before, after, "%s: the register changed", e.what)
		before = after // one failure, one message
	}
	assert.Equal(t, audited, w.auditRows(t), "no audit row for a refused change")

	// The same editor changes A's records: the refusals were the scope's.
	for _, r := range []request{
		{"PATCH", "/v1/positions/" + a.position, `{"purpose": "Avkastning"}`},
		{"PATCH", "/v1/agreements/" + a.agreement, `{"name": "A barnevern (ny)"}`},
		{"PATCH", "/v1/organizations/" + a.org, `{"name": "A herad"}`},
		{"POST", "/v1/positions", position(a.org, a.fresh, "")},
	} {
		header := []string{"Authorization", w.editor}
		if r.method == http.MethodPatch {
			header = append(header, "If-Match", w.etagOf(t, r.path))
		}
		res, body := call(t, w.h, r.method, r.path, r.body, header...)
		assert.True(t, res.StatusCode == http.StatusOK || res.StatusCode == http.StatusCreated, "%s %s = %d %v", r.method, r.path, res.StatusCode, body)
	}
	assert.Equal(t, audited+4, w.auditRows(t), "one audit row per change A's editor may make")
}

// TestEscapeTokenBodiesTakeNoRegisterFields: an admin's new token takes a
// name, a role and organizations, nothing the register sets — its ID,
// secret, times, revocation — and an unknown field makes no token.
func TestEscapeTokenBodiesTakeNoRegisterFields(t *testing.T) {
	w := newEscapeWorld(t)
	before := w.digest(t)
	for _, extra := range []string{
		`"id": "11111111-1111-4111-8111-111111111111"`,
		`"secret": "mr_` + strings.Repeat("A", 43) + `"`,
		`"created": "2020-01-01T00:00:00Z"`,
		`"lastUsed": "2020-01-01T00:00:00Z"`,
		`"revoked": null`,
		`"scope": ["*"]`,
	} {
		res, body := call(t, w.h, http.MethodPost, "/v1/tokens", `{"name": "x", "role": "reader", `+extra+`}`)
		assert.Equal(t, http.StatusUnprocessableEntity, res.StatusCode, "%s: %v", extra, body)
		after := w.digest(t)
		assert.Equal(t, before, after, "%s: the register changed", extra)
		before = after
	}
}

// writeOperation is a non-GET operation of the served spec.
type writeOperation struct{ id, method, path string }

// servedWriteOperations reads the spec as served and returns every
// operation that is not a GET, with its access rule (x-munireg-access).
func servedWriteOperations(t *testing.T) map[writeOperation]string {
	t.Helper()
	res, body := get(t, New(Deps{}), "/openapi.json")
	require.Equal(t, http.StatusOK, res.StatusCode)
	raw, err := json.Marshal(body["paths"])
	require.NoError(t, err)
	var paths map[string]map[string]struct {
		OperationID string `json:"operationId"`
		Access      string `json:"x-munireg-access"`
	}
	require.NoError(t, json.Unmarshal(raw, &paths))
	out := map[writeOperation]string{}
	for path, methods := range paths {
		for method, op := range methods {
			if m := strings.ToUpper(method); m != http.MethodGet && op.OperationID != "" {
				out[writeOperation{op.OperationID, m, path}] = op.Access
			}
		}
	}
	return out
}

// computeOnly are the write operations of the spec (POSTs) that compute and
// store nothing, which a reader may call. Named here, not read from the
// policy: an operation the policy wrongly lets a reader call is what the
// test is for.
var computeOnly = map[string]bool{
	"compute-allocation":    true,
	"compute-tariff":        true,
	"compute-look-through":  true,
	"compute-forum-summary": true,
	"settle-budget":         true,
}

// TestEscapeReaderChangesNothing sends every operation of the served spec
// that is not a GET — a new one is covered as soon as it is served — as a
// reader and without a token, with the access matrix's valid call on A's
// records: the reader gets a 403 (the calculators a 200), no token a 401,
// and the register is unchanged, every table of it. A distribution
// recorded that would record nothing (a total of zero) is refused to a
// reader too.
func TestEscapeReaderChangesNothing(t *testing.T) {
	w := newEscapeWorld(t)
	a := w.sides["A"]
	ops := servedWriteOperations(t)
	require.NotEmpty(t, ops)
	before, audited := w.digest(t), w.auditRows(t)
	refused := 0
	for op, rule := range ops {
		build, ok := operationCalls[op.id]
		require.True(t, ok, "%s (%s %s) has no call in operationCalls", op.id, op.method, op.path)
		r := build(w.accessWorld, a)
		require.Equal(t, op.method, r.method, "%s: the matrix's call", op.id)
		assert.NotEqual(t, "public", rule, "%s changes the register without a token?", op.id)

		res, body := call(t, w.h, r.method, r.path, r.body, "Authorization", w.reader, "If-Match", `"1"`)
		what := fmt.Sprintf("a reader's %s %s = %d %v", r.method, r.path, res.StatusCode, body)
		if computeOnly[op.id] {
			assert.Equal(t, http.StatusOK, res.StatusCode, what)
		} else {
			assert.Equal(t, http.StatusForbidden, res.StatusCode, what)
			refused++
		}
		res, body = call(t, w.h, r.method, r.path, r.body, "Authorization", "", "If-Match", `"1"`)
		assert.Equal(t, http.StatusUnauthorized, res.StatusCode, "no token: %s %s = %d %v", r.method, r.path, res.StatusCode, body)
		after := w.digest(t)
		assert.Equal(t, before, after, "%s: the register changed", op.id)
		before = after
	}
	res, body := call(t, w.h, http.MethodPost, "/v1/distributions", fmt.Sprintf(`{"entity": %q, "total": "0.00",
		"asOf": "2025-06-30", "record": true, "year": 2025}`, a.company), "Authorization", w.reader)
	assert.Equal(t, http.StatusForbidden, res.StatusCode, "a reader recording a distribution of nothing: %v", body)
	assert.Equal(t, before, w.digest(t), "a reader's distribution of nothing changed the register")
	assert.Equal(t, audited, w.auditRows(t), "no audit row for a refused change")
	t.Logf("%d write operations served: %d refused to a reader, %d calculators", len(ops), refused, len(ops)-refused)
}
