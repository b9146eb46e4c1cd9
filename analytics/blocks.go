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
	s := &blockSearch{
		g:      g,
		b:      &blockCut{nOff: []int32{0}, eOff: []int32{0}, cut: make([]float64, n)},
		disc:   make([]int32, n),
		low:    make([]int32, n),
		parent: make([]int32, n),
		next:   make([]int32, n),
		sub:    make([]int32, n),
		hang:   make([]int32, n),
		sqSide: make([]int64, n),
		mark:   make([]int32, n),
		seen:   make([]int32, 0, n),
	}
	for r := int32(0); r < int32(n); r++ {
		if s.disc[r] == 0 && g.off[r+1] > g.off[r] {
			s.component(r)
		}
	}
	return s.b
}

// blockSearch is the state of the depth-first search of blocks.
type blockSearch struct {
	g      *csr
	b      *blockCut
	t      int32
	disc   []int32 // discovery time, from 1; 0: not seen
	low    []int32
	parent []int32
	next   []int32 // next adjacency slot to scan
	sub    []int32 // nodes in the DFS subtree
	hang   []int32 // nodes in the subtrees of children that start a block at v
	sqSide []int64 // Σ of the squared sizes of those subtrees
	mark   []int32 // block+1 that last listed the node
	estack []int32 // links (pairs of nodes) not yet in a block
	stack  []int32 // the DFS path
	seen   []int32 // nodes in discovery order
	// tops records, per block, the position of its top node in reach and
	// the size of the subtree below it: the top's reach needs the
	// component's size, known only when the search of the component ends.
	tops []struct{ k, below int32 }
}

// discover pushes w, reached from v (-1 for a root).
func (s *blockSearch) discover(w, v int32) {
	s.t++
	s.disc[w], s.low[w], s.parent[w], s.next[w], s.sub[w] = s.t, s.t, v, s.g.off[w], 1
	s.stack = append(s.stack, w)
	s.seen = append(s.seen, w)
}

// component searches the component of r and closes its blocks.
func (s *blockSearch) component(r int32) {
	g := s.g
	firstTop, firstSeen := len(s.tops), len(s.seen)
	s.discover(r, -1)
	for len(s.stack) > 0 {
		v := s.stack[len(s.stack)-1]
		if s.next[v] < g.off[v+1] {
			w := g.adj[s.next[v]]
			s.next[v]++
			switch {
			case s.disc[w] == 0:
				s.estack = append(s.estack, v, w)
				s.discover(w, v)
			case w != s.parent[v] && s.disc[w] < s.disc[v]:
				s.low[v] = min(s.low[v], s.disc[w])
				s.estack = append(s.estack, v, w)
			}
			continue
		}
		s.stack = s.stack[:len(s.stack)-1]
		p := s.parent[v]
		if p < 0 {
			continue
		}
		s.sub[p] += s.sub[v]
		s.low[p] = min(s.low[p], s.low[v])
		if s.low[v] >= s.disc[p] {
			s.closeBlock(p, v)
		}
	}
	size := s.sub[r]
	for _, tp := range s.tops[firstTop:] {
		s.b.reach[tp.k] = float64(size - tp.below)
	}
	s.b.cutCounts(s.seen[firstSeen:], size, s.hang, s.sqSide)
}

// closeBlock records the block of the links pushed since the tree link
// (p, v): p separates v's subtree from the rest.
func (s *blockSearch) closeBlock(p, v int32) {
	b := s.b
	s.hang[p] += s.sub[v]
	s.sqSide[p] += int64(s.sub[v]) * int64(s.sub[v])
	blk := int32(b.count()) + 1
	k := len(s.estack) - 2
	for s.estack[k] != p || s.estack[k+1] != v {
		k -= 2
	}
	for _, x := range s.estack[k:] {
		if s.mark[x] == blk {
			continue
		}
		s.mark[x] = blk
		b.nodes = append(b.nodes, x)
		if x == p {
			s.tops = append(s.tops, struct{ k, below int32 }{int32(len(b.reach)), s.sub[v]})
			b.reach = append(b.reach, 0)
		} else {
			b.reach = append(b.reach, float64(1+s.hang[x]))
		}
	}
	b.edges = append(b.edges, s.estack[k:]...)
	s.estack = s.estack[:k]
	b.nOff = append(b.nOff, int32(len(b.nodes)))
	b.eOff = append(b.eOff, int32(len(b.edges)/2))
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
