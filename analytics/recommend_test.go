package analytics

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// recSnapshot is the graph the recommendation tests score. Xstadt (the
// city, 100,000 inhabitants at 50N 8E) has two active partners, Lublin and
// Windsor, and one ended link, to Frome:
//
//	L1 Xstadt - Lublin   topics climate, youth
//	L2 Xstadt - Windsor  topic SDG11
//	L3 Kandel - Lublin
//	L4 Kandel - Windsor
//	L5 Mons   - Lublin
//	L6 Xstadt - Frome    until 2010 (ended)
//	L7 Frome  - Windsor
//	L8 Lublin - Zagreb   status ENDED
//	L9 Tartu  - Oslo     topic climate
//
// Lublin and Windsor each have three active partners. Xstadt, Kandel and
// Essen are in Eurocities; Xstadt was in ICLEI until 2015, Kandel still is.
func recSnapshot() *graph.Snapshot {
	pl := func(a, b string) graph.Partnership {
		l := graph.Partnership{A: a, B: b, Kind: graph.KindPartnership}
		l.Normalize()
		return l
	}
	l1, l2, l6, l8, l9 := pl("DE:00000001", "PL:lublin"), pl("DE:00000001", "GB:windsor"), pl("DE:00000001", "GB:frome"), pl("HR:zagreb", "PL:lublin"), pl("EE:tartu", "NO:oslo")
	l1.Topics, l2.Topics, l9.Topics = []string{"climate", "youth"}, []string{"SDG11"}, []string{"climate"}
	l6.Until = graph.NewDate(2010, 0, 0)
	l8.Status = graph.StatusEnded
	s := &graph.Snapshot{
		Version: 3,
		Municipalities: []graph.Municipality{
			{ID: "BE:mons", Name: "Mons", Country: "BE"},
			{ID: "DE:00000001", Name: "Xstadt", Country: "DE", State: "DE-HE", Population: 100000, Lat: 50, Lon: 8, HasCoords: true},
			{ID: "DE:00000002", Name: "Kandel", Country: "DE", State: "DE-RP", Population: 50000, Lat: 50, Lon: 9, HasCoords: true},
			{ID: "DE:00000003", Name: "Essen", Country: "DE", State: "DE-NW", Population: 100000, Lat: 51, Lon: 8, HasCoords: true},
			{ID: "EE:tartu", Name: "Tartu", Country: "EE"},
			{ID: "GB:frome", Name: "Frome", Country: "GB"},
			{ID: "GB:windsor", Name: "Windsor", Country: "GB"},
			{ID: "HR:zagreb", Name: "Zagreb", Country: "HR"},
			{ID: "NO:oslo", Name: "Oslo", Country: "NO"},
			{ID: "PL:lublin", Name: "Lublin", Country: "PL"},
		},
		Partnerships: []graph.Partnership{l1, l2, pl("DE:00000002", "PL:lublin"), pl("DE:00000002", "GB:windsor"),
			pl("BE:mons", "PL:lublin"), l6, pl("GB:frome", "GB:windsor"), l8, l9},
		Networks: []graph.Network{{ID: "eurocities", Name: "Eurocities"}, {ID: "iclei", Name: "ICLEI"}},
		Memberships: []graph.Membership{
			{Municipality: "DE:00000001", Network: "eurocities"},
			{Municipality: "DE:00000001", Network: "iclei", Until: graph.NewDate(2015, 0, 0)},
			{Municipality: "DE:00000002", Network: "eurocities"},
			{Municipality: "DE:00000002", Network: "iclei"},
			{Municipality: "DE:00000003", Network: "eurocities"},
		},
	}
	s.Sort()
	return s
}

func recClose(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(b)) }

// recWant is what a test expects of a candidate.
type recWant struct {
	id     string
	parts  ScoreParts
	reason string
}

