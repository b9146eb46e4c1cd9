package resolvers

import (
	"context"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/schema"
)

// affiliationLayer maps the API's two-mode layer to analytics' (networks
// by default).
func affiliationLayer(l *schema.AffiliationLayer) analytics.Layer {
	if l != nil && *l == schema.AffiliationLayerOrganisations {
		return analytics.LayerOrganisations
	}
	return analytics.LayerNetworks
}

// weighting maps the API's weighting to analytics' (count by default).
func weighting(w *schema.SharedWeighting) analytics.Weighting {
	if w != nil && *w == schema.SharedWeightingNewman {
		return analytics.WeightNewman
	}
	return analytics.WeightCount
}

// bipartite returns the two-mode graph of a layer of v and its scores,
// computed once per projection and layer.
func (r *Resolver) bipartite(ctx context.Context, v *analytics.Projection, layer analytics.Layer) (bipartiteScores, error) {
	return analytics.CachedExec(ctx, r.cache, v, "bipartite", string(layer), func(done <-chan struct{}) (bipartiteScores, error) {
		b, err := v.Bipartite(layer)
		if err != nil {
			return bipartiteScores{}, err
		}
		sc, err := analytics.Exec{Workers: r.workers, Done: done}.BipartiteCentrality(b)
		return bipartiteScores{b, sc}, err
	})
}

// bipartiteScores are a two-mode graph and its centralities.
type bipartiteScores struct {
	b  *analytics.Bipartite
	sc *analytics.BipartiteScores
}

// SizeBytes estimates the bytes held (for the cache's bound).
func (x bipartiteScores) SizeBytes() int64 {
	return int64(x.b.N())*(8*4+32) + int64(x.b.M())*8
}

// BipartiteCentrality ranks the places and groups of a two-mode layer (see
// the schema).
func (r *queryResolver) BipartiteCentrality(ctx context.Context, layer *schema.AffiliationLayer, scope *schema.Scope, by *schema.BipartiteMeasure,
	side *schema.BipartiteSide, top *int) ([]schema.BipartiteScore, error) {
	_, v, err := r.scoped(ctx, scope)
	if err != nil {
		return nil, err
	}
	n, err := bound("top", top, defaultPageSize, r.maxPage)
	if err != nil {
		return nil, err
	}
	x, err := r.bipartite(ctx, v, affiliationLayer(layer))
	if err != nil {
		return nil, err
	}
	b, sc := x.b, x.sc
	key := sc.DegreeCentrality
	if by != nil {
		switch *by {
		case schema.BipartiteMeasureCloseness:
			key = sc.Closeness
		case schema.BipartiteMeasureBetweenness:
			key = sc.Betweenness
		}
	}
	sd := schema.BipartiteSideAll
	if side != nil {
		sd = *side
	}
	out := []schema.BipartiteScore{}
	for k, u := range b.Rank(key, sd != schema.BipartiteSideGroups, sd != schema.BipartiteSidePlaces, n) {
		row := schema.BipartiteScore{Rank: k + 1, Degree: sc.Degree[u], DegreeCentrality: sc.DegreeCentrality[u], Closeness: sc.Closeness[u], Betweenness: sc.Betweenness[u]}
		if b.IsPlace(u) {
			row.City = v.Node(b.Place(u))
		} else {
			gid, name := b.Group(u), b.GroupName(u)
			row.GroupID, row.GroupName = &gid, &name
		}
		out = append(out, row)
	}
	return out, nil
}

// actorLayer returns the local actors' layer of v (analytics.ActorLayer),
// built once per projection like the other derived layers; its scores and
// partitions are cached under its own key.
func (r *Resolver) actorLayer(ctx context.Context, v *analytics.Projection) (*analytics.Projection, error) {
	return analytics.CachedExec(ctx, r.cache, v, "actors", "", func(<-chan struct{}) (*analytics.Projection, error) {
		return analytics.ActorLayer(v), nil
	})
}

