package linkpred

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
)

// Options says which hidden links count and how AUC is sampled.
type Options struct {
	// Home, when set (an ISO country code such as "DE"), evaluates
	// partners abroad: the queries are the places in Home with hidden
	// links to places outside it, only those links count, and only places
	// outside Home are candidates. When empty, every end of a hidden link
	// is a query and every place a candidate.
	Home string
	// Negatives is how many places not linked to the query (in the full
	// graph) are drawn per hidden link for AUC (default 20).
	Negatives int
	// Seed draws the negatives and breaks ties between equal scores.
	Seed uint64
	// Today is passed to the methods (see Training).
	Today graph.Date
}

// Result is how one method did on one split.
type Result struct {
	Method string `json:"method"`
	// Queries is the number of places asked for; Hidden the hidden links
	// that count (a link counts once per query end).
	Queries int `json:"queries"`
	Hidden  int `json:"hidden"`
	// PrecisionAt10 is the mean over the queries of the share of the first
	// 10 candidates that are hidden partners (a list shorter than 10
	// counts its missing places as misses).
	PrecisionAt10 float64 `json:"precisionAt10"`
	// RecallAt50 is the mean over the queries of the share of the query's
	// hidden partners among its first 50 candidates.
	RecallAt50 float64 `json:"recallAt50"`
	// AUC is the probability that a hidden partner scores above a place
	// the query is not linked to (ties count half), both for the same
	// query, over Negatives drawn places per hidden link.
	AUC float64 `json:"auc"`
	// Answered is the share of queries that got at least one candidate.
	Answered float64 `json:"answered"`
	// Seconds is the time the method took (preparation and every query).
	Seconds float64 `json:"seconds"`
}

// query is a place with hidden links and the partners hidden from it.
type query struct {
	node    int32
	targets []int32
}

// evaluation holds what every method is measured against.
type evaluation struct {
	t       *Training
	opt     Options
	queries []query
	partner map[[2]int32]bool // linked in the full graph (training and hidden), both orders
	outside []bool            // a candidate under opt.Home
	hidden  int
}

// Evaluate measures each method on the split: for every query place
// (every end of a hidden link, or under Options.Home the home end of a
// link abroad) the method ranks the places it is not linked to in the
// training graph by score, ties broken by a draw from the seed, places
// scoring 0 left out; precision@10, recall@50 and AUC are then taken
// against the hidden partners. The same split, methods and options give
// the same results (but Seconds).
func Evaluate(sp Split, methods []Method, opt Options) ([]Result, error) {
	if opt.Negatives <= 0 {
		opt.Negatives = 20
	}
	ev, err := newEvaluation(sp, opt)
	if err != nil {
		return nil, err
	}
	out := make([]Result, 0, len(methods))
	for _, m := range methods {
		r, err := ev.run(m)
		if err != nil {
			return nil, fmt.Errorf("linkpred: %s: %w", m.Name(), err)
		}
		out = append(out, r)
	}
	return out, nil
}

func newEvaluation(sp Split, opt Options) (*evaluation, error) {
	s := sp.Train
	p := analytics.NewProjection(s)
	ev := &evaluation{t: &Training{P: p, Snapshot: s, Today: opt.Today}, opt: opt, partner: map[[2]int32]bool{}}
	index := make(map[string]int32, len(s.Municipalities))
	ev.outside = make([]bool, len(s.Municipalities))
	for i, m := range s.Municipalities {
		index[m.ID] = int32(i)
		ev.outside[i] = opt.Home == "" || m.Country != opt.Home
	}
	for v := int32(0); v < int32(p.N()); v++ {
		for _, w := range p.Neighbors(v) {
			ev.partner[[2]int32{v, w}] = true
		}
	}
	targets := map[int32][]int32{}
	for _, h := range sp.Hidden {
		a, okA := index[h[0]]
		b, okB := index[h[1]]
		if !okA || !okB {
			return nil, fmt.Errorf("linkpred: hidden pair %s-%s: place not in the training graph", h[0], h[1])
		}
		ev.partner[[2]int32{a, b}], ev.partner[[2]int32{b, a}] = true, true
		for _, qt := range [][2]int32{{a, b}, {b, a}} {
			q, t := qt[0], qt[1]
			if opt.Home != "" && (s.Municipalities[q].Country != opt.Home || !ev.outside[t]) {
				continue
			}
			targets[q] = append(targets[q], t)
			ev.hidden++
		}
	}
	for q, ts := range targets {
		slices.Sort(ts)
		ev.queries = append(ev.queries, query{q, ts})
	}
	slices.SortFunc(ev.queries, func(a, b query) int { return cmp.Compare(a.node, b.node) })
	return ev, nil
}

