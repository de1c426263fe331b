package pgstore_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func TestMigrateFromEmptyThenAgainChangesNothing(t *testing.T) {
	ctx := context.Background()
	s, err := pgstore.Open(ctx, pgtest.EmptyURL(t))
	require.NoError(t, err)
	defer s.Close()

	applied, err := s.Migrate(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, applied, "Migrate() on an empty database applied nothing")

	again, err := s.Migrate(ctx)
	require.NoError(t, err)
	assert.Empty(t, again, "Migrate() a second time = %v, want nothing applied", again)

	inst, err := s.Instance(ctx)
	require.NoError(t, err)
	assert.Len(t, inst.ID, 36, "Instance().ID = %q, want a UUID", inst.ID)
	assert.Equal(t, applied[len(applied)-1], inst.Schema, "Instance().Schema")
	assert.WithinDuration(t, time.Now(), inst.CreatedAt, time.Minute)
}

func TestFailedMigrationIsNotMarkedAppliedAndLeavesNoTrace(t *testing.T) {
	ctx := context.Background()
	s, err := pgstore.Open(ctx, pgtest.EmptyURL(t))
	require.NoError(t, err)
	defer s.Close()

	good := &fstest.MapFile{Data: []byte("CREATE TABLE t_good (id int);\n")}
	fsys := fstest.MapFS{
		"00000000000001_good.tx.up.sql": good,
		// The first statement succeeds, the second fails: the transaction
		// must take the first one back, and the migration must stay pending.
		"00000000000002_bad.tx.up.sql": &fstest.MapFile{Data: []byte(
			"CREATE TABLE t_half (id int);\nINSERT INTO t_missing VALUES (1);\n")},
	}
	applied, err := s.MigrateFS(ctx, fsys)
	require.Error(t, err, "MigrateFS with a failing migration")
	assert.Equal(t, []string{"00000000000001"}, applied, "applied before the failure")

	for table, want := range map[string]bool{"t_good": true, "t_half": false} {
		got, err := s.TableExists(ctx, table)
		require.NoError(t, err)
		assert.Equal(t, want, got, "table %s exists", table)
	}

	// Fixed, it runs again: it was not recorded as applied.
	fsys["00000000000002_bad.tx.up.sql"] = &fstest.MapFile{Data: []byte("CREATE TABLE t_half (id int);\n")}
	applied, err = s.MigrateFS(ctx, fsys)
	require.NoError(t, err)
	assert.Equal(t, []string{"00000000000002"}, applied, "applied after the fix")
}

func TestConcurrentMigrateTakesTurns(t *testing.T) {
	ctx := context.Background()
	url := pgtest.EmptyURL(t)
	const n = 4
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		total   int
		errs    []error
		stores  []*pgstore.Store
		started = make(chan struct{})
	)
	for range n {
		s, err := pgstore.Open(ctx, url)
		require.NoError(t, err)
		defer s.Close()
		stores = append(stores, s)
	}
	for _, s := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-started
			applied, err := s.Migrate(ctx)
			mu.Lock()
			defer mu.Unlock()
			total += len(applied)
			if err != nil {
				errs = append(errs, err)
			}
		}()
	}
	close(started)
	wg.Wait()
	require.Empty(t, errs, "errors from concurrent Migrate")
	again, err := stores[0].Migrate(ctx)
	require.NoError(t, err)
	assert.Empty(t, again)
	_, err = stores[0].Instance(ctx)
	require.NoError(t, err)

	// Each migration was applied exactly once across the callers: as many as
	// one Migrate applies to another empty database.
	ref, err := pgstore.Open(ctx, pgtest.EmptyURL(t))
	require.NoError(t, err)
	defer ref.Close()
	want, err := ref.Migrate(ctx)
	require.NoError(t, err)
	assert.Equal(t, len(want), total, "migrations applied across %d concurrent Migrate calls", n)
}

func TestOpenErrors(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()

	_, err := pgstore.Open(ctx, "postgres://u:s3cret@[::1")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "s3cret", "Open's error leaks the password")

	_, err = pgstore.Open(ctx, "postgres://postgres:s3cret@/db?host=/nonexistent-munireg-socket-dir&sslmode=disable")
	require.Error(t, err)
	assert.True(t, errors.Is(err, pgstore.ErrUnavailable), "Open(no server) = %v, want ErrUnavailable", err)
	assert.False(t, strings.Contains(err.Error(), "s3cret"), "Open's error leaks the password: %v", err)
}
