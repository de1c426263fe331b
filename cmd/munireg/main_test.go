package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/localpg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

// binary is the munireg binary built for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "munireg-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// Reachable by an ordinary user too: the root test runs it as one.
	_ = os.Chmod(dir, 0o755)
	binary = filepath.Join(dir, "munireg")
	out, err := exec.Command("go", "build", "-o", binary, ".").CombinedOutput()
	if err != nil {
		fmt.Fprintf(os.Stderr, "building munireg: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

func newTestFlagSet() *flag.FlagSet {
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func runCLI(args ...string) (code int, stdout, stderr string) {
	var o, e bytes.Buffer
	code = run(context.Background(), func() {}, args, &o, &e, func(string) string { return "" })
	return code, o.String(), e.String()
}

func TestCommandLine(t *testing.T) {
	for _, tc := range []struct {
		args       []string
		code       int
		out, err   string
		outPattern string
	}{
		{args: nil, code: 2, err: "Usage:"},
		{args: []string{"frobnicate"}, code: 2, err: `unknown command "frobnicate"`},
		{args: []string{"help"}, code: 0, out: "munireg serve"},
		{args: []string{"version"}, code: 0, outPattern: `^\S+\n$`},
		{args: []string{"serve", "--no-such-flag"}, code: 2, err: "flag provided but not defined"},
		{args: []string{"serve", "extra"}, code: 2, err: "unexpected arguments"},
		{args: []string{"serve", "-h"}, code: 0, err: "MUNIREG_DATABASE_URL"},
		{args: []string{"serve", "--log-level", "loud"}, code: 1, err: "--log-level"},
		{args: []string{"serve", "--cache-mib", "-1"}, code: 2, err: "--cache-mib must not be negative"},
		{args: []string{"serve", "-h"}, code: 0, err: "MUNIREG_CACHE_MIB"},
		{args: []string{"serve", "--auth-failures", "-1"}, code: 2, err: "--auth-failures must not be negative"},
		{args: []string{"serve", "-h"}, code: 0, err: "MUNIREG_AUTH_FAILURES"},
		{args: []string{"check", "--no-such-flag"}, code: 2, err: "flag provided but not defined"},
		{args: []string{"check", "extra"}, code: 2, err: "unexpected arguments"},
		{args: []string{"check", "-h"}, code: 0, err: "Exit status: 0 when the register keeps every rule"},
		{args: []string{"check", "--list"}, code: 0, out: "position-share-sum\t"},
		{args: []string{"check", "--log-level", "loud"}, code: 2, err: "--log-level"},
		{args: []string{"openapi"}, code: 0, out: `"openapi":"3.1.0"`},
		{args: []string{"openapi", "--yaml"}, code: 0, out: "openapi: 3.1.0"},
	} {
		code, out, errOut := runCLI(tc.args...)
		assert.Equal(t, tc.code, code, "munireg %v: exit code (stderr %q)", tc.args, errOut)
		assert.Contains(t, out, tc.out, "munireg %v: stdout", tc.args)
		assert.Contains(t, errOut, tc.err, "munireg %v: stderr", tc.args)
		if tc.outPattern != "" {
			assert.Regexp(t, tc.outPattern, out, "munireg %v: stdout", tc.args)
		}
	}
}

func TestEnvironmentConfiguresFlagsAndFlagsWin(t *testing.T) {
	env := map[string]string{"MUNIREG_DATA_DIR": "/from/env", "MUNIREG_LOG_LEVEL": "debug"}
	getenv := func(k string) string { return env[k] }
	for _, tc := range []struct {
		args       []string
		dir, level string
	}{
		{nil, "/from/env", "debug"},
		{[]string{"--data-dir", "/from/flag"}, "/from/flag", "debug"},
	} {
		fs := newTestFlagSet()
		var cfg config
		cfg.databaseFlags(fs, getenv)
		require.NoError(t, fs.Parse(tc.args))
		assert.Equal(t, tc.dir, cfg.dataDir, "data dir with args %v", tc.args)
		assert.Equal(t, tc.level, cfg.logLevel, "log level with args %v", tc.args)
	}
}

// TestAuthFailuresFlag: --auth-failures 0 turns the limit off, as
// Deps.AuthFailures says it with a negative number.
func TestAuthFailuresFlag(t *testing.T) {
	for in, want := range map[int]int{0: -1, 1: 1, 20: 20} {
		assert.Equal(t, want, authFailures(in), "authFailures(%d)", in)
	}
}

func TestRedactHidesThePassword(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://u:secret@db.example:5432/reg": "postgres://u:xxxxx@db.example:5432/reg",
		"postgres://u@/reg?host=/run/pg":          "postgres://u@/reg?host=/run/pg",
		"host=db password=secret":                 "(the configured URL)",
	} {
		assert.Equal(t, want, redact(in), "redact(%q)", in)
	}
}

// server is a running `munireg serve` started by a test.
type server struct {
	cmd    *exec.Cmd
	base   string
	token  string // the admin token printed at the first start; "" after
	stderr *bytes.Buffer
	done   chan error
}

// runBinary runs the binary with args and returns its exit code and output.
func runBinary(t *testing.T, stdin []byte, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = cleanEnv()
	cmd.Stdin = bytes.NewReader(stdin)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode(), o.String(), e.String()
	}
	require.NoError(t, err)
	return 0, o.String(), e.String()
}

// startServe starts the binary on a free port with the given data dir (and
// extra arguments) and waits for the URL it prints, and the admin token
// printed at a first start; cred, when set, runs it as another user.
func startServe(t *testing.T, dataDir string, cred *syscall.Credential, extra ...string) *server {
	t.Helper()
	cmd := exec.Command(binary, append([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dataDir}, extra...)...)
	cmd.Env = cleanEnv()
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	s := &server{cmd: cmd, stderr: &bytes.Buffer{}, done: make(chan error, 1)}
	cmd.Stderr = s.stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-s.done
	})
	// What serve prints before "Press Ctrl-C", which ends its banner.
	type banner struct{ base, token string }
	banners := make(chan banner, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		url := regexp.MustCompile(`serving the register at (http://\S+)`)
		token := regexp.MustCompile(`admin token: (mr_\S+)`)
		var b banner
		for sc.Scan() {
			if m := url.FindStringSubmatch(sc.Text()); m != nil {
				b.base = m[1]
			}
			if m := token.FindStringSubmatch(sc.Text()); m != nil {
				b.token = m[1]
			}
			if strings.HasPrefix(sc.Text(), "Press Ctrl-C") {
				banners <- b
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	go func() { s.done <- cmd.Wait() }()
	select {
	case b := <-banners:
		s.base, s.token = b.base, b.token
	case err := <-s.done:
		s.done <- err
		t.Fatalf("munireg serve exited before serving: %v\n%s", err, s.stderr)
	case <-time.After(60 * time.Second):
		t.Fatalf("munireg serve printed no URL within 60s\n%s", s.stderr)
	}
	return s
}

// ready polls /readyz until 200 and returns the register instance ID.
func (s *server) ready(t *testing.T, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		res, err := http.Get(s.base + "/readyz")
		if err == nil {
			var body struct{ Instance struct{ ID string } }
			decodeErr := json.NewDecoder(res.Body).Decode(&body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK && decodeErr == nil {
				return body.Instance.ID
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /readyz not 200 within %s (last error %v)\n%s", within, err, s.stderr)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop sends sig and waits for the process to exit; it returns the exit code.
func (s *server) stop(t *testing.T, sig syscall.Signal) int {
	t.Helper()
	require.NoError(t, s.cmd.Process.Signal(sig))
	select {
	case err := <-s.done:
		s.done <- err
		if ee, ok := err.(*exec.ExitError); ok {
			return ee.ExitCode()
		}
		require.NoError(t, err)
		return 0
	case <-time.After(40 * time.Second):
		t.Fatalf("munireg did not exit within 40s of %v\n%s", sig, s.stderr)
		return -1
	}
}

// TestServeLocalMode is the README's promise, end to end: the first start
// creates the cluster and is ready within 30 s; a second serve on the same
// data directory is refused; Ctrl-C stops munireg and its PostgreSQL; the
// next start finds the same register; and a killed munireg takes its
// PostgreSQL down with it, so the start after that works too.
func TestServeLocalMode(t *testing.T) {
	t.Run("as this user", func(t *testing.T) { serveLocalMode(t, nil) })
	if os.Geteuid() == 0 {
		// Root runs PostgreSQL as the postgres user; an ordinary user runs it
		// as itself. Cover that path as well, as nobody.
		t.Run("as an ordinary user", func(t *testing.T) {
			serveLocalMode(t, &syscall.Credential{Uid: 65534, Gid: 65534})
		})
	}
}

func serveLocalMode(t *testing.T, cred *syscall.Credential) {
	if _, err := localpg.FindBinaries(os.Getenv(pgtest.EnvBinDir)); err != nil {
		pgtest.SkipOrFail(t, err)
	}
	parent := reachableDir(t)
	if cred != nil {
		require.NoError(t, os.Chown(parent, int(cred.Uid), int(cred.Gid)))
	}
	dataDir := filepath.Join(parent, "data")

	start := time.Now()
	first := startServe(t, dataDir, cred)
	id := first.ready(t, 30*time.Second)
	t.Logf("first start: ready in %s", time.Since(start).Round(time.Millisecond))
	require.NotEmpty(t, id)
	assert.Regexp(t, `^mr_[A-Za-z0-9_-]{43}$`, first.token, "the first start prints an admin token")

	// A second serve on the same data directory is refused, clearly.
	second := exec.Command(binary, "serve", "--addr", "127.0.0.1:0", "--data-dir", dataDir)
	second.Env = cleanEnv()
	second.SysProcAttr = &syscall.SysProcAttr{Credential: cred}
	out, err := second.CombinedOutput()
	require.Error(t, err, "a second serve on the same data directory started:\n%s", out)
	assert.Contains(t, string(out), "another munireg serve")
	first.ready(t, 5*time.Second) // the first is unharmed

	// Ctrl-C stops munireg and its PostgreSQL.
	assert.Equal(t, 0, first.stop(t, syscall.SIGINT), "exit code after SIGINT\n%s", first.stderr)
	assertNoServer(t, dataDir)
	assert.Contains(t, first.stderr.String(), "PostgreSQL stopped")

	// The next start finds the same register.
	start = time.Now()
	again := startServe(t, dataDir, cred)
	assert.Equal(t, id, again.ready(t, 30*time.Second), "register after a restart")
	assert.Empty(t, again.token, "only the first start prints a token")
	t.Logf("restart: ready in %s", time.Since(start).Round(time.Millisecond))

	// Killed outright, munireg takes its PostgreSQL down with it.
	again.stop(t, syscall.SIGKILL)
	deadline := time.Now().Add(30 * time.Second)
	for serverRunning(dataDir) && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	assertNoServer(t, dataDir)
	last := startServe(t, dataDir, cred)
	assert.Equal(t, id, last.ready(t, 30*time.Second), "register after munireg was killed")
	assert.Equal(t, 0, last.stop(t, syscall.SIGTERM), "exit code after SIGTERM\n%s", last.stderr)
	assertNoServer(t, dataDir)
}

// reachableDir is a new directory, removed after the test, that every user
// can enter: the postgres user must reach a data directory inside it, and
// t.TempDir's parents are private.
func reachableDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "munireg-e2e-")
	require.NoError(t, err)
	t.Cleanup(func() { _ = os.RemoveAll(dir) })
	require.NoError(t, os.Chmod(dir, 0o755))
	return dir
}

// serverRunning reports whether the postmaster.pid of local mode's data
// directory names a live process.
func serverRunning(dataDir string) bool {
	pid, err := postmasterPID(filepath.Join(dataDir, "pgdata"))
	return err == nil && syscall.Kill(pid, 0) == nil
}

// postmasterPID is the process ID on the first line of a PostgreSQL data
// directory's postmaster.pid.
func postmasterPID(pgdata string) (int, error) {
	b, err := os.ReadFile(filepath.Join(pgdata, "postmaster.pid"))
	if err != nil {
		return 0, err
	}
	var pid int
	_, err = fmt.Sscan(strings.SplitN(string(b), "\n", 2)[0], &pid)
	return pid, err
}

func assertNoServer(t *testing.T, dataDir string) {
	t.Helper()
	assert.False(t, serverRunning(dataDir), "PostgreSQL is still running on %s", dataDir)
}

// cleanEnv is our environment without MUNIREG_* settings that would change
// what the binary does.
func cleanEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, envPrefix) || strings.HasPrefix(kv, "MUNIREG_PG_BINDIR=") {
			env = append(env, kv)
		}
	}
	return env
}
