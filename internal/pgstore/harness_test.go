package pgstore_test

import (
	"errors"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/munireg/munireg"
)

// concurrently runs fn(0) … fn(n−1) at once, released together, and counts
// the outcomes: nil is done, an error that is refusal is refused; any other
// error fails the test.
func concurrently(t *testing.T, n int, refusal error, fn func(i int) error) (done, refused int) {
	t.Helper()
	var (
		wg     sync.WaitGroup
		mu     sync.Mutex
		others []error
		start  = make(chan struct{})
	)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			err := fn(i)
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				done++
			case errors.Is(err, refusal):
				refused++
			default:
				others = append(others, err)
			}
		}()
	}
	close(start)
	wg.Wait()
	require.Empty(t, others, "errors other than %v", refusal)
	return done, refused
}

// everyPage reads a listing page by page, from the first page, and
// returns every item, checking that each page reports the total.
func everyPage[T any](t *testing.T, total int, page func(after string) (munireg.Page[T], error)) []T {
	t.Helper()
	var all []T
	after := ""
	for pages := 0; ; pages++ {
		require.Less(t, pages, 100, "paging does not end")
		p, err := page(after)
		require.NoError(t, err)
		require.Equal(t, total, p.Total, "page %d: total", pages+1)
		all = append(all, p.Items...)
		if p.Next == "" {
			return all
		}
		after = p.Next
	}
}
