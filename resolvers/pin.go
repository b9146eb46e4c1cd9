package resolvers

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/internal/buildinfo"
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

// Exec pins the current state on ctx and runs the operation; every
// response carries extensions.provenance (see provenanceOf).
func (p pinned) Exec(ctx context.Context) graphql.ResponseHandler {
	s, err := p.r.current()
	if err != nil {
		return p.ExecutableSchema.Exec(ctx)
	}
	pn := &pin{}
	pn.s.Store(s)
	ctx = context.WithValue(ctx, stateKey{}, pn)
	next := p.ExecutableSchema.Exec(ctx)
	return func(ctx context.Context) *graphql.Response {
		resp := next(ctx)
		if resp != nil && graphql.GetExtension(ctx, "provenance") == nil {
			// The executor sets the response's extensions from the
			// response context after this handler returns.
			graphql.RegisterExtension(ctx, "provenance", provenanceOf(ctx, pn.s.Load(), p.r.now()))
		}
		return resp
	}
}

// Provenance is what every GraphQL response carries in
// extensions.provenance, so that its answer can be cited and reproduced:
// the data version of the projection it ran on, the software, the
// operation (query, operation name, variables: the parameters and seeds)
// and the time.
type Provenance struct {
	Data          analytics.DataVersion `json:"data"`
	Software      buildinfo.Info        `json:"software"`
	Query         string                `json:"query,omitempty"`
	OperationName string                `json:"operationName,omitempty"`
	Variables     map[string]any        `json:"variables,omitempty"`
	Time          string                `json:"time"`
}

// provenanceOf describes the operation on ctx run on s at now.
func provenanceOf(ctx context.Context, s *state, now time.Time) Provenance {
	pr := Provenance{Data: s.p.Data(), Software: buildinfo.Read(), Time: now.UTC().Format(time.RFC3339)}
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		pr.Query, pr.OperationName, pr.Variables = oc.RawQuery, oc.OperationName, oc.Variables
	}
	return pr
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
