package analytics

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph"
)

// This file holds the multilayer analytics: the affiliation layers
// (memberships in city networks, links to international organisations) as
// two-mode (bipartite) graphs with their own degree and centralities, as
// NetworkX's bipartite module computes them.

// Layer names a layer of the multilayer graph.
type Layer string

// The layers. Partnerships link places; the other layers link places to
// groups: city networks (memberships) and international organisations.
const (
	LayerPartnerships  Layer = "partnerships"
	LayerNetworks      Layer = "networks"
	LayerOrganisations Layer = "organisations"
)

// AffiliationLayers are the two-mode layers, in a stable order.
var AffiliationLayers = []Layer{LayerNetworks, LayerOrganisations}

// ParseLayer reads a layer name ("networks", "memberships" for networks,
// "organisations" or "organizations", in any case).
func ParseLayer(s string) (Layer, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "partnerships", "partnership":
		return LayerPartnerships, nil
	case "networks", "network", "memberships", "membership":
		return LayerNetworks, nil
	case "organisations", "organisation", "organizations", "organization", "orgs":
		return LayerOrganisations, nil
	}
	return "", fmt.Errorf("unknown layer %q: want partnerships, networks or organisations", s)
}

// Bipartite is the two-mode graph of an affiliation layer: places on one
// side, the groups they belong to (city networks or organisations) on the
// other, one edge per place and group however often the store records it.
// Its nodes are those NetworkX would build from the affiliation list: the
// places with at least one affiliation and the groups with at least one
// member; node v < Places() is a place, the others groups.
//
// The projection's scope applies: with an as-of date only memberships
// active then (since not after it, until after it) count, links to
// organisations since not after it; with countries or Länder only places
// there.
type Bipartite struct {
	layer  Layer
	p      *Projection
	places []int32  // node v < len(places): the place's projection index, ascending
	groups []string // node len(places)+j: the group's id, ascending
	g      *csr
}

// Bipartite returns the two-mode graph of an affiliation layer of p.
// O(affiliations · log).
func (p *Projection) Bipartite(layer Layer) (*Bipartite, error) {
	type edge struct {
		place int32
		group string
	}
	var edges []edge
	f := &p.filter
	keepPlace := func(i int32) bool {
		m := &p.nodes[i]
		return (len(f.Countries) == 0 || slices.Contains(f.Countries, m.Country)) &&
			(len(f.States) == 0 || slices.Contains(f.States, m.State))
	}
	s := p.snapshot
	switch layer {
	case LayerNetworks:
		for k := range s.Memberships {
			ms := &s.Memberships[k]
			i, ok := p.index.get(ms.Municipality)
			if !ok || !keepPlace(i) {
				continue
			}
			if !f.AsOf.IsZero() && ((!ms.Since.IsZero() && f.AsOf.Before(ms.Since)) || (!ms.Until.IsZero() && !f.AsOf.Before(ms.Until))) {
				continue
			}
			edges = append(edges, edge{i, ms.Network})
		}
	case LayerOrganisations:
		for k := range s.OrgLinks {
			l := &s.OrgLinks[k]
			i, ok := p.index.get(l.Municipality)
			if !ok || !keepPlace(i) {
				continue
			}
			if !f.AsOf.IsZero() && !l.Since.IsZero() && f.AsOf.Before(l.Since) {
				continue
			}
			edges = append(edges, edge{i, l.Organisation})
		}
	default:
		return nil, fmt.Errorf("layer %q is not an affiliation layer: want networks or organisations", layer)
	}
	b := &Bipartite{layer: layer, p: p}
	seen := make(map[int32]bool)
	gset := make(map[string]bool)
	for _, e := range edges {
		if !seen[e.place] {
			seen[e.place] = true
			b.places = append(b.places, e.place)
		}
		gset[e.group] = true
	}
	slices.Sort(b.places)
	for id := range gset {
		b.groups = append(b.groups, id)
	}
	slices.Sort(b.groups)
	np := len(b.places)
	pos := make(map[int32]int32, np)
	for v, i := range b.places {
		pos[i] = int32(v)
	}
	gpos := make(map[string]int32, len(b.groups))
	for j, id := range b.groups {
		gpos[id] = int32(np + j)
	}
	pairs := make([]uint64, 0, len(edges))
	for _, e := range edges {
		pairs = append(pairs, uint64(pos[e.place])<<32|uint64(gpos[e.group]))
	}
	slices.Sort(pairs)
	pairs = slices.Compact(pairs)
	n := np + len(b.groups)
	g := &csr{off: make([]int32, n+1), adj: make([]int32, 2*len(pairs))}
	for _, k := range pairs {
		g.off[k>>32+1]++
		g.off[k&0xffffffff+1]++
	}
	for v := 0; v < n; v++ {
		g.off[v+1] += g.off[v]
	}
	at := slices.Clone(g.off[:n])
	// Pairs are sorted by place, then group: every row comes out sorted
	// (a group's row gets its places in ascending order too).
	for _, k := range pairs {
		u, w := int32(k>>32), int32(k&0xffffffff)
		g.adj[at[u]] = w
		at[u]++
		g.adj[at[w]] = u
		at[w]++
	}
	b.g = g
	return b, nil
}