func recCheck(t *testing.T, got []Candidate, want []recWant) {
	t.Helper()
	if len(got) != len(want) {
		ids := []string{}
		for _, c := range got {
			ids = append(ids, c.ID+" "+c.Reason)
		}
		t.Fatalf("got %d candidates %q, want %d", len(got), ids, len(want))
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.id || g.Reason != w.reason {
			t.Errorf("candidate %d: got %s %q, want %s %q", i, g.ID, g.Reason, w.id, w.reason)
		}
		gp, wp := g.Parts, w.parts
		if !recClose(gp.AdamicAdar, wp.AdamicAdar) || !recClose(gp.ResourceAllocation, wp.ResourceAllocation) ||
			!recClose(gp.Networks, wp.Networks) || !recClose(gp.Topics, wp.Topics) ||
			!recClose(gp.Neighbours, wp.Neighbours) || !recClose(gp.Country, wp.Country) ||
			!recClose(gp.Size, wp.Size) || !recClose(gp.Distance, wp.Distance) {
			t.Errorf("candidate %s: parts %+v, want %+v", w.id, gp, wp)
		}
		sum := wp.AdamicAdar + wp.ResourceAllocation + wp.Neighbours + wp.Networks + wp.Topics + wp.Country + wp.Size + wp.Distance
		if !recClose(g.Score, sum) {
			t.Errorf("candidate %s: score %v, want %v", w.id, g.Score, sum)
		}
	}
}

// classicWeights are the weights before the neighbourhood and country
// parts: TestRecommend checks the classic parts alone.
var classicWeights = Weights{AdamicAdar: 1, ResourceAllocation: 1, Networks: 0.5, Topics: 1, Size: 0.25, Distance: 0.25}

// classic returns o with the classic weights (unless o has its own) and
// candidates anywhere (unless o says where).
func classic(o RecommendOptions) RecommendOptions {
	if o.Weights == nil {
		o.Weights = &classicWeights
	}
	if o.Where == "" {
		o.Where = WhereAny
	}
	return o
}

