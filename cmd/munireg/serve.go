package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/munireg/munireg/httpapi"
)

// shutdownTimeout bounds how long serve drains in-flight requests.
const shutdownTimeout = 20 * time.Second

func serve(ctx context.Context, stop func(), args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("munireg serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.databaseFlags(fs, getenv)
	stringFlag(fs, getenv, &cfg.addr, "addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks one)")
	boolFlag(fs, getenv, &cfg.demo, "demo", false,
		"fill an empty register with the 2024 municipalities and a worked example (figures illustrative)")
	intFlag(fs, getenv, &cfg.cacheMiB, "cache-mib", httpapi.DefaultCacheBytes>>20,
		"MiB of read answers kept while the register is unchanged; 0 keeps none")
	intFlag(fs, getenv, &cfg.authFailures, "auth-failures", httpapi.DefaultAuthFailures,
		"failed authentications (unknown or revoked tokens) a client address may make per minute; "+
			"past them its tokens not yet seen are refused (429) without a look-up; 0 turns the limit off")
	if err := parse(fs, args); err != nil {
		return err
	}
	for _, f := range []struct {
		name  string
		value int
	}{{"cache-mib", cfg.cacheMiB}, {"auth-failures", cfg.authFailures}} {
		if f.value < 0 {
			fmt.Fprintf(stderr, "--%s must not be negative\n", f.name)
			return errUsage
		}
	}
	log, err := cfg.logger(stderr)
	if err != nil {
		return err
	}

	// Listen first: a busy port should fail before PostgreSQL starts.
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", cfg.addr, err)
	}
	defer ln.Close()

	db, err := openDatabase(ctx, &cfg, log)
	if err != nil {
		return err
	}
	defer func() {
		if err := db.close(); err != nil {
			log.Error("closing the database", "error", err)
		}
	}()

	demo := false
	if cfg.demo {
		if demo, err = loadDemo(ctx, db.store); err != nil {
			return fmt.Errorf("loading the demo data: %w", err)
		}
	}

	// Local mode is one person's register: the first start makes them its
	// admin. With --database-url, an operator creates tokens with
	// "munireg token create".
	adminToken := ""
	if db.cluster != nil {
		if adminToken, err = firstAdminToken(ctx, db.store); err != nil {
			return fmt.Errorf("creating the first admin token: %w", err)
		}
	}

	srv := &http.Server{
		Handler: httpapi.New(httpapi.Deps{Storage: db.store, Build: buildVersion(), Logger: log,
			CacheBytes: cacheBytes(cfg.cacheMiB), AuthFailures: authFailures(cfg.authFailures)}),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()

	base := "http://" + ln.Addr().String()
	fmt.Fprintf(stdout, "munireg %s is serving the register at %s\n", buildVersion(), base)
	fmt.Fprintf(stdout, "  API docs: %s/docs\n  OpenAPI:  %s/openapi.json\n  database: %s\n",
		base, base, db.where(&cfg))
	if demo {
		fmt.Fprintln(stdout, "  demo:     loaded the 357 municipalities of 2024 and a demo region on Sunnmøre (records named \"Demo …\", their figures illustrative)")
	}
	if adminToken != "" {
		fmt.Fprintf(stdout, "  admin token: %s\n", adminToken)
		fmt.Fprintln(stdout, "    (shown this once, at the first start: keep it. Send it as \"Authorization: Bearer <token>\";")
		fmt.Fprintln(stdout, "    make more with \"munireg token create --role admin|editor|reader\".)")
	}
	fmt.Fprintln(stdout, "Press Ctrl-C to stop.")

	var clusterDone <-chan struct{}
	if db.cluster != nil {
		clusterDone = db.cluster.Done()
	}
	select {
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	case <-clusterDone:
		shutdown(srv, log)
		return errors.New("the local PostgreSQL server stopped unexpectedly; see postgres.log in the data directory")
	case <-ctx.Done():
	}
	stop() // a second Ctrl-C ends the process at once
	log.Info("shutting down: draining requests", "timeout", shutdownTimeout)
	shutdown(srv, log)
	return nil
}

// cacheBytes is Deps.CacheBytes for --cache-mib: 0 keeps none.
func cacheBytes(mib int) int64 {
	if mib == 0 {
		return -1
	}
	return int64(mib) << 20
}

// authFailures is Deps.AuthFailures for --auth-failures: 0 turns the limit
// off.
func authFailures(n int) int {
	if n == 0 {
		return -1
	}
	return n
}

// shutdown stops accepting requests and waits for those in flight.
func shutdown(srv *http.Server, log interface{ Error(string, ...any) }) {
	ctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		log.Error("shutdown did not finish", "error", err)
	}
}
