package main

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"math/rand"
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/citygraph/citygraph/graph/gazetteer"
)

// syntheticPairList writes a pair list of n rows shaped like real twin-town
// data: German municipalities (real names and coordinates, so they resolve
// through the directory) linked to German and foreign places, a few
// thousand distinct places in all, every kind, some dates.
func syntheticPairList(tb testing.TB, n int, seed int64) []byte {
	tb.Helper()
	dir, err := gazetteer.LoadGermany()
	if err != nil {
		tb.Fatal(err)
	}
	all := dir.All()
	// Places whose name is unique in the directory resolve by name and
	// coordinates alike; take the 3,000 most populous.
	count := map[string]int{}
	for _, g := range all {
		count[g.NamePlain]++
	}
	var german []gazetteer.Gemeinde
	for _, g := range all {
		if count[g.NamePlain] == 1 && g.Population > 4000 {
			german = append(german, g)
		}
	}
	if len(german) > 3000 {
		german = german[:3000]
	}
	countries := []string{"France", "Poland", "Italy", "United Kingdom", "Ukraine", "Hungary", "Austria", "United States", "Czech Republic", "Türkei", "Spanien", "NL"}
	kinds := []string{"Partnerschaft", "Freundschaft", "Kontakt", "Projektpartnerschaft"}
	rnd := rand.New(rand.NewSource(seed))
	var buf bytes.Buffer
	buf.Grow(n * 110)
	buf.WriteString("city_a,country_a,lat_a,lon_a,city_b,country_b,lat_b,lon_b,kind,since\n")
	for i := 0; i < n; i++ {
		a := german[rnd.Intn(len(german))]
		fmt.Fprintf(&buf, "%s,Germany,%.5f,%.5f,", a.NamePlain, a.Lat, a.Lon)
		var b string
		if rnd.Intn(5) == 0 {
			g := german[rnd.Intn(len(german))]
			for g.AGS == a.AGS {
				g = german[rnd.Intn(len(german))]
			}
			b = g.NamePlain
			fmt.Fprintf(&buf, "%s,Deutschland,%.5f,%.5f,", g.NamePlain, g.Lat, g.Lon)
		} else {
			c := rnd.Intn(len(countries))
			b = fmt.Sprintf("Place %d", rnd.Intn(20000))
			fmt.Fprintf(&buf, "%s,%s,%.3f,%.3f,", b, countries[c], 40+rnd.Float64()*20, rnd.Float64()*30)
		}
		kind := kinds[rnd.Intn(len(kinds))]
		// A link named twice has one start, as a file that states each
		// link once gives it.
		fmt.Fprintf(&buf, "%s,%d\n", kind, 1950+int(pairHash(a.NamePlain, b, kind)%75))
	}
	return buf.Bytes()
}

// pairHash is a number that depends on a link's names and kind only.
func pairHash(a, b, kind string) uint64 {
	h := fnv.New64a()
	if b < a {
		a, b = b, a
	}
	h.Write([]byte(a + "|" + b + "|" + kind))
	return h.Sum64()
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
