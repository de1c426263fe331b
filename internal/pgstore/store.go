package pgstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/munireg/munireg"
)

// Store is the register in PostgreSQL. It is safe for concurrent use.
type Store struct {
	db      *bun.DB
	changes *changes
	tokens  tokenCache
}

// Pool limits: enough connections for the API's concurrency on a small
// machine, few enough that several munireg processes fit in PostgreSQL's
// default max_connections (100).
func poolSize() int { return min(max(4*runtime.GOMAXPROCS(0), 8), 32) }

// openTimeout bounds how long Open waits for the database to answer.
const openTimeout = 30 * time.Second

// Open connects to the PostgreSQL database at url (a postgres:// URL or a
// key=value connection string) and checks that it answers within 30
// seconds.
func Open(ctx context.Context, url string) (*Store, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		// pgx's message may quote the URL, password included.
		return nil, errors.New("pgstore: the database URL is not a valid PostgreSQL connection string")
	}
	sqldb := stdlib.OpenDB(*cfg)
	n := poolSize()
	sqldb.SetMaxOpenConns(n)
	sqldb.SetMaxIdleConns(n)
	sqldb.SetConnMaxIdleTime(5 * time.Minute)
	sqldb.SetConnMaxLifetime(time.Hour)
	s := &Store{db: bun.NewDB(sqldb, pgdialect.New()), changes: newChanges(cfg.Copy())}
	// A server that never answers must not hang the start for ever.
	pingCtx, cancel := context.WithTimeout(ctx, openTimeout)
	defer cancel()
	if err := s.Ping(pingCtx); err != nil {
		_ = s.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the connection pool and the connection that listens for
// changes.
func (s *Store) Close() error {
	s.changes.stop()
	return s.db.Close()
}

// Ping checks that the database answers a query within ctx. Its error wraps
// ErrUnavailable.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.db.NewRaw("SELECT 1").Scan(ctx, &one); err != nil {
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	return nil
}

// Instance returns the identity of this register and its schema version.
func (s *Store) Instance(ctx context.Context) (munireg.Instance, error) {
	var row struct {
		ID        string    `bun:"id"`
		CreatedAt time.Time `bun:"created_at"`
	}
	err := s.db.NewSelect().
		TableExpr("munireg_instance").
		Column("id", "created_at").
		Scan(ctx, &row)
	if errors.Is(err, sql.ErrNoRows) {
		return munireg.Instance{}, errors.New("pgstore: register not initialised (run munireg migrate)")
	}
	if err != nil {
		return munireg.Instance{}, storeError(err)
	}
	var schema string
	err = s.db.NewSelect().
		TableExpr(migrationsTable).
		Column("name").
		OrderExpr("name DESC").
		Limit(1).
		Scan(ctx, &schema)
	if err != nil {
		return munireg.Instance{}, storeError(err)
	}
	return munireg.Instance{ID: row.ID, CreatedAt: row.CreatedAt.UTC(), Schema: schema}, nil
}
