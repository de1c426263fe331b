package localpg

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ErrAlreadyRunning means another process holds the cluster directory.
var ErrAlreadyRunning = errors.New("localpg: cluster directory is in use by another process")

// ErrUnreachable means the user PostgreSQL runs as cannot reach the cluster
// directory, because a parent directory is not traversable by it.
var ErrUnreachable = errors.New("localpg: cluster directory is not reachable by the postgres user")

// Superuser is the name of the cluster's superuser role.
const Superuser = "postgres"

// socketPort names the Unix socket (.s.PGSQL.<port>) when no TCP port is used.
const socketPort = 5432

// maxSocketPath is the longest Unix socket path Linux accepts, less one.
const maxSocketPath = 107

// Options configure a cluster.
type Options struct {
	// Dir is the cluster directory; created when missing. Required by Start.
	Dir string
	// BinDir holds initdb and postgres; empty means FindBinaries("").
	BinDir string
	// Loopback makes the server listen on 127.0.0.1 as well as on the socket.
	Loopback bool
	// Port is the loopback TCP port; 0 picks a free one. Used with Loopback.
	Port int
	// Ephemeral turns durability off (fsync, synchronous commit, full page
	// writes) for speed. For tests only: a crash loses the data.
	Ephemeral bool
	// StartTimeout bounds how long Start waits for the server; default 60s.
	StartTimeout time.Duration
	// Logger receives progress messages; nil discards them.
	Logger *slog.Logger
}

// Cluster is a running PostgreSQL server owned by this process.
type Cluster struct {
	dir, dataDir, sockDir string
	tempSockDir           bool // sockDir was made in the temp directory
	removeDir             bool // Stop removes dir (StartTemp)
	port                  int
	loopback              bool
	password              string
	log                   *slog.Logger

	lock     *os.File
	cmd      *exec.Cmd
	exited   chan struct{}
	waitErr  error
	stopOnce sync.Once
	stopErr  error
}

// StartTemp starts a throwaway cluster in a new temporary directory with
// durability off; Stop removes the directory. For tests.
func StartTemp(ctx context.Context, opts Options) (*Cluster, error) {
	dir, err := os.MkdirTemp("", "munireg-pg-")
	if err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	opts.Dir = dir
	opts.Ephemeral = true
	c, err := Start(ctx, opts)
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	c.removeDir = true
	return c, nil
}

// Start prepares the cluster directory (initdb on first use), starts the
// server and waits until it accepts connections. It fails with
// ErrAlreadyRunning when another process holds the directory, ErrUnreachable
// when the postgres user cannot reach it, and ErrNoBinaries when PostgreSQL
// is not installed. A server left behind by a process that died is stopped
// first.
func Start(ctx context.Context, opts Options) (_ *Cluster, err error) {
	if opts.Dir == "" {
		return nil, errors.New("localpg: no cluster directory given")
	}
	binDir, err := FindBinaries(opts.BinDir)
	if err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("localpg: %w", err)
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	c := &Cluster{
		dir:      dir,
		dataDir:  filepath.Join(dir, "pgdata"),
		sockDir:  filepath.Join(dir, "run"),
		port:     socketPort,
		loopback: opts.Loopback,
		log:      log,
		exited:   make(chan struct{}),
	}
	owner, err := serverOwner()
	if err != nil {
		return nil, err
	}
	if err := c.prepareDir(owner); err != nil {
		return nil, err
	}
	defer func() {
		if err != nil {
			c.release()
		}
	}()
	if err := c.stopLeftover(ctx); err != nil {
		return nil, err
	}
	if err := c.initdb(ctx, binDir, owner, opts.Ephemeral); err != nil {
		return nil, err
	}
	c.password = c.readPassword()
	if opts.Loopback {
		c.port = opts.Port
		if c.port == 0 {
			if c.port, err = freePort(); err != nil {
				return nil, err
			}
		}
	}
	timeout := opts.StartTimeout
	if timeout <= 0 {
		timeout = 60 * time.Second
	}
	if err := c.startServer(ctx, binDir, owner, opts.Ephemeral, timeout); err != nil {
		return nil, err
	}
	return c, nil
}

// ErrNotRunning reports a cluster directory with no ready server in it.
var ErrNotRunning = errors.New("localpg: no PostgreSQL server is running in the cluster directory")

