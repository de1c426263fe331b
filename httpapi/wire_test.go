package httpapi

import (
	"encoding/json"
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
)

// TestQuotedAsDecimalWritesIt: Money and Decimal leave as decimal's own
// StringFixed and String write them (as they did through json.Marshal),
// whatever the coefficient and exponent: zero, negative, the ends of int64,
// a coefficient beyond it, exponents both ways.
func TestQuotedAsDecimalWritesIt(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 12))
	coefficients := []int64{0, 1, -1, 5, -5, 10, 100, 12345, -12345, 99999999, math.MaxInt64, math.MinInt64,
		math.MaxInt64 / 10, math.MinInt64 / 10, 1_000_000_000_000_000_000}
	for range 2000 {
		coefficients = append(coefficients, rng.Int64N(2_000_000)-1_000_000, rng.Int64()>>rng.IntN(63)*(1-2*rng.Int64N(2)))
	}
	var values []decimal.Decimal
	for _, c := range coefficients {
		for exp := int32(-25); exp <= 6; exp++ {
			values = append(values, decimal.New(c, exp))
		}
	}
	huge, _ := new(big.Int).SetString("-123456789012345678901234567890", 10)
	values = append(values, decimal.NewFromBigInt(huge, -20), decimal.NewFromBigInt(huge, 3), decimal.RequireFromString("1000.50"),
		decimal.RequireFromString("0.45735"), decimal.RequireFromString("-0.0000000001"), decimal.RequireFromString("0.00"))
	for _, v := range values {
		want, err := json.Marshal(v.StringFixed(max(2, -v.Exponent())))
		require.NoError(t, err)
		got, err := Money{v}.MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "Money{%s (%s e%d)}.MarshalJSON()", v, v.Coefficient(), v.Exponent())

		want, err = json.Marshal(v.String())
		require.NoError(t, err)
		got, err = Decimal{v}.MarshalJSON()
		require.NoError(t, err)
		require.Equal(t, string(want), string(got), "Decimal{%s (%s e%d)}.MarshalJSON()", v, v.Coefficient(), v.Exponent())
	}
}

// TestIfMatchNamesARevisionAsWritten: an If-Match header matches a revision
// only as its ETag is written, strong or weak; "01" and "+1" parsed to
// revision 1 and were taken for it.
func TestIfMatchNamesARevisionAsWritten(t *testing.T) {
	for _, tc := range []struct {
		header string
		want   int64
		err    error
	}{
		{`"3"`, 3, nil}, {`W/"3"`, 3, nil}, {` "12" `, 12, nil},
		{"", 0, errPreconditionRequired}, {"  ", 0, errPreconditionRequired},
		{`"03"`, 0, munireg.ErrConflict}, {`"+3"`, 0, munireg.ErrConflict}, {`""3""`, 0, munireg.ErrConflict},
		{`"3`, 0, munireg.ErrConflict}, {`3"`, 0, munireg.ErrConflict}, {`3`, 0, munireg.ErrConflict},
		{`*`, 0, munireg.ErrConflict}, {`"0"`, 0, munireg.ErrConflict}, {`"-1"`, 0, munireg.ErrConflict},
		{`"3", "4"`, 0, munireg.ErrConflict}, {`" 3"`, 0, munireg.ErrConflict}, {`"3 "`, 0, munireg.ErrConflict},
		{`w/"3"`, 0, munireg.ErrConflict}, {`"99999999999999999999"`, 0, munireg.ErrConflict}, {`""`, 0, munireg.ErrConflict},
	} {
		got, err := ifMatch(tc.header)
		if tc.err != nil {
			require.ErrorIs(t, err, tc.err, "ifMatch(%q)", tc.header)
			continue
		}
		require.NoError(t, err, "ifMatch(%q)", tc.header)
		require.Equal(t, tc.want, got, "ifMatch(%q)", tc.header)
	}
}
