package main

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"regexp"
	"syscall"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/localpg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// TestCheckCommand checks the demo register beside the serve that holds it,
// as a nightly job would: clean, it exits 0; after a flow is changed by
// hand around munireg, 1, naming the rule and the flow; when the database
// cannot be reached, 2.
func TestCheckCommand(t *testing.T) {
	if _, err := localpg.FindBinaries(os.Getenv(pgtest.EnvBinDir)); err != nil {
		pgtest.SkipOrFail(t, err)
	}
	dataDir := filepath.Join(reachableDir(t), "data")
	srv := startServe(t, dataDir, nil, "--demo")
	srv.ready(t, 60*time.Second)

	code, stdout, stderr := runBinary(t, nil, "check", "--data-dir", dataDir)
	require.Equal(t, 0, code, "check of the demo register: %s%s", stdout, stderr)
	assert.Regexp(t, `^checked \d+ rules in \S+: no violations\n$`, stdout)
	code, stdout, _ = runBinary(t, nil, "check", "-v", "--data-dir", dataDir)
	require.Equal(t, 0, code)
	assert.Regexp(t, `(?m)^# position-share-sum +0 violations +\S+$`, stdout, "-v gives each rule's count and time")

	url, err := localpg.Attach(dataDir, "postgres")
	require.NoError(t, err)
	db, err := sql.Open("pgx", url)
	require.NoError(t, err)
	defer db.Close()
	var flow string
	require.NoError(t, db.QueryRowContext(context.Background(),
		`UPDATE flow SET amount = amount + 1 WHERE id = (SELECT id FROM flow ORDER BY id LIMIT 1) RETURNING id`).Scan(&flow))

	code, stdout, stderr = runBinary(t, nil, "check", "--data-dir", dataDir)
	assert.Equal(t, 1, code, "check after a change around munireg: %s", stderr)
	assert.Regexp(t, `(?m)^audit-current\t`+regexp.QuoteMeta(flow)+`\tthis flow is not what the audit log recorded at its revision 1$`, stdout)
	assert.Regexp(t, `(?m)^checked \d+ rules in \S+: 1 violation of 1 rule \(audit-current 1\)$`, stdout)
	assert.Empty(t, stderr)
	assert.Equal(t, 0, srv.stop(t, syscall.SIGTERM), "exit code after SIGTERM\n%s", srv.stderr)

	code, stdout, stderr = runBinary(t, nil, "check", "--database-url", "postgres://munireg@127.0.0.1:1/none")
	assert.Equal(t, 2, code, "check without a database: %s", stdout)
	assert.Contains(t, stderr, "munireg: ")
	assert.Empty(t, stdout)
}
