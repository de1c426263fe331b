package bench

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"runtime/debug"
	"strings"
)

// Machine describes where a measurement ran.
type Machine struct {
	Go         string // runtime.Version()
	OS, Arch   string
	CPUs       int    // runtime.NumCPU()
	CPU        string // the model name in /proc/cpuinfo; "" when unknown
	PostgreSQL string // the server's version; "" when no server was used
}

// ReadMachine describes this machine; PostgreSQL is left for the caller.
func ReadMachine() Machine {
	return Machine{Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH, CPUs: runtime.NumCPU(),
		CPU: cpuModel("/proc/cpuinfo")}
}

// String is the machine on one line.
func (m Machine) String() string {
	cpu := m.CPU
	if cpu == "" {
		cpu = "CPU model unknown"
	}
	pg := m.PostgreSQL
	if pg == "" {
		pg = "not used"
	}
	return fmt.Sprintf("%s %s/%s, %d CPUs (%s), PostgreSQL %s", m.Go, m.OS, m.Arch, m.CPUs, cpu, pg)
}

func cpuModel(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		key, value, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(key) == "model name" {
			return strings.TrimSpace(value)
		}
	}
	return ""
}

// Commit names the code measured: the build's vcs.revision (and
// vcs.modified), which a binary built in a checkout carries; else, under
// go run, "git rev-parse --short HEAD" of the checkout the current directory
// is in, with "-dirty" when tracked files have changes, if that checkout is
// munireg's; else "unknown".
func Commit(ctx context.Context) string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		if rev := buildRevision(bi.Settings); rev != "unknown" {
			return rev
		}
	}
	if exec.CommandContext(ctx, "git", "grep", "-q", "^module github.com/munireg/munireg$", "HEAD", "--", "go.mod").Run() != nil {
		return "unknown"
	}
	if out, err := exec.CommandContext(ctx, "git", "rev-parse", "--short", "HEAD").Output(); err == nil {
		rev := strings.TrimSpace(string(out))
		if st, err := exec.CommandContext(ctx, "git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil &&
			len(strings.TrimSpace(string(st))) > 0 {
			rev += "-dirty"
		}
		if rev != "" {
			return rev
		}
	}
	return "unknown"
}

func buildRevision(settings []debug.BuildSetting) string {
	var rev, modified string
	for _, s := range settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "unknown"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "-dirty"
	}
	return rev
}

// LoadAverage is the 1-minute load average from /proc/loadavg, "" when
// unknown: other work on the machine shows in the figures.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return ""
	}
	return f[0]
}
