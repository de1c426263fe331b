package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Load is a closed-loop HTTP load: Clients clients, each sending requests
// one after another on its own kept-alive connection, for Warmup and then
// Duration; only the requests completed within Duration count.
type Load struct {
	Clients          int
	Duration, Warmup time.Duration
	// Request makes a new request; it is called once per request.
	Request func(ctx context.Context) (*http.Request, error)
}

// LoadResult is what a Load measured.
type LoadResult struct {
	// Requests completed within the measured window, all of them 2xx.
	Requests int
	// RPS is Requests per second of the window.
	RPS float64
	// P50 and P99 are latency percentiles of those requests; Max the worst.
	P50, P99, Max time.Duration
}

// Run runs the load and fails if any request failed or answered other than
// 2xx, or if no request completed in the window.
func (l Load) Run(ctx context.Context) (LoadResult, error) {
	if l.Clients < 1 || l.Duration <= 0 || l.Request == nil {
		return LoadResult{}, errors.New("bench: a load needs clients, a duration and requests")
	}
	transport := &http.Transport{
		MaxIdleConns:        l.Clients,
		MaxIdleConnsPerHost: l.Clients,
		DisableCompression:  true,
		ForceAttemptHTTP2:   false,
	}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	start := time.Now()
	from, until := start.Add(l.Warmup), start.Add(l.Warmup+l.Duration)
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		all      []time.Duration
		firstErr error
	)
	for range l.Clients {
		wg.Go(func() {
			var mine []time.Duration
			for ctx.Err() == nil {
				t0 := time.Now()
				if !t0.Before(until) {
					break
				}
				err := l.do(ctx, client)
				t1 := time.Now()
				if err != nil {
					mu.Lock()
					if firstErr == nil {
						firstErr = err
					}
					mu.Unlock()
					cancel()
					return
				}
				if !t1.Before(from) && t1.Before(until) {
					mine = append(mine, t1.Sub(t0))
				}
			}
			mu.Lock()
			all = append(all, mine...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if firstErr != nil {
		return LoadResult{}, firstErr
	}
	if len(all) == 0 {
		return LoadResult{}, errors.New("bench: no request completed in the measured window")
	}
	slices.Sort(all)
	return LoadResult{
		Requests: len(all),
		RPS:      float64(len(all)) / l.Duration.Seconds(),
		P50:      Percentile(all, 50),
		P99:      Percentile(all, 99),
		Max:      all[len(all)-1],
	}, nil
}

func (l Load) do(ctx context.Context, client *http.Client) error {
	req, err := l.Request(ctx)
	if err != nil {
		return err
	}
	res, err := client.Do(req)
	if err != nil {
		return err
	}
	_, err = io.Copy(io.Discard, res.Body)
	res.Body.Close()
	if err != nil {
		return err
	}
	if res.StatusCode/100 != 2 {
		return fmt.Errorf("bench: %s %s answered %s", req.Method, req.URL.Path, res.Status)
	}
	return nil
}

// Replay is a bare http.Handler that answers every request with one
// captured response: its status, its headers and its body.
type Replay struct {
	Status int
	Header http.Header
	Body   []byte
}

// Capture sends req and keeps its response for replay; the Date header is
// left to the server that replays it. A response other than 2xx is an
// error.
func Capture(client *http.Client, req *http.Request) (Replay, error) {
	res, err := client.Do(req)
	if err != nil {
		return Replay{}, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return Replay{}, err
	}
	if res.StatusCode/100 != 2 {
		return Replay{}, fmt.Errorf("bench: %s %s answered %s: %.300s", req.Method, req.URL.Path, res.Status, body)
	}
	h := res.Header.Clone()
	h.Del("Date")
	return Replay{Status: res.StatusCode, Header: h, Body: body}, nil
}

// ServeHTTP writes the captured response; the request body is drained first.
func (r Replay) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	_, _ = io.Copy(io.Discard, req.Body)
	h := w.Header()
	for k, v := range r.Header {
		h[k] = v
	}
	w.WriteHeader(r.Status)
	_, _ = w.Write(r.Body)
}
