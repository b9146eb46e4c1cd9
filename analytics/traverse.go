package analytics

import (
	"cmp"
	"slices"
)

// Subgraph is a part of a projection: node indices in index (that is, id)
// order and link indices in ascending order.
type Subgraph struct {
	Nodes []int32
	Links []int32
}

// keeps reports whether f keeps link li of p.
func (f *Filter) keeps(p *Projection, li int32) bool {
	e := p.ends[li]
	return f.keep(&p.links[li], &p.nodes[e[0]], &p.nodes[e[1]])
}

// PartnershipNetwork returns the links f keeps and their ends. With two or
// more countries in f.Countries a link must join two different ones of
// them, unless domestic also keeps links inside one country: the
// German-Ukrainian network is PartnershipNetwork(p, Filter{Countries:
// []string{"DE", "UA"}}, false). With one country it is the links inside
// it; with none, every link f keeps. O(links).
func PartnershipNetwork(p *Projection, f Filter, domestic bool) Subgraph {
	var out Subgraph
	seen := make([]bool, len(p.nodes))
	for li := range p.links {
		li := int32(li)
		if !f.keeps(p, li) {
			continue
		}
		e := p.ends[li]
		if len(f.Countries) > 1 && !domestic && p.nodes[e[0]].Country == p.nodes[e[1]].Country {
			continue
		}
		out.Links = append(out.Links, li)
		for _, n := range e {
			if !seen[n] {
				seen[n] = true
				out.Nodes = append(out.Nodes, n)
			}
		}
	}
	slices.Sort(out.Nodes)
	return out
}

// Neighborhood returns the places within depth links of node c, following
// only the links f keeps, and the links f keeps among them. Breadth-first
// search, O(links of the places reached).
func Neighborhood(p *Projection, c int32, depth int, f Filter) Subgraph {
	dist := map[int32]int{c: 0}
	frontier := []int32{c}
	for d := 1; d <= depth && len(frontier) > 0; d++ {
		frontier = step(p, frontier, &f, func(v, _, _ int32) bool {
			if _, ok := dist[v]; ok {
				return false
			}
			dist[v] = d
			return true
		})
	}
	var out Subgraph
	for n := range dist {
		out.Nodes = append(out.Nodes, n)
	}
	slices.Sort(out.Nodes)
	for _, u := range out.Nodes {
		for _, li := range p.LinksOf(u) {
			e := p.ends[li]
			if e[0] != u { // visit each link from its first end only
				continue
			}
			if _, ok := dist[e[1]]; ok && f.keeps(p, li) {
				out.Links = append(out.Links, li)
			}
		}
	}
	slices.Sort(out.Links)
	return out
}

// ShortestPath returns a path with the fewest links from node a to node b
// over the links f keeps: its places from a to b and the link taken at
// each step. Among paths of equal length it takes the one through the
// smallest node indices, level by level (breadth-first search with sorted
// frontiers), so the answer is always the same. ok is false when b cannot
// be reached. O(links).
func ShortestPath(p *Projection, a, b int32, f Filter) (path Subgraph, ok bool) {
	prev := map[int32]int32{a: -1}
	via := map[int32]int32{}
	reached := func(v int32) bool { _, ok := prev[v]; return ok }
	frontier := []int32{a}
	for len(frontier) > 0 && !reached(b) {
		frontier = step(p, frontier, &f, func(v, u, li int32) bool {
			if reached(v) {
				return false
			}
			prev[v], via[v] = u, li
			return true
		})
		slices.Sort(frontier)
	}
	if !reached(b) {
		return Subgraph{}, false
	}
	for v := b; v >= 0; v = prev[v] {
		path.Nodes = append(path.Nodes, v)
		if v != a {
			path.Links = append(path.Links, via[v])
		}
	}
	slices.Reverse(path.Nodes)
	slices.Reverse(path.Links)
	return path, true
}

// step follows the links f keeps out of the places of frontier, in order,
// and calls reach(v, u, li) for the other end v of each link li of u; the
// places it returns true for are the next frontier, in the order reached.
func step(p *Projection, frontier []int32, f *Filter, reach func(v, u, li int32) bool) []int32 {
	var next []int32
	for _, u := range frontier {
		for _, li := range p.LinksOf(u) {
			if v := p.Other(li, u); f.keeps(p, li) && reach(v, u, li) {
				next = append(next, v)
			}
		}
	}
	return next
}

// SecondDegree is a place two links away from a city: the city's partners
// it is linked to are Via.
type SecondDegree struct {
	Node int32
	Via  []int32 // in the order of the city's partners
}

// PartnersOfPartners returns up to limit places linked to a partner of node
// c that are neither c nor its partners, those with the most such partners
// first (ties by index). O(partners of partners).
func PartnersOfPartners(p *Projection, c int32, limit int) []SecondDegree {
	direct := p.Neighbors(c)
	via := map[int32][]int32{}
	for _, j := range direct {
		for _, k := range p.Neighbors(j) {
			if k == c || slices.Contains(direct, k) {
				continue
			}
			via[k] = append(via[k], j)
		}
	}
	keys := make([]int32, 0, len(via))
	for k := range via {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b int32) int { return cmp.Or(cmp.Compare(len(via[b]), len(via[a])), cmp.Compare(a, b)) })
	keys = keys[:min(max(limit, 0), len(keys))]
	out := make([]SecondDegree, len(keys))
	for i, k := range keys {
		out[i] = SecondDegree{Node: k, Via: via[k]}
	}
	return out
}

// YearCount is a count in one year.
type YearCount struct {
	Year  int `json:"year"`
	Count int `json:"count"`
}

// SubgraphSummary counts the places and links of a subgraph.
type SubgraphSummary struct {
	Nodes, Links int
	// ByKind counts links per kind, in the order of graph.Kinds, kinds
	// with links only.
	ByKind []KeyCount
	// ByYear counts links by the year they began, ascending; year 0 holds
	// the links without a known start.
	ByYear []YearCount
	// ByState counts links per Land they have an end in (once per Land),
	// by Land.
	ByState []KeyCount
	// ByCountry counts places per country, most first, then by country.
	ByCountry []KeyCount
}

// Summary counts the places and links of g.
func (g Subgraph) Summary(p *Projection) SubgraphSummary {
	kinds := map[string]int{}
	years := map[int]int{}
	states := map[string]int{}
	countries := map[string]int{}
	for _, li := range g.Links {
		l := &p.links[li]
		kinds[string(l.Kind)]++
		years[l.Since.Year]++
		e := p.ends[li]
		countCountries(states, p.nodes[e[0]].State, p.nodes[e[1]].State)
	}
	for _, n := range g.Nodes {
		countries[p.nodes[n].Country]++
	}
	out := SubgraphSummary{Nodes: len(g.Nodes), Links: len(g.Links), ByKind: kindCounts(kinds), ByYear: []YearCount{},
		ByState: countsByKey(states), ByCountry: sortedCounts(countries)}
	for y, c := range years {
		out.ByYear = append(out.ByYear, YearCount{Year: y, Count: c})
	}
	slices.SortFunc(out.ByYear, func(a, b YearCount) int { return cmp.Compare(a.Year, b.Year) })
	return out
}

// countsByKey lists m by key; never nil.
func countsByKey(m map[string]int) []KeyCount {
	out := make([]KeyCount, 0, len(m))
	for k, n := range m {
		out = append(out, KeyCount{k, n})
	}
	slices.SortFunc(out, func(a, b KeyCount) int { return cmp.Compare(a.Key, b.Key) })
	return out
}
