package bench

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// Stats summarizes the runs of one measurement.
type Stats struct {
	Median, Min, Max float64
	Runs             int
}

// Summarize returns the median, minimum and maximum of xs; the median of an
// even number of runs is the mean of the middle two. It is the zero Stats
// for no runs.
func Summarize(xs []float64) Stats {
	if len(xs) == 0 {
		return Stats{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return Stats{Median: med, Min: s[0], Max: s[n-1], Runs: n}
}

// Repeat runs measure runs times and summarizes what it returned; it stops
// at the first error.
func Repeat(runs int, measure func() (float64, error)) (Stats, error) {
	if runs < 1 {
		return Stats{}, errors.New("bench: at least one run is needed")
	}
	xs := make([]float64, 0, runs)
	for i := range runs {
		x, err := measure()
		if err != nil {
			return Stats{}, fmt.Errorf("run %d of %d: %w", i+1, runs, err)
		}
		xs = append(xs, x)
	}
	return Summarize(xs), nil
}

// PerOp calls op at least minCalls times and until minTime has passed, and
// returns the mean wall-clock time of one call in seconds.
func PerOp(minTime time.Duration, minCalls int, op func() error) (float64, error) {
	start := time.Now()
	calls := 0
	for calls < max(minCalls, 1) || time.Since(start) < minTime {
		if err := op(); err != nil {
			return 0, err
		}
		calls++
	}
	return time.Since(start).Seconds() / float64(calls), nil
}

// Percentile returns the p-th percentile (0 < p ≤ 100) of sorted latencies
// by the nearest-rank method: the smallest value with at least p % of the
// values at or below it. It is 0 for no values.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(float64(len(sorted))*p/100 + 0.999999999)
	return sorted[min(max(rank, 1), len(sorted))-1]
}
