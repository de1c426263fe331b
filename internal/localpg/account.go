package localpg

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// serverUser is the system user PostgreSQL runs as when we are root.
const serverUser = "postgres"

// account is the system user initdb and postgres run as when this process
// is root. A nil *account means "run as ourselves" and all methods are no-ops.
type account struct {
	name     string
	uid, gid uint32
}

// serverOwner returns nil when not root, else the postgres system user.
func serverOwner() (*account, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	u, err := user.Lookup(serverUser)
	if err != nil {
		return nil, fmt.Errorf("localpg: running as root, and PostgreSQL refuses to run as root, "+
			"but there is no %q system user to run it as (%v); install the PostgreSQL server package "+
			"(it creates that user) or run munireg as an ordinary user", serverUser, err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err1 != nil || err2 != nil {
		return nil, fmt.Errorf("localpg: user %q has a non-numeric uid or gid", serverUser)
	}
	return &account{name: serverUser, uid: uint32(uid), gid: uint32(gid)}, nil
}

func (a *account) credential() *syscall.Credential {
	if a == nil {
		return nil
	}
	return &syscall.Credential{Uid: a.uid, Gid: a.gid}
}

func (a *account) chown(path string) error {
	if a == nil {
		return nil
	}
	if err := os.Chown(path, int(a.uid), int(a.gid)); err != nil {
		return fmt.Errorf("localpg: %w", err)
	}
	return nil
}

// checkReach runs a shell as the account that enters dir one parent at a
// time, so that the answer accounts for modes, ownership and ACLs exactly as
// the kernel sees them, and names the first directory it cannot enter.
func (a *account) checkReach(dir string) error {
	if a == nil {
		return nil
	}
	var chain []string
	for d := dir; ; d = filepath.Dir(d) {
		chain = append([]string{d}, chain...)
		if d == filepath.Dir(d) {
			break
		}
	}
	const script = `for d in "$@"; do cd -- "$d" 2>/dev/null || { printf '%s' "$d"; exit 1; }; done`
	cmd := exec.Command("/bin/sh", append([]string{"-c", script, "sh"}, chain...)...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: a.credential()}
	var out bytes.Buffer
	cmd.Stdout = &out
	err := cmd.Run()
	if err == nil {
		return nil
	}
	var exit *exec.ExitError
	if !errors.As(err, &exit) || out.Len() == 0 {
		return fmt.Errorf("localpg: checking that user %q can reach %s: %w", a.name, dir, err)
	}
	blocked := out.String()
	mode := "?"
	if fi, err := os.Stat(blocked); err == nil {
		mode = fi.Mode().String()
	}
	return fmt.Errorf("%w: PostgreSQL runs as user %q (it refuses to run as root), and that user cannot enter %s (%s), "+
		"a parent of %s; choose a data directory it can reach (for example --data-dir /var/lib/munireg) "+
		"or make the parent traversable (chmod o+x %s)",
		ErrUnreachable, a.name, blocked, strings.TrimSpace(mode), dir, blocked)
}
