package pgstore

import (
	"context"
	"io/fs"
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