// sharedGroups returns the projection of a layer of v onto places, built
// once per projection, layer and weighting.
func (r *Resolver) sharedGroups(ctx context.Context, v *analytics.Projection, layer analytics.Layer, w analytics.Weighting) (sharedProjection, error) {
	return analytics.CachedExec(ctx, r.cache, v, "shared", string(layer)+";"+string(w), func(<-chan struct{}) (sharedProjection, error) {
		b, q, err := v.Shared(layer, w)
		if err != nil {
			return sharedProjection{}, err
		}
		return sharedProjection{b.Places(), q}, nil
	})
}

// sharedProjection is a projection of a layer onto places and the number
// of places with a group.
type sharedProjection struct {
	places int
	q      *analytics.Projection
}

// SizeBytes estimates the bytes held (a link of the projection is about
// 250 bytes with its slots).
func (x sharedProjection) SizeBytes() int64 { return 250 * int64(x.q.LinkCount()) }

// SharedGroups lists the municipalities that share networks (see the
// schema).
func (r *queryResolver) SharedGroups(ctx context.Context, layer *schema.AffiliationLayer, scope *schema.Scope, w *schema.SharedWeighting, top *int) (schema.SharedGroups, error) {
	_, v, err := r.scoped(ctx, scope)
	if err != nil {
		return schema.SharedGroups{}, err
	}
	n, err := bound("top", top, defaultPageSize, r.maxPage)
	if err != nil {
		return schema.SharedGroups{}, err
	}
	l, wt := affiliationLayer(layer), weighting(w)
	x, err := r.sharedGroups(ctx, v, l, wt)
	if err != nil {
		return schema.SharedGroups{}, err
	}
	q := x.q
	out := schema.SharedGroups{Layer: schema.AffiliationLayerNetworks, Weighting: schema.SharedWeightingCount, Places: x.places, Pairs: q.M(), Top: []schema.SharedPair{}}
	if l == analytics.LayerOrganisations {
		out.Layer = schema.AffiliationLayerOrganisations
	}
	if wt == analytics.WeightNewman {
		out.Weighting = schema.SharedWeightingNewman
	}
	for k, li := range q.TopLinks(n) {
		e := q.Ends(li)
		out.Top = append(out.Top, schema.SharedPair{Rank: k + 1, A: *q.Node(e[0]), B: *q.Node(e[1]), Weight: q.LinkWeight(li), Shared: q.Link(li).Topics})
	}
	return out, nil
}

// combined returns the combination of v's layers for communities(layers:),
// built once per projection, layers and weighting; v itself without
// layers.
func (r *Resolver) combined(ctx context.Context, v *analytics.Projection, layers []schema.LayerWeight, w *schema.SharedWeighting) (*analytics.Projection, bool, error) {
	if len(layers) == 0 {
		return v, false, nil
	}
	lw := make([]analytics.LayerWeight, len(layers))
	names := make([]string, len(layers))
	for i, l := range layers {
		lw[i] = analytics.LayerWeight{Layer: analytics.Layer(strings.ToLower(string(l.Layer))), Weight: 1}
		if l.Weight != nil {
			lw[i].Weight = *l.Weight
		}
		names[i] = string(lw[i].Layer)
	}
	if len(lw) == 1 && lw[0].Layer == analytics.LayerPartnerships && lw[0].Weight == 1 {
		return v, false, nil
	}
	wt := weighting(w)
	q, err := analytics.CachedExec(ctx, r.cache, v, "combine", struct {
		Layers    []analytics.LayerWeight
		Weighting analytics.Weighting
	}{lw, wt}, func(<-chan struct{}) (*analytics.Projection, error) {
		q, err := v.Combine(lw, wt)
		if err != nil {
			return nil, graph.Errorf(graph.EINVALID, "layers %s: %v", strings.Join(names, ", "), err)
		}
		return q, nil
	})
	return q, true, err
}
