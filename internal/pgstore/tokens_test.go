package pgstore_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/pgstore/pgtest"
)

func TestTokens(t *testing.T) {
	s := pgtest.Store(t)
	ctx := actorCtx()
	_, ids := owners(t, s, 3)

	tok, secret, err := s.CreateToken(ctx, munireg.Token{Name: "Økonomisjef", Role: munireg.RoleEditor, Organizations: ids})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(secret, "mr_"))
	assert.GreaterOrEqual(t, len(secret), 3+43, "at least 256 bits of secret")

	got, err := s.FindTokenBySecret(ctx, secret)
	require.NoError(t, err)
	assert.Equal(t, tok.ID, got.ID)
	assert.ElementsMatch(t, ids, got.Organizations)
	assert.True(t, slices.IsSorted(got.Organizations), "organizations in order of ID: %v", got.Organizations)
	assert.False(t, got.LastUsed.IsZero(), "use is recorded")
	assert.True(t, got.Revoked.IsZero())
	again, err := s.FindTokenBySecret(ctx, secret)
	require.NoError(t, err)
	assert.Equal(t, got.LastUsed, again.LastUsed, "a use within the minute is not written again")
	byID, err := s.FindTokenByID(ctx, tok.ID)
	require.NoError(t, err)
	assert.Equal(t, got, byID)

	// Only an admin makes and revokes tokens, in the store as in the API.
	editorCtx := munireg.NewContextWithActor(ctx, got.Actor())
	_, _, err = s.CreateToken(editorCtx, munireg.Token{Name: "mine", Role: munireg.RoleReader})
	assert.ErrorIs(t, err, munireg.ErrForbidden)
	assert.ErrorIs(t, s.RevokeToken(editorCtx, tok.ID), munireg.ErrForbidden)

	var n int
	require.NoError(t, s.DB().NewRaw("SELECT count(*) FROM api_token WHERE position(? in encode(hash, 'escape')) > 0", secret).Scan(ctx, &n))
	assert.Equal(t, 0, n, "the secret is not stored")

	for _, bad := range []string{"", "mr_", "mr_" + strings.Repeat("A", 43), secret + "x", "Bearer " + secret} {
		_, err := s.FindTokenBySecret(ctx, bad)
		assert.ErrorIs(t, err, munireg.ErrNotFound, "FindTokenBySecret(%q)", bad)
	}

	require.NoError(t, s.RevokeToken(ctx, tok.ID))
	require.NoError(t, s.RevokeToken(ctx, tok.ID), "revoking twice")
	// Long unused, then tried after its revocation: it is not a use.
	_, err = s.DB().NewRaw("UPDATE api_token SET last_used_at = now() - interval '1 day' WHERE id = ?", tok.ID).Exec(ctx)
	require.NoError(t, err)
	stale, err := s.FindTokenByID(ctx, tok.ID)
	require.NoError(t, err)
	got, err = s.FindTokenBySecret(ctx, secret)
	require.NoError(t, err)
	assert.False(t, got.Revoked.IsZero(), "a revoked token says so")
	assert.Equal(t, stale.LastUsed, got.LastUsed, "a revoked token is not recorded as used")

	_, _, err = s.CreateToken(ctx, munireg.Token{Name: "x", Role: munireg.RoleEditor})
	var v munireg.ValidationErrors
	require.ErrorAs(t, err, &v)
	assert.Equal(t, []string{"organizations"}, v.Fields())
	_, _, err = s.CreateToken(ctx, munireg.Token{Name: "x", Role: "root"})
	require.ErrorAs(t, err, &v)
	assert.Equal(t, []string{"role"}, v.Fields())

	list, err := s.FindTokens(ctx)
	require.NoError(t, err)
	assert.Len(t, list, 1)
}
