package analytics

import (
	"cmp"
	"slices"

	"github.com/citygraph/citygraph/graph"
)

// RankOf returns the rank of node i among the linked places of p (those
// with at least one partner) by score, 1 for the highest, and how many
// linked places there are. Ties take the best rank they share ("1224"
// ranking), so equal scores get equal ranks. A place without links has
// rank 0.
func RankOf(p *Projection, scores []float64, i int32) (rank, of int) {
	linked := p.Degree(i) > 0
	higher := 0
	for j := range p.nodes {
		if p.Degree(int32(j)) == 0 {
			continue
		}
		of++
		if scores[j] > scores[i] {
			higher++
		}
	}
	if !linked {
		return 0, of
	}
	return higher + 1, of
}

// InducedLinks returns the links of p with both ends in nodes, in link
// order.
func InducedLinks(p *Projection, nodes []int32) []int32 {
	in := make([]bool, p.N())
	for _, n := range nodes {
		in[n] = true
	}
	var out []int32
	for li, e := range p.ends {
		if in[e[0]] && in[e[1]] {
			out = append(out, int32(li))
		}
	}
	return out
}

// Ranking returns the linked places of p (those with at least one
// partner), in country when it is not "", by score, highest first, ties by
// index. O(n log n).
func Ranking(p *Projection, scores []float64, country string) []int32 {
	var idx []int32
	for i := range int32(p.N()) {
		if p.Degree(i) > 0 && (country == "" || p.nodes[i].Country == country) {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, func(a, b int32) int { return cmp.Or(cmp.Compare(scores[b], scores[a]), cmp.Compare(a, b)) })
	return idx
}

// PartnersByKind counts the distinct partners of node i over the links of
// each kind, in the order of graph.Kinds, kinds without partners left out;
// never nil.
func PartnersByKind(p *Projection, i int32) []KeyCount {
	partners := map[graph.Kind]map[int32]bool{}
	for _, li := range p.LinksOf(i) {
		k := p.links[li].Kind
		if partners[k] == nil {
			partners[k] = map[int32]bool{}
		}
		partners[k][p.Other(li, i)] = true
	}
	out := []KeyCount{}
	for _, k := range graph.Kinds {
		if n := len(partners[k]); n > 0 {
			out = append(out, KeyCount{Key: string(k), Count: n})
		}
	}
	return out
}