func TestRecommend(t *testing.T) {
	p := NewProjection(recSnapshot())
	ln3 := math.Log(3)
	dK := gazetteer.Distance(50, 8, 50, 9) // Kandel, about 71.5 km
	dE := gazetteer.Distance(50, 8, 51, 8) // Essen, about 111.2 km
	if math.Round(dK) != 71 || math.Round(dE) != 111 {
		t.Fatalf("distances %v %v: the fixture assumes 71 and 111 km", dK, dE)
	}
	kandel := recWant{"DE:00000002", ScoreParts{AdamicAdar: 2 / ln3, ResourceAllocation: 2.0 / 3, Networks: 0.5,
		Size: 0.25 * 0.5, Distance: 0.25 / (1 + dK/500)},
		"partner of your partners Lublin and Windsor; both in Eurocities; similar size (100,000 and 50,000 inhabitants); 71 km away"}
	mons := recWant{"BE:mons", ScoreParts{AdamicAdar: 1 / ln3, ResourceAllocation: 1.0 / 3}, "partner of your partner Lublin"}
	frome := recWant{"GB:frome", ScoreParts{AdamicAdar: 1 / ln3, ResourceAllocation: 1.0 / 3}, "former partner; partner of your partner Windsor"}
	essen := recWant{"DE:00000003", ScoreParts{Networks: 0.5, Size: 0.25, Distance: 0.25 / (1 + dE/500)},
		"both in Eurocities; similar size (100,000 and 100,000 inhabitants); 111 km away"}
	// The city's topics are climate, SDG11 and youth; Tartu and Oslo have climate.
	tartu := recWant{"EE:tartu", ScoreParts{Topics: 1.0 / 3}, "both work on climate"}
	oslo := recWant{"NO:oslo", ScoreParts{Topics: 1.0 / 3}, "both work on climate"}

	got, err := Recommend(p, "DE:00000001", classic(RecommendOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	// Mons and Frome tie and go by ID; Zagreb (only an ENDED link) is no candidate.
	recCheck(t, got, []recWant{kandel, mons, frome, essen, tartu, oslo})
	if got[2].FormerPartner != true || got[0].FormerPartner {
		t.Errorf("former partner flags: %v %v", got[0].FormerPartner, got[2].FormerPartner)
	}
	if want := []Ref{{"PL:lublin", "Lublin"}, {"GB:windsor", "Windsor"}}; !reflect.DeepEqual(got[0].CommonPartners, want) {
		t.Errorf("Kandel's common partners %v, want %v", got[0].CommonPartners, want)
	}
	if got[0].DistanceKm == nil || *got[0].DistanceKm != dK || got[1].DistanceKm != nil {
		t.Errorf("distances: %v, %v", got[0].DistanceKm, got[1].DistanceKm)
	}

	t.Run("filters", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			opt  RecommendOptions
			want []recWant
		}{
			{"top", RecommendOptions{Top: 2}, []recWant{kandel, mons}},
			{"country", RecommendOptions{Country: "DE"}, []recWant{kandel, essen}},
			{"state", RecommendOptions{State: "DE-RP"}, []recWant{kandel}},
			{"min population", RecommendOptions{MinPopulation: 60000}, []recWant{essen}},
			{"max population", RecommendOptions{MaxPopulation: 60000}, []recWant{kandel}},
			{"topic", RecommendOptions{Topics: []string{"climate"}}, []recWant{
				{"EE:tartu", ScoreParts{Topics: 1}, "works on climate"},
				{"NO:oslo", ScoreParts{Topics: 1}, "works on climate"}}},
			{"no match", RecommendOptions{Country: "JP"}, []recWant{}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				got, err := Recommend(p, "DE:00000001", classic(tc.opt))
				if err != nil {
					t.Fatal(err)
				}
				recCheck(t, got, tc.want)
			})
		}
	})

	t.Run("today", func(t *testing.T) {
		// In 2005 the link to Frome and the ICLEI membership still ran:
		// Frome is a partner, Windsor has the same three partners, and
		// Kandel shares two networks.
		got, err := Recommend(p, "DE:00000001", classic(RecommendOptions{Today: graph.NewDate(2005, 0, 0), Top: 2}))
		if err != nil {
			t.Fatal(err)
		}
		k := kandel
		k.parts.Networks = 1
		k.reason = "partner of your partners Lublin and Windsor; both in Eurocities and ICLEI; similar size (100,000 and 50,000 inhabitants); 71 km away"
		recCheck(t, got, []recWant{k, mons})
	})

	t.Run("weights and distance", func(t *testing.T) {
		w := Weights{Distance: 1}
		got, err := Recommend(p, "DE:00000001", classic(RecommendOptions{Weights: &w, Distance: PreferFar, Country: "DE"}))
		if err != nil {
			t.Fatal(err)
		}
		recCheck(t, got, []recWant{
			{"DE:00000003", ScoreParts{Distance: dE / (dE + 500)}, essen.reason},
			{"DE:00000002", ScoreParts{Distance: dK / (dK + 500)}, kandel.reason},
		})
	})

	t.Run("errors", func(t *testing.T) {
		_, err := Recommend(p, "DE:99999999", RecommendOptions{})
		if graph.ErrorCode(err) != graph.ENOTFOUND {
			t.Errorf("unknown city: %v (code %s), want NOT_FOUND", err, graph.ErrorCode(err))
		}
		_, err = Recommend(p, "DE:00000001", RecommendOptions{Distance: "sideways"})
		if graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("bad distance preference: %v, want INVALID", err)
		}
	})

	t.Run("view", func(t *testing.T) {
		// Without the partnership kind nothing links: only networks and no topics remain.
		v := p.View(Filter{Kinds: []graph.Kind{graph.KindFriendship}})
		got, err := Recommend(v, "DE:00000001", classic(RecommendOptions{}))
		if err != nil {
			t.Fatal(err)
		}
		recCheck(t, got, []recWant{
			{"DE:00000003", essen.parts, essen.reason},
			{"DE:00000002", ScoreParts{Networks: 0.5, Size: 0.125, Distance: 0.25 / (1 + dK/500)},
				"both in Eurocities; similar size (100,000 and 50,000 inhabitants); 71 km away"},
		})
	})
}

