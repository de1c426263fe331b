package httpapi

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// exportRegister GETs /v1/export from h, requires a 200 and returns the
// document's bytes.
func exportRegister(t *testing.T, h http.Handler) []byte {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/v1/export", nil))
	require.Equal(t, http.StatusOK, rec.Code, "GET /v1/export: %s", rec.Body)
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	return rec.Body.Bytes()
}

// emptyAPI is the API over an empty register of its own (its one token
// aside), called as an admin.
func emptyAPI(t *testing.T) http.Handler { return newAPI(t) }

func TestRegisterExportImport(t *testing.T) {
	src := newAPI(t)
	w := newAccessWorld(t, src)
	first := exportRegister(t, src)
	assert.Equal(t, string(first), string(exportRegister(t, src)), "two exports of one register differ")
	var doc struct{ Organizations, Agreements, Budgets []any }
	require.NoError(t, json.Unmarshal(first, &doc))
	assert.Len(t, doc.Organizations, 6)
	assert.Len(t, doc.Agreements, 2)
	assert.Len(t, doc.Budgets, 2)
	assert.Contains(t, string(first), w.sides["A"].position)

	dst := emptyAPI(t)
	res, body := call(t, dst, http.MethodPost, "/v1/import", string(first))
	require.Equal(t, http.StatusOK, res.StatusCode, "%v", body)
	assert.Equal(t, map[string]any{"organizations": 6.0, "successions": 0.0, "agreements": 2.0, "budgets": 2.0,
		"positions": 2.0, "ownerLists": 0.0, "flows": 2.0, "balances": 0.0, "forums": 1.0}, body)
	assert.Equal(t, string(first), string(exportRegister(t, dst)), "export → import → export changed the document")

	// The records keep their IDs and ETags.
	res, _ = call(t, dst, http.MethodGet, "/v1/positions/"+w.sides["B"].position, "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, `"1"`, res.Header.Get("ETag"))

	// Refusals change nothing.
	res, body = call(t, dst, http.MethodPost, "/v1/import", string(first))
	assertProblem(t, res, body, http.StatusConflict)
	assert.Contains(t, body["errors"].([]any)[0].(map[string]any)["message"], "not empty")

	dangling := strings.Replace(string(first), w.sides["A"].org, "00000000-0000-4000-8000-000000000001", 1)
	for _, tc := range []struct {
		name, body string
		locations  []string
	}{
		{"dangling reference", dangling, nil},
		{"truncated", string(first[:len(first)/2]), []string{"body"}},
		{"another format", `{"format": "bods", "version": 1}`, []string{"body.format"}},
		{"a JSON number", strings.Replace(string(first), `"amount": "1000.00"`, `"amount": 1000`, 1), []string{"body"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dst := emptyAPI(t)
			res, body := call(t, dst, http.MethodPost, "/v1/import", tc.body)
			if tc.locations != nil {
				assertInvalid(t, res, body, tc.locations...)
			} else {
				assertProblem(t, res, body, http.StatusUnprocessableEntity)
				assert.Contains(t, res.Header.Get("Content-Type"), "problem+json")
			}
			empty := exportRegister(t, dst)
			assert.NotContains(t, string(empty), `"id"`, "a refused import changed the register")
		})
	}
}

func TestRegisterImportTooLarge(t *testing.T) {
	h := emptyAPI(t)
	big := `{"format": "munireg-register", "version": 1, "organizations": [{"id": "00000000-0000-4000-8000-000000000001", ` +
		`"revision": 1, "kind": "as", "name": "` + strings.Repeat("x", MaxBodyBytes) + `"}]}`
	res, body := call(t, h, http.MethodPost, "/v1/import", big)
	assertProblem(t, res, body, http.StatusRequestEntityTooLarge)
}

func TestRegisterImportNeedsAnAdmin(t *testing.T) {
	s := pgtest.Store(t)
	h := New(Deps{Storage: s, Logger: slog.New(slog.DiscardHandler)})
	reader := newToken(t, s, munireg.Token{Name: "reader", Role: munireg.RoleReader})
	req := httptest.NewRequest(http.MethodPost, "/v1/import", strings.NewReader(`{"format": "munireg-register", "version": 1}`))
	req.Header.Set("Authorization", "Bearer "+reader)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusForbidden, rec.Code)

	req = httptest.NewRequest(http.MethodGet, "/v1/export", nil)
	req.Header.Set("Authorization", "Bearer "+reader)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusOK, rec.Code, "a reader may export")
	got, err := io.ReadAll(rec.Body)
	require.NoError(t, err)
	assert.Contains(t, string(got), `"format": "munireg-register"`)
}
