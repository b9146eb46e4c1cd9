package resolvers

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/identity"
	"github.com/citygraph/citygraph/schema"
)

// sortCities orders by the ranks built with the state; they give the order
// of a direct comparison of the fields (ties by id), in both directions.
func TestSortCitiesByRanks(t *testing.T) {
	snap := analytics.SyntheticTwinGraph(2000, 3)
	for i := range snap.Municipalities {
		snap.Municipalities[i].Population = (i * 7919) % 50 // many ties
		snap.Municipalities[i].Name = fmt.Sprintf("Place %d", (i*31)%97)
	}
	s := newState(analytics.NewProjection(snap), nil)
	direct := func(field schema.CityOrderField, desc bool) func(a, b int32) int {
		return func(a, b int32) int {
			var c int
			switch field {
			case schema.CityOrderFieldPopulation:
				c = cmp.Compare(s.p.Node(a).Population, s.p.Node(b).Population)
			case schema.CityOrderFieldPartnerships:
				c = cmp.Compare(len(s.p.LinksOf(a)), len(s.p.LinksOf(b)))
			case schema.CityOrderFieldName:
				c = cmp.Compare(s.sortKey(a), s.sortKey(b))
			}
			if desc {
				c = -c
			}
			return cmp.Or(c, cmp.Compare(a, b))
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	var some []int32
	for i := range int32(s.p.N()) {
		if rng.IntN(3) == 0 {
			some = append(some, i)
		}
	}
	for _, field := range []schema.CityOrderField{schema.CityOrderFieldName, schema.CityOrderFieldPopulation, schema.CityOrderFieldPartnerships} {
		for _, dir := range []schema.Direction{schema.DirectionAsc, schema.DirectionDesc} {
			got := slices.Clone(some)
			rng.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
			s.sortCities(got, &schema.CityOrder{Field: field, Direction: dir})
			want := slices.Clone(some)
			slices.SortFunc(want, direct(field, dir == schema.DirectionDesc))
			if !slices.Equal(got, want) {
				t.Errorf("%s %s: the order differs from a direct comparison", field, dir)
			}
		}
	}
	got := []int32{5, 3, 9}
	s.sortCities(got, &schema.CityOrder{Field: schema.CityOrderFieldID, Direction: schema.DirectionDesc})
	if !slices.Equal(got, []int32{3, 5, 9}) {
		t.Errorf("by id: %v", got)
	}
}

// rankedPage gives the page that sorting the whole list and cutting the
// window out of it gives, for every cursor and page size.
func TestRankedPageIsTheWindowOfTheSortedList(t *testing.T) {
	snap := analytics.SyntheticTwinGraph(600, 4)
	for i := range snap.Municipalities {
		snap.Municipalities[i].Population = (i * 7919) % 30
	}
	s := newState(analytics.NewProjection(snap), nil)
	r := &Resolver{maxPage: 50}
	rng := rand.New(rand.NewPCG(3, 4))
	var idx []int32
	for i := range int32(s.p.N()) {
		if rng.IntN(4) == 0 {
			idx = append(idx, i)
		}
	}
	key := func(i int32) string { return s.p.Node(i).ID }
	for _, field := range []schema.CityOrderField{schema.CityOrderFieldPopulation, schema.CityOrderFieldPartnerships, schema.CityOrderFieldName, schema.CityOrderFieldID} {
		for _, dir := range []schema.Direction{schema.DirectionAsc, schema.DirectionDesc} {
			o := &schema.CityOrder{Field: field, Direction: dir}
			sorted := slices.Clone(idx)
			s.sortCities(sorted, o)
			for _, size := range []int{0, 1, 7, 50} {
				for _, from := range []int{-1, 0, 5, len(sorted) - 3, len(sorted) - 1} {
					var after *string
					if from >= 0 {
						c := encodeCursor("city", key(sorted[from]))
						after = &c
					}
					lo, hi, err := r.window(len(sorted), func(k int) string { return key(sorted[k]) }, "city", &size, after)
					if err != nil {
						t.Fatal(err)
					}
					got, glo, err := r.rankedPage(idx, s.rank(field, dir == schema.DirectionDesc), s.p.IndexOf, "city", &size, after)
					if err != nil || glo != lo || !slices.Equal(got, sorted[lo:hi]) {
						t.Errorf("%s %s first %d after #%d: page %v at %d (%v), want %v at %d", field, dir, size, from, got, glo, err, sorted[lo:hi], lo)
					}
				}
			}
		}
	}
	// A cursor of a place not in the list, or of no place, is INVALID.
	var outside int32 = -1
	for i := range int32(s.p.N()) {
		if !slices.Contains(idx, i) {
			outside = i
			break
		}
	}
	for _, c := range []string{encodeCursor("city", key(outside)), encodeCursor("city", "XX:nowhere"), encodeCursor("link", key(idx[0]))} {
		if _, _, err := r.rankedPage(idx, s.rank(schema.CityOrderFieldName, false), s.p.IndexOf, "city", nil, &c); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("cursor %q: %v, want INVALID", c, err)
		}
	}
	big := 51
	if _, _, err := r.rankedPage(idx, s.rank(schema.CityOrderFieldName, false), s.p.IndexOf, "city", &big, nil); graph.ErrorCode(err) != graph.EINVALID {
		t.Errorf("first 51 of at most 50: %v", err)
	}
}

// The packed search keys give each place what the names it has give.
func TestPackedSearchKeys(t *testing.T) {
	snap := analytics.SyntheticTwinGraph(300, 6)
	for i := range snap.Municipalities {
		m := &snap.Municipalities[i]
		m.Name = fmt.Sprintf("Bad Ort-%d am Main", i)
		if i%3 == 0 {
			m.AltNames = []string{"Ort " + strconv.Itoa(i), "Ørt Ünd"}
		}
		if i%7 == 0 {
			m.Name = "—" // no letters or digits: no name key
		}
	}
	s := newState(analytics.NewProjection(snap), nil)
	for i := range int32(s.p.N()) {
		m := s.p.Node(i)
		var want []string
		for _, n := range append([]string{m.Name}, m.AltNames...) {
			for _, k := range identity.NameKeysOf(n) {
				if !slices.Contains(want, k) {
					want = append(want, k)
				}
			}
		}
		if got := s.search(i); got != strings.Join(want, "\n") {
			t.Fatalf("search(%d) = %q, want %q", i, got, strings.Join(want, "\n"))
		}
		wantKey := ""
		if ks := identity.NameKeysOf(m.Name); len(ks) > 0 {
			wantKey = ks[0]
		}
		if got := s.sortKey(i); got != wantKey {
			t.Fatalf("sortKey(%d) = %q, want %q", i, got, wantKey)
		}
	}
}

// sortCities sorts node indices by the order asked for, ties by id, by
// the ranks the state builds (the cities list orders a page the same way).
func (s *state) sortCities(idx []int32, o *schema.CityOrder) {
	field, desc := schema.CityOrderFieldName, false
	if o != nil {
		field, desc = o.Field, o.Direction == schema.DirectionDesc
	}
	if field == schema.CityOrderFieldID {
		slices.Sort(idx) // index order is id order
		return
	}
	// The places' ranks in this order, computed once per projection: a
	// comparison of two integers instead of two places' fields.
	rank := s.rank(field, desc)
	slices.SortFunc(idx, func(a, b int32) int { return cmp.Compare(rank[a], rank[b]) })
}
