package httpapi

import (
	"bytes"
	"container/list"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/danielgtaylor/huma/v2"
)

// The answers of reads that owner forums and finance offices ask for again
// and again (an organization, a portfolio, a report) are kept, whole, and
// served again for as long as the register has not changed since they were
// read: the storage's generation (Changes) is read before the read and an
// answer is served again only under the same generation. Any change to the
// register, by this process or another on the same database, moves the
// generation and so retires every answer read before it.
//
// What is kept is the answer after authentication and the access check, so
// a request is authenticated and authorized as if nothing were kept. Only
// operations whose answer depends on nothing but the register, the request
// (path, query, Accept) and today's date are kept (cached); the audit log,
// which shows admins more than others, and the tokens are not.

// Changes tells whether what was read from the register may be served again.
type Changes interface {
	// Generation returns a number that moves whenever the register may
	// have changed; ok is false while the storage cannot tell, and then
	// nothing read may be served again.
	Generation() (gen uint64, ok bool)
}

// DefaultCacheBytes is how many bytes of answers are kept when Deps does not
// say.
const DefaultCacheBytes = 64 << 20

// maxCachedAnswer is the largest answer kept; larger ones are served as
// they are read, every time.
const maxCachedAnswer = 4 << 20

// cached are the operations whose answers are kept: reads of the register
// that answer every caller alike.
var cached = map[string]bool{
	"list-organizations":            true,
	"get-organization":              true,
	"list-organization-successions": true,
	"list-agreements":               true,
	"get-agreement":                 true,
	"list-agreement-budgets":        true,
	"get-budget":                    true,
	"get-budget-installments":       true,
	"list-positions":                true,
	"get-position":                  true,
	"list-flows":                    true,
	"get-flow":                      true,
	"list-forums":                   true,
	"get-forum":                     true,
	"get-forum-summary":             true,
	"get-owner-summary":             true,
	"get-entity-summary":            true,
	"get-cooperation-overview":      true,
	"get-ownership-report":          true,
}

// answer is a kept answer: what the operation wrote, after the middleware
// outside huma (request ID) had written its part.
type answer struct {
	key    string
	gen    uint64
	status int
	header http.Header
	body   []byte
}

func (a *answer) size() int64 {
	n := len(a.key) + cap(a.body) + 64
	for k, vs := range a.header {
		n += len(k)
		for _, v := range vs {
			n += len(v)
		}
	}
	return int64(n)
}

// answerCache keeps answers by request, least recently used first out,
// within a budget of bytes.
type answerCache struct {
	changes Changes
	limit   int64

	mu      sync.Mutex
	used    int64
	order   *list.List // of *answer, most recently used first
	byKey   map[string]*list.Element
	reading map[string]chan struct{} // keys being read now, closed when done
}

// newAnswerCache returns a cache of at most limit bytes, or nil (no cache)
// when limit is negative or there is nothing to tell changes by.
func newAnswerCache(changes Changes, limit int64) *answerCache {
	if changes == nil || limit < 0 {
		return nil
	}
	if limit == 0 {
		limit = DefaultCacheBytes
	}
	return &answerCache{changes: changes, limit: limit, order: list.New(), byKey: map[string]*list.Element{},
		reading: map[string]chan struct{}{}}
}

