// Command projmem measures what an analysis holds for an embedded store:
// the time to open it, read its snapshot, build the projection and its
// indexes (Projection.Prepare, what serve builds before serving), and the
// heap after a collection following each step (issue 14, target 5).
//
//	go run ./scripts/synthstore --links 1000000 --out /tmp/m1.db
//	go run ./scripts/projmem --store /tmp/m1.db --edges /tmp/m1.edges
//
// --edges writes the links as tab-separated id pairs, which igraph reads
// with names for the same graph in Python:
//
//	igraph.Graph.TupleList((l.rstrip("\n").split("\t") for l in open(f)), directed=False)
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph/sqlite"
)

func main() {
	store := flag.String("store", "", "embedded store file")
	edges := flag.String("edges", "", "also write the links as tab-separated id pairs to this file")
	flag.Parse()
	if *store == "" {
		fmt.Fprintln(os.Stderr, "usage: projmem --store FILE [--edges FILE]")
		os.Exit(2)
	}
	if err := run(*store, *edges); err != nil {
		fmt.Fprintln(os.Stderr, "projmem:", err)
		os.Exit(1)
	}
}

// heapMB is the live heap after a collection, in MB.
func heapMB() float64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / 1e6
}

func run(path, edges string) error {
	ctx := context.Background()
	h0 := heapMB()
	t0 := time.Now()
	st, err := sqlite.Open(ctx, path, zerolog.Nop())
	if err != nil {
		return err
	}
	defer st.Close()
	t1 := time.Now()
	snap, err := st.Snapshot(ctx)
	if err != nil {
		return err
	}
	t2 := time.Now()
	h1 := heapMB()
	t2b := time.Now()
	p := analytics.NewProjection(snap)
	t3 := time.Now()
	h2 := heapMB()
	t3b := time.Now()
	p.Prepare()
	t4 := time.Now()
	h3 := heapMB()
	fmt.Printf("places %d, links %d\n", p.N(), p.LinkCount())
	fmt.Printf("time: open %.1f ms, snapshot %.1f ms, projection %.1f ms, indexes (Prepare) %.1f ms\n",
		ms(t1.Sub(t0)), ms(t2.Sub(t1)), ms(t3.Sub(t2b)), ms(t4.Sub(t3b)))
	fmt.Printf("heap after GC: snapshot %.1f MB, projection %.1f MB, indexes %.1f MB\n", h1-h0, h2-h1, h3-h2)
	if edges != "" {
		f, err := os.Create(edges)
		if err != nil {
			return err
		}
		w := bufio.NewWriter(f)
		for _, l := range snap.Partnerships {
			fmt.Fprintf(w, "%s\t%s\n", l.A, l.B)
		}
		if err := w.Flush(); err != nil {
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	runtime.KeepAlive(p)
	return nil
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