// Layer returns the layer b shows.
func (b *Bipartite) Layer() Layer { return b.layer }

// Projection returns the projection b was made from.
func (b *Bipartite) Projection() *Projection { return b.p }

// Places returns the number of place nodes (nodes 0 .. Places()-1).
func (b *Bipartite) Places() int { return len(b.places) }

// Groups returns the number of group nodes (nodes Places() .. N()-1).
func (b *Bipartite) Groups() int { return len(b.groups) }

// N returns the number of nodes, places and groups.
func (b *Bipartite) N() int { return len(b.places) + len(b.groups) }

// M returns the number of edges (distinct place-group pairs).
func (b *Bipartite) M() int { return len(b.g.adj) / 2 }

// IsPlace reports whether node v is a place.
func (b *Bipartite) IsPlace(v int) bool { return v < len(b.places) }

// Place returns the projection index of place node v (v < Places()).
func (b *Bipartite) Place(v int) int32 { return b.places[v] }

// Group returns the id of group node v (v >= Places()).
func (b *Bipartite) Group(v int) string { return b.groups[v-len(b.places)] }

// GroupName returns the name of group node v, its id when the snapshot
// has no record of it.
func (b *Bipartite) GroupName(v int) string {
	id := b.Group(v)
	if b.layer == LayerNetworks {
		if n, ok := b.p.Network(id); ok && n.Name != "" {
			return n.Name
		}
	} else if o, ok := b.p.Organisation(id); ok && o.Name != "" {
		return o.Name
	}
	return id
}

// NodeOf returns the node of a place (by projection index) or -1.
func (b *Bipartite) NodeOf(place int32) int {
	v, ok := slices.BinarySearch(b.places, place)
	if !ok {
		return -1
	}
	return v
}

// GroupNode returns the node of a group (by id) or -1.
func (b *Bipartite) GroupNode(id string) int {
	j, ok := slices.BinarySearch(b.groups, id)
	if !ok {
		return -1
	}
	return len(b.places) + j
}

// Degree returns the number of groups of a place node, or of members of a
// group node.
func (b *Bipartite) Degree(v int) int { return int(b.g.off[v+1] - b.g.off[v]) }

// Neighbors returns the groups of a place node or the members of a group
// node, ascending; the slice must not be changed.
func (b *Bipartite) Neighbors(v int) []int32 { return b.g.adj[b.g.off[v]:b.g.off[v+1]] }

