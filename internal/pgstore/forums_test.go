package pgstore_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
	"github.com/munireg/munireg/ownership"
)

func TestForums(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	_, ids := owners(t, s, 3)
	f, err := s.CreateForum(ctx, ownership.Forum{Name: "Eierforum Vest", Description: "Regional forum (illustrative)", Owners: ids[:2]})
	require.NoError(t, err)
	assert.Equal(t, int64(1), f.Revision)

	got, err := s.FindForumByID(ctx, f.ID)
	require.NoError(t, err)
	want := slices.Sorted(slices.Values(ids[:2]))
	assert.Equal(t, want, got.Owners)
	assert.Equal(t, f, got, "what CreateForum returns is what is stored")

	_, err = s.CreateForum(ctx, ownership.Forum{Name: "Eierforum Vest", Owners: ids[:1]})
	var v munireg.ValidationErrors
	require.ErrorAs(t, err, &v, "a second forum of the same name")
	assert.Equal(t, []string{"name"}, v.Fields())
	assert.ErrorIs(t, err, munireg.ErrExists)

	_, err = s.CreateForum(ctx, ownership.Forum{Name: "Tomt", Owners: []string{"00000000-0000-4000-8000-000000000000"}})
	require.ErrorAs(t, err, &v)
	assert.Equal(t, []string{"owners[0]"}, v.Fields())

	all := ids
	u, err := s.UpdateForum(ctx, f.ID, f.Revision, ownership.ForumUpdate{Owners: &all})
	require.NoError(t, err)
	assert.Len(t, u.Owners, 3)
	assert.Equal(t, int64(2), u.Revision)
	_, err = s.UpdateForum(ctx, f.ID, f.Revision, ownership.ForumUpdate{Owners: &all})
	assert.ErrorIs(t, err, munireg.ErrConflict)

	list, err := s.FindForums(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Len(t, list[0].Owners, 3)
}
