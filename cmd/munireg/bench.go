package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/httpapi"
	"github.com/munireg/munireg/internal/bench"
	"github.com/munireg/munireg/internal/dataset"
	"github.com/munireg/munireg/internal/localpg"
	"github.com/munireg/munireg/internal/pgstore"
)

const benchUsage = `Usage:
  munireg bench [--n 1] [--runs 5] [--only allocation,summaries,http,load]
                [--clients 50] [--duration 5s] [--database-url URL]
                [--cpuprofile FILE]

Generates N × Norway (internal/dataset: the real municipalities and counties,
synthetic companies, positions and flows), loads it and measures, each figure
the median, minimum and maximum of --runs runs:

  allocation  cooperation.Allocate vs a plain int64 largest-remainder split,
              357 and 100 000 parties
  summaries   the forum summary and an owner's portfolio through the HTTP
              API, with no answers kept, vs one raw SQL statement doing their
              database work
  http        requests per second and p50/p99 latency of GET
              /v1/organizations/{id} and of a portfolio summary, --clients
              clients for --duration, vs a bare net/http handler serving the
              same bytes; the API as serve runs it (answers kept while the
              register is unchanged) and with no answers kept
  load        the store's COPY import of the dataset vs psql \copy of the
              same rows

It prints Markdown tables, each measurement's ratio and whether its floor is
met. It never fails on a missed floor, only on errors. --cpuprofile writes a
CPU profile of the whole run (go tool pprof reads it): with --only, of the
measurements chosen.

Without --database-url it runs a throwaway PostgreSQL cluster with the
server's default durability (fsync on) in a temporary directory, removed at
the end. With --database-url (a postgres:// URL of a role that may create
databases) it creates databases named munireg_bench_* there and drops them.
`

// benchParts are the measurements, in the order they are printed.
var benchParts = []string{"allocation", "load", "summaries", "http"}

type benchConfig struct {
	n, runs, clients        int
	duration, warmup, minOp time.Duration
	only                    map[string]bool
	databaseURL, pgBinDir   string
	cpuProfile              string
	stdout, stderr          io.Writer
	floors                  bench.Table
	commit                  string
	machine                 bench.Machine
	partStarted             time.Time
}

func benchCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("munireg bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, benchUsage, "\nFlags:\n"); fs.PrintDefaults() }
	cfg := benchConfig{stdout: stdout, stderr: stderr}
	var only string
	fs.IntVar(&cfg.n, "n", 1, "the dataset's size: N × Norway")
	fs.IntVar(&cfg.runs, "runs", 5, "runs of each measurement")
	fs.StringVar(&only, "only", strings.Join(benchParts, ","), "the measurements to make, comma-separated")
	fs.IntVar(&cfg.clients, "clients", 50, "concurrent HTTP clients")
	fs.DurationVar(&cfg.duration, "duration", 5*time.Second, "measured time of one HTTP load run")
	fs.DurationVar(&cfg.warmup, "warmup", time.Second, "warm-up before each HTTP load run, not measured")
	fs.DurationVar(&cfg.minOp, "min-time", time.Second, "least time of one run of a repeated call (allocation, summaries)")
	fs.StringVar(&cfg.databaseURL, "database-url", "", "PostgreSQL server to measure on (postgres:// URL); empty starts a throwaway cluster")
	fs.StringVar(&cfg.cpuProfile, "cpuprofile", "", "write a CPU profile of the run to this file")
	stringFlag(fs, getenv, &cfg.pgBinDir, "pg-bindir", "",
		"directory of PostgreSQL's initdb, postgres and psql; empty means search PATH and /usr/lib/postgresql")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg.only = map[string]bool{}
	for _, p := range strings.Split(only, ",") {
		p = strings.TrimSpace(p)
		if !slices.Contains(benchParts, p) {
			fmt.Fprintf(stderr, "--only: unknown measurement %q (want %s)\n", p, strings.Join(benchParts, ", "))
			return errUsage
		}
		cfg.only[p] = true
	}
	if cfg.n < 1 || cfg.runs < 1 || cfg.clients < 1 || cfg.duration <= 0 || cfg.warmup < 0 {
		fmt.Fprintln(stderr, "--n, --runs, --clients and --duration must be positive")
		return errUsage
	}
	return cfg.run(ctx)
}

