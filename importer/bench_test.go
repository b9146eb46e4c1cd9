package importer

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
)

// pairList writes a synthetic pair list of n rows: a German municipality
// (name and coordinates, so same-named places resolve) linked to another
// German one (a fifth of the rows) or to one of about n/4 foreign towns in
// 40 countries spelled in several ways, with coordinates, a kind and a date.
func pairList(tb testing.TB, im *Importer, n int) []byte {
	tb.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	all := im.ref.Directory().All()
	germans := make([]int, 3000)
	for i := range germans {
		germans[i] = rng.IntN(len(all))
	}
	countries := []string{"France", "Frankreich", "FR", "Polen", "Poland", "POL", "Italien", "Italy", "Ukraine", "UA",
		"Vereinigtes Königreich", "England", "Wales, United Kingdom", "USA", "Vereinigte Staaten von Amerika", "Türkei",
		"Turkey", "Österreich", "Austria", "Ungarn", "Hungary", "Tschechien", "Czech Republic", "Niederlande",
		"the Netherlands", "Belgien", "Belgium", "Spanien", "Spain", "Russland", "Russia", "China", "Israel",
		"Westjordanland", "Litauen", "Lithuania", "Georgia (country)", "Japan", "Brasilien", "Kanada"}
	kinds := []string{"P", "F", "K", "PP", "Partnerschaft", "friendship"}
	var b bytes.Buffer
	b.WriteString("city_a,country_a,lat_a,lon_a,city_b,country_b,lat_b,lon_b,kind,since\n")
	coord := func(v float64) string { return strconv.FormatFloat(v, 'f', 4, 64) }
	for range n {
		g := all[germans[rng.IntN(len(germans))]]
		fmt.Fprintf(&b, "%s,Germany,%s,%s,", g.NamePlain, coord(g.Lat), coord(g.Lon))
		if rng.IntN(5) == 0 { // a German partner
			h := all[germans[rng.IntN(len(germans))]]
			for h.AGS == g.AGS {
				h = all[germans[rng.IntN(len(germans))]]
			}
			fmt.Fprintf(&b, "%s,Deutschland,%s,%s,", h.NamePlain, coord(h.Lat), coord(h.Lon))
		} else { // a foreign one, its coordinates varying from row to row
			f := rng.IntN(n/4 + 1)
			fmt.Fprintf(&b, "Town %d,\"%s\",%s,%s,", f, countries[f%len(countries)], coord(35+rng.Float64()*25), coord(rng.Float64()*40))
		}
		b.WriteString(kinds[rng.IntN(len(kinds))] + ",")
		switch rng.IntN(3) {
		case 0:
			fmt.Fprintf(&b, "%d\n", 1950+rng.IntN(75))
		case 1:
			fmt.Fprintf(&b, "%02d.%d\n", 1+rng.IntN(12), 1950+rng.IntN(75))
		default:
			fmt.Fprintf(&b, "%d-%02d-%02d\n", 1950+rng.IntN(75), 1+rng.IntN(12), 1+rng.IntN(28))
		}
	}
	return b.Bytes()
}

// BenchmarkReadPairs100k reads and resolves a synthetic 100,000-row pair
// list into a batch (no store).
func BenchmarkReadPairs100k(b *testing.B) {
	im := newImporter(b)
	const rows = 100_000
	in := pairList(b, im, rows)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	b.ResetTimer()
	var links int
	for b.Loop() {
		res, err := im.Read(context.Background(), "pairs.csv", bytes.NewReader(in), Options{Size: int64(len(in))})
		if err != nil {
			b.Fatal(err)
		}
		if res.Rows != rows {
			b.Fatalf("%d rows, want %d", res.Rows, rows)
		}
		links = len(res.Batch.Partnerships)
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(links), "links")
}
