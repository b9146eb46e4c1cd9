package importer_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand"
	"runtime"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/importer"
	"github.com/citygraph/citygraph/internal/fixture"
)

// germanPairs writes a pair list of n links among the same 500 German
// places (the first of fixture.GermanPlaces: named uniquely in the
// directory, with their coordinates): the places are the same whatever n,
// the links grow with it. (This file is package importer_test because
// fixture imports importer.)
func germanPairs(t *testing.T, dir *gazetteer.Directory, n int) []byte {
	t.Helper()
	places := fixture.GermanPlaces(dir)
	places = places[:min(500, len(places))]
	kinds := []string{"Partnerschaft", "Freundschaft", "Kontakt", "Projektpartnerschaft"}
	rnd := rand.New(rand.NewSource(1))
	var b bytes.Buffer
	b.WriteString("city_a,country_a,lat_a,lon_a,city_b,country_b,lat_b,lon_b,kind\n")
	for range n {
		x, y := places[rnd.Intn(len(places))], places[rnd.Intn(len(places))]
		for y.AGS == x.AGS {
			y = places[rnd.Intn(len(places))]
		}
		fmt.Fprintf(&b, "%s,DE,%.5f,%.5f,%s,DE,%.5f,%.5f,%s\n", x.NamePlain, x.Lat, x.Lon, y.NamePlain, y.Lat, y.Lon, kinds[rnd.Intn(len(kinds))])
	}
	return b.Bytes()
}

// heapSink is a LinkSink that keeps nothing but counts, and notes the
// largest live heap at a chunk.
type heapSink struct {
	links int
	heap  uint64
}

func (s *heapSink) Links(fresh, again []graph.Partnership) error {
	s.links += len(fresh)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	s.heap = max(s.heap, ms.HeapAlloc)
	return nil
}

func (s *heapSink) Recall(a, b string, kind graph.Kind) (graph.Partnership, bool, error) {
	return graph.Partnership{}, false, nil
}

// A Read with a sink holds a chunk of links, not all of them: reading
// 200,000 links among 500 places holds little more live heap than reading
// 20,000 (a hash per link handed over: about 10 MB more), where the batch
// of 200,000 links alone would take some 50 MB.
func TestStreamedReadMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 220,000 rows")
	}
	dir, err := gazetteer.LoadGermany()
	if err != nil {
		t.Fatal(err)
	}
	countries, err := gazetteer.LoadCountries()
	if err != nil {
		t.Fatal(err)
	}
	im := importer.New(dir, countries)
	live := func(n int) (uint64, int) {
		data := germanPairs(t, dir, n)
		s := &heapSink{}
		res, err := im.Read(context.Background(), "pairs.csv", bytes.NewReader(data), importer.Options{Today: graph.NewDate(2026, 12, 2), Links: s, ChunkLinks: 4096})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Batch.Partnerships) != 0 || res.Lines.Imported+res.Lines.Merged != n {
			t.Fatalf("%d rows: %d links left in the batch, lines %+v", n, len(res.Batch.Partnerships), res.Lines)
		}
		runtime.KeepAlive(data)
		return s.heap - min(s.heap, uint64(len(data))), s.links
	}
	live(2000) // what the first Read loads and keeps
	small, nSmall := live(20_000)
	large, nLarge := live(200_000)
	t.Logf("largest live heap at a chunk: %d MB for %d links, %d MB for %d links", small>>20, nSmall, large>>20, nLarge)
	if nLarge < 9*nSmall {
		t.Fatalf("%d and %d links: the larger file should have about ten times as many", nSmall, nLarge)
	}
	if grow := int64(large) - int64(small); grow > 24<<20 {
		t.Errorf("the live heap grew by %d MB from %d to %d links (want under 24 MB: a chunk at a time)", grow>>20, nSmall, nLarge)
	}
}
