package analytics

import (
	"math"
	"slices"
	"strings"
)

// Brokerage measures (Burt, "Structural Holes", 1992) of every place, as
// NetworkX computes them for an unweighted, undirected graph (a pair linked
// by several kinds counts once): a broker has partners who are not
// partners of each other.

// EffectiveSize returns Burt's effective size of every place: its number
// of partners less the redundancy among them, n - 2t/n for n partners with
// t links among them (Borgatti's form, NetworkX effective_size). Places
// without links get NaN, as in NetworkX. O(sum over links of the smaller
// degree).
func EffectiveSize(p *Projection) []float64 {
	out := make([]float64, p.N())
	for v := int32(0); v < int32(p.N()); v++ {
		nv := p.Neighbors(v)
		n := len(nv)
		if n == 0 {
			out[v] = math.NaN()
			continue
		}
		t := 0 // links among the partners, each counted from both ends
		for _, u := range nv {
			t += countCommon(nv, p.Neighbors(u))
		}
		out[v] = float64(n) - float64(t)/float64(n)
	}
	return out
}

// Constraint returns Burt's constraint of every place: the sum over its
// partners j of (p_vj + sum over the partners w of both of p_vw p_wj)²,
// where p_xy = 1/deg x is the share of x's ties that goes to y (NetworkX
// constraint without weights). Low constraint means brokerage: partners
// that do not know each other. Places without links get NaN, as in
// NetworkX.
func Constraint(p *Projection) []float64 {
	out := make([]float64, p.N())
	for v := int32(0); v < int32(p.N()); v++ {
		nv := p.Neighbors(v)
		if len(nv) == 0 {
			out[v] = math.NaN()
			continue
		}
		pv := 1 / float64(len(nv))
		c := 0.0
		for _, j := range nv {
			indirect := 0.0
			nj := p.Neighbors(j)
			// w runs over the partners of both v and j, in ascending order.
			a, b := 0, 0
			for a < len(nv) && b < len(nj) {
				switch {
				case nv[a] < nj[b]:
					a++
				case nv[a] > nj[b]:
					b++
				default:
					w := nv[a]
					indirect += pv / float64(p.Degree(w))
					a++
					b++
				}
			}
			s := pv + indirect
			c += s * s
		}
		out[v] = c
	}
	return out
}

// countCommon counts the values in both sorted lists.
func countCommon(a, b []int32) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// Participation returns the participation coefficient of every place over
// the groups its partners fall in (Guimerà and Amaral 2005): 1 - the sum
// over groups s of (k_s/k)², where k_s of its k partners are in group s; 0
// when all its partners are in one group, near 1 when they spread evenly
// over many. group gives each place's group (a community from Louvain, or a
// country index from CountryGroups). Places without links get NaN.
func Participation(p *Projection, group []int32) []float64 {
	out := make([]float64, p.N())
	count := map[int32]int{}
	for v := int32(0); v < int32(p.N()); v++ {
		nv := p.Neighbors(v)
		if len(nv) == 0 {
			out[v] = math.NaN()
			continue
		}
		clear(count)
		for _, u := range nv {
			count[group[u]]++
		}
		k := float64(len(nv))
		s := 0.0
		// Sum in group order so that the result is the same every time.
		keys := make([]int32, 0, len(count))
		for g := range count {
			keys = append(keys, g)
		}
		slices.Sort(keys)
		for _, g := range keys {
			f := float64(count[g]) / k
			s += f * f
		}
		out[v] = 1 - s
	}
	return out
}

// CountryGroups numbers the places' countries (in order of first
// appearance by index), for Participation over partner countries; places
// without a country share one group.
func CountryGroups(p *Projection) []int32 {
	ids := map[string]int32{}
	out := make([]int32, p.N())
	for i := range p.nodes {
		c := p.nodes[i].Country
		g, ok := ids[c]
		if !ok {
			g = int32(len(ids))
			ids[c] = g
		}
		out[i] = g
	}
	return out
}

// RankBrokers returns the first n places with links ordered by score:
// highest first, or lowest first when ascending (constraint, where a low
// value marks a broker); ties in id order. score holds one value per
// place, as the brokerage measures return them.
func RankBrokers(p *Projection, score []float64, ascending bool, n int) []int32 {
	var idx []int32
	for i := int32(0); i < int32(p.N()); i++ {
		if p.Degree(i) > 0 {
			idx = append(idx, i)
		}
	}
	slices.SortFunc(idx, func(x, y int32) int {
		a, b := score[x], score[y]
		switch {
		case a == b:
			return strings.Compare(p.nodes[x].ID, p.nodes[y].ID)
		case (a < b) == ascending:
			return -1
		}
		return 1
	})
	return idx[:min(n, len(idx))]
}
