package analytics

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// benchSnapshot returns SyntheticTwinGraph(links, 1) dressed like real
// data: two places in five are German municipalities (AGS, Land, Kreis,
// population and position from the built-in directory, picked at random),
// the others spread over 30 countries; links have a start year between 1950
// and 2024, one in twenty has ended, one in six carries one or two of ten
// topics; five networks of 300 members each.
func benchSnapshot(tb testing.TB, links int) *graph.Snapshot {
	tb.Helper()
	s := SyntheticTwinGraph(links, 1)
	d, err := gazetteer.LoadGermany()
	if err != nil {
		tb.Fatal(err)
	}
	dir := d.All()
	rnd := rand.New(rand.NewPCG(7, 11))
	for i := range s.Municipalities {
		m := &s.Municipalities[i]
		if i%5 < 2 {
			g := dir[rnd.IntN(len(dir))]
			m.Country, m.AGS, m.State, m.KreisCode, m.Kreis = "DE", g.AGS, g.State, g.KreisCode, g.Kreis
			m.Population, m.Lat, m.Lon, m.HasCoords = g.Population, g.Lat, g.Lon, true
			continue
		}
		m.Country = fmt.Sprintf("%c%c", 'A'+rnd.IntN(6), 'A'+rnd.IntN(5))
		m.Population = 1000 + rnd.IntN(2000000)
		m.Lat, m.Lon, m.HasCoords = 35+rnd.Float64()*30, -10+rnd.Float64()*50, true
	}
	topics := []string{"climate", "youth", "migration", "digital", "culture", "SDG11", "SDG13", "SDG4", "peace", "water"}
	for i := range s.Partnerships {
		l := &s.Partnerships[i]
		l.Since = graph.NewDate(1950+rnd.IntN(75), 0, 0)
		if rnd.IntN(20) == 0 {
			l.Until = graph.NewDate(l.Since.Year+1+rnd.IntN(10), 0, 0)
			l.Status = graph.StatusEnded
		}
		if rnd.IntN(6) == 0 {
			l.Topics = []string{topics[rnd.IntN(len(topics))]}
			if rnd.IntN(2) == 0 {
				l.Topics = append(l.Topics, topics[rnd.IntN(len(topics))])
			}
			l.Normalize()
		}
	}
	for k := range 5 {
		id := fmt.Sprintf("network-%d", k)
		s.Networks = append(s.Networks, graph.Network{ID: id, Name: fmt.Sprintf("Network %d", k)})
		for range 300 {
			m := s.Municipalities[rnd.IntN(len(s.Municipalities))]
			s.Memberships = append(s.Memberships, graph.Membership{Municipality: m.ID, Network: id})
		}
	}
	return s
}

// BenchmarkNewProjection builds the projection of synthetic twin-city
// graphs; the issue asks for well under a second at 100,000 links.
func BenchmarkNewProjection(b *testing.B) {
	for _, links := range []int{25900, 100000} {
		s := SyntheticTwinGraph(links, 1)
		b.Run(fmt.Sprintf("links=%d", links), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p := NewProjection(s)
				if p.M() == 0 {
					b.Fatal("empty projection")
				}
			}
		})
	}
}

// BenchmarkNewProjection100k is the figure on its own.
func BenchmarkNewProjection100k(b *testing.B) {
	s := SyntheticTwinGraph(100000, 1)
	b.ReportAllocs()
	for b.Loop() {
		NewProjection(s)
	}
}

// BenchmarkView100k filters a 100,000-link projection: the graph as of a
// date, and one Land.
func BenchmarkView100k(b *testing.B) {
	p := NewProjection(benchSnapshot(b, 100000))
	for _, tc := range []struct {
		name string
		f    Filter
	}{
		{"asof", Filter{AsOf: graph.NewDate(2000, 0, 0)}},
		{"state", Filter{States: []string{"DE-NW"}}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.View(tc.f)
			}
		})
	}
}