// BipartiteScores are the two-mode centralities of every node of a
// Bipartite, indexed by node (places first, then groups).
type BipartiteScores struct {
	// Degree is the number of groups of a place, of members of a group.
	Degree []int
	// DegreeCentrality is the degree over the size of the other side
	// (NetworkX bipartite.degree_centrality).
	DegreeCentrality []float64
	// Closeness is NetworkX's bipartite.closeness_centrality(normalized=
	// True): for a place, (m + 2(n-1)) / Σ d(v, x) times (r-1)/(N-1), with
	// n places, m groups, N = n+m nodes and r the nodes v reaches (itself
	// included); for a group n and m swap. 0 for a node that reaches no
	// other.
	Closeness []float64
	// Betweenness is NetworkX's bipartite.betweenness_centrality: the
	// exact Brandes betweenness over unordered pairs divided by the largest
	// possible in a two-mode graph with these side sizes (Borgatti and
	// Halgin).
	Betweenness []float64
}

// BipartiteCentrality computes the two-mode centralities of b on e.Workers
// goroutines with the package's kernels (the distance sweep and the
// block-wise Brandes of the one-mode centralities), stopping with
// ErrCanceled soon after e.Done is closed. O(N·M) time, O(N+M) memory per
// worker.
func (e Exec) BipartiteCentrality(b *Bipartite) (*BipartiteScores, error) {
	n, m := len(b.places), len(b.groups)
	N := n + m
	out := &BipartiteScores{Degree: make([]int, N), DegreeCentrality: make([]float64, N)}
	for v := 0; v < N; v++ {
		d := b.Degree(v)
		out.Degree[v] = d
		other := m
		if v >= n {
			other = n
		}
		if other > 0 {
			out.DegreeCentrality[v] = float64(d) / float64(other)
		}
	}
	dist, err := distanceSweep(b.g, e)
	if err != nil {
		return nil, err
	}
	out.Closeness = make([]float64, N)
	for v := 0; v < N; v++ {
		s := dist.sum[v]
		if s == 0 || N < 2 {
			continue
		}
		num := float64(m + 2*(n-1))
		if v >= n {
			num = float64(n + 2*(m-1))
		}
		out.Closeness[v] = num / float64(s) * float64(dist.reach[v]-1) / float64(N-1)
	}
	bc, _, err := betweenness(b.g, e, -1, nil)
	if err != nil {
		return nil, err
	}
	top, bottom := bipartiteBetweennessMax(n, m), bipartiteBetweennessMax(m, n)
	for v := range bc {
		den := top
		if v >= n {
			den = bottom
		}
		if den > 0 {
			bc[v] /= den
		} else {
			bc[v] = 0
		}
	}
	out.Betweenness = bc
	return out, nil
}

// bipartiteBetweennessMax is the largest betweenness a node of the side of
// n nodes can have against m on the other (NetworkX's bet_max_top):
// ½[m²(s+1)² + m(s+1)(2t-s-1) - t(2s-t+3)] with s, t = divmod(n-1, m).
func bipartiteBetweennessMax(n, m int) float64 {
	if m == 0 || n == 0 {
		return 0
	}
	s, t := float64((n-1)/m), float64((n-1)%m)
	M := float64(m)
	return (M*M*(s+1)*(s+1) + M*(s+1)*(2*t-s-1) - t*(2*s-t+3)) / 2
}

// Weighting says how the groups two places share weigh in the projection
// of an affiliation layer onto places.
type Weighting string

// The weightings.
const (
	// WeightCount weighs a pair by the number of groups both belong to.
	WeightCount Weighting = "count"
	// WeightNewman weighs every shared group g by 1/(k_g - 1), k_g its
	// number of members (Newman, "Scientific collaboration networks II",
	// Phys. Rev. E 64, 016132, 2001): each member of a group gets weight 1
	// in all from it, so that a network of 1,000 members does not outweigh
	// a close network of five.
	WeightNewman Weighting = "newman"
)

// ParseWeighting reads a weighting name ("count" or "newman").
func ParseWeighting(s string) (Weighting, error) {
	switch w := Weighting(strings.ToLower(strings.TrimSpace(s))); w {
	case WeightCount, WeightNewman:
		return w, nil
	}
	return "", fmt.Errorf("unknown weighting %q: want count or newman", s)
}

// Kinds of the links of a projection of an affiliation layer onto places.
const (
	KindSharedNetworks      graph.Kind = "SHARED_NETWORKS"
	KindSharedOrganisations graph.Kind = "SHARED_ORGANISATIONS"
)

