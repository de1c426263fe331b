package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/localpg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// importCLI runs "munireg import WHAT --data-dir dataDir ARGS..." with stdin
// and returns its exit code, standard output and error.
func importCLI(t *testing.T, dataDir, stdin string, what string, args ...string) (int, string, string) {
	t.Helper()
	return runBinary(t, []byte(stdin), append([]string{"import", what, "--data-dir", dataDir}, args...)...)
}

// TestImportCommands runs the imports beside a running serve in local mode,
// as a script would: idempotent reference data, SSB's and
// Enhetsregisteret's files, bad files refused naming line and field, no
// progress bar when standard error is not a terminal.
func TestImportCommands(t *testing.T) {
	if _, err := localpg.FindBinaries(os.Getenv(pgtest.EnvBinDir)); err != nil {
		pgtest.SkipOrFail(t, err)
	}
	dataDir := filepath.Join(reachableDir(t), "data")
	srv := startServe(t, dataDir, nil)
	srv.ready(t, 30*time.Second)
	testdata := func(name string) string { return filepath.Join("..", "..", "testdata", name) }

	code, out, errOut := importCLI(t, dataDir, "", "municipalities")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Equal(t, "municipalities: 371 created, 0 updated, 0 unchanged, 0 skipped (records)\n", out)
	assert.NotContains(t, errOut, "\r", "a progress bar on a pipe")
	code, out, errOut = importCLI(t, dataDir, "", "municipalities")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Equal(t, "municipalities: 0 created, 0 updated, 371 unchanged, 0 skipped (records)\n", out, "again")

	code, out, errOut = importCLI(t, dataDir, "", "population", testdata("ssb/07459_long.csv"))
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "population: 7 created, 0 updated, 0 unchanged, 2 skipped (figures)\n")
	assert.Contains(t, out, "  skipped line 11, count: no figure for 3001 Halden (2020-2023) in 2024")

	bad := "region;år;Personer\n1577 Volda;2025;10200\n9999 Ingen;2025;10\n1520 Ørsta;2025;1,5\n"
	code, out, errOut = importCLI(t, dataDir, bad, "population", "-")
	assert.Equal(t, 1, code)
	assert.Empty(t, out)
	assert.Contains(t, errOut, "nothing was loaded")
	assert.Contains(t, errOut, "line 4, count: not a number of persons")
	code, out, errOut = importCLI(t, dataDir, bad, "population", "--skip-invalid", "-")
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Contains(t, out, "population: 1 created, 0 updated, 0 unchanged, 2 skipped (figures)\n")
	assert.Contains(t, out, "  skipped line 3, region: not found: no municipality in the register has or had kommunenummer 9999")

	code, out, errOut = importCLI(t, dataDir, "", "entities", testdata("enhetsregisteret/enheter.json"))
	require.Equal(t, 0, code, "stderr: %s", errOut)
	assert.Equal(t, "entities: 0 created, 0 updated, 3 unchanged, 0 skipped (records)\n", out, "the register's names are its own")
	code, _, errOut = importCLI(t, dataDir, "[\n{\"organisasjonsnummer\": \"939760946\",", "entities", "-")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "line 2: not an Enhetsregisteret download of units: the JSON ends early")
	code, _, errOut = importCLI(t, dataDir, "organisasjonsnummer;navn;organisasjonsform.kode\n939760947;FEIL;AS\n", "entities", "-")
	assert.Equal(t, 1, code)
	assert.Contains(t, errOut, "line 2, organisasjonsnummer: invalid organisasjonsnummer: \"939760947\" fails the MOD11 check")

	// The running server sees it all.
	req, err := http.NewRequest(http.MethodGet, srv.base+"/v1/organizations?orgNumber=939760946", nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+srv.token)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	var page struct {
		Items []struct {
			Name       string
			Population []struct{ Date string }
		}
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&page))
	require.Len(t, page.Items, 1)
	assert.Equal(t, "Volda", page.Items[0].Name)
	assert.Len(t, page.Items[0].Population, 3, "Volda's figures of 2023, 2024 and 2025")
}

func TestImportCommandLine(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		err  string
	}{
		{[]string{"import"}, 2, "munireg import population"},
		{[]string{"import", "-h"}, 0, "Usage:"},
		{[]string{"import", "people"}, 2, `unknown data "people"`},
		{[]string{"import", "population"}, 2, "Usage:"},
		{[]string{"import", "municipalities", "extra"}, 2, "Usage:"},
		{[]string{"import", "population", "/no/such/file.csv"}, 1, "no such file"},
		{[]string{"import", "entities", "--no-such-flag", "x"}, 2, "flag provided but not defined"},
	} {
		code, _, errOut := runCLI(tc.args...)
		assert.Equal(t, tc.code, code, "munireg %v: exit code (stderr %q)", tc.args, errOut)
		assert.Contains(t, errOut, tc.err, "munireg %v: stderr", tc.args)
	}
}

// TestProgressBar draws on a terminal and stays quiet elsewhere.
func TestProgressBar(t *testing.T) {
	var buf bytes.Buffer
	quiet := newProgressBar(&buf, "entities")
	quiet.update(5, 10)
	quiet.finish()
	assert.Empty(t, buf.String(), "a progress bar on a buffer")

	drawn := &progressBar{w: &buf, label: "entities"}
	drawn.update(5, 10)
	drawn.update(10, 10)
	drawn.finish()
	assert.Equal(t, "\rentities [###############               ] 5/10\rentities [##############################] 10/10\n", buf.String())
}
