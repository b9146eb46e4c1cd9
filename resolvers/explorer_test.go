package resolvers_test

import (
	"slices"
	"testing"
)

func TestExplorerCoverageFields(t *testing.T) {
	e := newEnv(t, withDirectory(t))
	type muni struct {
		ID, Name, Kreis  string
		Links, Partners  int
		Lat, Lon         float64
		Countries        []struct{ Key string }
		Population       int
		MunicipalitiesIn int
	}
	var resp struct {
		Coverage []struct{ Municipalities int }
		Size     []struct {
			MinPopulation, Municipalities, LinkedMunicipalities, Links int
			MaxPopulation                                              *int
		}
		Linked, Gaps, Ukraine []muni
	}
	e.query(t, `{
		coverage(groupBy: STATE, state: "BY") { municipalities }
		size: coverageBySize(state: "Bayern") { minPopulation maxPopulation municipalities linkedMunicipalities links }
		linked: municipalityCoverage(state: "DE-BY", linked: true) { id name kreis links partners lat lon countries { key } population }
		gaps: municipalityCoverage(state: "BY", linked: false) { id links }
		ukraine: municipalityCoverage(partnerCountry: "UA", linked: true) { id links }
	}`, &resp)
	total := 0
	for _, c := range resp.Coverage {
		total = max(total, c.Municipalities)
	}
	sum := 0
	for _, s := range resp.Size {
		sum += s.Municipalities
	}
	if len(resp.Size) != 8 || sum != total || total < 2000 {
		t.Fatalf("size classes %+v do not add up to the %d municipalities of Bayern", resp.Size, total)
	}
	top := resp.Size[7]
	if top.MinPopulation != 500000 || top.MaxPopulation != nil || top.LinkedMunicipalities != 1 || top.Links != 3 {
		t.Errorf("top size class = %+v (München, with 3 links)", top)
	}
	if *resp.Size[0].MaxPopulation != 2000 || resp.Size[0].Links != 0 {
		t.Errorf("smallest class = %+v", resp.Size[0])
	}
	if len(resp.Linked) != 1 || resp.Linked[0].ID != "DE:09162000" || resp.Linked[0].Links != 3 || resp.Linked[0].Partners != 3 ||
		resp.Linked[0].Lat < 48 || resp.Linked[0].Population < 1_000_000 || len(resp.Linked[0].Countries) != 3 {
		t.Errorf("linked in Bayern = %+v", resp.Linked)
	}
	if len(resp.Gaps) != total-1 || slices.ContainsFunc(resp.Gaps, func(m muni) bool { return m.Links != 0 || m.ID == "DE:09162000" }) {
		t.Errorf("gaps in Bayern: %d rows, want %d without links", len(resp.Gaps), total-1)
	}
	var ua []string
	for _, m := range resp.Ukraine {
		ua = append(ua, m.ID)
	}
	if want := []string{"DE:05315000", "DE:06435019", "DE:09162000", "DE:11000000"}; !slices.Equal(ua, want) {
		t.Errorf("linked to Ukraine: %v, want %v", ua, want)
	}
}

func TestCityRanksAndNetworkView(t *testing.T) {
	e := newEnv(t)
	type node struct {
		ID, Name, Country string
		Community, Degree int
		Score             float64
		Lat               *float64
	}
	type view struct {
		Nodes       []node
		Links       []struct{ Source, Target string }
		Communities []struct {
			ID, Size, InView int
			Top              []string
		}
		Metric string
	}
	var resp struct {
		Ranks []struct {
			Metric   string
			Rank, Of int
			Score    float64
		}
		Deua, Around view
	}
	e.query(t, `{
		ranks: cityRanks(city: "Kiew") { metric rank of score }
		deua: networkView(countries: ["DE", "UA"], metric: BETWEENNESS) { nodes { id name country community degree score lat } links { source target } communities { id size inView top } metric }
		around: networkView(city: "Kyiv", depth: 1) { nodes { id community degree score } links { source target } }
	}`, &resp)
	ranks := map[string][3]float64{}
	for _, r := range resp.Ranks {
		ranks[r.Metric] = [3]float64{float64(r.Rank), float64(r.Of), r.Score}
	}
	if len(resp.Ranks) != 7 || ranks["BETWEENNESS"] != [3]float64{1, 8, 6} || ranks["DEGREE"] != [3]float64{1, 8, 3} {
		t.Errorf("ranks of Kyiv = %+v", resp.Ranks)
	}
	if len(resp.Deua.Nodes) != 7 || len(resp.Deua.Links) != 4 || resp.Deua.Metric != "BETWEENNESS" {
		t.Fatalf("DE-UA view: %d nodes, %d links", len(resp.Deua.Nodes), len(resp.Deua.Links))
	}
	inView := 0
	for _, c := range resp.Deua.Communities {
		inView += c.InView
		if c.Size < c.InView || len(c.Top) == 0 {
			t.Errorf("community %+v", c)
		}
	}
	if inView != 7 {
		t.Errorf("communities hold %d of the 7 places", inView)
	}
	var kyiv node
	for _, n := range resp.Deua.Nodes {
		if n.ID == "UA:kyiv" {
			kyiv = n
		}
	}
	// Within the view (cross-border links only) Kyiv joins München and
	// Berlin: degree 2, betweenness 1; on the whole graph they are 3 and 6.
	if kyiv.Score != 1 || kyiv.Degree != 2 || kyiv.Lat == nil || kyiv.Community < 0 {
		t.Errorf("Kyiv in the view = %+v", kyiv)
	}
	if len(resp.Around.Nodes) != 4 || len(resp.Around.Links) != 4 {
		t.Errorf("Kyiv's neighbourhood: %d nodes, %d links", len(resp.Around.Nodes), len(resp.Around.Links))
	}

	// The community of Kyiv as a view: every member carries it.
	var comm struct {
		NetworkView struct {
			Nodes []node
			Links []struct{ Source string }
		}
	}
	e.query(t, `{ networkView(community: `+itoa(kyiv.Community)+`) { nodes { id community } links { source } } }`, &comm)
	if len(comm.NetworkView.Nodes) == 0 || !slices.ContainsFunc(comm.NetworkView.Nodes, func(n node) bool { return n.ID == "UA:kyiv" }) {
		t.Fatalf("community view: %+v", comm.NetworkView)
	}
	for _, n := range comm.NetworkView.Nodes {
		if n.Community != kyiv.Community {
			t.Errorf("%s in community %d, want %d", n.ID, n.Community, kyiv.Community)
		}
	}
	if err := e.c.Post(`{ networkView(community: 0, city: "Kyiv") { metric } }`, &comm); err == nil {
		t.Error("community and city together: no error")
	}
}
