package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/localpg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// tokenCLI runs "munireg token SUB --data-dir dataDir ARGS..." beside a
// running serve and returns its exit code, standard output and error.
func tokenCLI(t *testing.T, dataDir, sub string, args ...string) (int, string, string) {
	t.Helper()
	return runBinary(t, nil, append([]string{"token", sub, "--data-dir", dataDir}, args...)...)
}

// status sends a request with a bearer token and returns the status.
func status(t *testing.T, method, url, token, body string, header ...string) int {
	t.Helper()
	code, _, _, err := apiCall(t, http.DefaultClient, method, url, token, body, header...)
	require.NoError(t, err)
	return code
}

// TestTokenCommands manages tokens at the command line beside a running
// serve in local mode: a reader reads and may not write; an editor named by
// organisasjonsnummer changes its own organization and nothing else; a
// revoked token authenticates nothing; list shows them all, secrets never.
func TestTokenCommands(t *testing.T) {
	if _, err := localpg.FindBinaries(os.Getenv(pgtest.EnvBinDir)); err != nil {
		pgtest.SkipOrFail(t, err)
	}
	dataDir := filepath.Join(reachableDir(t), "data")
	srv := startServe(t, dataDir, nil)
	srv.ready(t, 30*time.Second)
	require.NotEmpty(t, srv.token)
	orgs := srv.base + "/v1/organizations"
	require.Equal(t, http.StatusCreated, status(t, "POST", orgs, srv.token,
		`{"name": "Volda kommune", "kind": "kommune", "orgNumber": "939760946"}`))
	require.Equal(t, http.StatusCreated, status(t, "POST", orgs, srv.token,
		`{"name": "Ørsta kommune", "kind": "kommune", "orgNumber": "939461450"}`))

	code, reader, stderr := tokenCLI(t, dataDir, "create", "--role", "reader", "--name", "Eierforum")
	require.Equal(t, 0, code, stderr)
	reader = strings.TrimSpace(reader)
	assert.Regexp(t, `^mr_\S{43}$`, reader, "create prints the secret alone on stdout")
	assert.Contains(t, stderr, "shown this once")
	assert.Equal(t, http.StatusOK, status(t, "GET", orgs, reader, ""))
	assert.Equal(t, http.StatusForbidden, status(t, "POST", orgs, reader, `{"name": "X", "kind": "as"}`))

	code, editor, stderr := tokenCLI(t, dataDir, "create", "--role", "editor", "--org", "939760946", "--name", "Volda økonomi")
	require.Equal(t, 0, code, stderr)
	editor = strings.TrimSpace(editor)
	var volda, orsta string
	for _, n := range []struct {
		number string
		id     *string
	}{{"939760946", &volda}, {"939461450", &orsta}} {
		*n.id = findOrg(t, srv.base, srv.token, n.number)
	}
	assert.Equal(t, http.StatusOK, status(t, "PATCH", orgs+"/"+volda, editor, `{"name": "Volda"}`, "If-Match", `"1"`))
	assert.Equal(t, http.StatusForbidden, status(t, "PATCH", orgs+"/"+orsta, editor, `{"name": "Ørsta"}`, "If-Match", `"1"`))

	code, _, stderr = tokenCLI(t, dataDir, "create", "--role", "editor", "--org", "123456789")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "--org")
	code, _, stderr = tokenCLI(t, dataDir, "create", "--role", "editor")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "--org", "an editor needs organizations")

	code, list, stderr := tokenCLI(t, dataDir, "list")
	require.Equal(t, 0, code, stderr)
	for _, want := range []string{"local admin (first start)", "Eierforum", "Volda økonomi", "Volda"} {
		assert.Contains(t, list, want)
	}
	assert.NotContains(t, list, "mr_", "list shows no secret")
	var readerID string
	for _, line := range strings.Split(list, "\n") {
		if strings.Contains(line, "Eierforum") {
			readerID = strings.Fields(line)[0]
		}
	}
	code, _, stderr = tokenCLI(t, dataDir, "revoke", readerID)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, http.StatusUnauthorized, status(t, "GET", orgs, reader, ""))

	assert.Equal(t, 0, srv.stop(t, syscall.SIGTERM))
}

// findOrg returns the ID of the organization with an organisasjonsnummer.
func findOrg(t *testing.T, base, token, number string) string {
	t.Helper()
	req, err := http.NewRequest("GET", base+"/v1/organizations?orgNumber="+number, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	var page struct{ Items []struct{ ID string } }
	require.NoError(t, json.NewDecoder(res.Body).Decode(&page))
	require.Len(t, page.Items, 1)
	return page.Items[0].ID
}
