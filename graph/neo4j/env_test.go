package neo4j

import (
	"context"
	"os"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/rs/zerolog"
)

// The tests run against the server named by NEO4J_URI, NEO4J_USERNAME,
// NEO4J_PASSWORD and NEO4J_DATABASE; scripts/neo4j.sh starts one:
//
//	scripts/neo4j.sh start && eval "$(scripts/neo4j.sh env)" && go test ./graph/neo4j/
//
// Without NEO4J_URI they skip, except in CI (CI=true), where they fail.
// They empty the database they are given.

// testConfig returns the server to test against, or skips (fails in CI).
func testConfig(t testing.TB) Config {
	t.Helper()
	cfg := ConfigFromEnv(os.Getenv)
	if cfg.URI == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("NEO4J_URI is not set, and CI=true requires the Neo4j tests to run: " +
				`scripts/neo4j.sh start && eval "$(scripts/neo4j.sh env)"`)
		}
		t.Skip(`NEO4J_URI is not set; run scripts/neo4j.sh start && eval "$(scripts/neo4j.sh env)" to test against a real Neo4j`)
	}
	return cfg
}

// testLogger logs to the test's output.
func testLogger(t testing.TB) zerolog.Logger {
	return zerolog.New(zerolog.NewTestWriter(t)).Level(zerolog.InfoLevel)
}

// emptyDatabase deletes every node and relationship of the database, in
// batches so that large graphs fit in the server's memory. Constraints and
// indexes stay.
func emptyDatabase(t testing.TB, cfg Config) {
	t.Helper()
	ctx := context.Background()
	drv, err := neo4j.NewDriverWithContext(cfg.URI, neo4j.BasicAuth(cfg.Username, cfg.Password, ""))
	if err != nil {
		t.Fatalf("driver: %v", err)
	}
	defer drv.Close(ctx)
	sess := drv.NewSession(ctx, neo4j.SessionConfig{DatabaseName: cfg.Database})
	defer sess.Close(ctx)
	// CALL {} IN TRANSACTIONS needs an auto-commit transaction: Session.Run.
	res, err := sess.Run(ctx, "MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS", nil)
	if err == nil {
		_, err = res.Consume(ctx)
	}
	if err != nil {
		t.Fatalf("empty database %q at %s: %v", cfg.Database, cfg.URI, err)
	}
}

// openEmpty empties the test database and opens a store on it, closed
// when the test ends.
func openEmpty(t testing.TB) *Store {
	t.Helper()
	cfg := testConfig(t)
	emptyDatabase(t, cfg)
	s, err := Open(context.Background(), cfg, testLogger(t))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	return s
}
