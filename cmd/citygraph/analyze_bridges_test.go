package main

import "testing"

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
