package server

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestExportCommunity: /export?community=N writes the community networkView
// draws (the same places and links), in every format; a community is taken
// whole, an unknown number is NOT_FOUND.
func TestExportCommunity(t *testing.T) {
	e := newExportEnv(t)
	var view struct {
		Data struct {
			Kyiv struct {
				Nodes []struct {
					ID        string
					Community int
				}
			}
			Comm struct {
				Nodes []struct{ ID string }
				Links []struct{ Source, Target string }
			}
		}
	}
	// The community of Kyiv, then that community as networkView draws it.
	w := e.query(t, `{ kyiv: networkView(city: "UA:kyiv", depth: 1) { nodes { id community } } }`, nil, nil)
	if err := json.Unmarshal(w.body, &view); err != nil || len(w.gql.Errors) > 0 {
		t.Fatalf("networkView: %s", w.body)
	}
	c := -1
	for _, n := range view.Data.Kyiv.Nodes {
		if n.ID == "UA:kyiv" {
			c = n.Community
		}
	}
	if c < 0 {
		t.Fatalf("no community for Kyiv: %s", w.body)
	}
	w = e.query(t, `query($c: Int) { comm: networkView(community: $c) { nodes { id } links { source target } } }`, map[string]any{"c": c}, nil)
	if err := json.Unmarshal(w.body, &view); err != nil || len(w.gql.Errors) > 0 || len(view.Data.Comm.Nodes) < 2 {
		t.Fatalf("networkView(community: %d): %s", c, w.body)
	}
	var wantIDs []string
	for _, n := range view.Data.Comm.Nodes {
		wantIDs = append(wantIDs, n.ID)
	}
	slices.Sort(wantIDs)

	cs := strconv.Itoa(c)
	w = e.get(t, "/export?format=csv-places&csv=rfc4180&community="+cs)
	if w.status != http.StatusOK || w.header.Get("Content-Disposition") != `attachment; filename="citygraph_community-`+cs+`-seed-1_places.csv"` {
		t.Fatalf("status %d, headers %v, body %.200s", w.status, w.header, w.body)
	}
	rows, err := csv.NewReader(strings.NewReader(string(w.body))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var gotIDs []string
	for _, r := range rows[1:] {
		gotIDs = append(gotIDs, r[0])
	}
	slices.Sort(gotIDs)
	if !slices.Equal(gotIDs, wantIDs) {
		t.Errorf("exported places %v, networkView draws %v", gotIDs, wantIDs)
	}
	if got := w.header.Get("X-Citygraph-Links"); got != strconv.Itoa(len(view.Data.Comm.Links)) {
		t.Errorf("X-Citygraph-Links %s, networkView draws %d links", got, len(view.Data.Comm.Links))
	}
	// The same seed given explicitly is the same community; GraphML holds its places.
	w = e.get(t, "/export?format=graphml&community="+cs+"&seed=1")
	if w.status != http.StatusOK || w.header.Get("X-Citygraph-Nodes") != strconv.Itoa(len(wantIDs)) ||
		w.header.Get("X-Citygraph-Links") != strconv.Itoa(len(view.Data.Comm.Links)) {
		t.Errorf("graphml: %d, headers %v", w.status, w.header)
	}
	for _, id := range wantIDs {
		if !strings.Contains(string(w.body), `<node id="`+id+`"`) {
			t.Errorf("graphml lacks the node %s", id)
		}
	}

	for _, tc := range []struct {
		url    string
		status int
		code   string
	}{
		{"/export?format=csv&community=999", 404, "NOT_FOUND"},
		{"/export?format=csv&community=-1", 400, "INVALID"},
		{"/export?format=csv&community=one", 400, "INVALID"},
		{"/export?format=csv&community=0&city=Berlin", 400, "INVALID"},
		{"/export?format=csv&community=0&countries=DE,UA", 400, "INVALID"},
		{"/export?format=csv&community=0&kinds=PARTNERSHIP", 400, "INVALID"},
		{"/export?format=csv&seed=2", 400, "INVALID"},
		{"/export?format=csv&community=0&seed=0", 400, "INVALID"},
	} {
		w := e.get(t, tc.url)
		var body struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal(w.body, &body); err != nil || w.status != tc.status || body.Error.Code != tc.code || body.Error.Message == "" {
			t.Errorf("%s: %d %s, want %d %s", tc.url, w.status, w.body, tc.status, tc.code)
		}
	}
}
