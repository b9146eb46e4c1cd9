package main

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"text/tabwriter"

	"github.com/citygraph/citygraph/analytics"
)

// parseAffiliationLayer reads --layer of the two-mode analyses: networks or
// organisations.
func parseAffiliationLayer(s string) (analytics.Layer, error) {
	l, err := analytics.ParseLayer(s)
	if err != nil || l == analytics.LayerPartnerships {
		return "", usageError("--layer %q: want networks (memberships in city networks) or organisations", s)
	}
	return l, nil
}

// parseWeighting reads --weighting; empty means count.
func parseWeighting(s string) (analytics.Weighting, error) {
	if s == "" {
		return analytics.WeightCount, nil
	}
	w, err := analytics.ParseWeighting(s)
	if err != nil {
		return "", usageError("--weighting: %v", err)
	}
	return w, nil
}

// bipartiteRow is one node of `analyze bipartite`: a place or a group.
type bipartiteRow struct {
	Rank int `json:"rank"`
	// Type is "place", "network" or "organisation".
	Type    string `json:"type"`
	ID      string `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country,omitempty"`
	// Degree counts a place's groups, a group's members.
	Degree           int     `json:"degree"`
	DegreeCentrality float64 `json:"degreeCentrality"`
	Closeness        float64 `json:"closeness"`
	Betweenness      float64 `json:"betweenness"`
}

// bipartiteResult is the JSON of `analyze bipartite`.
type bipartiteResult struct {
	Layer       string         `json:"layer"`
	By          string         `json:"by"`
	Side        string         `json:"side"`
	Convention  string         `json:"convention"`
	Places      int            `json:"places"`
	Groups      int            `json:"groups"`
	Memberships int            `json:"memberships"`
	Top         []bipartiteRow `json:"top"`
}

const bipartiteConvention = "two-mode graph of the places with an affiliation and the groups with a member; " +
	"degree centrality = degree / size of the other side, closeness and betweenness as NetworkX bipartite.closeness_centrality " +
	"(normalized) and bipartite.betweenness_centrality (Borgatti and Halgin)"

