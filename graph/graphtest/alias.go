package graphtest

import (
	"context"
	"slices"

	"github.com/citygraph/citygraph/graph"
)

// testAliases: an alias merges two ids into one place. The alias id's
// place goes (its names, sources and the values the kept place lacks stay
// with the kept place), its links move to the kept id and merge with the
// links that are already there, a link between the two is dropped, and the
// alias is kept with its source, so that later batches naming the alias id
// land on the kept place. Chains resolve to their end; contradictions are
// EINVALID and change nothing.
func testAliases(h *harness) {
	src := func(f string, line int) []graph.Source { return []graph.Source{{File: f, Line: line}} }
	h.apply(&graph.Batch{
		Municipalities: []graph.Municipality{
			{ID: "UA:kyiv", Name: "Kyiv", Country: "UA", Population: 2952301, GeoNamesID: 703448, Sources: src("a.csv", 2)},
			{ID: "UA:kiew~unlisted", Name: "Kiew", Country: "UA", Lat: 50.45, Lon: 30.52, HasCoords: true, Wikidata: "Q1899", Sources: src("b.csv", 3)},
			{ID: "DE:08222000", Name: "Mannheim", Country: "DE"},
			{ID: "DE:05315000", Name: "Köln", Country: "DE"},
		},
		Partnerships: []graph.Partnership{
			{A: "DE:08222000", B: "UA:kyiv", Kind: graph.KindPartnership, Since: graph.NewDate(2023, 0, 0), Sources: src("a.csv", 2)},
			{A: "DE:08222000", B: "UA:kiew~unlisted", Kind: graph.KindPartnership, Since: graph.NewDate(2023, 5, 0), Sources: src("b.csv", 3)},
			{A: "DE:05315000", B: "UA:kiew~unlisted", Kind: graph.KindFriendship, Sources: src("b.csv", 4)},
			{A: "UA:kyiv", B: "UA:kiew~unlisted", Kind: graph.KindContact},
		},
		Networks:    []graph.Network{{ID: "eurocities", Name: "Eurocities"}},
		Memberships: []graph.Membership{{Municipality: "UA:kiew~unlisted", Network: "eurocities", Role: "member"}},
	})
	alias := &graph.Batch{Import: graph.ImportRecord{File: "aliases.csv", SHA256: "alias-1", Kind: "aliases", Rows: 1},
		Aliases: []graph.Alias{{Alias: "UA:kiew~unlisted", Place: "UA:kyiv", Sources: src("aliases.csv", 2)}}}
	h.apply(alias)
	s := h.snapshot()
	ids := func() []string {
		var out []string
		for _, m := range s.Municipalities {
			out = append(out, m.ID)
		}
		return out
	}
	if got := ids(); !slices.Equal(got, []string{"DE:05315000", "DE:08222000", "UA:kyiv"}) {
		h.t.Fatalf("places after the alias: %v", got)
	}
	kyiv := s.Municipalities[2]
	want := graph.Municipality{ID: "UA:kyiv", Name: "Kyiv", AltNames: []string{"Kiew"}, Country: "UA", Population: 2952301,
		Lat: 50.45, Lon: 30.52, HasCoords: true, GeoNamesID: 703448, Wikidata: "Q1899",
		Sources: []graph.Source{{File: "a.csv", Line: 2}, {File: "b.csv", Line: 3}}}
	if !deepEqual(kyiv, want) {
		h.t.Errorf("kept place\n\tgot  %+v\n\twant %+v", kyiv, want)
	}
	var keys []string
	for _, p := range s.Partnerships {
		keys = append(keys, p.Key())
		if p.Key() == "DE:08222000|UA:kyiv|PARTNERSHIP" && (len(p.Sources) != 2 || p.Since != graph.NewDate(2023, 5, 0)) {
			h.t.Errorf("the two links did not merge: %+v", p)
		}
	}
	if !slices.Equal(keys, []string{"DE:05315000|UA:kyiv|FRIENDSHIP", "DE:08222000|UA:kyiv|PARTNERSHIP"}) {
		h.t.Errorf("links after the alias: %v", keys)
	}
	if len(s.Memberships) != 1 || s.Memberships[0].Municipality != "UA:kyiv" {
		h.t.Errorf("memberships after the alias: %+v", s.Memberships)
	}
	wantAlias := []graph.Alias{{Alias: "UA:kiew~unlisted", Place: "UA:kyiv", Sources: src("aliases.csv", 2)}}
	if !deepEqual(s.Aliases, wantAlias) {
		h.t.Errorf("aliases %+v, want %+v", s.Aliases, wantAlias)
	}

	// The same file again changes nothing.
	if st := h.apply(alias); st.Changed() {
		h.t.Errorf("the alias again changed the store: %+v", st)
	}

	// A later source naming the alias id lands on the kept place.
	h.apply(&graph.Batch{
		Municipalities: []graph.Municipality{{ID: "UA:kiew~unlisted", Name: "Kiew", Country: "UA", Sources: src("c.csv", 5)}},
		Partnerships:   []graph.Partnership{{A: "UA:kiew~unlisted", B: "DE:08222000", Kind: graph.KindProject, Sources: src("c.csv", 5)}},
	})
	s = h.snapshot()
	if got := ids(); !slices.Equal(got, []string{"DE:05315000", "DE:08222000", "UA:kyiv"}) {
		h.t.Errorf("places after a source naming the alias: %v", got)
	}
	if k := s.Municipalities[2]; k.Name != "Kyiv" || len(k.Sources) != 3 {
		h.t.Errorf("kept place after a source naming the alias: %+v", k)
	}

	// An alias of the alias is an alias of the kept place.
	h.apply(&graph.Batch{Municipalities: []graph.Municipality{{ID: "UA:kyjiw", Name: "Kyjiw", Country: "UA"}},
		Partnerships: []graph.Partnership{{A: "UA:kyjiw", B: "DE:05315000", Kind: graph.KindFriendship, Sources: src("d.csv", 2)}}})
	h.apply(&graph.Batch{Aliases: []graph.Alias{{Alias: "UA:kyjiw", Place: "UA:kiew~unlisted", Sources: src("aliases2.csv", 2)}}})
	s = h.snapshot()
	if len(s.Aliases) != 2 || !deepEqual(s.Aliases[1], graph.Alias{Alias: "UA:kyjiw", Place: "UA:kyiv", Sources: src("aliases2.csv", 2)}) {
		h.t.Errorf("aliases after a chain: %+v", s.Aliases)
	}

	// A place that becomes an alias takes its aliases along.
	h.apply(&graph.Batch{Municipalities: []graph.Municipality{{ID: "UA:kyiv-city", Name: "Kyiv City", Country: "UA"}},
		Aliases: []graph.Alias{{Alias: "UA:kyiv", Place: "UA:kyiv-city"}}})
	s = h.snapshot()
	for _, a := range s.Aliases {
		if a.Place != "UA:kyiv-city" {
			h.t.Errorf("alias %s still names %s", a.Alias, a.Place)
		}
	}

	// Contradictions change nothing.
	ctx := context.Background()
	for _, b := range []struct {
		name    string
		b       *graph.Batch
		mention string
	}{
		{"another place", &graph.Batch{Aliases: []graph.Alias{{Alias: "UA:kiew~unlisted", Place: "DE:05315000"}}}, "already"},
		{"a cycle", &graph.Batch{Aliases: []graph.Alias{{Alias: "UA:kyiv-city", Place: "UA:kyjiw"}}}, "aliases of each other"},
		{"itself", &graph.Batch{Aliases: []graph.Alias{{Alias: "DE:05315000", Place: "DE:05315000"}}}, "alias of itself"},
		{"unknown place", &graph.Batch{Aliases: []graph.Alias{{Alias: "DE:05315000", Place: "XX:nowhere"}}}, "XX:nowhere"},
		{"two places", &graph.Batch{Aliases: []graph.Alias{{Alias: "DE:05315000", Place: "DE:08222000"}, {Alias: "DE:05315000", Place: "UA:kyiv-city"}}}, "one id is one place"},
	} {
		if _, err := h.m.apply(b.b); err == nil {
			h.t.Errorf("%s: the model accepts the batch", b.name)
		}
		h.t.Logf("contradiction: %s", b.name)
		h.fail(ctx, b.b, graph.EINVALID, b.mention)
	}
}
