package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// demoStore loads the demo data into a store of its own and returns its path.
func demoStore(t *testing.T, ta *testApp) string {
	t.Helper()
	store := filepath.Join(t.TempDir(), "demo.db")
	if code, _, errs := ta.run("demo", "--store", store); code != 0 {
		t.Fatalf("demo: exit %d: %s", code, errs)
	}
	return store
}

func TestTyposAreErrorsWithASuggestion(t *testing.T) {
	ta := newTestApp(t)
	store := demoStore(t, ta)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serv"}, exitUsage, `unknown command "serv" (did you mean serve?)`},
		{[]string{"analyze", "centraly"}, exitUsage, `unknown analysis "centraly" (did you mean centrality?)`},
		{[]string{"analyze", "centrality", "--store", store, "--metric", "betweeness"}, exitUsage, `unknown --metric "betweeness" (did you mean betweenness?)`},
		{[]string{"analyze", "centrality", "--store", store, "--metrc", "degree"}, exitUsage, `flag provided but not defined: -metrc (did you mean --metric?)`},
		{[]string{"analyze", "stats", "--store", store, "--kind", "frendship"}, exitUsage, `unknown kind "frendship" (did you mean FRIENDSHIP?)`},
		{[]string{"analyze", "stats", "--store", store, "--country", "Ukriane"}, exitUsage, `--country: "Ukriane" is not a country code or name (did you mean Ukraine?)`},
		{[]string{"analyze", "stats", "--store", store, "--country", "XX"}, exitUsage, `--country: "XX" is not a country code or name`},
		{[]string{"recommend", "--store", store, "--city", "Manheim"}, exitError, `no place matches "Manheim" (did you mean Mannheim`},
		{[]string{"import", "--store", store, "--kind", "rgr", "x.csv"}, exitUsage, `unknown --kind "rgr" (did you mean rgre?)`},
		{[]string{"export", "--store", store, "--format", "gefx"}, exitUsage, `(did you mean gexf?)`},
		{[]string{"export", "--store", store, "--format", "gexf", "--csv", "exel"}, exitUsage, `(did you mean excel?)`},
		{[]string{"completion", "bsh"}, exitUsage, `(did you mean bash?)`},
	} {
		code, _, errs := ta.run(tc.args...)
		if code != tc.code || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", tc.args, code, errs, tc.code, tc.want)
		}
	}
}

