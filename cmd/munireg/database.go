package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/localpg"
	"github.com/munireg/munireg/internal/pgstore"
)

// database is an open register: the store, and in local mode the cluster
// under it.
type database struct {
	store    *pgstore.Store
	cluster  *localpg.Cluster // nil unless local mode started it
	attached string           // local mode's directory when a running serve owns the cluster
	log      *slog.Logger
}

// openDatabase connects to --database-url, or in local mode starts the
// private cluster first, and migrates the schema.
func openDatabase(ctx context.Context, cfg *config, log *slog.Logger) (*database, error) {
	return open(ctx, cfg, log, false)
}

// openForCommand opens the register for a command that may run while a
// munireg serve holds local mode's data directory (token, import, export,
// migrate): with a logger on stderr as the flags ask, through that serve's
// PostgreSQL socket when it runs, and with a context whose actor is the
// command line (munireg.CLIActor).
func openForCommand(ctx context.Context, cfg *config, stderr io.Writer) (context.Context, *database, error) {
	log, err := cfg.logger(stderr)
	if err != nil {
		return nil, nil, err
	}
	db, err := open(ctx, cfg, log, true)
	if err != nil {
		return nil, nil, err
	}
	return munireg.NewContextWithActor(ctx, munireg.CLIActor), db, nil
}

func open(ctx context.Context, cfg *config, log *slog.Logger, beside bool) (*database, error) {
	db := &database{log: log}
	url := cfg.databaseURL
	if url == "" {
		c, err := localpg.Start(ctx, localpg.Options{Dir: cfg.dataDir, BinDir: cfg.pgBinDir, Logger: log})
		switch {
		case beside && errors.Is(err, localpg.ErrAlreadyRunning):
			if url, err = localpg.Attach(cfg.dataDir, "postgres"); err != nil {
				return nil, fmt.Errorf("a munireg serve holds %s, but its PostgreSQL is not ready: %w", cfg.dataDir, err)
			}
			db.attached = cfg.dataDir
		case err != nil:
			return nil, err
		default:
			db.cluster = c
			url = c.URL("postgres")
		}
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
	if db.attached != "" {
		return "local PostgreSQL of the munireg serve running on " + db.attached
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