// SharedGroups returns the projection of b onto places: "municipalities
// that share networks" (or organisations). Its places are p's (the same
// indices); two places are linked when they belong to a common group, by
// one link of kind KindSharedNetworks (KindSharedOrganisations) whose
// Topics are the shared groups' ids and whose weight is the number of
// shared groups or Newman's collaboration weight (see Weighting). Every
// kernel runs on it: the unweighted ones (betweenness, closeness, ...) see
// who shares a group at all, Louvain and Strength the weights; exports
// write its links as partnerships of that kind.
//
// O(Σ_g k_g²) time for groups of k_g members; the projection holds one
// link per sharing pair, Σ_g k_g(k_g-1)/2 at most: linear in its own size,
// quadratic in the largest group (a network of 1,000 members alone makes
// 499,500 pairs).
func (b *Bipartite) SharedGroups(w Weighting) *Projection {
	links, ends, weights := b.sharedLinks(w, 1, 0)
	return b.p.derived("shared-"+string(b.layer)+";"+string(w), links, ends, weights)
}

// MaxSharedPairs is the most pairs a projection onto places may hold
// (about 260 bytes each: 1 GB) in Combine and the CLI and API; callers of
// SharedGroups check SharedPairs against it.
const MaxSharedPairs = 4_000_000

// SharedPairs returns the number of pairs of places that share a group:
// the links SharedGroups would make. O(Σ_g k_g²) time, O(places) memory.
func (b *Bipartite) SharedPairs() int {
	n := len(b.places)
	pairs := 0
	mark := make([]int32, n)
	for u := 0; u < n; u++ {
		for _, g := range b.Neighbors(u) {
			members := b.Neighbors(int(g))
			k, _ := slices.BinarySearch(members, int32(u+1))
			for _, x := range members[k:] {
				if mark[x] != int32(u+1) {
					mark[x] = int32(u + 1)
					pairs++
				}
			}
		}
	}
	return pairs
}

// CheckSharedPairs returns an INVALID error when the projection onto
// places would hold more than MaxSharedPairs pairs.
func (b *Bipartite) CheckSharedPairs() error {
	if k := b.SharedPairs(); k > MaxSharedPairs {
		return graph.Errorf(graph.EINVALID, "the places sharing %s make %d pairs, over the limit of %d (about 260 bytes each): narrow the scope (countries, Länder, as-of)",
			b.layer, k, MaxSharedPairs)
	}
	return nil
}

// Shared builds the projection of layer onto places (Bipartite, then
// SharedGroups with weighting w), refused like CheckSharedPairs when it
// would be too large; it returns the two-mode layer too, for its counts.
func (p *Projection) Shared(layer Layer, w Weighting) (*Bipartite, *Projection, error) {
	b, err := p.Bipartite(layer)
	if err != nil {
		return nil, nil, err
	}
	if err := b.CheckSharedPairs(); err != nil {
		return nil, nil, err
	}
	return b, b.SharedGroups(w), nil
}

