package resolvers_test

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/resolvers"
)

// loadGermany loads the municipality directory once for all tests.
var loadGermany = sync.OnceValues(gazetteer.LoadGermany)

func withDirectory(t *testing.T) envOpt {
	dir, err := loadGermany()
	if err != nil {
		t.Fatalf("load directory: %v", err)
	}
	return func(c *resolvers.Config) {
		c.Directory = dir
		c.Now = func() time.Time { return time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC) }
	}
}

type scored []struct {
	Rank  int
	City  struct{ ID string }
	Score float64
}

func (s scored) String() string {
	var parts []string
	for _, x := range s {
		parts = append(parts, x.City.ID+"="+strconv.FormatFloat(x.Score, 'g', 6, 64))
	}
	return strings.Join(parts, " ")
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestCentrality(t *testing.T) {
	e := newEnv(t)
	var resp struct{ Betweenness, Degree, German, Ukraine scored }
	e.query(t, `{
		betweenness: centrality(metric: BETWEENNESS, top: 4) { rank city { id } score }
		degree: centrality(metric: DEGREE, top: 3) { rank city { id } score }
		german: centrality(metric: BETWEENNESS, country: "DE", top: 2) { rank city { id } score }
		ukraine: centrality(metric: DEGREE, scope: {countries: ["UA"]}) { rank city { id } score }
	}`, &resp)
	// The triangle München-Kyiv-Berlin with Bordeaux off München and
	// Kharkiv-Neustadt off Kyiv: Kyiv carries the 2x3 pairs across it,
	// München the 4 pairs of Bordeaux, Kharkiv the 4 pairs of Neustadt.
	if got, want := resp.Betweenness.String(), "UA:kyiv=6 DE:09162000=4 UA:kharkiv=4 DE:05315000=0"; got != want {
		t.Errorf("betweenness = %s, want %s", got, want)
	}
	if resp.Betweenness[0].Rank != 1 || resp.Betweenness[3].Rank != 4 {
		t.Errorf("ranks = %+v", resp.Betweenness)
	}
	if got, want := resp.Degree.String(), "DE:09162000=3 UA:kyiv=3 DE:11000000=2"; got != want {
		t.Errorf("degree = %s, want %s", got, want)
	}
	if got, want := resp.German.String(), "DE:09162000=4 DE:05315000=0"; got != want {
		t.Errorf("German betweenness = %s, want %s", got, want)
	}
	// Within Ukraine only Kyiv-Kharkiv is left.
	if got, want := resp.Ukraine.String(), "UA:kharkiv=1 UA:kyiv=1"; got != want {
		t.Errorf("Ukrainian degree = %s, want %s", got, want)
	}
	if errs := e.errs(t, `{ centrality(metric: PAGERANK, top: 6) { score } }`); code(errs[0]) != graph.EINVALID {
		t.Errorf("top over the maximum: %+v", errs[0])
	}
}

// TestClosenessScale checks both scales of closeness among the Ukrainian
// places. Within its component (COMPONENT) Odesa, linked only to Köln,
// scores 1 and ranks first. With the Wasserman-Faust scale (the default)
// Odesa scores 1/(n-1), n the number of places, and Kyiv ranks first: it
// reaches the other 5 places of its component at distances 1, 1, 1, 2, 2,
// so 5/7 * 5/(n-1). The three fields run concurrently: each must get its
// own ranking.
func TestClosenessScale(t *testing.T) {
	e := newEnv(t)
	var resp struct {
		WF, Default, Component scored
		Stats                  struct{ Nodes int }
	}
	e.query(t, `{
		wf: centrality(metric: CLOSENESS, closenessScale: WF, country: "UA", top: 1) { rank city { id } score }
		default: centrality(metric: CLOSENESS, country: "UA", top: 1) { rank city { id } score }
		component: centrality(metric: CLOSENESS, closenessScale: COMPONENT, country: "UA", top: 1) { rank city { id } score }
		stats { nodes }
	}`, &resp)
	scaled := 5.0 / 7 * 5 / float64(resp.Stats.Nodes-1)
	if len(resp.Component) != 1 || resp.Component[0].City.ID != "UA:odesa" || resp.Component[0].Score != 1 {
		t.Errorf("component closeness = %s, want UA:odesa=1", resp.Component)
	}
	for name, got := range map[string]scored{"WF": resp.WF, "default": resp.Default} {
		if len(got) != 1 || got[0].City.ID != "UA:kyiv" || math.Abs(got[0].Score-scaled) > 1e-15 {
			t.Errorf("%s closeness = %s, want UA:kyiv=%v", name, got, scaled)
		}
	}
}

// TestGroupBridges: in the fixture (the triangle München-Kyiv-Berlin,
// Bordeaux off München, Kharkiv-Neustadt off Kyiv) the German places
// linked to France are München, those linked to Ukraine München, Berlin,
// Neustadt and Köln (Odesa). The pairs München-Berlin (1 link),
// München-Neustadt (3, via Kyiv and Kharkiv) and München-Köln (no path):
// 2 connected, mean 2; Kyiv and Kharkiv each carry München-Neustadt, and
// without either it has no path.
func TestGroupBridges(t *testing.T) {
	e := newEnv(t)
	var resp struct {
		GroupBridges struct {
			Home, Between, And               string
			GroupA, GroupB, Pairs, Connected int
			MeanDistance                     float64
			Places                           []struct {
				Rank             int
				City             struct{ ID string }
				Betweenness      float64
				Disconnected     int
				DistanceIncrease float64
				InA, InB         bool
			}
		}
	}
	e.query(t, `{ groupBridges(between: "fr", and: "UA") { home between and groupA groupB pairs connected meanDistance
		places { rank city { id } betweenness disconnected distanceIncrease inA inB } } }`, &resp)
	g := resp.GroupBridges
	if g.Home != "DE" || g.Between != "FR" || g.And != "UA" || g.GroupA != 1 || g.GroupB != 4 || g.Pairs != 3 || g.Connected != 2 || g.MeanDistance != 2 {
		t.Errorf("groupBridges = %+v", g)
	}
	var got []string
	for _, p := range g.Places {
		got = append(got, fmt.Sprintf("%d:%s:%g/%d/%g/%v%v", p.Rank, p.City.ID, p.Betweenness, p.Disconnected, p.DistanceIncrease, p.InA, p.InB))
	}
	if g, want := strings.Join(got, " "), "1:UA:kharkiv:1/1/0/falsefalse 2:UA:kyiv:1/1/0/falsefalse"; g != want {
		t.Errorf("places %s, want %s", g, want)
	}
	if errs := e.errs(t, `{ groupBridges(between: "Poland", and: "UA") { pairs } }`); code(errs[0]) != graph.EINVALID {
		t.Errorf("country by name: %+v", errs[0])
	}
}

// TestGroupBridgesCommunities: groups given as Louvain communities (ids
// of communities with the same seed): the group sizes are the
// communities', the pairs their product (the groups are disjoint), every
// place listed says which group it is in as the communities do, and a
// community id not listed, both or neither of a group's arguments are
// INVALID.
func TestGroupBridgesCommunities(t *testing.T) {
	e := newEnv(t)
	var cs struct {
		Communities struct {
			Communities []struct {
				ID, Size int
				Members  []struct{ ID string }
			}
		}
	}
	e.query(t, `{ communities(seed: 2) { communities { id size members(first: 5) { id } } } }`, &cs)
	comms := cs.Communities.Communities
	if len(comms) < 2 || comms[0].Size > 5 || comms[1].Size > 5 {
		t.Fatalf("communities %+v, want at least two of at most 5 places (the page)", comms)
	}
	in := func(k int, id string) bool {
		return slices.ContainsFunc(comms[k].Members, func(m struct{ ID string }) bool { return m.ID == id })
	}
	var resp struct {
		GroupBridges struct {
			Between, And                     string
			BetweenCommunity, AndCommunity   *int
			Seed                             *int
			GroupA, GroupB, Pairs, Connected int
			Places                           []struct {
				City     struct{ ID string }
				InA, InB bool
			}
		}
	}
	e.query(t, fmt.Sprintf(`{ groupBridges(betweenCommunity: %d, andCommunity: %d, seed: 2) { between and betweenCommunity andCommunity seed
		groupA groupB pairs connected places { city { id } inA inB } } }`, comms[0].ID, comms[1].ID), &resp)
	g := resp.GroupBridges
	if g.Between != fmt.Sprintf("community:%d", comms[0].ID) || g.BetweenCommunity == nil || *g.BetweenCommunity != comms[0].ID ||
		g.AndCommunity == nil || *g.AndCommunity != comms[1].ID || g.Seed == nil || *g.Seed != 2 ||
		g.GroupA != comms[0].Size || g.GroupB != comms[1].Size || g.Pairs != comms[0].Size*comms[1].Size || g.Connected > g.Pairs {
		t.Errorf("groupBridges = %+v, communities %+v", g, comms[:2])
	}
	for _, p := range g.Places {
		if p.InA != in(0, p.City.ID) || p.InB != in(1, p.City.ID) {
			t.Errorf("%s: inA %v inB %v, communities %+v", p.City.ID, p.InA, p.InB, comms[:2])
		}
	}
	// A community against a country: the German places linked to Ukraine.
	var mixed struct {
		GroupBridges struct {
			Between, And     string
			BetweenCommunity *int
			GroupA, GroupB   int
		}
	}
	e.query(t, fmt.Sprintf(`{ groupBridges(betweenCommunity: %d, and: "UA", seed: 2) { between and betweenCommunity groupA groupB } }`, comms[0].ID), &mixed)
	if m := mixed.GroupBridges; m.And != "UA" || m.GroupA != comms[0].Size || m.GroupB != 4 {
		t.Errorf("community against UA: %+v", m)
	}
	// Each question its own answer (the cache keys by every argument).
	var fr struct{ GroupBridges struct{ GroupA, GroupB int } }
	e.query(t, `{ groupBridges(between: "FR", and: "UA") { groupA groupB } }`, &fr)
	if fr.GroupBridges.GroupA != 1 || fr.GroupBridges.GroupB != 4 {
		t.Errorf("FR against UA after the communities: %+v, want 1 and 4", fr.GroupBridges)
	}
	for _, q := range []string{
		fmt.Sprintf(`{ groupBridges(between: "FR", betweenCommunity: %d, and: "UA") { pairs } }`, comms[0].ID),
		`{ groupBridges(and: "UA") { pairs } }`,
		`{ groupBridges(betweenCommunity: 9999, and: "UA") { pairs } }`,
	} {
		if errs := e.errs(t, q); code(errs[0]) != graph.EINVALID {
			t.Errorf("%s: %+v", q, errs[0])
		}
	}
}

func TestStatsAndCommunities(t *testing.T) {
	e := newEnv(t)
	var resp struct {
		Stats struct {
			Nodes, Links, Components, LargestComponent, Diameter int
			Transitivity                                         float64
		}
		Old struct{ Links, Components int }
		M   struct {
			Diameter     int
			MeanDistance float64
		}
		A, B struct {
			Seed       int
			Modularity float64
			Count      int
			Of         *struct {
				ID, Rank, Size int
				Members        []struct{ ID string }
			}
			Communities []struct {
				ID, Rank, Size int
				Members        []struct{ ID string }
			}
		}
	}
	e.query(t, `{
		stats { nodes links components largestComponent diameter transitivity }
		old: stats(scope: {asOf: "2000"}) { links components }
		m: stats { diameter meanDistance }
		a: communities(seed: 7, city: "Köln") { seed modularity count of { id rank size members { id } } communities { id rank size members(first: 2) { id } } }
		b: communities(seed: 7) { seed modularity count communities { id rank size members(first: 2) { id } } }
	}`, &resp)
	s := resp.Stats
	if s.Nodes != 10 || s.Links != 7 || s.Components != 4 || s.LargestComponent != 6 || s.Diameter != 4 || math.Abs(s.Transitivity-0.375) > 1e-12 {
		t.Errorf("stats = %+v", s)
	}
	// In 2000: München-Kyiv (1989), München-Bordeaux (1964), not
	// Kyiv-Kharkiv (2001 is later) nor the undated München-Berlin (in no
	// as-of view).
	if resp.Old.Links != 2 {
		t.Errorf("stats as of 2000 = %+v", resp.Old)
	}
	// The mean distance is computed when asked for (a separate cache entry).
	if resp.M.Diameter != 4 || resp.M.MeanDistance <= 1 || resp.M.MeanDistance >= 4 {
		t.Errorf("stats with mean distance = %+v", resp.M)
	}
	a, b := resp.A, resp.B
	if a.Seed != 7 || a.Modularity <= 0 || a.Count < 2 || a.Modularity != b.Modularity || a.Count != b.Count || len(a.Communities) != len(b.Communities) {
		t.Fatalf("communities: %+v vs %+v", a, b)
	}
	total := 0
	for i, c := range a.Communities {
		total += c.Size
		if len(c.Members) != min(2, c.Size) || c.Members[0] != b.Communities[i].Members[0] {
			t.Errorf("community %d = %+v (other run %+v)", i, c, b.Communities[i])
		}
		// rank counts from 1 in the order listed: the largest first, ties
		// by id (Louvain's label).
		if c.Rank != i+1 || c.Rank != b.Communities[i].Rank || c.ID != b.Communities[i].ID {
			t.Errorf("community %d: rank %d id %d (other run rank %d id %d)", i, c.Rank, c.ID, b.Communities[i].Rank, b.Communities[i].ID)
		}
		if i > 0 {
			p := a.Communities[i-1]
			if p.Size < c.Size || p.Size == c.Size && p.ID > c.ID {
				t.Errorf("community %d (size %d, id %d) listed after size %d, id %d", i, c.Size, c.ID, p.Size, p.ID)
			}
		}
	}
	if total != 8 { // every linked place in one community of two or more
		t.Errorf("communities hold %d places, want 8", total)
	}
	if a.Of == nil || a.Of.Size != 2 || !slices.ContainsFunc(a.Of.Members, func(m struct{ ID string }) bool { return m.ID == "UA:odesa" }) {
		t.Errorf("community of Köln = %+v", a.Of)
	}
	// of carries the id and rank it has in the list.
	if a.Of != nil && !slices.ContainsFunc(a.Communities, func(c struct {
		ID, Rank, Size int
		Members        []struct{ ID string }
	}) bool {
		return c.ID == a.Of.ID && c.Rank == a.Of.Rank
	}) {
		t.Errorf("community of Köln: id %d rank %d, not so in %+v", a.Of.ID, a.Of.Rank, a.Communities)
	}
}

func TestCoverage(t *testing.T) {
	e := newEnv(t, withDirectory(t))
	type row struct {
		Key, Name                                   string
		Municipalities, LinkedMunicipalities, Links int
		Reported                                    int
		KnownOfReported                             float64
		TopCountries                                []struct {
			Key   string
			Count int
		}
	}
	var resp struct {
		All, UA []row
		Kreise  []row
		Country []struct {
			Country, CountryName                string
			Links, GermanMunicipalities, Places int
		}
		Years struct {
			From, To, Links int
			Rows            []struct{ Year, Started, Ended, Active int }
		}
	}
	e.query(t, `{
		all: coverage(groupBy: STATE) { key name municipalities linkedMunicipalities links reported knownOfReported topCountries { key count } }
		ua: coverage(groupBy: STATE, partnerCountry: "UA") { key links }
		kreise: coverage(groupBy: KREIS, state: "BY") { key links linkedMunicipalities }
		country: coverageByCountry { country countryName links germanMunicipalities places }
		years: coverageByYear(partnerCountry: "UA", from: 2021, to: 2024) { from to links rows { year started ended active } }
	}`, &resp)
	byKey := map[string]row{}
	for _, r := range resp.All {
		byKey[r.Key] = r
	}
	by := byKey["DE-BY"]
	if by.Name != "Bayern" || by.Municipalities < 2000 || by.LinkedMunicipalities != 1 || by.Links != 3 || by.Reported != 700 ||
		math.Abs(by.KnownOfReported-3.0/700) > 1e-12 || len(by.TopCountries) != 3 {
		t.Errorf("DE-BY = %+v", by)
	}
	if be := byKey["DE-BE"]; be.Links != 2 || be.Municipalities != 1 {
		t.Errorf("DE-BE = %+v", be)
	}
	for _, r := range resp.UA {
		want := map[string]int{"DE-BY": 1, "DE-BE": 1, "DE-NW": 1, "DE-HE": 1}[r.Key]
		if r.Links != want {
			t.Errorf("links to UA in %s = %d, want %d", r.Key, r.Links, want)
		}
	}
	for _, r := range resp.Kreise {
		if !strings.HasPrefix(r.Key, "09") {
			t.Errorf("Kreis %s is not in Bayern", r.Key)
		}
		if r.Key == "09162" && (r.Links != 3 || r.LinkedMunicipalities != 1) {
			t.Errorf("Kreis München = %+v", r)
		}
	}
	var got []string
	for _, c := range resp.Country {
		got = append(got, c.Country+":"+itoa(c.Links)+"/"+itoa(c.GermanMunicipalities)+"/"+itoa(c.Places))
	}
	if want := []string{"UA:4/4/3", "DE:1/2/2", "FR:1/1/1"}; !slices.Equal(got, want) {
		t.Errorf("coverageByCountry = %v, want %v", got, want)
	}
	if resp.Country[0].CountryName != "Ukraine" {
		t.Errorf("country name = %q", resp.Country[0].CountryName)
	}
	y := resp.Years
	if y.From != 2021 || y.To != 2024 || len(y.Rows) != 4 || y.Rows[1].Started != 2 || y.Rows[2].Started != 1 || y.Rows[3].Ended != 1 ||
		y.Rows[2].Active != 4 || y.Rows[3].Active != 3 {
		t.Errorf("coverageByYear = %+v", y)
	}
}

func TestRecommendAndChanges(t *testing.T) {
	e := newEnv(t, withDirectory(t))
	type cand struct {
		City           struct{ ID string }
		Score          float64
		Parts          struct{ AdamicAdar, Networks float64 }
		CommonPartners []struct{ ID string }
		SharedNetworks []struct{ ID, Name string }
		Reason         string
	}
	var resp struct {
		Berlin, Koeln []cand
		Changes       struct {
			From, To string
			Added    []struct {
				Link struct{ Source, Target, Kind string }
			}
			Ended       []struct{ A, B struct{ Name string } }
			AddedByKind []struct {
				Key   string
				Count int
			}
			LinksBefore, LinksAfter int
		}
	}
	e.query(t, `{
		berlin: recommendPartners(city: "Berlin") { city { id } score parts { adamicAdar networks } commonPartners { id } sharedNetworks { id name } reason }
		koeln: recommendPartners(city: "Koeln", limit: 5, where: ANYWHERE) { city { id } score parts { adamicAdar networks } commonPartners { id } sharedNetworks { id name } reason }
		changes(from: "2022-01-01", to: "2024-12-31") { from to added { link { source target kind } } ended { a { name } b { name } } addedByKind { key count } linksBefore linksAfter }
	}`, &resp)
	ids := func(cs []cand) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.City.ID)
		}
		return out
	}
	if got := ids(resp.Berlin); !slices.Contains(got, "FR:bordeaux") || !slices.Contains(got, "UA:kharkiv") {
		t.Errorf("recommendations for Berlin = %v, want Bordeaux and Kharkiv among them", got)
	}
	for _, c := range resp.Berlin {
		if c.City.ID == "FR:bordeaux" && (len(c.CommonPartners) != 1 || c.CommonPartners[0].ID != "DE:09162000" || c.Parts.AdamicAdar <= 0 || !strings.Contains(c.Reason, "München")) {
			t.Errorf("Bordeaux for Berlin = %+v", c)
		}
	}
	var viaNetwork *cand
	for i, c := range resp.Koeln {
		if c.City.ID == "DE:09162000" {
			viaNetwork = &resp.Koeln[i]
		}
	}
	if viaNetwork == nil || len(viaNetwork.SharedNetworks) != 1 || viaNetwork.SharedNetworks[0].Name != "Eurocities" || viaNetwork.Parts.Networks <= 0 ||
		!strings.Contains(viaNetwork.Reason, "Eurocities") {
		t.Errorf("München for Köln = %+v (all: %v)", viaNetwork, ids(resp.Koeln))
	}
	ch := resp.Changes
	if ch.From != "2022-01-01" || ch.To != "2024-12-31" || len(ch.Added) != 3 || len(ch.Ended) != 1 || ch.Ended[0].A.Name != "Köln" || ch.Ended[0].B.Name != "Odesa" {
		t.Errorf("changes = %+v", ch)
	}
	if errs := e.errs(t, `{ changes(from: "2024", to: "2022") { linksAfter } }`); code(errs[0]) != graph.EINVALID {
		t.Errorf("reversed dates: %+v", errs[0])
	}
	if errs := e.errs(t, `{ recommendPartners(city: "Atlantis") { reason } }`); code(errs[0]) != graph.ENOTFOUND {
		t.Errorf("unknown city: %+v", errs[0])
	}
}

