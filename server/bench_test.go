package server

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/citygraph/citygraph/live"
	"github.com/citygraph/citygraph/resolvers"
)

// BenchmarkHandler measures what one request costs the server through the
// whole stack (middleware, gqlgen, resolvers, the JSON log line), without
// the network: the three queries of the load test on the test graph.
//
//	go test -run XXX -bench Handler -benchtime 2000x -count 3 ./server
func BenchmarkHandler(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "bench.db"), zerolog.Nop())
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Apply(ctx, testBatch()); err != nil {
		b.Fatal(err)
	}
	holder := live.New(st, zerolog.Nop())
	if err := holder.Load(ctx); err != nil {
		b.Fatal(err)
	}
	res := resolvers.New(resolvers.Config{Live: holder, Store: st, Log: zerolog.Nop()})
	// A real JSON log line per request, written to nowhere.
	srv := New(Config{Schema: resolvers.ExecutableSchema(res), Live: holder, Log: zerolog.New(io.Discard)})
	h := srv.Handler()
	queries := map[string]string{
		"CityWithPartners":       `query CityWithPartners { city(name: "Mannheim") { id name country state population partners { kind since status city { id name country } } } }`,
		"GermanUkrainianNetwork": `query GermanUkrainianNetwork { partnershipNetwork(countries: ["DE", "UA"]) { summary { nodes links byKind { kind count } } nodes { id name country } links { source target kind since } } }`,
		"Top20Betweenness":       `query Top20Betweenness { centrality(metric: BETWEENNESS, top: 20) { rank score city { id name country } } }`,
	}
	for name, q := range queries {
		body, _ := json.Marshal(map[string]string{"query": q})
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
				req.Header.Set("Content-Type", "application/json")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK || bytes.Contains(rec.Body.Bytes(), []byte(`"errors"`)) {
					b.Fatalf("%d %s", rec.Code, rec.Body)
				}
			}
		})
	}
}
