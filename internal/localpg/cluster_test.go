package localpg_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/localpg"
	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// needBinaries skips (or under CI fails) a test when PostgreSQL is missing.
func needBinaries(t *testing.T) {
	t.Helper()
	if _, err := localpg.FindBinaries(os.Getenv(pgtest.EnvBinDir)); err != nil {
		pgtest.SkipOrFail(t, err)
	}
}

// clusterDir is a fresh directory the postgres user can reach (t.TempDir's
// parents are private to us, which matters when the tests run as root).
func clusterDir(t *testing.T) string {
	t.Helper()
	d, err := os.MkdirTemp("", "localpg-test-")
	require.NoError(t, err)
	require.NoError(t, os.Chmod(d, 0o755))
	t.Cleanup(func() { _ = os.RemoveAll(d) })
	return filepath.Join(d, "cluster")
}

func start(t *testing.T, opts localpg.Options) *localpg.Cluster {
	t.Helper()
	opts.BinDir = os.Getenv(pgtest.EnvBinDir)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := localpg.Start(ctx, opts)
	require.NoError(t, err, "Start(%+v)", opts)
	t.Cleanup(func() { _ = c.Stop(context.Background()) })
	return c
}

func TestRestartKeepsData(t *testing.T) {
	needBinaries(t)
	ctx := context.Background()
	dir := clusterDir(t)

	c := start(t, localpg.Options{Dir: dir})
	s, err := pgstore.Open(ctx, c.URL("postgres"))
	require.NoError(t, err)
	_, err = s.Migrate(ctx)
	require.NoError(t, err)
	before, err := s.Instance(ctx)
	require.NoError(t, err)
	require.NoError(t, s.Close())
	require.NoError(t, c.Stop(ctx))
	select {
	case <-c.Done():
	default:
		t.Fatal("Stop returned while the server was still running")
	}
	_, err = os.Stat(filepath.Join(c.DataDir(), "postmaster.pid"))
	assert.True(t, errors.Is(err, os.ErrNotExist), "postmaster.pid after Stop: %v, want it gone (clean shutdown)", err)

	c = start(t, localpg.Options{Dir: dir})
	s, err = pgstore.Open(ctx, c.URL("postgres"))
	require.NoError(t, err)
	defer s.Close()
	after, err := s.Instance(ctx)
	require.NoError(t, err)
	assert.Equal(t, before.ID, after.ID, "register instance after a restart")
}

func TestSecondStartOnSameDirectoryIsRefused(t *testing.T) {
	needBinaries(t)
	dir := clusterDir(t)
	c := start(t, localpg.Options{Dir: dir})

	_, err := localpg.Start(context.Background(), localpg.Options{Dir: dir, BinDir: os.Getenv(pgtest.EnvBinDir)})
	require.Error(t, err)
	assert.True(t, errors.Is(err, localpg.ErrAlreadyRunning), "second Start = %v, want ErrAlreadyRunning", err)
	assert.Contains(t, err.Error(), "another munireg serve")

	// The first one is unharmed.
	s, err := pgstore.Open(context.Background(), c.URL("postgres"))
	require.NoError(t, err)
	require.NoError(t, s.Close())
}

// TestAttachFindsTheRunningServer: a command beside a running serve reaches
// its server through the socket; with the server stopped it is told so.
func TestAttachFindsTheRunningServer(t *testing.T) {
	needBinaries(t)
	ctx := context.Background()
	dir := clusterDir(t)
	_, err := localpg.Attach(dir, "postgres")
	assert.True(t, errors.Is(err, localpg.ErrNotRunning), "Attach before any start = %v", err)

	c := start(t, localpg.Options{Dir: dir})
	url, err := localpg.Attach(dir, "postgres")
	require.NoError(t, err)
	assert.Equal(t, c.URL("postgres"), url)
	s, err := pgstore.Open(ctx, url)
	require.NoError(t, err)
	require.NoError(t, s.Ping(ctx))
	require.NoError(t, s.Close())

	require.NoError(t, c.Stop(ctx))
	_, err = localpg.Attach(dir, "postgres")
	assert.True(t, errors.Is(err, localpg.ErrNotRunning), "Attach after Stop = %v", err)
}

func TestLoopbackNeedsThePassword(t *testing.T) {
	needBinaries(t)
	ctx := context.Background()
	c := start(t, localpg.Options{Dir: clusterDir(t), Loopback: true, Ephemeral: true})
	u := c.TCPURL("postgres")
	require.True(t, strings.HasPrefix(u, "postgres://postgres:"), "TCPURL = %q", u)
	s, err := pgstore.Open(ctx, u)
	require.NoError(t, err, "connecting over loopback with the password")
	require.NoError(t, s.Close())

	wrong := strings.Replace(u, "postgres://postgres:", "postgres://postgres:x", 1)
	_, err = pgstore.Open(ctx, wrong)
	assert.Error(t, err, "connecting over loopback with a wrong password")
}

func TestStartTempRemovesItsDirectory(t *testing.T) {
	needBinaries(t)
	c, err := localpg.StartTemp(context.Background(), localpg.Options{BinDir: os.Getenv(pgtest.EnvBinDir)})
	require.NoError(t, err)
	require.NoError(t, c.Stop(context.Background()))
	_, err = os.Stat(c.Dir())
	assert.True(t, errors.Is(err, os.ErrNotExist), "StartTemp's directory after Stop: %v", err)
}

func TestNoBinaries(t *testing.T) {
	_, err := localpg.Start(context.Background(), localpg.Options{Dir: t.TempDir(), BinDir: "/nonexistent/bin"})
	require.Error(t, err)
	assert.True(t, errors.Is(err, localpg.ErrNoBinaries), "Start without binaries = %v", err)
	for _, want := range []string{"apt-get install postgresql", "--database-url"} {
		assert.Contains(t, err.Error(), want)
	}
}

func TestUnreachableParentIsExplained(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("only root runs PostgreSQL as another user; as an ordinary user it runs as ourselves")
	}
	needBinaries(t)
	parent, err := os.MkdirTemp("", "localpg-private-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(parent) })
	require.NoError(t, os.Chmod(parent, 0o700))

	_, err = localpg.Start(context.Background(), localpg.Options{Dir: filepath.Join(parent, "cluster"), BinDir: os.Getenv(pgtest.EnvBinDir)})
	require.Error(t, err)
	assert.True(t, errors.Is(err, localpg.ErrUnreachable), "Start under a private parent = %v", err)
	assert.Contains(t, err.Error(), parent, "the error names the blocking directory")
	assert.Contains(t, err.Error(), "--data-dir")
}

// TestLeftoverServerIsStopped: a server whose owner died without stopping
// it is stopped by the next Start, which then runs its own.
func TestLeftoverServerIsStopped(t *testing.T) {
	needBinaries(t)
	dir := clusterDir(t)
	old := start(t, localpg.Options{Dir: dir, Ephemeral: true})
	oldPID := old.Abandon()

	c := start(t, localpg.Options{Dir: dir, Ephemeral: true})
	select {
	case <-old.Done():
	case <-time.After(10 * time.Second):
		t.Fatalf("the leftover server (pid %d) is still running", oldPID)
	}
	s, err := pgstore.Open(context.Background(), c.URL("postgres"))
	require.NoError(t, err, "connecting to the new server")
	require.NoError(t, s.Close())
}
