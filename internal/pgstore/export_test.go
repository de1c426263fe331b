package pgstore

import (
	"context"
	"io/fs"

	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
)

// MigrateFS applies the migrations in fsys, for tests of Migrate's rules.
func (s *Store) MigrateFS(ctx context.Context, fsys fs.FS) ([]string, error) {
	return migrateFS(ctx, s.db, fsys)
}

// TableExists reports whether a table of that name is in the search path.
func (s *Store) TableExists(ctx context.Context, name string) (bool, error) {
	var ok bool
	err := s.db.NewRaw("SELECT to_regclass(?) IS NOT NULL", name).Scan(ctx, &ok)
	return ok, err
}

// DB is the store's database handle, for baselines in benchmarks.
func (s *Store) DB() *bun.DB { return s.db }

// Write runs fn through the store's write path (transaction, retries,
// error mapping), for tests of that path.
func (s *Store) Write(ctx context.Context, fn func(ctx context.Context, tx bun.Tx) error) error {
	return s.write(ctx, func(ctx context.Context, tx bun.Tx, _ munireg.Actor) error { return fn(ctx, tx) })
}

// MaxAttempts is how often a transaction is tried.
const MaxAttempts = maxAttempts

// SettingsInSnapshot returns the values of the settings named in pairs as a
// snapshot given those pairs sees them, and as the next statement after it
// does.
func (s *Store) SettingsInSnapshot(ctx context.Context, pairs ...string) (inside, after []string, err error) {
	read := func(ctx context.Context, db bun.IDB) ([]string, error) {
		var out []string
		for i := 0; i < len(pairs); i += 2 {
			var v string
			if err := db.NewRaw("SELECT current_setting(?)", pairs[i]).Scan(ctx, &v); err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	}
	err = s.snapshot(ctx, func(ctx context.Context, tx bun.Tx) error {
		inside, err = read(ctx, tx)
		return err
	}, pairs...)
	if err != nil {
		return nil, nil, err
	}
	after, err = read(ctx, s.db)
	return inside, after, err
}

// PortfolioFigures reads a portfolio's figures as Portfolio does, for
// benchmarks that time the reading and the summing apart.
func (s *Store) PortfolioFigures(ctx context.Context, owner string, year int) (ownership.PortfolioFigures, error) {
	return portfolioFigures(ctx, s.db, owner, year)
}