func (c *benchConfig) run(ctx context.Context) (err error) {
	began := time.Now()
	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err != nil {
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			_ = f.Close()
			return fmt.Errorf("--cpuprofile: %w", err)
		}
		defer func() {
			pprof.StopCPUProfile()
			err = errors.Join(err, f.Close())
		}()
	}
	c.commit = bench.Commit(ctx)
	c.machine = bench.ReadMachine()
	c.floors = bench.Table{Header: []string{"measurement", "ratio (medians)", "floor", "met"}}

	fmt.Fprintf(c.stdout, "# munireg bench\n\n")
	var db *benchDB
	if c.only["load"] || c.only["summaries"] || c.only["http"] {
		var err error
		if db, err = c.openServer(ctx); err != nil {
			return err
		}
		defer func() { err = errors.Join(err, db.close()) }()
		if err := db.admin.QueryRowContext(ctx, "SHOW server_version").Scan(&c.machine.PostgreSQL); err != nil {
			return fmt.Errorf("asking the server's version: %w", err)
		}
		c.machine.PostgreSQL = strings.Fields(c.machine.PostgreSQL + " ")[0]
	}
	fmt.Fprintf(c.stdout, "Commit %s, measured %s.\n\nMachine: %s.\n\n", c.commit,
		time.Now().UTC().Format("2006-01-02 15:04 MST"), c.machine)
	fmt.Fprintf(c.stdout, "Each figure is the median (min – max) of %d runs.", c.runs)
	if la := bench.LoadAverage(); la != "" {
		fmt.Fprintf(c.stdout, " Load average (1 min) at the start: %s.", la)
	}
	fmt.Fprintf(c.stdout, "\n\n")
	if c.only["allocation"] {
		if err := c.allocation(); err != nil {
			return fmt.Errorf("allocation: %w", err)
		}
	}
	if db != nil {
		if err := c.withDatabase(ctx, db); err != nil {
			return err
		}
	}
	fmt.Fprintf(c.stdout, "## Floors\n\n")
	if c.n != 1 {
		fmt.Fprintf(c.stdout, "The floors are set for N = 1; this run is N = %d.\n\n", c.n)
	}
	if err := c.floors.Write(c.stdout); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "\nAll of it took %s.", round(time.Since(began)))
	if la := bench.LoadAverage(); la != "" {
		fmt.Fprintf(c.stdout, " Load average (1 min) at the end: %s.", la)
	}
	fmt.Fprintln(c.stdout)
	return nil
}

func (c *benchConfig) progress(format string, args ...any) {
	fmt.Fprintf(c.stderr, "bench: "+format+"\n", args...)
}

func (c *benchConfig) startPart(title string) {
	c.partStarted = time.Now()
	fmt.Fprintf(c.stdout, "## %s\n\n", title)
}

func (c *benchConfig) endPart() {
	fmt.Fprintf(c.stdout, "\n(This part took %s.)\n\n", round(time.Since(c.partStarted)))
}

func round(d time.Duration) time.Duration {
	if d > 10*time.Second {
		return d.Round(time.Second)
	}
	return d.Round(10 * time.Millisecond)
}

func statsCells(s bench.Stats, format func(float64) string) []string {
	return []string{format(s.Median), format(s.Min) + " – " + format(s.Max)}
}

// floor records a ratio against its floor.
func (c *benchConfig) floor(what string, ratio, limit float64, atMost bool, shown string) {
	met := ratio >= limit
	floor := "≥ " + bench.Ratio(limit)
	if atMost {
		met = ratio <= limit
		floor = "≤ " + bench.Ratio(limit)
	}
	if shown == "" {
		shown = bench.Ratio(ratio)
		if shown == bench.Ratio(limit) { // so close that the rounding hides the side
			shown = fmt.Sprintf("%.3g×", ratio)
		}
	}
	c.floors.Add(what, shown, floor, metWord(met))
}

func metWord(met bool) string {
	if met {
		return "**met**"
	}
	return "**missed**"
}

// ---- allocation ----

