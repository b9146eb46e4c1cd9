package main

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// multilayerFixture is the RGRE fixture with invented memberships in three
// networks and links to one organisation (testdata/memberships.csv,
// orglinks.csv).
func multilayerFixture(t *testing.T) (*testApp, string) {
	ta, store := analyzeFixture(t)
	if code, _, errs := ta.run("import", "--store", store, "testdata/memberships.csv", "testdata/orglinks.csv"); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	return ta, store
}

// TestAnalyzeBipartiteCLI: six places in three networks (Eurocities and
// the Covenant with four members each, Mayors for Peace with two). The
// two big networks carry the most shortest paths; a place's degree
// centrality is its networks over three.
func TestAnalyzeBipartiteCLI(t *testing.T) {
	ta, store := multilayerFixture(t)
	var res bipartiteResult
	ta.runJSON(&res, "analyze", "bipartite", "--store", store, "--by", "betweenness", "--json")
	if res.Places != 6 || res.Groups != 3 || res.Memberships != 10 || len(res.Top) != 9 {
		t.Fatalf("bipartite = %+v", res)
	}
	if res.Top[0].Type != "network" || res.Top[1].Type != "network" || res.Top[0].Degree != 4 || res.Top[0].Betweenness <= res.Top[2].Betweenness {
		t.Errorf("by betweenness: %+v", res.Top[:3])
	}
	for _, r := range res.Top {
		if r.Type == "place" && math.Abs(r.DegreeCentrality-float64(r.Degree)/3) > 1e-12 {
			t.Errorf("%s: degree centrality %v with %d networks", r.ID, r.DegreeCentrality, r.Degree)
		}
	}
	ta.runJSON(&res, "analyze", "bipartite", "--store", store, "--layer", "organisations", "--side", "groups", "--json")
	if res.Places != 2 || res.Groups != 1 || len(res.Top) != 1 || res.Top[0].Type != "organisation" || res.Top[0].DegreeCentrality != 1 {
		t.Errorf("organisations = %+v", res)
	}
	// As of 2009 the Covenant had München and Frankfurt; the others have no
	// date and count.
	ta.runJSON(&res, "analyze", "bipartite", "--store", store, "--as-of", "2008-06", "--side", "groups", "--json")
	for _, r := range res.Top {
		if r.ID == "covenant-of-mayors" && r.Degree != 2 {
			t.Errorf("Covenant as of 2008-06: %d members, want 2", r.Degree)
		}
	}
	for _, args := range [][]string{{"--layer", "partnerships"}, {"--layer", "clubs"}, {"--by", "fame"}, {"--side", "left"}, {"--top", "0"}} {
		if code, _, _ := ta.run(append([]string{"analyze", "bipartite", "--store", store}, args...)...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}

// TestAnalyzeSharedCLI: Köln and München share two networks (weight 2 by
// count); with Newman's weighting the pair alone in Mayors for Peace
// (Mannheim, Leipzig) weighs 1/(2-1) = 1 and comes first.
func TestAnalyzeSharedCLI(t *testing.T) {
	ta, store := multilayerFixture(t)
	var res sharedResult
	ta.runJSON(&res, "analyze", "shared", "--store", store, "--json")
	if res.Places != 6 || res.Pairs != 12 || res.Top[0].Weight != 2 || res.Top[0].AName+"-"+res.Top[0].BName != "Köln-München" ||
		strings.Join(res.Top[0].Shared, ",") != "covenant-of-mayors,eurocities" {
		t.Fatalf("count: %+v", res)
	}
	ta.runJSON(&res, "analyze", "shared", "--store", store, "--weighting", "newman", "--json")
	if res.Top[0].Weight != 1 || res.Top[0].AName+"-"+res.Top[0].BName != "Mannheim-Leipzig" || math.Abs(res.Top[1].Weight-2.0/3) > 1e-12 {
		t.Errorf("newman: %+v", res.Top[:2])
	}
	var c centralityResult
	ta.runJSON(&c, "analyze", "centrality", "--store", store, "--layer", "shared-networks", "--metric", "degree", "--top", "1", "--json")
	if c.Layer != "shared-networks" || c.Links != 12 || c.Top[0].Score != 5 {
		t.Errorf("centrality on shared networks: %+v", c)
	}
	if code, _, _ := ta.run("analyze", "shared", "--store", store, "--weighting", "jaccard"); code != exitUsage {
		t.Errorf("--weighting jaccard: exit %d", code)
	}
	if code, _, _ := ta.run("analyze", "centrality", "--store", store, "--layer", "networks"); code != exitUsage {
		t.Errorf("centrality --layer networks: exit %d", code)
	}
}

// TestAnalyzeCommunitiesLayers: with the networks weighing 2, the German
// places sharing networks join Kyiv's community; the modularity on the
// partnerships alone is reported beside the combined one, and a bad layer
// list is a usage error.
func TestAnalyzeCommunitiesLayers(t *testing.T) {
	ta, store := multilayerFixture(t)
	var plain, multi communityResult
	ta.runJSON(&plain, "analyze", "communities", "--store", store, "--json")
	ta.runJSON(&multi, "analyze", "communities", "--store", store, "--layers", "partnerships,networks=2", "--json")
	if plain.Layers != nil || plain.PartnershipModularity != nil {
		t.Errorf("plain run reports layers: %+v", plain)
	}
	if len(multi.Layers) != 2 || multi.Weighting != "count" || multi.PartnershipModularity == nil || *multi.PartnershipModularity > plain.Modularity+1e-12 {
		t.Fatalf("multilayer = %+v (plain Q %v)", multi, plain.Modularity)
	}
	in := map[string]int{}
	for _, c := range multi.Communities {
		for _, m := range c.Members {
			in[m.Name] = c.ID
		}
	}
	if in["Köln"] != in["Kyiv"] || in["Mannheim"] != in["Kyiv"] || in["Frankfurt am Main"] != in["Kyiv"] {
		t.Errorf("communities with networks: %v", in)
	}
	var again communityResult
	ta.runJSON(&again, "analyze", "communities", "--store", store, "--layers", "networks=2,partnerships", "--json")
	if again.Modularity != multi.Modularity {
		t.Errorf("layer order changes the answer: %v, %v", again.Modularity, multi.Modularity)
	}
	for _, layers := range []string{"partnerships,clubs", "networks=-1", "networks,networks"} {
		if code, _, _ := ta.run("analyze", "communities", "--store", store, "--layers", layers); code != exitUsage {
			t.Errorf("--layers %s: exit %d, want %d", layers, code, exitUsage)
		}
	}
}

// TestExportSharedLayer: export --layer shared-networks writes the places
// sharing networks as links of kind SHARED_NETWORKS whose topics are the
// shared networks (Köln and München: two), with the memberships beside.
func TestExportSharedLayer(t *testing.T) {
	ta, store := multilayerFixture(t)
	out := filepath.Join(t.TempDir(), "shared.csv")
	if code, _, errs := ta.run("export", "--store", store, "--layer", "shared-networks", "--format", "csv", "--csv", "rfc4180", "--out", out); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(raw), "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	shared, both := 0, ""
	for _, r := range rows[1:] {
		if r[8] != "SHARED_NETWORKS" {
			t.Errorf("row %v", r)
		}
		shared++
		if r[1] == "Köln" && r[5] == "München" {
			both = r[12]
		}
	}
	if shared != 12 || both != "covenant-of-mayors|eurocities" {
		t.Errorf("%d shared pairs, Köln-München %q", shared, both)
	}
	if code, _, _ := ta.run("export", "--store", store, "--layer", "friends", "--format", "csv", "--out", out); code != exitUsage {
		t.Errorf("--layer friends: exit %d", code)
	}
}
