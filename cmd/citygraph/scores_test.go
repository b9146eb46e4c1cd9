package main

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/sqlite"
)

// storeScores reads a score set back from an embedded store.
func storeScores(t *testing.T, store, property string) map[string]float64 {
	t.Helper()
	st, err := sqlite.Open(context.Background(), store, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	got, err := st.Scores(context.Background(), property)
	if err != nil {
		t.Fatalf("scores %s: %v", property, err)
	}
	return got
}

func TestAnalyzeWriteScores(t *testing.T) {
	ta, store := analyzeFixture(t)
	var res centralityResult
	ta.runJSON(&res, "analyze", "centrality", "--store", store, "--metric", "betweenness", "--top", "20", "--json", "--write", "betweenness")
	if res.Written == nil || res.Written.Property != "betweenness" || res.Written.Places != 20 || res.Written.DataVersion < 1 || !res.Written.Complete {
		t.Fatalf("written: %+v, want betweenness on 20 places", res.Written)
	}
	got := storeScores(t, store, "betweenness")
	if len(got) != 20 {
		t.Errorf("%d places hold betweenness, want 20", len(got))
	}
	for _, r := range res.Top {
		if got[r.ID] != r.Score {
			t.Errorf("%s: stored %v, the analysis said %v", r.ID, got[r.ID], r.Score)
		}
	}

	// Communities: whole numbers, 1 the largest community.
	var comm communityResult
	ta.runJSON(&comm, "analyze", "communities", "--store", store, "--json", "--write", "community", "--seed", "7")
	cs := storeScores(t, store, "community")
	if comm.Written == nil || !comm.Written.Integer || comm.Written.Params != `{"seed":7}` || len(cs) != 20 {
		t.Fatalf("communities written: %+v, %d places", comm.Written, len(cs))
	}
	for _, c := range comm.Communities {
		for _, m := range c.Members {
			if cs[m.ID] != float64(c.ID) {
				t.Errorf("%s in community %d, stored %v", m.ID, c.ID, cs[m.ID])
			}
		}
	}

	// A scope is recorded with the set.
	var scoped centralityResult
	ta.runJSON(&scoped, "analyze", "centrality", "--store", store, "--metric", "kcore", "--country", "DE,UA", "--json", "--write", "coreDEUA")
	if scoped.Written == nil || scoped.Written.Params != `{"countries":["DE","UA"]}` || !scoped.Written.Integer {
		t.Errorf("scoped set: %+v", scoped.Written)
	}

	code, out, errs := ta.run("scores", "list", "--store", store)
	if code != 0 || !strings.Contains(out, "betweenness") || !strings.Contains(out, "louvain") || !strings.Contains(out, "coreDEUA") {
		t.Errorf("scores list: exit %d\n%s%s", code, out, errs)
	}
	var sets []graph.ScoreInfo
	ta.runJSON(&sets, "scores", "list", "--store", store, "--json")
	if len(sets) != 3 || sets[0].Property != "betweenness" {
		t.Errorf("scores list --json: %+v", sets)
	}

	code, out, errs = ta.run("scores", "remove", "--store", store, "betweenness")
	if code != 0 || !strings.Contains(out, "removed betweenness from 20 places") {
		t.Errorf("scores remove: exit %d\n%s%s", code, out, errs)
	}
	code, _, errs = ta.run("scores", "remove", "--store", store, "comunity")
	if code != 1 || !strings.Contains(errs, `no score set "comunity"`) || !strings.Contains(errs, "community") {
		t.Errorf("removing a typo: exit %d, %s; want not found with a suggestion", code, errs)
	}
}

func TestAnalyzeWriteRefusesBadProperty(t *testing.T) {
	ta, store := analyzeFixture(t)
	for _, bad := range []string{"name", "page-rank", "9lives"} {
		code, _, errs := ta.run("analyze", "centrality", "--store", store, "--write", bad)
		if code != exitUsage || !strings.Contains(errs, "--write") {
			t.Errorf("--write %s: exit %d, %s; want a usage error", bad, code, errs)
		}
	}
	var sets []graph.ScoreInfo
	ta.runJSON(&sets, "scores", "list", "--store", store, "--json")
	if len(sets) != 0 {
		t.Errorf("refused writes left %+v", sets)
	}
}

func TestSnapshotCacheDir(t *testing.T) {
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"HOME": "/h"}, "/h/.cache/citygraph/snapshots"},
		{map[string]string{"HOME": "/h", "XDG_CACHE_HOME": "/x"}, "/x/citygraph/snapshots"},
		{map[string]string{"HOME": "/h", "CITYGRAPH_SNAPSHOT_CACHE": "/c"}, "/c"},
		{map[string]string{"HOME": "/h", "CITYGRAPH_SNAPSHOT_CACHE": "off"}, ""},
		{map[string]string{}, ""},
	} {
		a := newApp(io.Discard, io.Discard, nil, func(k string) string { return tc.env[k] }, false)
		if got := a.snapshotCacheDir(); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.env, got, tc.want)
		}
	}
}
