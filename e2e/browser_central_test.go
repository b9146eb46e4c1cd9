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

	// Brokers (GraphQL brokerage): every row and measure as the API gives it.
	type broker struct {
		Rank, Degree                                                                int
		EffectiveSize, Constraint, ParticipationCountries, ParticipationCommunities float64
		City                                                                        struct{ ID, Name, Country string }
	}
	brokers := func(by, scope string, top int) []broker {
		return data[struct{ Brokerage []broker }](t, srv.query(t, `query($top: Int) { brokerage(by: `+by+`, scope: `+scope+`, top: $top) {
			rank degree effectiveSize constraint participationCountries participationCommunities city { id name country } } }`,
			map[string]any{"top": top})).Brokerage
	}
	type brokerRow struct{ ID, Rank, Name, Degree, EffectiveSize, Constraint, PCountries, PCommunities string }
	checkBrokers := func(what string, want []broker, lang string) {
		t.Helper()
		got := evalJS[[]brokerRow](p, `[...document.querySelectorAll('table[data-table=brokers] tbody tr')].map(tr => {
			const td = tr.querySelectorAll('td'), c = (k) => tr.querySelector('[data-col=' + k + ']').textContent;
			return {ID: tr.dataset.id, Rank: c('rank'), Name: td[1].textContent, Degree: c('degree'), EffectiveSize: c('effectiveSize'),
				Constraint: c('constraint'), PCountries: c('pCountries'), PCommunities: c('pCommunities')};
		})`)
		if len(got) != len(want) || len(want) == 0 {
			t.Fatalf("%s brokers: %d rows shown, the API ranks %d", what, len(got), len(want))
		}
		parse := func(s string) float64 {
			if lang == "de" {
				s = strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
			} else {
				s = strings.ReplaceAll(s, ",", "")
			}
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Errorf("%s brokers: %q is not a number", what, s)
			}
			return v
		}
		for i, w := range want {
			g := got[i]
			if g.ID != w.City.ID || g.Name != w.City.Name || g.Rank != strconv.Itoa(w.Rank) || parse(g.Degree) != float64(w.Degree) {
				t.Errorf("%s brokers row %d: %+v, the API has %d %s (%d partners)", what, i+1, g, w.Rank, w.City.Name, w.Degree)
			}
			for _, c := range []struct {
				name      string
				shown     string
				api, tick float64
			}{{"effective size", g.EffectiveSize, w.EffectiveSize, 0.005}, {"constraint", g.Constraint, w.Constraint, 0.0005},
				{"participation (countries)", g.PCountries, w.ParticipationCountries, 0.005}, {"participation (communities)", g.PCommunities, w.ParticipationCommunities, 0.005}} {
				if v := parse(c.shown); math.Abs(v-c.api) > c.tick+1e-9 {
					t.Errorf("%s %s %s: %q shown, the API gives %g", what, w.City.Name, c.name, c.shown, c.api)
				}
			}
		}
		t.Logf("%s brokers: %d rows match the API (first %s, effective size %.2f, constraint %.3f)", what, len(got), want[0].City.Name, want[0].EffectiveSize, want[0].Constraint)
	}

	p.open("#/central?lang=en", "central")
	whole := query("{}", "")
	check("whole graph", whole)
	checkBrokers("whole graph", brokers("EFFECTIVE_SIZE", "{}", 25), "en")
	// Ranked by constraint instead, chosen in the form (lowest first).
	p.do(selectValue(`#centralbroker`, "CONSTRAINT"))
	p.waitView("central")
	byConstraint := brokers("CONSTRAINT", "{}", 25)
	checkBrokers("whole graph, by constraint", byConstraint, "en")
	for i := 1; i < len(byConstraint); i++ {
		if byConstraint[i].Constraint < byConstraint[i-1].Constraint {
			t.Errorf("brokerage by constraint is not lowest first at %d", i)
		}
	}
	// In German: the same rows, German headings and number format.
	p.goTo("#/central?broker=CONSTRAINT&lang=de", "central")
	checkBrokers("whole graph, by constraint, German", byConstraint, "de")
	if h := p.text(`table[data-table=brokers] thead`); !strings.Contains(h, "Effektive Größe") || !strings.Contains(h, "Partizipation (Länder)") {
		t.Errorf("German broker headings: %q", h)
	}
	p.shot("central-brokers-de")
	p.goTo("#/central?lang=en", "central")
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
	// German places only: the German places among the 100 strongest brokers
	// of the Land's links, with their rank among all places.
	var bwBrokers []broker
	for _, b := range brokers("EFFECTIVE_SIZE", `{states: ["DE-BW"]}`, 100) {
		if b.City.Country == "DE" && len(bwBrokers) < 25 {
			bwBrokers = append(bwBrokers, b)
		}
	}
	checkBrokers("DE-BW, German places", bwBrokers, "en")
	p.shot("central-bridging")
	p.noMissingTexts()
}