// Attach returns the Unix-socket URL of database on the server that another
// process (a munireg serve) runs in the cluster directory dir, so that a
// command can work beside it: Start refuses a directory in use. It fails
// with ErrNotRunning unless a server started on dir's data directory is
// ready there.
func Attach(dir, database string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("localpg: %w", err)
	}
	dataDir := filepath.Join(dir, "pgdata")
	pid, ok := serverPID(dataDir)
	if !ok || !runsOn(pid, dataDir) || !serverReady(dataDir, pid) {
		return "", fmt.Errorf("%w: %s", ErrNotRunning, dir)
	}
	// postmaster.pid's fourth line is the port, its fifth the socket directory.
	lines := pidFileLines(dataDir)
	port, sockDir := strings.TrimSpace(lines[3]), strings.TrimSpace(lines[4])
	if _, err := strconv.Atoi(port); err != nil || sockDir == "" {
		return "", fmt.Errorf("%w: %s has no socket", ErrNotRunning, dir)
	}
	c := &Cluster{sockDir: sockDir}
	c.port, _ = strconv.Atoi(port)
	return c.URL(database), nil
}

// Dir is the cluster directory.
func (c *Cluster) Dir() string { return c.dir }

// DataDir is the PostgreSQL data directory inside the cluster directory.
func (c *Cluster) DataDir() string { return c.dataDir }

// URL is the connection URL of database over the Unix socket, as the
// superuser; local connections need no password.
func (c *Cluster) URL(database string) string {
	q := url.Values{"host": {c.sockDir}, "port": {strconv.Itoa(c.port)}, "sslmode": {"disable"}}
	return (&url.URL{Scheme: "postgres", User: url.User(Superuser), Path: "/" + database, RawQuery: q.Encode()}).String()
}

// TCPURL is the connection URL of database over loopback TCP, with the
// superuser's password; empty unless the cluster was started with Loopback.
func (c *Cluster) TCPURL(database string) string {
	if !c.loopback {
		return ""
	}
	return (&url.URL{
		Scheme:   "postgres",
		User:     url.UserPassword(Superuser, c.password),
		Host:     net.JoinHostPort("127.0.0.1", strconv.Itoa(c.port)),
		Path:     "/" + database,
		RawQuery: "sslmode=disable",
	}).String()
}

// Done is closed when the server process has exited, whether by Stop or not.
func (c *Cluster) Done() <-chan struct{} { return c.exited }

// Stop shuts the server down (fast shutdown: open sessions are rolled back,
// everything committed is kept), waits for it, releases the directory and,
// for a StartTemp cluster, removes it. If ctx ends first the server is
// stopped immediately (it recovers on the next start). Stop may be called
// more than once.
func (c *Cluster) Stop(ctx context.Context) error {
	c.stopOnce.Do(func() {
		c.stopErr = c.stopServer(ctx)
		c.release()
		if c.removeDir {
			if err := os.RemoveAll(c.dir); err != nil && c.stopErr == nil {
				c.stopErr = fmt.Errorf("localpg: %w", err)
			}
		}
	})
	return c.stopErr
}

func (c *Cluster) stopServer(ctx context.Context) error {
	if c.cmd == nil || c.cmd.Process == nil {
		return nil
	}
	select {
	case <-c.exited:
		return nil
	default:
	}
	_ = c.cmd.Process.Signal(syscall.SIGINT)
	select {
	case <-c.exited:
		c.log.Info("PostgreSQL stopped", "dir", c.dir)
		return nil
	case <-ctx.Done():
	}
	_ = c.cmd.Process.Signal(syscall.SIGQUIT)
	select {
	case <-c.exited:
	case <-time.After(5 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.exited
	}
	return fmt.Errorf("localpg: server did not stop in time, stopped immediately: %w", ctx.Err())
}

func (c *Cluster) release() {
	if c.tempSockDir {
		_ = os.RemoveAll(c.sockDir)
	}
	if c.lock != nil {
		_ = c.lock.Close() // closing releases the flock
		c.lock = nil
	}
}

// prepareDir creates the directory tree, takes the lock and checks that the
// server's user can reach the directory.
func (c *Cluster) prepareDir(owner *account) error {
	if err := os.MkdirAll(c.dir, 0o700); err != nil {
		return fmt.Errorf("localpg: %w", err)
	}
	if err := c.takeLock(); err != nil {
		return err
	}
	if owner != nil {
		// The server's user must traverse (not list) the directory.
		fi, err := os.Stat(c.dir)
		if err != nil {
			c.release()
			return fmt.Errorf("localpg: %w", err)
		}
		if fi.Mode().Perm()&0o001 == 0 {
			if err := os.Chmod(c.dir, fi.Mode().Perm()|0o011); err != nil {
				c.release()
				return fmt.Errorf("localpg: %w", err)
			}
		}
		if err := owner.checkReach(c.dir); err != nil {
			c.release()
			return err
		}
	}
	for _, d := range []string{c.dataDir, c.sockDir} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			c.release()
			return fmt.Errorf("localpg: %w", err)
		}
		if err := owner.chown(d); err != nil {
			c.release()
			return err
		}
	}
	if len(filepath.Join(c.sockDir, ".s.PGSQL.00000.lock")) > maxSocketPath {
		d, err := os.MkdirTemp("", "munireg-sock-")
		if err == nil {
			err = owner.chown(d)
		}
		if err != nil {
			c.release()
			return fmt.Errorf("localpg: socket directory: %w", err)
		}
		c.sockDir, c.tempSockDir = d, true
	}
	return nil
}

