package httpapi

import (
	"context"

	"github.com/munireg/munireg"
)

// anonymous is who every request acts as until access control exists.
var anonymous = munireg.Actor{ID: "anonymous", Name: "unauthenticated (no access control yet)"}

// withActor puts the request's actor, the one the audit log records, on its
// context. This is the ONE place that decides who a request acts as: there
// is no access control yet (it comes with the tokens issue, DESIGN § 6), so
// every request is the anonymous actor. The auth issue replaces this
// function with one that resolves the bearer token (401 without one).
func withActor(ctx context.Context) context.Context {
	return munireg.NewContextWithActor(ctx, anonymous)
}
