package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/analytics"
)

// TestAnalyzeChanges asks what changed since 24 February 2022: a link
// known to the year (2022) is uncertain, one of May 2022 began, an
// undated one counts nowhere but as undated.
func TestAnalyzeChanges(t *testing.T) {
	ta := newTestApp(t)
	dir := t.TempDir()
	store := filepath.Join(dir, "g.db")
	in := writeRGRE(t, dir, "links.csv",
		"Mannheim;Baden-Württemberg;Lublin;Polen;Partnerschaft;2022;;;;",
		"Heidelberg;Baden-Württemberg;Lublin;Polen;Partnerschaft;2022-05-01;;;;",
		"Karlsruhe;Baden-Württemberg;Lublin;Polen;Freundschaft;;;;;",
		"Stuttgart;Baden-Württemberg;Lyon;Frankreich;Partnerschaft;1956;;;;")
	if code, out, errs := ta.run("import", "--store", store, in); code != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	var ch analytics.Change
	ta.runJSON(&ch, "analyze", "changes", "--json", "--from", "2022-02-24", "--to", "2023-01-01", "--store", store)
	if len(ch.Added) != 1 || ch.Added[0].AName != "Heidelberg" || len(ch.Uncertain) != 1 || ch.Uncertain[0].AName != "Mannheim" ||
		ch.LinksBefore != 1 || ch.UncertainBefore != 1 || ch.LinksAfter != 3 || ch.Undated != 1 {
		t.Errorf("changes %+v", ch)
	}
	code, out, errs := ta.run("analyze", "changes", "--list", "--from", "2022-02-24", "--to", "2023-01-01", "--store", store)
	for _, want := range []string{"began  ", "uncertain (dates too coarse)", "Mannheim – Lublin (PARTNERSHIP, since 2022, until -)", "without a since date  1  "} {
		if code != 0 || !strings.Contains(out, want) {
			t.Errorf("text output: exit %d, want %q in\n%s%s", code, want, out, errs)
		}
	}
	code, out, errs = ta.run("analyze", "changes", "--from", "2022-02-24", "--to", "2023-01-01", "--store", store, "--cite")
	if code != 0 || !strings.Contains(out, "Cite as: citygraph analyze changes (from=2022-02-24, ") || !strings.Contains(out, "Reproduce: citygraph analyze changes ") {
		t.Errorf("--cite: exit %d\n%s%s", code, out, errs)
	}
	if code, _, errs := ta.run("analyze", "changes", "--store", store); code != 2 || !strings.Contains(errs, "--from") {
		t.Errorf("without --from: exit %d %s", code, errs)
	}
}
