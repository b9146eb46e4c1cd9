package resolvers_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/demo"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/citygraph/citygraph/importer"
	"github.com/citygraph/citygraph/live"
	"github.com/citygraph/citygraph/resolvers"
	"github.com/rs/zerolog"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// demoEnv is a resolver stack over a SQLite store holding the bundled demo
// data, imported the way `citygraph serve` does on a fresh machine.
func demoEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	log := zerolog.Nop()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "demo.db"), log)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	dir, err := loadGermany()
	if err != nil {
		t.Fatal(err)
	}
	countries, err := gazetteer.LoadCountries()
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Import(ctx, importer.New(dir, countries), st, nil); err != nil {
		t.Fatal(err)
	}
	e := &env{store: st}
	e.live = live.New(st, log)
	if err := e.live.Load(ctx); err != nil {
		t.Fatal(err)
	}
	cfg := resolvers.Config{Live: e.live, Store: st, Log: log, Directory: dir}
	e.res = resolvers.New(cfg)
	e.h, e.c = handlerFor(e.res)
	return e
}

// golden compares got (JSON) with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name string, got any) {
	t.Helper()
	b, err := json.MarshalIndent(got, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	b = append(b, '\n')
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./resolvers -run Golden -update to write it)", err)
	}
	if !bytes.Equal(b, want) {
		t.Errorf("%s differs from the golden file; if the change is right, rerun with -update and review the diff:\n%s", name, firstDiff(string(b), string(want)))
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + itoa(i+1) + ":\n got  " + a + "\n want " + b
		}
	}
	return ""
}

// TestGoldenGermanUkrainianNetwork answers the German-Ukrainian network on
// the demo data and checks it against testdata/de_ua_network.json.
func TestGoldenGermanUkrainianNetwork(t *testing.T) {
	e := demoEnv(t)
	var resp struct{ PartnershipNetwork subgraph }
	e.query(t, `{ partnershipNetwork(countries: ["DE", "UA"]) { `+subgraphFields+` } }`, &resp)
	g := resp.PartnershipNetwork
	country := map[string]string{}
	for _, n := range g.Nodes {
		country[n.ID] = n.Country
	}
	mannheimChernivtsi := false
	for _, l := range g.Links {
		if a, b := country[l.Source], country[l.Target]; !(a == "DE" && b == "UA") && !(a == "UA" && b == "DE") {
			t.Errorf("link %s-%s is not between Germany and Ukraine (%s, %s)", l.Source, l.Target, a, b)
		}
		if l.Source == "DE:08222000" && l.Target == "UA:chernivtsi" {
			mannheimChernivtsi = true
		}
	}
	if len(g.Links) == 0 || !mannheimChernivtsi {
		t.Errorf("%d links; Mannheim-Chernivtsi (seed fact F3) among them: %v", len(g.Links), mannheimChernivtsi)
	}
	golden(t, "de_ua_network.json", resp)

	// The three queries of the load test, golden too.
	var city, top map[string]any
	e.query(t, `{ city(name: "Mannheim") { id name state population partners { city { id name country } kind since } } }`, &city)
	golden(t, "mannheim.json", city)
	e.query(t, `{ centrality(metric: BETWEENNESS, top: 20) { rank city { id name country } score } }`, &top)
	// Parallel sums may differ in the last bits between machines: nine
	// significant digits are compared.
	for _, r := range top["centrality"].([]any) {
		m := r.(map[string]any)
		m["score"] = strconv.FormatFloat(m["score"].(float64), 'g', 9, 64)
	}
	golden(t, "top20_betweenness.json", top)
}
