package importer

import (
	"reflect"
	"slices"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/identity"
)

// TestEndResKeepsEveryField checks that a resolution keeps its place
// whole: a place with no field but its id, name, country and region is
// kept in those four strings, a place with any other field set (each field
// of graph.Municipality in turn, so that a field added later is not lost)
// whole.
func TestEndResKeepsEveryField(t *testing.T) {
	base := graph.Municipality{ID: "UA:place 1", Name: "Place 1", Country: "UA", Region: "Kyiv City"}
	e := newEndRes(7, identity.Result{Place: base, How: "not in the gazetteer"})
	if e.more != nil {
		t.Errorf("a place of an id, a name, a country and a region: more = %+v, want nil", e.more)
	}
	if got := e.place(); !reflect.DeepEqual(got, base) {
		t.Errorf("place() = %+v, want %+v", got, base)
	}
	if got := e.result(); got.How != "not in the gazetteer" || got.Known || got.Warning != "" || e.line != 7 {
		t.Errorf("result() = %+v, line %d", got, e.line)
	}
	rt := reflect.TypeOf(base)
	for i := range rt.NumField() {
		f := rt.Field(i)
		switch f.Name {
		case "ID", "Name", "Country", "Region":
			continue
		}
		m := base
		v := reflect.ValueOf(&m).Elem().Field(i)
		switch v.Kind() {
		case reflect.String:
			v.SetString("x")
		case reflect.Int, reflect.Int64:
			v.SetInt(1)
		case reflect.Float64:
			v.SetFloat(1.5)
		case reflect.Bool:
			v.SetBool(true)
		case reflect.Slice:
			v.Set(reflect.MakeSlice(v.Type(), 1, 1))
		default:
			t.Fatalf("field %s: kind %s not covered by this test", f.Name, v.Kind())
		}
		if onlyIDNameCountryRegion(&m) {
			t.Errorf("field %s set: onlyIDNameCountryRegion is true", f.Name)
		}
		e := newEndRes(1, identity.Result{Place: m, Known: true})
		if got := e.place(); !reflect.DeepEqual(got, m) {
			t.Errorf("field %s set: place() = %+v, want %+v", f.Name, got, m)
		}
	}
	w := newEndRes(1, identity.Result{Place: base, Warning: "far"})
	if w.warning() != "far" || !reflect.DeepEqual(w.place(), base) {
		t.Errorf("a warning: warning() = %q, place() = %+v", w.warning(), w.place())
	}
	b := badEnd(3, cellLat, "latitude: bad")
	if b.problem() != "latitude: bad" || b.col != cellLat || b.line != 3 {
		t.Errorf("badEnd = %+v", b)
	}
}

// TestHashSet checks the set of the hashes of the links handed over
// against a map, over adds of several chunks that share hashes.
func TestHashSet(t *testing.T) {
	var s hashSet
	want := map[uint64]bool{}
	if s.has(0) || s.has(1<<63) {
		t.Fatal("an empty set has a hash")
	}
	x := uint64(0x9e3779b97f4a7c15)
	next := func() uint64 { x ^= x << 13; x ^= x >> 7; x ^= x << 17; return x }
	var all []uint64
	for chunk := range 5 {
		var hs []uint64
		for range 3000 {
			h := next()
			if chunk > 0 && len(hs)%7 == 0 {
				h = all[int(h%uint64(len(all)))] // already in the set
			}
			if len(hs)%11 == 0 {
				h &= 0xffff // prefix 0
			}
			hs = append(hs, h)
		}
		hs = append(hs, 0, ^uint64(0))
		for _, h := range hs {
			want[h] = true
		}
		all = append(all, hs...)
		s.add(slices.Clone(hs))
		if !slices.IsSorted(s.sorted) {
			t.Fatalf("chunk %d: not sorted", chunk)
		}
		for h := range want {
			if !s.has(h) {
				t.Fatalf("chunk %d: %#x missing", chunk, h)
			}
		}
		for range 3000 {
			if h := next(); s.has(h) != want[h] {
				t.Fatalf("chunk %d: has(%#x) = %v, want %v", chunk, h, s.has(h), want[h])
			}
		}
	}
}