func TestReadCommandsRefuseAStoreThatDoesNotExist(t *testing.T) {
	ta := newTestApp(t)
	dir := t.TempDir()
	store := demoStore(t, ta)
	typo := filepath.Join(filepath.Dir(store), "dmeo.db")
	for _, args := range [][]string{{"stats"}, {"analyze", "stats"}, {"recommend", "--city", "Mannheim"}, {"export", "--format", "gexf", "--dir", dir}} {
		code, out, errs := ta.run(append(args, "--store", typo)...)
		if code != exitError || !strings.Contains(errs, typo+" does not exist (did you mean "+store+"?)") || !strings.Contains(errs, "--create") || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
	missing := filepath.Join(dir, "no", "such", "dir", "g.db")
	if code, _, _ := ta.run("stats", "--store", missing); code != exitError {
		t.Errorf("stats on a missing directory: exit %d", code)
	}
	if _, err := os.Stat(filepath.Join(dir, "no")); !os.IsNotExist(err) {
		t.Errorf("a read command created directories: %v", err)
	}
	// --create makes the rare empty store on purpose.
	if code, out, errs := ta.run("stats", "--json", "--create", "--store", missing); code != 0 || !strings.Contains(out, `"partnerships": 0`) {
		t.Errorf("stats --create: exit %d %s %s", code, out, errs)
	}
	// Commands that write create the store as before.
	fresh := filepath.Join(dir, "fresh.db")
	if code, _, errs := ta.run("import", "--store", fresh, "testdata/rgre_cp1252.csv"); code != 0 {
		t.Errorf("import into a new store: exit %d: %s", code, errs)
	}
}

func TestJSONIsCamelCaseEverywhere(t *testing.T) {
	ta := newTestApp(t)
	store := demoStore(t, ta)
	for _, args := range [][]string{
		{"stats", "--json"},
		{"analyze", "stats", "--json"},
		{"analyze", "centrality", "--json", "--top", "3"},
		{"analyze", "communities", "--json", "--limit", "2"},
		{"analyze", "coverage", "--json", "--country", "UA"},
		{"recommend", "--city", "Mannheim", "--json", "--top", "2"},
	} {
		code, out, errs := ta.run(append(args, "--store", store)...)
		if code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errs)
		}
		var v any
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
		var walk func(path string, v any)
		walk = func(path string, v any) {
			switch x := v.(type) {
			case map[string]any:
				for k, e := range x {
					// Keys of maps keyed by data (countries, kinds, Länder) are data, not names.
					isData := len(k) >= 2 && strings.ToUpper(k) == k
					if !isData && (k[0] < 'a' || k[0] > 'z' || strings.ContainsAny(k, "_- ")) {
						t.Errorf("%v: key %s.%s is not camelCase", args, path, k)
					}
					walk(path+"."+k, e)
				}
			case []any:
				for _, e := range x {
					walk(path+"[]", e)
				}
			}
		}
		walk("", v)
	}
	_, out, _ := ta.run("analyze", "stats", "--json", "--store", store)
	if !strings.Contains(out, `"largestComponent"`) || strings.Contains(out, `"LargestComponent"`) {
		t.Errorf("analyze stats --json: %s", out)
	}
}

func TestCoverageSaysWhatReportedCounts(t *testing.T) {
	ta := newTestApp(t)
	store := demoStore(t, ta)
	_, out, _ := ta.run("analyze", "coverage", "--store", store, "--country", "UA")
	if !strings.Contains(out, "reported (all countries)") || !strings.Contains(out, "note: reported is the Land's count of partnerships with all countries") {
		t.Errorf("coverage --country UA does not say what reported counts:\n%s", out)
	}
	_, out, _ = ta.run("analyze", "coverage", "--store", store, "--country", "UA", "--json")
	var res struct{ ReportedNote string }
	if err := json.Unmarshal([]byte(out), &res); err != nil || !strings.Contains(res.ReportedNote, "all countries") {
		t.Errorf("JSON reportedNote = %q (%v)", res.ReportedNote, err)
	}
	_, out, _ = ta.run("analyze", "coverage", "--store", store)
	if strings.Contains(out, "all countries") {
		t.Errorf("without --country the note is out of place:\n%s", out)
	}
}