func TestFindPartnersAndPairScore(t *testing.T) {
	e := newEnv(t, withDirectory(t))
	type cand struct {
		City         struct{ ID, Country string }
		Score        float64
		Parts        struct{ AdamicAdar, Neighbours, Country, Distance float64 }
		CountryShare float64
		Partner      bool
		Reason       string
	}
	type search struct {
		CityID, CityName, Where string
		InGraph                 bool
		Countries               []string
		Candidates              []cand
		Why                     *string
		Alternative             *struct {
			Dropped   string
			Candidate cand
		}
	}
	var resp struct {
		Berlin, Balkans, Neustadt search
		BerlinDe, BalkansDe       search
		Pair, Linked              cand
		RegionGroups              []struct {
			Code      string
			Countries []string
		}
	}
	const fields = `{ cityId cityName inGraph where countries candidates { city { id country } score parts { adamicAdar neighbours country distance } countryShare partner reason } why alternative { dropped candidate { city { id country } score reason } } }`
	e.query(t, `{
		berlin: findPartners(city: "Berlin", countries: ["Frankreich"]) `+fields+`
		balkans: findPartners(city: "Berlin", regions: ["Westbalkan"]) `+fields+`
		berlinDe: findPartners(city: "Berlin", countries: ["Frankreich"], lang: DE) `+fields+`
		balkansDe: findPartners(city: "Berlin", regions: ["Westbalkan"], lang: DE) `+fields+`
		neustadt: findPartners(city: "06534016") `+fields+`
		pair: pairScore(city: "Berlin", partner: "Bordeaux") { city { id country } score parts { adamicAdar neighbours country distance } countryShare partner reason }
		linked: pairScore(city: "Berlin", partner: "Kyiv") { city { id country } score parts { adamicAdar neighbours country distance } countryShare partner reason }
		regionGroups { code countries }
	}`, &resp)
	b := resp.Berlin
	if b.Where != "ABROAD" || !b.InGraph || len(b.Candidates) == 0 || b.Candidates[0].City.ID != "FR:bordeaux" || !slices.Equal(b.Countries, []string{"FR"}) {
		t.Errorf("Berlin in France: %+v", b)
	}
	for _, c := range b.Candidates {
		if c.City.Country != "FR" {
			t.Errorf("Berlin in France: candidate %+v", c)
		}
	}
	if bal := resp.Balkans; len(bal.Candidates) != 0 || bal.Why == nil || !strings.Contains(*bal.Why, "AL, BA, ME, MK, RS") ||
		bal.Alternative == nil || !strings.HasPrefix(bal.Alternative.Dropped, "countries") || bal.Alternative.Candidate.City.ID == "" {
		t.Errorf("Berlin in the Western Balkans: %+v", bal)
	}
	// lang: DE: the same candidates and scores, the sentences in German.
	if de, en := resp.BerlinDe, resp.Berlin; len(de.Candidates) != len(en.Candidates) || len(de.Candidates) == 0 ||
		de.Candidates[0].City.ID != en.Candidates[0].City.ID || de.Candidates[0].Score != en.Candidates[0].Score ||
		de.Candidates[0].Reason == en.Candidates[0].Reason || !strings.Contains(de.Candidates[0].Reason, "Ihre") {
		t.Errorf("Berlin in France in German: %+v\nin English: %+v", de, en)
	}
	if bal := resp.BalkansDe; bal.Why == nil || !strings.HasPrefix(*bal.Why, "kein Ort im Ausland, in AL, BA, ME, MK, RS") ||
		bal.Alternative == nil || !strings.HasPrefix(bal.Alternative.Dropped, "Länder ") {
		t.Errorf("Berlin in the Western Balkans in German: %+v", bal)
	}
	// Neustadt (Hessen) is not in the graph and has no position in the
	// fixture's neighbourhood: an empty answer that says why, or candidates.
	if n := resp.Neustadt; n.InGraph || n.CityID != "DE:06534016" || (len(n.Candidates) == 0 && n.Why == nil) {
		t.Errorf("Neustadt (Hessen) by AGS: %+v", n)
	}
	if p := resp.Pair; p.City.ID != "FR:bordeaux" || p.Partner || p.Parts.AdamicAdar <= 0 || p.Score <= 0 || !strings.Contains(p.Reason, "München") {
		t.Errorf("pairScore Berlin-Bordeaux: %+v", p)
	}
	if l := resp.Linked; !l.Partner || !strings.HasPrefix(l.Reason, "already partners") {
		t.Errorf("pairScore Berlin-Kyiv: %+v", l)
	}
	if len(resp.RegionGroups) < 10 || resp.RegionGroups[0].Code != "EU" || len(resp.RegionGroups[0].Countries) != 27 {
		t.Errorf("regionGroups: %+v", resp.RegionGroups)
	}
	if errs := e.errs(t, `{ findPartners(city: "Berlin", regions: ["Atlantis"]) { why } }`); code(errs[0]) != graph.EINVALID {
		t.Errorf("unknown region group: %+v", errs[0])
	}
	if errs := e.errs(t, `{ pairScore(city: "Berlin", partner: "Berlin") { score } }`); code(errs[0]) != graph.EINVALID {
		t.Errorf("a pair of one place: %+v", errs[0])
	}
}

