package bench_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg/internal/bench"
	"github.com/munireg/munireg/internal/dataset"
)

func TestSummarize(t *testing.T) {
	for _, tc := range []struct {
		in   []float64
		want bench.Stats
	}{
		{nil, bench.Stats{}},
		{[]float64{3}, bench.Stats{Median: 3, Min: 3, Max: 3, Runs: 1}},
		{[]float64{5, 1, 3}, bench.Stats{Median: 3, Min: 1, Max: 5, Runs: 3}},
		{[]float64{4, 1, 2, 10}, bench.Stats{Median: 3, Min: 1, Max: 10, Runs: 4}},
	} {
		assert.Equal(t, tc.want, bench.Summarize(tc.in), "Summarize(%v)", tc.in)
	}
}

func TestRepeat(t *testing.T) {
	n := 0.0
	s, err := bench.Repeat(3, func() (float64, error) { n++; return n, nil })
	require.NoError(t, err)
	assert.Equal(t, bench.Stats{Median: 2, Min: 1, Max: 3, Runs: 3}, s)

	boom := errors.New("boom")
	_, err = bench.Repeat(3, func() (float64, error) { return 0, boom })
	assert.ErrorIs(t, err, boom)
	_, err = bench.Repeat(0, func() (float64, error) { return 0, nil })
	assert.Error(t, err, "Repeat(0, …)")
}

func TestPerOp(t *testing.T) {
	calls := 0
	per, err := bench.PerOp(0, 4, func() error { calls++; time.Sleep(time.Millisecond); return nil })
	require.NoError(t, err)
	assert.Equal(t, 4, calls, "PerOp(0, 4, …) calls")
	assert.GreaterOrEqual(t, per, 0.001, "PerOp per call, seconds")
}

func TestPercentile(t *testing.T) {
	var xs []time.Duration
	for i := 1; i <= 100; i++ {
		xs = append(xs, time.Duration(i)*time.Millisecond)
	}
	for _, tc := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0.5, time.Millisecond}} {
		assert.Equal(t, tc.want, bench.Percentile(xs, tc.p), "Percentile(1..100 ms, %v)", tc.p)
	}
	assert.Equal(t, 7*time.Millisecond, bench.Percentile([]time.Duration{7 * time.Millisecond}, 99), "Percentile of one")
	assert.Zero(t, bench.Percentile(nil, 50), "Percentile(nil)")
}

func TestTable(t *testing.T) {
	tab := bench.Table{Header: []string{"measurement", "median"}}
	tab.Add("a|b", "1.50 ms")
	tab.Add("short")
	var b bytes.Buffer
	require.NoError(t, tab.Write(&b))
	want := "| measurement | median |\n|---|---|\n| a\\|b | 1.50 ms |\n| short |  |\n"
	assert.Equal(t, want, b.String())
}

func TestFormats(t *testing.T) {
	for _, tc := range []struct{ got, want string }{
		{bench.Seconds(0.0004916), "492 µs"},
		{bench.Seconds(0.00163), "1.63 ms"},
		{bench.Seconds(29.71), "29.7 s"},
		{bench.Seconds(2.4e-8), "24.0 ns"},
		{bench.Rate(12345.4), "12 345/s"},
		{bench.Rate(81.26), "81.3/s"},
		{bench.Ratio(20.3), "20×"},
		{bench.Ratio(1.44), "1.4×"},
		{bench.Ratio(0.512), "0.51×"},
		{bench.Ratio(0.00282), "0.0028×"},
		{bench.Ratio(2), "2×"},
		{bench.Int(1274598), "1 274 598"},
	} {
		assert.Equal(t, tc.want, tc.got)
	}
}

