package main

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnalyzeBridgesCLI: in the RGRE fixture's path Leipzig - Kiew -
// München - Bordeaux the German place linked to France is München; five
// are linked to Ukraine, Leipzig and four in pairs of their own. Of the
// four cross pairs only München-Leipzig (2 links) is connected: it runs
// through Kyiv, and without Kyiv it has no path.
func TestAnalyzeBridgesCLI(t *testing.T) {
	ta, store := analyzeFixture(t)
	var res bridgesResult
	ta.runJSON(&res, "analyze", "bridges", "--store", store, "--between", "FR", "--and", "Ukraine", "--json")
	if res.Home != "DE" || res.Between != "FR" || res.And != "UA" || res.GroupA != 1 || res.GroupB != 5 || res.Pairs != 4 || res.Connected != 1 || res.MeanDistance != 2 {
		t.Errorf("bridges = %+v", res)
	}
	if len(res.Places) != 1 || res.Places[0].ID != "UA:kyiv" || res.Places[0].Betweenness != 1 || res.Places[0].Disconnected != 1 || res.Places[0].Rank != 1 {
		t.Errorf("places = %+v, want Kyiv carrying the pair", res.Places)
	}
	for _, args := range [][]string{
		{"--between", "FR"},
		{"--between", "FR", "--and", "Atlantis"},
		{"--between", "FR", "--and", "UA", "--top", "0"},
	} {
		if code, _, _ := ta.run(append([]string{"analyze", "bridges", "--store", store}, args...)...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestAnalyzeBridgesCommunities: two blocks of four (Mannheim, Heidelberg
// x Lublin, Krakau and Karlsruhe, Stuttgart x Lwiw, Charkiw) joined by
// Mannheim-Lwiw are the two Louvain communities; community:N is the N-th
// of analyze communities with the same seed. Of the 16 ordered cross
// pairs all are connected, at distances summing to 48 (mean 3); Mannheim
// and Lwiw each carry the 12 pairs with neither of them at an end, and
// without either those pairs have no path. Within the blocks each pair
// has two shortest paths: Karlsruhe and Stuttgart carry half of Charkiw's
// four pairs each, Lublin and Kraków half of Heidelberg's.
func TestAnalyzeBridgesCommunities(t *testing.T) {
	ta := newTestApp(t)
	dir := t.TempDir()
	store := filepath.Join(dir, "g.db")
	in := writeRGRE(t, dir, "links.csv",
		"Mannheim;Baden-Württemberg;Lublin;Polen;Partnerschaft;;;;;",
		"Mannheim;Baden-Württemberg;Krakau;Polen;Partnerschaft;;;;;",
		"Heidelberg;Baden-Württemberg;Lublin;Polen;Partnerschaft;;;;;",
		"Heidelberg;Baden-Württemberg;Krakau;Polen;Partnerschaft;;;;;",
		"Karlsruhe;Baden-Württemberg;Lwiw;Ukraine;Partnerschaft;;;;;",
		"Karlsruhe;Baden-Württemberg;Charkiw;Ukraine;Partnerschaft;;;;;",
		"Stuttgart;Baden-Württemberg;Lwiw;Ukraine;Partnerschaft;;;;;",
		"Stuttgart;Baden-Württemberg;Charkiw;Ukraine;Partnerschaft;;;;;",
		"Mannheim;Baden-Württemberg;Lwiw;Ukraine;Partnerschaft;;;;;")
	if code, out, errs := ta.run("import", "--store", store, in); code != 0 {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	var comms communityResult
	ta.runJSON(&comms, "analyze", "communities", "--store", store, "--seed", "3", "--json")
	if len(comms.Communities) != 2 || comms.Communities[0].Size != 4 || comms.Communities[1].Size != 4 {
		t.Fatalf("communities %+v, want two of four", comms.Communities)
	}
	var res bridgesResult
	ta.runJSON(&res, "analyze", "bridges", "--store", store, "--between", "community:2", "--and", "Community:1", "--seed", "3", "--json")
	if res.Between != "community:2" || res.Seed == nil || *res.Seed != 3 || res.GroupA != 4 || res.GroupB != 4 || res.Pairs != 16 || res.Connected != 16 || res.MeanDistance != 3 {
		t.Errorf("bridges = %+v", res)
	}
	var got []string
	for _, p := range res.Places {
		got = append(got, fmt.Sprintf("%s:%g/%d/%g/%v%v", p.Name, p.Betweenness, p.Disconnected, p.DistanceIncrease, p.InA, p.InB))
	}
	// Community 1 holds the first of its members by degree: Mannheim or Lwiw.
	first := comms.Communities[0].Members[0].Name
	in2, in1 := "truefalse", "falsetrue" // community 2 is group A
	if first != "Mannheim" {
		in2, in1 = in1, in2
	}
	want := "Mannheim:12/12/0/" + in1 + " Lviv:12/12/0/" + in2 + " Stuttgart:2/0/0/" + in2 + " Karlsruhe:2/0/0/" + in2 +
		" Kraków:2/0/0/" + in1 + " Lublin:2/0/0/" + in1
	if g := strings.Join(got, " "); g != want {
		t.Errorf("places %s, want %s (community 1 led by %s)", g, want, first)
	}
	// A community against a country: the German places linked to Ukraine.
	ta.runJSON(&res, "analyze", "bridges", "--store", store, "--between", "community:1", "--and", "UA", "--seed", "3", "--json")
	if res.GroupA != 4 || res.GroupB != 3 || res.And != "UA" {
		t.Errorf("community against country: %+v", res)
	}
	for _, args := range [][]string{
		{"--between", "community:3", "--and", "community:1"},
		{"--between", "community:0", "--and", "community:1"},
		{"--between", "community:x", "--and", "UA"},
	} {
		if code, _, errs := ta.run(append([]string{"analyze", "bridges", "--store", store}, args...)...); code != exitUsage || !strings.Contains(errs, "community") {
			t.Errorf("%v: exit %d, want %d: %s", args, code, exitUsage, errs)
		}
	}
	code, out, errs := ta.run("analyze", "bridges", "--store", store, "--between", "community:1", "--and", "community:2", "--cite")
	if code != 0 || !strings.Contains(out, "4 places of Louvain community:1 (seed 1)") || !strings.Contains(out, "seed 1, on data sha256:") {
		t.Errorf("text: exit %d\n%s%s", code, out, errs)
	}
}