func (c *benchConfig) allocation() error {
	c.startPart("Allocation: cooperation.Allocate vs an int64 largest-remainder baseline")
	fmt.Fprintln(c.stdout, "kr 987 654 321.09 by a 3-component key (20 % equally, 50 % by population, 30 % by tonnes),")
	fmt.Fprintln(c.stdout, "rounded to øre; populations and tonnages synthetic. Time per call.")
	fmt.Fprintln(c.stdout)
	t := bench.Table{Header: []string{"measurement", "median", "min – max"}}
	for _, n := range []int{357, 100_000} {
		c.progress("allocation, %d parties", n)
		in, err := bench.NewAllocationInput(n)
		if err != nil {
			return err
		}
		out := make([]int64, n)
		var exact, base []float64
		for range c.runs {
			x, err := bench.PerOp(c.minOp, 1, func() error { _, err := in.Allocate(); return err })
			if err != nil {
				return err
			}
			exact = append(exact, x)
			x, _ = bench.PerOp(c.minOp, 1, func() error { bench.BaselineInt64(in, out); return nil })
			base = append(base, x)
		}
		e, b := bench.Summarize(exact), bench.Summarize(base)
		label := fmt.Sprintf("n=%s", bench.Int(n))
		t.Add(append([]string{"Allocate, " + label}, statsCells(e, bench.Seconds)...)...)
		t.Add(append([]string{"baseline-int64, " + label}, statsCells(b, bench.Seconds)...)...)
		c.floor("allocation, "+label+": Allocate / int64 baseline", e.Median/b.Median, 10, true, "")
	}
	if err := t.Write(c.stdout); err != nil {
		return err
	}
	c.endPart()
	return nil
}

// ---- the database ----

// benchDB is the server the database measurements run on.
type benchDB struct {
	cluster *localpg.Cluster
	dir     string   // the cluster's temporary directory
	base    *url.URL // a database URL on the server, for others' names
	admin   *bun.DB  // the maintenance database, for CREATE and DROP DATABASE
	prefix  string
}

func (c *benchConfig) withDatabase(ctx context.Context, db *benchDB) error {
	c.progress("generating Norway(%d)", c.n)
	ref, err := bench.Reference()
	if err != nil {
		return err
	}
	d := dataset.Generate(ref, dataset.Norway(c.n), 1)
	fmt.Fprintf(c.stdout, "Dataset: Norway(%d) from internal/dataset, seed 1 — %d municipalities, %d counties, %s entities, "+
		"%s positions, %s flows (the municipalities and counties of the first copy real, with their names and numbers; everything else synthetic).\n\n",
		c.n, len(d.Municipalities), len(d.Counties), bench.Int(len(d.Entities)), bench.Int(len(d.Positions)),
		bench.Int(len(d.Flows)))

	template := db.prefix + "schema"
	if err := db.create(ctx, template, ""); err != nil {
		return err
	}
	s, err := pgstore.Open(ctx, db.url(template))
	if err != nil {
		return err
	}
	_, err = s.Migrate(ctx)
	if err := errors.Join(err, s.Close()); err != nil {
		return fmt.Errorf("migrating: %w", err)
	}

	mainDB := db.prefix + "main"
	if err := db.create(ctx, mainDB, template); err != nil {
		return err
	}
	if c.only["load"] {
		c.startPart("Bulk load: the store's COPY import vs psql \\copy")
	}
	c.progress("loading the dataset with COPY (run 1)")
	first, err := loadStore(ctx, db.url(mainDB), d)
	if err != nil {
		return fmt.Errorf("loading the dataset: %w", err)
	}
	if c.only["load"] {
		if err := c.load(ctx, db, template, mainDB, d, first); err != nil {
			return fmt.Errorf("load: %w", err)
		}
	}
	if c.only["summaries"] || c.only["http"] {
		// The generated dataset is hundreds of megabytes a server never
		// holds; kept, the collector would mark it on every cycle the
		// requests' garbage starts, a cost of this process and not the API's.
		tg := targetsOf(d)
		d = dataset.Dataset{}
		runtime.GC()
		if err := c.api(ctx, db.url(mainDB), tg); err != nil {
			return err
		}
	}
	return nil
}

