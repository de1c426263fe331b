package munireg

import (
	"math/big"
	"math/bits"
	"math/rand/v2"
	"testing"
)

// TestSum192 checks the three-word sum against big.Int addition, with
// weights at the 128-bit edge and beyond it, many of them all ones so that
// the carries reach the top word.
func TestSum192(t *testing.T) {
	rng := rand.New(rand.NewPCG(192, 2))
	for iter := range 2000 {
		var s sum192
		got, want := new(big.Int), new(big.Int)
		for range rng.IntN(300) {
			w := randBits(rng, 1+rng.IntN(140))
			if !s.add(w) {
				if bits.UintSize == 64 && w.BitLen() <= 128 {
					t.Fatalf("#%d add(%s) refused a value of %d bits", iter, w, w.BitLen())
				}
				got.Add(got, w)
			}
			want.Add(want, w)
		}
		s.addTo(got)
		if got.Cmp(want) != 0 {
			t.Fatalf("#%d sum = %s, want %s", iter, got, want)
		}
	}
}