func TestJoinNamesAndDigits(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want string
	}{
		{[]string{"A"}, "A"},
		{[]string{"A", "B"}, "A and B"},
		{[]string{"A", "B", "C"}, "A, B and C"},
		{[]string{"A", "B", "C", "D", "E"}, "A, B, C and 2 more"},
	} {
		if got := english.joinNames(tc.in, 3); got != tc.want {
			t.Errorf("joinNames(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got, want := german.joinNames([]string{"A", "B", "C", "D", "E"}, 3), "A, B, C und 2 weitere"; got != want {
		t.Errorf("German joinNames = %q, want %q", got, want)
	}
}

// The finder's sentences in German: the same candidates and scores, the
// reason and the empty answer's explanation and alternative in German,
// numbers with German digit groups.
func TestFinderSentencesInGerman(t *testing.T) {
	p := NewProjection(recSnapshot())
	ci, ok := p.IndexOf("DE:00000001")
	if !ok {
		t.Fatal("no Xstadt")
	}
	city := *p.Node(ci)
	en, err := Find(p, city, RecommendOptions{Top: 5})
	if err != nil {
		t.Fatal(err)
	}
	de, err := Find(p, city, RecommendOptions{Top: 5, Lang: LangGerman})
	if err != nil {
		t.Fatal(err)
	}
	if len(en.Candidates) == 0 || len(de.Candidates) != len(en.Candidates) {
		t.Fatalf("%d candidates in English, %d in German", len(en.Candidates), len(de.Candidates))
	}
	germanWords := []string{"Partner Ihres", "beide in", "beide arbeiten zu", "arbeitet zu", "km entfernt", "ähnliche Größe", "nahe", "teilt nichts"}
	englishWords := []string{"partner of your", "both in", "work on", "works on", "km away", "similar size", "near ", "shares nothing"}
	for i, c := range de.Candidates {
		e := en.Candidates[i]
		if c.ID != e.ID || c.Score != e.Score {
			t.Errorf("candidate %d: %s %.6f in German, %s %.6f in English", i, c.ID, c.Score, e.ID, e.Score)
		}
		if c.Reason == e.Reason || !containsAny(c.Reason, germanWords) || containsAny(c.Reason, englishWords) {
			t.Errorf("candidate %s: German reason %q (English %q)", c.ID, c.Reason, e.Reason)
		}
	}
	// An empty answer: a country no candidate lies in.
	none, err := Find(p, city, RecommendOptions{Top: 5, Country: "JP", Lang: LangGerman})
	if err != nil {
		t.Fatal(err)
	}
	if len(none.Candidates) != 0 || !strings.HasPrefix(none.Why, "kein Ort im Ausland, in JP teilt") {
		t.Errorf("empty answer in German: %d candidates, why %q", len(none.Candidates), none.Why)
	}
	if none.Alternative == nil || none.Alternative.Dropped != "Länder JP" {
		t.Errorf("alternative in German: %+v", none.Alternative)
	}
	if got := german.number(311831); got != "311.831" {
		t.Errorf("German number %q", got)
	}
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func ExampleRecommend() {
	p := NewProjection(recSnapshot())
	cands, err := Recommend(p, "DE:00000001", RecommendOptions{Top: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range cands {
		fmt.Printf("%s %.3f: %s\n", c.Name, c.Score, c.Reason)
	}
	// Output:
	// Frome 1.494: former partner; partner of your partner Windsor; GB has 50% of DE-HE's partners
	// Mons 1.244: partner of your partner Lublin
	// Tartu 0.333: both work on climate
}
