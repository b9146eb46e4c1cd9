package analytics

// blockCut is the decomposition of a graph into its biconnected components
// (blocks) with what exact betweenness needs from the block-cut tree.
//
// Every link lies in exactly one block; two blocks share at most one node,
// an articulation point. Blocks are numbered in the order the depth-first
// search closes them, which depends only on the graph.
type blockCut struct {
	// Nodes of block b: nodes[nOff[b]:nOff[b+1]]; reach[k] is, for the
	// node nodes[k] in block b, the number of nodes of its component that
	// it stands for in b: itself and every node that reaches b only
	// through it (1 for a node in no other block).
	nOff  []int32
	nodes []int32
	reach []float64
	// Links of block b: pairs (edges[2k], edges[2k+1]) for k in
	// [eOff[b], eOff[b+1]), as node indices of the whole graph.
	eOff  []int32
	edges []int32
	// cut[v] is the number of unordered pairs of other nodes of v's
	// component that lie in different components of the graph without v:
	// every path between them passes v. It is 0 unless v is an
	// articulation point.
	cut []float64
}

func (bc *blockCut) count() int { return len(bc.nOff) - 1 }

// blocks decomposes g into biconnected components with an iterative
// version of Hopcroft and Tarjan's depth-first search (1973), in O(n+m).
// Isolated nodes belong to no block.
func (g *csr) blocks() *blockCut {
	n := g.n()
	b := &blockCut{nOff: []int32{0}, eOff: []int32{0}, cut: make([]float64, n)}
	disc := make([]int32, n) // discovery time + 1; 0: not seen
	low := make([]int32, n)
	parent := make([]int32, n)
	next := make([]int32, n)   // next adjacency slot to scan
	sub := make([]int32, n)    // nodes in the DFS subtree
	hang := make([]int32, n)   // nodes in the subtrees of children that start a block at v
	sqSide := make([]int64, n) // Σ of the squared sizes of those subtrees
	mark := make([]int32, n)   // block+1 that last listed the node
	estack := make([]int32, 0, 64)
	stack := make([]int32, 0, 64)
	seen := make([]int32, 0, n) // nodes in discovery order
	// tops records, per block, its top node and the size of the subtree
	// below it; the top's reach needs the component's size, known only
	// when the search of the component ends.
	type top struct{ k, below int32 }
	var tops []top
	t := int32(0)
	for r := int32(0); r < int32(n); r++ {
		if disc[r] != 0 || g.off[r+1] == g.off[r] {
			continue
		}
		firstTop, firstSeen := len(tops), len(seen)
		seen = append(seen, r)
		t++
		disc[r], low[r], parent[r], next[r], sub[r] = t, t, -1, g.off[r], 1
		stack = append(stack[:0], r)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			if next[v] < g.off[v+1] {
				w := g.adj[next[v]]
				next[v]++
				switch {
				case disc[w] == 0:
					t++
					disc[w], low[w], parent[w], next[w], sub[w] = t, t, v, g.off[w], 1
					estack = append(estack, v, w)
					stack = append(stack, w)
					seen = append(seen, w)
				case w != parent[v] && disc[w] < disc[v]:
					low[v] = min(low[v], disc[w])
					estack = append(estack, v, w)
				}
				continue
			}
			stack = stack[:len(stack)-1]
			p := parent[v]
			if p < 0 {
				continue
			}
			sub[p] += sub[v]
			low[p] = min(low[p], low[v])
			if low[v] < disc[p] {
				continue
			}
			// p separates v's subtree: the links pushed since (p, v) form a block.
			hang[p] += sub[v]
			sqSide[p] += int64(sub[v]) * int64(sub[v])
			blk := int32(b.count()) + 1
			k := len(estack) - 2
			for estack[k] != p || estack[k+1] != v {
				k -= 2
			}
			for i := k; i < len(estack); i++ {
				x := estack[i]
				if mark[x] == blk {
					continue
				}
				mark[x] = blk
				b.nodes = append(b.nodes, x)
				if x == p {
					tops = append(tops, top{int32(len(b.reach)), sub[v]})
					b.reach = append(b.reach, 0)
				} else {
					b.reach = append(b.reach, float64(1+hang[x]))
				}
			}
			b.edges = append(b.edges, estack[k:]...)
			estack = estack[:k]
			b.nOff = append(b.nOff, int32(len(b.nodes)))
			b.eOff = append(b.eOff, int32(len(b.edges)/2))
		}
		size := sub[r]
		for _, tp := range tops[firstTop:] {
			b.reach[tp.k] = float64(size - tp.below)
		}
		b.cutCounts(seen[firstSeen:], size, hang, sqSide)
	}
	return b
}

// cutCounts sets cut[v] for the nodes of one component of the given size:
// the pairs split by v are those between different pieces of the component
// without v, the subtrees that start a block at v and the rest.
func (b *blockCut) cutCounts(comp []int32, size int32, hang []int32, sqSide []int64) {
	all := int64(size - 1)
	for _, v := range comp {
		if hang[v] > 0 {
			rest := all - int64(hang[v])
			b.cut[v] = float64(all*all-sqSide[v]-rest*rest) / 2
		}
	}
}
