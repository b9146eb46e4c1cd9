package main

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
)

// TestEdgesRoundTrip: an edge list written by -edges reads back as the
// same graph (the same neighbours of every node), and bad lines are
// refused with their number.
func TestEdgesRoundTrip(t *testing.T) {
	p := analytics.NewProjection(analytics.SyntheticTwinGraph(500, 3))
	path := filepath.Join(t.TempDir(), "edges.txt")
	if err := writeEdges(path, p); err != nil {
		t.Fatal(err)
	}
	s := fileLoader(path, readEdges)()
	q := analytics.NewProjection(s)
	if q.N() != p.N() || q.M() != p.M() {
		t.Fatalf("read %d nodes, %d links; wrote %d, %d", q.N(), q.M(), p.N(), p.M())
	}
	for v := range int32(p.N()) {
		if got, want := q.Neighbors(v), p.Neighbors(v); !reflect.DeepEqual(got, want) {
			t.Fatalf("node %d: neighbours %v, want %v", v, got, want)
		}
	}
	if s.Municipalities[12].ID != "N:12" || s.Partnerships[0].Kind != graph.KindPartnership {
		t.Errorf("place 12 is %q, the first link a %q", s.Municipalities[12].ID, s.Partnerships[0].Kind)
	}
	for _, bad := range []string{"3 1\n0 3\n", "3 1\n0\n", "3 1\n0 1 \n", "3 1\n-1 2\n", "3 1\n0,1\n", "3 1\n 0 1\n"} {
		_, err := readEdges(strings.NewReader(bad))
		if err == nil || !strings.Contains(err.Error(), "line 2") {
			t.Errorf("%q: error %v, want one for line 2", bad, err)
		}
	}
}
