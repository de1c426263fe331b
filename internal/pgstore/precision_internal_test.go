package pgstore

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestNumericFits(t *testing.T) {
	for _, tc := range []struct {
		n    numeric
		d    string
		want bool
	}{
		{money, "1000.50", true},
		{money, "1000.500000", true},
		{money, "1000.505", false},
		{money, "-0.01", true},
		{money, "999999999999999999.99", true},
		{money, "1000000000000000000", false},
		{share, "0.45735", true},
		{share, "0.12345678901234567890", true},
		{share, "0.123456789012345678901", false},
		{share, "1", true},
	} {
		d := decimal.RequireFromString(tc.d)
		if got := tc.n.fits(d); got != tc.want {
			t.Errorf("numeric(%d,%d).fits(%s) = %v, want %v", tc.n.precision, tc.n.scale, tc.d, got, tc.want)
		}
	}
}
