package resolvers_test

import (
	"math"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph/gazetteer"
)

type testPath struct {
	Rank, Length int
	Km           *float64
	Cities       []struct{ ID, Name string }
	Links        []struct{ Source, Target, Kind string }
}

func (p testPath) names() string {
	var out []string
	for _, c := range p.Cities {
		out = append(out, c.Name)
	}
	return strings.Join(out, " - ")
}

// The fixture: München, Berlin and Kyiv are linked with each other;
// Kyiv-Kharkiv (contact), Kharkiv-Neustadt (Hessen, no coordinates),
// München-Bordeaux, Köln-Odesa (ended).

func TestKShortestPathsQuery(t *testing.T) {
	e := newEnv(t)
	var res struct {
		KShortestPaths struct {
			From, To            struct{ ID string }
			K                   int
			By, Method          string
			Places, LinkedPairs int
			Paths               []testPath
		}
	}
	e.query(t, `{ kShortestPaths(from: "Munich", to: "Charkiw", k: 3) { from { id } to { id } k by method places linkedPairs
		paths { rank length km cities { id name } links { source target kind } } } }`, &res)
	ps := res.KShortestPaths
	if ps.From.ID != "DE:09162000" || ps.To.ID != "UA:kharkiv" || ps.K != 3 || ps.By != "LINKS" || !strings.Contains(ps.Method, "Yen") || ps.Places != 10 {
		t.Errorf("header %+v", ps)
	}
	if len(ps.Paths) != 2 || ps.Paths[0].names() != "München - Kyiv - Kharkiv" || ps.Paths[1].names() != "München - Berlin - Kyiv - Kharkiv" {
		t.Fatalf("paths %+v", ps.Paths)
	}
	second := ps.Paths[1]
	want := gazetteer.Distance(48.137, 11.575, 52.52, 13.405) + gazetteer.Distance(52.52, 13.405, 50.45, 30.523) + gazetteer.Distance(50.45, 30.523, 49.993, 36.23)
	if second.Rank != 2 || second.Length != 3 || second.Km == nil || math.Abs(*second.Km-want) > 1e-9 || second.Links[1].Kind != "FRIENDSHIP" {
		t.Errorf("second path %+v (want %v km)", second, want)
	}

	// A scope: the links of one kind; link indices are the view's.
	var scoped struct{ KShortestPaths struct{ Paths []testPath } }
	e.query(t, `{ kShortestPaths(from: "Berlin", to: "Bordeaux", scope: {kinds: [PARTNERSHIP, CONTACT]}) { paths { cities { name } links { kind source target } } } }`, &scoped)
	// (Berlin-Kyiv is a friendship: one path only.)
	if len(scoped.KShortestPaths.Paths) != 1 || scoped.KShortestPaths.Paths[0].names() != "Berlin - München - Bordeaux" ||
		scoped.KShortestPaths.Paths[0].Links[0].Kind != "CONTACT" || scoped.KShortestPaths.Paths[0].Links[1].Kind != "PARTNERSHIP" {
		t.Errorf("scoped %+v", scoped.KShortestPaths.Paths)
	}
	var none struct{ KShortestPaths struct{ Paths []testPath } }
	e.query(t, `{ kShortestPaths(from: "Köln", to: "Kyiv") { paths { length } } }`, &none)
	if none.KShortestPaths.Paths == nil || len(none.KShortestPaths.Paths) != 0 {
		t.Errorf("not connected: %+v", none.KShortestPaths.Paths)
	}
	for q, want := range map[string]string{
		`{ kShortestPaths(from: "München", to: "Kyiv", k: 0) { k } }`:                        "INVALID",
		`{ kShortestPaths(from: "München", to: "Kyiv", k: 101) { k } }`:                      "INVALID",
		`{ kShortestPaths(from: "München", to: "Nirgendwo") { k } }`:                         "NOT_FOUND",
		`{ kShortestPaths(from: "Kyiv", to: "DE:06435019", by: KM) { k } }`:                  "INVALID",
		`{ kShortestPaths(from: "Kyiv", to: "Kharkiv", scope: {countries: ["XYZ"]}) { k } }`: "INVALID",
	} {
		if errs := e.errs(t, q); code(errs[0]) != want {
			t.Errorf("%s: %+v, want %s", q, errs, want)
		}
	}
}

