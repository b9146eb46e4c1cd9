package main

import (
	"encoding/json"
	"errors"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/analytics"
)

// analyzeFixture imports the RGRE fixture: 20 places, 11 links; one
// component is the path Leipzig - Kiew - München - Bordeaux, the other
// eight are single links.
func analyzeFixture(t *testing.T) (*testApp, string) {
	ta := newTestApp(t)
	store := filepath.Join(t.TempDir(), "g.db")
	if code, _, errs := ta.run("import", "--store", store, "testdata/rgre_cp1252.csv"); code != 0 {
		t.Fatalf("import: %s", errs)
	}
	return ta, store
}

func (ta *testApp) runJSON(v any, args ...string) {
	ta.t.Helper()
	code, out, errs := ta.run(args...)
	if code != 0 {
		ta.t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	if err := json.Unmarshal([]byte(out), v); err != nil {
		ta.t.Fatalf("%v: %v\n%s", args, err, out)
	}
}

// The scope's --state takes a Land as every other --state does (resolveState):
// by name, code or AGS number; an unknown one is a usage error, not an
// empty scope.
func TestScopeStates(t *testing.T) {
	for _, tc := range []struct {
		states string
		want   []string
	}{
		{"Bayern", []string{"DE-BY"}},
		{"NW, de-sn,Baden-Württemberg", []string{"DE-NW", "DE-SN", "DE-BW"}},
		{"DE-HE", []string{"DE-HE"}},
		{"", nil},
	} {
		f, err := (&scopeOptions{states: tc.states}).filter()
		if err != nil || !slices.Equal(f.States, tc.want) {
			t.Errorf("--state %q: %v, %v; want %v", tc.states, f.States, err, tc.want)
		}
	}
	if _, err := (&scopeOptions{states: "NW,Nowhere"}).filter(); !errors.Is(err, errUsage) {
		t.Errorf("--state Nowhere: %v, want a usage error", err)
	}
}

func TestAnalyzeCentralityCLI(t *testing.T) {
	ta, store := analyzeFixture(t)
	for _, tc := range []struct {
		metric string
		want   float64
	}{
		{"degree", 2}, {"betweenness", 2}, {"harmonic", 2.5},
	} {
		var res centralityResult
		ta.runJSON(&res, "analyze", "centrality", "--store", store, "--metric", tc.metric, "--top", "3", "--json")
		if res.Nodes != 20 || res.Links != 11 || len(res.Top) != 3 {
			t.Fatalf("%s: %d nodes, %d links, %d rows", tc.metric, res.Nodes, res.Links, len(res.Top))
		}
		// München and Kiew tie at the top; ties go by ID.
		if top := res.Top[0]; top.ID != "DE:09162000" || top.Name != "München" || top.Country != "DE" || top.Score != tc.want || top.Rank != 1 {
			t.Errorf("%s: first = %+v, want München with %v", tc.metric, top, tc.want)
		}
		if res.Top[1].Score != tc.want || res.Top[1].Country != "UA" {
			t.Errorf("%s: second = %+v, want Kiew with %v", tc.metric, res.Top[1], tc.want)
		}
	}
	// A scope: only links to Ukraine leave München with one partner.
	var res centralityResult
	ta.runJSON(&res, "analyze", "centrality", "--store", store, "--metric", "degree", "--country", "DE,UA", "--top", "1", "--json")
	if res.Links != 6 || res.Top[0].Score != 2 || res.Top[0].Country != "UA" {
		t.Errorf("DE-UA scope: %d links, top %+v; want 6 links and Kiew with 2", res.Links, res.Top[0])
	}
	if code, _, _ := ta.run("analyze", "centrality", "--store", store, "--metric", "fame"); code != exitUsage {
		t.Errorf("unknown metric: exit %d, want %d", code, exitUsage)
	}
}

// TestAnalyzeClosenessScaleCLI: the fixture's pairs linked only to each
// other score 1 within their component and rank first with
// --closeness-scale component; by default (Wasserman-Faust) München ranks
// first: it reaches the other 3 places of the path Leipzig-Kiew-München-
// Bordeaux at distances 1, 1, 2, so (3/4) * (3/19) among 20 places.
func TestAnalyzeClosenessScaleCLI(t *testing.T) {
	ta, store := analyzeFixture(t)
	var wf, def, comp centralityResult
	ta.runJSON(&wf, "analyze", "centrality", "--store", store, "--metric", "closeness", "--closeness-scale", "wf", "--top", "20", "--json")
	ta.runJSON(&def, "analyze", "centrality", "--store", store, "--metric", "closeness", "--top", "20", "--json")
	ta.runJSON(&comp, "analyze", "centrality", "--store", store, "--metric", "closeness", "--closeness-scale", "component", "--top", "20", "--json")
	if !reflect.DeepEqual(wf, def) {
		t.Errorf("default closeness differs from --closeness-scale wf:\n%+v\n%+v", def, wf)
	}
	want := 3.0 / 4 * 3 / float64(wf.Nodes-1)
	if top := wf.Top[0]; top.ID != "DE:09162000" || math.Abs(top.Score-want) > 1e-15 || !strings.Contains(wf.Convention, "Wasserman-Faust") {
		t.Errorf("WF closeness: first %+v (%s), want München with %v", top, wf.Convention, want)
	}
	if top := comp.Top[0]; top.Score != 1 || top.Degree != 1 || !strings.Contains(comp.Convention, "igraph") {
		t.Errorf("component closeness: first %+v (%s), want a place of an isolated pair with 1", top, comp.Convention)
	}
	if code, _, _ := ta.run("analyze", "centrality", "--store", store, "--metric", "closeness", "--closeness-scale", "global"); code != exitUsage {
		t.Errorf("unknown scale: exit %d, want %d", code, exitUsage)
	}
}

func TestAnalyzeCommunitiesCLI(t *testing.T) {
	ta, store := analyzeFixture(t)
	var a, b communityResult
	ta.runJSON(&a, "analyze", "communities", "--store", store, "--seed", "7", "--json")
	ta.runJSON(&b, "analyze", "communities", "--store", store, "--seed", "7", "--json")
	total := 0
	labels := map[int]bool{}
	for i, c := range a.Communities {
		total += c.Size
		// Numbered from 1, the largest first, ties by Louvain's label
		// (communityId, the API's Community.id); labels are distinct.
		if c.ID != i+1 || labels[c.CommunityID] {
			t.Errorf("community %d: id %d, communityId %d (seen before: %v)", i, c.ID, c.CommunityID, labels[c.CommunityID])
		}
		labels[c.CommunityID] = true
		if i > 0 {
			p := a.Communities[i-1]
			if p.Size < c.Size || p.Size == c.Size && p.CommunityID > c.CommunityID {
				t.Errorf("community %d (size %d, communityId %d) after size %d, communityId %d", c.ID, c.Size, c.CommunityID, p.Size, p.CommunityID)
			}
		}
	}
	if total != 20 {
		t.Errorf("communities hold %d places, want all 20 linked ones", total)
	}
	// Nine components, so at least nine communities, and a clearly modular graph.
	if len(a.Communities) < 9 || a.Modularity <= 0.5 {
		t.Errorf("%d communities, modularity %.3f", len(a.Communities), a.Modularity)
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Error("the same seed gave different communities")
	}
}

func TestAnalyzeStatsCLI(t *testing.T) {
	ta, store := analyzeFixture(t)
	var s analytics.GlobalStats
	ta.runJSON(&s, "analyze", "stats", "--store", store, "--json")
	if s.Nodes != 20 || s.Links != 11 || s.Components != 9 || s.LargestComponent != 4 || s.Diameter != 3 || s.Transitivity != 0 {
		t.Errorf("stats = %+v; want 20 nodes, 11 links, 9 components, largest 4, diameter 3, no triangles", s)
	}
}

// TestAnalysesListMatchesUsage checks that the list behind "did you mean"
// and shell completion names every analysis the usage text describes, and
// no other.
func TestAnalysesListMatchesUsage(t *testing.T) {
	var described []string
	for _, line := range strings.Split(analyzeUsage, "\n") {
		if f := strings.Fields(line); strings.HasPrefix(line, "  ") && !strings.HasPrefix(line, "   ") && len(f) > 1 {
			described = append(described, f[0])
		}
	}
	if !slices.Equal(described, analyses) {
		t.Errorf("usage describes %v, the list holds %v", described, analyses)
	}
}