func TestRejectsAreNeutralisedForExcel(t *testing.T) {
	ta := newTestApp(t)
	dir := t.TempDir()
	rejects := filepath.Join(dir, "rejects.csv")
	code, _, errs := ta.run("import", "--store", filepath.Join(dir, "g.db"), "--skip-invalid", "--rejects", rejects, "testdata/rgre_formula.csv")
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(rejects)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(b, []byte("\uFEFF")) {
		t.Errorf("no BOM: %q", b)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	r.Comma = ';'
	recs, err := r.ReadAll()
	if err != nil || len(recs) != 2 {
		t.Fatalf("rejects %q: %v", recs, err)
	}
	if recs[1][2] != `'=HYPERLINK("http://example.invalid")` || recs[1][8] != "'@hand" {
		t.Errorf("formula cells written raw: %q", recs[1])
	}
	// The plain dialect keeps the cells as they were read.
	code, _, errs = ta.run("import", "--store", filepath.Join(dir, "g.db"), "--skip-invalid", "--rejects", rejects, "--rejects-csv", "rfc4180", "testdata/rgre_formula.csv")
	f, _ := os.ReadFile(rejects)
	recs, err = csv.NewReader(bytes.NewReader(f)).ReadAll()
	if code != 0 || err != nil || recs[1][2] != `=HYPERLINK("http://example.invalid")` {
		t.Errorf("rfc4180 rejects: exit %d %s %q %v", code, errs, recs, err)
	}
}

func TestExportCommand(t *testing.T) {
	ta := newTestApp(t)
	store := demoStore(t, ta)
	dir := t.TempDir()
	code, _, errs := ta.run("export", "--store", store, "--format", "all", "--country", "DE,UA", "--dir", dir)
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errs)
	}
	for _, name := range []string{"citygraph_DE-UA_graph.graphml", "citygraph_DE-UA_graph.gexf", "citygraph_DE-UA_places.geojson",
		"citygraph_DE-UA_partnerships.geojson", "citygraph_DE-UA_partnerships.csv", "citygraph_DE-UA_places.csv",
		"citygraph_DE-UA_memberships.csv", "citygraph_DE-UA_organisation-links.csv"} {
		st, err := os.Stat(filepath.Join(dir, name))
		if err != nil || st.Size() < 100 {
			t.Errorf("%s: %v", name, err)
		}
		if !strings.Contains(errs, "wrote "+filepath.Join(dir, name)) {
			t.Errorf("no line for %s in %s", name, errs)
		}
	}
	b, _ := os.ReadFile(filepath.Join(dir, "citygraph_DE-UA_partnerships.csv"))
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\uFEFF"))))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil || len(rows) < 20 {
		t.Fatalf("partnerships: %d rows, %v", len(rows), err)
	}
	for _, row := range rows[1:] {
		if (row[2] != "DE" && row[2] != "UA") || (row[6] != "DE" && row[6] != "UA") {
			t.Errorf("a link outside DE and UA: %q", row)
		}
	}
	g, _ := os.ReadFile(filepath.Join(dir, "citygraph_DE-UA_graph.gexf"))
	if !bytes.Contains(g, []byte(`<node id="network:`)) {
		t.Errorf("the GEXF has no network nodes")
	}
	code, out, errs := ta.run("export", "--store", store, "--format", "csv-places", "--csv", "rfc4180", "--out", "-")
	if code != 0 || !strings.HasPrefix(out, "id,name,alt_names,") {
		t.Errorf("--out -: exit %d %.80q %s", code, out, errs)
	}
	if code, _, errs := ta.run("export", "--store", store, "--format", "gexf,graphml", "--out", "x"); code != exitUsage || !strings.Contains(errs, "--out writes one format") {
		t.Errorf("two formats to one file: exit %d %s", code, errs)
	}
}

func TestVersionFromBuildInfo(t *testing.T) {
	bi := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "github.com/citygraph/citygraph", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-12-02T10:00:00Z"},
			{Key: "vcs.modified", Value: "true"}}}
	if got, want := versionLine(fromDebug(bi)), "citygraph v1.2.3 (github.com/citygraph/citygraph, revision 0123456789ab+dirty, 2026-12-02T10:00:00Z, go1.26.0)"; got != want {
		t.Errorf("version line\n got %s\nwant %s", got, want)
	}
	bi.Settings = bi.Settings[:2]
	if got := versionLine(fromDebug(bi)); strings.Contains(got, "dirty") || !strings.Contains(got, "revision 0123456789ab,") {
		t.Errorf("clean build: %s", got)
	}
	ta := newTestApp(t)
	for _, arg := range []string{"version", "--version"} {
		if code, out, _ := ta.run(arg); code != 0 || !strings.HasPrefix(out, "citygraph ") || !strings.Contains(out, "go1.") {
			t.Errorf("%s: exit %d %q", arg, code, out)
		}
	}
}