// benchTargets is what the API's measurements ask for: the forum's members
// and the owner whose portfolio and organization are read.
type benchTargets struct {
	members []string
	owner   munireg.Organization
}

// targetsOf returns the targets in d: its forum and its first municipality.
func targetsOf(d dataset.Dataset) benchTargets {
	return benchTargets{members: slices.Clone(d.Forum.Owners),
		owner: munireg.Organization{ID: d.Municipalities[0].ID, Name: d.Municipalities[0].Name}}
}

func (c *benchConfig) openServer(ctx context.Context) (*benchDB, error) {
	db := &benchDB{prefix: "munireg_bench_" + randomHex(4) + "_"}
	raw := c.databaseURL
	if raw == "" {
		// localpg.StartTemp forces Ephemeral (fsync off); honest load
		// figures need the server's default durability, so Start on a
		// temporary directory of our own.
		dir, err := os.MkdirTemp("", "munireg-bench-")
		if err != nil {
			return nil, err
		}
		c.progress("starting a throwaway PostgreSQL cluster in %s", dir)
		cl, err := localpg.Start(ctx, localpg.Options{Dir: dir, BinDir: c.pgBinDir})
		if err != nil {
			_ = os.RemoveAll(dir)
			return nil, err
		}
		db.cluster, db.dir = cl, dir
		raw = cl.URL("postgres")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		_ = db.close()
		return nil, errors.New("--database-url must be a postgres:// URL")
	}
	db.base = u
	if db.admin, err = openBun(raw); err != nil {
		_ = db.close()
		return nil, err
	}
	return db, nil
}

func openBun(raw string) (*bun.DB, error) {
	sqldb, err := sql.Open("pgx", raw)
	if err != nil {
		return nil, err
	}
	return bun.NewDB(sqldb, pgdialect.New()), nil
}

func (db *benchDB) url(name string) string {
	u := *db.base
	u.Path = "/" + name
	return u.String()
}

func (db *benchDB) create(ctx context.Context, name, template string) error {
	q := db.admin.NewRaw("CREATE DATABASE ?", bun.Ident(name))
	if template != "" {
		q = db.admin.NewRaw("CREATE DATABASE ? TEMPLATE ?", bun.Ident(name), bun.Ident(template))
	}
	if _, err := q.Exec(ctx); err != nil {
		return fmt.Errorf("creating database %s: %w", name, err)
	}
	return nil
}

func (db *benchDB) drop(ctx context.Context, name string) error {
	if _, err := db.admin.NewRaw("DROP DATABASE IF EXISTS ? WITH (FORCE)", bun.Ident(name)).Exec(ctx); err != nil {
		return fmt.Errorf("dropping database %s: %w", name, err)
	}
	return nil
}

