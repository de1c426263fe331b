package localpg

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// ErrNoBinaries means no PostgreSQL server installation was found.
var ErrNoBinaries = errors.New("localpg: no PostgreSQL server binaries found")

// installHint says what to do when no binaries are found.
const installHint = "install PostgreSQL's server package (Debian/Ubuntu: apt-get install postgresql) " +
	"or point munireg at a running server with --database-url / MUNIREG_DATABASE_URL"

// serverPrograms are the programs a bin directory must hold to be usable.
var serverPrograms = []string{"initdb", "postgres"}

// installGlobs are the places PostgreSQL packages install their server
// binaries when they are not on PATH, newest version first after sorting.
var installGlobs = []string{
	"/usr/lib/postgresql/*/bin", // Debian, Ubuntu
	"/usr/pgsql-*/bin",          // PGDG packages for RHEL, Fedora
	"/usr/local/pgsql/bin",      // built from source
}

// FindBinaries returns the directory holding the PostgreSQL server programs
// (initdb and postgres). With dir set, only that directory is considered.
// Otherwise it looks on PATH (following a symbolic link to the real
// installation), then in the usual installation directories, preferring the
// newest major version. The error wraps ErrNoBinaries and says how to install
// PostgreSQL or to use an existing server instead.
func FindBinaries(dir string) (string, error) {
	if dir != "" {
		if hasServerPrograms(dir) {
			return dir, nil
		}
		return "", fmt.Errorf("%w in %s (it must contain %s); %s", ErrNoBinaries, dir,
			strings.Join(serverPrograms, " and "), installHint)
	}
	if p, err := exec.LookPath("postgres"); err == nil {
		if real, err := filepath.EvalSymlinks(p); err == nil && hasServerPrograms(filepath.Dir(real)) {
			return filepath.Dir(real), nil
		}
		if hasServerPrograms(filepath.Dir(p)) {
			return filepath.Dir(p), nil
		}
	}
	var candidates []string
	for _, g := range installGlobs {
		m, _ := filepath.Glob(g) // patterns are constant and valid
		candidates = append(candidates, m...)
	}
	sort.SliceStable(candidates, func(i, j int) bool {
		return versionOf(candidates[i]) > versionOf(candidates[j])
	})
	for _, c := range candidates {
		if hasServerPrograms(c) {
			return c, nil
		}
	}
	return "", fmt.Errorf("%w on PATH or in %s; %s", ErrNoBinaries, strings.Join(installGlobs, ", "), installHint)
}

func hasServerPrograms(dir string) bool {
	for _, p := range serverPrograms {
		fi, err := os.Stat(filepath.Join(dir, p))
		if err != nil || fi.IsDir() || fi.Mode().Perm()&0o111 == 0 {
			return false
		}
	}
	return true
}

// versionOf extracts the major version from paths like
// /usr/lib/postgresql/15/bin or /usr/pgsql-16/bin; 0 when there is none.
func versionOf(path string) int {
	for _, part := range strings.FieldsFunc(path, func(r rune) bool { return r == '/' || r == '-' }) {
		if n, err := strconv.Atoi(part); err == nil {
			return n
		}
	}
	return 0
}
