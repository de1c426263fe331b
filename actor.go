package munireg

import "context"

// Actor is who makes a change to the register: the API token behind a
// request, or an operator at the command line. The audit log records it.
type Actor struct {
	// ID identifies the actor: a token's ID, or "cli" for the command line.
	ID string
	// Name is the actor's name as people know it, such as the token's name.
	Name string
}

// CLIActor is the actor of changes made with the munireg command.
var CLIActor = Actor{ID: "cli", Name: "munireg command line"}

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
