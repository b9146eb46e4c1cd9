package neo4j

import (
	"context"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/graphtest"
)

// TestFirstWriteAfterARestart: a store whose Neo4j was restarted while it
// was open (its pooled connections all dead) answers the first write and
// the first reads after the restart, instead of UNAVAILABLE.
func TestFirstWriteAfterARestart(t *testing.T) {
	testConfig(t) // skip or fail like the other server tests
	c, cfg := newCrashServer(t)
	c.Run("start")
	emptyDatabase(t, cfg)
	ctx := context.Background()
	s, err := Open(ctx, cfg, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Fill the pool with connections, as a serving instance has them.
	for i := range 3 {
		b := graphtest.SyntheticBatch(20, int64(i+1))
		b.Import = graph.ImportRecord{}
		if _, err := s.Apply(ctx, b); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Snapshot(ctx); err != nil {
			t.Fatal(err)
		}
	}
	c.Kill()
	c.Run("start")

	b := graphtest.SyntheticBatch(20, 9)
	b.Import = graph.ImportRecord{}
	if _, err := s.Apply(ctx, b); err != nil {
		t.Fatalf("first write after the restart: %v (code %s)", err, graph.ErrorCode(err))
	}
	if _, err := s.Version(ctx); err != nil {
		t.Fatalf("first version read after the restart: %v", err)
	}
	if _, err := s.Snapshot(ctx); err != nil {
		t.Fatalf("first snapshot after the restart: %v", err)
	}
}
