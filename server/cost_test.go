package server

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/citygraph/citygraph/graph"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// nestedFragments is the attack of issue 13: levels fragments, each
// spreading the next one fanout times, so that the expanded operation has
// fanout^levels fields while the document stays small.
func nestedFragments(levels, fanout int) string {
	var b strings.Builder
	b.WriteString(`query Bomb { city(id: "DE:08222000") { ...F0 } }` + "\n")
	for i := range levels {
		fmt.Fprintf(&b, "fragment F%d on City {", i)
		for j := range fanout {
			if i == levels-1 {
				fmt.Fprintf(&b, " a%d: name", j)
			} else {
				fmt.Fprintf(&b, " ...F%d", i+1)
			}
		}
		b.WriteString(" }\n")
	}
	return b.String()
}

// countingSchema counts the complexity calls the walk makes.
type countingSchema struct {
	graphql.ExecutableSchema
	calls atomic.Int64
}

func (c *countingSchema) Complexity(ctx context.Context, typeName, field string, child int, args map[string]any) (int, bool) {
	c.calls.Add(1)
	return c.ExecutableSchema.Complexity(ctx, typeName, field, child, args)
}

func parseOp(t *testing.T, es graphql.ExecutableSchema, q string) *ast.OperationDefinition {
	t.Helper()
	doc, errs := gqlparser.LoadQueryWithRules(es.Schema(), q, nil) // nil: the default rules
	if len(errs) > 0 {
		t.Fatalf("query does not validate: %v", errs)
	}
	return doc.Operations[0]
}

func TestCostWalkIsLinearInTheDocument(t *testing.T) {
	e := startServer(t, Config{})
	es := &countingSchema{ExecutableSchema: e.srv.cfg.Schema}
	q := nestedFragments(30, 10) // 10^30 fields expanded, 300 written
	op := parseOp(t, es, q)
	fig, _ := analyzeOperation(context.Background(), es, op, nil, DefaultComputeCosts)
	if n := es.calls.Load(); n > 400 {
		t.Errorf("the walk priced %d fields of a document that has 301: it expands fragments", n)
	}
	if fig.cost != costCap {
		t.Errorf("cost %d, want the cap %d for 10^30 fields", fig.cost, costCap)
	}
	if d := SelectionDepth(op.SelectionSet, -1); d != 2 {
		t.Errorf("depth %d, want 2", d)
	}
	if selectsIntrospection(op.SelectionSet) {
		t.Errorf("the bomb does not introspect")
	}
	// Through the server: refused with its cost, quickly enough that the
	// test does not hang (no timing is asserted).
	r := e.query(t, q, nil, nil)
	if r.status != 400 || !slices.Contains(r.gql.codes(), graph.ECOMPLEXITYLIMIT) || len(r.gql.Data) != 0 {
		t.Fatalf("bomb: %d %s", r.status, r.body)
	}
	if c, _ := r.gql.Errors[0].Extensions["cost"].(float64); int(c) != costCap {
		t.Errorf("the refusal names cost %v, want %d", r.gql.Errors[0].Extensions["cost"], costCap)
	}
}

func TestComputeCostPerDistinctArguments(t *testing.T) {
	e := startServer(t, Config{})
	es := e.srv.cfg.Schema
	aliases := func(n int, distinct bool) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			top := 5
			if distinct {
				top = 1 + i
			}
			fmt.Fprintf(&b, " a%d: centrality(metric: BETWEENNESS, top: %d) { score }", i, top)
		}
		b.WriteString(" }")
		return b.String()
	}
	_, same := analyzeOperation(context.Background(), es, parseOp(t, es, aliases(50, false)), nil, DefaultComputeCosts)
	_, diff := analyzeOperation(context.Background(), es, parseOp(t, es, aliases(50, true)), nil, DefaultComputeCosts)
	w := DefaultComputeCosts["centrality"]
	if same != w || diff != 50*w {
		t.Errorf("compute cost of 50 identical aliases %d (want %d), of 50 distinct %d (want %d)", same, w, diff, 50*w)
	}
	// Variables count by their values.
	q := `query Q($m: CentralityMetric!, $n: CentralityMetric!) { a: centrality(metric: $m) { score } b: centrality(metric: $n) { score } }`
	for _, c := range []struct {
		vars map[string]any
		want int
	}{{map[string]any{"m": "DEGREE", "n": "DEGREE"}, w}, {map[string]any{"m": "DEGREE", "n": "PAGERANK"}, 2 * w}} {
		if _, got := analyzeOperation(context.Background(), es, parseOp(t, es, q), c.vars, DefaultComputeCosts); got != c.want {
			t.Errorf("vars %v: compute %d, want %d", c.vars, got, c.want)
		}
	}
	// Traversals by depth.
	_, d1 := analyzeOperation(context.Background(), es, parseOp(t, es, `{ neighborhood(city: "Mannheim", depth: 1) { nodes { id } } }`), nil, DefaultComputeCosts)
	_, d3 := analyzeOperation(context.Background(), es, parseOp(t, es, `{ neighborhood(city: "Mannheim", depth: 3) { nodes { id } } }`), nil, DefaultComputeCosts)
	if d3 != 64*d1 {
		t.Errorf("neighborhood depth 3 costs %d, depth 1 %d: want 64x", d3, d1)
	}

	// 300 aliases of analytics with distinct arguments: refused before
	// any work, with the cost.
	r := e.query(t, aliases(300, true), nil, nil)
	if r.status != 400 || !slices.Contains(r.gql.codes(), graph.ECOMPLEXITYLIMIT) {
		t.Fatalf("300 distinct analytics: %d %s", r.status, r.body)
	}
	if c, _ := r.gql.Errors[0].Extensions["cost"].(float64); int(c) < 300*w {
		t.Errorf("refusal cost %v, want at least %d", r.gql.Errors[0].Extensions["cost"], 300*w)
	}
	if st := e.srv.metrics; st == nil {
		t.Fatal("no metrics")
	}
}

