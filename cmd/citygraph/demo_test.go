package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/analytics"
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

// TestDemoAnswersCounts: the demo store holds the German-Ukrainian
// partnerships as reported over time, each against the demo's links known
// on its date.
func TestDemoAnswersCounts(t *testing.T) {
	ta := newTestApp(t)
	store := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errs := ta.run("demo", "--store", store); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errs)
	}
	var rc []analytics.ReportedVsKnown
	ta.runJSON(&rc, "analyze", "counts", "--json", "--country", "UA", "--store", store)
	if len(rc) != 8 {
		t.Fatalf("%d counts, want the timeline's 8: %+v", len(rc), rc)
	}
	by := map[string]analytics.ReportedVsKnown{}
	for _, c := range rc {
		by[c.AsOf.String()] = c
	}
	prev := -1
	for _, w := range []struct {
		asOf     string
		reported int
		atLeast  bool
	}{{"2022-02", 73, false}, {"2022-10", 107, false}, {"2023-07", 167, false}, {"2026-02", 250, true}} {
		c := by[w.asOf]
		if c.Reported != w.reported || c.AtLeast != w.atLeast || len(c.Sources) != 1 || !strings.HasPrefix(c.Sources[0].File, "demo:") {
			t.Errorf("as of %s: %+v, want reported %d (at least %v) from a demo file", w.asOf, c, w.reported, w.atLeast)
		}
		// The demo's dated links since 2022 make the known links grow.
		if c.Known < prev || c.Known == 0 {
			t.Errorf("as of %s: %d links known, after %d", w.asOf, c.Known, prev)
		}
		prev = c.Known
	}
	if by["2026-02"].Known <= by["2022-02"].Known {
		t.Errorf("known links did not grow from 02.2022 (%d) to 02.2026 (%d)", by["2022-02"].Known, by["2026-02"].Known)
	}
	if code, out, errs := ta.run("analyze", "counts", "--country", "UA", "--store", store); code != 0 || !strings.Contains(out, "over 250") {
		t.Errorf("table: exit %d\n%s\n%s", code, out, errs)
	}
	if code, out, errs := ta.run("demo", "--remove", "--store", store); code != 0 {
		t.Fatalf("demo --remove: exit %d\n%s\n%s", code, out, errs)
	}
	rc = nil
	ta.runJSON(&rc, "analyze", "counts", "--json", "--country", "UA", "--store", store)
	if len(rc) != 0 {
		t.Errorf("after demo --remove: %d counts, want none", len(rc))
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
