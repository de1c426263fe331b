package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/archive"
	"github.com/munireg/munireg/internal/pgstore"
)

// writeRegister writes the whole register as one JSON document (package
// archive), read from one snapshot.
func writeRegister(ctx context.Context, s *pgstore.Store, w io.Writer) error {
	doc, err := s.ExportRegister(ctx)
	if err != nil {
		return err
	}
	return archive.Encode(w, doc)
}

const importRegisterUsage = `Usage:
  munireg import register [flags] FILE

Loads a register document, as munireg export --format register (or GET
/v1/export) writes it, into an empty register: every organization,
agreement, budget, position, owner list, flow, balance and forum, with their
IDs and revisions. Everything is checked first, and the load is all or
nothing. FILE - reads standard input.

API tokens are not part of a document: the register keeps the tokens it has
(local mode makes an admin token at first start; see munireg token create).
The audit log of the imported register starts with the import.
`

// importRegisterCmd is "munireg import register [flags] FILE".
func importRegisterCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("munireg import register", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, importRegisterUsage, "\nFlags:\n"); fs.PrintDefaults() }
	var cfg config
	cfg.databaseFlags(fs, getenv)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	// The document is read and checked for form before the database is
	// opened: a wrong file fails fast.
	doc, err := readRegister(fs.Arg(0))
	if err != nil {
		return describeImportError(err)
	}
	ctx, db, err := openForCommand(ctx, &cfg, stderr)
	if err != nil {
		return err
	}
	counts, err := db.store.ImportRegister(ctx, doc)
	if err != nil {
		return errors.Join(describeImportError(err), db.close())
	}
	fmt.Fprintf(stdout, "imported %s into the %s\n", counts, db.where(&cfg))
	return db.close()
}

// readRegister decodes the document in the file at path, "-" for standard
// input.
func readRegister(path string) (archive.Register, error) {
	if path == "-" {
		return archive.Decode(os.Stdin)
	}
	f, err := os.Open(path)
	if err != nil {
		return archive.Register{}, err
	}
	defer f.Close()
	return archive.Decode(f)
}

// describeImportError lists a document's violations one a line.
func describeImportError(err error) error {
	var invalid munireg.ValidationErrors
	if !errors.As(err, &invalid) {
		return err
	}
	if len(invalid) == 1 {
		return fmt.Errorf("the register document cannot be imported: %w", invalid[0])
	}
	var b strings.Builder
	fmt.Fprintf(&b, "the register document cannot be imported (%d problems):", len(invalid))
	for _, v := range invalid {
		b.WriteString("\n  ")
		b.WriteString(v.Error())
	}
	return errors.New(b.String())
}
