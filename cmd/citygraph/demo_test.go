package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The demo is its own source: a user's first import says the store holds
// it, and demo --remove empties a store holding nothing else, for good.
func TestDemoIsItsOwnSourceAndRemovable(t *testing.T) {
	ta := newTestApp(t)
	store := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errs := ta.run("demo", "--store", store); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errs)
	}
	s := ta.stats(store)
	if s.Partnerships < 3000 || s.Memberships < 250 {
		t.Fatalf("demo store: %d links, %d memberships", s.Partnerships, s.Memberships)
	}

	// A second store: the first own import notes the demo, the next does not.
	other := filepath.Join(t.TempDir(), "other.db")
	if code, _, errs := ta.run("demo", "--store", other); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errs)
	}
	code, _, errs := ta.run("import", "--store", other, "testdata/rgre_cp1252.csv")
	if code != 0 || !strings.Contains(errs, "holds the bundled demo data") || !strings.Contains(errs, "demo --remove") {
		t.Fatalf("first own import: exit %d, stderr %q", code, errs)
	}
	// With the user's data in it, the demo cannot be taken out.
	code, _, errs = ta.run("demo", "--remove", "--store", other)
	if code == 0 || !strings.Contains(errs, "rgre_cp1252.csv") {
		t.Errorf("demo --remove on a mixed store: exit %d, stderr %q", code, errs)
	}
	if got := ta.stats(other); got.Partnerships <= s.Partnerships {
		t.Errorf("the mixed store changed: %d links", got.Partnerships)
	}

	// The demo-only store: removed, empty, and stays so.
	code, out, errs := ta.run("demo", "--remove", "--store", store)
	if code != 0 || !strings.Contains(out, "removed the demo data") {
		t.Fatalf("demo --remove: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	if got := ta.stats(store); got.Partnerships != 0 || got.Memberships != 0 || got.Municipalities != 0 {
		t.Errorf("after removal: %+v", got)
	}
	code, _, errs = ta.run("import", "--store", store, "testdata/rgre_cp1252.csv")
	if code != 0 || strings.Contains(errs, "holds the bundled demo data") {
		t.Errorf("import after removal: exit %d, stderr %q", code, errs)
	}
	if _, err := os.Stat(store); err != nil {
		t.Error(err)
	}
}

// The default store, once its demo is removed, is not filled again.
func TestDefaultStoreStaysWithoutDemo(t *testing.T) {
	ta := newTestApp(t)
	if code, _, errs := ta.run("stats", "--json"); code != 0 {
		t.Fatalf("stats: exit %d: %s", code, errs)
	}
	if code, out, errs := ta.run("demo", "--remove"); code != 0 || !strings.Contains(out, "removed") {
		t.Fatalf("demo --remove: exit %d: %s %s", code, out, errs)
	}
	code, out, errs := ta.run("stats", "--json")
	var s struct{ Partnerships, Municipalities int }
	if code != 0 || json.Unmarshal([]byte(out), &s) != nil {
		t.Fatalf("stats: exit %d: %s %s", code, out, errs)
	}
	if s.Partnerships != 0 || s.Municipalities != 0 {
		t.Errorf("the demo was loaded again: %+v", s)
	}
}
