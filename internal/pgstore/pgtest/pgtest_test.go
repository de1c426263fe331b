package pgtest

import (
	"context"
	"errors"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"
	"github.com/uptrace/bun/dialect/pgdialect"

	"github.com/munireg/munireg"
)

func TestMain(m *testing.M) { Main(m) }

// TestURLGivesMigratedPrivateDatabases checks that two tests' databases are
// separate and both migrated.
func TestURLGivesMigratedPrivateDatabases(t *testing.T) {
	a, b := URL(t), URL(t)
	if a == b {
		t.Fatalf("URL() twice = %q both times, want two databases", a)
	}
	sa, sb := Store(t), Store(t)
	ia, err := sa.Instance(context.Background())
	if err != nil {
		t.Fatalf("Instance() on a new database: %v", err)
	}
	if _, err := sb.Instance(context.Background()); err != nil {
		t.Fatalf("Instance() on a new database: %v", err)
	}
	if ia.Schema == "" {
		t.Errorf("Instance().Schema is empty, want the newest migration")
	}
}

// TestCloneCopiesTheDatabase checks that a clone holds what its source
// held, and that the two are separate afterwards.
func TestCloneCopiesTheDatabase(t *testing.T) {
	ctx := munireg.NewContextWithActor(context.Background(), munireg.CLIActor)
	src := URL(t)
	s := Open(t, src)
	before, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Before", Kind: munireg.KindAS})
	if err != nil {
		t.Fatalf("CreateOrganization(): %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close(): %v", err)
	}
	clone := Clone(t, src)
	if clone == src {
		t.Fatalf("Clone(%q) = the same URL, want another database", src)
	}
	c := Open(t, clone)
	if _, err := c.FindOrganizationByID(ctx, before.ID, time.Time{}); err != nil {
		t.Errorf("FindOrganizationByID() of the source's organization in the clone: %v", err)
	}
	after, err := c.CreateOrganization(ctx, munireg.Organization{Name: "After", Kind: munireg.KindAS})
	if err != nil {
		t.Fatalf("CreateOrganization() in the clone: %v", err)
	}
	if _, err := Open(t, src).FindOrganizationByID(ctx, after.ID, time.Time{}); !errors.Is(err, munireg.ErrNotFound) {
		t.Errorf("FindOrganizationByID() of the clone's organization in the source = %v, want ErrNotFound", err)
	}
}

// helperEnv marks the child process of TestNoPostgresSkipsLocallyFailsInCI.
const helperEnv = "PGTEST_HELPER_NO_POSTGRES"

// TestNeedsPostgresHelper is run only as a child process, by the test below,
// in an environment without PostgreSQL.
func TestNeedsPostgresHelper(t *testing.T) {
	if os.Getenv(helperEnv) == "" {
		t.Skip("helper for TestNoPostgresSkipsLocallyFailsInCI")
	}
	URL(t)
	t.Log("reached past URL")
}

// TestNoPostgresSkipsLocallyFailsInCI proves the rule: without PostgreSQL a
// storage test is skipped (and logged) locally and fails when CI is set.
func TestNoPostgresSkipsLocallyFailsInCI(t *testing.T) {
	if os.Getenv(helperEnv) != "" {
		t.Skip("this is the child process")
	}
	for _, ci := range []string{"", "true"} {
		t.Run("CI="+ci, func(t *testing.T) {
			skipLog := filepath.Join(t.TempDir(), "skips")
			cmd := exec.Command(os.Args[0], "-test.run=^TestNeedsPostgresHelper$", "-test.v", "-test.count=1")
			var env []string
			for _, kv := range os.Environ() {
				if !strings.HasPrefix(kv, EnvCI+"=") && !strings.HasPrefix(kv, EnvDatabaseURL+"=") &&
					!strings.HasPrefix(kv, EnvBinDir+"=") && !strings.HasPrefix(kv, EnvSkipLog+"=") {
					env = append(env, kv)
				}
			}
			cmd.Env = append(env, helperEnv+"=1", EnvBinDir+"=/nonexistent/postgresql/bin",
				EnvSkipLog+"="+skipLog, EnvCI+"="+ci)
			out, err := cmd.CombinedOutput()
			logged, _ := os.ReadFile(skipLog)
			if strings.Contains(string(out), "reached past URL") {
				t.Fatalf("URL returned without PostgreSQL; output:\n%s", out)
			}
			if ci == "" {
				if err != nil || !strings.Contains(string(out), "--- SKIP: TestNeedsPostgresHelper") {
					t.Fatalf("without CI: err = %v, want a skip; output:\n%s", err, out)
				}
				if !strings.Contains(string(logged), SkipMessage) {
					t.Errorf("skip log = %q, want it to record the skip", logged)
				}
			} else {
				if err == nil || !strings.Contains(string(out), "--- FAIL: TestNeedsPostgresHelper") {
					t.Fatalf("with CI=true: err = %v, want a failure; output:\n%s", err, out)
				}
				if len(logged) != 0 {
					t.Errorf("skip log = %q, want nothing (it failed, not skipped)", logged)
				}
			}
			if !strings.Contains(string(out), "apt-get install postgresql") {
				t.Errorf("output does not say how to install PostgreSQL:\n%s", out)
			}
		})
	}
}

// TestDigestSeesEveryChangeButATokensUse: a row changed, added or removed
// changes the digest; the minute a token was last used does not.
func TestDigestSeesEveryChangeButATokensUse(t *testing.T) {
	u := URL(t)
	cfg, err := pgx.ParseConfig(u)
	if err != nil {
		t.Fatal(err)
	}
	db := bun.NewDB(stdlib.OpenDB(*cfg), pgdialect.New())
	defer db.Close()
	ctx := context.Background()
	before := Digest(t, u)
	if before["organization"] == "" || before["audit"] == "" || before["api_token"] == "" {
		t.Fatalf("Digest() = %v, want every table of the register", before)
	}
	if again := Digest(t, u); !maps.Equal(before, again) {
		t.Fatalf("Digest() of an unchanged database changed: %v, then %v", before, again)
	}
	if _, err := db.NewRaw("INSERT INTO api_token (id, name, role, hash) VALUES (gen_random_uuid(), 'x', 'reader', 'h')").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	added := Digest(t, u)
	if added["api_token"] == before["api_token"] {
		t.Errorf("Digest() did not see a row added: %s", added["api_token"])
	}
	if _, err := db.NewRaw("UPDATE api_token SET last_used_at = now()").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if used := Digest(t, u); !maps.Equal(added, used) {
		t.Errorf("Digest() saw a token's last use: %v, then %v", added, used)
	}
	if _, err := db.NewRaw("UPDATE api_token SET name = 'y'").Exec(ctx); err != nil {
		t.Fatal(err)
	}
	if renamed := Digest(t, u); renamed["api_token"] == added["api_token"] {
		t.Errorf("Digest() did not see a row changed: %s", renamed["api_token"])
	}
}
