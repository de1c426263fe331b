package pgstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/cooperation"
)

// recordBudget is the audit log's record type of budgets.
const recordBudget = "budget"

type budgetRow struct {
	bun.BaseModel `bun:"table:budget,alias:b"`
	ID            string          `bun:"id,pk,type:uuid"`
	AgreementID   string          `bun:"agreement_id,type:uuid"`
	Year          int             `bun:"year"`
	AsOf          time.Time       `bun:"as_of,type:date"`
	Total         decimal.Decimal `bun:"total,type:numeric(20,2)"`
	Unit          decimal.Decimal `bun:"unit,type:numeric(20,10)"`
	Policy        string          `bun:"policy"`
	Inputs        json.RawMessage `bun:"inputs,type:jsonb"`
	IssuedAt      time.Time       `bun:"issued_at,nullzero,default:now()"`
}

type budgetLineRow struct {
	bun.BaseModel  `bun:"table:budget_line"`
	BudgetID       string          `bun:"budget_id,pk,type:uuid"`
	Position       int             `bun:"position,pk"`
	OrganizationID string          `bun:"organization_id,type:uuid"`
	Amount         decimal.Decimal `bun:"amount,type:numeric(20,2)"`
	Exact          decimal.Decimal `bun:"exact,type:numeric(40,20)"`
}

// budgetInputs is what a budget was computed from, and the per-component
// breakdown of each line, kept with it as JSON.
type budgetInputs struct {
	Key       keyJSON     `json:"key"`
	Parties   []partyJSON `json:"parties"`
	Breakdown [][]string  `json:"breakdown"`
}

type keyJSON struct {
	Normalize  bool                `json:"normalize,omitempty"`
	Components []componentSnapshot `json:"components"`
}

type partyJSON struct {
	Ref        string                     `json:"ref"`
	Population int64                      `json:"population"`
	Share      decimal.Decimal            `json:"share"`
	Ownership  decimal.Decimal            `json:"ownership"`
	Metrics    map[string]decimal.Decimal `json:"metrics,omitempty"`
}

// CreateBudget stores a budget as issued (see cooperation.IssueBudget) and
// returns it with its ID and issue time. The agreement must be in the
// register ("agreement" wrapping munireg.ErrNotFound); amounts must be
// whole øre (money to the øre: "allocation.rows[i].amount" wrapping
// munireg.ErrPrecision).
func (s *Store) CreateBudget(ctx context.Context, b cooperation.Budget) (cooperation.Budget, error) {
	if checkID(b.Agreement) != nil {
		return cooperation.Budget{}, munireg.ValidationErrors{{Field: "agreement", Err: munireg.ErrNotFound}}
	}
	b.ID = newID()
	row, lines, err := budgetRows(b)
	if err != nil {
		return cooperation.Budget{}, err
	}
	err = s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		// A budget is the agreement's: its host's editors issue it. The
		// agreement is locked, and the budget must be what it issues now: a
		// version added since the budget was computed makes it stale.
		a, err := findAgreement(ctx, tx, b.Agreement, true)
		if errors.Is(err, sql.ErrNoRows) {
			return munireg.ValidationErrors{{Field: "agreement", Err: munireg.ErrNotFound}}
		}
		if err != nil {
			return err
		}
		if err := actor.MayChange(steward(a)); err != nil {
			return err
		}
		if err := issuedBy(a, b); err != nil {
			return err
		}
		if err := tx.NewInsert().Model(&row).Returning("issued_at").Scan(ctx, &row.IssuedAt); err != nil {
			return err
		}
		b.Issued = row.IssuedAt.UTC()
		if err := insertRows(ctx, tx, lines); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionCreate, recordBudget, b.ID, nil, snapshotBudget(b))
	})
	if err != nil {
		return cooperation.Budget{}, err
	}
	return b, nil
}

