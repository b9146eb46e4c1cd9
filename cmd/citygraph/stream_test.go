package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/citygraph/citygraph/identity"
	"github.com/citygraph/citygraph/importer"
)

// streamTestFiles writes the files of TestStreamedImportEqualsWholeBatch:
// a pair list whose last rows name links of its first rows again (some
// with a more specific start), and another file that states half of its
// links with other years, imported before it.
func streamTestFiles(t *testing.T, dir string) (pairs, other string) {
	t.Helper()
	data := syntheticPairList(t, 1500, 3)
	lines := strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")
	head, rows := lines[0], lines[1:]
	var b strings.Builder
	b.WriteString(head + "\n")
	for _, r := range rows {
		b.WriteString(r + "\n")
	}
	for i, r := range rows[:400] {
		if i%3 == 0 { // the same year, more specific: merges
			r += "-05"
		}
		b.WriteString(r + "\n")
	}
	var o strings.Builder
	o.WriteString(head + "\n")
	for i, r := range rows {
		if i%2 == 0 {
			cells := strings.Split(r, ",")
			if i%4 == 0 {
				cells[len(cells)-1] = "1949" // disagrees
			}
			o.WriteString(strings.Join(cells, ",") + "\n")
		}
	}
	pairs, other = filepath.Join(dir, "pairs.csv"), filepath.Join(dir, "other.csv")
	if err := os.WriteFile(pairs, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(other, []byte(o.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return pairs, other
}

// applyWhole imports files as a whole batch each, through Store.Apply (the
// path Neo4j and --dry-run take), and returns the summaries' counts.
func applyWhole(t *testing.T, store string, settles bool, files ...string) []graph.ApplyStats {
	t.Helper()
	ctx := context.Background()
	ref, err := identity.Load()
	if err != nil {
		t.Fatal(err)
	}
	im := importer.NewWith(ref)
	st, err := sqlite.Open(ctx, store, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var out []graph.ApplyStats
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		res, err := im.Read(ctx, name, f, importer.Options{})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if settles {
			res.Batch.Settling()
		}
		stats, err := st.Apply(ctx, res.Batch)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, stats)
	}
	return out
}

// snapshotJSON reads a store's snapshot as JSON.
func snapshotJSON(t *testing.T, store string) []byte {
	t.Helper()
	st, err := sqlite.Open(context.Background(), store, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	snap, err := st.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(snap)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A streamed import (the links handed to the store in chunks while the
// file is read, here 64 at a time) leaves the store exactly as Apply of
// the file's whole batch does, with the same counts: into an empty store;
// into one holding half of the links from another file (those merge at
// the end, with the file's whole statement about them, and some are in
// conflict); with --settles; and again, unchanged.
func TestStreamedImportEqualsWholeBatch(t *testing.T) {
	dir := t.TempDir()
	pairs, other := streamTestFiles(t, dir)
	for _, c := range []struct {
		name    string
		before  []string // imported first, whole
		settles bool
		again   bool // import pairs twice
	}{
		{name: "empty store"},
		{name: "links stored before", before: []string{other}},
		{name: "settles", before: []string{other}, settles: true},
		{name: "again", again: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			whole, streamed := filepath.Join(t.TempDir(), "whole.db"), filepath.Join(t.TempDir(), "streamed.db")
			applyWhole(t, whole, false, c.before...)
			applyWhole(t, streamed, false, c.before...)
			files := []string{pairs}
			if c.again {
				files = append(files, pairs)
			}
			want := applyWhole(t, whole, c.settles, files...)
			ta := newTestApp(t)
			ta.env["CITYGRAPH_IMPORT_CHUNK"] = "64"
			args := []string{"import", "--json", "--store", streamed}
			if c.settles {
				args = append(args, "--settles")
			}
			code, out, errs := ta.run(append(args, files...)...)
			if code != 0 {
				t.Fatalf("import: exit %d: %s", code, errs)
			}
			var sums []importSummary
			if err := json.Unmarshal([]byte(out), &sums); err != nil {
				t.Fatal(err)
			}
			if len(sums) != len(want) {
				t.Fatalf("%d summaries, want %d", len(sums), len(want))
			}
			for i, s := range sums {
				w := want[i]
				if s.Created != w.PartnershipsCreated || s.Merged != w.PartnershipsMerged || s.Unchanged != w.PartnershipsUnchanged || s.Version != w.Version {
					t.Errorf("file %d: new %d, merged %d, unchanged %d, version %d; whole batch: %d, %d, %d, %d", i,
						s.Created, s.Merged, s.Unchanged, s.Version, w.PartnershipsCreated, w.PartnershipsMerged, w.PartnershipsUnchanged, w.Version)
				}
				if s.Lines.Merged < 400 {
					t.Errorf("file %d: %d lines merged into an earlier row, want at least 400", i, s.Lines.Merged)
				}
			}
			if c.before != nil && !c.settles && len(sums[0].Conflicts) == 0 {
				t.Errorf("no conflicts with the file imported before")
			}
			if a, b := snapshotJSON(t, whole), snapshotJSON(t, streamed); !bytes.Equal(a, b) {
				t.Errorf("the stores differ (%d and %d bytes of JSON)", len(a), len(b))
				for i := range min(len(a), len(b)) {
					if a[i] != b[i] {
						t.Logf("first difference at %d: %q / %q", i, a[max(0, i-200):min(len(a), i+200)], b[max(0, i-200):min(len(b), i+200)])
						break
					}
				}
			}
		})
	}
}
