package analytics

import (
	"cmp"
	"slices"

	"github.com/citygraph/citygraph/graph"
	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/community"
	"gonum.org/v1/gonum/graph/topo"
)

// CliqueOptions select the cliques or clique communities an answer lists.
type CliqueOptions struct {
	// MinSize is the fewest places a group must have; values below 3
	// count as 3 (a pair is a clique of every link).
	MinSize int
	// Countries keeps the groups with at least one place in one of these
	// countries (ISO 3166-1 alpha-2); empty keeps all. (To keep the groups
	// that lie wholly inside countries, view the projection with
	// Filter.Countries first.)
	Countries []string
}

func (o CliqueOptions) keep(p *Projection, members []int32) bool {
	if len(members) < max(o.MinSize, 3) {
		return false
	}
	if len(o.Countries) == 0 {
		return true
	}
	return slices.ContainsFunc(members, func(v int32) bool { return slices.Contains(o.Countries, p.nodes[v].Country) })
}

// Cliques returns the maximal cliques of p that o keeps: groups of places
// every two of which are linked (twinning rings), no group inside a larger
// one. Each lists its places by ascending index (id); the groups come
// largest first, then by their places.
//
// It runs gonum's topo.BronKerbosch (Bron and Kerbosch 1973, with pivots
// and the degeneracy ordering of Eppstein, Löffler and Strash 2010:
// O(d·n·3^(d/3)) for degeneracy d, small on twin-town graphs) on the links
// that can lie in a clique of MinSize places (see cliqueCandidates). It
// stops with ErrCanceled soon after e.Done is closed.
func (e Exec) Cliques(p *Projection, o CliqueOptions) ([][]int32, error) {
	found, err := runGonum(e, cliqueCandidates(p, max(o.MinSize, 3)).Gonum(GonumOptions{Linked: true}), func(g *Gonum) [][]gg.Node {
		return topo.BronKerbosch(g)
	})
	if err != nil {
		return nil, err
	}
	return groups(p, found, o), nil
}

// CliqueCommunities returns the k-clique communities of p that o keeps
// (Palla, Derényi, Farkas and Vicsek 2005, doi:10.1038/nature03607): the
// unions of k-cliques (groups of k places all linked with each other) that
// can be reached from one another through k-cliques sharing k-1 places.
// A place may belong to several communities; places in no k-clique
// belong to none. Members are listed by ascending index (id), the
// communities largest first, then by their places. k must be at least 3
// (for k = 2 they are the connected components, see Components).
//
// It runs gonum's community.KCliqueCommunities, which builds the clique
// graph of the maximal cliques (topo.BronKerbosch, topo.CliqueGraph), on
// the links that can lie in a k-clique (see cliqueCandidates). It stops
// with ErrCanceled soon after e.Done is closed.
//
// Errors: EINVALID when k < 3.
func (e Exec) CliqueCommunities(p *Projection, k int, o CliqueOptions) ([][]int32, error) {
	if k < 3 {
		return nil, graph.Errorf(graph.EINVALID, "k %d: want at least 3 (k = 2 gives the connected components)", k)
	}
	found, err := runGonum(e, cliqueCandidates(p, k).Gonum(GonumOptions{Linked: true}), func(g *Gonum) [][]gg.Node {
		return community.KCliqueCommunities(k, g)
	})
	if err != nil {
		return nil, err
	}
	o.MinSize = max(o.MinSize, k)
	return groups(p, found, o), nil
}

// cliqueCandidates returns p with only the links that can lie in a clique
// of k places: those whose ends have at least k-2 partners in common (one
// link per linked pair; node indices are p's). Every clique of k or more
// places of p is a clique of it, and a maximal one there exactly when it
// is maximal in p (a place linked to all of a clique of k or more would
// make a larger clique, whose links all stay), so its maximal cliques and
// k-clique communities of that size are p's. On twin-town graphs, where
// most links lie in no triangle, it leaves a third to a quarter of the
// links and spares gonum the pairs that make most of the clique graph.
// O(sum over links of the ends' degrees).
func cliqueCandidates(p *Projection, k int) *Projection {
	need := max(k-2, 1)
	var kept []graph.Partnership
	var ends [][2]int32
	for u := int32(0); u < int32(len(p.nodes)); u++ {
		for s := p.off[u]; s < p.off[u+1]; s++ {
			v := p.adj[s]
			if v < u || !commonAtLeast(p.Neighbors(u), p.Neighbors(v), need) {
				continue
			}
			kept = append(kept, p.links[p.linkOf[s]])
			ends = append(ends, [2]int32{u, v})
		}
	}
	return buildFromEnds(p.snapshot, p.filter, kept, ends, p.nodes, p.index)
}

// commonAtLeast reports whether the sorted lists a and b share at least
// need elements.
func commonAtLeast(a, b []int32, need int) bool {
	i, j, n := 0, 0, 0
	for i < len(a) && j < len(b) && n < need {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n >= need
}

// groups turns gonum's node groups into sorted index lists, keeps those o
// keeps, and orders them largest first, then by their places.
func groups(p *Projection, found [][]gg.Node, o CliqueOptions) [][]int32 {
	out := make([][]int32, 0)
	for _, c := range found {
		members := make([]int32, len(c))
		for i, n := range c {
			members[i] = int32(n.ID())
		}
		slices.Sort(members)
		if o.keep(p, members) {
			out = append(out, members)
		}
	}
	slices.SortFunc(out, func(a, b []int32) int { return cmp.Or(cmp.Compare(len(b), len(a)), slices.Compare(a, b)) })
	return out
}

// CountriesOf counts the places of a group per country, most first, then
// by country code.
func CountriesOf(p *Projection, members []int32) []KeyCount {
	counts := map[string]int{}
	for _, v := range members {
		counts[p.nodes[v].Country]++
	}
	return sortedCounts(counts)
}
