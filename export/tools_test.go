package export

import (
	"encoding/json"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The tests in this file load the exports with the readers of the tools
// people open them with: NetworkX and igraph (Debian's python3-networkx and
// python3-igraph under /usr/bin/python3), xmllint against the GEXF 1.3
// schema (libxml2-utils), GDAL's ogr2ogr and ogrinfo (gdal-bin) and
// Python's csv module. scripts/test.sh installs them; a missing tool skips
// the test with the reason, and fails it under CI=true.

const python = "/usr/bin/python3"

// need skips (or, under CI=true, fails) t unless the command works.
func need(t *testing.T, what, install string, cmd ...string) {
	t.Helper()
	if out, err := exec.Command(cmd[0], cmd[1:]...).CombinedOutput(); err != nil {
		msg := what + " is not available (" + strings.TrimSpace(string(out)) + "); install it with: " + install + " (scripts/test.sh does as root)"
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
}

// writeFile writes the tricky graph in format f to a file named as
// FileName names it and returns its path.
func writeFile(t *testing.T, dir string, f Format, o Options) string {
	t.Helper()
	path := filepath.Join(dir, FileName("test", f))
	if err := os.WriteFile(path, write(t, f, o), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// pyRead runs testdata/tools/read.py and decodes what it printed.
func pyRead(t *testing.T, what, path string, v any) {
	t.Helper()
	out, err := exec.Command(python, filepath.Join("testdata", "tools", "read.py"), what, path).Output()
	if err != nil {
		var stderr string
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = string(ee.Stderr)
		}
		t.Fatalf("read.py %s: %v\n%s", what, err, stderr)
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("read.py %s printed %s: %v", what, out, err)
	}
}

type readGraph struct {
	Version    string
	Multigraph bool
	Directed   bool
	Nodes      map[string]map[string]any
	Edges      [][4]any // source, target, type, kind
}

// checkRead compares what a tool read with the tricky graph.
func checkRead(t *testing.T, tool string, g readGraph) {
	t.Helper()
	if g.Directed || len(g.Nodes) != 8 || len(g.Edges) != 8 {
		t.Errorf("%s: directed %v, %d nodes, %d edges; want undirected, 8, 8", tool, g.Directed, len(g.Nodes), len(g.Edges))
	}
	types := map[string]int{}
	for _, n := range g.Nodes {
		types[n["type"].(string)]++
	}
	if types["municipality"] != 5 || types["network"] != 2 || types["organisation"] != 1 {
		t.Errorf("%s: node types %v", tool, types)
	}
	for id, label := range map[string]string{"DE:1": `Ober<Unter> & "Mitte"; Süd`, "network:eurocities": "Eurocities",
		"organisation:un-habitat": "UN-Habitat", "US:y": `=HYPERLINK("http://x")`} {
		if got := g.Nodes[id]["label"]; got != label {
			t.Errorf("%s: label of %s = %v, want %q", tool, id, got, label)
		}
	}
	if p, _ := g.Nodes["DE:1"]["population"].(float64); p != 1200 {
		t.Errorf("%s: population of DE:1 = %v", tool, g.Nodes["DE:1"]["population"])
	}
	var kinds []string
	edgeTypes := map[string]int{}
	for _, e := range g.Edges {
		edgeTypes[e[2].(string)]++
		if e[0] == "DE:1" && e[1] == "FR:x" || e[0] == "FR:x" && e[1] == "DE:1" {
			kinds = append(kinds, e[3].(string))
		}
	}
	slices.Sort(kinds)
	if edgeTypes["partnership"] != 5 || edgeTypes["membership"] != 2 || edgeTypes["orglink"] != 1 ||
		strings.Join(kinds, ",") != "FRIENDSHIP,PARTNERSHIP" {
		t.Errorf("%s: edge types %v, parallel kinds %v", tool, edgeTypes, kinds)
	}
}

func TestGEXFValidAgainstTheGEXF13Schema(t *testing.T) {
	need(t, "xmllint", "apt-get install libxml2-utils", "xmllint", "--version")
	path := writeFile(t, t.TempDir(), GEXF, Options{})
	out, err := exec.Command("xmllint", "--noout", "--relaxng", filepath.Join("testdata", "gexf-1.3", "gexf.rng"), path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "validates") {
		t.Fatalf("GEXF not valid against the GEXF 1.3 schema: %v\n%s", err, out)
	}
	// The check can fail: the schema rejects the type GEXF does not have.
	bad := strings.Replace(string(write(t, GEXF, Options{})), `type="integer"`, `type="int"`, 1)
	badPath := filepath.Join(t.TempDir(), "bad.gexf")
	if err := os.WriteFile(badPath, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("xmllint", "--noout", "--relaxng", filepath.Join("testdata", "gexf-1.3", "gexf.rng"), badPath).CombinedOutput(); err == nil {
		t.Errorf("the schema accepts type=\"int\": %s", out)
	}
}

func TestNetworkXReadsGEXFAndGraphML(t *testing.T) {
	need(t, "NetworkX", "apt-get install python3-networkx", python, "-c", "import networkx")
	dir := t.TempDir()
	for _, tc := range []struct {
		f    Format
		what string
	}{{GEXF, "networkx-gexf"}, {GraphML, "networkx-graphml"}} {
		var g readGraph
		pyRead(t, tc.what, writeFile(t, dir, tc.f, Options{}), &g)
		if !g.Multigraph {
			t.Errorf("%s: not read as a multigraph (the two links of one pair are one edge)", tc.what)
		}
		checkRead(t, tc.what+" "+g.Version, g)
		if lat := g.Nodes["US:y"]["lon"]; lat != -74.25 {
			t.Errorf("%s: lon of US:y = %v", tc.what, lat)
		}
	}
}

func TestIgraphReadsGraphML(t *testing.T) {
	need(t, "python-igraph", "apt-get install python3-igraph", python, "-c", "import igraph")
	var g readGraph
	pyRead(t, "igraph-graphml", writeFile(t, t.TempDir(), GraphML, Options{}), &g)
	checkRead(t, "igraph "+g.Version, g)
	if p, ok := g.Nodes["FR:x"]["population"].(float64); ok && !math.IsNaN(p) {
		t.Errorf("igraph: population of FR:x = %v, want missing", p)
	}
}

func TestOGR2OGRWritesBothGeoJSONLayersToAGeoPackage(t *testing.T) {
	need(t, "GDAL's ogr2ogr", "apt-get install gdal-bin", "ogr2ogr", "--version")
	dir := t.TempDir()
	gpkg := filepath.Join(dir, "citygraph.gpkg")
	for _, l := range []struct {
		f     Format
		layer string
	}{{GeoJSONPlaces, "places"}, {GeoJSONLinks, "partnerships"}} {
		args := []string{"-f", "GPKG", gpkg, writeFile(t, dir, l.f, Options{}), "-nln", l.layer}
		if l.layer != "places" {
			args = append([]string{"-update"}, args...)
		}
		if out, err := exec.Command("ogr2ogr", args...).CombinedOutput(); err != nil {
			t.Fatalf("ogr2ogr %v: %v\n%s", args, err, out)
		}
	}
	out, err := exec.Command("ogrinfo", "-so", "-al", gpkg).CombinedOutput()
	if err != nil {
		t.Fatalf("ogrinfo: %v\n%s", err, out)
	}
	s := string(out)
	for _, want := range []string{"Layer name: places\nGeometry: Point\nFeature Count: 3", "Layer name: partnerships\nGeometry: Line String\nFeature Count: 3",
		"sourceName: String", "population: Integer"} {
		if !strings.Contains(s, want) {
			t.Errorf("ogrinfo lacks %q:\n%s", want, s)
		}
	}
	out, err = exec.Command("ogrinfo", "-q", "-sql", "SELECT name FROM places WHERE country = 'US'", gpkg).CombinedOutput()
	if err != nil || !strings.Contains(string(out), `name (String) = =HYPERLINK("http://x")`) {
		t.Errorf("names in the GeoPackage: %v\n%s", err, out)
	}
}

func TestPythonCSVReadsBothDialects(t *testing.T) {
	need(t, "Python 3", "apt-get install python3", python, "--version")
	dir := t.TempDir()
	var excel, plain struct {
		BOM  bool
		Rows [][]string
	}
	pyRead(t, "csv-excel", writeFile(t, dir, CSVPlaces, Options{CSV: Excel}), &excel)
	pyRead(t, "csv-rfc4180", writeFile(t, filepath.Join(dir), CSVPartnerships, Options{CSV: RFC4180}), &plain)
	if !excel.BOM || len(excel.Rows) != 6 || excel.Rows[0][0] != "id" || excel.Rows[1][1] != `Ober<Unter> & "Mitte"; Süd` ||
		excel.Rows[3][1] != `'=HYPERLINK("http://x")` || excel.Rows[3][10] != "-74,25" {
		t.Errorf("Excel dialect as Python's csv reads it: %+v", excel)
	}
	if plain.BOM || len(plain.Rows) != 6 || plain.Rows[1][12] != "a,b|c;d" || plain.Rows[4][12] != "-1+1" {
		t.Errorf("RFC 4180 as Python's csv reads it: %+v", plain)
	}
	for _, r := range excel.Rows {
		if len(r) != 14 {
			t.Errorf("row of %d cells, want 14: %q", len(r), r)
		}
	}
}