// run measures one method.
func (ev *evaluation) run(m Method) (Result, error) {
	start := time.Now()
	score, err := m.Prepare(ev.t)
	if err != nil {
		return Result{}, err
	}
	p := ev.t.P
	n := p.N()
	val := make([]float64, n)
	stamp := make([]int32, n) // val[v] is this query's when stamp[v] == query number+1
	var buf []Scored
	var p10, r50, aucSum float64
	var aucN, answered int
	for qi, q := range ev.queries {
		buf = score(q.node, buf[:0])
		ranked := buf[:0]
		for _, c := range buf {
			if c.Score > 0 && ev.eligible(q.node, c.Node) {
				ranked = append(ranked, c)
				val[c.Node], stamp[c.Node] = c.Score, int32(qi+1)
			}
		}
		if len(ranked) > 0 {
			answered++
		}
		ranked = ev.top(q.node, ranked, 50)
		h10, h50 := 0, 0
		for k, c := range ranked {
			if _, hit := slices.BinarySearch(q.targets, c.Node); hit {
				h50++
				if k < 10 {
					h10++
				}
			}
		}
		p10 += float64(h10) / 10
		r50 += float64(h50) / float64(len(q.targets))
		at := func(v int32) float64 {
			if stamp[v] == int32(qi+1) {
				return val[v]
			}
			return 0
		}
		s, c := ev.auc(q, at)
		aucSum += s
		aucN += c
	}
	r := Result{Method: m.Name(), Queries: len(ev.queries), Hidden: ev.hidden, Seconds: time.Since(start).Seconds()}
	if nq := float64(len(ev.queries)); nq > 0 {
		r.PrecisionAt10, r.RecallAt50, r.Answered = p10/nq, r50/nq, float64(answered)/nq
	}
	if aucN > 0 {
		r.AUC = aucSum / float64(aucN)
	}
	return r, nil
}

// eligible reports whether v may be proposed to q: another place, not
// linked to q in the training graph, and outside Home when set.
func (ev *evaluation) eligible(q, v int32) bool {
	if v == q || !ev.outside[v] {
		return false
	}
	return !ev.trainPartner(q, v)
}

func (ev *evaluation) trainPartner(q, v int32) bool {
	_, ok := slices.BinarySearch(ev.t.P.Neighbors(q), v)
	return ok
}

// top returns the k best candidates of cs, best first: by score, ties by
// a draw from the seed and q. It reorders cs and returns a prefix of it.
func (ev *evaluation) top(q int32, cs []Scored, k int) []Scored {
	order := func(a, b Scored) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return cmp.Or(cmp.Compare(tie(ev.opt.Seed, q, a.Node), tie(ev.opt.Seed, q, b.Node)), cmp.Compare(a.Node, b.Node))
	}
	if len(cs) > 4*k {
		// Keep the k best in a heap whose root is the worst of them:
		// O(len(cs) log k) instead of sorting everything.
		h := cs[:k]
		heapify(h, order)
		for _, c := range cs[k:] {
			if order(c, h[0]) < 0 {
				h[0] = c
				siftDown(h, 0, order)
			}
		}
		cs = h
	}
	slices.SortFunc(cs, order)
	return cs[:min(k, len(cs))]
}

// heapify makes h a heap whose root is the largest under order (the
// worst candidate).
func heapify(h []Scored, order func(a, b Scored) int) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		siftDown(h, i, order)
	}
}

func siftDown(h []Scored, i int, order func(a, b Scored) int) {
	for {
		l, worst := 2*i+1, i
		if l < len(h) && order(h[l], h[worst]) > 0 {
			worst = l
		}
		if r := l + 1; r < len(h) && order(h[r], h[worst]) > 0 {
			worst = r
		}
		if worst == i {
			return
		}
		h[i], h[worst] = h[worst], h[i]
		i = worst
	}
}

// tie is a pseudo-random number from the seed, the query and the candidate.
func tie(seed uint64, q, v int32) uint64 {
	x := seed ^ uint64(q)<<32 ^ uint64(uint32(v))
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// auc compares every hidden partner of q with Negatives places drawn
// among those q is not linked to in the full graph (outside Home when
// set); it returns the sum of the comparisons (1 above, 0.5 tied) and
// their number.
func (ev *evaluation) auc(q query, at func(int32) float64) (float64, int) {
	n := int32(ev.t.P.N())
	rnd := rand.New(rand.NewPCG(ev.opt.Seed, 0xa0c0000+uint64(q.node)))
	var sum float64
	count := 0
	for _, t := range q.targets {
		st := at(t)
		for k := 0; k < ev.opt.Negatives; k++ {
			w := int32(-1)
			for try := 0; try < 1000; try++ {
				v := rnd.Int32N(n)
				if v != q.node && ev.outside[v] && !ev.partner[[2]int32{q.node, v}] {
					w = v
					break
				}
			}
			if w < 0 {
				break
			}
			switch sw := at(w); {
			case st > sw:
				sum++
			case st == sw:
				sum += 0.5
			}
			count++
		}
	}
	return sum, count
}
