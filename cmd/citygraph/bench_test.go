package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/citygraph/citygraph/internal/fixture"
)

// syntheticPairList writes the pair list of the import benchmarks
// (fixture.PairList).
func syntheticPairList(tb testing.TB, n int, seed int64) []byte {
	tb.Helper()
	data, err := fixture.PairList(n, seed)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// BenchmarkImportPairs100k imports a synthetic 100,000-row pair list into
// an empty embedded store, end to end (read, resolve, one transaction), the
// way `citygraph import` does. It reports rows/s and the process's peak
// resident memory.
//
//	go test ./cmd/citygraph -run XXX -bench ImportPairs100k -benchtime 3x -count 3
func BenchmarkImportPairs100k(b *testing.B) {
	const rows = 100_000
	data := syntheticPairList(b, rows, 1)
	path := filepath.Join(b.TempDir(), "pairs.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	mapping := []string{"--map", "city_a=city_a", "--map", "country_a=country_a", "--map", "lat_a=lat_a", "--map", "lon_a=lon_a",
		"--map", "city_b=city_b", "--map", "country_b=country_b", "--map", "lat_b=lat_b", "--map", "lon_b=lon_b",
		"--map", "kind=kind", "--map", "since=since"}
	var out, errb bytes.Buffer
	env := map[string]string{"CITYGRAPH_LOG_LEVEL": "error"}
	a := newApp(&out, &errb, nil, func(k string) string { return env[k] }, false)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		store := filepath.Join(b.TempDir(), fmt.Sprintf("g%d.db", i))
		args := append([]string{"import", "--kind", "pairs", "--store", store}, mapping...)
		args = append(args, path)
		if code := a.run(context.Background(), args); code != 0 {
			b.Fatalf("import: exit %d: %s", code, errb.String())
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err == nil {
		b.ReportMetric(float64(ru.Maxrss)/1024, "peak-RSS-MB")
	}
}

// The synthetic list imports with no rejects: every German name resolves.
func TestSyntheticPairListImports(t *testing.T) {
	data := syntheticPairList(t, 2000, 2)
	path := filepath.Join(t.TempDir(), "pairs.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	ta := newTestApp(t)
	store := filepath.Join(t.TempDir(), "g.db")
	code, out, errs := ta.run("import", "--kind", "pairs", "--store", store,
		"--map", "city_a=city_a", "--map", "country_a=country_a", "--map", "lat_a=lat_a", "--map", "lon_a=lon_a",
		"--map", "city_b=city_b", "--map", "country_b=country_b", "--map", "lat_b=lat_b", "--map", "lon_b=lon_b",
		"--map", "kind=kind", "--map", "since=since", path)
	if code != 0 {
		t.Fatalf("import: exit %d: %s", code, errs)
	}
	if s := ta.stats(store); s.Partnerships < 1900 {
		t.Errorf("%d links from 2,000 rows (%s)", s.Partnerships, out)
	}
}
