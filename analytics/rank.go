package analytics

import (
	"cmp"
	"slices"
	"strings"

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
// id (Top). O(n log n).
func Ranking(p *Projection, scores []float64, country string) []int32 {
	return Top(p, scores, -1, func(i int32) bool {
		return p.Degree(i) > 0 && (country == "" || p.nodes[i].Country == country)
	})
}

// Top returns the places of p that keep accepts (every place when keep is
// nil) by score, highest first, ties by id (then by index, should an id
// repeat): a total order, NaN scores last. It returns the first n of them,
// or all when n < 0. A small n (at most 64, and at most a sixteenth of the
// places) is found by one pass that keeps the best n, O(N log n) with
// about N comparisons; otherwise the places kept are sorted, O(N log N).
// scores has one entry per place.
func Top(p *Projection, scores []float64, n int, keep func(i int32) bool) []int32 {
	order := func(a, b int32) int { // not cmp.Or: the ids only on ties
		if c := cmp.Compare(scores[b], scores[a]); c != 0 {
			return c
		}
		if c := strings.Compare(p.nodes[a].ID, p.nodes[b].ID); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	}
	if n == 0 {
		return []int32{}
	}
	if n > 0 && n <= 64 && n*16 <= len(p.nodes) {
		top := make([]int32, 0, n+1)
		for i := range int32(len(p.nodes)) {
			// Most places score below the n-th so far: one comparison (false
			// for a NaN, which order then places).
			if len(top) == n && (scores[i] < scores[top[n-1]] || order(i, top[n-1]) > 0) || keep != nil && !keep(i) {
				continue
			}
			k, _ := slices.BinarySearchFunc(top, i, order)
			top = slices.Insert(top, k, i)
			top = top[:min(len(top), n)]
		}
		return top
	}
	var idx []int32
	for i := range int32(len(p.nodes)) {
		if keep == nil || keep(i) {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, order)
	if n > 0 && n < len(idx) {
		idx = idx[:n]
	}
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
