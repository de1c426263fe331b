package munireg

import (
	"fmt"
	"math/big"
	"math/bits"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// randBits returns a random non-negative integer of up to n bits, often with
// all bits set or few bits set, to reach the edges of the word arithmetic.
func randBits(rng *rand.Rand, n int) *big.Int {
	x := new(big.Int)
	switch rng.IntN(4) {
	case 0: // 2^k − 1
		k := rng.IntN(n + 1)
		return x.Sub(x.Lsh(big.NewInt(1), uint(k)), big.NewInt(1))
	case 1: // 2^k
		return x.Lsh(big.NewInt(1), uint(rng.IntN(n)))
	}
	for range (n + 63) / 64 {
		x.Lsh(x, 64).Or(x, new(big.Int).SetUint64(rng.Uint64()))
	}
	return x.Rsh(x, uint(len(x.Bits())*bits.UintSize-n+rng.IntN(n+1)))
}

func TestMulDiv128(t *testing.T) {
	if bits.UintSize != 64 {
		t.Skip("the fast path needs a 64-bit word")
	}
	rng := rand.New(rand.NewPCG(128, 64))
	for range 200_000 {
		d := randBits(rng, 128)
		if d.Sign() == 0 {
			d.SetInt64(1)
		}
		w := new(big.Int).Mul(d, new(big.Int).SetUint64(rng.Uint64()))
		w.Rsh(w, 64) // in [0, d)
		if rng.IntN(8) == 0 {
			w.Set(d)
		}
		a := randBits(rng, 64).Uint64()
		q, r := mulDiv128(a, u128Of(w), u128Of(d))
		wantQ, wantR := new(big.Int).QuoRem(new(big.Int).Mul(new(big.Int).SetUint64(a), w), d, new(big.Int))
		if !wantQ.IsUint64() || q != wantQ.Uint64() || r != u128Of(wantR) {
			t.Fatalf("mulDiv128(%d, %s, %s) = %d, %v, want %s, %s", a, w, d, q, r, wantQ, wantR)
		}
	}
}

// TestApportion128 checks the fixed-width path against the big.Int one on
// random inputs within its bounds: every amount, exact value, remainder
// decision and sum must be the same.
func TestApportion128(t *testing.T) {
	if bits.UintSize != 64 {
		t.Skip("the fast path needs a 64-bit word")
	}
	rng := rand.New(rand.NewPCG(128, 357))
	for iter := range 3000 {
		n := 1 + rng.IntN(40)
		refs := make([]string, n)
		ws := make([]*big.Int, n)
		den := new(big.Int)
		wbits := 1 + rng.IntN(120)
		for i := range n {
			refs[i] = fmt.Sprintf("r%02d", rng.IntN(100)*n+i)
			ws[i] = randBits(rng, wbits)
			if rng.IntN(3) == 0 { // ties
				ws[i].Set(ws[0])
			}
			den.Add(den, ws[i])
		}
		if den.BitLen() > 128 {
			continue
		}
		exp := int32(rng.IntN(20)) - 10
		r := Rounding{Unit: decimal.New(1, exp), Policy: []RoundingPolicy{LargestRemainder, HalfUpPerRow}[rng.IntN(2)]}.WithDefaults()
		scale := pow10Uint64(ExactPlaces + exp)
		units := randBits(rng, 64-bits.Len64(scale)+1)
		if r.Policy == HalfUpPerRow && units.BitLen() >= 63 {
			continue
		}
		scaled := new(big.Int).Mul(units, new(big.Int).SetUint64(scale))
		if !scaled.IsUint64() {
			continue
		}
		if den.Sign() == 0 {
			units.SetInt64(0) // zero weights split only a zero total
		}
		total := decimal.NewFromBigInt(units, exp)
		negative := rng.IntN(2) == 0
		if negative {
			total = total.Neg()
		}
		d := den
		if d.Sign() == 0 {
			d = big.NewInt(1)
		}
		got := apportion128(total, refs, ws, d, r, new(big.Int).Set(units), negative, scale, scaled.Uint64())
		want := apportionBig(total, refs, ws, d, r, new(big.Int).Set(units), negative, scale, scaled)
		call := fmt.Sprintf("#%d apportion128(%s, %v, %s)", iter, total, ws, r.Unit)
		same := func(what string, g, w decimal.Decimal) {
			t.Helper()
			if g.String() != w.String() || g.Exponent() != w.Exponent() {
				t.Fatalf("%s %s = %s (exp %d), want %s (exp %d)", call, what, g, g.Exponent(), w, w.Exponent())
			}
		}
		same("Sum", got.Sum, want.Sum)
		same("Difference", got.Difference, want.Difference)
		for i := range n {
			g, w := got.Portions[i], want.Portions[i]
			if g.Ref != w.Ref {
				t.Fatalf("%s[%d].Ref = %s, want %s", call, i, g.Ref, w.Ref)
			}
			same(fmt.Sprintf("[%d].Amount", i), g.Amount, w.Amount)
			same(fmt.Sprintf("[%d].Exact", i), g.Exact, w.Exact)
			if g.ExactRat().Cmp(w.ExactRat()) != 0 {
				t.Fatalf("%s[%d].ExactRat() = %s, want %s", call, i, g.ExactRat(), w.ExactRat())
			}
		}
	}
}

// TestDividerQuotient64 checks the Divider's 128-bit path against its
// big.Int path.
func TestDividerQuotient64(t *testing.T) {
	if bits.UintSize != 64 {
		t.Skip("the fast path needs a 64-bit word")
	}
	rng := rand.New(rand.NewPCG(64, 10))
	for range 100_000 {
		den := randBits(rng, 1+rng.IntN(70))
		if den.Sign() == 0 {
			den.SetInt64(1)
		}
		if rng.IntN(2) == 0 {
			den.Neg(den)
		}
		places := int32(rng.IntN(26)) - 5
		num := randBits(rng, 64)
		if rng.IntN(2) == 0 {
			num.Neg(num)
		}
		fast := NewDivider(den, places)
		slow := NewDivider(den, places)
		slow.small = false
		g, w := fast.Quotient(num), slow.Quotient(num)
		if g.String() != w.String() || g.Exponent() != w.Exponent() {
			t.Fatalf("Quotient(%s, %s, %d) = %s (exp %d), want %s (exp %d)", num, den, places, g, g.Exponent(), w, w.Exponent())
		}
	}
}

// TestQuotientFastPath checks the package-level Quotient's 128-bit path
// against the Divider's big.Int path: numerators and denominators of up to
// 64 bits and a little beyond, both signs, places from -5 to 25 (the fast
// path takes 0 to 19), quotients past int64.
func TestQuotientFastPath(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 64))
	for range 100_000 {
		den := randBits(rng, 1+rng.IntN(66))
		if den.Sign() == 0 {
			den.SetInt64(1)
		}
		num := randBits(rng, 1+rng.IntN(66))
		if rng.IntN(2) == 0 {
			den.Neg(den)
		}
		if rng.IntN(2) == 0 {
			num.Neg(num)
		}
		places := int32(rng.IntN(31)) - 5
		slow := NewDivider(den, places)
		slow.small = false
		g, w := Quotient(num, den, places), slow.Quotient(num)
		if g.String() != w.String() || g.Exponent() != w.Exponent() {
			t.Fatalf("Quotient(%s, %s, %d) = %s (exp %d), want %s (exp %d)", num, den, places, g, g.Exponent(), w, w.Exponent())
		}
	}
}