// takeLock holds an exclusive flock on <dir>/lock for the life of the
// cluster; the kernel releases it when the process dies.
func (c *Cluster) takeLock() error {
	f, err := os.OpenFile(filepath.Join(c.dir, "lock"), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("localpg: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		holder, _ := io.ReadAll(io.LimitReader(f, 32))
		_ = f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return fmt.Errorf("%w: %s is held by process %s; is another munireg serve running on it? "+
				"Stop that one or choose another data directory", ErrAlreadyRunning, c.dir,
				strings.TrimSpace(string(holder)))
		}
		return fmt.Errorf("localpg: lock %s: %w", c.dir, err)
	}
	_ = f.Truncate(0)
	_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	c.lock = f
	return nil
}

// stopLeftover stops a server still running on the data directory. Holding
// the lock proves no live munireg owns it: its owner died without stopping it.
func (c *Cluster) stopLeftover(ctx context.Context) error {
	pid, ok := serverPID(c.dataDir)
	if !ok {
		return nil
	}
	p, _ := os.FindProcess(pid) // never fails on Unix
	if p.Signal(syscall.Signal(0)) != nil || !runsOn(pid, c.dataDir) {
		return nil // stale postmaster.pid (the pid may be reused); PostgreSQL handles it
	}
	c.log.Warn("stopping a PostgreSQL server left running by an earlier process", "pid", pid, "dir", c.dataDir)
	_ = p.Signal(syscall.SIGINT)
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if p.Signal(syscall.Signal(0)) != nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("localpg: waiting for the leftover server (pid %d) to stop: %w", pid, ctx.Err())
		case <-time.After(100 * time.Millisecond):
		}
	}
	return fmt.Errorf("localpg: a PostgreSQL server (pid %d) is still running on %s and did not stop", pid, c.dataDir)
}

// initdb creates the cluster unless the data directory already holds one.
func (c *Cluster) initdb(ctx context.Context, binDir string, owner *account, ephemeral bool) error {
	if _, err := os.Stat(filepath.Join(c.dataDir, "PG_VERSION")); err == nil {
		return nil
	}
	entries, err := os.ReadDir(c.dataDir)
	if err != nil {
		return fmt.Errorf("localpg: %w", err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("localpg: %s is neither empty nor a PostgreSQL data directory (an interrupted first start?); "+
			"remove it and start again", c.dataDir)
	}
	password := randomHex(16)
	pwfile := filepath.Join(c.sockDir, "initdb-pwfile")
	if err := os.WriteFile(pwfile, []byte(password+"\n"), 0o600); err != nil {
		return fmt.Errorf("localpg: %w", err)
	}
	defer os.Remove(pwfile)
	if err := owner.chown(pwfile); err != nil {
		return err
	}
	args := []string{"-D", c.dataDir, "-U", Superuser, "-E", "UTF8", "--locale=C",
		"--auth-local=trust", "--auth-host=scram-sha-256", "--pwfile=" + pwfile}
	if ephemeral {
		args = append(args, "--no-sync")
	}
	c.log.Info("creating PostgreSQL cluster", "dir", c.dataDir)
	cmd := exec.CommandContext(ctx, filepath.Join(binDir, "initdb"), args...)
	cmd.Env = serverEnv()
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: owner.credential()}
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		// Leave no half-made cluster behind: the next start would refuse it.
		if entries, _ := os.ReadDir(c.dataDir); len(entries) > 0 {
			for _, e := range entries {
				_ = os.RemoveAll(filepath.Join(c.dataDir, e.Name()))
			}
		}
		return fmt.Errorf("localpg: initdb failed: %w\n%s", err, tail(out.Bytes(), 20))
	}
	if err := os.WriteFile(filepath.Join(c.dir, "password"), []byte(password+"\n"), 0o600); err != nil {
		return fmt.Errorf("localpg: %w", err)
	}
	return nil
}