// close drops the databases made here and stops and removes the cluster.
func (db *benchDB) close() error {
	var errs []error
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if db.admin != nil {
		if db.cluster == nil {
			var names []string
			err := db.admin.NewRaw("SELECT datname FROM pg_database WHERE starts_with(datname, ?)", db.prefix).Scan(ctx, &names)
			errs = append(errs, err)
			for _, n := range names {
				errs = append(errs, db.drop(ctx, n))
			}
		}
		errs = append(errs, db.admin.Close())
	}
	if db.cluster != nil {
		errs = append(errs, db.cluster.Stop(ctx))
	}
	if db.dir != "" {
		errs = append(errs, os.RemoveAll(db.dir))
	}
	return errors.Join(errs...)
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// loadStore loads the dataset into the database at u through the store's
// COPY loaders, as munireg's command line, and returns how long the three
// loads took together.
func loadStore(ctx context.Context, u string, d dataset.Dataset) (time.Duration, error) {
	s, err := pgstore.Open(ctx, u)
	if err != nil {
		return 0, err
	}
	defer s.Close()
	ctx = munireg.NewContextWithActor(ctx, munireg.CLIActor)
	start := time.Now()
	if _, err := s.LoadOrganizations(ctx, d.Organizations); err != nil {
		return 0, err
	}
	if _, err := s.LoadPositions(ctx, d.Positions); err != nil {
		return 0, err
	}
	if _, err := s.LoadFlows(ctx, d.Flows); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// ---- bulk load ----

// loadTables are the tables the store's loaders write, in an order that
// satisfies their foreign keys.
var loadTables = []string{"organization", "municipality_number", "population", "organization_succession",
	"position", "owner_list", "flow", "balance", "audit"}

// load measures the bulk load; the part has started, and run 1 of the
// store's load (first) was the load of the main database.
func (c *benchConfig) load(ctx context.Context, db *benchDB, template, main string, d dataset.Dataset, first time.Duration) error {
	store := []float64{first.Seconds()}
	for i := 2; i <= c.runs; i++ {
		c.progress("loading the dataset with COPY (run %d of %d)", i, c.runs)
		name := fmt.Sprintf("%sload%d", db.prefix, i)
		if err := db.create(ctx, name, template); err != nil {
			return err
		}
		took, err := loadStore(ctx, db.url(name), d)
		if err := errors.Join(err, db.drop(ctx, name)); err != nil {
			return err
		}
		store = append(store, took.Seconds())
	}
	s := bench.Summarize(store)
	fmt.Fprintf(c.stdout, "The store: LoadOrganizations, LoadPositions and LoadFlows (validation, one audit row per record, "+
		"ANALYZE), each one transaction, into a fresh migrated database. psql: \\copy of the same rows — the tables "+
		"those loads wrote, exported as CSV — into a fresh migrated database, one transaction, no ANALYZE.\n\n")
	t := bench.Table{Header: []string{"measurement", "median", "min – max"}}
	t.Add(append([]string{"store COPY import (orgs + positions + flows)"}, statsCells(s, bench.Seconds)...)...)

	psql, err := findPsql(c.pgBinDir)
	if err != nil {
		fmt.Fprintf(c.stdout, "psql \\copy: skipped, %v.\n\n", err)
		if err := t.Write(c.stdout); err != nil {
			return err
		}
		c.floors.Add("bulk load: store / psql \\copy", "not measured (no psql)", "≤ 2×", "–")
		c.endPart()
		return nil
	}
	dir, err := os.MkdirTemp("", "munireg-bench-csv-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	c.progress("exporting the loaded rows as CSV to %s", dir)
	script, rows, err := exportCSV(ctx, db.url(main), dir)
	if err != nil {
		return fmt.Errorf("exporting CSV: %w", err)
	}
	var viaPsql []float64
	for i := 1; i <= c.runs; i++ {
		c.progress("psql \\copy (run %d of %d)", i, c.runs)
		name := fmt.Sprintf("%spsql%d", db.prefix, i)
		if err := db.create(ctx, name, template); err != nil {
			return err
		}
		cmd := exec.CommandContext(ctx, psql, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.url(name), "-f", script)
		start := time.Now()
		out, err := cmd.CombinedOutput()
		took := time.Since(start)
		if err != nil {
			err = fmt.Errorf("psql: %w\n%s", err, out)
		}
		if err := errors.Join(err, db.drop(ctx, name)); err != nil {
			return err
		}
		viaPsql = append(viaPsql, took.Seconds())
	}
	p := bench.Summarize(viaPsql)
	t.Add(append([]string{fmt.Sprintf("psql \\copy of the same %s rows", bench.Int(rows))}, statsCells(p, bench.Seconds)...)...)
	if err := t.Write(c.stdout); err != nil {
		return err
	}
	fmt.Fprintf(c.stdout, "\npsql: %s.\n", psql)
	c.floor("bulk load: store COPY / psql \\copy", s.Median/p.Median, 2, true, "")
	c.endPart()
	return nil
}

// findPsql finds psql on PATH or beside the server's programs.
func findPsql(binDir string) (string, error) {
	if binDir == "" {
		if p, err := exec.LookPath("psql"); err == nil {
			return p, nil
		}
	}
	dir, err := localpg.FindBinaries(binDir)
	if err == nil {
		p := filepath.Join(dir, "psql")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("psql was found neither on PATH nor beside the PostgreSQL server programs")
}

// exportCSV writes each non-empty load table of the database at u as CSV
// into dir and a psql script that \copy-s them back in one transaction; it
// returns the script's path and the number of rows.
func exportCSV(ctx context.Context, u, dir string) (string, int, error) {
	conn, err := pgx.Connect(ctx, u)
	if err != nil {
		return "", 0, err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var script strings.Builder
	script.WriteString("BEGIN;\n")
	total := 0
	for _, table := range loadTables {
		path := filepath.Join(dir, table+".csv")
		f, err := os.Create(path)
		if err != nil {
			return "", 0, err
		}
		tag, err := conn.PgConn().CopyTo(ctx, f, "COPY "+pgx.Identifier{table}.Sanitize()+" TO STDOUT (FORMAT csv)")
		if err := errors.Join(err, f.Close()); err != nil {
			return "", 0, fmt.Errorf("%s: %w", table, err)
		}
		if tag.RowsAffected() == 0 {
			continue
		}
		total += int(tag.RowsAffected())
		fmt.Fprintf(&script, "\\copy %s FROM '%s' WITH (FORMAT csv)\n", table, strings.ReplaceAll(path, "'", "''"))
	}
	script.WriteString("COMMIT;\n")
	path := filepath.Join(dir, "load.sql")
	return path, total, os.WriteFile(path, []byte(script.String()), 0o600)
}

// ---- the API: summaries and HTTP serving ----

// benchAPI is the register's HTTP API on loopback, with a token.
type benchAPI struct {
	base, token string
	client      *http.Client
}

func (a benchAPI) request(ctx context.Context, method, path, body string) (*http.Request, error) {
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, r)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+a.token)
	req.Header.Set("Accept", "application/json")
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	return req, nil
}

// call sends one request and reads the whole answer; anything but 2xx is an
// error.
func (a benchAPI) call(ctx context.Context, method, path, body string) error {
	req, err := a.request(ctx, method, path, body)
	if err != nil {
		return err
	}
	res, err := a.client.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s answered %s: %.300s", method, path, res.Status, b)
	}
	return nil
}

// serveLoopback serves h on 127.0.0.1 with serve's server settings; stop
// ends it.
func serveLoopback(h http.Handler) (base string, stop func(), err error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", nil, err
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 60 * time.Second,
		WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second, MaxHeaderBytes: 64 << 10}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(ctx)
	}, nil
}

