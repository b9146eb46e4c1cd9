package resolvers_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// The three typical queries of the load test, on the demo data, through
// the gqlgen handler (no network): what the resolvers and gqlgen's
// execution and JSON encoding cost per request.
var benchQueries = []struct{ name, query string }{
	{"city", `{ city(name: "Mannheim") { id name state population partners { city { id name country } kind since } } }`},
	{"de_ua_network", `{ partnershipNetwork(countries: ["DE", "UA"]) { nodes { id name country } links { source target kind since } summary { nodes links byKind { kind count } byYear { year count } byState { key count } } } }`},
	{"top20_betweenness", `{ centrality(metric: BETWEENNESS, top: 20) { rank city { id name country } score } }`},
}

func BenchmarkQueries(b *testing.B) {
	t := &testing.T{}
	e := demoEnv(t)
	if t.Failed() {
		b.Fatal("demo store")
	}
	for _, q := range benchQueries {
		body := `{"query": ` + jsonString(q.query) + `}`
		b.Run(q.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", strings.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				e.h.ServeHTTP(w, req)
				if w.Code != http.StatusOK || strings.Contains(w.Body.String(), `"errors"`) {
					b.Fatalf("%d %s", w.Code, w.Body.String())
				}
			}
		})
	}
}

func jsonString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`, "\t", `\t`)
	return `"` + r.Replace(s) + `"`
}
