package pgstore

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/shopspring/decimal"
	"github.com/uptrace/bun"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/ownership"
)

// recordPosition is the audit log's record type of positions.
const recordPosition = "position"

type positionRow struct {
	bun.BaseModel `bun:"table:position,alias:p"`
	ID            string              `bun:"id,pk,type:uuid" json:"id"`
	Version       int64               `bun:"version" json:"revision"`
	OwnerID       string              `bun:"owner_id,type:uuid" json:"owner"`
	EntityID      string              `bun:"entity_id,type:uuid" json:"entity"`
	Economic      decimal.Decimal     `bun:"economic,type:numeric(30,20)" json:"economic"`
	Voting        decimal.NullDecimal `bun:"voting,type:numeric(30,20)" json:"voting"`
	ShareClass    string              `bun:"share_class" json:"shareClass,omitempty"`
	Held          int64               `bun:"held" json:"held,omitempty"`
	Outstanding   int64               `bun:"outstanding" json:"outstanding,omitempty"`
	BookValue     decimal.NullDecimal `bun:"book_value,type:numeric(20,2)" json:"bookValue"`
	ValidFrom     *time.Time          `bun:"valid_from,type:date" json:"validFrom,omitempty"`
	ValidTo       *time.Time          `bun:"valid_to,type:date" json:"validTo,omitempty"`
	Purpose       string              `bun:"purpose" json:"purpose,omitempty"`
	Category      string              `bun:"category" json:"category,omitempty"`
}

func toPositionRow(p ownership.Position) positionRow {
	return positionRow{ID: p.ID, Version: p.Revision, OwnerID: p.Owner, EntityID: p.Entity, Economic: p.Economic,
		Voting: p.Voting, ShareClass: p.ShareClass, Held: p.Held, Outstanding: p.Outstanding, BookValue: p.BookValue,
		ValidFrom: datePtr(p.Valid.From), ValidTo: datePtr(p.Valid.To), Purpose: p.Purpose, Category: string(p.Category)}
}

func (r positionRow) toPosition() ownership.Position {
	return ownership.Position{ID: r.ID, Revision: r.Version, Owner: r.OwnerID, Entity: r.EntityID, Economic: r.Economic,
		Voting: r.Voting, ShareClass: r.ShareClass, Held: r.Held, Outstanding: r.Outstanding, BookValue: r.BookValue,
		Valid: munireg.Period{From: dateOf(r.ValidFrom), To: dateOf(r.ValidTo)}, Purpose: r.Purpose,
		Category: ownership.Category(r.Category)}
}

type ownerListRow struct {
	bun.BaseModel `bun:"table:owner_list"`
	EntityID      string `bun:"entity_id,pk,type:uuid"`
	Complete      bool   `bun:"complete"`
	Tolerance     string `bun:"tolerance"`
	Places        int32  `bun:"places"`
}

// lockEntity locks the entity's organization row: the root under which
// writers to its owners take turns, so that Σ of the shares is checked
// against everything committed (see write).
func lockEntity(ctx context.Context, tx bun.Tx, entity string) error {
	var id string
	return tx.NewSelect().TableExpr("organization").Column("id").Where("id = ?", entity).For("UPDATE").Scan(ctx, &id)
}

// checkEntityShares checks, inside the writing transaction and with the
// entity locked, that the entity's positions keep Σ economic shares within
// the rule of its owner list at every date (see checkShareDates).
func checkEntityShares(ctx context.Context, tx bun.Tx, entity string) error {
	var rows []positionRow
	if err := tx.NewSelect().Model(&rows).Where("entity_id = ?", entity).Scan(ctx); err != nil {
		return err
	}
	positions := make([]ownership.Position, len(rows))
	for i, r := range rows {
		positions[i] = r.toPosition()
	}
	lists, err := ownerLists(ctx, tx, []string{entity})
	if err != nil {
		return err
	}
	return checkShareDates(positions, lists)
}

// checkShareDates checks one entity's positions at every date where the sum
// of the shares can change: before all of them, and at the start of each.
func checkShareDates(positions []ownership.Position, lists []ownership.OwnerList) error {
	dates := []time.Time{{}}
	for _, p := range positions {
		if !p.Valid.From.IsZero() {
			dates = append(dates, p.Valid.From)
		}
	}
	slices.SortFunc(dates, func(a, b time.Time) int { return a.Compare(b) })
	for _, d := range slices.CompactFunc(dates, time.Time.Equal) {
		if _, err := ownership.CheckShares(positions, lists, d); err != nil {
			return entityShareError(err, d)
		}
	}
	return nil
}

// entityShareError renames CheckShares' violations, which index the
// entity's positions, to the rule they break, with the date.
func entityShareError(err error, at time.Time) error {
	var all munireg.ValidationErrors
	if !errors.As(err, &all) {
		return err
	}
	out := make(munireg.ValidationErrors, len(all))
	for i, v := range all {
		field := "economic"
		if v.Field == "positions[*].voting" {
			field = "voting"
		}
		when := "before any start date"
		if !at.IsZero() {
			when = "as of " + at.Format(time.DateOnly)
		}
		out[i] = munireg.ValidationError{Field: field, Err: fmt.Errorf("%w (%s)", v.Err, when)}
	}
	return out
}

