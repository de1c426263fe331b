package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/localpg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// TestExportImportRegister moves a register from one local-mode data
// directory to another with the binary: the demo register, exported beside
// the serve that holds it, imported into a new register, exported again,
// gives the same bytes; a second import into the now full register, and a
// truncated document, are refused and change nothing.
func TestExportImportRegister(t *testing.T) {
	if _, err := localpg.FindBinaries(os.Getenv(pgtest.EnvBinDir)); err != nil {
		pgtest.SkipOrFail(t, err)
	}
	parent := reachableDir(t)
	src, dst := filepath.Join(parent, "src"), filepath.Join(parent, "dst")
	doc := filepath.Join(parent, "register.json")

	srv := startServe(t, src, nil, "--demo")
	srv.ready(t, 60*time.Second)
	code, _, stderr := runBinary(t, nil, "export", "--data-dir", src, "-o", doc)
	require.Equal(t, 0, code, "export beside serve: %s", stderr)
	assert.Equal(t, 0, srv.stop(t, syscall.SIGTERM), "exit code after SIGTERM\n%s", srv.stderr)
	first, err := os.ReadFile(doc)
	require.NoError(t, err)

	var parsed struct {
		Format        string
		Version       int
		Organizations []json.RawMessage
		Agreements    []json.RawMessage
		Positions     []json.RawMessage
		Flows         []json.RawMessage
	}
	require.NoError(t, json.Unmarshal(first, &parsed))
	assert.Equal(t, "munireg-register", parsed.Format)
	assert.Equal(t, 1, parsed.Version)
	assert.Greater(t, len(parsed.Organizations), 357, "the demo's municipalities and companies")
	assert.NotEmpty(t, parsed.Agreements)
	assert.NotEmpty(t, parsed.Positions)
	assert.NotEmpty(t, parsed.Flows)

	code, stdout, stderr := runBinary(t, nil, "import", "register", "--data-dir", dst, doc)
	require.Equal(t, 0, code, "import: %s", stderr)
	assert.Regexp(t, `^imported \d+ organizations, .* \d+ forums into the local PostgreSQL in `, stdout)

	code, second, stderr := runBinary(t, nil, "export", "--data-dir", dst)
	require.Equal(t, 0, code, "export of the imported register: %s", stderr)
	assert.Equal(t, string(first), second, "export → import → export changed the document")

	// Refused: a full register, a truncated document (from standard input).
	code, _, stderr = runBinary(t, nil, "import", "register", "--data-dir", dst, doc)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "the register is not empty")
	code, _, stderr = runBinary(t, first[:len(first)/3], "import", "register", "--data-dir", filepath.Join(parent, "none"), "-")
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "truncated")
	_, err = os.Stat(filepath.Join(parent, "none"))
	assert.True(t, os.IsNotExist(err), "a document refused for its form opened a database")
	code, again, _ := runBinary(t, nil, "export", "--data-dir", dst)
	require.Equal(t, 0, code)
	assert.Equal(t, second, again, "a refused import changed the register")

	code, _, stderr = runBinary(t, nil, "import", "register", "--data-dir", dst)
	assert.Equal(t, 2, code, "no FILE is a usage error")
	assert.Contains(t, stderr, "Usage:")
}
