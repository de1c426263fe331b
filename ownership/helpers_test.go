package ownership_test

import (
	"math/big"
	"testing"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/domaintest"
	"github.com/munireg/munireg/ownership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The decimal, validation and date helpers, from internal/domaintest.
var (
	d         = domaintest.D
	nd        = domaintest.ND
	assertDec = domaintest.Equal
	fields    = domaintest.Fields
	date      = domaintest.Date
)

// assertRat checks an exact fraction, written "a/b" or "a".
func assertRat(t testing.TB, call string, got *big.Rat, want string) {
	t.Helper()
	w, ok := new(big.Rat).SetString(want)
	require.True(t, ok, "bad fraction %q", want)
	assert.Zero(t, got.Cmp(w), "%s = %s, want %s", call, got.RatString(), w.RatString())
}

// pos is a position of owner in entity with an economic share, held since
// 2000.
func pos(t testing.TB, owner, entity, share string) ownership.Position {
	return ownership.Position{Owner: owner, Entity: entity, Economic: d(t, share), Valid: munireg.Period{From: date(2000, 1, 1)}}
}
