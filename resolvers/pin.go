package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
)

type stateKey struct{}

// pinned wraps the generated schema so that every operation runs on the
// projection that was current when it started, even if a reload swaps in a
// new one while it runs.
type pinned struct {
	graphql.ExecutableSchema
	r *Resolver
}

// Exec pins the current state on ctx and runs the operation.
func (p pinned) Exec(ctx context.Context) graphql.ResponseHandler {
	if p.r.live != nil {
		if s := p.r.live.state(); s != nil {
			ctx = context.WithValue(ctx, stateKey{}, s)
		}
	}
	return p.ExecutableSchema.Exec(ctx)
}

// stateOf returns the state pinned on ctx, or the current one.
func (r *Resolver) stateOf(ctx context.Context) (*state, error) {
	if s, ok := ctx.Value(stateKey{}).(*state); ok {
		return s, nil
	}
	return r.current()
}
