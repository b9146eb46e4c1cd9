package analytics

import (
	"context"
	"runtime"
	"sync"
	"testing"
)

// BenchmarkCachedBetweenness shows what the cache is for, on the synthetic
// 25,900-link graph: "first" is a request on a new projection version (exact
// betweenness on all cores, computed once even though 8 requests arrive
// together), "repeated" a later request for the same result.
func BenchmarkCachedBetweenness(b *testing.B) {
	p := NewProjection(SyntheticTwinGraph(25900, 1))
	workers := runtime.GOMAXPROCS(0)
	ctx := context.Background()
	get := func(c *Cache) []float64 {
		v, err := Cached(ctx, c, p, "betweenness", nil, func() ([]float64, error) { return Betweenness(p, workers), nil })
		if err != nil || len(v) != p.N() {
			b.Fatalf("betweenness: %d values, %v", len(v), err)
		}
		return v
	}
	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			c := NewCache(0)
			var wg sync.WaitGroup
			for range 8 {
				wg.Add(1)
				go func() { defer wg.Done(); get(c) }()
			}
			wg.Wait()
			if n := c.Stats().Computations; n != 1 {
				b.Fatalf("%d computations, want 1", n)
			}
		}
	})
	b.Run("repeated", func(b *testing.B) {
		c := NewCache(0)
		get(c)
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			get(c)
		}
	})
}