func ownerLists(ctx context.Context, db bun.IDB, entities []string) ([]ownership.OwnerList, error) {
	var rows []ownerListRow
	if err := db.NewSelect().Model(&rows).Where("entity_id IN (?)", bun.List(entities)).Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]ownership.OwnerList, len(rows))
	for i, r := range rows {
		out[i] = ownership.OwnerList{Entity: r.EntityID, Complete: r.Complete, Tolerance: ownership.Tolerance(r.Tolerance), Places: r.Places}
	}
	return out, nil
}

// checkOrganizations reports the fields (field → organization ID) naming
// organizations that are not in the register, in order of field.
func checkOrganizations(ctx context.Context, db bun.IDB, fields map[string]string) error {
	distinct := map[string]bool{}
	for _, id := range fields {
		if checkID(id) == nil {
			distinct[id] = true
		}
	}
	found := map[string]bool{}
	if len(distinct) > 0 {
		var ids []string
		if err := db.NewSelect().TableExpr("organization").Column("id").
			Where("id IN (?)", bun.List(slices.Collect(maps.Keys(distinct)))).Scan(ctx, &ids); err != nil {
			return err
		}
		for _, id := range ids {
			found[id] = true
		}
	}
	var errs munireg.ValidationErrors
	for _, field := range slices.Sorted(maps.Keys(fields)) {
		if id := fields[field]; !found[id] {
			errs.Add(field, fmt.Errorf("%w: no such organization %q", munireg.ErrNotFound, id))
		}
	}
	return errs.Err()
}

// validatePosition is ownership.Position.Validate plus what the register
// keeps exactly: shares to 20 places, book values to the øre.
func validatePosition(p ownership.Position) error {
	var errs munireg.ValidationErrors
	errs.Merge("", p.Validate())
	if len(errs) == 0 {
		share.check(&errs, "economic", p.Economic)
		share.checkNull(&errs, "voting", p.Voting)
		money.checkNull(&errs, "bookValue", p.BookValue)
	}
	return errs.Err()
}

// CreatePosition stores a new position and returns it with its ID and
// revision 1. The position is validated on its own
// (ownership.Position.Validate), owner and entity must be in the register,
// and, with the entity locked, its owners' shares must still add up at every
// date (ValidationErrors on "economic" or "voting" wrapping
// ownership.ErrShareSum, or "valid" wrapping ownership.ErrOverlap).
func (s *Store) CreatePosition(ctx context.Context, p ownership.Position) (ownership.Position, error) {
	p.ID, p.Revision = newID(), 1
	if err := validatePosition(p); err != nil {
		return ownership.Position{}, err
	}
	err := s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		if err := actor.MayChange(p.Owner); err != nil {
			return err
		}
		if err := checkOrganizations(ctx, tx, map[string]string{"owner": p.Owner, "entity": p.Entity}); err != nil {
			return err
		}
		if err := lockEntity(ctx, tx, p.Entity); err != nil {
			return err
		}
		row := toPositionRow(p)
		if _, err := tx.NewInsert().Model(&row).Exec(ctx); err != nil {
			return err
		}
		if err := checkEntityShares(ctx, tx, p.Entity); err != nil {
			return err
		}
		return audit(ctx, tx, actor, actionCreate, recordPosition, p.ID, nil, row)
	})
	if err != nil {
		return ownership.Position{}, err
	}
	return p, nil
}

// FindPositionByID returns one position; unknown IDs give
// munireg.ErrNotFound.
func (s *Store) FindPositionByID(ctx context.Context, id string) (ownership.Position, error) {
	if err := checkID(id); err != nil {
		return ownership.Position{}, err
	}
	var row positionRow
	if err := s.db.NewSelect().Model(&row).Where("id = ?", id).Scan(ctx); err != nil {
		return ownership.Position{}, storeError(err)
	}
	return row.toPosition(), nil
}

// positionKeyset pages positions by ID.
var positionKeyset = keyset[positionRow]{table: "position AS p", id: "p.id", cursor: func(r positionRow) (string, string) { return "", r.ID }}

// FindPositions lists positions in order of ID, a page at a time.
func (s *Store) FindPositions(ctx context.Context, f ownership.PositionFilter) (munireg.Page[ownership.Position], error) {
	for _, id := range []*string{f.Owner, f.Entity} {
		if id != nil && checkID(*id) != nil {
			return munireg.Page[ownership.Position]{Items: []ownership.Position{}}, nil
		}
	}
	filter := func(q *bun.SelectQuery) *bun.SelectQuery {
		if f.Owner != nil {
			q = q.Where("p.owner_id = ?", *f.Owner)
		}
		if f.Entity != nil {
			q = q.Where("p.entity_id = ?", *f.Entity)
		}
		if !f.AsOf.IsZero() {
			q = q.Where(inForce, f.AsOf, f.AsOf)
		}
		return q
	}
	rows, total, next, err := positionKeyset.page(ctx, s.db, filter, f.After, f.Limit)
	if err != nil {
		return munireg.Page[ownership.Position]{}, err
	}
	page := munireg.Page[ownership.Position]{Total: total, Next: next, Items: make([]ownership.Position, 0, len(rows))}
	for _, r := range rows {
		page.Items = append(page.Items, r.toPosition())
	}
	return page, nil
}

