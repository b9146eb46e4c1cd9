package web

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"slices"
	"strings"
	"testing"
)

// inputsHash computes what build.mjs records in BUILD.json: a SHA-256 over
// the build's input files (sorted by path, each as path NUL content NUL,
// line ends as LF).
func inputsHash(t *testing.T) string {
	t.Helper()
	files := []string{"build.mjs", "package.json", "package-lock.json"}
	for _, d := range []string{"src", "data"} {
		entries, err := os.ReadDir(d)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range entries {
			files = append(files, d+"/"+e.Name())
		}
	}
	slices.Sort(files)
	h := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		h.Write([]byte(f + "\x00"))
		h.Write([]byte(strings.ReplaceAll(string(b), "\r\n", "\n")))
		h.Write([]byte("\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// TestBuildIsFresh checks that the committed build was made from the
// committed sources: rebuild with `scripts/build-web.sh` after changing
// web/src, web/data or the package pins.
func TestBuildIsFresh(t *testing.T) {
	b, err := fs.ReadFile(Dist(), "BUILD.json")
	if err != nil {
		t.Fatal(err)
	}
	var stamp struct {
		Inputs   string
		Packages []string
	}
	if err := json.Unmarshal(b, &stamp); err != nil {
		t.Fatal(err)
	}
	if got := inputsHash(t); got != stamp.Inputs {
		t.Fatalf("web/dist is stale: the sources hash to %s, the build was made from %s; run scripts/build-web.sh and commit web/dist", got, stamp.Inputs)
	}
	for _, want := range []string{"leaflet@", "graphology@", "graphology-layout-forceatlas2@", "@observablehq/plot@"} {
		if !slices.ContainsFunc(stamp.Packages, func(p string) bool { return strings.HasPrefix(p, want) }) {
			t.Errorf("BUILD.json lists no %s package: %v", want, stamp.Packages)
		}
	}
}

// TestDistIsComplete checks the files the server serves and that every
// bundled package's licence is beside the code.
func TestDistIsComplete(t *testing.T) {
	d := Dist()
	for _, name := range []string{"index.html", "app.js", "style.css", "laender.geojson", "world-110m.json", "THIRD_PARTY_LICENSES.txt"} {
		b, err := fs.ReadFile(d, name)
		if err != nil || len(b) == 0 {
			t.Errorf("%s: %v (%d bytes)", name, err, len(b))
		}
	}
	lic, _ := fs.ReadFile(d, "THIRD_PARTY_LICENSES.txt")
	var stamp struct{ Packages []string }
	b, _ := fs.ReadFile(d, "BUILD.json")
	_ = json.Unmarshal(b, &stamp)
	for _, p := range stamp.Packages {
		if !strings.Contains(string(lic), p+"  (") {
			t.Errorf("THIRD_PARTY_LICENSES.txt lacks %s", p)
		}
	}
	if !strings.Contains(string(lic), "© GeoBasis-DE / BKG 2021 (Daten verändert)") {
		t.Error("the BKG credit is missing from the licences")
	}
	page, _ := fs.ReadFile(d, "index.html")
	for _, ref := range []string{"app/app.js?v=", "app/style.css?v="} {
		if !strings.Contains(string(page), ref) {
			t.Errorf("index.html does not load %s", ref)
		}
	}
}