// sharedLinks returns the links of SharedGroups(w) with their ends and
// weights times scale, in slices with room for extra more.
func (b *Bipartite) sharedLinks(w Weighting, scale float64, extra int) ([]graph.Partnership, [][2]int32, []float64) {
	kind := KindSharedNetworks
	if b.layer == LayerOrganisations {
		kind = KindSharedOrganisations
	}
	n := len(b.places)
	acc := make([]float64, n)
	touched := make([]int32, 0, 64)
	// Count the pairs first: the links are large, and growing the slices
	// would move them several times.
	pairs := b.SharedPairs()
	links := make([]graph.Partnership, 0, pairs+extra)
	ends := make([][2]int32, 0, pairs+extra)
	weights := make([]float64, 0, pairs+extra)
	// one holds each group's id as a one-element slice, shared by the
	// pairs that share only that group.
	one := make([][]string, len(b.groups))
	for j, id := range b.groups {
		one[j] = []string{id}
	}
	var shared []string
	for u := 0; u < n; u++ {
		touched = touched[:0]
		for _, g := range b.Neighbors(u) {
			members := b.Neighbors(int(g))
			c := 1.0
			if w == WeightNewman {
				c = 1 / float64(len(members)-1)
			}
			// Members are ascending: start after u.
			k, _ := slices.BinarySearch(members, int32(u+1))
			for _, x := range members[k:] {
				if acc[x] == 0 {
					touched = append(touched, x)
				}
				acc[x] += c
			}
		}
		slices.Sort(touched)
		gu := b.Neighbors(u)
		for _, x := range touched {
			shared = shared[:0]
			gx := b.Neighbors(int(x))
			for i, j := 0, 0; i < len(gu) && j < len(gx); {
				switch {
				case gu[i] < gx[j]:
					i++
				case gu[i] > gx[j]:
					j++
				default:
					shared = append(shared, b.groups[int(gu[i])-n])
					i++
					j++
				}
			}
			topics := one[b.GroupNode(shared[0])-n]
			if len(shared) > 1 {
				topics = slices.Clone(shared)
			}
			a, c := b.places[u], b.places[x]
			links = append(links, graph.Partnership{A: b.p.nodes[a].ID, B: b.p.nodes[c].ID, Kind: kind, Topics: topics})
			ends = append(ends, [2]int32{a, c})
			weights = append(weights, scale*acc[x])
			acc[x] = 0
		}
	}
	return links, ends, weights
}

// Strength returns the weighted degree of every node of p: the sum of the
// weights of its pairs (the degree when p is not weighted).
func Strength(p *Projection) []float64 {
	if p.slotW == nil {
		return DegreeCentrality(p)
	}
	out := make([]float64, len(p.nodes))
	for i := range out {
		for _, x := range p.slotW[p.off[i]:p.off[i+1]] {
			out[i] += x
		}
	}
	return out
}

// LayerWeight is a layer of a combination and its weight.
type LayerWeight struct {
	Layer  Layer   `json:"layer"`
	Weight float64 `json:"weight"`
}

// Combine returns the multilayer combination of p's layers as one weighted
// projection over p's places (the same indices), for communities over
// partnerships and shared networks. The rule: the weight of a pair of
// places is the sum over the layers of the layer's weight times the pair's
// weight in it, where a pair linked by partnerships weighs 1 in the
// partnership layer (several kinds between one pair are one tie, as in
// every kernel) and a pair sharing groups weighs its SharedGroups weight
// (w) in an affiliation layer. Pairs of weight 0 are left out. The links
// are p's partnerships (the first of each pair) and the shared-group
// links, each with its weighted share.
//
// Layers must not repeat; weights must be finite and not negative.
func (p *Projection) Combine(layers []LayerWeight, w Weighting) (*Projection, error) {
	if len(layers) == 0 {
		return nil, fmt.Errorf("no layer to combine")
	}
	seen := map[Layer]bool{}
	key := make([]string, 0, len(layers))
	var partnerships float64
	var affiliations []LayerWeight
	for _, lw := range layers {
		if seen[lw.Layer] {
			return nil, fmt.Errorf("layer %s given twice", lw.Layer)
		}
		seen[lw.Layer] = true
		if !(lw.Weight >= 0) || math.IsInf(lw.Weight, 0) {
			return nil, fmt.Errorf("layer %s: weight %v: want a finite number >= 0", lw.Layer, lw.Weight)
		}
		key = append(key, fmt.Sprintf("%s=%s", lw.Layer, strconv.FormatFloat(lw.Weight, 'g', -1, 64)))
		switch {
		case lw.Layer == LayerPartnerships:
			partnerships = lw.Weight
		case lw.Weight > 0:
			if _, err := ParseLayer(string(lw.Layer)); err != nil {
				return nil, err
			}
			affiliations = append(affiliations, lw)
		}
	}
	var links []graph.Partnership
	var ends [][2]int32
	var weights []float64
	pairs := 0
	if partnerships > 0 {
		pairs = p.M()
	}
	// The first affiliation layer's links are made with room for the rest
	// (the partnerships and any further layer grow the slices).
	for k, lw := range affiliations {
		b, err := p.Bipartite(lw.Layer)
		if err != nil {
			return nil, err
		}
		if err := b.CheckSharedPairs(); err != nil {
			return nil, err
		}
		l, e, ws := b.sharedLinks(w, lw.Weight, pairs)
		if k == 0 {
			links, ends, weights = l, e, ws
			continue
		}
		links, ends, weights = append(links, l...), append(ends, e...), append(weights, ws...)
	}
	if partnerships > 0 {
		for i := int32(0); i < int32(len(p.nodes)); i++ {
			for k := p.off[i]; k < p.off[i+1]; k++ {
				if j := p.adj[k]; j > i {
					links = append(links, p.links[p.linkOf[k]])
					ends = append(ends, [2]int32{i, j})
					weights = append(weights, partnerships)
				}
			}
		}
	}
	if weights == nil {
		weights = []float64{}
	}
	return p.derived("combined:"+strings.Join(key, ",")+";"+string(w), links, ends, weights), nil
}