// UpdatePosition applies u if the position's revision is still revision,
// with the same checks as CreatePosition, and returns the result with the
// next revision. A stale revision changes nothing (munireg.ErrConflict).
func (s *Store) UpdatePosition(ctx context.Context, id string, revision int64, u ownership.PositionUpdate) (ownership.Position, error) {
	return s.changePosition(ctx, id, revision, actionUpdate, func(p *ownership.Position) {
		set(&p.Economic, u.Economic)
		set(&p.Voting, u.Voting)
		set(&p.ShareClass, u.ShareClass)
		set(&p.Held, u.Held)
		set(&p.Outstanding, u.Outstanding)
		set(&p.BookValue, u.BookValue)
		set(&p.Valid, u.Valid)
		set(&p.Purpose, u.Purpose)
		set(&p.Category, u.Category)
	})
}

// EndPosition records that the position ended on date (sold, dissolved):
// its period closes there; nothing is erased.
func (s *Store) EndPosition(ctx context.Context, id string, revision int64, date time.Time) (ownership.Position, error) {
	return s.changePosition(ctx, id, revision, actionEnd, func(p *ownership.Position) { p.Valid.To = date.UTC() })
}

func set[T any](dst *T, src *T) {
	if src != nil {
		*dst = *src
	}
}

func (s *Store) changePosition(ctx context.Context, id string, revision int64, action string, apply func(*ownership.Position)) (ownership.Position, error) {
	if err := checkID(id); err != nil {
		return ownership.Position{}, err
	}
	var after ownership.Position
	err := s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		var cur positionRow
		if err := tx.NewSelect().Model(&cur).Where("id = ?", id).Scan(ctx); err != nil {
			return err
		}
		// The owner is the one column an update cannot change.
		if err := actor.MayChange(cur.OwnerID); err != nil {
			return err
		}
		if err := lockEntity(ctx, tx, cur.EntityID); err != nil {
			return err
		}
		// Read again under the entity's lock: the row may have changed.
		if err := tx.NewSelect().Model(&cur).Where("id = ?", id).Scan(ctx); err != nil {
			return err
		}
		if cur.Version != revision {
			return munireg.ErrConflict
		}
		after = cur.toPosition()
		apply(&after)
		after.Revision = revision + 1
		if err := validatePosition(after); err != nil {
			return err
		}
		row := toPositionRow(after)
		res, err := tx.NewUpdate().Model(&row).ExcludeColumn("id", "owner_id", "entity_id").
			Set("updated_at = now()").Where("id = ? AND version = ?", id, revision).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return munireg.ErrConflict
		}
		if err := checkEntityShares(ctx, tx, cur.EntityID); err != nil {
			return err
		}
		return audit(ctx, tx, actor, action, recordPosition, id, cur, row)
	})
	if err != nil {
		return ownership.Position{}, err
	}
	return after, nil
}

// SetOwnerList declares whether the entity's positions list every owner and
// how exactly their shares add up; the positions must satisfy the new
// declaration at every date.
func (s *Store) SetOwnerList(ctx context.Context, l ownership.OwnerList) error {
	if err := l.Validate(); err != nil {
		return err
	}
	if err := checkID(l.Entity); err != nil {
		return munireg.ValidationErrors{{Field: "entity", Err: err}}
	}
	return s.write(ctx, func(ctx context.Context, tx bun.Tx, actor munireg.Actor) error {
		if err := actor.MayChange(l.Entity); err != nil {
			return err
		}
		if err := lockEntity(ctx, tx, l.Entity); err != nil {
			return err
		}
		tolerance := l.Tolerance
		if tolerance == "" {
			tolerance = ownership.ToleranceExact
		}
		row := ownerListRow{EntityID: l.Entity, Complete: l.Complete, Tolerance: string(tolerance), Places: l.Places}
		var before []ownerListRow
		if err := tx.NewSelect().Model(&before).Where("entity_id = ?", l.Entity).Scan(ctx); err != nil {
			return err
		}
		if _, err := tx.NewInsert().Model(&row).On("CONFLICT (entity_id) DO UPDATE").
			Set("complete = EXCLUDED.complete, tolerance = EXCLUDED.tolerance, places = EXCLUDED.places").Exec(ctx); err != nil {
			return err
		}
		if err := checkEntityShares(ctx, tx, l.Entity); err != nil {
			return err
		}
		var prev any
		if len(before) > 0 {
			prev = before[0]
		}
		return audit(ctx, tx, actor, actionUpdate, "owner-list", l.Entity, prev, row)
	})
}
