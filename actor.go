package munireg

import (
	"context"
	"fmt"
	"slices"
)

// Actor is who makes a change to the register: the API token behind a
// request, or an operator at the command line. The audit log records its
// ID and name; its role and organizations decide what it may change.
type Actor struct {
	// ID identifies the actor: a token's ID, or "cli" for the command line.
	ID string
	// Name is the actor's name as people know it, such as the token's name.
	Name string
	// Role is what the actor may do; the zero role may change nothing.
	Role Role
	// Organizations are the IDs of the organizations an editor acts for.
	Organizations []string
}

// CLIActor is the actor of changes made with the munireg command: whoever
// can run it on the register's database is its administrator.
var CLIActor = Actor{ID: "cli", Name: "munireg command line", Role: RoleAdmin}

// MayChange returns nil when the actor may change a record that belongs to
// every one of orgs (organization IDs): an admin may change anything, an
// editor what belongs to its own organizations, nobody else anything. A
// record is said to belong to the organizations that own it (a position's
// owner), host it (an agreement's host) or are it (an organization), and a
// change that moves a record from one organization to another needs both.
// A record of none (orgs empty, or "") is an admin's alone. Refusals wrap
// ErrForbidden.
func (a Actor) MayChange(orgs ...string) error {
	switch a.Role {
	case RoleAdmin:
		return nil
	case RoleEditor:
		if len(orgs) == 0 {
			return fmt.Errorf("%w: only an admin may change this", ErrForbidden)
		}
		for _, o := range orgs {
			if o == "" {
				return fmt.Errorf("%w: the record belongs to no organization; only an admin may change it", ErrForbidden)
			}
			if !slices.Contains(a.Organizations, o) {
				return fmt.Errorf("%w: organization %s is outside this token's organizations", ErrForbidden, o)
			}
		}
		return nil
	}
	return fmt.Errorf("%w: a %s may not change the register", ErrForbidden, a.roleName())
}

// MayAdminister returns nil when the actor is an admin: tokens, forums,
// successions and new organizations are the admin's. Refusals wrap
// ErrForbidden.
func (a Actor) MayAdminister() error {
	if a.Role == RoleAdmin {
		return nil
	}
	return fmt.Errorf("%w: only an admin may do this, not a %s", ErrForbidden, a.roleName())
}

func (a Actor) roleName() string {
	if a.Role == "" {
		return "token without a role"
	}
	return string(a.Role)
}

type actorKey struct{}

// NewContextWithActor returns a copy of ctx that carries a.
func NewContextWithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFromContext returns the actor ctx carries, and false when it carries
// none.
func ActorFromContext(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok && a.ID != ""
}