// middleware serves kept answers of cached operations and keeps new ones.
// It runs after authentication: what it serves, the caller may read.
func (c *answerCache) middleware(ctx huma.Context, next func(huma.Context)) {
	op := ctx.Operation()
	if !cached[op.OperationID] || ctx.Method() != http.MethodGet || conditional(ctx) {
		next(ctx)
		return
	}
	gen, ok := c.changes.Generation()
	if !ok {
		next(ctx)
		return
	}
	// Answers whose dates default to today are kept for the day (UTC) the
	// operations take as today.
	u := ctx.URL()
	today := time.Now().UTC().Format(time.DateOnly)
	key := strings.Join([]string{op.OperationID, u.RequestURI(), ctx.Header("Accept"), today}, "\n")
	for waited := false; ; waited = true {
		a, reading, claimed := c.begin(key, gen)
		if a != nil {
			for k, vs := range a.header {
				for _, v := range vs {
					ctx.AppendHeader(k, v)
				}
			}
			ctx.SetStatus(a.status)
			_, _ = ctx.BodyWriter().Write(a.body)
			return
		}
		if reading != nil && !waited {
			// Another request is reading this answer: wait for it rather
			// than read it again, then look again.
			select {
			case <-reading:
				continue
			case <-ctx.Context().Done():
			}
		}
		if claimed {
			// Released after the answer is kept (or not), and if the
			// operation panics, so that nobody waits for ever.
			defer c.release(key)
		}
		break
	}
	rec := &recorder{humaContext: ctx, header: http.Header{}}
	next(rec)
	if rec.status == http.StatusOK && !rec.incomplete {
		c.store(&answer{key: key, gen: gen, status: rec.status, header: rec.header, body: rec.body.Bytes()})
	}
}

// conditional reports whether the request asks for an answer that depends
// on what the client has: those go to the operation itself.
func conditional(ctx huma.Context) bool {
	return ctx.Header("If-None-Match") != "" || ctx.Header("If-Modified-Since") != "" ||
		ctx.Header("Range") != ""
}

// begin returns the answer kept for key at generation gen. Without one it
// returns, when another request is reading that answer now, a channel closed
// when it is done; otherwise it marks key as being read by the caller
// (claimed), who must release it.
func (c *answerCache) begin(key string, gen uint64) (a *answer, reading <-chan struct{}, claimed bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		a := e.Value.(*answer)
		switch {
		case a.gen == gen:
			c.order.MoveToFront(e)
			return a, nil, false
		case a.gen < gen:
			c.remove(e) // read before a change: never served again
		}
	}
	if ch, busy := c.reading[key]; busy {
		return nil, ch, false
	}
	c.reading[key] = make(chan struct{})
	return nil, nil, true
}

// release ends the reading of key that begin marked.
func (c *answerCache) release(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.reading[key])
	delete(c.reading, key)
}

// store keeps a, making room by dropping the least recently used answers.
func (c *answerCache) store(a *answer) {
	size := a.size()
	if size > c.limit {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[a.key]; ok {
		if e.Value.(*answer).gen > a.gen {
			return // a newer read is kept already
		}
		c.remove(e)
	}
	for c.used+size > c.limit {
		c.remove(c.order.Back())
	}
	c.byKey[a.key] = c.order.PushFront(a)
	c.used += size
}

func (c *answerCache) remove(e *list.Element) {
	a := c.order.Remove(e).(*answer)
	delete(c.byKey, a.key)
	c.used -= a.size()
}

// humaContext lets recorder embed huma.Context under a name that does not
// hide the interface's own Context method.
type humaContext = huma.Context

// recorder passes an operation's answer on while keeping a copy of it.
type recorder struct {
	humaContext
	status int
	header http.Header
	body   bytes.Buffer
	// incomplete is set when the copy is not the whole answer: it grew
	// past maxCachedAnswer, or writing to the client failed.
	incomplete bool
}

func (r *recorder) SetStatus(code int) {
	r.status = code
	r.humaContext.SetStatus(code)
}

func (r *recorder) SetHeader(name, value string) {
	r.header.Set(name, value)
	r.humaContext.SetHeader(name, value)
}

func (r *recorder) AppendHeader(name, value string) {
	r.header.Add(name, value)
	r.humaContext.AppendHeader(name, value)
}

func (r *recorder) BodyWriter() io.Writer { return recordingWriter{r} }

// recordingWriter writes to the client and to the copy, until the copy
// would be larger than maxCachedAnswer.
type recordingWriter struct{ r *recorder }

func (w recordingWriter) Write(p []byte) (int, error) {
	r := w.r
	if !r.incomplete && r.body.Len()+len(p) > maxCachedAnswer {
		r.incomplete, r.body = true, bytes.Buffer{}
	}
	if !r.incomplete {
		r.body.Write(p)
	}
	n, err := r.humaContext.BodyWriter().Write(p)
	if err != nil {
		r.incomplete = true
	}
	return n, err
}
