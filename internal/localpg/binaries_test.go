package localpg

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestVersionOf(t *testing.T) {
	for _, tc := range []struct {
		path string
		want int
	}{
		{"/usr/lib/postgresql/15/bin", 15},
		{"/usr/lib/postgresql/9/bin", 9},
		{"/usr/pgsql-16/bin", 16},
		{"/usr/local/pgsql/bin", 0},
	} {
		if got := versionOf(tc.path); got != tc.want {
			t.Errorf("versionOf(%q) = %d, want %d", tc.path, got, tc.want)
		}
	}
}

func TestFindBinariesInGivenDirectory(t *testing.T) {
	dir := t.TempDir()
	if _, err := FindBinaries(dir); !errors.Is(err, ErrNoBinaries) {
		t.Fatalf("FindBinaries(empty dir) = %v, want ErrNoBinaries", err)
	}
	for _, p := range serverPrograms {
		if err := os.WriteFile(filepath.Join(dir, p), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := FindBinaries(dir); err != nil || got != dir {
		t.Errorf("FindBinaries(%q) = %q, %v, want the directory", dir, got, err)
	}
	if err := os.Chmod(filepath.Join(dir, "postgres"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := FindBinaries(dir); !errors.Is(err, ErrNoBinaries) {
		t.Errorf("FindBinaries(dir with a non-executable postgres) = %v, want ErrNoBinaries", err)
	}
}
