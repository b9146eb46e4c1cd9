package analytics

import (
	"math"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/internal/fixture"
)

// TestBrokerageGolden compares effective size and constraint with
// NetworkX on the P190 graph (testdata/p190_networkx_brokerage.json.gz,
// scripts/golden_networkx_brokerage.py: a sample of 600 places, the 20
// best linked, Mannheim and Kyiv) to 1e-9 relative.
func TestBrokerageGolden(t *testing.T) {
	s, err := fixture.P190("testdata")
	if err != nil {
		t.Fatal(err)
	}
	p := NewProjection(s)
	var golden struct {
		Constraint    map[string]float64 `json:"constraint"`
		EffectiveSize map[string]float64 `json:"effectiveSize"`
	}
	readGzipJSON(t, "testdata/p190_networkx_brokerage.json.gz", &golden)
	for name, tc := range map[string]struct {
		got  []float64
		want map[string]float64
	}{
		"constraint":    {Constraint(p), golden.Constraint},
		"effectiveSize": {EffectiveSize(p), golden.EffectiveSize},
	} {
		checked, bad := 0, 0
		for id, w := range tc.want {
			i, ok := p.IndexOf(id)
			if !ok {
				t.Errorf("%s: %s not in the graph", name, id)
				continue
			}
			if g := tc.got[i]; math.Abs(g-w) > 1e-9*math.Max(1, math.Abs(w)) {
				if bad < 5 {
					t.Errorf("%s %s: %v, NetworkX %v", name, id, g, w)
				}
				bad++
			}
			checked++
		}
		if checked < 600 {
			t.Errorf("%s: checked %d places", name, checked)
		}
	}
}

// TestParticipation checks the participation coefficient by hand: a star
// with partners in two countries, 2 and 1.
func TestParticipation(t *testing.T) {
	s := &graph.Snapshot{Municipalities: []graph.Municipality{
		{ID: "DE:1", Country: "DE"}, {ID: "PL:a", Country: "PL"}, {ID: "PL:b", Country: "PL"}, {ID: "UA:c", Country: "UA"}, {ID: "UA:d", Country: "UA"},
	}}
	for _, b := range []string{"PL:a", "PL:b", "UA:c"} {
		s.Partnerships = append(s.Partnerships, graph.Partnership{A: "DE:1", B: b, Kind: graph.KindPartnership})
	}
	s.Sort()
	p := NewProjection(s)
	got := Participation(p, CountryGroups(p))
	if want := 1 - (4.0/9 + 1.0/9); math.Abs(got[0]-want) > 1e-15 || got[1] != 0 || !math.IsNaN(got[4]) {
		t.Errorf("participation %v, want %v for DE:1, 0 for PL:a, NaN for UA:d", got, want)
	}
	// The star: no links among the partners, effective size 3, constraint 3 (1/3)² = 1/3.
	if es, c := EffectiveSize(p), Constraint(p); es[0] != 3 || math.Abs(c[0]-1.0/3) > 1e-15 || es[1] != 1 || c[1] != 1 {
		t.Errorf("effective size %v, constraint %v", es, c)
	}
}

// BenchmarkBrokerage times the brokerage measures on the synthetic graph
// of 17,717 places and 25,900 links:
//
//	go test ./analytics -run XXX -bench Brokerage -benchtime 3x -count 3
func BenchmarkBrokerage(b *testing.B) {
	p := NewProjection(benchSnapshot(b, 25900))
	groups := CountryGroups(p)
	b.Run("effectiveSize", func(b *testing.B) {
		for b.Loop() {
			EffectiveSize(p)
		}
	})
	b.Run("constraint", func(b *testing.B) {
		for b.Loop() {
			Constraint(p)
		}
	})
	b.Run("participationCountries", func(b *testing.B) {
		for b.Loop() {
			Participation(p, groups)
		}
	})
}
