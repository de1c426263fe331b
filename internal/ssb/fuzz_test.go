package ssb_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/ssb"
)

// FuzzPopulationCSV checks that Parse never panics, that a file it refuses
// is refused with munireg.ValidationErrors wrapping ErrFormat, and that what
// it returns holds together: every row a valid kommunenummer, a year from
// 1800 and a count of zero or more, on a line of the file; no region and
// year twice; every problem named by a line of the file.
func FuzzPopulationCSV(f *testing.F) {
	for _, name := range []string{"07459_long.csv", "07459_wide_windows1252.csv"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "ssb", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := ssb.Parse(data)
		if err != nil {
			var v munireg.ValidationErrors
			if file.Rows != nil || !errors.As(err, &v) || !errors.Is(err, ssb.ErrFormat) {
				t.Fatalf("Parse = rows %v and error %v (%T), want no rows and ValidationErrors wrapping ErrFormat", file.Rows, err, err)
			}
			return
		}
		lines := strings.Count(string(data), "\n") + 1
		seen := map[string]bool{}
		for _, r := range file.Rows {
			if r.Region.IsZero() || r.Year < 1800 || r.Count < 0 || r.Line < 1 || r.Line > lines {
				t.Fatalf("Parse: row %+v of a file of %d lines", r, lines)
			}
			key := r.Region.String() + "/" + r.Date().String()
			if seen[key] {
				t.Fatalf("Parse: %s twice", key)
			}
			seen[key] = true
		}
		for _, p := range append(file.Invalid, file.Passed...) {
			if p.Line < 1 || p.Line > lines || p.Err == nil || !strings.HasPrefix(p.Location(), "line[") {
				t.Fatalf("Parse: problem %+v of a file of %d lines", p, lines)
			}
		}
	})
}
