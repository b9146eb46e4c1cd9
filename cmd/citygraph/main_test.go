package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
)

// testApp runs citygraph commands in-process with a private environment:
// no Neo4j, the default store under a temporary XDG_DATA_HOME.
type testApp struct {
	t   *testing.T
	env map[string]string
}

func newTestApp(t *testing.T) *testApp {
	dir := t.TempDir()
	return &testApp{t: t, env: map[string]string{"XDG_DATA_HOME": dir, "HOME": dir, "CITYGRAPH_LOG_LEVEL": "warn"}}
}

// run executes one command line and returns the exit code, stdout and stderr.
func (ta *testApp) run(args ...string) (int, string, string) {
	ta.t.Helper()
	var out, errb bytes.Buffer
	a := newApp(&out, &errb, strings.NewReader(""), func(k string) string { return ta.env[k] }, false)
	code := a.run(context.Background(), args)
	return code, out.String(), errb.String()
}

func (ta *testApp) stats(store string) analytics.Summary {
	ta.t.Helper()
	code, out, errs := ta.run("stats", "--json", "--store", store)
	if code != 0 {
		ta.t.Fatalf("stats: exit %d: %s", code, errs)
	}
	var s analytics.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		ta.t.Fatalf("stats --json: %v\n%s", err, out)
	}
	return s
}

// The RGRE-style fixture: Windows-1252, German headers, semicolons, the
// municipality names in the forms offices use (suffixes, umlaut spellings,
// Frankfurt am Main and Frankfurt (Oder), Halle (Saale)), one row repeated
// with another spelling and source.
func TestImportRGREWindows1252(t *testing.T) {
	ta := newTestApp(t)
	store := filepath.Join(t.TempDir(), "g.db")
	code, out, errs := ta.run("import", "--store", store, "testdata/rgre_cp1252.csv")
	if code != 0 {
		t.Fatalf("import: exit %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	if !strings.Contains(out, "read 12") || !strings.Contains(out, "rejected 0") {
		t.Errorf("summary = %q, want read 12, rejected 0", out)
	}
	s := ta.stats(store)
	if s.Partnerships != 11 {
		t.Errorf("partnerships = %d, want 11 (12 rows, München-Kiew twice)", s.Partnerships)
	}
	wantKind := map[graph.Kind]int{graph.KindPartnership: 8, graph.KindFriendship: 1, graph.KindProject: 1, graph.KindContact: 1}
	for k, v := range wantKind {
		if s.PartnershipsByKind[k] != v {
			t.Errorf("partnershipsByKind[%s] = %d, want %d", k, s.PartnershipsByKind[k], v)
		}
	}
	wantState := map[string]int{"DE-BY": 2, "DE-NW": 3, "DE-BW": 3, "DE-HE": 1, "DE-BB": 1, "DE-ST": 1, "DE-SN": 1}
	for k, v := range wantState {
		if s.PartnershipsByState[k] != v {
			t.Errorf("partnershipsByState[%s] = %d, want %d (all: %v)", k, s.PartnershipsByState[k], v, s.PartnershipsByState)
		}
	}
	wantCountry := map[string]int{"DE": 11, "UA": 5, "FR": 1, "PL": 2, "RU": 1, "GB": 1}
	for k, v := range wantCountry {
		if s.PartnershipsByCountry[k] != v {
			t.Errorf("partnershipsByCountry[%s] = %d, want %d (all: %v)", k, s.PartnershipsByCountry[k], v, s.PartnershipsByCountry)
		}
	}
	if s.LinkedMunicipalities != 20 {
		t.Errorf("linkedMunicipalities = %d, want 20", s.LinkedMunicipalities)
	}

	// Re-importing the same file changes nothing.
	code, out, errs = ta.run("import", "--json", "--store", store, "testdata/rgre_cp1252.csv")
	if code != 0 {
		t.Fatalf("re-import: exit %d: %s", code, errs)
	}
	var sums []importSummary
	if err := json.Unmarshal([]byte(out), &sums); err != nil {
		t.Fatal(err)
	}
	if len(sums) != 1 || sums[0].Created != 0 || sums[0].Merged != 0 {
		t.Errorf("re-import summary = %+v, want nothing created or merged", sums)
	}
	if again := ta.stats(store); again.Version != s.Version || again.Partnerships != s.Partnerships {
		t.Errorf("re-import changed the store: version %d -> %d, links %d -> %d", s.Version, again.Version, s.Partnerships, again.Partnerships)
	}
}

func TestImportBadTableRejectedWhole(t *testing.T) {
	ta := newTestApp(t)
	store := filepath.Join(t.TempDir(), "g.db")
	if code, _, errs := ta.run("import", "--store", store, "testdata/rgre_cp1252.csv"); code != 0 {
		t.Fatalf("good import: %s", errs)
	}
	before := ta.stats(store)

	code, _, errs := ta.run("import", "--store", store, "testdata/rgre_bad_cp1252.csv")
	if code == 0 {
		t.Fatalf("bad table imported with exit 0")
	}
	// Every bad line is named with the file, the line and the column.
	for _, want := range []string{
		"rgre_bad_cp1252.csv:3:1: Kommune",
		"rgre_bad_cp1252.csv:4:41: Land",
		"rgre_bad_cp1252.csv:5:44: Seit",
		"rgre_bad_cp1252.csv:6:48: Art",
	} {
		if !strings.Contains(errs, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errs)
		}
	}
	for _, good := range []string{"csv:2:", "csv:7:"} {
		if strings.Contains(errs, good) {
			t.Errorf("stderr names a good line %q:\n%s", good, errs)
		}
	}
	after := ta.stats(store)
	if after.Version != before.Version || after.Partnerships != before.Partnerships {
		t.Errorf("a rejected file changed the store: version %d -> %d, links %d -> %d", before.Version, after.Version, before.Partnerships, after.Partnerships)
	}
}