func TestClientBudgets(t *testing.T) {
	// A budget of 100 per second: 1000 at once.
	e := startServer(t, Config{ClientBudget: 100, AdminToken: "admin-token"})
	// About 400 each; distinct, so that none is answered from the cache.
	q := func(i int) string { return fmt.Sprintf(`{ centrality(metric: DEGREE, top: %d) { score } }`, i+1) }
	refused := -1
	for i := range 10 {
		r := e.query(t, q(i), nil, map[string]string{"Accept": mediaJSON})
		if r.status == http.StatusTooManyRequests {
			refused = i
			if !slices.Contains(r.gql.codes(), graph.ECOMPLEXITYLIMIT) || r.header.Get("Retry-After") == "" ||
				r.gql.Errors[0].Extensions["retryAfter"] == nil || r.gql.Errors[0].Extensions["cost"] == nil {
				t.Errorf("over budget: %d Retry-After %q %s", r.status, r.header.Get("Retry-After"), r.body)
			}
			break
		}
		if r.status != 200 || len(r.gql.Errors) > 0 {
			t.Fatalf("request %d: %d %s", i, r.status, r.body)
		}
	}
	if refused < 1 || refused > 3 {
		t.Fatalf("refused at request %d, want after two or three", refused)
	}
	// Another client (here: the admin token) has its own budget.
	if r := e.query(t, q(20), nil, map[string]string{"Authorization": "Bearer admin-token"}); r.status != 200 {
		t.Errorf("another client: %d %s", r.status, r.body)
	}
	// The request log says what each operation cost.
	found := false
	for _, l := range e.logs.lines(t) {
		if c, ok := l["cost"].(float64); ok && c > 400 {
			found = true
		}
	}
	if !found {
		t.Errorf("no request log line with the cost")
	}
}

func TestBudgetsRefillAndForget(t *testing.T) {
	b := NewBudgets(10, 100)
	now := time.Unix(0, 0)
	b.now = func() time.Time { return now }
	if ok, _, _ := b.Spend("a", 100); !ok {
		t.Fatal("a full budget refused its burst")
	}
	ok, left, wait := b.Spend("a", 50)
	if ok || left != 0 || wait != 5*time.Second {
		t.Fatalf("empty budget: ok %v left %v wait %v", ok, left, wait)
	}
	now = now.Add(5 * time.Second)
	if ok, left, _ := b.Spend("a", 50); !ok || left != 0 {
		t.Fatalf("after 5 s: ok %v left %v", ok, left)
	}
	b.MaxClients = 3
	for _, c := range []string{"b", "c", "d", "e"} {
		b.Spend(c, 1)
	}
	if len(b.buckets) > 3 {
		t.Errorf("%d clients tracked, want at most 3", len(b.buckets))
	}
}

func TestNoSuggestionsWithoutIntrospection(t *testing.T) {
	q := `{ citi(name: "Mannheim") { id } }`
	on := startServer(t, Config{Introspection: true})
	if r := on.query(t, q, nil, nil); !strings.Contains(string(r.body), "Did you mean") {
		t.Fatalf("introspection on: no suggestion in %s", r.body)
	}
	off := startServer(t, Config{Introspection: false})
	r := off.query(t, q, nil, nil)
	if strings.Contains(string(r.body), "Did you mean") || strings.Contains(string(r.body), `"city"`) || !slices.Contains(r.gql.codes(), "GRAPHQL_VALIDATION_FAILED") {
		t.Fatalf("introspection off: %s", r.body)
	}
}

func TestQueryCacheIsBoundedInBytes(t *testing.T) {
	c := newQueryCache(100, 40, 10)
	doc := &ast.QueryDocument{}
	ctx := context.Background()
	c.Add(ctx, strings.Repeat("x", 41), doc)
	if _, ok := c.Get(ctx, strings.Repeat("x", 41)); ok {
		t.Errorf("a document over maxDoc was kept")
	}
	for i := range 10 {
		c.Add(ctx, fmt.Sprintf("%030d", i), doc)
	}
	if c.bytes > 100 || c.lru.Len() != 3 {
		t.Errorf("%d bytes in %d entries, want at most 100 in 3", c.bytes, c.lru.Len())
	}
	if _, ok := c.Get(ctx, fmt.Sprintf("%030d", 9)); !ok {
		t.Errorf("the newest entry is gone")
	}
}
