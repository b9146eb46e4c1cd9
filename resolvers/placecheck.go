package resolvers

import (
	"context"

	"github.com/citygraph/citygraph/identity"
)

// PlaceCheck lists the suspected duplicates and wrong coordinates among
// the places (identity.Check, as citygraph places check).
func (r *queryResolver) PlaceCheck(ctx context.Context) ([]identity.Suspect, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	ref, _, err := r.reference()
	if err != nil {
		return nil, err
	}
	out := identity.Check(s.p.Snapshot().Municipalities, ref)
	if out == nil {
		out = []identity.Suspect{}
	}
	return out, nil
}