// TestProvenanceExtension: every response carries extensions.provenance
// with the data version of the projection it ran on, the software, the
// query and its variables; two runs of one query give the same data and the
// same provenance but for the time.
func TestProvenanceExtension(t *testing.T) {
	e := newEnv(t, withDirectory(t))
	q := `query C($seed: Int) { communities(seed: $seed) { modularity } centrality(metric: PAGERANK, top: 3) { city { id } score } }`
	run := func() (json.RawMessage, map[string]any) {
		resp, err := e.c.RawPost(q, client.Var("seed", 4), client.Operation("C"))
		if err != nil || len(resp.Errors) > 0 {
			t.Fatalf("post: %v %s", err, resp.Errors)
		}
		data, _ := json.Marshal(resp.Data)
		pr, _ := resp.Extensions["provenance"].(map[string]any)
		if pr == nil {
			t.Fatalf("no provenance in %v", resp.Extensions)
		}
		return data, pr
	}
	d1, p1 := run()
	d2, p2 := run()
	if string(d1) != string(d2) {
		t.Errorf("two runs: %s vs %s", d1, d2)
	}
	if _, ok := p1["time"].(string); !ok {
		t.Errorf("no time in %v", p1)
	}
	delete(p1, "time")
	delete(p2, "time")
	if !reflect.DeepEqual(p1, p2) {
		t.Errorf("provenance differs beyond the time: %v vs %v", p1, p2)
	}
	data, _ := p1["data"].(map[string]any)
	if want := e.live.Current().Data().Hash; data["hash"] != want {
		t.Errorf("data hash %v, want the projection's %s", data["hash"], want)
	}
	vars, _ := p1["variables"].(map[string]any)
	if p1["query"] != q || p1["operationName"] != "C" || vars["seed"] != float64(4) || p1["software"] == nil {
		t.Errorf("provenance %v", p1)
	}
}

