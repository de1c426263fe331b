package cooperation_test

import (
	"fmt"
	"testing"

	"github.com/munireg/munireg/internal/bench"
)

// The input (a 3-component key over 357 municipalities or n synthetic
// parties) and the int64 baseline live in internal/bench, which munireg
// bench also measures with: one copy of each.

func newBenchInput(b testing.TB, n int) bench.AllocationInput {
	b.Helper()
	in, err := bench.NewAllocationInput(n)
	if err != nil {
		b.Fatal(err)
	}
	return in
}

func BenchmarkAllocate(b *testing.B) {
	for _, n := range []int{357, 100_000} {
		in := newBenchInput(b, n)
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := in.Allocate(); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("baseline-int64/n=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			out := make([]int64, n)
			for b.Loop() {
				bench.BaselineInt64(in, out)
			}
		})
	}
}

// TestBaselineInt64 checks that the baseline does the same job: its
// amounts sum to the total and stay within one øre of Allocate's, which
// are exact.
func TestBaselineInt64(t *testing.T) {
	in := newBenchInput(t, 357)
	a, err := in.Allocate()
	if err != nil {
		t.Fatal(err)
	}
	out := make([]int64, len(in.Refs))
	bench.BaselineInt64(in, out)
	var sum int64
	for i, units := range out {
		sum += units
		exact := a.Rows[i].Amount.Shift(2).IntPart()
		if d := units - exact; d < -1 || d > 1 {
			t.Errorf("BaselineInt64[%s] = %d øre, want within 1 of %d", in.Refs[i], units, exact)
		}
	}
	if sum != in.TotalUnits {
		t.Errorf("Σ BaselineInt64 = %d øre, want %d", sum, in.TotalUnits)
	}
}
