package analytics

import (
	"cmp"
	"math"
	"slices"

	"github.com/citygraph/citygraph/graph"
	"gonum.org/v1/gonum/graph/path"
)

// NearestOptions select the places NearestByDistance lists.
type NearestOptions struct {
	// MinLinks and MaxLinks bound the number of links of a place's
	// shortest route: 2 and 2 keep the partners of partners whose
	// shortest route goes through one partner. MinLinks below 1 counts as
	// 1; MaxLinks below 1 sets no bound.
	MinLinks, MaxLinks int
	// Countries keeps the places in these countries (ISO 3166-1
	// alpha-2); empty keeps all.
	Countries []string
	// Limit bounds the answer to the nearest so many; <= 0 lists all.
	Limit int
}

// Reached is a place reached over links from another, with its shortest
// route by distance.
type Reached struct {
	Node int32
	// Km is the length of the route: the sum of the great-circle
	// distances of its links.
	Km float64
	// Route runs from the place the search started at to Node.
	Route RankedPath
}

// NearestByDistance returns the places reachable from node c over links,
// nearest first, where a route's length is the sum of the great-circle
// distances of its links (DistanceKm) and a place's distance is that of
// its shortest route: with MinLinks and MaxLinks 2, "the nearest partner of
// my partners". Links to places without coordinates cannot be part of a
// route. Ties in distance go by index (id).
//
// It runs Dijkstra's algorithm (gonum's path.DijkstraFrom) on p weighted
// by DistanceKm, O((n+m)·log n). It stops with ErrCanceled soon after
// e.Done is closed.
//
// Errors: EINVALID when c has no coordinates.
func (e Exec) NearestByDistance(p *Projection, c int32, o NearestOptions) ([]Reached, error) {
	if m := &p.nodes[c]; !m.HasCoords {
		return nil, graph.Errorf(graph.EINVALID, "%s (%s) has no coordinates: distances along links need them", m.Name, m.ID)
	}
	g := p.Gonum(GonumOptions{Weight: DistanceKm, Linked: true})
	sp, err := runGonum(e, g, func(g *Gonum) path.Shortest { return path.DijkstraFrom(GonumNode(c), g) })
	if err != nil {
		return nil, err
	}
	minLinks, maxLinks := max(o.MinLinks, 1), o.MaxLinks
	if maxLinks < 1 {
		maxLinks = math.MaxInt
	}
	var out []Reached
	for v := int32(0); v < int32(len(p.nodes)); v++ {
		km := sp.WeightTo(int64(v))
		if v == c || math.IsInf(km, 1) {
			continue
		}
		if len(o.Countries) > 0 && !slices.Contains(o.Countries, p.nodes[v].Country) {
			continue
		}
		nodes, _ := sp.To(int64(v))
		if links := len(nodes) - 1; links < minLinks || links > maxLinks {
			continue
		}
		out = append(out, Reached{Node: v, Km: km, Route: rankedPath(g, nodes)})
	}
	slices.SortFunc(out, func(a, b Reached) int { return cmp.Or(cmp.Compare(a.Km, b.Km), cmp.Compare(a.Node, b.Node)) })
	if o.Limit > 0 && len(out) > o.Limit {
		out = out[:o.Limit]
	}
	if out == nil {
		out = []Reached{}
	}
	return out, nil
}
