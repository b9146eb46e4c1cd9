package server

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/citygraph/citygraph/graph"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The cost model.
//
// An operation's cost is what its fields return plus what they compute:
//
//   - the shape: every field costs its schema complexity (the resolvers
//     charge a list field by the number of items it can return times what
//     each item's selection costs, see resolvers/complexity.go);
//   - the computation: an analytics field (centrality, communities, stats,
//     coverage, recommendations, ...) costs its ComputeCosts weight once per
//     distinct argument set in the operation (the same question asked under
//     300 aliases is computed once, 300 different questions 300 times), a
//     traversal by depth (neighborhood, networkView) its weight times 8 per
//     level beyond the first.
//
// The walk over the operation is linear in the size of the document: each
// fragment's figures (cost, depth, whether it selects introspection) are
// computed once and reused wherever it is spread, so that fragments spread
// inside fragments cannot make the check itself explode. Sums saturate
// instead of overflowing.

// DefaultComputeCosts are the compute weights of the Query fields that run
// an analysis or a traversal, in the units of the complexity limit.
var DefaultComputeCosts = map[string]int{
	"centrality":           400,
	"communities":          300,
	"stats":                400,
	"cityRanks":            1000, // every metric
	"networkView":          300,
	"recommendPartners":    100,
	"findPartners":         100,
	"pairScore":            100,
	"brokerage":            300, // Louvain and three measures
	"bipartiteCentrality":  300, // two-mode closeness and betweenness
	"sharedGroups":         200, // the projection onto places, Σ members² of every group
	"coverage":             50,
	"coverageByCountry":    50,
	"coverageByYear":       50,
	"coverageBySize":       50,
	"municipalityCoverage": 50,
	"changes":              50,
	"partnershipNetwork":   20,
	"partnersOfPartners":   20,
	"shortestPath":         20,
	"neighborhood":         20,
	// The analyses run through gonum (resolvers/gonum.go).
	"kShortestPaths":    100,
	"cliques":           300,
	"cliqueCommunities": 400,
	"nearestByDistance": 100,
}

// depthFields are traversals whose compute cost grows with their depth
// argument.
var depthFields = map[string]bool{"neighborhood": true, "networkView": true}

// costCap bounds every figure of the walk so that sums and products of
// hostile queries stay far from overflow.
const costCap = math.MaxInt32

func capAdd(a, b int) int { return min(a+b, costCap) }

// opFigures are what the walk finds out about an operation or fragment.
type opFigures struct {
	cost          int  // shape cost (complexity)
	depth         int  // fields deep, not counting introspection
	introspection bool // selects __schema or __type
}

// walker computes opFigures in one pass, memoising fragments.
type walker struct {
	ctx     context.Context
	es      graphql.ExecutableSchema
	schema  *ast.Schema
	vars    map[string]any
	frags   map[string]*opFigures // by fragment name; nil entry while being walked
	compute map[string]int        // distinct computations: key -> weight
	weights map[string]int
}

func newWalker(ctx context.Context, es graphql.ExecutableSchema, vars map[string]any, weights map[string]int) *walker {
	return &walker{ctx: ctx, es: es, schema: es.Schema(), vars: vars,
		frags: map[string]*opFigures{}, compute: map[string]int{}, weights: weights}
}

// analyzeOperation returns the figures of op and its compute cost.
func analyzeOperation(ctx context.Context, es graphql.ExecutableSchema, op *ast.OperationDefinition, vars map[string]any, weights map[string]int) (fig opFigures, compute int) {
	w := newWalker(ctx, es, vars, weights)
	fig = w.selectionSet(op.SelectionSet)
	for _, c := range w.compute {
		compute = capAdd(compute, c)
	}
	return fig, compute
}

func (w *walker) selectionSet(ss ast.SelectionSet) opFigures {
	var out opFigures
	for _, sel := range ss {
		var f opFigures
		switch s := sel.(type) {
		case *ast.Field:
			f = w.field(s)
		case *ast.InlineFragment:
			f = w.selectionSet(s.SelectionSet)
		case *ast.FragmentSpread:
			f = w.fragment(s)
		}
		out.cost = capAdd(out.cost, f.cost)
		out.depth = max(out.depth, f.depth)
		out.introspection = out.introspection || f.introspection
	}
	return out
}

// fragment returns a fragment's figures, walking it the first time only.
// Validation rejects cycles; a cycle seen anyway counts as nothing.
func (w *walker) fragment(s *ast.FragmentSpread) opFigures {
	if s.Definition == nil {
		return opFigures{}
	}
	if f, seen := w.frags[s.Name]; seen {
		if f == nil {
			return opFigures{}
		}
		return *f
	}
	w.frags[s.Name] = nil
	f := w.selectionSet(s.Definition.SelectionSet)
	w.frags[s.Name] = &f
	return f
}

func (w *walker) field(s *ast.Field) opFigures {
	if s.Name == "__schema" || s.Name == "__type" {
		return opFigures{introspection: true}
	}
	if strings.HasPrefix(s.Name, "__") || s.Definition == nil || s.ObjectDefinition == nil {
		return opFigures{} // __typename; unknown fields do not pass validation
	}
	child := w.selectionSet(s.SelectionSet)
	args := s.ArgumentMap(w.vars)
	cost := 1 + child.cost
	if c, ok := w.es.Complexity(w.ctx, s.ObjectDefinition.Name, s.Name, min(child.cost, costCap), args); ok && c >= 1 {
		cost = min(c, costCap)
	}
	if s.ObjectDefinition.Name == "Query" {
		w.charge(s.Name, args)
	}
	return opFigures{cost: cost, depth: 1 + child.depth, introspection: child.introspection}
}

