package httpapi

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestProblemsDoNotEchoObjects: a 422 names every violation but does not
// echo the object each one is located at; it did, and a body with n
// unknown properties came back as n copies of itself (60 KB in, 300 MB
// out).
func TestProblemsDoNotEchoObjects(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"total": "100.00"`)
	for i := range 1000 {
		fmt.Fprintf(&b, `, "k%d": %d`, i, i)
	}
	b.WriteString(`}`)
	req := httptest.NewRequest(http.MethodPost, "/v1/allocations/compute", strings.NewReader(b.String()))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	newAPI(t).ServeHTTP(rec, req)
	assert.Equal(t, http.StatusUnprocessableEntity, rec.Code)
	assert.Contains(t, rec.Body.String(), `"location":"body.k999"`)
	assert.Less(t, rec.Body.Len(), 10*b.Len(), "the problem is out of proportion to the request")
}

// TestPropertyNamesAreCaseSensitive: a property named in another case is
// one the schema does not have. It was validated as its namesake and
// decoded in its place: {"purpose": "ok", "Purpose": "<5000 bytes>"} stored
// a purpose of 5000 bytes, where 2000 is the most.
func TestPropertyNamesAreCaseSensitive(t *testing.T) {
	h := newAPI(t)
	a := createOrg(t, h, "A kommune", "kommune", "")
	b := createOrg(t, h, "B AS", "as", "")
	long := strings.Repeat("x", 5000)
	res, body := call(t, h, http.MethodPost, "/v1/positions", fmt.Sprintf(`{"owner": %q, "entity": %q, "economic": "0.5",
		"purpose": "ok", "Purpose": %q}`, a, b, long))
	assertInvalid(t, res, body, "body.Purpose")
	res, body = call(t, h, http.MethodPost, "/v1/organizations", `{"name": "C AS", "kind": "as", "Kind": "kommune"}`)
	assertInvalid(t, res, body, "body.Kind")
	res, body = call(t, h, http.MethodPost, "/v1/organizations", `{"NAME": "C AS", "kind": "as"}`)
	assertInvalid(t, res, body, "body.NAME")
}

// TestTextWithNULIsA422: PostgreSQL's text holds no NUL (U+0000); a name,
// purpose or search with one reached SQL and was a 500. Every text the
// register keeps is checked (munireg.CheckText).
func TestTextWithNULIsA422(t *testing.T) {
	h := newAPI(t)
	w := newAccessWorld(t, h)
	a := w.sides["A"]
	for _, tc := range []struct {
		method, path, body, location string
	}{
		{"POST", "/v1/organizations", `{"name": "Volda\u0000", "kind": "kommune"}`, "body.name"},
		{"PATCH", "/v1/organizations/" + a.org, `{"name": "\u0000"}`, "body.name"},
		{"POST", "/v1/forums", fmt.Sprintf(`{"name": "F", "description": "a\u0000b", "owners": [%q]}`, a.org), "body.description"},
		{"PATCH", "/v1/forums/" + w.forum, `{"name": "F\u0000"}`, "body.name"},
		{"PATCH", "/v1/positions/" + a.position, `{"purpose": "a\u0000b"}`, "body.purpose"},
		{"PATCH", "/v1/positions/" + a.position, `{"shareClass": "\u0000"}`, "body.shareClass"},
		{"POST", "/v1/tokens", `{"name": "x\u0000", "role": "reader"}`, "body.name"},
		{"PATCH", "/v1/agreements/" + a.agreement, `{"name": "\u0000"}`, "body.name"},
		{"POST", "/v1/agreements/" + a.agreement + "/versions", fmt.Sprintf(`{"adopted": "2025-12-01", "valid": {"from": "2026-01-01"},
			"host": %q, "purpose": "\u0000", "participants": [{"organization": {"id": %q}, "seats": {"styret\u0000": 1}},
			{"organization": {"id": %q}}], "key": {"components": [{"name": "likt\u0000", "weight": "1", "basis": "equal"}]}}`,
			a.org, a.org, w.sides["B"].org), "body.purpose"},
		{"GET", "/v1/organizations?name=%00", "", "query.name"},
		{"GET", "/v1/agreements?name=a%00", "", "query.name"},
	} {
		res, body := call(t, h, tc.method, tc.path, tc.body, "If-Match", `"1"`)
		assertInvalid(t, res, body, tc.location)
	}
}