// TestBrokerageQuery: brokerage ranks by each measure with its values.
func TestBrokerageQuery(t *testing.T) {
	e := newEnv(t)
	type row struct {
		Rank                                                                        int
		City                                                                        struct{ ID string }
		Degree                                                                      int
		EffectiveSize, Constraint, ParticipationCountries, ParticipationCommunities float64
	}
	var resp struct{ Es, Con []row }
	e.query(t, `{
		es: brokerage(top: 3) { rank city { id } degree effectiveSize constraint participationCountries participationCommunities }
		con: brokerage(by: CONSTRAINT, top: 3) { rank city { id } degree effectiveSize constraint participationCountries participationCommunities }
	}`, &resp)
	// München has three partners (Kyiv, Bordeaux, Berlin) with one link
	// among them (Berlin-Kyiv): effective size 3 - 2/3, as Kyiv's (München,
	// Berlin, Kharkiv; München-Berlin); the tie goes by id.
	if len(resp.Es) < 2 || resp.Es[0].City.ID != "DE:09162000" || math.Abs(resp.Es[0].EffectiveSize-(3-2.0/3)) > 1e-12 || resp.Es[1].City.ID != "UA:kyiv" {
		t.Errorf("by effective size: %+v", resp.Es)
	}
	for i := 1; i < len(resp.Con); i++ {
		if resp.Con[i].Constraint < resp.Con[i-1].Constraint {
			t.Errorf("by constraint: not ranked %+v", resp.Con)
		}
	}
}
