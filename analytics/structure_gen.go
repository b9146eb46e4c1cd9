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
// places of degree 1), closed into a sparse core by extra links between places
// that already have two or more, two thirds of them closing triangles. The same arguments give the same snapshot.
// Places have IDs "S:000000", "S:000001", ... and country "XX".
func SyntheticTwinGraph(links int, seed int64) *graph.Snapshot {
	n := max(2, int(float64(links)*17717/25914))
	rnd := rand.New(rand.NewPCG(uint64(seed), 0x5eed))
	type pair struct{ a, b int32 }
	edges := make([]pair, 0, links)
	seen := make(map[uint64]bool, links)
	add := func(a, b int32) bool {
		if a == b {
			return false
		}
		if a > b {
			a, b = b, a
		}
		key := uint64(a)<<32 | uint64(b)
		if seen[key] {
			return false
		}
		seen[key] = true
		edges = append(edges, pair{a, b})
		return true
	}
	// Small components: random trees of 2..8 places.
	small := n / 5
	next := int32(0)
	for int(next) < small && len(edges) < links/2 {
		size := int32(2 + min(rnd.IntN(4), rnd.IntN(7)))
		for i := int32(1); i < size; i++ {
			add(next+i, next+rnd.Int32N(i))
		}
		next += size
	}
	// The main component: a preferential-attachment tree over the rest.
	first := next
	nbr := make([][]int32, n)
	ends := make([]int32, 0, 2*links) // every link end once: degree-weighted picks
	link := func(a, b int32) bool {
		if !add(a, b) {
			return false
		}
		nbr[a] = append(nbr[a], b)
		nbr[b] = append(nbr[b], a)
		ends = append(ends, a, b)
		return true
	}
	for v := first + 1; v < int32(n); v++ {
		var u int32
		if rnd.Float64() < 0.8 && len(ends) > 0 {
			u = ends[rnd.IntN(len(ends))]
		} else {
			u = first + rnd.Int32N(v-first)
		}
		link(v, u)
	}
	// Extra links close the core: half close a triangle, half join two
	// places picked by degree.
	// Places of degree 1 are mostly passed over, so that about half of all
	// places keep a single link, as in the real graph.
	pick := func() int32 {
		for {
			u := ends[rnd.IntN(len(ends))]
			if len(nbr[u]) > 1 || rnd.IntN(3) == 0 {
				return u
			}
		}
	}
	for tries := 0; len(edges) < links && tries < 50*links; tries++ {
		u := pick()
		if rnd.IntN(3) < 2 {
			v := nbr[u][rnd.IntN(len(nbr[u]))]
			w := nbr[v][rnd.IntN(len(nbr[v]))]
			if len(nbr[w]) > 1 || rnd.IntN(3) == 0 {
				link(u, w)
			}
		} else {
			link(u, pick())
		}
	}
	s := &graph.Snapshot{Version: 1}
	s.Municipalities = make([]graph.Municipality, n)
	for i := range s.Municipalities {
		id := fmt.Sprintf("S:%06d", i)
		s.Municipalities[i] = graph.Municipality{ID: id, Name: id, Country: "XX"}
	}
	s.Partnerships = make([]graph.Partnership, len(edges))
	for i, e := range edges {
		s.Partnerships[i] = graph.Partnership{A: s.Municipalities[e.a].ID, B: s.Municipalities[e.b].ID, Kind: graph.KindPartnership}
	}
	return s
}
