package neo4j

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph/graphtest"
	"github.com/citygraph/citygraph/graph/snapcache"
)

// twinLinks is the size of the twin-town graph of issue 17 (24,380 links
// among about 17,000 places); graphtest.SyntheticBatch(twinLinks, 1) has
// that shape with every property a real import sets, provenance included.
const twinLinks = 24380

// BenchmarkNeo4jFixedCost is what every `citygraph analyze --neo4j` pays
// before its kernel runs, on the twin-town sized graph: opening the store
// (connecting, checking the credentials and the schema) and getting the
// snapshot.
//
//   - open: Open and Close alone.
//   - cold: Open, the whole graph read over Bolt (Store.Snapshot), Close:
//     the first call, or every call with CITYGRAPH_SNAPSHOT_CACHE=off.
//   - warm: Open, the version marker and the snapshot from the local
//     snapshot cache (graph/snapcache, the marker unchanged), Close: every
//     later call.
//
// Besides the wall time per operation it reports cpu-ms/op, the CPU time
// of this process (user and system) per operation: the client's share, which
// a loaded machine does not inflate as much as the wall time.
//
// It needs NEO4J_URI and REPLACES the graph in that database with the
// synthetic one unless it holds it already:
//
//	scripts/neo4j.sh start && eval "$(scripts/neo4j.sh env)"
//	go test ./graph/neo4j -run '^$' -bench Neo4jFixedCost -benchtime 10x -count 3
func BenchmarkNeo4jFixedCost(b *testing.B) {
	cfg := testConfig(b)
	ctx := context.Background()
	loadTwinGraph(b, cfg)
	cache := &snapcache.Cache{Dir: b.TempDir(), Log: zerolog.Nop()}
	open := func(b *testing.B) *Store {
		s, err := Open(ctx, cfg, zerolog.Nop())
		if err != nil {
			b.Fatal(err)
		}
		return s
	}
	{ // fill the cache
		s := open(b)
		if _, _, err := cache.Snapshot(ctx, s); err != nil {
			b.Fatal(err)
		}
		s.Close()
	}
	b.Run("open", func(b *testing.B) {
		cpu := cpuClock()
		for b.Loop() {
			open(b).Close()
		}
		reportCPU(b, cpu)
	})
	b.Run("cold", func(b *testing.B) {
		cpu := cpuClock()
		for b.Loop() {
			s := open(b)
			snap, err := s.Snapshot(ctx)
			if err != nil {
				b.Fatal(err)
			}
			if len(snap.Partnerships) != twinLinks {
				b.Fatalf("read %d links, want %d", len(snap.Partnerships), twinLinks)
			}
			s.Close()
		}
		reportCPU(b, cpu)
	})
	b.Run("warm", func(b *testing.B) {
		cpu := cpuClock()
		for b.Loop() {
			s := open(b)
			snap, hit, err := cache.Snapshot(ctx, s)
			if err != nil {
				b.Fatal(err)
			}
			if !hit || len(snap.Partnerships) != twinLinks {
				b.Fatalf("cache hit %v, %d links; want a hit with %d", hit, len(snap.Partnerships), twinLinks)
			}
			s.Close()
		}
		reportCPU(b, cpu)
	})
}

// cpuClock returns a function giving the CPU time (user and system) this
// process spent since cpuClock was called.
func cpuClock() func() time.Duration {
	now := func() time.Duration {
		var ru syscall.Rusage
		if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
			return 0
		}
		return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	start := now()
	return func() time.Duration { return now() - start }
}

// reportCPU reports the process's CPU time per operation since cpu started.
func reportCPU(b *testing.B, cpu func() time.Duration) {
	b.ReportMetric(float64(cpu().Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// loadTwinGraph puts the twin-town sized graph into the database, unless
// it holds exactly that (one import with the batch's checksum).
func loadTwinGraph(b *testing.B, cfg Config) {
	b.Helper()
	ctx := context.Background()
	batch := graphtest.SyntheticBatch(twinLinks, 1)
	s, err := Open(ctx, cfg, zerolog.Nop())
	if err != nil {
		b.Fatal(err)
	}
	imps, err := s.Imports(ctx)
	s.Close()
	if err == nil && len(imps) == 1 && imps[0].SHA256 == batch.Import.SHA256 {
		return
	}
	emptyDatabase(b, cfg)
	if s, err = Open(ctx, cfg, zerolog.Nop()); err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Apply(ctx, batch); err != nil {
		b.Fatal(err)
	}
	r, err := neo4j.ExecuteQuery(ctx, s.driver, "MATCH ()-[r:PARTNER_OF]->() RETURN count(r)", nil,
		neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(cfg.Database))
	if err != nil {
		b.Fatal(err)
	}
	if n := r.Records[0].Values[0].(int64); n != twinLinks {
		b.Fatalf("the database holds %d links after the load, want %d", n, twinLinks)
	}
}
