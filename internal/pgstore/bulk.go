package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
)

// withPgxTx runs fn in a transaction on a pgx connection taken from the
// pool, for what database/sql cannot do (COPY). The transaction commits
// when fn returns nil and rolls back otherwise.
func (s *Store) withPgxTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("pgstore: the driver is %T, not pgx", driverConn)
		}
		return pgx.BeginFunc(ctx, c.Conn(), fn)
	})
}

// LoadOrganizations adds many new organizations at once, with their
// kommunenummer histories and population, through PostgreSQL's COPY, in one
// transaction, with one audit row each. Everything is validated first: any
// invalid organization, an organisasjonsnummer given twice or already in the
// register rejects the whole load, and the ValidationErrors name the
// organization by its index ("organizations[12].orgNumber"). It returns the
// organizations with their new IDs, in the order given.
func (s *Store) LoadOrganizations(ctx context.Context, orgs []munireg.Organization) ([]munireg.Organization, error) {
	actor, ok := munireg.ActorFromContext(ctx)
	if !ok {
		return nil, munireg.ErrNoActor
	}
	out := make([]munireg.Organization, len(orgs))
	var errs munireg.ValidationErrors
	byNumber := map[string]int{}
	for i, o := range orgs {
		o.ID, o.Revision = newID(), 1
		normalizeNumbers(&o)
		field := fmt.Sprintf("organizations[%d]", i)
		errs.Merge(field, o.Validate())
		if n := o.OrgNumber.String(); n != "" {
			if j, dup := byNumber[n]; dup {
				errs.Add(field+".orgNumber", fmt.Errorf("%w: also organizations[%d]", munireg.ErrExists, j))
			}
			byNumber[n] = i
		}
		out[i] = o
	}
	if len(byNumber) > 0 {
		numbers := make([]string, 0, len(byNumber))
		for n := range byNumber {
			numbers = append(numbers, n)
		}
		var existing []string
		if err := s.db.NewSelect().TableExpr("organization").Column("org_number").
			Where("org_number IN (?)", bun.In(numbers)).Scan(ctx, &existing); err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, storeError(err)
		}
		for _, n := range existing {
			errs.Add(fmt.Sprintf("organizations[%d].orgNumber", byNumber[n]), fmt.Errorf("%w: in the register", munireg.ErrExists))
		}
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}

	var orgRows, numberRows, popRows, auditRows [][]any
	now := time.Now().UTC()
	for _, o := range out {
		row, numbers, pop := organizationRows(o)
		orgRows = append(orgRows, []any{row.ID, row.Version, row.Name, row.Kind, row.OrgNumber, row.ValidFrom, row.ValidTo})
		for _, n := range numbers {
			numberRows = append(numberRows, []any{n.OrganizationID, n.Number, n.ValidFrom, n.ValidTo})
		}
		for _, p := range pop {
			popRows = append(popRows, []any{p.OrganizationID, p.Date, p.Count})
		}
		after, err := json.Marshal(snapshotOrganization(o))
		if err != nil {
			return nil, err
		}
		auditRows = append(auditRows, []any{newID(), now, actor.ID, actor.Name, actionCreate, recordOrganization, o.ID, string(after)})
	}
	err := s.withPgxTx(ctx, func(tx pgx.Tx) error {
		for _, c := range []struct {
			table   string
			columns []string
			rows    [][]any
		}{
			{"organization", []string{"id", "version", "name", "kind", "org_number", "valid_from", "valid_to"}, orgRows},
			{"municipality_number", []string{"organization_id", "number", "valid_from", "valid_to"}, numberRows},
			{"population", []string{"organization_id", "date", "count"}, popRows},
			{"audit", []string{"id", "at", "actor_id", "actor_name", "action", "record_type", "record_id", "after"}, auditRows},
		} {
			if len(c.rows) == 0 {
				continue
			}
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{c.table}, c.columns, pgx.CopyFromRows(c.rows)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, storeError(err)
	}
	return out, nil
}
