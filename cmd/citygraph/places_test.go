package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/identity"
)

// TestPlacesCheckAndIdentityReport imports a pair list whose second source
// writes a town twice (Xyzzyville and "Xyzzyville City", a place the
// gazetteer does not know) and Kyiv as Kiew: the identity report says
// which name became which place, and places check names the duplicate.
func TestPlacesCheckAndIdentityReport(t *testing.T) {
	ta := newTestApp(t)
	dir := t.TempDir()
	in := filepath.Join(dir, "pairs.csv")
	csv := "city_a,country_a,lat_a,lon_a,city_b,country_b,lat_b,lon_b\n" +
		"Mannheim,Germany,49.49,8.47,Xyzzyville,France,47.1,2.1\n" +
		"Heidelberg,Germany,49.41,8.69,Xyzzyville City,France,47.101,2.101\n" +
		"Heidelberg,Germany,49.41,8.69,Kiew,Ukraine,50.45,30.52\n"
	if err := os.WriteFile(in, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	store, report := filepath.Join(dir, "g.db"), filepath.Join(dir, "identity.csv")
	code, out, errs := ta.run("import", "--store", store, "--identity", report, in)
	if code != 0 || !strings.Contains(out, "places: 5 names, 3 known (directory or gazetteer), 2 new to the gazetteer") {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	rep, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(rep), `Kiew,Ukraine,,UA:kyiv,true,"gazetteer: Kiew is a name of Kyiv (UA, pop.`) {
		t.Errorf("identity report:\n%s", rep)
	}
	var sus []identity.Suspect
	ta.runJSON(&sus, "places", "check", "--json", "--store", store)
	if len(sus) != 1 || sus[0].Kind != "duplicate" || sus[0].ID != "FR:xyzzyville" || sus[0].OtherID != "FR:xyzzyville-city" {
		t.Errorf("places check: %+v", sus)
	}
	if code, _, errs := ta.run("places", "--store", store); code != 2 || !strings.Contains(errs, "places check") {
		t.Errorf("places without check: exit %d, %s", code, errs)
	}

	// The researcher says the two are one place: an alias file, imported
	// like any other, merges them; the check is clean, the link moved.
	aliases := filepath.Join(dir, "aliases.csv")
	if err := os.WriteFile(aliases, []byte("id;same_as\nFR:xyzzyville-city;FR:xyzzyville\n"), 0o644); err != nil {
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
	var as []graph.Alias
	ta.runJSON(&as, "places", "aliases", "--json", "--store", store)
	if len(as) != 1 || as[0].Alias != "FR:xyzzyville-city" || as[0].Place != "FR:xyzzyville" || len(as[0].Sources) != 1 || as[0].Sources[0].Line != 2 {
		t.Errorf("places aliases: %+v", as)
	}
	code, out, _ = ta.run("places", "aliases", "--store", store)
	if code != 0 || !strings.Contains(out, "FR:xyzzyville-city  is  FR:xyzzyville (Xyzzyville)  aliases.csv:2") {
		t.Errorf("places aliases: exit %d\n%s", code, out)
	}
	code, out, errs = ta.run("export", "--format", "csv-partnerships", "--csv", "rfc4180", "--out", "-", "--store", store)
	if code != 0 || strings.Contains(out, "xyzzyville-city") || strings.Count(out, "FR:xyzzyville") != 2 {
		t.Errorf("links after the alias: exit %d\n%s\n%s", code, out, errs)
	}
}
