package pgstore_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// TestWriteRetriesSerializationFailures: a transaction PostgreSQL aborts for
// a serialization failure or a deadlock runs again, a bounded number of
// times, and what an aborted attempt wrote is gone.
func TestWriteRetriesSerializationFailures(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	for _, code := range []string{"40001", "40P01"} {
		attempts := 0
		err := s.Write(ctx, func(ctx context.Context, tx bun.Tx) error {
			attempts++
			if _, err := tx.NewRaw("INSERT INTO forum (id, name) VALUES (gen_random_uuid(), ?)", "forum "+code).Exec(ctx); err != nil {
				return err
			}
			if attempts < 3 {
				return &pgconn.PgError{Code: code}
			}
			return nil
		})
		require.NoError(t, err, "code %s", code)
		assert.Equal(t, 3, attempts, "attempts for code %s", code)
	}

	attempts := 0
	err := s.Write(ctx, func(ctx context.Context, tx bun.Tx) error {
		attempts++
		return &pgconn.PgError{Code: "40001"}
	})
	require.Error(t, err)
	assert.ErrorIs(t, err, munireg.ErrUnavailable, "a transaction that never gets through")
	assert.Equal(t, pgstore.MaxAttempts, attempts)

	attempts = 0
	err = s.Write(ctx, func(ctx context.Context, tx bun.Tx) error {
		attempts++
		return munireg.ErrConflict
	})
	assert.ErrorIs(t, err, munireg.ErrConflict)
	assert.Equal(t, 1, attempts, "domain errors are not retried")

	var n int
	require.NoError(t, s.DB().NewRaw("SELECT count(*) FROM forum").Scan(context.Background(), &n))
	assert.Equal(t, 2, n, "one forum per successful write: aborted attempts left nothing")
}
