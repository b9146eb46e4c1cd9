package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/analytics"
)

// TestAnalyzeCounts imports the German-Ukrainian counts reported over time
// (importer/testdata, a copy of the shared timeline) and three links, and sets each
// figure against the links known on its date.
func TestAnalyzeCounts(t *testing.T) {
	ta := newTestApp(t)
	dir := t.TempDir()
	store := filepath.Join(dir, "g.db")
	links := writeRGRE(t, dir, "links.csv",
		"Mannheim;Baden-Württemberg;Czernowitz;Ukraine;Partnerschaft;2022-11-08;;;;",
		"Leipzig;Sachsen;Kiew;Ukraine;Partnerschaft;1961;;;;",
		"Karlsruhe;Baden-Württemberg;Lwiw;Ukraine;Freundschaft;;;;;")
	for _, args := range [][]string{
		{"import", "--store", store, links},
		{"import", "--store", store, "--set", "country=Ukraine", filepath.Join("..", "..", "importer", "testdata", "de_ua_partnership_counts_timeline.csv")},
	} {
		if code, out, errs := ta.run(args...); code != 0 {
			t.Fatalf("%v: exit %d\n%s\n%s", args, code, out, errs)
		}
	}
	var rc []analytics.ReportedVsKnown
	ta.runJSON(&rc, "analyze", "counts", "--json", "--country", "UA", "--store", store)
	by := map[string]analytics.ReportedVsKnown{}
	for _, c := range rc {
		by[c.AsOf.String()] = c
	}
	if len(rc) != 8 {
		t.Fatalf("%d counts, want the file's 8: %+v", len(rc), rc)
	}
	for _, w := range []struct {
		asOf            string
		reported, known int
		atLeast         bool
	}{{"2022-02", 73, 1, false}, {"2022-10", 107, 1, false}, {"2023-07", 167, 2, false}, {"2026-02", 250, 2, true}} {
		c := by[w.asOf]
		if c.Reported != w.reported || c.Known != w.known || c.AtLeast != w.atLeast || c.Undated != 1 || len(c.Sources) != 1 {
			t.Errorf("as of %s: %+v, want reported %d (at least %v), known %d, undated 1", w.asOf, c, w.reported, w.atLeast, w.known)
		}
	}
	code, out, errs := ta.run("analyze", "counts", "--country", "Ukraine", "--store", store)
	if code != 0 || !strings.Contains(out, "over 250") || !strings.Contains(out, "8 reported count(s)") {
		t.Errorf("table: exit %d\n%s\n%s", code, out, errs)
	}
	if code, _, errs := ta.run("analyze", "counts", "--country", "Atlantis", "--store", store); code != 2 || !strings.Contains(errs, "Atlantis") {
		t.Errorf("unknown country: exit %d, %s", code, errs)
	}
}
