package httpapi

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestNoOperationAnswers500ToHostileInput sends every operation of the
// spec malformed and hostile requests — wrong IDs in the path, bodies that
// are not JSON, numbers where strings belong, huge exponents, deep nesting,
// injection strings, oversized bodies — against the real store, and holds
// the API to its promise: a clear 4xx problem document, never a 500. (The
// generated fuzzer of the reliability issue goes further.)
func TestNoOperationAnswers500ToHostileInput(t *testing.T) {
	h := newAPI(t) // as an admin: past authentication, to every handler
	param := regexp.MustCompile(`\{[^}]+\}`)
	ids := []string{"00000000-0000-4000-8000-000000000000", "not-an-id", "%27%3B%20DROP%20TABLE%20organization%3B--", "..%2F..%2Fetc"}
	bodies := []string{
		``, `not json`, `[]`, `{}`, `null`, `"x"`,
		`{"total": 1e999999, "year": "2024", "name": 12, "owners": "x", "versions": {}}`,
		`{"total": "1e999999", "economic": "NaN", "amount": "-0", "year": 99999999999, "asOf": "2024-13-45"}`,
		`{"name": "'; DROP TABLE organization; --", "kind": "kommune", "orgNumber": "123456789"}`,
		strings.Repeat(`{"a":`, 10000) + `1` + strings.Repeat(`}`, 10000),
		`{"participants": [{"ref": "", "population": -1}], "components": [{"weight": "2", "basis": "metric:"}], "total": "1.005"}`,
		"{\"name\": \"\xff\xfe bad utf-8\"}",
	}
	queries := []string{"", "?year=abc&asOf=yesterday&limit=-5&after=%00", "?year=0&n=100000&headers=xx"}
	sent := 0
	for path, item := range Document().Paths {
		for method, op := range map[string]bool{http.MethodGet: item.Get != nil, http.MethodPost: item.Post != nil,
			http.MethodPut: item.Put != nil, http.MethodPatch: item.Patch != nil, http.MethodDelete: item.Delete != nil} {
			if !op {
				continue
			}
			for _, id := range ids {
				p := param.ReplaceAllString(path, id)
				for _, q := range queries {
					for _, body := range bodies {
						if method == http.MethodGet && body != "" {
							continue
						}
						check(t, h, method, p+q, body)
						sent++
					}
				}
			}
		}
	}
	// A body over the limit.
	check(t, h, http.MethodPost, "/v1/organizations", `{"name": "`+strings.Repeat("x", MaxBodyBytes+10)+`"}`)
	t.Logf("%d hostile requests, no 5xx", sent+1)
}

func check(t *testing.T, h http.Handler, method, target, body string) {
	t.Helper()
	req := httptest.NewRequest(method, target, bytes.NewReader([]byte(body)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("If-Match", `"1"`)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		b, _ := io.ReadAll(rec.Body)
		t.Errorf("%s %s with %.80q = %d: %s", method, target, body, rec.Code, b)
		return
	}
	if rec.Code >= 400 {
		assert.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"),
			fmt.Sprintf("%s %s with %.40q = %d", method, target, body, rec.Code))
	}
}

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