func (a *app) runBipartite(ctx context.Context, args []string) error {
	fs := a.newFlagSet("analyze bipartite", "analyze bipartite --layer networks|organisations [--by degree|closeness|betweenness] [--side places|groups|all] [--top N] [--json]",
		`Two-mode (bipartite) analytics of an affiliation layer: the places and the city networks they
belong to (--layer networks) or the international organisations they work with (--layer
organisations). Ranks places, groups or both by degree (number of groups or members), closeness or
betwenness, as NetworkX's bipartite module computes them. The scope applies: --as-of keeps the
memberships active then, --country and --state keep the places there.`)
	so := a.storeFlags(fs)
	scope := scopeFlags(fs)
	layerFlag := fs.String("layer", "networks", "`layer`: networks or organisations")
	by := fs.String("by", "degree", "rank `by` degree, closeness or betweenness")
	side := fs.String("side", "all", "list `side`: places, groups or all")
	top := fs.Int("top", 20, "how many nodes to list")
	asJSON := fs.Bool("json", false, "print JSON")
	cite := citeFlags(fs, "analyze bipartite", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	layer, err := parseAffiliationLayer(*layerFlag)
	if err != nil {
		return err
	}
	switch *by {
	case "degree", "closeness", "betweenness":
	default:
		return usageError("--by %q: want degree, closeness or betweenness", *by)
	}
	switch *side {
	case "places", "groups", "all":
	default:
		return usageError("--side %q: want places, groups or all", *side)
	}
	if *top < 1 {
		return usageError("--top must be at least 1")
	}
	p, closeStore, err := a.openView(ctx, so, scope)
	if err != nil {
		return err
	}
	defer closeStore()
	b, err := p.Bipartite(layer)
	if err != nil {
		return err
	}
	sc, err := analytics.Exec{Workers: runtime.GOMAXPROCS(0)}.BipartiteCentrality(b)
	if err != nil {
		return err
	}
	res := bipartiteResult{Layer: string(layer), By: *by, Side: *side, Convention: bipartiteConvention,
		Places: b.Places(), Groups: b.Groups(), Memberships: b.M(), Top: bipartiteTop(b, sc, *by, *side, *top)}
	if *asJSON {
		return a.writeCited(cite, p, res)
	}
	fmt.Fprintf(a.stdout, "%s layer: %d places, %d groups, %d memberships; by %s\n", res.Layer, res.Places, res.Groups, res.Memberships, res.By)
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "rank\ttype\tid\tname\tcountry\tdegree\tdegree centrality\tcloseness\tbetweenness")
	for _, r := range res.Top {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s\t%d\t%.4f\t%.4f\t%.6f\n", r.Rank, r.Type, r.ID, r.Name, r.Country, r.Degree, r.DegreeCentrality, r.Closeness, r.Betweenness)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	a.printCitation(cite, p)
	return nil
}

// bipartiteTop ranks the nodes of side by a measure, ties by type (places
// first) and id.
func bipartiteTop(b *analytics.Bipartite, sc *analytics.BipartiteScores, by, side string, n int) []bipartiteRow {
	key := map[string][]float64{"degree": sc.DegreeCentrality, "closeness": sc.Closeness, "betweenness": sc.Betweenness}[by]
	groupType := "network"
	if b.Layer() == analytics.LayerOrganisations {
		groupType = "organisation"
	}
	out := []bipartiteRow{}
	for r, v := range b.Rank(key, side != "groups", side != "places", n) {
		row := bipartiteRow{Rank: r + 1, ID: b.NodeID(v), Degree: sc.Degree[v], DegreeCentrality: sc.DegreeCentrality[v], Closeness: sc.Closeness[v], Betweenness: sc.Betweenness[v]}
		if b.IsPlace(v) {
			m := b.Projection().Node(b.Place(v))
			row.Type, row.Name, row.Country = "place", m.Name, m.Country
		} else {
			row.Type, row.Name = groupType, b.GroupName(v)
		}
		out = append(out, row)
	}
	return out
}

// sharedPair is one pair of `analyze shared`.
type sharedPair struct {
	Rank   int      `json:"rank"`
	A      string   `json:"a"`
	AName  string   `json:"aName"`
	B      string   `json:"b"`
	BName  string   `json:"bName"`
	Weight float64  `json:"weight"`
	Shared []string `json:"shared"`
}

// sharedResult is the JSON of `analyze shared`.
type sharedResult struct {
	Layer     string       `json:"layer"`
	Weighting string       `json:"weighting"`
	Rule      string       `json:"rule"`
	Places    int          `json:"places"`
	Pairs     int          `json:"pairs"`
	Top       []sharedPair `json:"top"`
}

// weightingRules say what a pair's weight is.
var weightingRules = map[analytics.Weighting]string{
	analytics.WeightCount:  "number of groups both places belong to (NetworkX bipartite.weighted_projected_graph)",
	analytics.WeightNewman: "sum over the shared groups of 1/(members-1), Newman's collaboration weighting (NetworkX bipartite.collaboration_weighted_projected_graph)",
}

func (a *app) runShared(ctx context.Context, args []string) error {
	fs := a.newFlagSet("analyze shared", "analyze shared [--layer networks|organisations] [--weighting count|newman] [--top N] [--json]",
		`The projection "municipalities that share networks" (or organisations): two places are linked when
they belong to a common group, weighted by the number of shared groups (--weighting count) or by
Newman's collaboration weighting (newman: each shared group of k members adds 1/(k-1)). Lists the
pairs of highest weight. The same projection feeds analyze centrality --layer shared-networks and
analyze communities --layers partnerships,networks.`)
	so := a.storeFlags(fs)
	scope := scopeFlags(fs)
	layerFlag := fs.String("layer", "networks", "`layer`: networks or organisations")
	weighting := fs.String("weighting", "count", "pair `weighting`: count or newman")
	top := fs.Int("top", 20, "how many pairs to list")
	asJSON := fs.Bool("json", false, "print JSON")
	cite := citeFlags(fs, "analyze shared", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	layer, err := parseAffiliationLayer(*layerFlag)
	if err != nil {
		return err
	}
	w, err := parseWeighting(*weighting)
	if err != nil {
		return err
	}
	if *top < 1 {
		return usageError("--top must be at least 1")
	}
	p, closeStore, err := a.openView(ctx, so, scope)
	if err != nil {
		return err
	}
	defer closeStore()
	b, q, err := p.Shared(layer, w)
	if err != nil {
		return err
	}
	res := sharedResult{Layer: string(layer), Weighting: string(w), Rule: weightingRules[w], Places: b.Places(), Pairs: q.M(), Top: topPairs(q, *top)}
	if *asJSON {
		return a.writeCited(cite, p, res)
	}
	fmt.Fprintf(a.stdout, "places sharing %s: %d places, %d pairs; weight: %s\n", res.Layer, res.Places, res.Pairs, res.Rule)
	tw := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "rank\tplace\tplace\tweight\tshared")
	for _, r := range res.Top {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.4g\t%s\n", r.Rank, r.AName, r.BName, r.Weight, strings.Join(r.Shared, ", "))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	a.printCitation(cite, p)
	return nil
}

// topPairs lists the n links of q of highest weight, ties by the ends' ids.
func topPairs(q *analytics.Projection, n int) []sharedPair {
	out := []sharedPair{}
	for r, li := range q.TopLinks(n) {
		l, e := q.Link(li), q.Ends(li)
		out = append(out, sharedPair{Rank: r + 1, A: l.A, AName: q.Node(e[0]).Name, B: l.B, BName: q.Node(e[1]).Name, Weight: q.LinkWeight(li), Shared: l.Topics})
	}
	return out
}

// layerProjection turns --layer of analyze centrality into the projection
// to rank: p itself (partnerships) or the places sharing networks or
// organisations (SharedGroups; the centralities see who shares a group,
// not the weights).
func layerProjection(p *analytics.Projection, layer string) (*analytics.Projection, error) {
	switch layer {
	case "", "partnerships":
		return p, nil
	case analytics.LayerActors:
		return analytics.ActorLayer(p), nil
	case "shared-networks", "shared-organisations":
		l := analytics.LayerNetworks
		if layer == "shared-organisations" {
			l = analytics.LayerOrganisations
		}
		_, q, err := p.Shared(l, analytics.WeightCount)
		return q, err
	}
	return nil, usageError("--layer %q: want partnerships, shared-networks, shared-organisations or actors (analyze bipartite ranks places and groups of the two-mode layers)", layer)
}

// combinedProjection turns --layers of analyze communities into the
// projection Louvain runs on: p itself for "" or "partnerships", else the
// weighted combination (Projection.Combine).
func combinedProjection(p *analytics.Projection, layers, weighting string) (*analytics.Projection, []analytics.LayerWeight, error) {
	if strings.TrimSpace(layers) == "" || strings.TrimSpace(layers) == "partnerships" {
		return p, nil, nil
	}
	if strings.TrimSpace(layers) == analytics.LayerActors {
		// The actors and their cooperations: a layer of its own, whose
		// nodes are not places, so it combines with no other.
		return analytics.ActorLayer(p), nil, nil
	}
	lw, err := analytics.ParseLayerWeights(layers)
	if err != nil {
		return nil, nil, usageError("--layers: %v", err)
	}
	w, err := parseWeighting(weighting)
	if err != nil {
		return nil, nil, err
	}
	c, err := p.Combine(lw, w)
	if err != nil {
		return nil, nil, usageError("--layers: %v", err)
	}
	return c, lw, nil
}
