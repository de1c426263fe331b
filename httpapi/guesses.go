package httpapi

import (
	"container/list"
	"crypto/sha256"
	"log/slog"
	"net/netip"
	"sync"
	"time"
)

// Token guessing is limited per client address. A token is 256 random bits,
// so guessing one is hopeless; what the limit bounds is the work a client
// sending garbage tokens costs — each is a database look-up — and how fast
// one address may try tokens at all.
//
// Only failed authentications count: a bearer token that is unknown or
// revoked. An address may fail Deps.AuthFailures times at once and then
// once every AuthWindow/AuthFailures (a token bucket refilled at
// AuthFailures per AuthWindow). Past that, a request from the address whose
// token has not authenticated at this server before is answered 429 with
// Retry-After, before and without a look-up. A token that has authenticated
// here is let through to the look-up as usual, so the clients of an address
// under attack (a NAT, a proxy) keep working; a valid token this server has
// not yet seen waits like a guess, since telling the two apart would take
// the look-up the limit saves. Requests without a token are 401s, limited or
// not: they are no guess. What letting tokens in use through costs: a
// limited address still learns at once whether a guess is a token that has
// authenticated here (the look-up, not a 429) — as fast as before there was
// a limit, and as hopeless with 256 random bits; the limit bounds the
// look-ups, not that.
//
// The client address is the request's RemoteAddr: the limit does not trust
// X-Forwarded-For, which any client can send. Behind a reverse proxy every
// request comes from the proxy's address, so the proxy's clients share one
// limit. IPv4 addresses count one by one, IPv6 addresses by their /64, which
// one client commonly holds whole.
//
// Memory is bounded: at most Deps.AuthAddresses addresses are tracked, the
// one that failed least recently forgotten first, and at most
// maxKnownTokens tokens are remembered as having authenticated (as SHA-256
// hashes, never the secrets), forgotten all at once when there are more.

// Defaults of the limit on failed authentications (see Deps).
const (
	DefaultAuthFailures  = 20
	DefaultAuthWindow    = time.Minute
	DefaultAuthAddresses = 10_000
)

// maxKnownTokens bounds the tokens remembered as having authenticated here.
const maxKnownTokens = 10_000

// guessLimiter limits failed authentications per client address: a GCRA
// token bucket per address, where each failure moves the address's
// theoretical arrival time (tat) on by interval and the address is limited
// while its tat is more than tolerance ahead of now. A nil *guessLimiter
// limits nothing.
type guessLimiter struct {
	interval  time.Duration // the time one failure takes to be forgiven: window / failures
	tolerance time.Duration // window - interval: failures-1 failures ahead of now are tolerated
	addresses int
	now       func() time.Time
	log       *slog.Logger

	mu     sync.RWMutex
	byAddr map[string]*list.Element // of *addressFailures
	order  *list.List               // most recently failed first
	known  map[[sha256.Size]byte]struct{}
}

// addressFailures is the bucket of one client address.
type addressFailures struct {
	addr string
	tat  time.Time
}

// newGuessLimiter returns the limiter deps ask for, or nil when
// deps.AuthFailures is negative.
func newGuessLimiter(deps Deps) *guessLimiter {
	failures, window, addresses := deps.AuthFailures, deps.AuthWindow, deps.AuthAddresses
	if failures < 0 {
		return nil
	}
	if failures == 0 {
		failures = DefaultAuthFailures
	}
	if window <= 0 {
		window = DefaultAuthWindow
	}
	if addresses <= 0 {
		addresses = DefaultAuthAddresses
	}
	now := deps.clock
	if now == nil {
		now = time.Now
	}
	interval := window / time.Duration(failures)
	return &guessLimiter{interval: interval, tolerance: window - interval, addresses: addresses, now: now,
		log: deps.logger(), byAddr: map[string]*list.Element{}, order: list.New(), known: map[[sha256.Size]byte]struct{}{}}
}

// clientAddress is the key of a request's client: its address without the
// port, an IPv6 address's /64; RemoteAddr as it is when it is no IP
// address.
func clientAddress(remoteAddr string) string {
	ap, err := netip.ParseAddrPort(remoteAddr)
	if err != nil {
		return remoteAddr
	}
	a := ap.Addr().Unmap()
	if a.Is6() {
		return netip.PrefixFrom(a, 64).Masked().String()
	}
	return a.String()
}

// wait returns how long the address must wait before its secret is looked
// up: zero unless the address is over its limit and the secret has not
// authenticated here.
func (l *guessLimiter) wait(addr, secret string) time.Duration {
	if l == nil {
		return 0
	}
	l.mu.RLock()
	defer l.mu.RUnlock()
	e, ok := l.byAddr[addr]
	if !ok {
		return 0
	}
	ahead := e.Value.(*addressFailures).tat.Sub(l.now())
	if ahead <= l.tolerance {
		return 0
	}
	if _, known := l.known[sha256.Sum256([]byte(secret))]; known {
		return 0
	}
	return ahead - l.tolerance
}

// failed records a failed authentication from addr with secret.
func (l *guessLimiter) failed(addr, secret string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.known, sha256.Sum256([]byte(secret))) // revoked
	now := l.now()
	e, ok := l.byAddr[addr]
	if ok {
		l.order.MoveToFront(e)
	} else {
		if len(l.byAddr) >= l.addresses {
			oldest := l.order.Back()
			delete(l.byAddr, l.order.Remove(oldest).(*addressFailures).addr)
		}
		e = l.order.PushFront(&addressFailures{addr: addr, tat: now})
		l.byAddr[addr] = e
	}
	f := e.Value.(*addressFailures)
	wasLimited := f.tat.Sub(now) > l.tolerance
	f.tat = later(f.tat, now).Add(l.interval)
	if !wasLimited && f.tat.Sub(now) > l.tolerance {
		l.log.Warn("too many failed authentications: tokens this server has not seen are refused from this address for now",
			"address", addr, "retry_after", f.tat.Sub(now)-l.tolerance)
	}
}

// succeeded records that secret authenticated: it is let through to the
// look-up from any address.
func (l *guessLimiter) succeeded(secret string) {
	if l == nil {
		return
	}
	hash := sha256.Sum256([]byte(secret))
	l.mu.RLock()
	_, ok := l.known[hash]
	l.mu.RUnlock()
	if ok {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.known) >= maxKnownTokens {
		clear(l.known)
	}
	l.known[hash] = struct{}{}
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
