package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"
)

func exportCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("munireg export", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.databaseFlags(fs, getenv)
	format := fs.String("format", "register",
		"register: the whole register as one JSON document, for munireg import register; bods: its ownership as BODS 0.4 statements")
	asOf := fs.String("as-of", "", "bods: the date the ownership is reported for, YYYY-MM-DD (default today)")
	out := fs.String("o", "", "write to this file instead of standard output")
	if err := parse(fs, args); err != nil {
		return err
	}
	date := time.Now().UTC().Truncate(24 * time.Hour)
	if *asOf != "" {
		d, err := time.Parse(time.DateOnly, *asOf)
		if err != nil {
			return fmt.Errorf("--as-of %q: want YYYY-MM-DD", *asOf)
		}
		date = d
	}
	var write func(ctx context.Context, db *database, w io.Writer) error
	switch *format {
	case "register":
		write = func(ctx context.Context, db *database, w io.Writer) error { return writeRegister(ctx, db.store, w) }
	case "bods":
		write = func(ctx context.Context, db *database, w io.Writer) error { return writeBODS(ctx, db.store, w, date) }
	default:
		return fmt.Errorf("--format %q: want register or bods", *format)
	}
	ctx, db, err := openForCommand(ctx, &cfg, stderr)
	if err != nil {
		return err
	}
	if *out == "" {
		return errors.Join(write(ctx, db, stdout), db.close())
	}
	return errors.Join(writeFile(*out, func(w io.Writer) error { return write(ctx, db, w) }), db.close())
}

// writeFile writes a file whole or not at all: into a temporary file beside
// it, renamed over it when write succeeds.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // after a successful rename, there is nothing to remove
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
