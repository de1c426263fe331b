package cooperation_test

import (
	"fmt"
	"testing"

	"github.com/munireg/munireg/internal/bench"
)

// The input (a 3-component key over 357 municipalities or n synthetic
// parties) and the int64 baseline live in internal/bench, which munireg
// bench also measures with: one copy of each (TestBaselineInt64 there checks
// that the baseline does Allocate's job).

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
