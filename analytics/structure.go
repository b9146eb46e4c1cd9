package analytics

import "math"

// Components returns the connected components of p: comp[i] is the
// component of node i, components numbered 0, 1, ... in order of their
// first node; sizes[c] is the number of nodes of component c. A node
// without links is a component of its own. O(n+m).
func Components(p *Projection) (comp []int32, sizes []int) {
	return fromProjection(p).components()
}

// GlobalStats are the global figures of a graph.
type GlobalStats struct {
	// Nodes counts every place of the projection, isolated ones included;
	// Links the distinct linked pairs (parallel links of several kinds
	// count once).
	Nodes int `json:"nodes"`
	Links int `json:"links"`
	// Density is 2·Links / (Nodes·(Nodes-1)); 0 for fewer than two nodes.
	Density float64 `json:"density"`
	// Components is the number of connected components, each isolated
	// node one of them; LargestComponent the number of nodes in the
	// largest.
	Components       int `json:"components"`
	LargestComponent int `json:"largestComponent"`
	// AverageClustering is the mean local clustering coefficient over the
	// nodes with at least two partners; nodes of degree 0 or 1 are left
	// out, as in igraph's transitivity_avglocal_undirected(mode="nan")
	// (NetworkX's average_clustering counts them as 0 instead).
	AverageClustering float64 `json:"averageClustering"`
	// Transitivity is the global clustering coefficient: three times the
	// number of triangles over the number of connected triples (igraph
	// transitivity_undirected).
	Transitivity float64 `json:"transitivity"`
	// Assortativity is the degree assortativity coefficient (Newman 2002),
	// the Pearson correlation of the degrees at either end of a link
	// (igraph assortativity_degree(directed=False)); 0 when undefined.
	Assortativity float64 `json:"assortativity"`
	// Diameter is the longest shortest path within any component (igraph
	// diameter(unconn=True)); MeanDistance the mean shortest-path length
	// over all connected pairs of distinct nodes (igraph
	// average_path_length(unconn=True)), 0 when not asked for (see
	// Exec.Stats). Isolated nodes add no pair.
	Diameter     int     `json:"diameter"`
	MeanDistance float64 `json:"meanDistance"`
}

// Stats computes all the global figures of p, also the mean distance,
// which needs a breadth-first search from every node (degree-1 nodes
// derived from their neighbour, see Closeness), in parallel on workers
// goroutines (<= 0: one per CPU). Diameter and mean distance are exact.
// Clustering counts triangles in O(m·sqrt(m)).
func Stats(p *Projection, workers int) GlobalStats {
	st, _ := Exec{Workers: workers}.Stats(p, true)
	return st
}

// Stats computes the global figures of p on e.Workers goroutines, stopping
// with ErrCanceled soon after e.Done is closed. The mean distance needs a
// breadth-first search from every node and is computed only when
// meanDistance is set (else it is 0); without it the diameter comes from
// Diameter's bounds, about a dozen searches on twin-city graphs.
func (e Exec) Stats(p *Projection, meanDistance bool) (GlobalStats, error) {
	g := fromProjection(p)
	n := g.n()
	st := GlobalStats{Nodes: n, Links: len(g.adj) / 2}
	if n > 1 {
		st.Density = 2 * float64(st.Links) / (float64(n) * float64(n-1))
	}
	_, sizes := g.components()
	st.Components = len(sizes)
	for _, s := range sizes {
		st.LargestComponent = max(st.LargestComponent, s)
	}
	st.AverageClustering, st.Transitivity = clustering(g)
	st.Assortativity = assortativity(g)
	if !meanDistance {
		d, err := g.diameter(e)
		st.Diameter = d
		return st, err
	}
	d, err := distanceSweep(g, e)
	if err != nil {
		return GlobalStats{}, err
	}
	var sum, pairs int64
	for v := 0; v < n; v++ {
		sum += d.sum[v]
		pairs += int64(d.reach[v] - 1)
		st.Diameter = max(st.Diameter, int(d.ecc[v]))
	}
	if pairs > 0 {
		st.MeanDistance = float64(sum) / float64(pairs)
	}
	return st, nil
}

// triangles returns the number of triangles through every node, counting
// each triangle once per corner, by orienting edges from lower to higher
// (degree, index) rank so that every node has at most O(sqrt(m)) out-edges.
func triangles(g *csr) []int64 {
	n := g.n()
	deg := func(v int32) int32 { return g.off[v+1] - g.off[v] }
	less := func(a, b int32) bool {
		da, db := deg(a), deg(b)
		return da < db || (da == db && a < b)
	}
	outOff := make([]int32, n+1)
	for v := int32(0); v < int32(n); v++ {
		c := int32(0)
		for _, w := range g.adj[g.off[v]:g.off[v+1]] {
			if less(v, w) {
				c++
			}
		}
		outOff[v+1] = outOff[v] + c
	}
	out := make([]int32, outOff[n])
	for v := int32(0); v < int32(n); v++ {
		k := outOff[v]
		for _, w := range g.adj[g.off[v]:g.off[v+1]] {
			if less(v, w) {
				out[k] = w
				k++
			}
		}
	}
	tri := make([]int64, n)
	mark := make([]int32, n)
	for i := range mark {
		mark[i] = -1
	}
	for v := int32(0); v < int32(n); v++ {
		row := out[outOff[v]:outOff[v+1]]
		for _, w := range row {
			mark[w] = v
		}
		for _, w := range row {
			for _, x := range out[outOff[w]:outOff[w+1]] {
				if mark[x] == v {
					tri[v]++
					tri[w]++
					tri[x]++
				}
			}
		}
	}
	return tri
}

// clustering returns the average local clustering coefficient over nodes of
// degree >= 2 and the global transitivity.
func clustering(g *csr) (avg, transitivity float64) {
	tri := triangles(g)
	var triples, closed float64
	var sum float64
	count := 0
	for v := 0; v < g.n(); v++ {
		d := float64(g.off[v+1] - g.off[v])
		if d < 2 {
			continue
		}
		t := d * (d - 1) / 2
		triples += t
		closed += float64(tri[v])
		sum += float64(tri[v]) / t
		count++
	}
	if count > 0 {
		avg = sum / float64(count)
	}
	if triples > 0 {
		transitivity = closed / triples
	}
	return avg, transitivity
}

// assortativity is Newman's degree assortativity of an undirected graph:
// the Pearson correlation over both orientations of every link of the
// degrees at its two ends.
func assortativity(g *csr) float64 {
	var m, sxy, sx, sx2 float64
	for v := 0; v < g.n(); v++ {
		dv := float64(g.off[v+1] - g.off[v])
		for _, w := range g.adj[g.off[v]:g.off[v+1]] {
			dw := float64(g.off[w+1] - g.off[w])
			sxy += dv * dw
			sx += dv
			sx2 += dv * dv
			m++
		}
	}
	if m == 0 {
		return 0
	}
	mean := sx / m
	num := sxy/m - mean*mean
	den := sx2/m - mean*mean
	if den == 0 || math.IsNaN(num/den) {
		return 0
	}
	return num / den
}
