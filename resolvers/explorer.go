package resolvers

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/schema"
)

// The fields the web application asks for (schema/explorer.graphqls); the
// counting is in package analytics.

// CoverageBySize returns the coverage per municipality size class.
func (r *queryResolver) CoverageBySize(ctx context.Context, st, partnerCountry *string, asOf *graph.Date, kinds []graph.Kind) ([]schema.SizeClassCoverage, error) {
	in, err := r.coverageInput(ctx, asOf, kinds, st, partnerCountry)
	if err != nil {
		return nil, err
	}
	v, dir, opt := in.v, in.dir, in.opt
	rows, err := analytics.Cached(ctx, r.cache, v, "coverage/size", opt, func() ([]analytics.SizeRow, error) {
		return analytics.CoverageBySize(v, dir, opt), nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]schema.SizeClassCoverage, len(rows))
	for i, c := range rows {
		out[i] = schema.SizeClassCoverage{MinPopulation: c.Class.Min, Municipalities: c.Municipalities,
			LinkedMunicipalities: c.LinkedMunicipalities, Share: c.Share, Population: c.Population,
			Links: c.Links, LinksPer100k: c.LinksPer100k}
		if c.Class.Max > 0 {
			m := c.Class.Max
			out[i].MaxPopulation = &m
		}
	}
	return out, nil
}

// MunicipalityCoverage lists the municipalities of the directory with
// their links.
func (r *queryResolver) MunicipalityCoverage(ctx context.Context, st, kreis, partnerCountry *string, asOf *graph.Date, kinds []graph.Kind, linked *bool) ([]schema.MunicipalityCoverage, error) {
	in, err := r.coverageInput(ctx, asOf, kinds, st, partnerCountry)
	if err != nil {
		return nil, err
	}
	v, dir, opt := in.v, in.dir, in.opt
	rows, err := analytics.Cached(ctx, r.cache, v, "coverage/municipalities", opt, func() ([]analytics.MunicipalityRow, error) {
		return analytics.MunicipalityLinks(v, dir, opt), nil
	})
	if err != nil {
		return nil, err
	}
	out := []schema.MunicipalityCoverage{}
	for _, m := range rows {
		g := m.Gemeinde
		if (kreis != nil && *kreis != "" && g.KreisCode != *kreis) || (linked != nil && *linked != (m.Links > 0)) {
			continue
		}
		out = append(out, schema.MunicipalityCoverage{Ags: g.AGS, ID: "DE:" + g.AGS, Name: g.NamePlain,
			KreisCode: g.KreisCode, Kreis: g.Kreis, State: g.State, Population: g.Population, Lat: g.Lat, Lon: g.Lon,
			Links: m.Links, Partners: m.Partners, Countries: keyCountsOf(m.Countries)})
	}
	return out, nil
}

// CityRanks returns a place's rank under every centrality measure.
func (r *queryResolver) CityRanks(ctx context.Context, city string) ([]schema.MetricRank, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, err
	}
	i, err := s.resolve(city)
	if err != nil {
		return nil, err
	}
	out := make([]schema.MetricRank, 0, len(schema.AllCentralityMetric))
	for _, m := range schema.AllCentralityMetric {
		sc, err := r.scores(ctx, s.p, m)
		if err != nil {
			return nil, err
		}
		rank, of := analytics.RankOf(s.p, sc, i)
		out = append(out, schema.MetricRank{Metric: m, Rank: rank, Of: of, Score: sc[i]})
	}
	return out, nil
}

