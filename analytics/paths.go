package analytics

import (
	"cmp"
	"math"
	"slices"

	"github.com/citygraph/citygraph/graph"
	gg "gonum.org/v1/gonum/graph"
	"gonum.org/v1/gonum/graph/path"
)

// PathMeasure is what the length of a path counts.
type PathMeasure string

const (
	// ByLinks counts a path's links.
	ByLinks PathMeasure = "links"
	// ByKm adds up the great-circle distances between the ends of a
	// path's links (DistanceKm); links to places without coordinates
	// cannot be used.
	ByKm PathMeasure = "km"
)

// Valid reports whether m is a known measure.
func (m PathMeasure) Valid() bool { return m == ByLinks || m == ByKm }

// RankedPath is a path between two places.
type RankedPath struct {
	// Nodes are the places from the first to the last.
	Nodes []int32
	// Links[i] joins Nodes[i] and Nodes[i+1]: the first link of the pair
	// (a pair linked in several kinds has more, see Projection.LinksOf).
	Links []int32
	// Km is the sum of the great-circle distances of the links; NaN when
	// a place on the path has no coordinates.
	Km float64
}

// Length returns the number of links of the path.
func (r RankedPath) Length() int { return len(r.Links) }

// KShortestPaths returns up to k loopless paths from node a to node b,
// shortest first, by the measure by: the first is a shortest path, the
// others are how else the two places are connected ("how else are
// Mannheim and Kyiv linked?"). Nil when b cannot be reached; the one path
// of no links when a is b.
//
// It runs Yen's algorithm (Yen 1971, doi:10.1287/mnsc.17.11.712), gonum's
// path.YenKShortestPaths, on p as a Gonum graph: each of the k paths costs
// one Dijkstra search per place of the previous path, O(k·L·(n+m)·log n)
// for paths of L links. Among paths of equal length Yen's order decides
// which are found (the same graph always gives the same answer); the
// answer lists paths by length, then by the places' ids along the path.
// It stops with ErrCanceled soon after e.Done is closed.
//
// Errors: EINVALID when k < 1, by is unknown, or by is ByKm and a or b
// has no coordinates.
func (e Exec) KShortestPaths(p *Projection, a, b int32, k int, by PathMeasure) ([]RankedPath, error) {
	if k < 1 {
		return nil, graph.Errorf(graph.EINVALID, "k %d: want at least 1", k)
	}
	o := GonumOptions{}
	switch by {
	case ByLinks:
	case ByKm:
		for _, v := range []int32{a, b} {
			if m := &p.nodes[v]; !m.HasCoords {
				return nil, graph.Errorf(graph.EINVALID, "%s (%s) has no coordinates: paths by distance need them", m.Name, m.ID)
			}
		}
		o.Weight = DistanceKm
	default:
		return nil, graph.Errorf(graph.EINVALID, "unknown path measure %q: want %s or %s", by, ByLinks, ByKm)
	}
	g := p.Gonum(o)
	found, err := runGonum(e, g, func(g *Gonum) [][]gg.Node {
		return path.YenKShortestPaths(g, k, math.Inf(1), GonumNode(a), GonumNode(b))
	})
	if err != nil || len(found) == 0 {
		return nil, err
	}
	out := make([]RankedPath, 0, len(found))
	for _, nodes := range found {
		out = append(out, rankedPath(g, nodes))
	}
	cost := func(r RankedPath) float64 {
		if by == ByKm {
			return r.Km
		}
		return float64(len(r.Links))
	}
	slices.SortStableFunc(out, func(x, y RankedPath) int {
		return cmp.Or(cmp.Compare(cost(x), cost(y)), cmp.Compare(len(x.Links), len(y.Links)), slices.Compare(x.Nodes, y.Nodes))
	})
	return out, nil
}

// rankedPath turns gonum's nodes of a path into places and links.
func rankedPath(g *Gonum, nodes []gg.Node) RankedPath {
	r := RankedPath{Nodes: make([]int32, len(nodes)), Links: make([]int32, 0, max(len(nodes)-1, 0))}
	for i, n := range nodes {
		r.Nodes[i] = int32(n.ID())
		if i > 0 {
			li, _ := g.LinkBetween(nodes[i-1].ID(), n.ID())
			r.Links = append(r.Links, li)
			r.Km += DistanceKm(g.p, r.Nodes[i-1], r.Nodes[i])
		}
	}
	if math.IsInf(r.Km, 1) {
		r.Km = math.NaN()
	}
	return r
}
