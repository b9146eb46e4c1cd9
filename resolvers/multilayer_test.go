package resolvers_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// TestBipartiteCentralityQuery: the fixture's Eurocities has three members
// (München, Köln, Kyiv): a star, whose centre carries every path between
// members (betweenness 1 by NetworkX's normalisation) and whose members
// each belong to the only network (degree centrality 1).
func TestBipartiteCentralityQuery(t *testing.T) {
	e := newEnv(t)
	type row struct {
		Rank                                     int
		City                                     *struct{ ID string }
		GroupID, GroupName                       *string
		Degree                                   int
		DegreeCentrality, Closeness, Betweenness float64
	}
	var resp struct{ All, Orgs, Groups []row }
	e.query(t, `{
		all: bipartiteCentrality(by: BETWEENNESS) { rank city { id } groupId groupName degree degreeCentrality closeness betweenness }
		orgs: bipartiteCentrality(layer: ORGANISATIONS) { rank city { id } groupId groupName degree degreeCentrality closeness betweenness }
		groups: bipartiteCentrality(side: GROUPS, scope: {asOf: "1990"}) { rank city { id } groupId groupName degree degreeCentrality closeness betweenness }
	}`, &resp)
	if len(resp.All) != 4 || resp.All[0].GroupID == nil || *resp.All[0].GroupID != "eurocities" || *resp.All[0].GroupName != "Eurocities" ||
		resp.All[0].Degree != 3 || resp.All[0].Betweenness != 1 || resp.All[0].City != nil {
		t.Fatalf("networks: %+v", resp.All)
	}
	for _, r := range resp.All[1:] {
		if r.City == nil || r.Degree != 1 || r.DegreeCentrality != 1 || r.Betweenness != 0 || math.Abs(r.Closeness-1) > 1e-12 {
			t.Errorf("member %+v", r)
		}
	}
	if len(resp.Orgs) != 2 || resp.Orgs[0].City == nil || resp.Orgs[0].City.ID != "DE:11000000" || *resp.Orgs[1].GroupID != "un-habitat" {
		t.Errorf("organisations: %+v", resp.Orgs)
	}
	// In 1990 München (since 1991) was not yet a member.
	if len(resp.Groups) != 1 || resp.Groups[0].Degree != 2 {
		t.Errorf("as of 1990: %+v", resp.Groups)
	}
}

// TestSharedGroupsQuery: the three members of Eurocities share it pairwise:
// weight 1 by count, 1/2 by Newman's weighting.
func TestSharedGroupsQuery(t *testing.T) {
	e := newEnv(t)
	type pair struct {
		Rank   int
		A, B   struct{ ID string }
		Weight float64
		Shared []string
	}
	type shared struct {
		Layer, Weighting string
		Places, Pairs    int
		Top              []pair
	}
	var resp struct{ Count, Newman shared }
	e.query(t, `{
		count: sharedGroups { layer weighting places pairs top { rank a { id } b { id } weight shared } }
		newman: sharedGroups(weighting: NEWMAN, top: 1) { layer weighting places pairs top { rank a { id } b { id } weight shared } }
	}`, &resp)
	if resp.Count.Places != 3 || resp.Count.Pairs != 3 || len(resp.Count.Top) != 3 || resp.Count.Top[0].Weight != 1 ||
		strings.Join(resp.Count.Top[0].Shared, ",") != "eurocities" || resp.Count.Top[0].A.ID != "DE:05315000" {
		t.Errorf("count: %+v", resp.Count)
	}
	if resp.Newman.Weighting != "NEWMAN" || len(resp.Newman.Top) != 1 || resp.Newman.Top[0].Weight != 0.5 {
		t.Errorf("newman: %+v", resp.Newman)
	}
}

// TestCommunitiesLayers: with Eurocities weighing 5, Köln (whose only
// partner, Odesa, is far from the rest) joins München and Kyiv; the
// partnership modularity of that partition is reported; a negative weight
// is INVALID.
func TestCommunitiesLayers(t *testing.T) {
	e := newEnv(t)
	type result struct {
		Modularity            float64
		PartnershipModularity *float64
		Of                    *struct {
			Members []struct{ ID string }
		}
	}
	var resp struct{ Plain, Multi result }
	e.query(t, `{
		plain: communities(city: "Köln") { modularity partnershipModularity of { members(first: 5) { id } } }
		multi: communities(city: "Köln", layers: [{layer: PARTNERSHIPS}, {layer: NETWORKS, weight: 5}]) { modularity partnershipModularity of { members(first: 5) { id } } }
	}`, &resp)
	if resp.Plain.PartnershipModularity != nil || resp.Multi.PartnershipModularity == nil || *resp.Multi.PartnershipModularity > resp.Plain.Modularity+1e-12 {
		t.Fatalf("plain %+v, multi %+v", resp.Plain, resp.Multi)
	}
	ids := ""
	for _, m := range resp.Multi.Of.Members {
		ids += m.ID + " "
	}
	if !strings.Contains(ids, "UA:kyiv") || !strings.Contains(ids, "DE:09162000") {
		t.Errorf("Köln's community with networks: %s", ids)
	}
	errs := e.errs(t, `{ communities(layers: [{layer: NETWORKS, weight: -1}]) { modularity } }`)
	if errs[0].Extensions["code"] != "INVALID" {
		t.Errorf("negative weight: %+v", errs)
	}
}

