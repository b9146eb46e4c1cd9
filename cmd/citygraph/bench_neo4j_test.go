package main

import (
	"bytes"
	"context"
	"os"
	"testing"

	driver "github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph/graphtest"
	"github.com/citygraph/citygraph/graph/neo4j"
)

// BenchmarkAnalyzeNeo4jFixedCost is the fixed cost of `citygraph analyze
// --neo4j` on a graph shaped like the twin-town graph
// (graphtest.SyntheticBatch(24380, 1): 24,380 links, about 16,000 places
// with every property, provenance included): the whole command with the
// cheapest kernel (degree), so what is measured is connecting, reading the
// graph and building the projection. "cached" answers from the local
// snapshot cache (the marker unchanged), "uncached" reads the graph from
// Neo4j every time (CITYGRAPH_SNAPSHOT_CACHE=off).
//
// It needs NEO4J_URI (scripts/neo4j.sh start; eval "$(scripts/neo4j.sh env)")
// and REPLACES the graph in that database with the synthetic one unless it
// holds it already:
//
//	go test ./cmd/citygraph -run '^$' -bench AnalyzeNeo4jFixedCost -benchtime 5x -count 3
func BenchmarkAnalyzeNeo4jFixedCost(b *testing.B) {
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		b.Skip(`needs NEO4J_URI: scripts/neo4j.sh start && eval "$(scripts/neo4j.sh env)"`)
	}
	loadTwin(b)
	cache := b.TempDir()
	for _, mode := range []struct{ name, cache string }{{"cached", cache}, {"uncached", "off"}} {
		env := map[string]string{"CITYGRAPH_LOG_LEVEL": "error", "CITYGRAPH_SNAPSHOT_CACHE": mode.cache,
			"NEO4J_USERNAME": os.Getenv("NEO4J_USERNAME"), "NEO4J_PASSWORD": os.Getenv("NEO4J_PASSWORD"), "NEO4J_DATABASE": os.Getenv("NEO4J_DATABASE")}
		var out, errb bytes.Buffer
		a := newApp(&out, &errb, nil, func(k string) string { return env[k] }, false)
		args := []string{"analyze", "centrality", "--metric", "degree", "--top", "1", "--neo4j", uri}
		if code := a.run(context.Background(), args); code != 0 { // warms the cache
			b.Fatalf("analyze: exit %d: %s", code, errb.String())
		}
		b.Run(mode.name, func(b *testing.B) {
			for b.Loop() {
				if code := a.run(context.Background(), args); code != 0 {
					b.Fatalf("analyze: exit %d: %s", code, errb.String())
				}
			}
		})
	}
}

// loadTwin puts the twin-town shaped graph into the database, unless it is
// there.
func loadTwin(b *testing.B) {
	b.Helper()
	ctx := context.Background()
	cfg := neo4j.ConfigFromEnv(os.Getenv)
	batch := graphtest.SyntheticBatch(24380, 1)
	st, err := neo4j.Open(ctx, cfg, zerolog.Nop())
	if err != nil {
		b.Fatal(err)
	}
	imps, err := st.Imports(ctx)
	st.Close()
	if err == nil && len(imps) == 1 && imps[0].SHA256 == batch.Import.SHA256 {
		return
	}
	drv, err := driver.NewDriverWithContext(cfg.URI, driver.BasicAuth(cfg.Username, cfg.Password, ""))
	if err != nil {
		b.Fatal(err)
	}
	defer drv.Close(ctx)
	sess := drv.NewSession(ctx, driver.SessionConfig{DatabaseName: cfg.Database})
	defer sess.Close(ctx)
	res, err := sess.Run(ctx, "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		b.Fatal(err)
	}
	if st, err = neo4j.Open(ctx, cfg, zerolog.Nop()); err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Apply(ctx, batch); err != nil {
		b.Fatal(err)
	}
}