func (c *benchConfig) api(ctx context.Context, u string, tg benchTargets) error {
	s, err := pgstore.Open(ctx, u)
	if err != nil {
		return err
	}
	defer s.Close()
	_, token, err := s.CreateToken(munireg.NewContextWithActor(ctx, munireg.CLIActor),
		munireg.Token{Name: "munireg bench", Role: munireg.RoleAdmin})
	if err != nil {
		return fmt.Errorf("creating a token: %w", err)
	}
	// The access log is formatted as serve's default (text, info) and
	// discarded: its cost is counted, its lines are not printed.
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	transport := &http.Transport{MaxIdleConnsPerHost: 4, DisableCompression: true}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: time.Minute}
	// The API as serve runs it, and with no answers kept: every request
	// reads the register.
	var apis [2]benchAPI
	for i, cacheBytes := range []int64{0, -1} {
		base, stop, err := serveLoopback(httpapi.New(httpapi.Deps{Storage: s, Build: buildVersion(), Logger: log,
			CacheBytes: cacheBytes}))
		if err != nil {
			return err
		}
		defer stop()
		apis[i] = benchAPI{base: base, token: token, client: client}
	}
	served, uncached := apis[0], apis[1]
	if err := untilListening(ctx, s); err != nil {
		return err
	}

	if c.only["summaries"] {
		ru, err := bench.BaselineURL(u, pgstore.LargeReadWorkMem)
		if err != nil {
			return err
		}
		raw, err := openBun(ru)
		if err != nil {
			return err
		}
		err = c.summaries(ctx, uncached, raw, tg)
		if err := errors.Join(err, raw.Close()); err != nil {
			return fmt.Errorf("summaries: %w", err)
		}
	}
	if c.only["http"] {
		if err := c.serving(ctx, served, uncached, tg); err != nil {
			return fmt.Errorf("http: %w", err)
		}
	}
	return nil
}

