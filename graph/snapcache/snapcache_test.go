package snapcache

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/graphtest"
)

// fakeStore is a store whose reads are counted.
type fakeStore struct {
	id    string
	snap  *graph.Snapshot
	reads int
}

func (f *fakeStore) Snapshot(context.Context) (*graph.Snapshot, error) {
	f.reads++
	s := *f.snap
	return &s, nil
}

func (f *fakeStore) Marker(context.Context) (string, int64, error) { return f.id, f.snap.Version, nil }

func synthetic(version int64) *graph.Snapshot {
	b := graphtest.SyntheticBatch(300, version)
	s := &graph.Snapshot{Version: version, Municipalities: b.Municipalities, Partnerships: b.Partnerships,
		StateCounts: []graph.StateCount{{State: "DE-BW", Partnerships: 1205}}}
	s.Sort()
	return s
}

func TestCacheHitMissAndInvalidation(t *testing.T) {
	ctx := context.Background()
	c := &Cache{Dir: filepath.Join(t.TempDir(), "snapshots"), Log: zerolog.Nop()}
	st := &fakeStore{id: "bolt://a neo4j 1234", snap: synthetic(3)}
	get := func(wantHit bool) *graph.Snapshot {
		t.Helper()
		snap, hit, err := c.Snapshot(ctx, st)
		if err != nil {
			t.Fatal(err)
		}
		if hit != wantHit {
			t.Fatalf("hit = %v, want %v", hit, wantHit)
		}
		return snap
	}
	first := get(false)
	second := get(true)
	if st.reads != 1 {
		t.Errorf("the store was read %d times, want once", st.reads)
	}
	if !reflect.DeepEqual(first, second) || second.Version != 3 || len(second.Partnerships) != 300 {
		t.Errorf("the cached snapshot differs from the store's (version %d, %d links)", second.Version, len(second.Partnerships))
	}
	// A new version is read from the store.
	st.snap = synthetic(4)
	if got := get(false); got.Version != 4 || st.reads != 2 {
		t.Errorf("after a change: version %d, %d reads", got.Version, st.reads)
	}
	get(true)
	// Another store has its own file.
	other := &fakeStore{id: "bolt://b neo4j 99", snap: synthetic(4)}
	if _, hit, _ := c.Snapshot(ctx, other); hit {
		t.Error("another store with the same version hit the first one's file")
	}
	if files, _ := os.ReadDir(c.Dir); len(files) != 2 {
		t.Errorf("%d files, want one per store", len(files))
	}
	// A damaged file is a miss, and is written anew.
	path := c.path(st.id)
	if err := os.WriteFile(path, []byte("not a snapshot"), 0o600); err != nil {
		t.Fatal(err)
	}
	get(false)
	get(true)
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("file mode %v (%v), want 0600", fi.Mode(), err)
	}
}

func TestCacheNeverFailsARead(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "file")
	if err := os.WriteFile(blocker, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	c := &Cache{Dir: filepath.Join(blocker, "snapshots"), Log: zerolog.Nop()} // cannot be created
	st := &fakeStore{id: "x", snap: synthetic(1)}
	snap, hit, err := c.Snapshot(context.Background(), st)
	if err != nil || hit || snap.Version != 1 {
		t.Fatalf("unwritable cache: %v, hit %v", err, hit)
	}
	// No id: never cached.
	c = &Cache{Dir: t.TempDir()}
	st = &fakeStore{snap: synthetic(1)}
	for range 2 {
		if _, hit, err := c.Snapshot(context.Background(), st); hit || err != nil {
			t.Fatalf("a store without id hit the cache (%v)", err)
		}
	}
}

