package neo4j

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/graphtest"
	"github.com/citygraph/citygraph/graph/neo4j/neo4jtest"
)

// newCrashServer prepares a Neo4j of its own for the crash test, started by
// scripts/neo4j.sh on a free port (or NEO4J_CRASH_BOLT_PORT), so that
// killing it does not disturb the server the other tests use.
func newCrashServer(t *testing.T) (*neo4jtest.Server, Config) {
	t.Helper()
	srv := neo4jtest.New(t, filepath.Join("..", ".."), os.Getenv("NEO4J_CRASH_BOLT_PORT"), "NEO4J_PASSWORD=citygraph-crash-test")
	return srv, ConfigFromEnv(srv.Var)
}

// TestServerKilledDuringImport: Neo4j dies in the middle of an import.
// The import fails with EUNAVAILABLE; after a restart nothing of it is
// visible; the same import run again completes.
func TestServerKilledDuringImport(t *testing.T) {
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
	before := graphtest.SyntheticBatch(100, 1) // something stored before
	before.Import = graph.ImportRecord{}
	if _, err := s.Apply(ctx, before); err != nil {
		t.Fatal(err)
	}
	want, err := s.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}

	b := graphtest.SyntheticBatch(30000, 2)
	done := make(chan error, 1)
	go func() {
		_, err := s.Apply(ctx, b.Clone())
		done <- err
	}()
	// Wait until the import is writing links, then kill the server.
	if !waitForWrites(t, s, done) {
		t.Fatal("the import finished before it could be interrupted")
	}
	c.Kill()
	err = <-done
	if err == nil {
		t.Fatal("the import succeeded although the server was killed in the middle")
	}
	t.Logf("import error: %v", err)
	if code := graph.ErrorCode(err); code != graph.EUNAVAILABLE {
		t.Errorf("code %q, want %q", code, graph.EUNAVAILABLE)
	}
	if msg := graph.ErrorMessage(err); !strings.Contains(msg, cfg.URI) {
		t.Errorf("message %q does not name %s", msg, cfg.URI)
	}

	c.Run("start")
	s2, err := Open(ctx, cfg, testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	got, err := s2.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if d := graphtest.Diff(got, want); d != "" || got.Version != want.Version {
		t.Errorf("after the crash the store is not as before the import (version %d, want %d):\n%s", got.Version, want.Version, d)
	}
	if imps, err := s2.Imports(ctx); err != nil || len(imps) != 0 {
		t.Errorf("imports after the crash: %v, %v; want none", imps, err)
	}

	st, err := s2.Apply(ctx, b.Clone())
	if err != nil {
		t.Fatalf("the import run again: %v", err)
	}
	if st.PartnershipsCreated+st.PartnershipsMerged != len(b.Partnerships) || st.Version != want.Version+1 {
		t.Errorf("the import run again: %+v", st)
	}
	imps, err := s2.Imports(ctx)
	if err != nil || len(imps) != 1 || imps[0].SHA256 != b.Import.SHA256 {
		t.Errorf("imports after the import run again: %+v, %v", imps, err)
	}
}

// waitForWrites polls the server's transaction list until the import's
// transaction runs a query that creates places or links (after about a
// second of reading and merging, before about three seconds of writing);
// false if the import ended first.
func waitForWrites(t *testing.T, s *Store, done chan error) bool {
	t.Helper()
	for {
		select {
		case err := <-done:
			done <- err
			return false
		default:
		}
		res, err := neo4j.ExecuteQuery(context.Background(), s.driver,
			"SHOW TRANSACTIONS YIELD metaData, currentQuery WHERE metaData.op = 'apply' RETURN currentQuery", nil,
			neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.cfg.Database))
		if err != nil {
			t.Fatalf("show transactions: %v", err)
		}
		for _, r := range res.Records {
			if q, _ := r.Values[0].(string); strings.Contains(q, "CREATE (") {
				return true
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
}