// issuedBy checks that b is the budget the agreement issues as it stands:
// the same key, parties and rows as cooperation.IssueBudget gives from the
// agreement with b's year, total, date, metered values and rounding.
func issuedBy(a cooperation.Agreement, b cooperation.Budget) error {
	metrics := map[string]map[string]decimal.Decimal{}
	for _, p := range b.Parties {
		for name, v := range p.Metrics {
			if metrics[name] == nil {
				metrics[name] = map[string]decimal.Decimal{}
			}
			metrics[name][p.Ref] = v
		}
	}
	want, err := cooperation.IssueBudget(a, b.Year, b.Allocation.Total, b.AsOf, metrics, b.Allocation.Rounding)
	if err == nil {
		err = sameInputs(b, want)
	}
	if err == nil {
		err = checkIssued(b)
	}
	if err != nil {
		return munireg.ValidationErrors{{Field: "agreement", Err: fmt.Errorf(
			"the agreement does not issue this budget as it stands (has it changed since?): %w", err)}}
	}
	return nil
}

// budgetRows are a budget's rows as CreateBudget stores them: amounts must
// be whole øre ("allocation.total", "allocation.rows[i].amount" wrapping
// munireg.ErrPrecision) and rows name organizations by ID
// ("allocation.rows[i].ref"). The issue time is left to the caller.
func budgetRows(b cooperation.Budget) (budgetRow, []budgetLineRow, error) {
	var errs munireg.ValidationErrors
	money.check(&errs, "allocation.total", b.Allocation.Total)
	in := budgetInputs{Key: keyJSON{Normalize: b.Key.Normalize}}
	for _, c := range b.Key.Components {
		in.Key.Components = append(in.Key.Components, componentSnapshot{Name: c.Name, Weight: c.Weight.String(), Basis: string(c.Basis)})
	}
	for _, p := range b.Parties {
		in.Parties = append(in.Parties, partyJSON{Ref: p.Ref, Population: p.Population, Share: p.Share,
			Ownership: p.Ownership, Metrics: p.Metrics})
	}
	lines := make([]budgetLineRow, len(b.Allocation.Rows))
	for i, r := range b.Allocation.Rows {
		money.check(&errs, fmt.Sprintf("allocation.rows[%d].amount", i), r.Amount)
		if checkID(r.Ref) != nil {
			errs.Add(fmt.Sprintf("allocation.rows[%d].ref", i), fmt.Errorf("%w: not an organization ID", munireg.ErrNotFound))
		}
		lines[i] = budgetLineRow{BudgetID: b.ID, Position: i, OrganizationID: r.Ref, Amount: r.Amount, Exact: r.Exact}
		var bd []string
		for _, d := range r.Breakdown {
			bd = append(bd, d.String())
		}
		in.Breakdown = append(in.Breakdown, bd)
	}
	if err := errs.Err(); err != nil {
		return budgetRow{}, nil, err
	}
	inputs, err := json.Marshal(in)
	if err != nil {
		return budgetRow{}, nil, fmt.Errorf("pgstore: budget inputs: %w", err)
	}
	row := budgetRow{ID: b.ID, AgreementID: b.Agreement, Year: b.Year, AsOf: b.AsOf.UTC(), Total: b.Allocation.Total,
		Unit: b.Allocation.Rounding.Unit, Policy: string(b.Allocation.Rounding.Policy), Inputs: inputs}
	return row, lines, nil
}

// snapshotBudget is a budget as the audit log records it.
func snapshotBudget(b cooperation.Budget) map[string]any {
	return map[string]any{"agreement": b.Agreement, "year": b.Year, "asOf": dateString(b.AsOf),
		"total": b.Allocation.Total.StringFixed(2)}
}