// TestVersionOfABuiltBinary builds citygraph with VCS stamping in this
// checkout and checks that the revision of HEAD is in its version.
func TestVersionOfABuiltBinary(t *testing.T) {
	head, err := exec.Command("git", "rev-parse", "HEAD").Output()
	if err != nil {
		t.Skipf("not a git checkout (%v): nothing to stamp", err)
	}
	top, _ := exec.Command("git", "rev-parse", "--show-toplevel").Output()
	if st, err := os.Stat(filepath.Join(strings.TrimSpace(string(top)), ".git")); err != nil || !st.IsDir() {
		t.Skip("a git worktree (.git is a file): the go command stamps VCS information only in a plain checkout")
	}
	bin := filepath.Join(t.TempDir(), "citygraph")
	build := exec.Command("go", "build", "-buildvcs=true", "-o", bin, ".")
	build.Env = append(os.Environ(), "GOFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if rev := strings.TrimSpace(string(head))[:12]; !strings.Contains(string(out), "revision "+rev) {
		t.Errorf("version %q does not name HEAD %s", out, rev)
	}
}

func TestCompletionScripts(t *testing.T) {
	ta := newTestApp(t)
	for _, shell := range []string{"bash", "zsh", "fish"} {
		code, out, errs := ta.run("completion", shell)
		flag := "--metric"
		if shell == "fish" {
			flag = "-l metric"
		}
		if code != 0 || !strings.Contains(out, "citygraph") || !strings.Contains(out, "export") || !strings.Contains(out, flag) {
			t.Errorf("%s: exit %d %s %.200s", shell, code, errs, out)
		}
	}
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash to run the script")
	}
	_, script, _ := ta.run("completion", "bash")
	path := filepath.Join(t.TempDir(), "c.bash")
	if err := os.WriteFile(path, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	// What bash offers for "citygraph analyze centrality --me<TAB>" and "citygraph ex<TAB>".
	probe := `source ` + path + `
COMP_WORDS=(citygraph analyze centrality --me); COMP_CWORD=3; _citygraph; echo "${COMPREPLY[@]}"
COMP_WORDS=(citygraph ex); COMP_CWORD=1; _citygraph; echo "${COMPREPLY[@]}"
COMP_WORDS=(citygraph places al); COMP_CWORD=2; _citygraph; echo "${COMPREPLY[@]}"
COMP_WORDS=(citygraph places aliases --js); COMP_CWORD=3; _citygraph; echo "${COMPREPLY[@]}"`
	out, err := exec.Command("bash", "-c", probe).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--metric --members") && !strings.Contains(string(out), "--members --metric") {
		t.Errorf("bash completion: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "\nexport\n") {
		t.Errorf("bash completion of 'ex': %s", out)
	}
	if !strings.Contains(string(out), "\naliases\n--json\n") {
		t.Errorf("bash completion of 'places al' and 'places aliases --js': %s", out)
	}
}

// TestLicenceAndNotices: the project is Apache-2.0 and its NOTICE points at
// every notice file it names, and those files exist.
func TestLicenceAndNotices(t *testing.T) {
	lic, err := os.ReadFile("../../LICENSE")
	if err != nil || !bytes.Contains(lic, []byte("Apache License")) || !bytes.Contains(lic, []byte("Version 2.0, January 2004")) {
		t.Fatalf("LICENSE is not the Apache License 2.0: %v", err)
	}
	notice, err := os.ReadFile("../../NOTICE")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"graph/gazetteer/data/NOTICE", "demo/data/NOTICE.md", "server/assets/THIRD_PARTY_LICENSES.txt",
		"web/dist/THIRD_PARTY_LICENSES.txt", "testdata/README.md", "analytics/testdata/README.md", "importer/testdata/README.md"} {
		if !bytes.Contains(notice, []byte(f)) {
			t.Errorf("NOTICE does not point at %s", f)
		}
		if _, err := os.Stat(filepath.Join("..", "..", f)); err != nil {
			t.Errorf("NOTICE points at %s: %v", f, err)
		}
	}
	for _, must := range []string{"Destatis", "GeoNames", "Wikidata", "CC BY 4.0", "neo4j-go-driver", "gonum"} {
		if !bytes.Contains(notice, []byte(must)) {
			t.Errorf("NOTICE does not name %s", must)
		}
	}
}
