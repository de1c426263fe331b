package ownership_test

import (
	"math/big"
	"testing"
	"time"

	"github.com/munireg/munireg"
	"github.com/munireg/munireg/internal/dectest"
	"github.com/munireg/munireg/ownership"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The decimal helpers, from internal/dectest.
var d = dectest.D
var nd = dectest.ND
var assertDec = dectest.Equal

// assertRat checks an exact fraction, written "a/b" or "a".
func assertRat(t testing.TB, call string, got *big.Rat, want string) {
	t.Helper()
	w, ok := new(big.Rat).SetString(want)
	require.True(t, ok, "bad fraction %q", want)
	assert.Zero(t, got.Cmp(w), "%s = %s, want %s", call, got.RatString(), w.RatString())
}

// fields returns the fields of the ValidationErrors in err, or nil for nil.
func fields(t testing.TB, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var all munireg.ValidationErrors
	require.ErrorAs(t, err, &all)
	return all.Fields()
}

// date is midnight UTC of a calendar date.
func date(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

// pos is a position of owner in entity with an economic share, held since
// 2000.
func pos(t testing.TB, owner, entity, share string) ownership.Position {
	return ownership.Position{Owner: owner, Entity: entity, Economic: d(t, share), Valid: munireg.Period{From: date(2000, 1, 1)}}
}