func TestImportSkipInvalidWritesRejects(t *testing.T) {
	ta := newTestApp(t)
	dir := t.TempDir()
	store := filepath.Join(dir, "g.db")
	rejects := filepath.Join(dir, "rejects.csv")
	code, out, errs := ta.run("import", "--store", store, "--skip-invalid", "--rejects", rejects, "testdata/rgre_bad_cp1252.csv")
	if code != 0 {
		t.Fatalf("import --skip-invalid: exit %d: %s", code, errs)
	}
	// Nirgendwo, no municipality of Bavaria, is kept as an unresolved
	// place of its own (DE:nirgendwo~unresolved~by).
	if !strings.Contains(out, "read 6") || !strings.Contains(out, "rejected 3") ||
		!strings.Contains(out, "7 line(s): 1 header, 0 title, 0 blank, 3 imported, 0 merged into an earlier row, 3 rejected") ||
		!strings.Contains(out, "unresolved: 1 German places") {
		t.Errorf("summary = %q, want read 6, rejected 3, 7 lines accounted for, 1 unresolved place", out)
	}
	if s := ta.stats(store); s.Partnerships != 3 {
		t.Errorf("partnerships = %d, want the 3 valid rows", s.Partnerships)
	}
	f, err := os.Open(rejects)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// For German Excel by default: a byte order mark, semicolons.
	bom := make([]byte, 3)
	if _, err := io.ReadFull(f, bom); err != nil || string(bom) != "\uFEFF" {
		t.Fatalf("rejects file starts with %q, want a BOM (%v)", bom, err)
	}
	r := csv.NewReader(f)
	r.Comma = ';'
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("rejects file: %v", err)
	}
	if len(recs) != 4 {
		t.Fatalf("rejects file has %d records, want header + 3", len(recs))
	}
	if last := recs[0][len(recs[0])-2:]; last[0] != "line" || last[1] != "reason" {
		t.Errorf("rejects header ends with %q, want line, reason", last)
	}
	if line := recs[1][len(recs[1])-2]; line != "4" {
		t.Errorf("first reject from line %s, want 4", line)
	}
}