func (c *Cluster) readPassword() string {
	b, err := os.ReadFile(filepath.Join(c.dir, "password"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}

// startServer runs postgres as a child process and waits until it is ready.
func (c *Cluster) startServer(ctx context.Context, binDir string, owner *account, ephemeral bool, timeout time.Duration) error {
	listen := ""
	if c.loopback {
		listen = "127.0.0.1"
	}
	args := []string{"-D", c.dataDir, "-k", c.sockDir, "-p", strconv.Itoa(c.port),
		"-c", "listen_addresses=" + listen, "-c", "unix_socket_permissions=0700"}
	if ephemeral {
		args = append(args, "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
	}
	logPath := filepath.Join(c.dir, "postgres.log")
	logFile, err := os.OpenFile(logPath, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return fmt.Errorf("localpg: %w", err)
	}
	defer logFile.Close() // the child keeps its own descriptor
	logStart, _ := logFile.Seek(0, io.SeekEnd)

	cmd := exec.Command(filepath.Join(binDir, "postgres"), args...)
	cmd.Env = serverEnv()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{
		Credential: owner.credential(),
		Setpgid:    true,           // a terminal's Ctrl-C reaches munireg, which stops us in order
		Pdeathsig:  syscall.SIGINT, // if munireg dies, shut down fast
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("localpg: starting postgres: %w", err)
	}
	c.cmd = cmd
	go func() {
		c.waitErr = cmd.Wait()
		close(c.exited)
	}()
	c.log.Info("starting PostgreSQL", "dir", c.dataDir, "pid", cmd.Process.Pid)

	failed := func(reason string) error {
		return fmt.Errorf("localpg: PostgreSQL %s; its log (%s) says:\n%s", reason, logPath, logTail(logPath, logStart, 20))
	}
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		if serverReady(c.dataDir, cmd.Process.Pid) {
			return nil
		}
		select {
		case <-c.exited:
			return failed(fmt.Sprintf("exited during start-up (%v)", c.waitErr))
		case <-ctx.Done():
			_ = c.stopServer(context.Background())
			return fmt.Errorf("localpg: start-up cancelled: %w", ctx.Err())
		case <-deadline.C:
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			_ = c.stopServer(ctx)
			cancel()
			return failed(fmt.Sprintf("was not ready after %s", timeout))
		case <-tick.C:
		}
	}
}

// runsOn reports whether process pid is a postgres started on dataDir, as
// ours are (with -D dataDir on the command line), so that a stale pid file
// whose number now belongs to another process never gets that one signalled.
func runsOn(pid int, dataDir string) bool {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline"))
	if err != nil {
		return false
	}
	args := strings.Split(string(b), "\x00")
	for i := 0; i+1 < len(args); i++ {
		if args[i] == "-D" && args[i+1] == dataDir {
			return true
		}
	}
	return false
}

// serverPID reads the postmaster's process ID from postmaster.pid.
func serverPID(dataDir string) (int, bool) {
	lines := pidFileLines(dataDir)
	if len(lines) == 0 {
		return 0, false
	}
	pid, err := strconv.Atoi(strings.TrimSpace(lines[0]))
	return pid, err == nil && pid > 0
}

// serverReady reports whether postmaster.pid names pid and says "ready":
// PostgreSQL writes the status on its eighth line once it accepts connections.
func serverReady(dataDir string, pid int) bool {
	lines := pidFileLines(dataDir)
	if len(lines) < 8 {
		return false
	}
	got, err := strconv.Atoi(strings.TrimSpace(lines[0]))
	return err == nil && got == pid && strings.TrimSpace(lines[7]) == "ready"
}

func pidFileLines(dataDir string) []string {
	b, err := os.ReadFile(filepath.Join(dataDir, "postmaster.pid"))
	if err != nil {
		return nil
	}
	return strings.Split(string(b), "\n")
}

// serverEnv is the environment of initdb and postgres: ours without PG*
// variables, which would override the command line.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			env = append(env, kv)
		}
	}
	return append(env, "LC_ALL=C")
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("localpg: finding a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux
	return hex.EncodeToString(b)
}

func logTail(path string, from int64, lines int) string {
	f, err := os.Open(path)
	if err != nil {
		return "(no log)"
	}
	defer f.Close()
	_, _ = f.Seek(from, io.SeekStart)
	b, _ := io.ReadAll(io.LimitReader(f, 1<<20))
	return tail(b, lines)
}

func tail(b []byte, lines int) string {
	s := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(s) > lines {
		s = s[len(s)-lines:]
	}
	return strings.Join(s, "\n")
}
