package httpapi

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
)

// TestTokenLifecycle: an admin makes an editor's token, whose secret is
// shown once and then works; the token knows who it is; it is listed
// without its secret; revoked, it authenticates nothing.
func TestTokenLifecycle(t *testing.T) {
	h := newAPI(t)
	volda := createOrg(t, h, "Volda kommune", "kommune", "")

	res, body := call(t, h, http.MethodPost, "/v1/tokens",
		fmt.Sprintf(`{"name": "Volda økonomi", "role": "editor", "organizations": [%q]}`, volda))
	require.Equal(t, http.StatusCreated, res.StatusCode, "body %v", body)
	secret := body["secret"].(string)
	id := body["id"].(string)
	assert.Equal(t, "no-store", res.Header.Get("Cache-Control"), "no cache may keep a secret")
	assert.Regexp(t, `^mr_[A-Za-z0-9_-]{43}$`, secret, "256 random bits, recognizable")
	assert.Equal(t, []any{volda}, body["organizations"])
	assert.NotContains(t, body, "lastUsed", "never used yet")

	auth := []string{"Authorization", "Bearer " + secret}
	res, body = call(t, h, http.MethodGet, "/v1/tokens/current", "", auth...)
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.Equal(t, id, body["id"])
	assert.Equal(t, "editor", body["role"])
	assert.NotContains(t, body, "secret")
	assert.NotEmpty(t, body["lastUsed"], "the use is recorded")

	// The scheme is case-insensitive (RFC 9110); other schemes are not tokens.
	res, _ = call(t, h, http.MethodGet, "/v1/tokens/current", "", "Authorization", "bearer "+secret)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	for _, header := range []string{"Basic " + secret, "Bearer", "Bearer ", secret, "Bearer " + secret + "x"} {
		res, body = call(t, h, http.MethodGet, "/v1/organizations", "", "Authorization", header)
		assertProblem(t, res, body, http.StatusUnauthorized)
		assert.True(t, strings.HasPrefix(res.Header.Get("WWW-Authenticate"), `Bearer realm="munireg"`), "%q", header)
	}

	res, body = call(t, h, http.MethodGet, "/v1/tokens", "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, []any{"test admin", "Volda økonomi"}, rows(t, body, "items", "name"))
	assert.NotContains(t, fmt.Sprint(body), secret)
	// An editor may not manage tokens.
	res, body = call(t, h, http.MethodGet, "/v1/tokens", "", auth...)
	assertProblem(t, res, body, http.StatusForbidden)

	res, body = call(t, h, http.MethodPost, "/v1/tokens/"+id+"/revoke", "")
	require.Equal(t, http.StatusOK, res.StatusCode, "body %v", body)
	assert.NotEmpty(t, body["revoked"])
	res, body = call(t, h, http.MethodGet, "/v1/tokens/current", "", auth...)
	assertProblem(t, res, body, http.StatusUnauthorized)
	assert.Contains(t, res.Header.Get("WWW-Authenticate"), `error="invalid_token"`)
	res, _ = call(t, h, http.MethodPost, "/v1/tokens/"+id+"/revoke", "")
	assert.Equal(t, http.StatusOK, res.StatusCode, "revoking twice changes nothing")
	res, body = call(t, h, http.MethodPost, "/v1/tokens/"+missingID+"/revoke", "")
	assertProblem(t, res, body, http.StatusNotFound)
}

// TestTokenRequestsAreValidated: the scope must fit the role, and name
// organizations in the register.
func TestTokenRequestsAreValidated(t *testing.T) {
	h := newAPI(t)
	volda := createOrg(t, h, "Volda kommune", "kommune", "")
	for _, tc := range []struct{ body, location string }{
		{`{"name": "x", "role": "editor"}`, "body.organizations"},
		{fmt.Sprintf(`{"name": "x", "role": "reader", "organizations": [%q]}`, volda), "body.organizations"},
		{fmt.Sprintf(`{"name": "x", "role": "editor", "organizations": [%q]}`, missingID), "body.organizations[0]"},
		{`{"name": "x", "role": "owner"}`, "body.role"},
		{fmt.Sprintf(`{"name": "x", "role": "editor", "organizations": [%q, %q]}`, volda, volda), "body.organizations"},
		{`{"name": "", "role": "reader"}`, "body.name"},
	} {
		res, body := call(t, h, http.MethodPost, "/v1/tokens", tc.body)
		assertInvalid(t, res, body, tc.location)
	}
	res, body := call(t, h, http.MethodGet, "/v1/tokens", "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.EqualValues(t, 1, body["total"], "nothing was made")
}

// TestPublicOperationsNeedNoToken: the probes, the spec and the docs.
func TestPublicOperationsNeedNoToken(t *testing.T) {
	h := validated(t, New(Deps{}))
	for _, path := range []string{"/healthz", "/openapi.json", "/openapi.yaml", "/docs"} {
		res, _ := call(t, h, http.MethodGet, path, "")
		assert.Equal(t, http.StatusOK, res.StatusCode, path)
	}
	res, body := call(t, h, http.MethodGet, "/v1/organizations", "")
	assertProblem(t, res, body, http.StatusUnauthorized)
}

// TestTokenChangesAreAnAdminsToRead: the audit log shows a reader no
// token's name, role or organizations, as the token list does not.
func TestTokenChangesAreAnAdminsToRead(t *testing.T) {
	h, s := newAPIStore(t)
	reader := newToken(t, s, munireg.Token{Name: "Eierforum", Role: munireg.RoleReader})
	res, body := call(t, h, http.MethodGet, "/v1/audit?recordType=token", "")
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.EqualValues(t, 2, body["total"], "the admin sees both tokens made")
	res, body = call(t, h, http.MethodGet, "/v1/audit?recordType=token", "", "Authorization", "Bearer "+reader)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.EqualValues(t, 0, body["total"], "a reader sees none")
	res, body = call(t, h, http.MethodGet, "/v1/audit", "", "Authorization", "Bearer "+reader)
	require.Equal(t, http.StatusOK, res.StatusCode)
	assert.NotContains(t, fmt.Sprint(body), "Eierforum")
}