// untilListening waits until the store learns of changes, as a server does
// a moment after it starts, so that the measured API keeps its answers from
// the first request on.
func untilListening(ctx context.Context, s *pgstore.Store) error {
	deadline := time.Now().Add(30 * time.Second)
	for _, ok := s.Generation(); !ok; _, ok = s.Generation() {
		if time.Now().After(deadline) {
			return errors.New("the store does not listen for changes after 30 s")
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(10 * time.Millisecond):
		}
	}
	return nil
}

// maxForum is the most members POST /v1/summaries/forum takes.
const maxForum = 1000

func forumBody(members []string, year int) string {
	return fmt.Sprintf(`{"name":"Alle eiere","owners":["%s"],"year":%d}`, strings.Join(members, `","`), year)
}

func (c *benchConfig) summaries(ctx context.Context, a benchAPI, raw *bun.DB, tg benchTargets) error {
	c.startPart("Summaries: through the HTTP API vs one raw SQL statement")
	year := dataset.LastYear
	members := tg.members
	if len(members) > maxForum {
		members = members[:maxForum]
	}
	owner := tg.owner.ID
	fmt.Fprintf(c.stdout, "API: one client, requests one after another over a kept-alive loopback connection, the answer "+
		"read whole, with no answers kept (every request reads the register, as the first one after a change does); time per request. Raw SQL: the statement (internal/bench ForumSQL, PortfolioSQL) through bun "+
		"and pgx on the same database, with the work_mem the store gives a large summary (%s) and jit off, rows scanned into Go; time per statement. Forum: %d members "+
		"(municipalities and counties), year %d. Portfolio: %s, year %d.\n\n",
		pgstore.LargeReadWorkMem, len(members), year, tg.owner.Name, year)
	if len(members) < len(tg.members) {
		fmt.Fprintf(c.stdout, "The forum is the first %d of the %d owners: the API takes at most %d members.\n\n",
			len(members), len(tg.members), maxForum)
	}
	type pair struct {
		name     string
		api, sql func() error
	}
	body := forumBody(members, year)
	pairs := []pair{
		{"forum summary (POST /v1/summaries/forum)",
			func() error { return a.call(ctx, http.MethodPost, "/v1/summaries/forum", body) },
			func() error { _, err := bench.Forum(ctx, raw, members, year); return err }},
		{"owner portfolio (GET /v1/summaries/owners/{id})",
			func() error {
				return a.call(ctx, http.MethodGet, fmt.Sprintf("/v1/summaries/owners/%s?year=%d", owner, year), "")
			},
			func() error { _, err := bench.Portfolio(ctx, raw, owner, year); return err }},
	}
	t := bench.Table{Header: []string{"measurement", "median", "min – max"}}
	for _, p := range pairs {
		c.progress("summaries: %s", p.name)
		// One call of each first, untimed: connections, caches, plans.
		if err := errors.Join(p.api(), p.sql()); err != nil {
			return err
		}
		var api, sql []float64
		for range c.runs {
			x, err := bench.PerOp(c.minOp, 3, p.api)
			if err != nil {
				return err
			}
			api = append(api, x)
			if x, err = bench.PerOp(c.minOp, 3, p.sql); err != nil {
				return err
			}
			sql = append(sql, x)
		}
		as, ss := bench.Summarize(api), bench.Summarize(sql)
		t.Add(append([]string{p.name + ", API"}, statsCells(as, bench.Seconds)...)...)
		t.Add(append([]string{p.name + ", raw SQL"}, statsCells(ss, bench.Seconds)...)...)
		c.floor(strings.SplitN(p.name, " (", 2)[0]+": API / raw SQL", as.Median/ss.Median, 1.5, true, "")
	}
	if err := t.Write(c.stdout); err != nil {
		return err
	}
	c.endPart()
	return nil
}

