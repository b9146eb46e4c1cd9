package linkpred

import (
	"math"
	"math/rand/v2"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
)

// Scored is a candidate place (a node index of the training projection)
// and its score.
type Scored struct {
	Node  int32
	Score float64
}

// Training is the graph a method learns from: the projection of the
// training snapshot, whose node i is Snapshot.Municipalities[i].
type Training struct {
	P        *analytics.Projection
	Snapshot *graph.Snapshot
	// Today is the day the evaluation pretends it is, for methods that
	// tell ended links from running ones.
	Today graph.Date
}

// Scorer proposes candidates for the place q: it appends the places it
// scores above 0, in any order, to out and returns it. Places it leaves
// out score 0. It may list q and q's partners; Evaluate drops them.
type Scorer func(q int32, out []Scored) []Scored

// A Method is a way to propose partners. Prepare is called once per
// training graph; the Scorer it returns is called once per query place,
// from one goroutine.
type Method interface {
	Name() string
	Prepare(t *Training) (Scorer, error)
}

// AdamicAdar is the baseline of Adamic and Adar (2003): the sum over the
// common partners w of q and v of 1/ln(deg w) (partners with one link
// add nothing).
type AdamicAdar struct{}

// Name implements Method.
func (AdamicAdar) Name() string { return "Adamic-Adar" }

// Prepare implements Method.
func (AdamicAdar) Prepare(t *Training) (Scorer, error) {
	p := t.P
	acc := newAccumulator(p.N())
	return func(q int32, out []Scored) []Scored {
		for _, w := range p.Neighbors(q) {
			d := p.Degree(w)
			if d < 2 {
				continue
			}
			x := 1 / math.Log(float64(d))
			for _, v := range p.Neighbors(w) {
				acc.add(v, x)
			}
		}
		return acc.drain(out)
	}, nil
}

// PreferentialAttachment is the baseline of Barabási and Albert: the
// product of the two degrees, so the most linked places first whoever asks.
type PreferentialAttachment struct{}

// Name implements Method.
func (PreferentialAttachment) Name() string { return "preferential attachment" }

// Prepare implements Method.
func (PreferentialAttachment) Prepare(t *Training) (Scorer, error) {
	p := t.P
	return func(q int32, out []Scored) []Scored {
		dq := float64(max(p.Degree(q), 1)) // a place without links still gets the ranking by degree
		for v := int32(0); v < int32(p.N()); v++ {
			if d := p.Degree(v); d > 0 {
				out = append(out, Scored{v, dq * float64(d)})
			}
		}
		return out
	}, nil
}

// Random scores every place with a random number drawn from Seed and the
// query: the floor any method must clear.
type Random struct{ Seed uint64 }

// Name implements Method.
func (Random) Name() string { return "random" }

// Prepare implements Method.
func (r Random) Prepare(t *Training) (Scorer, error) {
	n := t.P.N()
	return func(q int32, out []Scored) []Scored {
		rnd := rand.New(rand.NewPCG(r.Seed, uint64(q)+1))
		for v := int32(0); v < int32(n); v++ {
			out = append(out, Scored{v, 1 - rnd.Float64()}) // in (0, 1]
		}
		return out
	}, nil
}

// accumulator adds up scores per node for one query at a time, remembering
// which nodes it touched so that clearing costs what the query did.
type accumulator struct {
	val     []float64
	touched []int32
}

func newAccumulator(n int) *accumulator { return &accumulator{val: make([]float64, n)} }

func (a *accumulator) add(v int32, x float64) {
	if a.val[v] == 0 {
		a.touched = append(a.touched, v)
	}
	a.val[v] += x
}

// drain appends the touched nodes with their sums to out and clears.
func (a *accumulator) drain(out []Scored) []Scored {
	for _, v := range a.touched {
		if a.val[v] > 0 {
			out = append(out, Scored{v, a.val[v]})
		}
		a.val[v] = 0
	}
	a.touched = a.touched[:0]
	return out
}
