package cooperation_test

import "testing"

// FuzzAllocate checks the promises of Allocate (see checkAllocation) on
// inputs built from the fuzzer's numbers by genCase. The seed corpus is in
// testdata/fuzz/FuzzAllocate.
func FuzzAllocate(f *testing.F) {
	f.Add(uint64(1), uint8(3), int64(10000), int8(0), false)
	f.Fuzz(func(t *testing.T, seed uint64, size uint8, totalUnits int64, unitExp int8, halfUp bool) {
		checkAllocation(t, genCase(seed, size, totalUnits, unitExp, halfUp))
	})
}
