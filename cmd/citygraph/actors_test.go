package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/sqlite"
)

// actorsFixture imports the invented alliance (12 actors in Mannheim, 16
// cooperations) into a fresh store.
func actorsFixture(t *testing.T) (*testApp, string) {
	ta := newTestApp(t)
	store := filepath.Join(t.TempDir(), "g.db")
	if code, _, errs := ta.run("import", "--store", store, "testdata/alliance_actors.csv", "testdata/alliance_cooperations.csv"); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	return ta, store
}

func storeSnapshot(t *testing.T, store string) *graph.Snapshot {
	t.Helper()
	st, err := sqlite.Open(context.Background(), store, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	snap, err := st.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// TestImportActors: citygraph import takes a file of actors and a file of
// cooperations; a cooperation naming an unknown actor, or cooperations
// imported before their actors, change nothing.
func TestImportActors(t *testing.T) {
	ta := newTestApp(t)
	store := filepath.Join(t.TempDir(), "g.db")
	code, _, errs := ta.run("import", "--store", store, "testdata/alliance_cooperations.csv")
	if code == 0 || !strings.Contains(errs, "unknown organisations") {
		t.Errorf("cooperations before their actors: exit %d, %s", code, errs)
	}
	ta, store = actorsFixture(t)
	snap := storeSnapshot(t, store)
	if len(snap.Organisations) != 12 || len(snap.Cooperations) != 16 {
		t.Fatalf("%d organisations, %d cooperations; want 12 and 16", len(snap.Organisations), len(snap.Cooperations))
	}
	for _, o := range snap.Organisations {
		if o.Municipality != "DE:08222000" || o.Type == "" {
			t.Errorf("actor %+v: want a type and Mannheim as home", o)
		}
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	if err := os.WriteFile(bad, []byte("Akteur A;Akteur B\nSprachcafé Mosaik;Chor der Kulturen\nSprachcafé Mosaik;Niemand e.V.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = ta.run("import", "--store", store, bad)
	if code == 0 || !strings.Contains(errs, "niemand-e-v (bad.csv:3)") {
		t.Errorf("unknown actor: exit %d, %s", code, errs)
	}
	if after := storeSnapshot(t, store); len(after.Cooperations) != 16 || after.Version != snap.Version {
		t.Errorf("a refused file changed the store: %d cooperations, version %d -> %d", len(after.Cooperations), snap.Version, after.Version)
	}
}

// TestAnalyzeActorsLayer: centrality, stats, communities and export run
// on the actors layer (12 actors, 16 cooperations, two components of 8
// and 4); the data version counts the cooperations.
func TestAnalyzeActorsLayer(t *testing.T) {
	ta, store := actorsFixture(t)
	var cr centralityResult
	ta.runJSON(&cr, "analyze", "centrality", "--store", store, "--layer", "actors", "--metric", "degree", "--top", "12", "--json")
	if cr.Nodes != 12 || cr.Links != 16 || cr.Layer != "actors" || len(cr.Top) != 12 {
		t.Fatalf("centrality = %+v", cr)
	}
	sum := 0
	for _, r := range cr.Top {
		sum += r.Degree
		if r.Country != "DE" {
			t.Errorf("%s: country %q, want its home's DE", r.ID, r.Country)
		}
	}
	if sum != 32 {
		t.Errorf("degrees sum to %d, want twice the 16 cooperations", sum)
	}
	var st struct {
		Provenance struct {
			Data analytics.DataVersion `json:"data"`
		} `json:"provenance"`
		analytics.GlobalStats
	}
	ta.runJSON(&st, "analyze", "stats", "--store", store, "--layer", "actors", "--json")
	if st.Nodes != 12 || st.Links != 16 || st.Components != 2 || st.LargestComponent != 8 || st.Provenance.Data.Cooperations != 16 {
		t.Errorf("stats = %+v", st)
	}
	var cm communityResult
	ta.runJSON(&cm, "analyze", "communities", "--store", store, "--layers", "actors", "--seed", "1", "--json")
	if len(cm.Communities) < 2 || cm.Modularity <= 0.3 {
		t.Errorf("communities = %+v", cm)
	}
	code, out, errs := ta.run("export", "--store", store, "--layer", "actors", "--format", "csv-partnerships", "--csv", "rfc4180", "--out", "-")
	if code != 0 || strings.Count(out, ",COOPERATION,") != 16 {
		t.Errorf("export --layer actors: exit %d, %d COOPERATION rows; %s", code, strings.Count(out, ",COOPERATION,"), errs)
	}
	code, out, errs = ta.run("export", "--store", store, "--layer", "actors", "--format", "graphml", "--out", "-")
	if code != 0 || strings.Count(out, ">actor</data>") != 12 || strings.Count(out, ">cooperation</data>") != 16 || strings.Contains(out, ">municipality</data>") {
		t.Errorf("GraphML of the actors layer: exit %d, %d actor and %d cooperation types; %s", code,
			strings.Count(out, ">actor</data>"), strings.Count(out, ">cooperation</data>"), errs)
	}
	if code, _, _ := ta.run("analyze", "stats", "--store", store, "--layer", "clubs"); code != exitUsage {
		t.Errorf("--layer clubs: exit %d, want %d", code, exitUsage)
	}
}

// TestAnalyzeActorsScope: --as-of 2018 keeps the 4 cooperations dated
// before 2018 (the two "since 2018" are too coarse to tell, as for
// partnerships: graph.Partnership.At); every actor stays a node.
func TestAnalyzeActorsScope(t *testing.T) {
	ta, store := actorsFixture(t)
	var st analytics.GlobalStats
	ta.runJSON(&st, "analyze", "stats", "--store", store, "--layer", "actors", "--as-of", "2018", "--json")
	if st.Nodes != 12 || st.Links != 4 {
		t.Errorf("as of 2018: %d nodes, %d links; want 12 and 4", st.Nodes, st.Links)
	}
	ta.runJSON(&st, "analyze", "stats", "--store", store, "--layer", "actors", "--kind", "PARTNERSHIP", "--json")
	if st.Links != 16 {
		t.Errorf("--kind PARTNERSHIP: %d cooperations, want all 16 (the partnership kinds do not apply)", st.Links)
	}
}
