package importer

import (
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// TestLinkIndexSharedHash finds links whose keys share a hash.
func TestLinkIndexSharedHash(t *testing.T) {
	for _, h := range []func(linkKey) uint64{
		func(linkKey) uint64 { return 7 },                  // every key shares one hash
		func(k linkKey) uint64 { return uint64(len(k.b)) }, // some do
	} {
		x := linkIndex{hash: h, byHash: map[uint64]int32{}}
		var list []graph.Partnership
		keys := []linkKey{{"A", "B", graph.KindPartnership}, {"A", "B", graph.KindFriendship}, {"A", "CC", graph.KindPartnership}, {"B", "C", graph.KindContact}}
		for i, k := range keys {
			if _, ok := x.find(list, k); ok {
				t.Fatalf("%v found before it was put", k)
			}
			x.put(k, i)
			list = append(list, graph.Partnership{A: k.a, B: k.b, Kind: k.kind})
		}
		for i, k := range keys {
			if j, ok := x.find(list, k); !ok || j != i {
				t.Errorf("%v at %d, %v; want %d", k, j, ok, i)
			}
		}
		if _, ok := x.find(list, linkKey{"A", "B", graph.KindProject}); ok {
			t.Error("found a key never put")
		}
	}
}
