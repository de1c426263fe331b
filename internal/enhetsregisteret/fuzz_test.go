package enhetsregisteret_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/enhetsregisteret"
)

// FuzzEntities checks that Parse, on CSV and JSON alike, compressed or not,
// never panics, that a file it refuses is refused with
// munireg.ValidationErrors wrapping ErrFormat, and that what it returns
// holds together: every unit with a valid organisasjonsnummer, given once,
// a name and a form, on a line of the file; every problem named by a line
// of the file.
func FuzzEntities(f *testing.F) {
	for _, name := range []string{"enheter.csv", "enheter.json"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "enhetsregisteret", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := enhetsregisteret.Parse(data)
		if err != nil {
			var v munireg.ValidationErrors
			if file.Units != nil || !errors.As(err, &v) || !errors.Is(err, enhetsregisteret.ErrFormat) {
				t.Fatalf("Parse = units %v and error %v (%T), want no units and ValidationErrors wrapping ErrFormat", file.Units, err, err)
			}
			return
		}
		if len(data) > 1 && data[0] == 0x1f && data[1] == 0x8b {
			return // the lines are those of the uncompressed file
		}
		lines := strings.Count(string(data), "\n") + 1
		seen := map[string]bool{}
		for _, u := range file.Units {
			n := u.OrgNumber.String()
			if n == "" || seen[n] || u.Name == "" || u.Form == "" || u.Line < 1 || u.Line > lines {
				t.Fatalf("Parse: unit %+v of a file of %d lines (seen: %v)", u, lines, seen[n])
			}
			seen[n] = true
		}
		for _, p := range file.Invalid {
			if p.Line < 1 || p.Line > lines || p.Err == nil || p.Ref == "" {
				t.Fatalf("Parse: problem %+v of a file of %d lines", p, lines)
			}
		}
	})
}
