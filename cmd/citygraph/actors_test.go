package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

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
	if code == 0 || !strings.Contains(errs, "niemand-e-v") {
		t.Errorf("unknown actor: exit %d, %s", code, errs)
	}
	if after := storeSnapshot(t, store); len(after.Cooperations) != 16 || after.Version != snap.Version {
		t.Errorf("a refused file changed the store: %d cooperations, version %d -> %d", len(after.Cooperations), snap.Version, after.Version)
	}
}
