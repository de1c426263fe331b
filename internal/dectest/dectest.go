// Package dectest has the decimal helpers of the tests: decimals compare by
// value (1.5 equals 1.50), never with ==.
package dectest

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// D parses a decimal literal of a test.
func D(t testing.TB, s string) decimal.Decimal {
	t.Helper()
	v, err := decimal.NewFromString(s)
	require.NoError(t, err, "decimal.NewFromString(%q)", s)
	return v
}

// ND is D as a set NullDecimal.
func ND(t testing.TB, s string) decimal.NullDecimal { return decimal.NewNullDecimal(D(t, s)) }

// Equal checks got against want by value, reporting "call = got, want want".
func Equal(t testing.TB, call string, got decimal.Decimal, want string) bool {
	t.Helper()
	return assert.True(t, got.Equal(D(t, want)), "%s = %s, want %s", call, got, want)
}