func TestShapeFollowsTheTypes(t *testing.T) {
	if s1, s2 := Shape(), Shape(); s1 == "" || s1 != s2 {
		t.Fatal("graph.Snapshot has no stable shape: the cache would be off")
	}
	type inner struct{ A string }
	type outer struct {
		I []inner
		M map[string]int
	}
	type withHidden struct{ a int }
	_ = withHidden{}.a
	var sb1, sb2, sb3 strings.Builder
	if !describe(&sb1, reflect.TypeOf(outer{}), map[reflect.Type]bool{}) {
		t.Error("exported fields only: describable")
	}
	type outer2 struct {
		I []inner
		M map[string]int64
	}
	describe(&sb2, reflect.TypeOf(outer2{}), map[reflect.Type]bool{})
	if sb1.String() == sb2.String() {
		t.Error("a changed field type gives the same shape")
	}
	if describe(&sb3, reflect.TypeOf(withHidden{a: 1}), map[reflect.Type]bool{}) {
		t.Error("a type with unexported fields (which gob drops) must not be cached")
	}
}

// TestCodecCoversSnapshot: the file layout encodes every field of
// graph.Snapshot (a snapshot with every field set, each to a value of its
// own, comes back equal, nil and empty lists apart), and it was written
// for the graph types as they are (when they change, update codec.go and
// codecShape).
func TestCodecCoversSnapshot(t *testing.T) {
	if got := Shape(); got != codecShape {
		t.Fatalf("graph.Snapshot's shape is %s, codec.go encodes %s: follow the graph types in codec.go and set codecShape", got, codecShape)
	}
	var snap graph.Snapshot
	n := 0
	fill(reflect.ValueOf(&snap).Elem(), &n)
	if n < 60 {
		t.Fatalf("filled only %d values", n)
	}
	snap.Networks = []graph.Network{}     // empty, not nil
	snap.Municipalities[1].AltNames = nil // nil inside a record
	e := &encoder{}
	e.snapshot(&snap)
	d := &decoder{s: string(e.b)}
	var got graph.Snapshot
	d.snapshot(&got)
	if d.err != nil || d.i != len(d.s) {
		t.Fatalf("decode: %v, %d of %d bytes read", d.err, d.i, len(d.s))
	}
	if !reflect.DeepEqual(got, snap) {
		t.Fatalf("the snapshot came back different:\n got %+v\nwant %+v", got, snap)
	}
	// Every shorter input fails, none panics.
	for k := range len(e.b) {
		d := &decoder{s: string(e.b[:k])}
		var s graph.Snapshot
		d.snapshot(&s)
		if d.err == nil {
			t.Fatalf("%d of %d bytes decoded without an error", k, len(e.b))
		}
	}
}

// fill sets every field under v to a value of its own (n counts them);
// lists get two items.
func fill(v reflect.Value, n *int) {
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			fill(v.Field(i), n)
		}
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := range 2 {
			fill(v.Index(i), n)
		}
	case reflect.String:
		*n++
		v.SetString("s" + strings.Repeat("x", *n%7) + string(rune('A'+*n%50)))
	case reflect.Int, reflect.Int64:
		*n++
		v.SetInt(int64(*n) * 1000003 * int64(1-2*(*n%2)))
	case reflect.Float64:
		*n++
		v.SetFloat(float64(*n) / 7)
	case reflect.Bool:
		*n++
		v.SetBool(true)
	default:
		panic("fill: " + v.Type().String())
	}
}

func TestDamagedFileIsAMiss(t *testing.T) {
	ctx := context.Background()
	c := &Cache{Dir: t.TempDir(), Log: zerolog.Nop()}
	st := &fakeStore{id: "s", snap: synthetic(2)}
	if _, hit, err := c.Snapshot(ctx, st); hit || err != nil {
		t.Fatalf("first read: hit %v, %v", hit, err)
	}
	path := c.path(st.id)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b[len(b)/2] ^= 0x10 // one bit in the middle of the snapshot
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	snap, hit, err := c.Snapshot(ctx, st)
	if hit || err != nil || !reflect.DeepEqual(snap, st.snap) {
		t.Fatalf("a damaged file: hit %v, %v", hit, err)
	}
	if _, hit, _ := c.Snapshot(ctx, st); !hit {
		t.Fatal("the file was not written anew")
	}
}
