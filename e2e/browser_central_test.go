package e2e

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCentralPlaces: who are the central and bridging places? The
// central-places view ranks places by betweenness and degree, for the whole
// graph and for the links of one Land; every number shown is the API's, the
// "bridge, not hub" marks follow from the two lists, the CSV holds the table.
func TestBrowserCentralPlaces(t *testing.T) {
	srv := serve(t, nil, false, "--store", demoCopy(t))
	p := newPage(t, srv.base)
	type ranked struct {
		Rank  int
		Score float64
		City  struct{ ID, Name, Country, State string }
	}
	type lists struct{ Betweenness, Degree []ranked }
	query := func(scope string, country string) lists {
		return data[lists](t, srv.query(t, `query($country: String) {
			betweenness: centrality(metric: BETWEENNESS, scope: `+scope+`, country: $country, top: 25) { rank score city { id name country state } }
			degree: centrality(metric: DEGREE, scope: `+scope+`, country: $country, top: 25) { rank score city { id name country state } }
		}`, map[string]any{"country": country}))
	}
	type row struct{ Rank, Name, Score, Badge string }
	shown := func(table string) []row {
		return evalJS[[]row](p, `[...document.querySelectorAll('table[data-table=`+table+`] tbody tr')].map(tr => {
			const td = tr.querySelectorAll('td');
			return {Rank: td[0].textContent, Name: td[1].textContent, Score: td[4].textContent, Badge: td[5].textContent};
		})`)
	}
	check := func(what string, want lists) {
		t.Helper()
		if len(want.Betweenness) < 10 || len(want.Degree) < 10 {
			t.Fatalf("%s: the API ranks only %d / %d places", what, len(want.Betweenness), len(want.Degree))
		}
		inDegree, inBetweenness := map[string]bool{}, map[string]bool{}
		for _, r := range want.Degree {
			inDegree[r.City.ID] = true
		}
		for _, r := range want.Betweenness {
			inBetweenness[r.City.ID] = true
		}
		for _, c := range []struct {
			table  string
			want   []ranked
			other  map[string]bool
			marker string
		}{{"bridging", want.Betweenness, inDegree, "bridge, not hub"}, {"central", want.Degree, inBetweenness, "hub, not bridge"}} {
			got := shown(c.table)
			if len(got) != len(c.want) {
				t.Errorf("%s %s: %d rows, the API ranks %d", what, c.table, len(got), len(c.want))
				continue
			}
			marked := 0
			for i, w := range c.want {
				g := got[i]
				if g.Name != w.City.Name || g.Rank != strconv.Itoa(w.Rank) {
					t.Errorf("%s %s row %d: %s %q, the API has %d %q", what, c.table, i+1, g.Rank, g.Name, w.Rank, w.City.Name)
				}
				if v, err := strconv.ParseFloat(strings.ReplaceAll(g.Score, ",", ""), 64); err != nil || math.Abs(v-w.Score) > 0.051 {
					t.Errorf("%s %s %s: score %q shown, the API gives %g", what, c.table, w.City.Name, g.Score, w.Score)
				}
				if want := !c.other[w.City.ID]; (g.Badge == c.marker) != want {
					t.Errorf("%s %s %s: mark %q, want marked=%v", what, c.table, w.City.Name, g.Badge, want)
				}
				if g.Badge != "" {
					marked++
				}
			}
			t.Logf("%s %s: %d places, %d marked %q", what, c.table, len(got), marked, c.marker)
		}
	}

	p.open("#/central?lang=en", "central")
	whole := query("{}", "")
	check("whole graph", whole)
	p.do(chromedp.Click(chromedp.CSS(`section [data-csv="bridges-graph.csv"]`)))
	csv := string(p.downloaded("bridges-graph.csv"))
	lines := strings.Split(strings.TrimSpace(strings.TrimPrefix(csv, "\uFEFF")), "\n")
	if len(lines) != len(whole.Betweenness)+1 {
		t.Errorf("CSV has %d lines, want a header and %d rows", len(lines), len(whole.Betweenness))
	}
	if first := strings.Split(lines[1], ";"); len(first) < 5 || first[1] != whole.Betweenness[0].City.Name {
		t.Errorf("CSV first row %q, want %s first", lines[1], whole.Betweenness[0].City.Name)
	}

	// One Land's links, German places only: chosen in the form, kept in the URL.
	p.do(selectValue(`#centralstate`, "DE-BW"))
	p.waitView("central")
	p.do(chromedp.Click(chromedp.CSS(`#centralgerman`)))
	p.waitView("central")
	if hash := evalJS[string](p, `location.hash`); !strings.Contains(hash, "state=DE-BW") || !strings.Contains(hash, "german=1") {
		t.Errorf("the view's state is not in the URL: %s", hash)
	}
	bw := query(`{states: ["DE-BW"]}`, "DE")
	for _, r := range bw.Betweenness {
		if r.City.Country != "DE" {
			t.Errorf("German places only, but %s is in %s", r.City.Name, r.City.Country)
		}
	}
	check("DE-BW", bw)
	p.shot("central-bridging")
	p.noMissingTexts()
}