func TestMachineAndCommit(t *testing.T) {
	m := bench.ReadMachine()
	assert.NotEmpty(t, m.Go)
	assert.Positive(t, m.CPUs)
	line := m.String()
	assert.Contains(t, line, "PostgreSQL not used")
	m.PostgreSQL = "15.18"
	assert.Contains(t, m.String(), "PostgreSQL 15.18")
	assert.NotEmpty(t, bench.Commit(context.Background()))
	assert.Equal(t, "unknown", bench.BuildRevision(nil))
	assert.Equal(t, "0123456789ab-dirty", bench.BuildRevision([]debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef"}, {Key: "vcs.modified", Value: "true"}}))
}

// TestLoad runs the generator against a trivial handler for a fifth of a
// second: it must count every request the handler served in the window and
// report latencies that are positive and ordered.
func TestLoad(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		_, _ = w.Write([]byte("ok"))
	}))
	defer srv.Close()
	l := bench.Load{Clients: 4, Warmup: 50 * time.Millisecond, Duration: 200 * time.Millisecond,
		Request: func(ctx context.Context) (*http.Request, error) {
			return http.NewRequestWithContext(ctx, http.MethodGet, srv.URL, nil)
		}}
	res, err := l.Run(context.Background())
	require.NoError(t, err)
	assert.Positive(t, res.Requests)
	assert.LessOrEqual(t, int64(res.Requests), served.Load(), "requests counted vs served")
	assert.InDelta(t, float64(res.Requests)/0.2, res.RPS, 1e-6, "RPS = requests / window")
	assert.Positive(t, res.P50)
	assert.LessOrEqual(t, res.P50, res.P99)
	assert.LessOrEqual(t, res.P99, res.Max)
	assert.Less(t, res.P99, time.Second, "p99 of a trivial handler on loopback")

	failing := httptest.NewServer(http.NotFoundHandler())
	defer failing.Close()
	l.Request = func(ctx context.Context) (*http.Request, error) {
		return http.NewRequestWithContext(ctx, http.MethodGet, failing.URL, nil)
	}
	_, err = l.Run(context.Background())
	assert.ErrorContains(t, err, "404", "a load against a handler that answers 404")
}

func TestReplayServesTheCapturedAnswer(t *testing.T) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("ETag", `"3"`)
		_, _ = w.Write([]byte(`{"name":"Ålesund"}`))
	}))
	defer api.Close()
	req, _ := http.NewRequest(http.MethodGet, api.URL, nil)
	replay, err := bench.Capture(api.Client(), req)
	require.NoError(t, err)
	bare := httptest.NewServer(replay)
	defer bare.Close()
	res, err := http.Post(bare.URL, "text/plain", strings.NewReader("ignored"))
	require.NoError(t, err)
	defer res.Body.Close()
	var body bytes.Buffer
	_, _ = body.ReadFrom(res.Body)
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, `{"name":"Ålesund"}`, body.String())
	assert.Equal(t, "application/json", res.Header.Get("Content-Type"))
	assert.Equal(t, `"3"`, res.Header.Get("ETag"))
}

// TestReferenceIsTheFile checks that the reference built from the data in
// the binary is the file the storage benchmark reads, so that both generate
// the same dataset.
func TestReferenceIsTheFile(t *testing.T) {
	want, err := dataset.ReadReferenceFile("../../testdata/municipalities_2024.csv")
	require.NoError(t, err)
	got, err := bench.Reference()
	require.NoError(t, err)
	assert.Equal(t, want, got)
}

func TestBaselineInt64(t *testing.T) {
	in, err := bench.NewAllocationInput(357)
	require.NoError(t, err)
	require.Len(t, in.Refs, 357)
	assert.Equal(t, "0301", in.Refs[0])
	a, err := in.Allocate()
	require.NoError(t, err)
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
	assert.Equal(t, in.TotalUnits, sum, "Σ BaselineInt64")
	synthetic, err := bench.NewAllocationInput(3)
	require.NoError(t, err)
	assert.Equal(t, []string{"P000000", "P000001", "P000002"}, synthetic.Refs)
}
