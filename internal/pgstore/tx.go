package pgstore

import (
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
)

// maxAttempts bounds how often a transaction that PostgreSQL aborted for a
// serialization failure (40001) or a deadlock (40P01) is run again.
const maxAttempts = 5

// write runs fn in a READ COMMITTED transaction on behalf of the actor in
// ctx, again when PostgreSQL aborts it for a serialization failure or a
// deadlock (up to maxAttempts, with jittered backoff), and maps the error
// at the store boundary.
//
// Cross-row rules are kept by locking the aggregate root a write touches
// (SELECT ... FOR UPDATE on the agreement, or on the entity whose owners
// change) before reading what the rule is checked against, so that two
// writers to one aggregate take turns and each sees the other's committed
// work. This is deterministic, needs no SERIALIZABLE retries in the common
// case, and works the same on PostgreSQL-compatible distributed engines.
func (s *Store) write(ctx context.Context, fn func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error) error {
	actor, ok := munireg.ActorFromContext(ctx)
	if !ok {
		return munireg.ErrNoActor
	}
	// Whatever became of the transaction (a lost COMMIT may have
	// committed), reads from before it are not served again.
	defer s.changes.changed("")
	for attempt := 1; ; attempt++ {
		err := s.db.RunInTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted}, func(ctx context.Context, tx bun.Tx) error {
			return fn(ctx, tx, actor)
		})
		if err == nil {
			return nil
		}
		if !retryable(err) || attempt == maxAttempts {
			return storeError(err)
		}
		backoff := time.Duration(attempt*attempt)*5*time.Millisecond + rand.N(5*time.Millisecond)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(backoff):
		}
	}
}

// retryable reports whether PostgreSQL aborted the transaction in a way that
// running it again can cure.
func retryable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40001" || pgErr.Code == "40P01")
}

// newID returns a random (version 4) UUID.
func newID() string { return uuid.NewString() }

// insertRows inserts rows, if there are any, in one statement.
func insertRows[T any](ctx context.Context, db bun.IDB, rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	_, err := db.NewInsert().Model(&rows).Exec(ctx)
	return err
}

// errorsFirst runs steps in order and returns the first error.
func errorsFirst(steps ...func() error) error {
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}
