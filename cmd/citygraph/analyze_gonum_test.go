package main

import (
	"context"
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/citygraph/citygraph/internal/fixture"
	"github.com/rs/zerolog"
)

// fixtureStore writes the hand-drawn graph of package fixture into an
// embedded store: München, Berlin and Kyiv linked with each other (a
// ring of three), Kyiv-Kharkiv, Kharkiv-Neustadt (no coordinates),
// München-Bordeaux, Köln-Odesa.
func fixtureStore(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "fixture.db")
	st, err := sqlite.Open(context.Background(), path, zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.Apply(context.Background(), fixture.Small()); err != nil {
		t.Fatal(err)
	}
	return path
}

func runJSON[T any](t *testing.T, ta *testApp, args ...string) T {
	t.Helper()
	code, out, errs := ta.run(append(args, "--json")...)
	var res T
	if code != 0 {
		t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out)
	}
	return res
}

func pathNames(p pathJSON) string {
	names := make([]string, len(p.Places))
	for i, pl := range p.Places {
		names[i] = pl.Name
	}
	return strings.Join(names, " - ")
}

func TestAnalyzePaths(t *testing.T) {
	ta := newTestApp(t)
	store := fixtureStore(t)
	res := runJSON[pathsResult](t, ta, "analyze", "paths", "--store", store, "--from", "Munich", "--to", "Charkiw", "--k", "3")
	if res.From.ID != "DE:09162000" || res.To.ID != "UA:kharkiv" || res.K != 3 || res.By != "links" || res.Version == 0 || res.Nodes != 10 {
		t.Errorf("header %+v", res)
	}
	if len(res.Paths) != 2 || pathNames(res.Paths[0]) != "München - Kyiv - Kharkiv" || pathNames(res.Paths[1]) != "München - Berlin - Kyiv - Kharkiv" {
		t.Fatalf("paths %+v", res.Paths)
	}
	p := res.Paths[1]
	kyiv, berlin := p.Places[2], p.Places[1]
	if p.Rank != 2 || p.Length != 3 || len(p.Links) != 3 || p.Links[1].Source != berlin.ID || p.Links[1].Target != kyiv.ID ||
		p.Links[1].Kind != "FRIENDSHIP" || p.Links[1].Since.String() != "2022-05" || p.Km == nil {
		t.Errorf("second path %+v", p)
	}
	want := gazetteer.Distance(48.137, 11.575, 52.52, 13.405) + gazetteer.Distance(52.52, 13.405, 50.45, 30.523) + gazetteer.Distance(50.45, 30.523, 49.993, 36.23)
	if math.Abs(*p.Km-want) > 1e-9 {
		t.Errorf("km %v, want %v", *p.Km, want)
	}
	// Neustadt (Hessen) has no coordinates: a path by links, no length in km.
	nk := runJSON[pathsResult](t, ta, "analyze", "paths", "--store", store, "--from", "Kyiv", "--to", "DE:06435019")
	if len(nk.Paths) != 1 || nk.Paths[0].Km != nil || nk.Paths[0].Links[1].Kind != "PROJECT" {
		t.Errorf("Kyiv to Neustadt: %+v", nk.Paths)
	}
	// The scope narrows the links: without contacts Kharkiv is cut off.
	none := runJSON[pathsResult](t, ta, "analyze", "paths", "--store", store, "--from", "München", "--to", "Kharkiv", "--kind", "PARTNERSHIP,FRIENDSHIP")
	if len(none.Paths) != 0 || none.Paths == nil {
		t.Errorf("without contacts: %+v", none.Paths)
	}
	code, out, _ := ta.run("analyze", "paths", "--store", store, "--from", "München", "--to", "Kharkiv", "--by", "km")
	if code != 0 || !strings.Contains(out, "2 shortest paths from München to Kharkiv by km") || !strings.Contains(out, " 1. 2 links, ") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{
		{"--from", "München"},
		{"--from", "München", "--to", "Kyiv", "--k", "0"},
		{"--from", "München", "--to", "Kyiv", "--by", "hops"},
		{"--from", "München", "--to", "Kyiv", "--by", "km", "extra"},
	} {
		if code, _, errs := ta.run(append([]string{"analyze", "paths", "--store", store}, args...)...); code != exitUsage || errs == "" {
			t.Errorf("%v: exit %d, %q; want a usage error", args, code, errs)
		}
	}
	if code, _, errs := ta.run("analyze", "paths", "--store", store, "--from", "Kyiv", "--to", "DE:06435019", "--by", "km"); code != exitError || !strings.Contains(errs, "no coordinates") {
		t.Errorf("by km to a place without coordinates: exit %d, %q", code, errs)
	}
}

