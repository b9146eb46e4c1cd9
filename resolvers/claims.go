package resolvers

import (
	"context"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/schema"
)

// Claim returns the resolver of Claim fields.
func (r *Resolver) Claim() schema.ClaimResolver { return &claimResolver{r} }

// Conflict returns the resolver of Conflict fields.
func (r *Resolver) Conflict() schema.ConflictResolver { return &conflictResolver{r} }

type claimResolver struct{ *Resolver }

type conflictResolver struct{ *Resolver }

// Status returns the claimed status, or null when the claim states none.
func (r *claimResolver) Status(ctx context.Context, obj *graph.Claim) (*graph.Status, error) {
	if obj.Status == "" {
		return nil, nil
	}
	return &obj.Status, nil
}

// Claims returns what each source said about the link.
func (r *partnershipResolver) Claims(ctx context.Context, obj *graph.Partnership) ([]graph.Claim, error) {
	return obj.Statements(), nil
}

// A returns the end with the smaller id.
func (r *conflictResolver) A(ctx context.Context, obj *analytics.LinkConflict) (graph.Municipality, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return graph.Municipality{}, err
	}
	return s.byID(obj.A)
}

// B returns the end with the larger id.
func (r *conflictResolver) B(ctx context.Context, obj *analytics.LinkConflict) (graph.Municipality, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return graph.Municipality{}, err
	}
	return s.byID(obj.B)
}

// Conflicts lists the links whose sources disagree (analytics.Conflicts).
func (r *queryResolver) Conflicts(ctx context.Context, settled *bool, field *string, first *int) ([]analytics.LinkConflict, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	q := analytics.ConflictQuery{Settled: deref(settled)}
	if field != nil {
		if q.Field = *field; !isConflictField(q.Field) {
			return nil, graph.Errorf(graph.EINVALID, "field %q: want one of %s", q.Field, strings.Join(graph.ConflictFields, ", "))
		}
	}
	n, err := bound("first", first, r.maxPage, r.maxPage)
	if err != nil {
		return nil, err
	}
	cs := analytics.Conflicts(s.p.Snapshot(), q)
	return cs[:min(len(cs), n)], nil
}

func isConflictField(f string) bool { return slices.Contains(graph.ConflictFields, f) }

// SettleConflict decides a conflict of a link: value wins for field over
// every statement before (graph.Partnership.Settle).
func (r *mutationResolver) SettleConflict(ctx context.Context, link, field, value string, reason *string) (graph.Partnership, error) {
	if err := r.authorize(ctx); err != nil {
		return graph.Partnership{}, err
	}
	s, err := r.current()
	if err != nil {
		return graph.Partnership{}, err
	}
	old, ok := s.link(link)
	if !ok {
		return graph.Partnership{}, graph.Errorf(graph.ENOTFOUND, "no link %q (a link's id is a|b|KIND, as Partnership.id and Conflict.link)", link)
	}
	src := graph.Source{File: apiSource, SourceID: "settleConflict"}
	if reason != nil && strings.TrimSpace(*reason) != "" {
		src.SourceID += ": " + strings.TrimSpace(*reason)
	}
	c, err := old.Settle(field, value, src)
	if err != nil {
		return graph.Partnership{}, err
	}
	batch := &graph.Batch{Partnerships: []graph.Partnership{{A: old.A, B: old.B, Kind: old.Kind, Sources: []graph.Source{src}, Claims: []graph.Claim{c}}}}
	if err := batch.Validate(); err != nil {
		return graph.Partnership{}, err
	}
	_, s, err = r.write(ctx, "settle conflict", batch)
	if err != nil {
		return graph.Partnership{}, err
	}
	return written(s, old.Key(), batch, "settle conflict")
}
