package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/analytics"
)

// TestCheck imports a Kreis and one of its towns twinned with the same
// place, and Bremen but not Bremerhaven: check names both, with the rows
// involved.
func TestCheck(t *testing.T) {
	ta := newTestApp(t)
	dir := t.TempDir()
	store := filepath.Join(dir, "g.db")
	in := writeRGRE(t, dir, "links.csv",
		"Landkreis Böblingen;Baden-Württemberg;Lyon;Frankreich;Partnerschaft;1990;;;;",
		"Sindelfingen;Baden-Württemberg;Lyon;Frankreich;Freundschaft;1995;;;;",
		"Bremen;Bremen;Lyon;Frankreich;Partnerschaft;1990;;;;")
	if code, out, errs := ta.run("import", "--store", store, in); code != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	var fs []analytics.Finding
	ta.runJSON(&fs, "check", "--json", "--check", "cross-level", "--store", store)
	if len(fs) != 1 || fs[0].Check != analytics.CheckCrossLevel || len(fs[0].Sources) != 2 || fs[0].Sources[0].File != "links.csv" {
		t.Errorf("cross-level: %+v", fs)
	}
	code, out, errs := ta.run("check", "--list", "--check", "unlinked,cross-level", "--state", "Bremen", "--store", store)
	for _, want := range []string{"unlinked: DE-HB: 1 of 2 municipalities without any link", "places: DE:04012000", "2 finding(s): cross-level 0, unlinked 2"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("check --state Bremen: exit %d, want %q in\n%s%s", code, want, out, errs)
		}
	}
	if code, _, errs := ta.run("check", "--check", "duplicates", "--store", store); code != 2 || !strings.Contains(errs, "cross-level") {
		t.Errorf("unknown check: exit %d %s", code, errs)
	}
}