func TestImportDryRunWritesNothing(t *testing.T) {
	ta := newTestApp(t)
	store := filepath.Join(t.TempDir(), "g.db")
	code, out, errs := ta.run("import", "--dry-run", "--store", store, "testdata/rgre_cp1252.csv")
	if code != 0 {
		t.Fatalf("dry run: exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "would import 12") {
		t.Errorf("dry-run summary = %q", out)
	}
	if _, err := os.Stat(store); err == nil {
		if s := ta.stats(store); s.Partnerships != 0 {
			t.Errorf("dry run wrote %d links", s.Partnerships)
		}
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	ta := newTestApp(t)
	for _, args := range [][]string{
		{"--help"}, {"import", "--help"}, {"stats", "--help"}, {"analyze", "--help"},
		{"analyze", "centrality", "--help"}, {"analyze", "communities", "--help"}, {"analyze", "stats", "--help"},
		{"analyze", "coverage", "--help"}, {"recommend", "--help"}, {"serve", "--help"}, {"demo", "--help"},
	} {
		code, out, errs := ta.run(args...)
		if code != 0 {
			t.Errorf("%v: exit %d", args, code)
		}
		if !strings.Contains(out+errs, "Usage") && !strings.Contains(out+errs, "usage") {
			t.Errorf("%v: no usage text:\n%s%s", args, out, errs)
		}
	}
	if code, _, _ := ta.run("frobnicate"); code != exitUsage {
		t.Errorf("unknown command: exit %d, want %d", code, exitUsage)
	}
	if code, _, errs := ta.run("import"); code != exitUsage || !strings.Contains(errs, "no file") {
		t.Errorf("import without a file: exit %d, %q", code, errs)
	}
}

// With no flags the default store gets the bundled demo data.
func TestDefaultStoreServesDemo(t *testing.T) {
	ta := newTestApp(t)
	code, out, errs := ta.run("stats", "--json")
	if code != 0 {
		t.Fatalf("stats: exit %d: %s", code, errs)
	}
	var s analytics.Summary
	if err := json.Unmarshal([]byte(out), &s); err != nil {
		t.Fatal(err)
	}
	if s.Partnerships < 3000 {
		t.Errorf("demo has %d links, want the Wikidata twin towns (> 3000)", s.Partnerships)
	}
	if s.PartnershipsByCountry["UA"] < 20 {
		t.Errorf("demo has %d German-Ukrainian links, want > 20", s.PartnershipsByCountry["UA"])
	}
	// The RGRE table per Land (seed fact A2/A4): 16 Länder summing to 6,694.
	sum := 0
	for _, v := range s.ReportedByState {
		sum += v
	}
	if len(s.ReportedByState) != 16 || sum != 6694 || s.ReportedByState["DE-BW"] != 1252 || s.ReportedByState["DE-HH"] != 8 {
		t.Errorf("reported counts = %v (sum %d), want 16 Länder summing to 6694", s.ReportedByState, sum)
	}
	if s.Memberships < 50 {
		t.Errorf("demo has %d memberships, want the Covenant of Mayors signatories", s.Memberships)
	}
}

// serve --pprof takes only a loopback address, from the flag or from
// CITYGRAPH_PPROF, and says so before opening any store.
func TestServePprofOnlyOnLoopback(t *testing.T) {
	ta := newTestApp(t)
	for _, addr := range []string{"0.0.0.0:6060", ":6060", "192.0.2.1:6060"} {
		code, _, errs := ta.run("serve", "--pprof", addr)
		if code != exitUsage || !strings.Contains(errs, "--pprof") || !strings.Contains(errs, "loopback") {
			t.Errorf("serve --pprof %s: exit %d, %q; want a usage error naming --pprof and loopback", addr, code, errs)
		}
	}
	ta.env["CITYGRAPH_PPROF"] = "0.0.0.0:6060"
	if code, _, errs := ta.run("serve"); code != exitUsage || !strings.Contains(errs, "loopback") {
		t.Errorf("CITYGRAPH_PPROF=0.0.0.0:6060 serve: exit %d, %q; want a usage error", code, errs)
	}
	if code, out, errs := ta.run("serve", "--help"); code != 0 || !strings.Contains(out+errs, "-pprof") {
		t.Errorf("serve --help does not list --pprof: exit %d", code)
	}
}

// TestImportOpensNeo4jWhileReading: the Neo4j store is opened while the
// file is read (openEarly), but a file with problems still reports its
// problems, not the store's state, and a good file reports a server that
// cannot be reached (nothing listens on port 1).
func TestImportOpensNeo4jWhileReading(t *testing.T) {
	ta := newTestApp(t)
	dir := t.TempDir()
	bad, good := filepath.Join(dir, "bad.csv"), filepath.Join(dir, "good.csv")
	const head = "city_a,country_a,city_b,country_b,kind\nMannheim,Germany,Kyiv,Ukraine,Partnerschaft\n"
	if err := os.WriteFile(bad, []byte(head+"Mannheim,Germany,,Ukraine,Partnerschaft\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(good, []byte(head), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := ta.run("import", "--kind", "pairs", "--neo4j", "bolt://127.0.0.1:1", bad)
	if code == 0 || !strings.Contains(errs, "bad.csv:3:") || !strings.Contains(errs, "nothing imported") || strings.Contains(errs, "cannot reach") {
		t.Errorf("file with a problem: exit %d, stderr %q; want its problem and no word of the server", code, errs)
	}
	code, _, errs = ta.run("import", "--kind", "pairs", "--neo4j", "bolt://127.0.0.1:1", good)
	if code == 0 || !strings.Contains(errs, "cannot reach Neo4j at bolt://127.0.0.1:1") {
		t.Errorf("good file, no server: exit %d, stderr %q; want cannot reach Neo4j", code, errs)
	}
}

// The collector paused while an embedded store is read is restored to the
// setting it had, whether the pause applied or GOGC in the environment
// kept it off.
func TestCollectorSettingRestored(t *testing.T) {
	for _, gogc := range []string{"", "100"} {
		ta := newTestApp(t)
		if gogc != "" {
			ta.env["GOGC"] = gogc
		}
		prev := debug.SetGCPercent(77)
		code, _, errs := ta.run("analyze", "centrality", "--metric", "degree", "--top", "1")
		got := debug.SetGCPercent(prev)
		if code != 0 {
			t.Fatalf("GOGC=%q: analyze: exit %d: %s", gogc, code, errs)
		}
		if got != 77 {
			t.Errorf("GOGC=%q: the collector's setting after analyze is %d, want the 77 it had", gogc, got)
		}
	}
}
