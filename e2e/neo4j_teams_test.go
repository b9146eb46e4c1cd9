package e2e

import (
	"context"
	"encoding/json"
	"math"
	"os/exec"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
)

// TestNeo4jTeams is issue 17's "done when", against a real Neo4j of its own
// with Graph Data Science installed (scripts/neo4j.sh, NEO4J_PLUGINS=gds):
// the GDS comparison (scripts/gdscompare, what scripts/gds_compare.sh runs)
// loads the real P190 graph and finds the answers equal; then
// `citygraph analyze centrality --metric betweenness --neo4j ... --write
// betweenness` puts the scores on the places, the documented Cypher reads
// the same top ten the command printed, a property GDS wrote is not
// overwritten, and `citygraph scores remove` takes the scores away again.
func TestNeo4jTeams(t *testing.T) {
	n := newPrivateNeo4jWith(t, "NEO4J_PLUGINS=gds", "NEO4J_HEAP=1500m")
	n.Run("start")
	uri := n.Var("NEO4J_URI")
	env := append(append(baseEnv(t.TempDir()), n.clientEnv()...), "NEO4J_URI="+uri)

	// GDS beside citygraph on the same graph.
	cmp := exec.Command("go", "run", "./scripts/gdscompare", "--load", "p190", "--runs", "1", "--json")
	cmp.Dir = ".."
	cmp.Env = append(env, "GOCACHE="+goEnv(t, "GOCACHE"), "GOMODCACHE="+goEnv(t, "GOMODCACHE"), "GOFLAGS=-mod=mod")
	out, err := cmp.Output()
	if err != nil {
		t.Fatalf("gdscompare: %v\n%s", err, stderrOf(err))
	}
	var rep struct {
		Places     int    `json:"places"`
		Links      int    `json:"links"`
		GDSVersion string `json:"gdsVersion"`
		Rows       []struct {
			Algorithm  string  `json:"algorithm"`
			GDSMedian  float64 `json:"gdsMedian"`
			MaxAbsDiff float64 `json:"maxAbsDiff"`
		} `json:"rows"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("gdscompare --json: %v\n%s", err, out)
	}
	if rep.Places != 10055 || rep.Links != 17401 || rep.GDSVersion != "2.13.9" {
		t.Errorf("compared on %d places, %d links with GDS %q; want P190 (10055, 17401) and GDS 2.13.9", rep.Places, rep.Links, rep.GDSVersion)
	}
	// Betweenness is in the hundreds of thousands on P190: agreement to
	// 1e-6 absolute is agreement to about 1e-12 relative.
	bounds := map[string]float64{"betweenness": 1e-6, "closeness": 1e-12, "pagerank (GDS to convergence)": 1e-12, "components": 0, "louvain": 0.02}
	for _, r := range rep.Rows {
		b, ok := bounds[r.Algorithm]
		if !ok {
			continue
		}
		delete(bounds, r.Algorithm)
		if r.MaxAbsDiff > b || r.GDSMedian <= 0 {
			t.Errorf("%s: GDS ran %.3f s, max abs difference %g; want it within %g", r.Algorithm, r.GDSMedian, r.MaxAbsDiff, b)
		}
	}
	if len(bounds) > 0 {
		t.Errorf("no comparison for %v", bounds)
	}

	// The scores into the graph, read back with the documented Cypher.
	analyze := exec.Command(suite.binary, "analyze", "centrality", "--metric", "betweenness", "--neo4j", uri, "--write", "betweenness", "--top", "10", "--json")
	analyze.Env = env
	out, err = analyze.Output()
	if err != nil {
		t.Fatalf("analyze --write: %v\n%s", err, stderrOf(err))
	}
	var res struct {
		Top []struct {
			Name  string  `json:"name"`
			Score float64 `json:"score"`
		} `json:"top"`
		Written struct {
			Places   int  `json:"places"`
			Complete bool `json:"complete"`
		} `json:"written"`
	}
	if err := json.Unmarshal(out, &res); err != nil || len(res.Top) != 10 {
		t.Fatalf("analyze --json: %v\n%s", err, out)
	}
	if res.Written.Places != 10055 || !res.Written.Complete {
		t.Errorf("written: %+v, want all 10055 places, complete", res.Written)
	}
	ctx := context.Background()
	drv, err := neo4j.NewDriverWithContext(uri, neo4j.BasicAuth(n.Var("NEO4J_USERNAME"), n.Var("NEO4J_PASSWORD"), ""))
	if err != nil {
		t.Fatal(err)
	}
	defer drv.Close(ctx)
	cypher := func(q string) []*neo4j.Record {
		t.Helper()
		r, err := neo4j.ExecuteQuery(ctx, drv, q, nil, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(n.Var("NEO4J_DATABASE")))
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return r.Records
	}
	recs := cypher("MATCH (m:Municipality) RETURN m.name, m.betweenness ORDER BY m.betweenness DESC LIMIT 10")
	if len(recs) != 10 {
		t.Fatalf("%d rows", len(recs))
	}
	for i, r := range recs {
		name, _ := r.Values[0].(string)
		score, _ := r.Values[1].(float64)
		if math.Abs(score-res.Top[i].Score) > 1e-9*res.Top[i].Score || (name != res.Top[i].Name && score != recs[max(i-1, 0)].Values[1]) {
			t.Errorf("row %d: Neo4j says %s %v, the command printed %s %v", i+1, name, score, res.Top[i].Name, res.Top[i].Score)
		}
	}

	// GDS's own write-back is not overwritten.
	cypher("CALL gds.pageRank.write('citygraph', {writeProperty: 'pagerank'}) YIELD nodePropertiesWritten RETURN nodePropertiesWritten")
	clobber := exec.Command(suite.binary, "analyze", "centrality", "--metric", "pagerank", "--neo4j", uri, "--write", "pagerank")
	clobber.Env = env
	if b, err := clobber.CombinedOutput(); err == nil || !strings.Contains(string(b), "no citygraph score set wrote") {
		t.Errorf("--write pagerank over GDS's pagerank: %v\n%s", err, b)
	}

	remove := exec.Command(suite.binary, "scores", "remove", "--neo4j", uri, "betweenness")
	remove.Env = env
	if b, err := remove.CombinedOutput(); err != nil || !strings.Contains(string(b), "removed betweenness from 10055 places") {
		t.Fatalf("scores remove: %v\n%s", err, b)
	}
	if r := cypher("MATCH (m:Municipality) WHERE m.betweenness IS NOT NULL OR m.pagerank IS NULL RETURN count(m)"); r[0].Values[0] != int64(0) {
		t.Errorf("after scores remove %v places still hold betweenness or lost GDS's pagerank", r[0].Values[0])
	}
}

// newPrivateNeo4jWith is newPrivateNeo4j with more settings for the
// script (plugins, heap).
func newPrivateNeo4jWith(t *testing.T, extra ...string) *privateNeo4j {
	t.Helper()
	return newPrivateNeo4jEnv(t, append([]string{"NEO4J_PASSWORD=citygraph-e2e"}, extra...)...)
}

func goEnv(t *testing.T, name string) string {
	t.Helper()
	b, err := exec.Command("go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(b))
}

func stderrOf(err error) string {
	if ee, ok := err.(*exec.ExitError); ok {
		return string(ee.Stderr)
	}
	return ""
}
