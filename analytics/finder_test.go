package analytics

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// finderSnapshot: Qdorf (the city, DE-HE) has no links; Nachbarstadt, 7 km
// away, is partnered with Amiens (FR), with Dstadt (DE, 25 km) and, by a
// link about youth, with Lviv (UA). Corbie (FR) lies 15 km from Amiens and
// is linked to Kraków (PL) only. Fernstadt (DE-BY, 300 km) is partnered
// with Lyon.
func finderSnapshot() *graph.Snapshot {
	pl := func(a, b string, topics ...string) graph.Partnership {
		l := graph.Partnership{A: a, B: b, Kind: graph.KindPartnership, Topics: topics}
		l.Normalize()
		return l
	}
	de := func(ags, name, state string, pop int, lat, lon float64) graph.Municipality {
		return graph.Municipality{ID: "DE:" + ags, Name: name, Country: "DE", State: state, Population: pop, Lat: lat, Lon: lon, HasCoords: true}
	}
	abroad := func(id, name string, lat, lon float64) graph.Municipality {
		return graph.Municipality{ID: id, Name: name, Country: id[:2], Lat: lat, Lon: lon, HasCoords: true}
	}
	s := &graph.Snapshot{
		Version: 1,
		Municipalities: []graph.Municipality{
			de("06000001", "Qdorf", "DE-HE", 20000, 50, 8),
			de("06000002", "Nachbarstadt", "DE-HE", 30000, 50.05, 8.05),
			de("06000003", "Dstadt", "DE-HE", 25000, 50.2, 8.2),
			de("09000001", "Fernstadt", "DE-BY", 20000, 48.5, 11),
			abroad("FR:amiens", "Amiens", 49.894, 2.296),
			abroad("FR:corbie", "Corbie", 49.909, 2.509),
			abroad("FR:lyon", "Lyon", 45.76, 4.84),
			abroad("PL:krakow", "Kraków", 50.06, 19.94),
			abroad("UA:lviv", "Lviv", 49.84, 24.03),
		},
		Partnerships: []graph.Partnership{
			pl("DE:06000002", "FR:amiens"), pl("DE:06000002", "DE:06000003"), pl("DE:06000002", "UA:lviv", "SDG 11", "youth"),
			pl("FR:corbie", "PL:krakow"), pl("DE:09000001", "FR:lyon"),
		},
	}
	s.Sort()
	return s
}

func finderIDs(cs []Candidate) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID
	}
	return out
}

