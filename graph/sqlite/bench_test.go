//go:build unix

package sqlite

import (
	"context"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph/graphtest"
)

// BenchmarkApply100k applies a synthetic pair list of 100,000 links (and
// the ~66,000 places they name) to an empty store: one import as the
// importer would hand it over. It reports links per second, the Go heap
// allocated per import and the process's peak resident memory.
func BenchmarkApply100k(b *testing.B) {
	benchApply(b, 100_000)
}

// BenchmarkReapply100k applies the same 100,000 links to a store that
// already holds them: every record is read back and merged, nothing written.
func BenchmarkApply10k(b *testing.B) { benchApply(b, 10_000) }

// BenchmarkApply1M applies 1,000,000 links (and ~666,000 places) to an
// empty store: the size of the crash test's import.
func BenchmarkApply1M(b *testing.B) { benchApply(b, 1_000_000) }

func BenchmarkReapply100k(b *testing.B) {
	ctx := context.Background()
	batch := graphtest.SyntheticBatch(100_000, 1)
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"), zerolog.Nop())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Apply(ctx, batch); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	for b.Loop() {
		st, err := s.Apply(ctx, batch)
		if err != nil {
			b.Fatal(err)
		}
		if st.Changed() {
			b.Fatalf("re-apply changed the store: %+v", st)
		}
	}
	b.ReportMetric(float64(len(batch.Partnerships))*float64(b.N)/b.Elapsed().Seconds(), "links/s")
	b.ReportMetric(float64(len(batch.Partnerships))*float64(b.N)/(cpuTime()-c0).Seconds(), "links/cpu-s")
}

func benchApply(b *testing.B, n int) {
	ctx := context.Background()
	batch := graphtest.SyntheticBatch(n, 1)
	dir := b.TempDir()
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		i++
		s, err := Open(ctx, filepath.Join(dir, "bench", string(rune('a'+i%26))+".db"), zerolog.Nop())
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		c0 := cpuTime()
		st, err := s.Apply(ctx, batch)
		if err != nil {
			b.Fatal(err)
		}
		cpu += cpuTime() - c0
		b.StopTimer()
		if st.PartnershipsCreated != n {
			b.Fatalf("created %d links, want %d", st.PartnershipsCreated, n)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "links/s")
	b.ReportMetric(float64(n)*float64(b.N)/cpu.Seconds(), "links/cpu-s")
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapSys)/(1<<20), "heap-sys-MB")
}

// cpuTime returns the CPU time (user and system) the process has used: on a
// loaded machine it says more about the work done than the wall clock.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSnapshot100k reads back a store holding 100,000 links and their
// ~66,000 places, as a server does to build its projection.
func BenchmarkSnapshot100k(b *testing.B) {
	ctx := context.Background()
	batch := graphtest.SyntheticBatch(100_000, 1)
	s, err := Open(ctx, filepath.Join(b.TempDir(), "bench.db"), zerolog.Nop())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Apply(ctx, batch); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	c0 := cpuTime()
	for b.Loop() {
		snap, err := s.Snapshot(ctx)
		if err != nil {
			b.Fatal(err)
		}
		if len(snap.Partnerships) != 100_000 {
			b.Fatalf("%d links", len(snap.Partnerships))
		}
	}
	b.ReportMetric(100_000*float64(b.N)/b.Elapsed().Seconds(), "links/s")
	b.ReportMetric(100_000*float64(b.N)/(cpuTime()-c0).Seconds(), "links/cpu-s")
}
