package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/identity"
)

// TestUnresolvedPlaceAttachedByName: a pair list names "Senden" without
// coordinates (two Sendens of about one size); --skip-invalid keeps the
// row with an unresolved place, places check lists it with both Sendens,
// and an alias file that names the right one attaches it.
func TestUnresolvedPlaceAttachedByName(t *testing.T) {
	ta := newTestApp(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "pairs.csv")
	if err := os.WriteFile(in, []byte("city_a,country_a,city_b,country_b\nSenden,Germany,Koronowo,Poland\nMannheim,Germany,Swansea,United Kingdom\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(dir, "g.db")
	code, out, errs := ta.run("import", "--store", store, "--skip-invalid", in)
	if code != 0 || !strings.Contains(out, "unresolved: 1 German places") || !strings.Contains(out, "0 rejected") {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	var sus []identity.Suspect
	ta.runJSON(&sus, "places", "check", "--json", "--store", store)
	if len(sus) != 1 || sus[0].Kind != "unresolved" || sus[0].ID != "DE:senden~ambiguous~pl-koronowo" ||
		!strings.Contains(sus[0].Reason, "AGS 05558044") || !strings.Contains(sus[0].Reason, "AGS 09775152") {
		t.Fatalf("places check: %+v", sus)
	}

	aliases := filepath.Join(dir, "aliases.csv")
	if err := os.WriteFile(aliases, []byte("id;same_as\nDE:senden~ambiguous~pl-koronowo;Senden\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs = ta.run("import", "--store", store, aliases)
	if code == 0 || !strings.Contains(errs, `aliases.csv:2:33: same_as: "Senden", the name of the kept place (in DE, the alias's country): municipality "Senden" is ambiguous`) {
		t.Fatalf("an ambiguous name: exit %d\n%s", code, errs)
	}
	if err := os.WriteFile(aliases, []byte("id;same_as\nDE:senden~ambiguous~pl-koronowo;Senden, Nordrhein-Westfalen\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errs := ta.run("import", "--store", store, aliases); code != 0 {
		t.Fatalf("import aliases: exit %d\n%s\n%s", code, out, errs)
	}
	sus = nil
	ta.runJSON(&sus, "places", "check", "--json", "--store", store)
	if len(sus) != 0 {
		t.Errorf("places check after the alias: %+v", sus)
	}
	code, out, errs = ta.run("export", "--format", "csv-partnerships", "--csv", "rfc4180", "--out", "-", "--store", store)
	if code != 0 || !strings.Contains(out, "DE:05558044") || strings.Contains(out, "ambiguous") {
		t.Errorf("links after the alias: exit %d\n%s\n%s", code, out, errs)
	}
}