// NetworkView returns a subgraph to draw with community and score per
// place, once per projection and arguments.
func (r *queryResolver) NetworkView(ctx context.Context, countries []string, city *string, depth, community *int, kinds []graph.Kind,
	states []string, asOf *graph.Date, domestic *bool, seed *int, metric *schema.CentralityMetric) (schema.NetworkView, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.NetworkView{}, err
	}
	sd, m := derefOr(seed, defaultSeed), derefOr(metric, schema.CentralityMetricDegree)
	sel := Selection{Countries: slices.Clone(countries), Kinds: kinds, States: slices.Clone(states),
		Domestic: deref(domestic), City: deref(city), AsOf: deref(asOf), Depth: deref(depth)}
	if community != nil && (sel.City != "" || len(sel.Countries) > 0) {
		return schema.NetworkView{}, graph.Errorf(graph.EINVALID, "give a community, a city or countries, not several")
	}
	if err := sel.normalize(); err != nil {
		return schema.NetworkView{}, err
	}
	key := fmt.Sprintf("%s seed=%d metric=%s", sel.key(), sd, m)
	if community != nil {
		key = fmt.Sprintf("community=%d seed=%d metric=%s", *community, sd, m)
	}
	return analytics.Cached(ctx, r.cache, s.p, "networkView", key, func() (schema.NetworkView, error) {
		lr, err := r.louvain(ctx, s.p, sd)
		if err != nil {
			return schema.NetworkView{}, err
		}
		var g analytics.Subgraph
		if community != nil {
			g = communityMembers(s.p, lr.comm, *community)
		} else if g, err = s.selectSub(sel); err != nil {
			return schema.NetworkView{}, err
		}
		// Degree and score within the drawn subgraph: a projection of it
		// alone, or the whole graph's (cached) when every link is drawn.
		v := s.p
		var sc []float64
		if len(g.Links) == s.p.LinkCount() {
			sc, err = r.scores(ctx, s.p, m)
		} else {
			v = analytics.NewProjection(&graph.Snapshot{Version: s.p.Version(), Municipalities: s.cities(g.Nodes), Partnerships: s.linkList(g.Links)})
			sc, err = r.computeScores(v, m, nil)
		}
		if err != nil {
			return schema.NetworkView{}, err
		}
		return s.networkView(g, v, lr.comm, sc, m, sd), nil
	})
}

// networkView builds the answer of NetworkView for a selected subgraph g,
// v being g as a projection of its own.
func (s *state) networkView(g analytics.Subgraph, v *analytics.Projection, comm []int32, sc []float64, m schema.CentralityMetric, seed int) schema.NetworkView {
	out := schema.NetworkView{Nodes: make([]schema.ViewNode, len(g.Nodes)), Links: s.linkList(g.Links), Metric: m, Seed: seed}
	inView := map[int32][]int32{}
	for k, i := range g.Nodes {
		n := s.p.Node(i)
		c := int32(-1)
		if s.p.Degree(i) > 0 {
			c = comm[i]
			inView[c] = append(inView[c], i)
		}
		vi, _ := v.IndexOf(n.ID)
		out.Nodes[k] = schema.ViewNode{ID: n.ID, Name: n.Name, Country: n.Country, State: n.State,
			Degree: int(v.Degree(vi)), Community: int(c), Score: sc[vi]}
		if n.HasCoords {
			out.Nodes[k].Lat, out.Nodes[k].Lon = &n.Lat, &n.Lon
		}
	}
	size := map[int32]int{}
	for _, c := range comm {
		size[c]++
	}
	for c, ms := range inView {
		slices.SortFunc(ms, func(a, b int32) int { return cmp.Or(cmp.Compare(s.p.Degree(b), s.p.Degree(a)), cmp.Compare(a, b)) })
		vc := schema.ViewCommunity{ID: int(c), Size: size[c], InView: len(ms), Top: []string{}}
		for _, i := range ms[:min(3, len(ms))] {
			vc.Top = append(vc.Top, s.p.Node(i).Name)
		}
		out.Communities = append(out.Communities, vc)
	}
	slices.SortFunc(out.Communities, func(a, b schema.ViewCommunity) int {
		return cmp.Or(cmp.Compare(b.InView, a.InView), cmp.Compare(a.ID, b.ID))
	})
	if out.Communities == nil {
		out.Communities = []schema.ViewCommunity{}
	}
	return out
}
