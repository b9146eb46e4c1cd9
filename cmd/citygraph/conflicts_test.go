package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/analytics"
)

// writeRGRE writes an RGRE table with the given data rows into dir.
func writeRGRE(t *testing.T, dir, name string, rows ...string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	body := "Kommune;Bundesland;Partnerkommune;Land;Art;Seit;Bis;Themen;Quelle;Status\n" + strings.Join(rows, "\n") + "\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestConflictsFromImports: two files disagree on the since year of
// Mannheim-Lublin; the second import reports the conflict, citygraph
// conflicts lists it with both values and their sources, and a third file
// imported with --settles decides it.
func TestConflictsFromImports(t *testing.T) {
	ta := newTestApp(t)
	dir := t.TempDir()
	store := filepath.Join(dir, "g.db")
	a := writeRGRE(t, dir, "a.csv", "Mannheim;Baden-Württemberg;Lublin;Polen;Partnerschaft;1957;;;a;aktiv")
	b := writeRGRE(t, dir, "b.csv", "Heidelberg;Baden-Württemberg;Lublin;Polen;Partnerschaft;2015;;;b;", "Mannheim;Baden-Württemberg;Lublin;Polen;Partnerschaft;1958;;;b;aktiv")
	if code, out, errs := ta.run("import", "--store", store, a); code != 0 || strings.Contains(out, "conflict") {
		t.Fatalf("import a: exit %d\n%s\n%s", code, out, errs)
	}
	code, out, errs := ta.run("import", "--store", store, b)
	if code != 0 || !strings.Contains(out, "1 conflict(s) with earlier sources") ||
		!strings.Contains(out, "Mannheim – Lublin (PARTNERSHIP): since 1957 (a.csv:2 [a]) | 1958 (b.csv:3 [b]); taken 1958") {
		t.Fatalf("import b: exit %d\n%s\n%s", code, out, errs)
	}
	var cs []analytics.LinkConflict
	ta.runJSON(&cs, "conflicts", "--json", "--store", store)
	if len(cs) != 1 || cs[0].Field != "since" || len(cs[0].Values) != 2 || cs[0].Values[0].Sources[0].File != "a.csv" ||
		cs[0].Values[1].Sources[0].Line != 3 || cs[0].Chosen != "1958" || cs[0].Settled {
		t.Fatalf("conflicts: %+v", cs)
	}
	code, out, _ = ta.run("conflicts", "--store", store)
	if code != 0 || !strings.Contains(out, "since 1957 (a.csv:2 [a]) | 1958 (b.csv:3 [b]); taken 1958") || !strings.Contains(out, "1 conflict(s)") {
		t.Errorf("conflicts text: exit %d\n%s", code, out)
	}
	// A settling file decides.
	fix := writeRGRE(t, dir, "fix.csv", "Mannheim;Baden-Württemberg;Lublin;Polen;Partnerschaft;1957;;;Ratsbeschluss;")
	if code, out, errs := ta.run("import", "--settles", "--store", store, fix); code != 0 || !strings.Contains(out, "settles") {
		t.Fatalf("import fix: exit %d\n%s\n%s", code, out, errs)
	}
	cs = nil
	ta.runJSON(&cs, "conflicts", "--json", "--store", store)
	if len(cs) != 0 {
		t.Errorf("after settling: %+v", cs)
	}
	ta.runJSON(&cs, "conflicts", "--json", "--settled", "--store", store)
	if len(cs) != 1 || !cs[0].Settled || cs[0].Chosen != "1957" || len(cs[0].Values[0].Sources) != 2 {
		t.Errorf("settled: %+v", cs)
	}
}
