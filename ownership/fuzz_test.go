package ownership_test

import "testing"

// FuzzDistribute checks the promises of Distribute (see checkDistribution:
// Σ = total exactly, floor or ceiling, order independence, negation) on
// inputs built from the fuzzer's numbers by genDistCase. The seed corpus
// is in testdata/fuzz/FuzzDistribute.
func FuzzDistribute(f *testing.F) {
	f.Add(uint64(1), uint8(3), int64(10000), int8(0), false)
	f.Fuzz(func(t *testing.T, seed uint64, size uint8, totalUnits int64, unitExp int8, halfUp bool) {
		checkDistribution(t, genDistCase(seed, size, totalUnits, unitExp, halfUp))
	})
}

// FuzzLookThrough compares LookThrough with a dense exact solution of
// Θ = A_UF (I − A_FF)⁻¹ (see checkLookThrough) on small graphs built from
// the fuzzer's numbers by genGraph, cycles and singular systems included.
// The seed corpus is in testdata/fuzz/FuzzLookThrough.
func FuzzLookThrough(f *testing.F) {
	f.Add(uint64(1), uint8(4), uint8(200), uint8(64))
	f.Fuzz(func(t *testing.T, seed uint64, size, density, closed uint8) {
		checkLookThrough(t, genGraph(seed, size, density, closed))
	})
}