// TestCentralityShared: on the places sharing Eurocities (a triangle of
// its three members) each has degree 2; on the partnerships München leads.
func TestCentralityShared(t *testing.T) {
	e := newEnv(t)
	type score struct {
		City  struct{ ID string }
		Score float64
	}
	var resp struct{ Shared, Plain []score }
	e.query(t, `{
		shared: centrality(metric: DEGREE, shared: NETWORKS) { city { id } score }
		plain: centrality(metric: DEGREE) { city { id } score }
	}`, &resp)
	if len(resp.Shared) < 3 || resp.Shared[0].Score != 2 || resp.Shared[2].Score != 2 || (len(resp.Shared) > 3 && resp.Shared[3].Score != 0) {
		t.Errorf("shared: %+v", resp.Shared)
	}
	if resp.Plain[0].City.ID != "UA:kyiv" && resp.Plain[0].City.ID != "DE:09162000" {
		t.Errorf("plain: %+v", resp.Plain)
	}
}

// TestCentralityActors: centrality(actors: true) ranks the local actors on
// their cooperations (a path a-b-c and b-d: b has degree 3); the
// international organisations of the fixture are not among them; actors
// with shared is refused.
func TestCentralityActors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	home := "DE:09162000"
	if _, err := e.store.Apply(ctx, &graph.Batch{
		Organisations: []graph.Organisation{{ID: "act-a", Name: "A", Type: "club", Municipality: home}, {ID: "act-b", Name: "B", Type: "school", Municipality: home},
			{ID: "act-c", Name: "C", Municipality: home}, {ID: "act-d", Name: "D", Municipality: home}},
		Cooperations: []graph.Cooperation{{A: "act-a", B: "act-b"}, {A: "act-b", B: "act-c"}, {A: "act-b", B: "act-d"}},
	}); err != nil {
		t.Fatal(err)
	}
	if err := e.live.Load(ctx); err != nil {
		t.Fatal(err)
	}
	var resp struct {
		Actors []struct {
			City  struct{ ID, Country, Level string }
			Score float64
		}
	}
	e.query(t, `{ actors: centrality(metric: DEGREE, actors: true) { city { id country level } score } }`, &resp)
	if len(resp.Actors) != 4 || resp.Actors[0].City.ID != "act-b" || resp.Actors[0].City.Country != "DE" || resp.Actors[0].City.Level != "school" {
		t.Fatalf("actors: %+v", resp.Actors)
	}
	if s := resp.Actors[0].Score; s != 3 {
		t.Errorf("act-b's degree %v, want 3", s)
	}
	var bad struct{ Centrality []struct{ Score float64 } }
	if err := e.c.Post(`{ centrality(metric: DEGREE, actors: true, shared: NETWORKS) { score } }`, &bad); err == nil || !strings.Contains(err.Error(), "give one") {
		t.Errorf("actors with shared: %v", err)
	}
}

// TestCommunitiesAndStatsActors: communities(actors: true) and
// stats(actors: true) run on the local actors' cooperations: two triangles
// joined by one cooperation are two communities of three actors, and the
// layer has 6 nodes, 7 links and one component. actors with layers or city
// is refused.
func TestCommunitiesAndStatsActors(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	home := "DE:09162000"
	var orgs []graph.Organisation
	for _, id := range []string{"act-a", "act-b", "act-c", "act-d", "act-e", "act-f"} {
		orgs = append(orgs, graph.Organisation{ID: id, Name: strings.ToUpper(id[4:]), Type: "club", Municipality: home})
	}
	if _, err := e.store.Apply(ctx, &graph.Batch{Organisations: orgs, Cooperations: []graph.Cooperation{
		{A: "act-a", B: "act-b"}, {A: "act-b", B: "act-c"}, {A: "act-a", B: "act-c"},
		{A: "act-d", B: "act-e"}, {A: "act-e", B: "act-f"}, {A: "act-d", B: "act-f"}, {A: "act-c", B: "act-d"}}}); err != nil {
		t.Fatal(err)
	}
	if err := e.live.Load(ctx); err != nil {
		t.Fatal(err)
	}
	var resp struct {
		Communities struct {
			Count       int
			Modularity  float64
			Communities []struct {
				Size    int
				Members []struct{ ID string }
			}
		}
		Stats struct{ Nodes, Links, Components int }
	}
	e.query(t, `{ communities(actors: true) { count modularity communities { size members { id } } } stats(actors: true) { nodes links components } }`, &resp)
	c := resp.Communities
	if c.Count != 2 || len(c.Communities) != 2 || c.Communities[0].Size != 3 || c.Communities[1].Size != 3 || c.Modularity <= 0 {
		t.Fatalf("communities: %+v", c)
	}
	seen := map[string]int{}
	for k, cm := range c.Communities {
		for _, m := range cm.Members {
			seen[m.ID] = k
		}
	}
	if len(seen) != 6 || seen["act-a"] != seen["act-b"] || seen["act-a"] != seen["act-c"] || seen["act-d"] != seen["act-f"] || seen["act-a"] == seen["act-d"] {
		t.Errorf("members: %v", seen)
	}
	if s := resp.Stats; s.Nodes != 6 || s.Links != 7 || s.Components != 1 {
		t.Errorf("stats: %+v", s)
	}
	var bad struct{ Communities struct{ Count int } }
	if err := e.c.Post(`{ communities(actors: true, city: "München") { count } }`, &bad); err == nil || !strings.Contains(err.Error(), "layer of its own") {
		t.Errorf("actors with city: %v", err)
	}
}
