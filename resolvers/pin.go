package resolvers

import (
	"context"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
)

type stateKey struct{}

// pin holds the state one operation runs on.
type pin struct{ s atomic.Pointer[state] }

// pinned wraps the generated schema so that every operation runs on the
// projection that was current when it started, even if a reload swaps in a
// new one while it runs. A mutation moves its operation's pin to the state
// after its write, so the fields of its result show the change.
type pinned struct {
	graphql.ExecutableSchema
	r *Resolver
}

// Exec pins the current state on ctx and runs the operation.
func (p pinned) Exec(ctx context.Context) graphql.ResponseHandler {
	if s, err := p.r.current(); err == nil {
		pn := &pin{}
		pn.s.Store(s)
		ctx = context.WithValue(ctx, stateKey{}, pn)
	}
	return p.ExecutableSchema.Exec(ctx)
}

// stateOf returns the state pinned on ctx, or the current one.
func (r *Resolver) stateOf(ctx context.Context) (*state, error) {
	if pn, ok := ctx.Value(stateKey{}).(*pin); ok {
		return pn.s.Load(), nil
	}
	return r.current()
}

// repin moves the operation's pin to s (after a write).
func repin(ctx context.Context, s *state) {
	if pn, ok := ctx.Value(stateKey{}).(*pin); ok && s != nil {
		pn.s.Store(s)
	}
}
