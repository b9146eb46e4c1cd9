package sqlite_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/rs/zerolog"
	zsqlite "zombiezen.com/go/sqlite"
	"zombiezen.com/go/sqlite/sqlitex"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/graphtest"
	"github.com/citygraph/citygraph/graph/snapcache"
	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/citygraph/citygraph/internal/fixture"
)

// TestSnapshotCache: the embedded store's snapshot comes from the cache
// only while nothing changed it, and is then equal to a fresh read; a write
// through citygraph, a change by hand (in the write-ahead log or
// checkpointed into the file) and a file copied or moved over the store
// each make the next read a miss that shows the new content.
func TestSnapshotCache(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	demo, err := fixture.Demo(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "demo.db")
	c := &snapcache.Cache{Dir: filepath.Join(dir, "cache"), Log: zerolog.Nop()}
	// read opens the store, reads it through the cache and checks the
	// result against a fresh read, as a command would, and closes it.
	read := func(step string, wantHit bool) *graph.Snapshot {
		t.Helper()
		st, err := sqlite.Open(ctx, path, zerolog.Nop())
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		defer st.Close()
		snap, hit, err := c.Snapshot(ctx, st)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if hit != wantHit {
			t.Fatalf("%s: hit = %v, want %v", step, hit, wantHit)
		}
		fresh, err := st.Snapshot(ctx)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if !reflect.DeepEqual(snap, fresh) {
			t.Fatalf("%s: the snapshot (hit %v) differs from a fresh read: %s", step, hit, graphtest.Diff(snap, fresh))
		}
		return snap
	}
	first := read("first read", false)
	if !reflect.DeepEqual(first, demo) {
		t.Fatalf("the store's snapshot differs from the demo import's: %s", graphtest.Diff(first, demo))
	}
	if len(first.Partnerships) == 0 || len(first.Organisations) == 0 {
		t.Fatalf("the demo store holds %d links, %d organisations", len(first.Partnerships), len(first.Organisations))
	}
	read("second read", true)
	read("third read", true) // opening and closing left the file as it was

	// A write through citygraph moves the version.
	st, err := sqlite.Open(ctx, path, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Apply(ctx, &graph.Batch{Municipalities: []graph.Municipality{{ID: "FR:cachetown", Name: "Cachetown", Country: "FR"}}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	applied := read("after Apply", false)
	if applied.Version != first.Version+1 || len(applied.Municipalities) != len(first.Municipalities)+1 {
		t.Fatalf("after Apply: version %d, %d places; before: version %d, %d places",
			applied.Version, len(applied.Municipalities), first.Version, len(first.Municipalities))
	}
	read("after Apply, again", true)
	backup := filepath.Join(dir, "backup.db")
	copyFile(t, path, backup) // this version, before any change by hand

	// A change by hand (as with sqlite3) does not move the version. First
	// while another connection holds the file open, so that the change
	// stays in the write-ahead log, then checkpointed into the file.
	holder := rawConn(t, path)
	edit(t, path, "UPDATE municipality SET name = 'Cachetown by hand' WHERE id = 'FR:cachetown'")
	if got := placeName(read("after a change in the log", false), "FR:cachetown"); got != "Cachetown by hand" {
		t.Fatalf("after a change by hand in the log: name %q", got)
	}
	read("after a change in the log, again", true)
	if err := holder.Close(); err != nil {
		t.Fatal(err)
	}
	edit(t, path, "UPDATE municipality SET name = 'Cachetown again' WHERE id = 'FR:cachetown'")
	byHand := read("after a change in the file", false)
	if got := placeName(byHand, "FR:cachetown"); got != "Cachetown again" || byHand.Version != applied.Version {
		t.Fatalf("after a change by hand: name %q, version %d (want %d)", got, byHand.Version, applied.Version)
	}
	read("after a change in the file, again", true)

	// The backup (same store id, same version, other content) copied over
	// the store, then moved over it.
	copyFile(t, backup, path)
	if got := placeName(read("after a copy over the store", false), "FR:cachetown"); got != "Cachetown" {
		t.Fatalf("after a copy over the store: name %q", got)
	}
	edit(t, path, "UPDATE municipality SET name = 'Cachetown moved' WHERE id = 'FR:cachetown'")
	read("after another change by hand", false)
	moved := filepath.Join(dir, "moved.db")
	copyFile(t, backup, moved)
	if err := os.Rename(moved, path); err != nil {
		t.Fatal(err)
	}
	if got := placeName(read("after a move over the store", false), "FR:cachetown"); got != "Cachetown" {
		t.Fatalf("after a move over the store: name %q", got)
	}
}

// TestOpenWritesNothing: opening a store that has its schema reads it only:
// the file's stamp (size, times) stays as it was.
func TestOpenWritesNothing(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "s.db")
	st, err := sqlite.Open(ctx, path, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	id1, _, err := st.Marker(ctx)
	if err != nil || id1 == "" {
		t.Fatalf("marker %q, %v", id1, err)
	}
	st.Close()
	stamp := func() string {
		t.Helper()
		st, err := sqlite.Open(ctx, path, zerolog.Nop())
		if err != nil {
			t.Fatal(err)
		}
		defer st.Close()
		id, _, err := st.Marker(ctx)
		if err != nil || id != id1 {
			t.Fatalf("marker %q, %v; want %q", id, err, id1)
		}
		if _, err := st.Snapshot(ctx); err != nil {
			t.Fatal(err)
		}
		s, err := st.Stamp()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	before := stamp()
	if after := stamp(); after != before {
		t.Errorf("opening and reading changed the stamp from %q to %q", before, after)
	}
	// Another store at another path has another id.
	other, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "s.db"), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if id2, _, _ := other.Marker(ctx); id2 == id1 || id2 == "" {
		t.Errorf("two stores have the ids %q and %q", id1, id2)
	}
}

func placeName(s *graph.Snapshot, id string) string {
	for _, m := range s.Municipalities {
		if m.ID == id {
			return m.Name
		}
	}
	return ""
}

// rawConn opens the file as another program would.
func rawConn(t *testing.T, path string) *zsqlite.Conn {
	t.Helper()
	c, err := zsqlite.OpenConn(path, zsqlite.OpenReadWrite)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// edit changes the file by hand, as sqlite3 would.
func edit(t *testing.T, path, sql string) {
	t.Helper()
	c := rawConn(t, path)
	if err := sqlitex.ExecuteTransient(c, sql, nil); err != nil {
		t.Fatal(err)
	}
	if c.Changes() != 1 {
		t.Fatalf("%s changed %d rows", sql, c.Changes())
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