func TestCliquesQuery(t *testing.T) {
	e := newEnv(t)
	type groups struct {
		Analysis            string
		K                   *int
		MinSize, Count      int
		Places, LinkedPairs int
		Groups              []struct {
			Rank, Size int
			Members    []struct{ ID string }
			Countries  []struct {
				Key   string
				Count int
			}
		}
	}
	var res struct{ Cliques, CliqueCommunities groups }
	e.query(t, `{ cliques { analysis k minSize count places linkedPairs groups { rank size members { id } countries { key count } } }
		cliqueCommunities { analysis k minSize count groups { size members { id } } } }`, &res)
	c := res.Cliques
	if c.Analysis != "cliques" || c.K != nil || c.MinSize != 3 || c.Count != 1 || len(c.Groups) != 1 {
		t.Fatalf("cliques %+v", c)
	}
	g := c.Groups[0]
	if g.Rank != 1 || g.Size != 3 || g.Members[0].ID != "DE:09162000" || g.Members[1].ID != "DE:11000000" || g.Members[2].ID != "UA:kyiv" ||
		len(g.Countries) != 2 || g.Countries[0].Key != "DE" || g.Countries[0].Count != 2 {
		t.Errorf("the ring: %+v", g)
	}
	cc := res.CliqueCommunities
	if cc.Analysis != "clique-communities" || cc.K == nil || *cc.K != 3 || cc.Count != 1 || cc.Groups[0].Size != 3 {
		t.Errorf("communities %+v", cc)
	}
	var filtered struct{ A, B, C groups }
	e.query(t, `{ a: cliques(withCountries: ["FR"]) { count groups { size } }
		b: cliques(scope: {kinds: [PARTNERSHIP, FRIENDSHIP]}) { count }
		c: cliqueCommunities(k: 4) { count minSize } }`, &filtered)
	if filtered.A.Count != 0 || filtered.A.Groups == nil || filtered.B.Count != 0 || filtered.C.Count != 0 || filtered.C.MinSize != 4 {
		t.Errorf("filtered %+v", filtered)
	}
	for _, q := range []string{`{ cliques(minSize: 2) { count } }`, `{ cliqueCommunities(k: 2) { count } }`, `{ cliques(withCountries: ["Frankreich"]) { count } }`, `{ cliques(top: 6) { count } }`} {
		if errs := e.errs(t, q); code(errs[0]) != "INVALID" {
			t.Errorf("%s: %+v, want INVALID", q, errs)
		}
	}
}

func TestNearestByDistanceQuery(t *testing.T) {
	e := newEnv(t)
	type nearest struct {
		City               struct{ ID string }
		MinLinks, MaxLinks int
		Places             []struct {
			Rank  int
			City  struct{ ID string }
			Km    float64
			Route testPath
		}
	}
	var res struct{ A, B, C nearest }
	e.query(t, `{ a: nearestByDistance(city: "München") { city { id } minLinks maxLinks places { rank city { id } km route { length cities { name } links { kind } } } }
		b: nearestByDistance(city: "München", minLinks: 1, maxLinks: 0) { places { city { id } } }
		c: nearestByDistance(city: "München", minLinks: 1, inCountries: ["UA"], limit: 1) { places { city { id } } } }`, &res)
	a := res.A
	want := gazetteer.Distance(48.137, 11.575, 50.45, 30.523) + gazetteer.Distance(50.45, 30.523, 49.993, 36.23)
	if a.City.ID != "DE:09162000" || a.MinLinks != 2 || a.MaxLinks != 2 || len(a.Places) != 1 || a.Places[0].City.ID != "UA:kharkiv" ||
		math.Abs(a.Places[0].Km-want) > 1e-9 || a.Places[0].Route.names() != "München - Kyiv - Kharkiv" || a.Places[0].Route.Links[1].Kind != "CONTACT" {
		t.Errorf("partners of partners %+v", a)
	}
	var all []string
	for _, p := range res.B.Places {
		all = append(all, p.City.ID)
	}
	if strings.Join(all, " ") != "DE:11000000 FR:bordeaux UA:kyiv UA:kharkiv" {
		t.Errorf("every place reached: %v", all)
	}
	if len(res.C.Places) != 1 || res.C.Places[0].City.ID != "UA:kyiv" {
		t.Errorf("inCountries UA, limit 1: %+v", res.C.Places)
	}
	for q, want := range map[string]string{
		`{ nearestByDistance(city: "DE:06435019") { minLinks } }`:                       "INVALID",
		`{ nearestByDistance(city: "München", minLinks: 0) { minLinks } }`:              "INVALID",
		`{ nearestByDistance(city: "München", minLinks: 3, maxLinks: 2) { minLinks } }`: "INVALID",
		`{ nearestByDistance(city: "München", limit: 6) { minLinks } }`:                 "INVALID",
		`{ nearestByDistance(city: "Nirgendwo") { minLinks } }`:                         "NOT_FOUND",
	} {
		if errs := e.errs(t, q); code(errs[0]) != want {
			t.Errorf("%s: %+v, want %s", q, errs, want)
		}
	}
}
