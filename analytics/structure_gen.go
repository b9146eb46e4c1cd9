package analytics

import (
	"fmt"
	"math/rand/v2"

	"github.com/citygraph/citygraph/graph"
)

// SyntheticTwinGraph returns a random snapshot shaped like a real
// twin-city graph, for benchmarks and demos: `links` partnerships of kind
// PARTNERSHIP among about 0.684·links places (the ratio of the 17,717-place,
// 25,914-link Wikidata graph). About a fifth of the places sit in small
// tree-shaped components of 2 to 8 places; the rest form one component
// grown by preferential attachment (a tree in which hubs collect many
// places of degree 1), closed into a sparse core by extra links between
// places that already have two or more, two thirds of them closing
// triangles. The same arguments give the same snapshot. Places have IDs
// "S:000000", "S:000001", ... and country "XX".
func SyntheticTwinGraph(links int, seed int64) *graph.Snapshot {
	n := max(2, int(float64(links)*17717/25914))
	g := &twinGen{
		rnd:   rand.New(rand.NewPCG(uint64(seed), 0x5eed)),
		edges: make([]pair32, 0, links),
		seen:  make(map[uint64]bool, links),
		nbr:   make([][]int32, n),
		ends:  make([]int32, 0, 2*links),
	}
	first := g.smallComponents(n/5, links/2)
	g.attachTree(first, int32(n))
	g.closeCore(links)
	return g.snapshot(n)
}

type pair32 struct{ a, b int32 }

// twinGen grows the graph of SyntheticTwinGraph.
type twinGen struct {
	rnd   *rand.Rand
	edges []pair32
	seen  map[uint64]bool
	nbr   [][]int32 // neighbours, in the main component
	ends  []int32   // every link end of the main component once: degree-weighted picks
}

// add adds the link a-b unless it is a loop or already there.
func (g *twinGen) add(a, b int32) bool {
	if a == b {
		return false
	}
	if a > b {
		a, b = b, a
	}
	key := uint64(a)<<32 | uint64(b)
	if g.seen[key] {
		return false
	}
	g.seen[key] = true
	g.edges = append(g.edges, pair32{a, b})
	return true
}

// link adds a link of the main component.
func (g *twinGen) link(a, b int32) {
	if !g.add(a, b) {
		return
	}
	g.nbr[a] = append(g.nbr[a], b)
	g.nbr[b] = append(g.nbr[b], a)
	g.ends = append(g.ends, a, b)
}

// smallComponents adds random trees of 2..8 places over the first places,
// until about small places or maxLinks links; it returns the first place
// left.
func (g *twinGen) smallComponents(small, maxLinks int) int32 {
	next := int32(0)
	for int(next) < small && len(g.edges) < maxLinks {
		size := int32(2 + min(g.rnd.IntN(4), g.rnd.IntN(7)))
		for i := int32(1); i < size; i++ {
			g.add(next+i, next+g.rnd.Int32N(i))
		}
		next += size
	}
	return next
}

// attachTree joins the places [first, n) into a preferential-attachment
// tree.
func (g *twinGen) attachTree(first, n int32) {
	for v := first + 1; v < n; v++ {
		var u int32
		if g.rnd.Float64() < 0.8 && len(g.ends) > 0 {
			u = g.ends[g.rnd.IntN(len(g.ends))]
		} else {
			u = first + g.rnd.Int32N(v-first)
		}
		g.link(v, u)
	}
}

// pick returns a place of the main component by degree; places of degree
// 1 are mostly passed over, so that about half of all places keep a single
// link, as in the real graph.
func (g *twinGen) pick() int32 {
	for {
		u := g.ends[g.rnd.IntN(len(g.ends))]
		if len(g.nbr[u]) > 1 || g.rnd.IntN(3) == 0 {
			return u
		}
	}
}

// closeCore adds extra links until there are links: two thirds close a
// triangle, the others join two places picked by degree.
func (g *twinGen) closeCore(links int) {
	for tries := 0; len(g.edges) < links && tries < 50*links; tries++ {
		u := g.pick()
		if g.rnd.IntN(3) < 2 {
			v := g.nbr[u][g.rnd.IntN(len(g.nbr[u]))]
			w := g.nbr[v][g.rnd.IntN(len(g.nbr[v]))]
			if len(g.nbr[w]) > 1 || g.rnd.IntN(3) == 0 {
				g.link(u, w)
			}
		} else {
			g.link(u, g.pick())
		}
	}
}

// snapshot returns the n places and the links as a snapshot.
func (g *twinGen) snapshot(n int) *graph.Snapshot {
	s := &graph.Snapshot{Version: 1}
	s.Municipalities = make([]graph.Municipality, n)
	for i := range s.Municipalities {
		id := fmt.Sprintf("S:%06d", i)
		s.Municipalities[i] = graph.Municipality{ID: id, Name: id, Country: "XX"}
	}
	s.Partnerships = make([]graph.Partnership, len(g.edges))
	for i, e := range g.edges {
		s.Partnerships[i] = graph.Partnership{A: s.Municipalities[e.a].ID, B: s.Municipalities[e.b].ID, Kind: graph.KindPartnership}
	}
	return s
}

// SyntheticAffiliations adds city networks and international
// organisations to a snapshot of SyntheticTwinGraph, shaped like the
// affiliation layers of real data: 60 networks, network k with about
// 0.03·n/(k+1) + 3 members (a few large, like a climate alliance of 500
// German members, many small), and 20 organisations with about
// 0.01·n/(k+1) + 2 members; members are drawn in proportion to their
// partners plus one (well-linked places belong to more networks). Network
// ids are "net-00", ...; organisation ids "org-00", .... The same
// arguments give the same result; s is changed in place.
func SyntheticAffiliations(s *graph.Snapshot, seed int64) {
	n := len(s.Municipalities)
	if n == 0 {
		return
	}
	rnd := rand.New(rand.NewPCG(uint64(seed), 0xaff1))
	index := make(map[string]int, n)
	for i, m := range s.Municipalities {
		index[m.ID] = i
	}
	// Every place once, and once more per partner: degree-weighted picks.
	ends := make([]int, 0, n+2*len(s.Partnerships))
	for i := range s.Municipalities {
		ends = append(ends, i)
	}
	for _, l := range s.Partnerships {
		ends = append(ends, index[l.A], index[l.B])
	}
	members := func(size int) []int {
		seen := make(map[int]bool, size)
		out := make([]int, 0, size)
		for tries := 0; len(out) < min(size, n) && tries < 20*size; tries++ {
			i := ends[rnd.IntN(len(ends))]
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
		return out
	}
	for k := 0; k < 60; k++ {
		id := fmt.Sprintf("net-%02d", k)
		s.Networks = append(s.Networks, graph.Network{ID: id, Name: "Network " + id})
		for _, i := range members(int(0.03*float64(n)/float64(k+1)) + 3) {
			s.Memberships = append(s.Memberships, graph.Membership{Municipality: s.Municipalities[i].ID, Network: id})
		}
	}
	for k := 0; k < 20; k++ {
		id := fmt.Sprintf("org-%02d", k)
		s.Organisations = append(s.Organisations, graph.Organisation{ID: id, Name: "Organisation " + id})
		for _, i := range members(int(0.01*float64(n)/float64(k+1)) + 2) {
			s.OrgLinks = append(s.OrgLinks, graph.OrgLink{Municipality: s.Municipalities[i].ID, Organisation: id})
		}
	}
	s.Sort()
}
