package pgstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// announceWait bounds how long a test waits for PostgreSQL to deliver a
// notification or for the store to (re)connect; both take milliseconds.
const announceWait = 10 * time.Second

// moves waits until s's generation is no longer gen, or fails.
func moves(t *testing.T, s *pgstore.Store, gen uint64, why string) {
	t.Helper()
	deadline := time.Now().Add(announceWait)
	for {
		if now, ok := s.Generation(); ok && now != gen {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("Generation() stayed %d for %s after %s", gen, announceWait, why)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestGenerationMovesWithEveryWriter(t *testing.T) {
	u := pgtest.URL(t)
	ctx := actorCtx()
	s, other := pgtest.Open(t, u), pgtest.Open(t, u)

	// The store's own write: moved by the time the write returns.
	gen := pgtest.Settled(t, s)
	_, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Demo Vann IKS", Kind: munireg.KindIKS})
	require.NoError(t, err)
	now, ok := s.Generation()
	require.True(t, ok)
	assert.NotEqual(t, gen, now, "Generation() after the store's own write")

	// Another process's write, and a change made with plain SQL: moved when
	// PostgreSQL delivers the notification.
	gen = pgtest.Settled(t, s)
	_, err = other.CreateOrganization(ctx, munireg.Organization{Name: "Demo Avfall IKS", Kind: munireg.KindIKS})
	require.NoError(t, err)
	moves(t, s, gen, "another store's write")

	gen = pgtest.Settled(t, s)
	_, err = other.DB().NewRaw("UPDATE organization SET name = name || ' (endret)' WHERE name = 'Demo Vann IKS'").Exec(ctx)
	require.NoError(t, err)
	moves(t, s, gen, "an UPDATE in SQL")

	// A rolled-back change announces nothing.
	gen = pgtest.Settled(t, s)
	tx, err := other.DB().BeginTx(ctx, nil)
	require.NoError(t, err)
	_, err = tx.NewRaw("DELETE FROM population").Exec(ctx)
	require.NoError(t, err)
	require.NoError(t, tx.Rollback())
	time.Sleep(200 * time.Millisecond) // long enough for a notification to arrive
	now, ok = s.Generation()
	require.True(t, ok)
	assert.Equal(t, gen, now, "Generation() after a rollback")
}

func TestEveryTableAnnouncesItsChanges(t *testing.T) {
	s := pgtest.Store(t)
	var silent []string
	err := s.DB().NewRaw(`SELECT c.relname FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace
		WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
		AND c.relname NOT IN ('munireg_instance', 'bun_migrations', 'bun_migration_locks')
		AND NOT EXISTS (SELECT 1 FROM pg_trigger AS tg JOIN pg_proc AS p ON p.oid = tg.tgfoid
			WHERE tg.tgrelid = c.oid AND p.proname = 'munireg_announce_change')
		ORDER BY 1`).Scan(context.Background(), &silent)
	require.NoError(t, err)
	assert.Empty(t, silent, "tables whose changes no cache would learn of: give each a trigger (migration 20261203000001)")
}

func TestGenerationIsNotOKWhileNotListening(t *testing.T) {
	s := pgtest.Store(t)
	ctx := context.Background()
	gen := pgtest.Listening(t, s)

	// Cut the listening connection, as a restart of PostgreSQL would.
	var cut int
	require.NoError(t, s.DB().NewRaw("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "+
		"WHERE datname = current_database() AND query = 'LISTEN munireg_change'").Scan(ctx, &cut))
	require.Equal(t, 1, cut, "listening connections terminated")

	// The store listens again, under a new generation: notifications sent
	// in the gap were lost, so nothing read before it is served again.
	moves(t, s, gen, "its listening connection was cut")
}

func TestTokenChangesReachEveryProcess(t *testing.T) {
	u := pgtest.URL(t)
	ctx := actorCtx()
	s, other := pgtest.Open(t, u), pgtest.Open(t, u)

	tok, secret, err := s.CreateToken(ctx, munireg.Token{Name: "forum", Role: munireg.RoleReader})
	require.NoError(t, err)
	pgtest.Listening(t, s)
	for range 2 { // the second is answered from memory
		got, err := s.FindTokenBySecret(ctx, secret)
		require.NoError(t, err)
		require.True(t, got.Revoked.IsZero())
	}

	// Revoked by another process: refused as soon as the news arrives.
	require.NoError(t, other.RevokeToken(ctx, tok.ID))
	deadline := time.Now().Add(announceWait)
	for {
		got, err := s.FindTokenBySecret(ctx, secret)
		require.NoError(t, err)
		if !got.Revoked.IsZero() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("FindTokenBySecret still finds the token unrevoked %s after another process revoked it", announceWait)
		}
		time.Sleep(5 * time.Millisecond)
	}

	// Revoked by this process: refused at once.
	tok2, secret2, err := s.CreateToken(ctx, munireg.Token{Name: "kontroll", Role: munireg.RoleReader})
	require.NoError(t, err)
	pgtest.Listening(t, s)
	_, err = s.FindTokenBySecret(ctx, secret2)
	require.NoError(t, err)
	require.NoError(t, s.RevokeToken(ctx, tok2.ID))
	got, err := s.FindTokenBySecret(ctx, secret2)
	require.NoError(t, err)
	assert.False(t, got.Revoked.IsZero(), "a token this process revoked is revoked for its next request")
}
