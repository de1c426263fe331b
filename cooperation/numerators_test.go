package cooperation

import (
	"math/big"
	"math/bits"
	"math/rand/v2"
	"testing"
)

// TestNumerators128 checks the 128-bit numerators against the big.Int ones
// on random measures, up to and beyond the bounds of the fast path.
func TestNumerators128(t *testing.T) {
	if bits.UintSize != 64 {
		t.Skip("the fast path needs a 64-bit word")
	}
	rng := rand.New(rand.NewPCG(128, 3))
	fast := 0
	for iter := range 5000 {
		n, k := 1+rng.IntN(20), 1+rng.IntN(4)
		size := 1 + rng.IntN(62)
		ms := make([]*measure, k)
		mult := make([]*big.Int, k)
		for j := range k {
			m := &measure{}
			switch rng.IntN(4) {
			case 0: // BasisEqual
				m.sum.SetInt64(int64(n))
			case 1:
				m.small = make([]int64, n)
				for i := range m.small {
					m.small[i] = rng.Int64N(1 << size)
					m.sum.Add(&m.sum, big.NewInt(m.small[i]))
				}
			case 2:
				m.values = make([]big.Int, n)
				for i := range m.values {
					m.values[i].SetUint64(rng.Uint64() >> (64 - size))
					if rng.IntN(50) == 0 {
						m.values[i].Lsh(&m.values[i], 64)
					}
					m.sum.Add(&m.sum, &m.values[i])
				}
			default: // a component with weight zero
				ms[j] = nil
				continue
			}
			if m.sum.Sign() == 0 {
				m.sum.SetInt64(1)
			}
			ms[j] = m
			mult[j] = new(big.Int).Lsh(big.NewInt(rng.Int64N(1<<20)+1), uint(rng.IntN(100)))
		}
		got, gotPtrs := make([]big.Int, n), make([]*big.Int, n)
		want, wantPtrs := make([]big.Int, n), make([]*big.Int, n)
		if !numerators128(got, gotPtrs, ms, mult) {
			continue
		}
		fast++
		bigNumerators(want, wantPtrs, ms, mult, 8)
		for i := range n {
			if gotPtrs[i] != &got[i] || got[i].Cmp(&want[i]) != 0 {
				t.Fatalf("#%d numerators128[%d] = %s, want %s", iter, i, &got[i], &want[i])
			}
		}
	}
	if fast < 1000 {
		t.Errorf("numerators128 took only %d of 5000 cases", fast)
	}
}
