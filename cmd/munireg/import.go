package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/enhetsregisteret"
	"github.com/munireg/munireg/internal/importing"
	"github.com/munireg/munireg/internal/ssb"
)

const importUsage = `Usage:
  munireg import municipalities [flags]
  munireg import population     [--skip-invalid] [flags] FILE
  munireg import entities       [--skip-invalid] [flags] FILE
  munireg import register       [flags] FILE

municipalities  the 357 municipalities of 2024 with their organisation numbers and
                kommunenummer history, and the 14 fylkeskommuner, shipped with munireg;
                running it again changes nothing
population      SSB's CSV export of table 07459 (population per 1 January by region
                and year)
entities        Enhetsregisteret's CSV or JSON download of units (gzip-compressed too):
                organizations by organisasjonsnummer: the missing ones created, names
                and kinds brought up to date (municipalities and counties keep
                their names)
register        a whole register written by munireg export

FILE "-" is standard input. Every row is checked before anything is written; a file
with bad rows loads nothing and each bad row is named by its line and field, unless
--skip-invalid: then the rest is loaded and the rows skipped are listed. On a terminal
a progress bar shows on standard error. The commands work beside a running munireg
serve in local mode.
`

// importCmd is "munireg import WHAT ...".
func importCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) > 0 && args[0] == "register" {
		return importRegisterCmd(ctx, args[1:], stdout, stderr, getenv)
	}
	what, args, fs, err := subcommand("munireg import", importUsage, args, stderr)
	if err != nil {
		return err
	}
	var cfg config
	cfg.databaseFlags(fs, getenv)
	var skipInvalid bool
	wantFile := true
	switch what {
	case "municipalities":
		wantFile = false
	case "population", "entities":
		fs.BoolVar(&skipInvalid, "skip-invalid", false, "load the valid rows and list the others, instead of loading nothing")
	default:
		fmt.Fprintf(stderr, "munireg import: unknown data %q\n\n%s", what, importUsage)
		return errUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if want := map[bool]int{true: 1, false: 0}[wantFile]; fs.NArg() != want {
		fmt.Fprint(stderr, importUsage)
		return errUsage
	}
	// Read and check the file before touching the database.
	var load func(ctx context.Context, db *database) (importing.Result, error)
	switch what {
	case "municipalities":
		load = func(ctx context.Context, db *database) (importing.Result, error) {
			return db.store.ImportMunicipalities(ctx)
		}
	case "population":
		data, err := readInput(fs.Arg(0))
		if err != nil {
			return err
		}
		f, err := ssb.Parse(data)
		if err != nil {
			return describeFileError(fs.Arg(0), err)
		}
		load = func(ctx context.Context, db *database) (importing.Result, error) {
			return db.store.ImportPopulation(ctx, f, skipInvalid)
		}
	case "entities":
		data, err := readInput(fs.Arg(0))
		if err != nil {
			return err
		}
		f, err := enhetsregisteret.Parse(data)
		if err != nil {
			return describeFileError(fs.Arg(0), err)
		}
		load = func(ctx context.Context, db *database) (importing.Result, error) {
			return db.store.ImportEntities(ctx, f, skipInvalid)
		}
	}
	ctx, db, err := openForCommand(ctx, &cfg, stderr)
	if err != nil {
		return err
	}
	bar := newProgressBar(stderr, what)
	res, err := load(importing.WithProgress(ctx, bar.update), db)
	bar.finish()
	if err == nil {
		printImportResult(stdout, what, res)
	}
	return errors.Join(describeFileError(fs.Arg(0), err), db.close())
}

// readInput reads a file, or standard input for "-".
func readInput(path string) ([]byte, error) {
	if path == "-" {
		return io.ReadAll(os.Stdin)
	}
	return os.ReadFile(path)
}

// printImportResult prints what an import did, then every row skipped.
func printImportResult(w io.Writer, what string, r importing.Result) {
	unit := "records"
	if what == "population" {
		unit = "figures"
	}
	fmt.Fprintf(w, "%s: %d created, %d updated, %d unchanged, %d skipped (%s)\n",
		what, r.Created, r.Updated, r.Unchanged, len(r.Skipped), unit)
	for _, p := range r.Skipped {
		fmt.Fprintf(w, "  skipped %s\n", describeProblem(p.Location(), p.Err))
	}
}

// describeProblem says where a problem is as people read it: "line 12,
// count: reason".
func describeProblem(location string, err error) string {
	where := location
	if rest, ok := strings.CutPrefix(location, "line["); ok {
		if n, field, ok := strings.Cut(rest, "]"); ok {
			where = "line " + n
			if field = strings.TrimPrefix(field, "."); field != "" {
				where += ", " + field
			}
		}
	}
	return where + ": " + err.Error()
}

// describeFileError says what a refused import means at the command
// line: every bad row on a line of its own.
func describeFileError(file string, err error) error {
	var invalid munireg.ValidationErrors
	if err == nil || !errors.As(err, &invalid) {
		return err
	}
	var b strings.Builder
	name := file
	if name == "" {
		name = "the reference data"
	}
	fmt.Fprintf(&b, "%s: %d problem(s); nothing was loaded (--skip-invalid loads the rest):", name, len(invalid))
	for _, e := range invalid {
		b.WriteString("\n  " + describeProblem(e.Field, e.Err))
	}
	return errors.New(b.String())
}

// progressBar draws a load's progress on a terminal, and nothing elsewhere.
type progressBar struct {
	mu    sync.Mutex
	w     io.Writer // nil: not a terminal
	label string
	drawn bool
	last  time.Time
}

// newProgressBar draws on w only when it is a terminal (a character
// device), so that scripts and logs stay quiet.
func newProgressBar(w io.Writer, label string) *progressBar {
	b := &progressBar{label: label}
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			b.w = w
		}
	}
	return b
}

const barWidth = 30

func (b *progressBar) update(done, total int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.w == nil || total <= 0 || (done < total && time.Since(b.last) < 100*time.Millisecond) {
		return
	}
	b.last = time.Now()
	filled := barWidth * done / total
	fmt.Fprintf(b.w, "\r%s [%s%s] %d/%d", b.label, strings.Repeat("#", filled), strings.Repeat(" ", barWidth-filled), done, total)
	b.drawn = true
}

func (b *progressBar) finish() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drawn {
		fmt.Fprintln(b.w)
	}
}
