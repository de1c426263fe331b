package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/munireg/munireg/internal/localpg"
	"github.com/munireg/munireg/internal/pgstore"
)

// database is an open register: the store, and in local mode the cluster
// under it.
type database struct {
	store   *pgstore.Store
	cluster *localpg.Cluster // nil unless local mode
	log     *slog.Logger
}

// openDatabase connects to --database-url, or in local mode starts the
// private cluster first, and migrates the schema.
func openDatabase(ctx context.Context, cfg *config, log *slog.Logger) (*database, error) {
	db := &database{log: log}
	url := cfg.databaseURL
	if url == "" {
		c, err := localpg.Start(ctx, localpg.Options{Dir: cfg.dataDir, BinDir: cfg.pgBinDir, Logger: log})
		if err != nil {
			return nil, err
		}
		db.cluster = c
		url = c.URL("postgres")
	}
	s, err := pgstore.Open(ctx, url)
	if err != nil {
		db.close()
		return nil, err
	}
	db.store = s
	applied, err := s.Migrate(ctx)
	if err != nil {
		db.close()
		return nil, err
	}
	for _, name := range applied {
		log.Info("applied migration", "name", name)
	}
	return db, nil
}

// where describes the database for people: the data directory or the host.
func (db *database) where(cfg *config) string {
	if db.cluster != nil {
		return "local PostgreSQL in " + db.cluster.Dir()
	}
	return "PostgreSQL at " + redact(cfg.databaseURL)
}

// close closes the store and stops the local cluster, if any.
func (db *database) close() error {
	var errs []error
	if db.store != nil {
		errs = append(errs, db.store.Close())
	}
	if db.cluster != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := db.cluster.Stop(ctx); err != nil {
			errs = append(errs, fmt.Errorf("stopping PostgreSQL: %w", err))
		}
	}
	return errors.Join(errs...)
}
