package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/munireg/munireg/httpapi"
)

// version is set at build time (-ldflags "-X main.version=...").
var version = ""

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, stop, os.Args[1:], os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(code)
}

const usage = `munireg — register of inter-municipal cooperation and municipal ownership

Usage:
  munireg serve    [flags]   serve the HTTP API (local mode when no database URL is given)
  munireg migrate  [flags]   bring the database schema up to date
  munireg token    create|list|revoke [flags]   manage API tokens (also beside a running serve)
  munireg import   municipalities|population|entities|register [flags] [FILE]   load data into the register
  munireg export   [--format register|bods] [-o FILE]   write the register (or its ownership as BODS 0.4)
  munireg check    [--list] [flags]   verify every rule of the register; exit 0 clean, 1 violations, 2 trouble
  munireg openapi  [--yaml]  print the OpenAPI 3.1 document
  munireg bench    [--n 1] [--runs 5] [--only allocation,load,summaries,http] [flags]   measure against the floors
  munireg version            print the build's version

Run "munireg COMMAND -h" for a command's flags.
`

// errUsage marks a command line that could not be understood.
var errUsage = errors.New("usage")

// run executes one command and returns the process's exit code. ctx ends on
// SIGINT or SIGTERM; calling stop restores the signals' default action, so
// that a second Ctrl-C ends the process at once.
func run(ctx context.Context, stop func(), args []string, stdout, stderr io.Writer, getenv func(string) string) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		err = serve(ctx, stop, rest, stdout, stderr, getenv)
	case "migrate":
		err = migrateCmd(ctx, rest, stdout, stderr, getenv)
	case "token":
		err = tokenCmd(ctx, rest, stdout, stderr, getenv)
	case "import":
		err = importCmd(ctx, rest, stdout, stderr, getenv)
	case "export":
		err = exportCmd(ctx, rest, stdout, stderr, getenv)
	case "check":
		err = checkCmd(ctx, rest, stdout, stderr, getenv)
	case "openapi":
		err = openapiCmd(rest, stdout, stderr)
	case "bench":
		err = benchCmd(ctx, rest, stdout, stderr, getenv)
	case "version":
		fmt.Fprintln(stdout, buildVersion())
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "munireg: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	var exit exitError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	case errors.As(err, &exit) && exit.err == nil:
		return exit.code
	}
	fmt.Fprintf(stderr, "munireg: %v\n", err)
	if errors.As(err, &exit) {
		return exit.code
	}
	return 1
}

// subcommand splits the arguments of a command with subcommands ("munireg
// token create ..."): the subcommand, and a FlagSet for it whose usage is
// the command's usage and its flags. Without a subcommand it prints the
// usage and returns flag.ErrHelp (asked for) or errUsage.
func subcommand(command, usage string, args []string, stderr io.Writer) (string, []string, *flag.FlagSet, error) {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		fmt.Fprint(stderr, usage)
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help") {
			return "", nil, nil, flag.ErrHelp
		}
		return "", nil, nil, errUsage
	}
	fs := flag.NewFlagSet(command+" "+args[0], flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage, "\nFlags:\n"); fs.PrintDefaults() }
	return args[0], args[1:], fs, nil
}

// parse parses a command's flags; errors have been printed by the FlagSet.
func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %v\n", fs.Args())
		return errUsage
	}
	return nil
}

func migrateCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	fs := flag.NewFlagSet("munireg migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var cfg config
	cfg.databaseFlags(fs, getenv)
	if err := parse(fs, args); err != nil {
		return err
	}
	ctx, db, err := openForCommand(ctx, &cfg, stderr) // migrates
	if err != nil {
		return err
	}
	inst, err := db.store.Instance(ctx)
	if err == nil {
		fmt.Fprintf(stdout, "register %s is at schema %s (%s)\n", inst.ID, inst.Schema, db.where(&cfg))
	}
	return errors.Join(err, db.close())
}

func openapiCmd(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("munireg openapi", flag.ContinueOnError)
	fs.SetOutput(stderr)
	yaml := fs.Bool("yaml", false, "print YAML instead of JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	doc := httpapi.Document()
	var (
		b   []byte
		err error
	)
	if *yaml {
		b, err = doc.YAML()
	} else {
		b, err = doc.MarshalJSON()
	}
	if err != nil {
		return err
	}
	_, err = stdout.Write(append(b, '\n'))
	return err
}

// buildVersion is the -ldflags version, else the module's, else "devel".
func buildVersion() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// redact hides the password of a database URL.
func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" && u.Query().Get("host") == "" {
		return "(the configured URL)"
	}
	return u.Redacted()
}
