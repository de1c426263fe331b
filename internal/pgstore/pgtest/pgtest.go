// Package pgtest gives each test a fresh, migrated PostgreSQL database of its
// own, cloned from a template database that is migrated once per test binary.
//
// The server is MUNIREG_TEST_DATABASE_URL when set (a role that may create
// databases), else a throwaway cluster started with package localpg from the
// machine's PostgreSQL binaries (MUNIREG_PG_BINDIR picks an installation).
// A package that uses it calls Main from its TestMain.
//
// When no PostgreSQL can be found, a test that asks for a database is skipped
// locally and fails when the CI environment variable is set, so that CI can
// never pass without having run the storage tests. Each skip is also appended
// to the file named by MUNIREG_TEST_SKIP_LOG, when set, for CI to check.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/munireg/munireg/internal/localpg"
	"github.com/munireg/munireg/internal/pgstore"
)

// Environment variables read by this package.
const (
	EnvDatabaseURL = "MUNIREG_TEST_DATABASE_URL"
	EnvBinDir      = "MUNIREG_PG_BINDIR"
	EnvSkipLog     = "MUNIREG_TEST_SKIP_LOG"
	EnvCI          = "CI"
)

// SkipMessage starts the message of every skip for want of PostgreSQL.
const SkipMessage = "pgtest: no PostgreSQL available"

// server is the database server of this test binary, set up on first use.
var server struct {
	once     sync.Once
	err      error
	cluster  *localpg.Cluster // nil with MUNIREG_TEST_DATABASE_URL
	adminURL *url.URL
	admin    *bun.DB
	template string
}

// Main runs the package's tests and then stops the server and drops the
// template database, if the tests started them. Call it from TestMain:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	teardown()
	os.Exit(code)
}

// URL returns the URL of a new database, migrated to the current schema and
// dropped when the test ends. Without PostgreSQL it skips the test, or fails
// it under CI.
func URL(t testing.TB) string {
	t.Helper()
	return newDatabase(t, "")
}

func newDatabase(t testing.TB, template string) string {
	t.Helper()
	server.once.Do(setup)
	if server.err != nil {
		SkipOrFail(t, server.err)
	}
	if template == "" {
		template = server.template
	}
	name := "munireg_test_" + randomHex(8)
	ctx := context.Background()
	if _, err := server.admin.NewRaw("CREATE DATABASE ? TEMPLATE ?", bun.Ident(name), bun.Ident(template)).Exec(ctx); err != nil {
		t.Fatalf("pgtest: creating database %s: %v", name, err)
	}
	t.Cleanup(func() {
		if _, err := server.admin.NewRaw("DROP DATABASE IF EXISTS ? WITH (FORCE)", bun.Ident(name)).Exec(context.Background()); err != nil {
			t.Errorf("pgtest: dropping database %s: %v", name, err)
		}
	})
	return databaseURL(name)
}

// Clone returns the URL of a new database, a copy of the database at u,
// dropped when the test ends: for many tests that start from one prepared
// register. Nothing may be connected to the database at u while it is
// copied (close its stores first).
func Clone(t testing.TB, u string) string {
	t.Helper()
	parsed, err := url.Parse(u)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	return newDatabase(t, strings.TrimPrefix(parsed.Path, "/"))
}

// EmptyURL returns the URL of a new, empty database (not migrated), dropped
// when the test ends: for tests of migration itself.
func EmptyURL(t testing.TB) string {
	t.Helper()
	return newDatabase(t, "template0")
}

// Store returns a store open on a new database (see URL), closed when the
// test ends.
func Store(t testing.TB) *pgstore.Store {
	t.Helper()
	return Open(t, URL(t))
}

