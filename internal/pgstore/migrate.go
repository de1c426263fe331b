package pgstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/migrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrationsTable and migrationLocksTable are bun/migrate's bookkeeping.
const (
	migrationsTable     = "bun_migrations"
	migrationLocksTable = "bun_migration_locks"
)

// lockWait bounds how long Migrate waits for another process's migration.
const lockWait = 60 * time.Second

// Migrate brings the database schema up to date with the embedded
// migrations. Each migration runs in its own transaction and is recorded as
// applied only after it committed, so a failed migration leaves no trace and
// runs again next time. Processes migrating the same database at once take
// turns. It returns the names of the migrations it applied.
func (s *Store) Migrate(ctx context.Context) ([]string, error) {
	sub, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, fmt.Errorf("pgstore: %w", err)
	}
	return migrateFS(ctx, s.db, sub)
}

func migrateFS(ctx context.Context, db *bun.DB, fsys fs.FS) ([]string, error) {
	migrations := migrate.NewMigrations()
	if err := migrations.Discover(fsys); err != nil {
		return nil, fmt.Errorf("pgstore: reading migrations: %w", err)
	}
	m := migrate.NewMigrator(db, migrations,
		migrate.WithTableName(migrationsTable),
		migrate.WithLocksTableName(migrationLocksTable),
		migrate.WithMarkAppliedOnSuccess(true))
	if err := initMigrator(ctx, m); err != nil {
		return nil, fmt.Errorf("pgstore: preparing migrations: %w", storeError(err))
	}
	if err := lock(ctx, m); err != nil {
		return nil, err
	}
	defer func() {
		// Unlock even when ctx has ended, or the lock outlives us.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
		defer cancel()
		_ = m.Unlock(ctx)
	}()
	group, err := m.Migrate(ctx)
	var applied []string
	for _, mg := range group.Migrations {
		applied = append(applied, mg.Name)
	}
	if err != nil {
		if len(applied) > 0 {
			applied = applied[:len(applied)-1] // the last one failed and was not recorded
		}
		return applied, fmt.Errorf("pgstore: migration failed, nothing of it was applied: %w", err)
	}
	return applied, nil
}

// initMigrator creates bun/migrate's tables. Two processes creating them at
// once collide in PostgreSQL's catalog (CREATE TABLE IF NOT EXISTS is not
// atomic); the loser finds them made when it tries again.
func initMigrator(ctx context.Context, m *migrate.Migrator) error {
	var err error
	for range 5 {
		if err = m.Init(ctx); err == nil {
			return nil
		}
		var pgErr *pgconn.PgError
		if !errors.As(err, &pgErr) || (pgErr.Code != "23505" && pgErr.Code != "42P07" && pgErr.Code != "42710") {
			return err
		}
	}
	return err
}

// lock takes bun/migrate's table lock, waiting while another process holds it.
func lock(ctx context.Context, m *migrate.Migrator) error {
	deadline := time.Now().Add(lockWait)
	for {
		err := m.Lock(ctx)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil || time.Now().After(deadline) {
			return fmt.Errorf("pgstore: another process has been migrating this database for over %s; "+
				"if none is, a crashed one left its lock: remove it with DELETE FROM %s: %w",
				lockWait, migrationLocksTable, errors.Join(err, ctx.Err()))
		}
		select {
		case <-ctx.Done():
		case <-time.After(200 * time.Millisecond):
		}
	}
}