// ParseLayerWeights reads a list of layers such as "partnerships,networks"
// or "partnerships=1,networks=0.5" (a layer without "=" weighs 1).
func ParseLayerWeights(s string) ([]LayerWeight, error) {
	var out []LayerWeight
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, weight, hasWeight := strings.Cut(part, "=")
		l, err := ParseLayer(name)
		if err != nil {
			return nil, err
		}
		lw := LayerWeight{Layer: l, Weight: 1}
		if hasWeight {
			f, err := strconv.ParseFloat(strings.TrimSpace(weight), 64)
			if err != nil || f < 0 || math.IsInf(f, 0) || math.IsNaN(f) {
				return nil, fmt.Errorf("layer %s: weight %q: want a number >= 0", name, weight)
			}
			lw.Weight = f
		}
		out = append(out, lw)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no layer in %q", s)
	}
	return out, nil
}

// Modularity returns Newman's modularity of the partition comm (comm[i]
// the community of node i) of p, weighted when p is (Louvain's Q).
func Modularity(p *Projection, comm []int32) float64 {
	if p.slotW == nil {
		return modularityOf(fromProjection(p), comm)
	}
	g := fromProjection(p)
	wg := &wgraph{off: g.off, adj: g.adj, w: p.slotW, k: Strength(p)}
	return wg.modularity(comm)
}

// NodeID is the id of node v: the place's id or the group's.
func (b *Bipartite) NodeID(v int) string {
	if b.IsPlace(v) {
		return b.p.Node(b.Place(v)).ID
	}
	return b.Group(v)
}

// Rank returns the first n nodes by score, highest first, ties with places
// before groups, then by id; places and groups say which sides to list.
func (b *Bipartite) Rank(score []float64, places, groups bool, n int) []int {
	var idx []int
	for v := 0; v < b.N(); v++ {
		if b.IsPlace(v) && places || !b.IsPlace(v) && groups {
			idx = append(idx, v)
		}
	}
	slices.SortFunc(idx, func(u, v int) int {
		switch {
		case score[u] != score[v]:
			return cmp.Compare(score[v], score[u])
		case b.IsPlace(u) != b.IsPlace(v):
			if b.IsPlace(u) {
				return -1
			}
			return 1
		}
		return strings.Compare(b.NodeID(u), b.NodeID(v))
	})
	return idx[:min(n, len(idx))]
}

// TopLinks returns the first n links of p by weight, highest first, ties
// by the ends' ids (the shared-groups pairs as listed).
func (p *Projection) TopLinks(n int) []int32 {
	idx := make([]int32, p.LinkCount())
	for i := range idx {
		idx[i] = int32(i)
	}
	slices.SortFunc(idx, func(x, y int32) int {
		if wx, wy := p.LinkWeight(x), p.LinkWeight(y); wx != wy {
			return cmp.Compare(wy, wx)
		}
		lx, ly := p.Link(x), p.Link(y)
		return cmp.Or(strings.Compare(lx.A, ly.A), strings.Compare(lx.B, ly.B))
	})
	return idx[:min(n, len(idx))]
}
