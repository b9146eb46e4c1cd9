package e2e

import (
	"encoding/json"
	"fmt"
	"reflect"
	"testing"
)

// TestCommunityNumbersCLIAndAPI: on one store (the demo) and one seed, the
// CLI's community N (analyze communities, analyze bridges community:N) is
// the API's Community with rank N, and the CLI's communityId is that
// Community's id (Louvain's label, what groupBridges(betweenCommunity:)
// takes): the same size, the same members in the same order, and the same
// bridges between two of them. The demo's communities 9 and 10 (seed 1)
// are of one size, so the tie rule is compared too.
func TestCommunityNumbersCLIAndAPI(t *testing.T) {
	store := demoCopy(t)
	const top, members = 40, 5
	cli := cliJSON(t, nil, "analyze", "communities", "--store", store, "--seed", "1",
		"--limit", fmt.Sprint(top), "--members", fmt.Sprint(members))
	type community struct {
		Number, Label, Size int
		Members             []string
	}
	var fromCLI []community
	list, _ := cli["communities"].([]any)
	for _, c := range list {
		c := c.(map[string]any)
		cm := community{Number: int(c["id"].(float64)), Label: int(c["communityId"].(float64)), Size: int(c["size"].(float64))}
		for _, m := range c["members"].([]any) {
			cm.Members = append(cm.Members, m.(map[string]any)["id"].(string))
		}
		fromCLI = append(fromCLI, cm)
	}

	srv := serve(t, nil, false, "--store", store)
	r := srv.query(t, fmt.Sprintf(`{ communities(seed: 1, top: %d) { communities { id rank size members(first: %d) { id } } } }`, top, members), nil)
	if r.status != 200 || len(r.Errors) > 0 {
		t.Fatalf("communities: %d %.600s", r.status, r.body)
	}
	var data struct {
		Communities struct {
			Communities []struct {
				ID, Rank, Size int
				Members        []struct{ ID string }
			}
		}
	}
	if err := json.Unmarshal(r.Data, &data); err != nil {
		t.Fatal(err)
	}
	var fromAPI []community
	for _, c := range data.Communities.Communities {
		cm := community{Number: c.Rank, Label: c.ID, Size: c.Size}
		for _, m := range c.Members {
			cm.Members = append(cm.Members, m.ID)
		}
		fromAPI = append(fromAPI, cm)
	}
	if len(fromCLI) != top || !reflect.DeepEqual(fromCLI, fromAPI) {
		t.Fatalf("the CLI and the API number the communities differently:\nCLI %+v\nAPI %+v", fromCLI, fromAPI)
	}
	if fromCLI[8].Size != fromCLI[9].Size {
		t.Errorf("communities 9 and 10 of the demo (seed 1): sizes %d and %d, want a tie", fromCLI[8].Size, fromCLI[9].Size)
	}

	// analyze bridges community:9 / community:10 and groupBridges with
	// their labels pick the same groups.
	b := cliJSON(t, nil, "analyze", "bridges", "--store", store, "--between", "community:9", "--and", "community:10", "--seed", "1", "--top", "3")
	r = srv.query(t, fmt.Sprintf(`{ groupBridges(betweenCommunity: %d, andCommunity: %d, seed: 1, top: 3) { groupA groupB pairs connected places { city { id } inA inB } } }`,
		fromCLI[8].Label, fromCLI[9].Label), nil)
	if r.status != 200 || len(r.Errors) > 0 {
		t.Fatalf("groupBridges: %d %.600s", r.status, r.body)
	}
	var gb struct {
		GroupBridges struct {
			GroupA, GroupB, Pairs, Connected int
			Places                           []struct {
				City     struct{ ID string }
				InA, InB bool
			}
		}
	}
	if err := json.Unmarshal(r.Data, &gb); err != nil {
		t.Fatal(err)
	}
	api := gb.GroupBridges
	num := func(k string) int { f, _ := b[k].(float64); return int(f) }
	if num("groupA") != fromCLI[8].Size || num("groupB") != fromCLI[9].Size || api.GroupA != num("groupA") || api.GroupB != num("groupB") ||
		api.Pairs != num("pairs") || api.Connected != num("connected") {
		t.Errorf("bridges between communities 9 and 10: CLI %v, API %+v", b, api)
	}
	places, _ := b["places"].([]any)
	if len(places) == 0 || len(places) != len(api.Places) {
		t.Fatalf("bridges: CLI places %v, API %+v", places, api.Places)
	}
	for i, p := range places {
		p := p.(map[string]any)
		a := api.Places[i]
		if p["id"] != a.City.ID || p["inA"] != a.InA || p["inB"] != a.InB {
			t.Errorf("bridge %d: CLI %v, API %+v", i+1, p, a)
		}
	}
}
