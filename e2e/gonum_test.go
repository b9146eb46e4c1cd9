package e2e

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"reflect"
	"strings"
	"testing"
)

// gonumQuery asks the API for the four analyses run through gonum.
const gonumQuery = `{
  kShortestPaths(from: "Mannheim", to: "Kyiv", k: 5) { by places linkedPairs paths { rank length km cities { id } links { source target kind since } } }
  byKm: kShortestPaths(from: "Mannheim", to: "Kyiv", k: 3, by: KM) { paths { length km cities { id } } }
  cliques(top: 50) { count groups { size members { id } countries { key count } } }
  cliqueCommunities(k: 3, top: 50) { count groups { size members { id } } }
  nearestByDistance(city: "Mannheim", limit: 20) { places { city { id } km route { cities { id } links { kind } } } }
}`

// TestGonumAnalysesOnBothStores loads the demo into the embedded store and
// into a Neo4j of the test's own, and asks both for the analyses citygraph
// runs through gonum (k shortest paths, cliques, k-clique communities,
// nearest places along links), through the CLI and through the API: each
// answers, and the two stores give the same answers.
func TestGonumAnalysesOnBothStores(t *testing.T) {
	n := newPrivateNeo4j(t)
	n.Run("start")
	uri := n.Var("NEO4J_URI")
	demo := exec.Command(suite.binary, "demo", "--neo4j", uri)
	demo.Env = append(baseEnv(t.TempDir()), n.clientEnv()...)
	if out, err := demo.CombinedOutput(); err != nil {
		t.Fatalf("citygraph demo --neo4j: %v\n%s", err, out)
	}
	embedded := demoCopy(t)

	// The CLI on both stores.
	for _, args := range [][]string{
		{"analyze", "paths", "--from", "Mannheim", "--to", "Kyiv", "--k", "5"},
		{"analyze", "paths", "--from", "Mannheim", "--to", "Kyiv", "--by", "km", "--k", "3"},
		{"analyze", "cliques", "--top", "50"},
		{"analyze", "clique-communities", "--k", "3", "--top", "50"},
		{"analyze", "nearest", "--city", "Mannheim", "--max-links", "0", "--top", "20"},
	} {
		onEmbedded := cliJSON(t, nil, append(args, "--store", embedded)...)
		onNeo4j := cliJSON(t, n.clientEnv(), append(args, "--neo4j", uri)...)
		checkGonumAnswer(t, strings.Join(args, " "), onEmbedded)
		// Both answers cite the same data; the provenance's command line,
		// time and store version are each run's own.
		pe, pn := provenanceData(onEmbedded), provenanceData(onNeo4j)
		if pe == nil || pe["hash"] == nil || !reflect.DeepEqual(pe, pn) {
			t.Errorf("%v: the stores cite different data: embedded %v, neo4j %v", args, pe, pn)
		}
		// The store version counts writes in each store's own way; the
		// answers are otherwise the same.
		for _, res := range []map[string]any{onEmbedded, onNeo4j} {
			delete(res, "version")
			delete(res, "provenance")
		}
		a, _ := json.Marshal(onEmbedded)
		b, _ := json.Marshal(onNeo4j)
		if !bytes.Equal(a, b) {
			t.Errorf("%v: the stores answer differently:\nembedded %.600s\nneo4j    %.600s", args, a, b)
		}
	}

	// The API on both stores.
	se := serve(t, nil, false, "--store", embedded)
	sn := serve(t, n.clientEnv(), false, "--neo4j", uri)
	re, rn := se.query(t, gonumQuery, nil), sn.query(t, gonumQuery, nil)
	for name, r := range map[string]gql{"embedded": re, "neo4j": rn} {
		if r.status != 200 || len(r.Errors) > 0 {
			t.Fatalf("%s: %d %.600s", name, r.status, r.body)
		}
	}
	if !bytes.Equal(re.Data, rn.Data) {
		t.Errorf("the API answers differently:\nembedded %.600s\nneo4j    %.600s", re.Data, rn.Data)
	}
	var data struct {
		KShortestPaths struct {
			Paths []struct {
				Length int
				Cities []struct{ ID string }
			}
		}
		Cliques           struct{ Count int }
		CliqueCommunities struct{ Count int }
		NearestByDistance struct{ Places []struct{ Km float64 } }
	}
	if err := json.Unmarshal(re.Data, &data); err != nil {
		t.Fatal(err)
	}
	ps := data.KShortestPaths.Paths
	if len(ps) == 0 || ps[0].Cities[0].ID != "DE:08222000" || ps[0].Cities[len(ps[0].Cities)-1].ID != "UA:kyiv" ||
		data.Cliques.Count == 0 || data.CliqueCommunities.Count == 0 || len(data.NearestByDistance.Places) == 0 {
		t.Errorf("API answers on the demo: %.600s", re.Data)
	}
}

// provenanceData returns the data a CLI answer's provenance names, without
// the store's own version counter.
func provenanceData(res map[string]any) map[string]any {
	pr, _ := res["provenance"].(map[string]any)
	d, _ := pr["data"].(map[string]any)
	delete(d, "storeVersion")
	return d
}

// cliJSON runs the citygraph binary with --json and decodes its answer.
func cliJSON(t *testing.T, env []string, args ...string) map[string]any {
	t.Helper()
	cmd := exec.Command(suite.binary, append(args, "--json")...)
	cmd.Env = append(baseEnv(t.TempDir()), env...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("citygraph %v: %v\n%s", args, err, stderr.String())
	}
	var res map[string]any
	if err := json.Unmarshal(out, &res); err != nil {
		t.Fatalf("citygraph %v: %v\n%s", args, err, out)
	}
	return res
}

// checkGonumAnswer checks that an answer of the CLI is not empty: paths
// from Mannheim to Kyiv, groups, places.
func checkGonumAnswer(t *testing.T, what string, res map[string]any) {
	t.Helper()
	list := func(key string) []any { l, _ := res[key].([]any); return l }
	switch {
	case strings.Contains(what, "paths"):
		ps := list("paths")
		if len(ps) == 0 {
			t.Errorf("%s: no path: %v", what, res)
			return
		}
		places, _ := ps[0].(map[string]any)["places"].([]any)
		first, _ := places[0].(map[string]any)["id"].(string)
		last, _ := places[len(places)-1].(map[string]any)["id"].(string)
		if first != "DE:08222000" || last != "UA:kyiv" {
			t.Errorf("%s: the first path runs from %s to %s", what, first, last)
		}
	case strings.Contains(what, "cliq"):
		if c, _ := res["count"].(float64); c == 0 || len(list("groups")) == 0 {
			t.Errorf("%s: no group: %v", what, res)
		}
	default:
		if len(list("places")) == 0 {
			t.Errorf("%s: no place: %v", what, res)
		}
	}
}
