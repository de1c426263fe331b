package munireg_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/munireg/munireg"
	"github.com/stretchr/testify/assert"
)

func TestSelectFirst(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 2, 3, 10, 100, 1000} {
		for _, pattern := range []string{"random", "ascending", "descending", "few values"} {
			keys := make([]int, n)
			for i := range keys {
				switch pattern {
				case "random":
					keys[i] = rng.IntN(1_000_000)
				case "ascending":
					keys[i] = i
				case "descending":
					keys[i] = n - i
				default:
					keys[i] = rng.IntN(3)
				}
			}
			// Larger key first, then lower index: a strict total order.
			before := func(a, b int) bool { return keys[a] > keys[b] || keys[a] == keys[b] && a < b }
			sorted := make([]int, n)
			for i := range sorted {
				sorted[i] = i
			}
			slices.SortFunc(sorted, func(a, b int) int {
				if before(a, b) {
					return -1
				}
				return 1
			})
			for _, k := range []int{0, 1, n / 3, n / 2, n - 1, n} {
				if k < 0 || k > n {
					continue
				}
				idx := slices.Clone(sorted)
				rng.Shuffle(n, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
				munireg.SelectFirst(idx, k, before)
				got := slices.Clone(idx[:k])
				slices.Sort(got)
				want := slices.Clone(sorted[:k])
				slices.Sort(want)
				assert.Equal(t, want, got, "SelectFirst(%s n=%d, k=%d)", pattern, n, k)
			}
		}
	}
}
