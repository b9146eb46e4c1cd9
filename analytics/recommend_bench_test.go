package analytics

import (
	"context"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// benchCities picks two German places of the synthetic graph: the one with
// the most partners (the worst case: partners of partners reach far) and
// one with three.
func benchCities(p *Projection) (hub, typical string) {
	best := -1
	for i := range p.nodes {
		if p.nodes[i].Country != "DE" {
			continue
		}
		d := p.Degree(int32(i))
		if d > best {
			best, hub = d, p.nodes[i].ID
		}
		if d == 3 && typical == "" {
			typical = p.nodes[i].ID
		}
	}
	return hub, typical
}

// BenchmarkRecommend scores candidates on a synthetic graph of 25,900 links
// (the size of the real twin-city graph), computing afresh every time.
func BenchmarkRecommend(b *testing.B) {
	p := NewProjection(benchSnapshot(b, 25900))
	hub, typical := benchCities(p)
	opt := RecommendOptions{Top: 10, Today: graph.NewDate(2026, 1, 1)}
	for _, tc := range []struct{ name, city string }{{"hub", hub}, {"degree3", typical}} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				c, err := Recommend(p, tc.city, opt)
				if err != nil || len(c) == 0 {
					b.Fatalf("%s: %d candidates, %v", tc.city, len(c), err)
				}
			}
		})
	}
}

// BenchmarkRecommendCached is the repeated request: the first call fills
// the cache (outside the timer), every further one is a lookup.
func BenchmarkRecommendCached(b *testing.B) {
	p := NewProjection(benchSnapshot(b, 25900))
	hub, _ := benchCities(p)
	opt := RecommendOptions{Top: 10, Today: graph.NewDate(2026, 1, 1)}
	c := NewCache(0)
	ctx := context.Background()
	get := func() ([]Candidate, error) {
		return Cached(ctx, c, p, "recommend:"+hub, opt, func() ([]Candidate, error) { return Recommend(p, hub, opt) })
	}
	if _, err := get(); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if cands, err := get(); err != nil || len(cands) == 0 {
			b.Fatal(err)
		}
	}
	if st := c.Stats(); st.Computations != 1 {
		b.Fatalf("%d computations, want 1", st.Computations)
	}
}

// BenchmarkCoverage computes the coverage tables on the synthetic
// 25,900-link graph against the full directory (10,800 municipalities).
func BenchmarkCoverage(b *testing.B) {
	p := NewProjection(benchSnapshot(b, 25900))
	d, err := gazetteer.LoadGermany()
	if err != nil {
		b.Fatal(err)
	}
	dir := d.All()
	b.Run("state", func(b *testing.B) {
		for b.Loop() {
			CoverageByState(p, dir, CoverageOptions{})
		}
	})
	b.Run("kreis", func(b *testing.B) {
		for b.Loop() {
			CoverageByKreis(p, dir, CoverageOptions{})
		}
	})
	b.Run("country", func(b *testing.B) {
		for b.Loop() {
			CoverageByCountry(p, dir, CoverageOptions{})
		}
	})
	b.Run("year", func(b *testing.B) {
		for b.Loop() {
			CoverageByYear(p, dir, CoverageOptions{PartnerCountry: "AA"}, 1990, 0)
		}
	})
}

// BenchmarkFinder times what the partner finder added, on the synthetic
// graph of 25,900 links and 17,717 places: a German place without links,
// one pair, an empty answer with its nearest alternative (a search per
// filter dropped), and the data version (DataHash, once per projection):
//
//	go test ./analytics -run XXX -bench Finder -benchtime 3x -count 3
func BenchmarkFinder(b *testing.B) {
	p := NewProjection(benchSnapshot(b, 25900))
	hub, typical := benchCities(p)
	opt := RecommendOptions{Top: 10, Today: graph.NewDate(2026, 1, 1)}
	d, err := gazetteer.LoadGermany()
	if err != nil {
		b.Fatal(err)
	}
	var outside graph.Municipality // a German municipality not in the graph
	for _, g := range d.All() {
		if _, ok := p.IndexOf("DE:" + g.AGS); !ok && g.Population > 10000 {
			outside = d.Municipality(g)
			break
		}
	}
	h, _ := p.IndexOf(hub)
	ty, _ := p.IndexOf(typical)
	b.Run("notInGraph", func(b *testing.B) {
		for b.Loop() {
			if _, err := Find(p, outside, opt); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("pairScore", func(b *testing.B) {
		for b.Loop() {
			if _, err := PairScore(p, p.nodes[h], p.nodes[ty], opt); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("emptyWithAlternative", func(b *testing.B) {
		o := opt
		o.Countries = []string{"JP"}
		for b.Loop() {
			rec, err := Find(p, p.nodes[h], o)
			if err != nil || len(rec.Candidates) != 0 || rec.Alternative == nil {
				b.Fatalf("%+v %v", rec, err)
			}
		}
	})
	b.Run("dataHash", func(b *testing.B) {
		for b.Loop() {
			_ = DataHash(p)
		}
	})
}
