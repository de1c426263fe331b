package pgstore_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
	"github.com/munireg/munireg/ownership"
)

// owners stores n kommuner and an AS they may own; names illustrative.
func owners(t *testing.T, s *pgstore.Store, n int) (entity string, ids []string) {
	t.Helper()
	ctx := actorCtx()
	e, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Kraft AS", Kind: munireg.KindAS})
	require.NoError(t, err)
	for i := range n {
		o, err := s.CreateOrganization(ctx, munireg.Organization{Name: "Kommune " + string(rune('A'+i)), Kind: munireg.KindKommune})
		require.NoError(t, err)
		ids = append(ids, o.ID)
	}
	return e.ID, ids
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestPositionsKeepTheSharesWithinOne(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	entity, ids := owners(t, s, 3)

	a, err := s.CreatePosition(ctx, ownership.Position{Owner: ids[0], Entity: entity, Economic: dec("0.6"),
		Valid: munireg.Period{From: day(2020, 1, 1)}, Purpose: "Kraftproduksjon", Category: ownership.CategoryFinancial})
	require.NoError(t, err)
	_, err = s.CreatePosition(ctx, ownership.Position{Owner: ids[1], Entity: entity, Economic: dec("0.4"),
		Valid: munireg.Period{From: day(2021, 1, 1)}})
	require.NoError(t, err)

	// 0.6 + 0.4 + 0.1 > 1 from 2022.
	_, err = s.CreatePosition(ctx, ownership.Position{Owner: ids[2], Entity: entity, Economic: dec("0.1"),
		Valid: munireg.Period{From: day(2022, 1, 1)}})
	var v munireg.ValidationErrors
	require.ErrorAs(t, err, &v)
	assert.Contains(t, v.Fields(), "economic")
	assert.ErrorIs(t, err, ownership.ErrShareSum)
	assert.Contains(t, err.Error(), "as of 2022-01-01")

	// Before the second owner came in, there was room: a position that ends
	// in time fits.
	_, err = s.CreatePosition(ctx, ownership.Position{Owner: ids[2], Entity: entity, Economic: dec("0.1"),
		Valid: munireg.Period{From: day(2020, 6, 1), To: day(2021, 1, 1)}})
	require.NoError(t, err)

	// Raising the first owner's share breaks the rule from 2021 on.
	_, err = s.UpdatePosition(ctx, a.ID, a.Revision, ownership.PositionUpdate{Economic: ptrTo(dec("0.7"))})
	assert.ErrorIs(t, err, ownership.ErrShareSum)
	_, err = s.UpdatePosition(ctx, a.ID, a.Revision, ownership.PositionUpdate{Economic: ptrTo(dec("0.123456789012345678901"))})
	assert.ErrorIs(t, err, munireg.ErrPrecision, "a share the register cannot keep exactly")

	// A complete owner list needs exactly 1, which holds from 2021 only.
	err = s.SetOwnerList(ctx, ownership.OwnerList{Entity: entity, Complete: true})
	assert.ErrorIs(t, err, ownership.ErrShareSum, "complete list while 2020 sums to 0.6")

	page, err := s.FindPositions(ctx, ownership.PositionFilter{Entity: &entity, AsOf: day(2023, 1, 1)})
	require.NoError(t, err)
	assert.Equal(t, 2, page.Total, "positions in force in 2023")

	ended, err := s.EndPosition(ctx, a.ID, a.Revision, day(2024, 1, 1))
	require.NoError(t, err)
	assert.Equal(t, int64(2), ended.Revision)
	page, err = s.FindPositions(ctx, ownership.PositionFilter{Entity: &entity, AsOf: day(2024, 6, 1)})
	require.NoError(t, err)
	assert.Equal(t, 1, page.Total, "positions in force after the first ended")
	got, err := s.FindPositionByID(ctx, a.ID)
	require.NoError(t, err)
	assert.Equal(t, "Kraftproduksjon", got.Purpose)
	assert.True(t, got.Economic.Equal(dec("0.6")))
}

func TestPositionErrors(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	entity, ids := owners(t, s, 1)
	_, err := s.CreatePosition(ctx, ownership.Position{Owner: "00000000-0000-4000-8000-000000000000", Entity: entity, Economic: dec("0.1")})
	var v munireg.ValidationErrors
	require.ErrorAs(t, err, &v)
	assert.Equal(t, []string{"owner"}, v.Fields())
	assert.ErrorIs(t, err, munireg.ErrNotFound)

	_, err = s.CreatePosition(ctx, ownership.Position{Owner: ids[0], Entity: entity, Economic: dec("1.5")})
	assert.ErrorIs(t, err, ownership.ErrShareRange)

	p, err := s.CreatePosition(ctx, ownership.Position{Owner: ids[0], Entity: entity, Economic: dec("0.1"),
		Valid: munireg.Period{From: day(2020, 1, 1)}})
	require.NoError(t, err)
	_, err = s.CreatePosition(ctx, ownership.Position{Owner: ids[0], Entity: entity, Economic: dec("0.1"),
		Valid: munireg.Period{From: day(2021, 1, 1)}})
	assert.ErrorIs(t, err, ownership.ErrOverlap, "a second overlapping position of the same owner and class")

	_, err = s.UpdatePosition(ctx, p.ID, 7, ownership.PositionUpdate{Purpose: ptrTo("x")})
	assert.ErrorIs(t, err, munireg.ErrConflict)
	_, err = s.FindPositionByID(ctx, "nope")
	assert.ErrorIs(t, err, munireg.ErrNotFound)
}

// TestConcurrentPositionsNeverExceedOne: writers add positions to one
// entity at once, each fitting on its own; together they would exceed 1.
// Locking the entity makes them take turns: exactly as many fit as room
// allows, the rest are refused.
func TestConcurrentPositionsNeverExceedOne(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	entity, ids := owners(t, s, 8)
	accepted, refused := concurrently(t, len(ids), ownership.ErrShareSum, func(i int) error {
		_, err := s.CreatePosition(ctx, ownership.Position{Owner: ids[i], Entity: entity, Economic: dec("0.3")})
		return err
	})
	assert.Equal(t, 3, accepted, "0.3 fits three times in 1")
	assert.Equal(t, 5, refused)
	sums, err := ownership.CheckShares(allPositions(t, s, entity), nil, day(2025, 1, 1))
	require.NoError(t, err)
	require.Len(t, sums, 1)
	assert.Equal(t, "0.9", sums[0].Economic.String())
}

func allPositions(t *testing.T, s *pgstore.Store, entity string) []ownership.Position {
	t.Helper()
	page, err := s.FindPositions(actorCtx(), ownership.PositionFilter{Entity: &entity, Limit: 1000})
	require.NoError(t, err)
	return page.Items
}

func ptrTo[T any](v T) *T { return &v }
