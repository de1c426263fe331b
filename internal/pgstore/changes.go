package pgstore

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// What a server has read from the register it may serve again only while the
// register has not changed since. The store tells by generations: counters
// that move on every change that may make a read stale, read before the read
// and compared when it would be served again (Store.Generation).
//
// Two things move them:
//
//   - the store's own writes, as soon as they have committed (Store.write and
//     Store.bulk), so that this process never serves a read from before its
//     own write once the write has been answered;
//   - notifications from PostgreSQL: a statement trigger on every table of the
//     register (migration 20261203000001_changes) announces each committed
//     change on the channel munireg_change, whoever made it — another munireg
//     process on the same database, or an operator with psql — and a
//     connection of the store's own LISTENs for them.
//
// Another process's change reaches this one as fast as PostgreSQL delivers the
// notification (well under a millisecond on one machine), so for that long
// after its commit a read from before it may still be served here. While the
// listening connection is down, or before the schema has the triggers,
// Generation says so and nothing is served again: the caches are bypassed,
// never trusted blind. Each reconnect moves the generations, since
// notifications sent in the gap are lost.

// changeChannel is the channel the triggers announce changes on.
const changeChannel = "munireg_change"

// What a notification's payload says changed.
const (
	changedRegister = "register"
	changedTokens   = "tokens"
)

// Timing of the listening connection: how long it waits for a notification
// before it checks that the server still answers, how long that check may
// take, and the longest pause between attempts to reconnect.
const (
	listenIdle       = 10 * time.Second
	listenPingWait   = 5 * time.Second
	listenMaxBackoff = 5 * time.Second
)

// changes holds the generations and runs the listening connection, which
// starts when a generation is first asked for: a command that only writes
// never opens it.
type changes struct {
	register, tokens atomic.Uint64
	// listening is true while the connection listens on a schema that
	// announces its changes.
	listening atomic.Bool

	cfg    *pgx.ConnConfig
	start  sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{}
}

func newChanges(cfg *pgx.ConnConfig) *changes {
	ctx, cancel := context.WithCancel(context.Background())
	return &changes{cfg: cfg, ctx: ctx, cancel: cancel, done: make(chan struct{})}
}

// started starts the listening connection the first time it is called.
func (c *changes) started() *changes {
	c.start.Do(func() {
		if c.ctx.Err() != nil { // stopped before it started
			close(c.done)
			return
		}
		go c.run(c.ctx, c.cfg)
	})
	return c
}

// stop ends the listening connection, if it started, and waits for it.
func (c *changes) stop() {
	c.cancel()
	c.start.Do(func() { close(c.done) })
	<-c.done
}

// changed moves the generations a payload names; anything else moves both.
func (c *changes) changed(payload string) {
	switch payload {
	case changedRegister:
		c.register.Add(1)
	case changedTokens:
		c.tokens.Add(1)
	default:
		c.register.Add(1)
		c.tokens.Add(1)
	}
}

// run keeps a connection listening until ctx ends, reconnecting with a
// growing pause when it fails.
func (c *changes) run(ctx context.Context, cfg *pgx.ConnConfig) {
	defer close(c.done)
	backoff := 50 * time.Millisecond
	for ctx.Err() == nil {
		if c.listen(ctx, cfg) {
			backoff = 50 * time.Millisecond
		}
		select {
		case <-ctx.Done():
		case <-time.After(backoff):
		}
		backoff = min(2*backoff, listenMaxBackoff)
	}
}

// listen connects, listens and passes notifications on until the connection
// fails or ctx ends; it reports whether it got as far as listening.
func (c *changes) listen(ctx context.Context, cfg *pgx.ConnConfig) bool {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false
	}
	defer func() {
		closeCtx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = conn.Close(closeCtx)
	}()
	// Notifications sent while nobody listened are lost: whatever was read
	// before cannot be trusted from here on.
	defer c.changed("")
	var announced bool
	err = conn.QueryRow(ctx, "SELECT to_regproc('munireg_announce_change') IS NOT NULL").Scan(&announced)
	if err != nil || !announced {
		// Not migrated yet (or no longer reachable): try again later.
		return false
	}
	if _, err := conn.Exec(ctx, "LISTEN "+changeChannel); err != nil {
		return false
	}
	c.changed("")
	c.listening.Store(true)
	defer c.listening.Store(false)
	for {
		waitCtx, cancel := context.WithTimeout(ctx, listenIdle)
		n, err := conn.WaitForNotification(waitCtx)
		cancel()
		switch {
		case err == nil:
			c.changed(n.Payload)
		case ctx.Err() != nil:
			return true
		case waitCtx.Err() != nil:
			// Quiet for a while: make sure the server is still there, so
			// that a connection lost without a word is noticed.
			pingCtx, cancel := context.WithTimeout(ctx, listenPingWait)
			err = conn.Ping(pingCtx)
			cancel()
			if err != nil {
				return true
			}
		default:
			return true
		}
	}
}

// Generation returns the generation of the register's contents: a number
// that moves whenever the register may have changed. A caller that read it
// before reading the register may serve what it read again for as long as
// Generation returns the same number with ok true. ok is false while the
// store cannot learn of other processes' changes (its listening connection
// is down, or the schema predates change announcements): then nothing may
// be served again. See changes.go for the guarantees.
func (s *Store) Generation() (gen uint64, ok bool) {
	// The generation is read before the flag: a pair read across a
	// reconnect, which moves the generation before it sets the flag, has
	// the generation from before it, already retired.
	c := s.changes.started()
	gen = c.register.Load()
	return gen, c.listening.Load()
}

// tokenGeneration is Generation for API tokens and their scopes.
func (s *Store) tokenGeneration() (gen uint64, ok bool) {
	c := s.changes.started()
	gen = c.tokens.Load()
	return gen, c.listening.Load()
}
