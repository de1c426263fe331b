package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore"
)

const tokenUsage = `Usage:
  munireg token create --role admin|editor|reader [--org ORGNR ...] [--name NAME] [flags]
  munireg token list   [flags]
  munireg token revoke [flags] TOKEN-ID

create prints the new token's secret on standard output, once; the register
keeps only its hash. An editor is scoped to organizations, each given by its
organisasjonsnummer (or register ID) with --org. The commands work beside a
running munireg serve in local mode.
`

// orgList collects a repeated --org flag.
type orgList []string

func (l *orgList) String() string     { return strings.Join(*l, ",") }
func (l *orgList) Set(v string) error { *l = append(*l, v); return nil }

func tokenCmd(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	sub, args, fs, err := subcommand("munireg token", tokenUsage, args, stderr)
	if err != nil {
		return err
	}
	var cfg config
	cfg.databaseFlags(fs, getenv)
	var (
		role, name string
		orgs       orgList
	)
	switch sub {
	case "create":
		fs.StringVar(&role, "role", "", "the token's role: admin, editor or reader (required)")
		fs.StringVar(&name, "name", "", "whose or what the token is, as the audit log shows it (default: the role and today's date)")
		fs.Var(&orgs, "org", "an organization an editor may change, by organisasjonsnummer or ID (repeat for more)")
	case "list", "revoke":
	default:
		fmt.Fprintf(stderr, "munireg token: unknown command %q\n\n%s", sub, tokenUsage)
		return errUsage
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	wantArgs := 0
	if sub == "revoke" {
		wantArgs = 1
	}
	if fs.NArg() != wantArgs {
		fmt.Fprint(stderr, tokenUsage)
		return errUsage
	}
	ctx, db, err := openForCommand(ctx, &cfg, stderr)
	if err != nil {
		return err
	}
	switch sub {
	case "create":
		err = createToken(ctx, db.store, munireg.Role(role), name, orgs, stdout, stderr)
	case "list":
		err = listTokens(ctx, db.store, stdout)
	case "revoke":
		if err = db.store.RevokeToken(ctx, fs.Arg(0)); err == nil {
			fmt.Fprintf(stderr, "revoked token %s\n", fs.Arg(0))
		}
	}
	return errors.Join(describeTokenError(err), db.close())
}

// createToken makes a token and prints its secret alone on stdout, so that
// scripts can capture it.
func createToken(ctx context.Context, s *pgstore.Store, role munireg.Role, name string, orgs []string, stdout, stderr io.Writer) error {
	if name == "" {
		name = fmt.Sprintf("%s token of %s", role, time.Now().Format(time.DateOnly))
	}
	t := munireg.Token{Name: name, Role: role}
	for _, o := range orgs {
		id, err := organizationID(ctx, s, o)
		if err != nil {
			return err
		}
		t.Organizations = append(t.Organizations, id)
	}
	t, secret, err := s.CreateToken(ctx, t)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, secret)
	fmt.Fprintf(stderr, "created token %s (%q, %s); its secret, above, is shown this once\n", t.ID, t.Name, t.Role)
	return nil
}

// organizationID finds an organization by organisasjonsnummer, or takes a
// register ID as it is (CreateToken checks that it exists).
func organizationID(ctx context.Context, s *pgstore.Store, ref string) (string, error) {
	n, err := munireg.ParseOrgNumber(ref)
	if err != nil {
		if len(ref) == 36 && strings.Count(ref, "-") == 4 {
			return ref, nil
		}
		return "", fmt.Errorf("--org %q: not an organisasjonsnummer or a register ID: %w", ref, err)
	}
	page, err := s.FindOrganizations(ctx, munireg.OrganizationFilter{OrgNumber: &n, Limit: 1})
	if err != nil {
		return "", err
	}
	if len(page.Items) == 0 {
		return "", fmt.Errorf("--org %s: no organization with that organisasjonsnummer in the register", ref)
	}
	return page.Items[0].ID, nil
}

// listTokens prints every token, revoked ones included, as a table.
func listTokens(ctx context.Context, s *pgstore.Store, stdout io.Writer) error {
	tokens, err := s.FindTokens(ctx)
	if err != nil {
		return err
	}
	w := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "ID\tNAME\tROLE\tORGANIZATIONS\tCREATED\tLAST USED\tREVOKED")
	for _, t := range tokens {
		var orgs []string
		for _, id := range t.Organizations {
			o, err := s.FindOrganizationByID(ctx, id, time.Time{})
			if err != nil {
				return err
			}
			orgs = append(orgs, o.Name)
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.Role, dash(strings.Join(orgs, ", ")),
			stamp(t.Created), stamp(t.LastUsed), stamp(t.Revoked))
	}
	return w.Flush()
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// describeTokenError says what a domain error means at the command line.
func describeTokenError(err error) error {
	var invalid munireg.ValidationErrors
	switch {
	case err == nil:
		return nil
	case errors.As(err, &invalid):
		var b strings.Builder
		for i, e := range invalid {
			if i > 0 {
				b.WriteString("; ")
			}
			field := e.Field
			if field == "organizations" || strings.HasPrefix(field, "organizations[") {
				field = "--org"
			}
			fmt.Fprintf(&b, "%s: %v", strings.TrimPrefix(field, ""), e.Err)
		}
		return errors.New(b.String())
	case errors.Is(err, munireg.ErrNotFound):
		return errors.New("no token with that ID")
	}
	return err
}

// firstAdminToken creates the register's first token, an admin's, when it
// has none at all, and returns its secret; "" when tokens exist.
func firstAdminToken(ctx context.Context, s *pgstore.Store) (string, error) {
	tokens, err := s.FindTokens(ctx)
	if err != nil || len(tokens) > 0 {
		return "", err
	}
	ctx = munireg.NewContextWithActor(ctx, munireg.CLIActor)
	_, secret, err := s.CreateToken(ctx, munireg.Token{Name: "local admin (first start)", Role: munireg.RoleAdmin})
	return secret, err
}