// Open returns a store open on the database at u, closed when the test
// ends: several on one URL are several processes sharing a database.
func Open(t testing.TB, u string) *pgstore.Store {
	t.Helper()
	s, err := pgstore.Open(context.Background(), u)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// Digest returns a digest of every table of the database at u: for each,
// its row count and an MD5 of its rows as JSON, in a stable order. Two equal
// digests mean the database holds the same rows: tests compare one taken
// before a series of requests with one taken after, to prove that requests
// the register refused changed nothing. What merely reading writes — the
// minute a token was last used, recorded when it authenticates any request —
// is left out.
func Digest(t testing.TB, u string) map[string]string {
	t.Helper()
	cfg, err := pgx.ParseConfig(u)
	if err != nil {
		t.Fatalf("pgtest: %v", err)
	}
	db := bun.NewDB(stdlib.OpenDB(*cfg), pgdialect.New())
	defer db.Close()
	ctx := context.Background()
	var tables []string
	if err := db.NewRaw("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename").
		Scan(ctx, &tables); err != nil {
		t.Fatalf("pgtest: listing the tables: %v", err)
	}
	out := make(map[string]string, len(tables))
	for _, table := range tables {
		var n int64
		var sum string
		if err := db.NewRaw(`SELECT count(*), md5(coalesce(string_agg(r, E'\n' ORDER BY r), ''))
			FROM (SELECT (to_jsonb(t) - 'last_used_at')::text AS r FROM ? AS t) AS rows`, bun.Ident(table)).
			Scan(ctx, &n, &sum); err != nil {
			t.Fatalf("pgtest: digest of %s: %v", table, err)
		}
		out[table] = fmt.Sprintf("%d rows, md5 %s", n, sum)
	}
	return out
}

// announceWait bounds how long Listening and Settled wait for a store to
// listen for changes and for PostgreSQL's notifications; both take
// milliseconds.
const announceWait = 10 * time.Second

// Listening waits until s learns of other processes' changes, as a server
// does a moment after it starts, and returns its generation.
func Listening(t testing.TB, s *pgstore.Store) uint64 {
	t.Helper()
	deadline := time.Now().Add(announceWait)
	for {
		if gen, ok := s.Generation(); ok {
			return gen
		}
		if time.Now().After(deadline) {
			t.Fatalf("pgtest: the store does not listen for changes after %s", announceWait)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// Settled waits until s listens and its generation has stood still for a
// while — the notifications of earlier writes, which PostgreSQL also sends
// to the process that made them, have arrived — and returns it.
func Settled(t testing.TB, s *pgstore.Store) uint64 {
	t.Helper()
	gen := Listening(t, s)
	for stillSince := time.Now(); time.Since(stillSince) < 100*time.Millisecond; {
		time.Sleep(10 * time.Millisecond)
		if now := Listening(t, s); now != gen {
			gen, stillSince = now, time.Now()
		}
	}
	return gen
}

// SkipOrFail ends a test that needs PostgreSQL when none is available:
// skipped when running locally, failed when CI is set.
func SkipOrFail(t testing.TB, why error) {
	t.Helper()
	msg := fmt.Sprintf("%s: %v", SkipMessage, why)
	if os.Getenv(EnvCI) != "" {
		t.Fatalf("%s (CI is set, so this is a failure, not a skip)", msg)
	}
	if path := os.Getenv(EnvSkipLog); path != "" {
		if f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644); err == nil {
			_, _ = fmt.Fprintf(f, "%s: %s\n", t.Name(), msg)
			_ = f.Close()
		}
	}
	t.Skip(msg)
}

func setup() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	raw := os.Getenv(EnvDatabaseURL)
	if raw == "" {
		c, err := localpg.StartTemp(ctx, localpg.Options{BinDir: os.Getenv(EnvBinDir)})
		if err != nil {
			server.err = err
			return
		}
		server.cluster = c
		raw = c.URL("postgres")
	}
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" {
		server.err = fmt.Errorf("%s must be a postgres:// URL", EnvDatabaseURL)
		return
	}
	cfg, err := pgx.ParseConfig(raw)
	if err != nil {
		server.err = fmt.Errorf("%s is not a valid connection URL", EnvDatabaseURL)
		return
	}
	server.adminURL = u
	server.admin = bun.NewDB(stdlib.OpenDB(*cfg), pgdialect.New())
	server.template = "munireg_template_" + randomHex(8)
	if _, err := server.admin.NewRaw("CREATE DATABASE ?", bun.Ident(server.template)).Exec(ctx); err != nil {
		server.err = fmt.Errorf("creating the template database: %w", err)
		return
	}
	s, err := pgstore.Open(ctx, databaseURL(server.template))
	if err != nil {
		server.err = err
		return
	}
	_, err = s.Migrate(ctx)
	_ = s.Close() // a template must have no connections when it is copied
	if err != nil {
		server.err = err
	}
}

func teardown() {
	if server.admin != nil {
		if server.template != "" {
			_, _ = server.admin.NewRaw("DROP DATABASE IF EXISTS ? WITH (FORCE)", bun.Ident(server.template)).Exec(context.Background())
		}
		_ = server.admin.Close()
	}
	if server.cluster != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		_ = server.cluster.Stop(ctx)
	}
}

// databaseURL is the admin URL with its database replaced by name.
func databaseURL(name string) string {
	u := *server.adminURL
	u.Path = "/" + name
	u.RawPath = ""
	return u.String()
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails on Linux
	return hex.EncodeToString(b)
}
