package server

import (
	"context"
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/citygraph/citygraph/export"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/resolvers"
)

// exportRefused is the body of a refused export.
type exportRefused struct {
	Error struct {
		Code       string `json:"code"`
		Message    string `json:"message"`
		Cost       int    `json:"cost"`
		Budget     *int   `json:"budget"`
		RetryAfter string `json:"retryAfter"`
	} `json:"error"`
}

func refusalOf(t *testing.T, r result) exportRefused {
	t.Helper()
	var b exportRefused
	if err := json.Unmarshal(r.body, &b); err != nil {
		t.Fatalf("refusal is not JSON: %v: %s", err, r.body)
	}
	return b
}

// Exports spend the client's budget, the one GraphQL operations spend, by
// their estimated size: a client that exported has less left for queries,
// a client over budget is refused with 429 COMPLEXITY_LIMIT_EXCEEDED, the
// cost, the budget left and Retry-After, and other clients are not.
func TestExportsSpendTheClientBudget(t *testing.T) {
	e := startServer(t, Config{AdminToken: "admin-token"})
	g, _, err := e.srv.cfg.Export.ExportGraph(context.Background(), resolvers.Selection{})
	if err != nil {
		t.Fatal(err)
	}
	cost := exportCost(estimateBytes(export.GraphML, g.Sizes))
	if cost < 2 {
		t.Fatalf("a full GraphML export costs %d", cost)
	}
	// A budget of one export and one unit, refilled by 10 a second, on a
	// clock that stands still until the test moves it.
	now := time.Unix(1_700_000_000, 0)
	e.srv.budgets.Rate, e.srv.budgets.Burst = 10, float64(cost+1)
	e.srv.budgets.now = func() time.Time { return now }
	url := e.base + "/export?format=graphml"

	if r := do(t, http.MethodGet, url, "", nil, map[string]string{"X-Request-Id": "export-1"}); r.status != http.StatusOK {
		t.Fatalf("first export: %d %s", r.status, r.body)
	}
	if c := e.logs.requestLine(t, "export-1")["cost"]; c != float64(cost) {
		t.Errorf("export log line cost %v, want %d", c, cost)
	}
	// The same budget: a GraphQL operation (partnershipNetwork alone
	// costs 20) no longer fits.
	q := e.query(t, `{ partnershipNetwork(countries: ["DE", "UA"]) { summary { links } } }`, nil, map[string]string{"Accept": mediaJSON})
	if q.status != http.StatusTooManyRequests || !slices.Contains(q.gql.codes(), graph.ECOMPLEXITYLIMIT) {
		t.Errorf("GraphQL after the export: %d %s, want 429 COMPLEXITY_LIMIT_EXCEEDED", q.status, q.body)
	}
	// A second export is refused in the export error shape.
	r := do(t, http.MethodGet, url, "", nil, nil)
	b := refusalOf(t, r)
	wait := strconv.Itoa(int(math.Ceil(float64(cost-1) / 10))) // what is missing, at 10 a second
	if r.status != http.StatusTooManyRequests || b.Error.Code != graph.ECOMPLEXITYLIMIT || b.Error.Cost != cost ||
		b.Error.Budget == nil || *b.Error.Budget != 1 || b.Error.RetryAfter != wait ||
		r.header.Get("Retry-After") != b.Error.RetryAfter || b.Error.Message == "" {
		t.Errorf("second export: %d Retry-After %q %s; want 429, cost %d, budget 1, retryAfter %s", r.status, r.header.Get("Retry-After"), r.body, cost, wait)
	}
	// Another client has its own budget.
	if r := do(t, http.MethodGet, url, "", nil, map[string]string{"Authorization": "Bearer admin-token"}); r.status != http.StatusOK {
		t.Errorf("another client's export: %d %s", r.status, r.body)
	}
	// Once the budget has refilled, the first client exports again.
	now = now.Add(time.Duration(cost) * time.Second / 10)
	if r := do(t, http.MethodGet, url, "", nil, nil); r.status != http.StatusOK {
		t.Errorf("export after the refill: %d %s", r.status, r.body)
	}
	// HEAD streams nothing and is not charged.
	e.srv.budgets.Burst = 0.5
	if r := do(t, http.MethodHead, url, "", nil, nil); r.status != http.StatusOK {
		t.Errorf("HEAD with an empty budget: %d", r.status)
	}
}

// An export that costs more than a client's whole budget is refused at
// once, without Retry-After (waiting does not help); with budgets off it
// streams.
func TestExportOverTheWholeBudget(t *testing.T) {
	e := startServer(t, Config{})
	g, _, err := e.srv.cfg.Export.ExportGraph(context.Background(), resolvers.Selection{})
	if err != nil {
		t.Fatal(err)
	}
	cost := exportCost(estimateBytes(export.GraphML, g.Sizes))
	e.srv.budgets.Burst = float64(cost - 1)
	r := do(t, http.MethodGet, e.base+"/export?format=graphml", "", nil, nil)
	b := refusalOf(t, r)
	if r.status != http.StatusRequestEntityTooLarge || b.Error.Code != graph.ECOMPLEXITYLIMIT || b.Error.Cost != cost ||
		b.Error.RetryAfter != "" || r.header.Get("Retry-After") != "" {
		t.Errorf("export over the whole budget: %d Retry-After %q %s", r.status, r.header.Get("Retry-After"), r.body)
	}
	// A smaller selection fits.
	if r := do(t, http.MethodGet, e.base+"/export?format=csv-partnerships&countries=DE,UA", "", nil, nil); r.status != http.StatusOK {
		t.Errorf("a smaller export: %d %s", r.status, r.body)
	}

	off := startServer(t, Config{ClientBudget: -1})
	if r := do(t, http.MethodGet, off.base+"/export?format=graphml", "", nil, nil); r.status != http.StatusOK {
		t.Errorf("export with budgets off: %d %s", r.status, r.body)
	}
}

func TestExportCost(t *testing.T) {
	for _, c := range []struct {
		est  int64
		want int
	}{{0, 1}, {1, 1}, {16, 1}, {17, 2}, {31_000_000, 1_937_500}, {1 << 62, costCap}} {
		if got := exportCost(c.est); got != c.want {
			t.Errorf("exportCost(%d) = %d, want %d", c.est, got, c.want)
		}
	}
}