func TestAnalyzeCliques(t *testing.T) {
	ta := newTestApp(t)
	store := fixtureStore(t)
	res := runJSON[cliquesResult](t, ta, "analyze", "cliques", "--store", store)
	if res.Analysis != "cliques" || res.Count != 1 || len(res.Groups) != 1 || res.MinSize != 3 {
		t.Fatalf("cliques %+v", res)
	}
	g := res.Groups[0]
	if g.Size != 3 || g.Members[0].ID != "DE:09162000" || g.Members[1].ID != "DE:11000000" || g.Members[2].ID != "UA:kyiv" ||
		len(g.Countries) != 2 || g.Countries[0].Key != "DE" || g.Countries[0].Count != 2 {
		t.Errorf("the ring München-Berlin-Kyiv: %+v", g)
	}
	if r := runJSON[cliquesResult](t, ta, "analyze", "cliques", "--store", store, "--with-country", "France"); r.Count != 0 || r.Groups == nil {
		t.Errorf("--with-country France: %+v", r)
	}
	if r := runJSON[cliquesResult](t, ta, "analyze", "cliques", "--store", store, "--country", "DE,UA", "--with-country", "UA"); r.Count != 1 {
		t.Errorf("--country DE,UA --with-country UA: %+v", r)
	}
	comm := runJSON[cliquesResult](t, ta, "analyze", "clique-communities", "--store", store)
	if comm.Analysis != "clique-communities" || comm.K != 3 || comm.Count != 1 || comm.Groups[0].Size != 3 {
		t.Errorf("communities %+v", comm)
	}
	if r := runJSON[cliquesResult](t, ta, "analyze", "clique-communities", "--store", store, "--k", "4"); r.Count != 0 || r.MinSize != 4 {
		t.Errorf("k 4: %+v", r)
	}
	code, out, _ := ta.run("analyze", "cliques", "--store", store)
	if code != 0 || !strings.Contains(out, "1 cliques of 3 or more places") || !strings.Contains(out, "München, Berlin, Kyiv") {
		t.Errorf("table: exit %d\n%s", code, out)
	}
	for _, args := range [][]string{{"cliques", "--min-size", "2"}, {"clique-communities", "--k", "2"}, {"cliques", "--top", "0"}, {"cliques", "--with-country", "Frnace"}} {
		if code, _, errs := ta.run(append([]string{"analyze"}, append(args, "--store", store)...)...); code != exitUsage || errs == "" {
			t.Errorf("%v: exit %d, %q; want a usage error", args, code, errs)
		}
	}
}

func TestAnalyzeNearest(t *testing.T) {
	ta := newTestApp(t)
	store := fixtureStore(t)
	// München's partners are Kyiv, Berlin and Bordeaux; of their partners
	// only Kharkiv is not one of München's own (Neustadt, Kharkiv's
	// partner, has no coordinates and is not reached).
	res := runJSON[nearestResult](t, ta, "analyze", "nearest", "--store", store, "--city", "München")
	if res.City.ID != "DE:09162000" || res.MinLinks != 2 || res.MaxLinks != 2 || len(res.Places) != 1 {
		t.Fatalf("nearest %+v", res)
	}
	r := res.Places[0]
	want := gazetteer.Distance(48.137, 11.575, 50.45, 30.523) + gazetteer.Distance(50.45, 30.523, 49.993, 36.23)
	if r.Place.ID != "UA:kharkiv" || math.Abs(r.Km-want) > 1e-9 || pathNames(r.Route) != "München - Kyiv - Kharkiv" {
		t.Errorf("Kharkiv: %+v", r)
	}
	all := runJSON[nearestResult](t, ta, "analyze", "nearest", "--store", store, "--city", "München", "--min-links", "1", "--max-links", "0")
	var names []string
	for _, p := range all.Places {
		names = append(names, p.Place.Name)
	}
	if strings.Join(names, ",") != "Berlin,Bordeaux,Kyiv,Kharkiv" {
		t.Errorf("every place reached: %v", names)
	}
	if ua := runJSON[nearestResult](t, ta, "analyze", "nearest", "--store", store, "--city", "München", "--min-links", "1", "--in-country", "Ukraine"); len(ua.Places) != 2 {
		t.Errorf("--in-country Ukraine: %+v", ua.Places)
	}
	if code, _, errs := ta.run("analyze", "nearest", "--store", store, "--city", "DE:06435019"); code != exitError || !strings.Contains(errs, "no coordinates") {
		t.Errorf("from Neustadt (no coordinates): exit %d, %q", code, errs)
	}
	for _, args := range [][]string{{}, {"--city", "Kyiv", "--min-links", "0"}, {"--city", "Kyiv", "--min-links", "3", "--max-links", "2"}} {
		if code, _, errs := ta.run(append([]string{"analyze", "nearest", "--store", store}, args...)...); code != exitUsage || errs == "" {
			t.Errorf("%v: exit %d, %q; want a usage error", args, code, errs)
		}
	}
}
