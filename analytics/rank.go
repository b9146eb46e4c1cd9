package analytics

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
