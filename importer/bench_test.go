package importer

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
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
	canon := map[string]string{"P": "P", "Partnerschaft": "P", "F": "F", "friendship": "F", "K": "K", "PP": "PP"}
	for range n {
		g := all[germans[rng.IntN(len(germans))]]
		fmt.Fprintf(&b, "%s,Germany,%s,%s,", g.NamePlain, coord(g.Lat), coord(g.Lon))
		var other string
		if rng.IntN(5) == 0 { // a German partner
			h := all[germans[rng.IntN(len(germans))]]
			for h.AGS == g.AGS {
				h = all[germans[rng.IntN(len(germans))]]
			}
			other = h.NamePlain
			fmt.Fprintf(&b, "%s,Deutschland,%s,%s,", h.NamePlain, coord(h.Lat), coord(h.Lon))
		} else { // a foreign one, its coordinates varying from row to row
			f := rng.IntN(n/4 + 1)
			other = "Town " + strconv.Itoa(f)
			fmt.Fprintf(&b, "Town %d,\"%s\",%s,%s,", f, countries[f%len(countries)], coord(35+rng.Float64()*25), coord(rng.Float64()*40))
		}
		kind := kinds[rng.IntN(len(kinds))]
		b.WriteString(kind + ",")
		// A link named twice has one start (a file states each link once),
		// in one of three forms.
		h := linkHash(g.NamePlain, other, canon[kind])
		year, month, day := 1950+int(h%75), 1+int(h/75%12), 1+int(h/900%28)
		switch h / 25200 % 3 {
		case 0:
			fmt.Fprintf(&b, "%d\n", year)
		case 1:
			fmt.Fprintf(&b, "%02d.%d\n", month, year)
		default:
			fmt.Fprintf(&b, "%d-%02d-%02d\n", year, month, day)
		}
	}
	return b.Bytes()
}

// linkHash is a number that depends on a link's names and kind only.
func linkHash(a, b, kind string) uint64 {
	if b < a {
		a, b = b, a
	}
	h := fnv.New64a()
	h.Write([]byte(a + "|" + b + "|" + kind))
	return h.Sum64()
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
