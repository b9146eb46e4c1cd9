package neo4j

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/demo"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/citygraph/citygraph/importer"
)

// TestDataHashSameAsEmbedded imports the demo data, file by file through
// the importer as citygraph demo does, into the embedded store and into a
// real Neo4j, and checks that both give the same data version (the
// analytics data hash a result cites): on the whole graph, on a scope
// (the German-Ukrainian partnerships as of 2022-02-24) and on a shared-
// networks projection. The stores' own version counters may differ.
func TestDataHashSameAsEmbedded(t *testing.T) {
	ctx := context.Background()
	n := openEmpty(t)
	defer n.Close()
	e, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "citygraph.db"), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	dir, err := gazetteer.LoadGermany()
	if err != nil {
		t.Fatal(err)
	}
	countries, err := gazetteer.LoadCountries()
	if err != nil {
		t.Fatal(err)
	}
	versions := map[string][]analytics.DataVersion{}
	for name, st := range map[string]graph.Store{"embedded": e, "neo4j": n} {
		if err := demo.Import(ctx, importer.New(dir, countries), st, nil); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		snap, err := st.Snapshot(ctx)
		if err != nil {
			t.Fatalf("%s: snapshot: %v", name, err)
		}
		p := analytics.NewProjection(snap)
		scoped := p.View(analytics.Filter{Countries: []string{"DE", "UA"}, AsOf: graph.NewDate(2022, 2, 24)})
		b, err := p.Bipartite(analytics.LayerNetworks)
		if err != nil {
			t.Fatalf("%s: networks: %v", name, err)
		}
		shared := b.SharedGroups(analytics.WeightCount)
		for _, q := range []*analytics.Projection{p, scoped, shared} {
			d := analytics.DataHash(q)
			d.StoreVersion = 0
			versions[name] = append(versions[name], d)
		}
	}
	emb, neo := versions["embedded"], versions["neo4j"]
	for i, what := range []string{"the whole graph", "DE-UA as of 2022-02-24", "shared networks"} {
		if emb[i] != neo[i] {
			t.Errorf("%s: embedded %+v, neo4j %+v", what, emb[i], neo[i])
		}
	}
	// The demo has places, links, memberships and links to organisations,
	// and the scope is a part of it: the hashes cover something.
	if w, s := emb[0], emb[1]; w.Places == 0 || w.Links == 0 || w.Memberships == 0 || w.OrgLinks == 0 ||
		s.Links == 0 || s.Links >= w.Links || s.Hash == w.Hash {
		t.Errorf("whole graph %+v, scope %+v", w, s)
	}
}