// toBudget assembles a budget as issued from its stored rows (lines in
// order of position), as FindBudgetByID returns it.
func toBudget(row budgetRow, lines []budgetLineRow) (cooperation.Budget, error) {
	var in budgetInputs
	if err := json.Unmarshal(row.Inputs, &in); err != nil {
		return cooperation.Budget{}, fmt.Errorf("pgstore: stored budget %s: %w", row.ID, err)
	}
	b := cooperation.Budget{ID: row.ID, Agreement: row.AgreementID, Year: row.Year, AsOf: row.AsOf.UTC(),
		Issued: row.IssuedAt.UTC(), Key: cooperation.Key{Normalize: in.Key.Normalize}}
	for _, c := range in.Key.Components {
		w, err := decimal.NewFromString(c.Weight)
		if err != nil {
			return cooperation.Budget{}, fmt.Errorf("pgstore: stored budget %s: %w", row.ID, err)
		}
		b.Key.Components = append(b.Key.Components, cooperation.Component{Name: c.Name, Weight: w, Basis: cooperation.Basis(c.Basis)})
	}
	for _, p := range in.Parties {
		b.Parties = append(b.Parties, cooperation.Party{Ref: p.Ref, Population: p.Population, Share: p.Share,
			Ownership: p.Ownership, Metrics: p.Metrics})
	}
	a := cooperation.Allocation{Total: row.Total, Key: b.Key, Sum: decimal.Zero,
		Rounding: munireg.Rounding{Unit: row.Unit, Policy: munireg.RoundingPolicy(row.Policy)}}
	for i, l := range lines {
		r := cooperation.Row{Portion: munireg.Portion{Ref: l.OrganizationID, Amount: l.Amount, Exact: l.Exact}}
		if i < len(in.Breakdown) {
			for _, d := range in.Breakdown[i] {
				v, err := decimal.NewFromString(d)
				if err != nil {
					return cooperation.Budget{}, fmt.Errorf("pgstore: stored budget %s: %w", row.ID, err)
				}
				r.Breakdown = append(r.Breakdown, v)
			}
		}
		a.Rows = append(a.Rows, r)
		a.Sum = a.Sum.Add(l.Amount)
	}
	a.Difference = a.Sum.Sub(a.Total)
	b.Allocation = a
	return b, nil
}

// FindBudgetByID returns a budget as it was issued: its inputs, and the
// allocation's rows with the amounts and exact values stored then (the
// exact values to munireg.ExactPlaces places; Row.ExactRat is not kept).
func (s *Store) FindBudgetByID(ctx context.Context, id string) (cooperation.Budget, error) {
	if err := checkID(id); err != nil {
		return cooperation.Budget{}, err
	}
	var row budgetRow
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id).Scan(ctx); err != nil {
		return cooperation.Budget{}, storeError(err)
	}
	var lines []budgetLineRow
	if err := s.db.NewSelect().Model(&lines).Where("budget_id = ?", id).OrderExpr("position").Scan(ctx); err != nil {
		return cooperation.Budget{}, storeError(err)
	}
	return toBudget(row, lines)
}

// FindBudgets lists the budgets issued for an agreement, for one year when
// year is not nil, newest first (rows not included: see FindBudgetByID); an
// agreement not in the register is munireg.ErrNotFound.
func (s *Store) FindBudgets(ctx context.Context, agreement string, year *int) ([]cooperation.Budget, error) {
	if err := recordExists(ctx, s.db, "agreement", agreement); err != nil {
		return nil, err
	}
	var rows []budgetRow
	q := s.db.NewSelect().Model(&rows).ExcludeColumn("inputs").Where("agreement_id = ?", agreement).
		OrderExpr("issued_at DESC, id")
	if year != nil {
		q = q.Where("year = ?", *year)
	}
	if err := q.Scan(ctx); err != nil {
		return nil, storeError(err)
	}
	out := make([]cooperation.Budget, len(rows))
	for i, r := range rows {
		out[i] = cooperation.Budget{ID: r.ID, Agreement: r.AgreementID, Year: r.Year, AsOf: r.AsOf.UTC(), Issued: r.IssuedAt.UTC(),
			Allocation: cooperation.Allocation{Total: r.Total, Rounding: munireg.Rounding{Unit: r.Unit, Policy: munireg.RoundingPolicy(r.Policy)}}}
	}
	return out, nil
}