// charge records the compute cost of a root field once per distinct
// argument set.
func (w *walker) charge(name string, args map[string]any) {
	weight, ok := w.weights[name]
	if !ok {
		return
	}
	if depthFields[name] {
		if d, ok := args["depth"].(int64); ok && d > 1 {
			weight *= int(math.Pow(8, float64(min(d, 6)-1)))
		} else if d, ok := args["depth"].(int); ok && d > 1 {
			weight *= int(math.Pow(8, float64(min(d, 6)-1)))
		}
	}
	w.compute[name+"\x00"+canonicalArgs(args)] = min(weight, costCap)
}

// canonicalArgs is a text form of field arguments that is equal for equal
// arguments (JSON sorts map keys).
func canonicalArgs(args map[string]any) string {
	b, err := json.Marshal(args)
	if err != nil {
		return fmt.Sprintf("%v", args)
	}
	return string(b)
}

// costLimit is a gqlgen extension that prices an operation before any
// resolver runs (see the cost model above) and refuses it with
// COMPLEXITY_LIMIT_EXCEEDED, naming its cost, when it costs more than max
// or more than the client's budget holds (then with a retry time).
type costLimit struct {
	es      graphql.ExecutableSchema
	max     int            // per operation; <= 0 for no limit
	weights map[string]int // compute weights by Query field
	budgets *Budgets       // per-client budgets; nil for none
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = costLimit{}

func (costLimit) ExtensionName() string                   { return "CostLimit" }
func (costLimit) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationContext prices the operation and refuses it when it is
// over the limit or over the client's budget.
func (c costLimit) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	if opCtx.Operation == nil {
		return nil
	}
	fig, compute := analyzeOperation(ctx, c.es, opCtx.Operation, opCtx.Variables, c.weights)
	cost := capAdd(fig.cost, compute)
	requestInfo(ctx).setCost(cost)
	if c.max > 0 && cost > c.max {
		return &gqlerror.Error{
			Message: fmt.Sprintf("the operation costs %d, more than the limit of %d (lists count by their length, "+
				"each distinct analysis or deep traversal by what it computes)", cost, c.max),
			Extensions: map[string]any{"code": graph.ECOMPLEXITYLIMIT, "cost": cost, "limit": c.max},
		}
	}
	if c.budgets == nil {
		return nil
	}
	ok, left, wait := c.budgets.Spend(requestInfo(ctx).clientKey(), cost)
	if !ok {
		return &gqlerror.Error{
			Message: fmt.Sprintf("the operation costs %d and this client's budget holds %d now; it refills by %.0f per second",
				cost, int(left), c.budgets.Rate),
			Extensions: map[string]any{"code": graph.ECOMPLEXITYLIMIT, "cost": cost, "budget": int(left),
				"retryAfter": retryAfterSeconds(wait)},
		}
	}
	return nil
}

// Budgets holds a token bucket of cost per client: each client (its bearer
// token, else its address) may spend Burst at once and regains Rate per
// second. Safe for concurrent use.
type Budgets struct {
	Rate, Burst float64
	MaxClients  int // clients tracked at once; full buckets are forgotten first

	mu      sync.Mutex
	buckets map[string]*bucket
	now     func() time.Time
}

type bucket struct {
	tokens float64
	at     time.Time
}

// NewBudgets returns per-client budgets of burst, refilled at rate per
// second.
func NewBudgets(rate, burst float64) *Budgets {
	return &Budgets{Rate: rate, Burst: burst, MaxClients: 10000, buckets: map[string]*bucket{}, now: time.Now}
}

// Spend takes cost from client's budget. When the budget does not hold it,
// nothing is taken and wait says when it will.
func (b *Budgets) Spend(client string, cost int) (ok bool, left float64, wait time.Duration) {
	b.mu.Lock()
	defer b.mu.Unlock()
	now := b.now()
	bk := b.buckets[client]
	if bk == nil {
		if len(b.buckets) >= b.MaxClients {
			b.forgetFull(now)
		}
		bk = &bucket{tokens: b.Burst, at: now}
		b.buckets[client] = bk
	}
	bk.tokens = min(b.Burst, bk.tokens+now.Sub(bk.at).Seconds()*b.Rate)
	bk.at = now
	c := float64(cost)
	if c > bk.tokens {
		return false, bk.tokens, time.Duration((c - bk.tokens) / b.Rate * float64(time.Second))
	}
	bk.tokens -= c
	return true, bk.tokens, 0
}

// forgetFull drops the clients whose budget has refilled (they lose
// nothing), or, if none has, the half with the most left. b.mu is held.
func (b *Budgets) forgetFull(now time.Time) {
	type kv struct {
		k string
		v float64
	}
	var all []kv
	for k, bk := range b.buckets {
		t := min(b.Burst, bk.tokens+now.Sub(bk.at).Seconds()*b.Rate)
		if t >= b.Burst {
			delete(b.buckets, k)
			continue
		}
		all = append(all, kv{k, t})
	}
	if len(b.buckets) < b.MaxClients {
		return
	}
	sort.Slice(all, func(i, j int) bool { return all[i].v > all[j].v })
	for _, e := range all[:len(all)/2] {
		delete(b.buckets, e.k)
	}
}

// retryAfterSeconds is the Retry-After value for a wait.
func retryAfterSeconds(d time.Duration) string {
	return strconv.Itoa(max(1, int(math.Ceil(d.Seconds()))))
}
