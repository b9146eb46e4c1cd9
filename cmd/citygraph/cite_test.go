package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCitableResults: every analytics answer carries its provenance; the
// same inputs give byte-identical output with --no-time, and output that
// differs only in the time without it; --cite prints a citation and the
// command that reproduces the result, and that command does.
func TestCitableResults(t *testing.T) {
	ta := newTestApp(t)
	store := coverageStore(t, ta)
	for _, args := range [][]string{
		{"recommend", "--city", "Heidelberg", "--today", "2024"},
		{"analyze", "centrality", "--metric", "pagerank", "--top", "5"},
		{"analyze", "communities", "--seed", "7"},
		{"analyze", "stats"},
		{"analyze", "cliques", "--min-size", "3"},
		{"analyze", "clique-communities", "--k", "3"},
		{"analyze", "bipartite", "--layer", "networks"},
		{"analyze", "shared", "--weighting", "newman"},
		{"analyze", "communities", "--layers", "partnerships,networks=0.5", "--seed", "7"},
		{"analyze", "changes", "--from", "2022-02-24"},
	} {
		run := func(extra ...string) string {
			t.Helper()
			code, out, errs := ta.run(append(append(cloneArgs(args), "--store", store, "--json"), extra...)...)
			if code != 0 {
				t.Fatalf("%v: exit %d: %s", args, code, errs)
			}
			return out
		}
		a, b := run("--no-time"), run("--no-time")
		if a != b {
			t.Errorf("%v --no-time: two runs differ", args)
		}
		var res struct {
			Provenance struct {
				Analysis string
				Data     struct {
					Hash   string
					Places int
				}
				Software   struct{ Version string }
				Time       string
				Command    string
				Seed       *int64
				Parameters map[string]string
			}
		}
		if err := json.Unmarshal([]byte(a), &res); err != nil {
			t.Fatal(err)
		}
		pr := res.Provenance
		if !regexp.MustCompile(`^sha256:[0-9a-f]{64}$`).MatchString(pr.Data.Hash) || pr.Data.Places == 0 || pr.Software.Version == "" ||
			pr.Time != "" || !strings.HasPrefix(pr.Command, "citygraph "+strings.Join(args[:1], " ")) || strings.Contains(pr.Command, "no-time") {
			t.Errorf("%v: provenance %+v", args, pr)
		}
		if args[1] == "communities" && (pr.Seed == nil || *pr.Seed != 7) {
			t.Errorf("communities: seed %v", pr.Seed)
		}
		// What to compute is a parameter; where else to put the result is not.
		if _, ok := pr.Parameters["write"]; args[1] == "centrality" && (pr.Parameters["metric"] != "pagerank" || ok) {
			t.Errorf("centrality: parameters %v", pr.Parameters)
		}
		// changes without --to: the provenance names the day it stood for.
		if args[1] == "changes" && (!regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`).MatchString(pr.Parameters["to"]) ||
			!strings.Contains(pr.Command, " --to "+pr.Parameters["to"]) || pr.Parameters["from"] != "2022-02-24") {
			t.Errorf("changes: parameters %v, command %q", pr.Parameters, pr.Command)
		}
		// With the time: the same but for one line.
		timeLine := regexp.MustCompile(`(?m)^\s*"time": "[0-9T:Z-]+",\n`)
		c := run()
		if !timeLine.MatchString(c) || timeLine.ReplaceAllString(c, "") != a {
			t.Errorf("%v: with the time, more than the time differs:\n%s\n---\n%s", args, c, a)
		}
	}

	// An export writes its provenance beside its files, with the same data
	// version as the analyses on the whole graph.
	dir := t.TempDir()
	if code, _, errs := ta.run("export", "--store", store, "--format", "graphml", "--dir", dir, "--no-time"); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "citygraph_all_provenance.json"))
	if err != nil {
		t.Fatal(err)
	}
	var ex struct {
		Provenance struct {
			Data struct{ Hash string }
		}
		Citation string
	}
	_, stats, _ := ta.run("analyze", "stats", "--store", store, "--json")
	var st struct {
		Provenance struct {
			Data struct{ Hash string }
		}
	}
	if err := json.Unmarshal(raw, &ex); err != nil || json.Unmarshal([]byte(stats), &st) != nil ||
		ex.Provenance.Data.Hash != st.Provenance.Data.Hash || !strings.Contains(ex.Citation, "Reproduce: citygraph export") {
		t.Errorf("export provenance %s (err %v), stats hash %s", raw, err, st.Provenance.Data.Hash)
	}

	// --cite in text: the citation, and the command it names reproduces the result.
	code, out, errs := ta.run("analyze", "communities", "--store", store, "--seed", "7", "--limit", "3", "--cite")
	if code != 0 || !strings.Contains(out, "Cite as: citygraph analyze communities (limit=3, members=10), seed 7, on data sha256:") {
		t.Fatalf("--cite: exit %d\n%s%s", code, out, errs)
	}
	cmd := regexp.MustCompile(`(?m)^Reproduce: citygraph (.*)$`).FindStringSubmatch(out)
	if cmd == nil {
		t.Fatalf("no command in\n%s", out)
	}
	again := strings.Fields(cmd[1]) // the test's store path has no spaces
	code, out2, _ := ta.run(append(again, "--cite")...)
	if code != 0 || dropTimes(out2) != dropTimes(out) {
		t.Errorf("the command %q did not reproduce the result:\n%s\n---\n%s", cmd[1], out, out2)
	}
}

func cloneArgs(s []string) []string { return append([]string(nil), s...) }

func dropTimes(s string) string {
	return regexp.MustCompile(`, computed [0-9T:Z-]+`).ReplaceAllString(s, "")
}

// TestBrokerageCommand: analyze brokerage ranks by each measure, its
// JSON carries the values and the provenance with the seed.
func TestBrokerageCommand(t *testing.T) {
	ta := newTestApp(t)
	store := coverageStore(t, ta)
	type result struct {
		Provenance struct{ Seed *int64 }
		By         string
		Places     []struct {
			ID                                                                          string
			Degree                                                                      int
			EffectiveSize, Constraint, ParticipationCountries, ParticipationCommunities float64
		}
	}
	for _, by := range []string{"effective-size", "constraint", "countries", "communities"} {
		var res result // each run's own: an earlier run's seed must not stand in
		ta.runJSON(&res, "analyze", "brokerage", "--store", store, "--by", by, "--seed", "3", "--json")
		if res.By != by || len(res.Places) == 0 || res.Provenance.Seed == nil || *res.Provenance.Seed != 3 {
			t.Fatalf("--by %s: %+v", by, res)
		}
		for i, r := range res.Places {
			if r.Degree == 0 || r.EffectiveSize > float64(r.Degree) || r.EffectiveSize < 1 || r.Constraint <= 0 || r.Constraint > 1.125+1e-9 ||
				r.ParticipationCountries < 0 || r.ParticipationCountries >= 1 {
				t.Errorf("--by %s: %+v", by, r)
			}
			if i > 0 {
				prev := res.Places[i-1]
				if (by == "effective-size" && prev.EffectiveSize < r.EffectiveSize) || (by == "constraint" && prev.Constraint > r.Constraint) {
					t.Errorf("--by %s: not ranked at %d", by, i)
				}
			}
		}
	}
	if code, _, errs := ta.run("analyze", "brokerage", "--store", store, "--by", "fame"); code != exitUsage || errs == "" {
		t.Errorf("--by fame: exit %d", code)
	}
}