func TestFinder(t *testing.T) {
	p := NewProjection(finderSnapshot())
	q := *p.Node(0)
	if q.Name != "Qdorf" {
		t.Fatalf("node 0 is %s", q.Name)
	}
	find := func(t *testing.T, city graph.Municipality, opt RecommendOptions) Recommendation {
		t.Helper()
		rec, err := Find(p, city, opt)
		if err != nil {
			t.Fatal(err)
		}
		return rec
	}

	t.Run("abroad by default, neighbours' partners and places near them", func(t *testing.T) {
		rec := find(t, q, RecommendOptions{})
		// Amiens is a partner of the neighbour; Corbie lies 15 km from it
		// (half the weight); Lviv is the neighbour's partner too. Dstadt is
		// domestic, Lyon no neighbour's partner.
		if got, want := finderIDs(rec.Candidates), []string{"FR:amiens", "UA:lviv", "FR:corbie"}; !slices.Equal(got, want) || rec.Where != WhereAbroad {
			t.Fatalf("candidates %v where %s, want %v abroad", got, rec.Where, want)
		}
		dn := gazetteer.Distance(50, 8, 50.05, 8.05)
		wn := 1 / (1 + (dn/NeighbourScale)*(dn/NeighbourScale))
		am, co := rec.Candidates[0], rec.Candidates[2]
		dc := gazetteer.Distance(49.894, 2.296, 49.909, 2.509)
		if !recClose(am.Parts.Neighbours, wn) || !recClose(co.Parts.Neighbours, wn/(1+(dc/AroundScale)*(dc/AroundScale))) {
			t.Errorf("neighbour parts %v %v, want %v and %v", am.Parts.Neighbours, co.Parts.Neighbours, wn, wn/(1+(dc/AroundScale)*(dc/AroundScale)))
		}
		// DE-HE's partners: Amiens, Dstadt twice (both ends in DE-HE), Lviv: FR 1 of 4.
		if am.CountryShare != 0.25 || am.CountryBase != 4 || !recClose(am.Parts.Country, 0.5*0.25) {
			t.Errorf("Amiens country share %v of %d, part %v", am.CountryShare, am.CountryBase, am.Parts.Country)
		}
		if !strings.HasPrefix(am.Reason, "partner of your neighbour Nachbarstadt (7 km)") ||
			!strings.HasPrefix(co.Reason, "near Amiens (15 km), partner of your neighbour Nachbarstadt (7 km)") {
			t.Errorf("reasons %q, %q", am.Reason, co.Reason)
		}
	})

	t.Run("domestic", func(t *testing.T) {
		rec := find(t, q, RecommendOptions{Where: WhereDomestic})
		// Dstadt is the neighbour's partner; the neighbour itself lies 18 km from it.
		if got := finderIDs(rec.Candidates); !slices.Equal(got, []string{"DE:06000003", "DE:06000002"}) {
			t.Errorf("domestic candidates %v, want Dstadt, Nachbarstadt", got)
		}
	})

	t.Run("a place not in the graph", func(t *testing.T) {
		// A municipality from the gazetteer, next door to Nachbarstadt.
		m := graph.Municipality{ID: "DE:06000099", Name: "Neudorf", Country: "DE", State: "DE-HE", Population: 5000, Lat: 50.06, Lon: 8.06, HasCoords: true}
		rec := find(t, m, RecommendOptions{Top: 1})
		if got := finderIDs(rec.Candidates); !slices.Equal(got, []string{"FR:amiens"}) {
			t.Errorf("candidates %v, want Amiens", got)
		}
	})

	t.Run("region groups, countries and topics", func(t *testing.T) {
		eap, ok := LookupRegionGroup("Östliche Partnerschaft")
		if !ok || eap.Code != "EAP" {
			t.Fatalf("Eastern Partnership: %+v %v", eap, ok)
		}
		if got := finderIDs(find(t, q, RecommendOptions{Countries: eap.Countries}).Candidates); !slices.Equal(got, []string{"UA:lviv"}) {
			t.Errorf("EAP candidates %v", got)
		}
		if got := finderIDs(find(t, q, RecommendOptions{Topics: []string{"Ziel 11", "youth"}, TopicMatch: TopicsAll}).Candidates); !slices.Equal(got, []string{"UA:lviv"}) {
			t.Errorf("topics all: %v", got)
		}
		if got := finderIDs(find(t, q, RecommendOptions{Topics: []string{"sdg-11", "climate"}}).Candidates); !slices.Equal(got, []string{"UA:lviv"}) {
			t.Errorf("topics any: %v", got)
		}
		if got := finderIDs(find(t, q, RecommendOptions{Topics: []string{"youth", "climate"}, TopicMatch: TopicsAll}).Candidates); len(got) != 0 {
			t.Errorf("topics all with climate: %v", got)
		}
	})

	t.Run("empty answer says why and gives the nearest alternative", func(t *testing.T) {
		rec := find(t, q, RecommendOptions{Country: "PL"})
		if len(rec.Candidates) != 0 || !strings.Contains(rec.Why, "no place abroad, in PL shares") {
			t.Fatalf("PL: %v, why %q", finderIDs(rec.Candidates), rec.Why)
		}
		if a := rec.Alternative; a == nil || a.Dropped != "countries PL" || a.Candidate.ID != "FR:amiens" {
			t.Errorf("alternative %+v", rec.Alternative)
		}
		far := graph.Municipality{ID: "XX:nowhere", Name: "Nowhere", Country: "XX"}
		if rec := find(t, far, RecommendOptions{}); !strings.Contains(rec.Why, "nothing to go on") || rec.Alternative != nil {
			t.Errorf("nowhere: %q %+v", rec.Why, rec.Alternative)
		}
	})

	t.Run("pair score", func(t *testing.T) {
		lyon := *p.Node(mustIndex(t, p, "FR:lyon"))
		c, err := PairScore(p, q, lyon, RecommendOptions{})
		if err != nil {
			t.Fatal(err)
		}
		// Lyon shares nothing: country share, size (unknown) and distance only.
		d := gazetteer.Distance(50, 8, 45.76, 4.84)
		if c.Parts.Neighbours != 0 || c.Parts.AdamicAdar != 0 || !recClose(c.Parts.Distance, 0.25/(1+d/DistanceScale)) || !recClose(c.Score, c.Parts.Country+c.Parts.Distance) {
			t.Errorf("Qdorf-Lyon %+v", c)
		}
		n := *p.Node(mustIndex(t, p, "DE:06000002"))
		am := *p.Node(mustIndex(t, p, "FR:amiens"))
		c, err = PairScore(p, n, am, RecommendOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if !c.Partner || c.Parts.Neighbours != 0 || !strings.HasPrefix(c.Reason, "already partners") {
			t.Errorf("Nachbarstadt-Amiens %+v", c)
		}
		if _, err := PairScore(p, n, n, RecommendOptions{}); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("a place with itself: %v", err)
		}
	})

	t.Run("same answer every time", func(t *testing.T) {
		a, b := find(t, q, RecommendOptions{}), find(t, q, RecommendOptions{})
		for i := range a.Candidates {
			if a.Candidates[i].Score != b.Candidates[i].Score || math.IsNaN(a.Candidates[i].Score) {
				t.Fatalf("run to run: %v vs %v", a.Candidates[i].Score, b.Candidates[i].Score)
			}
		}
	})
}

func mustIndex(t *testing.T, p *Projection, id string) int32 {
	t.Helper()
	i, ok := p.IndexOf(id)
	if !ok {
		t.Fatalf("no %s", id)
	}
	return i
}

func TestRegionGroups(t *testing.T) {
	seen := map[string]bool{}
	for _, g := range RegionGroups() {
		if seen[g.Code] || len(g.Countries) == 0 || !slices.IsSorted(g.Countries) || g.Note == "" {
			t.Errorf("group %s: duplicate, empty, unsorted or without a note", g.Code)
		}
		seen[g.Code] = true
		for _, c := range g.Countries {
			if len(c) != 2 || strings.ToUpper(c) != c {
				t.Errorf("group %s: country %q", g.Code, c)
			}
		}
		for _, name := range append([]string{g.Code, g.Name}, g.Aliases...) {
			if got, ok := LookupRegionGroup(name); !ok || got.Code != g.Code {
				t.Errorf("LookupRegionGroup(%q) = %s, %v; want %s", name, got.Code, ok, g.Code)
			}
		}
	}
	if eu, _ := LookupRegionGroup("eu"); len(eu.Countries) != 27 {
		t.Errorf("EU has %d countries", len(eu.Countries))
	}
	if _, ok := LookupRegionGroup("Atlantis"); ok {
		t.Error("Atlantis found")
	}
}