func (c *benchConfig) serving(ctx context.Context, served, uncached benchAPI, tg benchTargets) error {
	c.startPart("HTTP serving: the API vs a bare net/http handler")
	org := tg.owner.ID
	targets := []struct{ name, path string }{
		{"GET /v1/organizations/{id}", "/v1/organizations/" + org},
		{"GET /v1/summaries/owners/{id}", fmt.Sprintf("/v1/summaries/owners/%s?year=%d", org, dataset.LastYear)},
	}
	fmt.Fprintf(c.stdout, "%d clients in this process, each sending requests one after another on its own kept-alive "+
		"loopback connection, for %s after a %s warm-up; only requests completed in those %s count. The API as serve "+
		"runs it keeps the answers of reads while the register is unchanged; \"no answers kept\" is the same API "+
		"reading the register for every request, as it does for the first request after each change. The bare "+
		"handler is an http.Server on loopback answering every request with the status, headers and body captured "+
		"from the API's answer. Load generator and servers share the machine's CPUs. Organization and owner: %s. "+
		"The floors are judged on the API as serve runs it.\n\n",
		c.clients, c.duration, c.warmup, c.duration, tg.owner.Name)
	t := bench.Table{Header: []string{"request", "server", "requests/s", "min – max", "p50", "p99", "p99 min – max"}}
	for _, target := range targets {
		req, err := served.request(ctx, http.MethodGet, target.path, "")
		if err != nil {
			return err
		}
		replay, err := bench.Capture(served.client, req)
		if err != nil {
			return err
		}
		bareBase, stopBare, err := serveLoopback(replay)
		if err != nil {
			return err
		}
		servers := []struct {
			name, base string
		}{
			{"API", served.base},
			{"API, no answers kept", uncached.base},
			{fmt.Sprintf("bare handler (%s bytes)", bench.Int(len(replay.Body))), bareBase},
		}
		results := make([][]bench.LoadResult, len(servers))
		for i := range c.runs {
			// Each run starts with another server, so that none always
			// follows the heaviest (the garbage it left is collected on
			// the next one's time).
			for k := range servers {
				j := (i + k) % len(servers)
				srv := servers[j]
				c.progress("http: %s, %s, run %d of %d", target.name, srv.name, i+1, c.runs)
				l := bench.Load{Clients: c.clients, Duration: c.duration, Warmup: c.warmup,
					Request: func(ctx context.Context) (*http.Request, error) {
						req, err := served.request(ctx, http.MethodGet, target.path, "")
						if err == nil {
							req.URL.Host = strings.TrimPrefix(srv.base, "http://")
						}
						return req, err
					}}
				r, err := l.Run(ctx)
				if err != nil {
					stopBare()
					return fmt.Errorf("%s, %s: %w", target.name, srv.name, err)
				}
				results[j] = append(results[j], r)
			}
		}
		stopBare()
		stats := make([]loadSummary, len(servers))
		for j, srv := range servers {
			stats[j] = loadStats(results[j])
			s := stats[j]
			t.Add(target.name, srv.name, bench.Rate(s.rps.Median),
				bench.Rate(s.rps.Min)+" – "+bench.Rate(s.rps.Max),
				bench.Seconds(s.p50.Median), bench.Seconds(s.p99.Median),
				bench.Seconds(s.p99.Min)+" – "+bench.Seconds(s.p99.Max))
		}
		api, bare := stats[0], stats[2]
		c.floor(target.name+": API / bare requests per second", api.rps.Median/bare.rps.Median, 0.5, false, "")
		p99 := api.p99.Median
		verdict := metWord(p99 < 0.020)
		if c.clients != 50 {
			verdict = "not comparable: the floor is at 50 clients"
		}
		c.floors.Add(fmt.Sprintf("%s: API p99 at %d clients", target.name, c.clients), bench.Seconds(p99), "< 20 ms at 50 clients",
			verdict)
	}
	if err := t.Write(c.stdout); err != nil {
		return err
	}
	c.endPart()
	return nil
}

type loadSummary struct{ rps, p50, p99 bench.Stats }

func loadStats(rs []bench.LoadResult) loadSummary {
	var rps, p50, p99 []float64
	for _, r := range rs {
		rps = append(rps, r.RPS)
		p50 = append(p50, r.P50.Seconds())
		p99 = append(p99, r.P99.Seconds())
	}
	return loadSummary{bench.Summarize(rps), bench.Summarize(p50), bench.Summarize(p99)}
}
