package ownership

import (
	"math/big"
	"testing"

	"github.com/shopspring/decimal"
)

// TestTallyExact checks the int64 fast path of tally against plain decimal
// sums: amounts written with 0, 1 and 2 decimals, amounts too long for the
// fast path, both directions, the zero Decimal, and enough large amounts to
// pass the int64 range, which the tally must move into its decimals first.
func TestTallyExact(t *testing.T) {
	amounts := []string{"99999999999.99", "1", "0.5", "12.30", "123456789012345.67", "0.001", "7"}
	var got tally
	want := decimal.Zero
	// 250 000 × 9 999 999 999 999 øre is past 2⁶¹: a flush must happen.
	large := Flow{Kind: FlowDividend, Amount: decimal.RequireFromString("99999999999.99")}
	for range 250_000 {
		got.add(&large)
		want = want.Add(large.Amount)
	}
	if got.ore[0] >= 250_000*9_999_999_999_999 {
		t.Fatalf("tally kept %d øre in int64, want a flush", got.ore[0])
	}
	for n := range 100_000 {
		f := Flow{Kind: FlowDividend, Amount: decimal.RequireFromString(amounts[n%len(amounts)])}
		if n%3 == 0 {
			f.Direction = FromOwner
		}
		if n%11 == 0 {
			f.Amount = decimal.Decimal{}
		}
		got.add(&f)
		want = want.Add(f.Net())
	}
	if !got.amount(0).Equal(want) {
		t.Errorf("tally = %s, want %s", got.amount(0), want)
	}
	var merged tally
	merged.merge(&got)
	merged.merge(&got)
	if !merged.total().Equal(want.Add(want)) {
		t.Errorf("merged tally = %s, want %s", merged.total(), want.Add(want))
	}
}

// TestQuotientExact checks quotient against the quotient of the exact
// fractions, rounded by ratDecimal: signs, exponents both ways, halves.
func TestQuotientExact(t *testing.T) {
	values := []string{"1", "-1", "3", "0.5", "-0.5", "2.5", "0.000125", "-7", "12345678901234567890.12", "100", "1E3",
		"-0.0001", "0.3333", "9999999999.99", "0.00000000000000000001"}
	for _, a := range values {
		for _, b := range values {
			num, den := decimal.RequireFromString(a), decimal.RequireFromString(b)
			for _, places := range []int32{0, 2, 6, 10} {
				want := ratDecimal(new(big.Rat).Quo(num.Rat(), den.Rat()), places)
				got := quotient(num, den, places)
				if !got.Equal(want) || got.Exponent() != want.Exponent() {
					t.Errorf("quotient(%s, %s, %d) = %s (e%d), want %s (e%d)", a, b, places, got, got.Exponent(), want, want.Exponent())
				}
			}
		}
	}
}

// TestTallyReadsAsDecimalsAdd: a tally's amounts, income and total are the
// decimals of adding its øre and its decimals (value and exponent, which
// sets how money is written), whether it takes the øre alone or not: sums in
// øre, in decimals with more places, near the int64 limit, zero.
func TestTallyReadsAsDecimalsAdd(t *testing.T) {
	kinds := FlowKinds()
	for n, amounts := range [][]string{{}, {"0"}, {"12.5"}, {"1", "2.25", "-0.75"}, {"0.001"}, {"0.001", "5", "-0.001"}, {"123456789012345.67"}, {"7"}} {
		var tl tally
		for k, a := range amounts {
			f := Flow{Kind: kinds[k%2], Amount: decimal.RequireFromString(a)}
			if f.Amount.Sign() < 0 {
				f.Amount, f.Direction = f.Amount.Neg(), FromOwner
			}
			tl.add(&f)
		}
		if n == 7 { // sums in øre of a sixth of the int64 range and more in every kind
			for i := range kinds {
				tl.ore[i] = oreLimit
			}
		}
		want := decimal.Zero
		for i := range kinds {
			line := tl.amounts[i].Add(decimal.New(tl.ore[i], -2))
			if got := tl.amount(i); !got.Equal(line) || got.Exponent() != line.Exponent() {
				t.Errorf("case %d: amount(%d) = %s e%d, want %s e%d", n, i, got, got.Exponent(), line, line.Exponent())
			}
			want = want.Add(line)
		}
		for name, got := range map[string]decimal.Decimal{"total": tl.total(), "income().Total": tl.income().Total} {
			if !got.Equal(want) || got.Exponent() != want.Exponent() {
				t.Errorf("case %d: %s = %s e%d, want %s e%d", n, name, got, got.Exponent(), want, want.Exponent())
			}
		}
	}
}

// TestTallyMergeIsDecimalsAdd: merging tallies reads, kind by kind, as the
// decimals of adding what each read (value and exponent): øre alone, øre
// with finer decimals, sums near the int64 limit of both signs, merged
// over and over past it.
func TestTallyMergeIsDecimalsAdd(t *testing.T) {
	kinds := FlowKinds()
	tallyOf := func(amounts ...string) *tally {
		var tl tally
		for k, a := range amounts {
			f := Flow{Kind: kinds[k%len(kinds)], Amount: decimal.RequireFromString(a)}
			if f.Amount.Sign() < 0 {
				f.Amount, f.Direction = f.Amount.Neg(), FromOwner
			}
			tl.add(&f)
		}
		return &tl
	}
	near := func(sign int64) *tally {
		var tl tally
		for i := range tl.ore {
			tl.ore[i] = sign * (oreLimit - int64(i))
		}
		return &tl
	}
	tallies := []*tally{{}, tallyOf("12.50", "-3"), tallyOf("0.001", "7", "-0.0001"), tallyOf("123456789012345.67"),
		near(1), near(-1), tallyOf("99999999999.99", "99999999999.99", "99999999999.99", "99999999999.99", "99999999999.99", "99999999999.99")}
	for a, x := range tallies {
		for b, y := range tallies {
			var got tally
			want := make([]decimal.Decimal, len(kinds))
			for i := range want {
				want[i] = decimal.Zero
			}
			for range 5 { // five times past the limit for near(±1)
				got.merge(x)
				got.merge(y)
				for i := range want {
					want[i] = want[i].Add(x.amount(i)).Add(y.amount(i))
				}
			}
			for i := range kinds {
				if g := got.amount(i); !g.Equal(want[i]) || g.Exponent() != want[i].Exponent() {
					t.Errorf("merges of %d and %d: amount(%d) = %s e%d, want %s e%d", a, b, i, g, g.Exponent(), want[i], want[i].Exponent())
				}
				if got.ore[i] > oreLimit || got.ore[i] < -oreLimit {
					t.Errorf("merges of %d and %d: kind %d keeps %d øre, past the limit", a, b, i, got.ore[i])
				}
			}
		}
	}
}
