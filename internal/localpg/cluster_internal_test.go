package localpg

import (
	"os"
	"testing"
)

// TestRunsOnRefusesOtherProcesses: a stale postmaster.pid whose number now
// belongs to another process must not get that process signalled.
func TestRunsOnRefusesOtherProcesses(t *testing.T) {
	if runsOn(os.Getpid(), "/some/data/dir") {
		t.Errorf("runsOn(the test process, /some/data/dir) = true, want false")
	}
	if runsOn(1<<30, "/some/data/dir") {
		t.Errorf("runsOn(a pid that does not exist) = true, want false")
	}
}
