package e2e

import (
	"bufio"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/citygraph/citygraph/graph/neo4j/neo4jtest"
)

// privateNeo4j is a Neo4j of this test's own, started by scripts/neo4j.sh on
// a free port (or NEO4J_SERVE_E2E_BOLT_PORT), so that killing it disturbs no
// other test.
type privateNeo4j struct{ *neo4jtest.Server }

func newPrivateNeo4j(t *testing.T) *privateNeo4j {
	t.Helper()
	if os.Getenv("NEO4J_URI") == "" && os.Getenv("CI") != "true" {
		t.Skip(`no Neo4j set-up (NEO4J_URI unset, not CI); scripts/test.sh runs this test, or: scripts/neo4j.sh start && eval "$(scripts/neo4j.sh env)"`)
	}
	return newPrivateNeo4jEnv(t, "NEO4J_PASSWORD=citygraph-e2e", "NEO4J_HEAP=512m")
}

// newPrivateNeo4jEnv prepares a private Neo4j with the given settings for
// scripts/neo4j.sh.
func newPrivateNeo4jEnv(t *testing.T, settings ...string) *privateNeo4j {
	t.Helper()
	if os.Getenv("NEO4J_URI") == "" && os.Getenv("CI") != "true" {
		t.Skip(`no Neo4j set-up (NEO4J_URI unset, not CI); scripts/test.sh runs this test, or: scripts/neo4j.sh start && eval "$(scripts/neo4j.sh env)"`)
	}
	return &privateNeo4j{neo4jtest.New(t, "..", os.Getenv("NEO4J_SERVE_E2E_BOLT_PORT"), settings...)}
}

// clientEnv is what citygraph needs to reach this server.
func (n *privateNeo4j) clientEnv() []string {
	return []string{"NEO4J_USERNAME=" + n.Var("NEO4J_USERNAME"), "NEO4J_PASSWORD=" + n.Var("NEO4J_PASSWORD"), "NEO4J_DATABASE=" + n.Var("NEO4J_DATABASE")}
}

// waitReadyz polls /readyz until its status is want; it gives up after
// five minutes (a guard against hangs, not a speed check).
func (p *proc) waitReadyz(t *testing.T, want string) {
	t.Helper()
	giveUp := time.Now().Add(5 * time.Minute)
	for {
		resp, err := http.Get(p.base + "/readyz")
		if err == nil {
			var b strings.Builder
			_, _ = bufio.NewReader(resp.Body).WriteTo(&b)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && strings.Contains(b.String(), `"status":"`+want+`"`) {
				return
			}
		}
		if time.Now().After(giveUp) {
			t.Fatalf("/readyz never said %q", want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestDegradedWhileNeo4jIsDown serves from a real Neo4j, kills it, and
// checks that /readyz says degraded while the last projection keeps
// answering; after a restart it is ready again.
func TestDegradedWhileNeo4jIsDown(t *testing.T) {
	n := newPrivateNeo4j(t)
	n.Run("start")
	uri := n.Var("NEO4J_URI")

	demo := exec.Command(suite.binary, "demo", "--neo4j", uri)
	demo.Env = append(baseEnv(t.TempDir()), n.clientEnv()...)
	if out, err := demo.CombinedOutput(); err != nil {
		t.Fatalf("citygraph demo --neo4j: %v\n%s", err, out)
	}

	p := serve(t, n.clientEnv(), false, "--neo4j", uri, "--poll", "200ms")
	before := p.query(t, networkQuery, nil)
	if len(before.Errors) > 0 || !strings.Contains(string(before.Data), `"UA:`) {
		t.Fatalf("network from Neo4j: %s", before.body)
	}

	n.Kill()
	p.waitReadyz(t, "degraded")
	during := p.query(t, networkQuery, nil)
	if during.status != 200 || len(during.Errors) > 0 || string(during.Data) != string(before.Data) {
		t.Fatalf("while Neo4j is down the last projection must answer as before: %d %.300s", during.status, during.body)
	}
	if _, _, text := get(t, p.base+"/metrics"); metric(t, text, "citygraph_degraded") != 1 || metric(t, text, "citygraph_ready") != 1 {
		t.Errorf("metrics while degraded: degraded %v ready %v", metric(t, text, "citygraph_degraded"), metric(t, text, "citygraph_ready"))
	}
	if !strings.Contains(p.log(), "store unavailable") {
		t.Errorf("the outage is not logged")
	}

	n.Run("start")
	p.waitReadyz(t, "ok")
	after := p.query(t, networkQuery, nil)
	if len(after.Errors) > 0 || string(after.Data) != string(before.Data) {
		t.Fatalf("after Neo4j is back: %.300s", after.body)
	}
}
