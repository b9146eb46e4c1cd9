package analytics

import (
	"reflect"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

func TestAsOf(t *testing.T) {
	p := NewProjection(covSnapshot())
	for _, tc := range []struct {
		date  graph.Date
		links []int // indices into covSnapshot's partnerships
	}{
		// 1 January 1950: nothing; the undated L10 is in no as-of view.
		{graph.NewDate(1950, 0, 0), nil},
		// June 2000 and 1 January 2000: L5 ended in 2000, on a day nobody
		// knows: uncertain, so not in the view.
		{graph.NewDate(2000, 6, 0), []int{0, 3, 5, 7}},
		{graph.NewDate(2000, 0, 0), []int{0, 3, 5, 7}},
		// 1 May 2022: L3 (2022) and L2 (2022-05) began on days nobody
		// knows: uncertain.
		{graph.NewDate(2022, 5, 1), []int{0, 3, 5, 6, 7}},
		{graph.NewDate(2022, 4, 30), []int{0, 3, 5, 6, 7}},
		// 1 June 2022: L2 certainly runs, L3 still uncertain.
		{graph.NewDate(2022, 6, 1), []int{0, 1, 3, 5, 6, 7}},
		{graph.NewDate(2023, 1, 1), []int{0, 1, 2, 3, 5, 6, 7}},
	} {
		v := AsOf(p, tc.date)
		want := []graph.Partnership{}
		for _, i := range tc.links {
			want = append(want, p.snapshot.Partnerships[i])
		}
		if !reflect.DeepEqual(v.links, want) {
			t.Errorf("as of %s: %d links %v, want %v", tc.date, len(v.links), v.links, want)
		}
		if v.N() != p.N() || v.version != p.version || v.filter.AsOf != tc.date {
			t.Errorf("as of %s: %d nodes, version %d, filter %+v", tc.date, v.N(), v.version, v.filter)
		}
	}
}

func TestDiff(t *testing.T) {
	p := NewProjection(covSnapshot())
	c, err := Diff(p, graph.NewDate(2000, 0, 0), graph.NewDate(2023, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	ids := func(ls []LinkChange) [][2]string {
		out := [][2]string{}
		for _, l := range ls {
			out = append(out, [2]string{l.A, l.B})
		}
		return out
	}
	// Added after 1 January 2000 up to 1 January 2023: L2, L3, L7; L9
	// (2023) may have begun on 1 January: uncertain.
	if got, want := ids(c.Added), [][2]string{{"DE:08111000", "UA:kyiv"}, {"DE:08222000", "UA:kyiv"}, {"DE:08115000", "PL:lublin"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("added %v, want %v", got, want)
	}
	if got, want := ids(c.Ended), [][2]string{{"DE:05315000", "FR:lyon"}}; !reflect.DeepEqual(got, want) {
		t.Errorf("ended %v, want %v", got, want)
	}
	if got, want := ids(c.Uncertain), [][2]string{{"DE:08222000", "UA:kyiv"}}; !reflect.DeepEqual(got, want) || c.Uncertain[0].Since != graph.NewDate(2023, 0, 0) {
		t.Errorf("uncertain %v, want %v", c.Uncertain, want)
	}
	if !reflect.DeepEqual(c.UncertainByKind, []KeyCount{{"FRIENDSHIP", 1}}) || !reflect.DeepEqual(c.UncertainByCountry, []KeyCount{{"DE", 1}, {"UA", 1}}) {
		t.Errorf("uncertain counts %+v %+v", c.UncertainByKind, c.UncertainByCountry)
	}
	// On 1 January 2000 L5 may have ended (uncertain), on 1 January 2023
	// L9 may have begun; L10 has no date.
	if c.UncertainBefore != 1 || c.UncertainAfter != 1 || c.Undated != 1 || c.PausedBefore != 0 {
		t.Errorf("uncertain before/after %d/%d, undated %d, paused %d", c.UncertainBefore, c.UncertainAfter, c.Undated, c.PausedBefore)
	}
	want := Change{
		AddedByKind:    []KeyCount{{"PARTNERSHIP", 1}, {"FRIENDSHIP", 1}, {"PROJECT", 1}},
		EndedByKind:    []KeyCount{{"PARTNERSHIP", 1}},
		AddedByCountry: []KeyCount{{"DE", 3}, {"UA", 2}, {"PL", 1}},
		EndedByCountry: []KeyCount{{"DE", 1}, {"FR", 1}},
		LinksBefore:    4,
		LinksAfter:     7,
	}
	if !reflect.DeepEqual(c.AddedByKind, want.AddedByKind) || !reflect.DeepEqual(c.EndedByKind, want.EndedByKind) ||
		!reflect.DeepEqual(c.AddedByCountry, want.AddedByCountry) || !reflect.DeepEqual(c.EndedByCountry, want.EndedByCountry) ||
		c.LinksBefore != want.LinksBefore || c.LinksAfter != want.LinksAfter {
		t.Errorf("counts:\n got %+v %+v %+v %+v %d %d\nwant %+v", c.AddedByKind, c.EndedByKind, c.AddedByCountry, c.EndedByCountry, c.LinksBefore, c.LinksAfter, want)
	}
	first := c.Added[0]
	if first.AName != "Stuttgart" || first.BName != "Kyiv" || first.ACountry != "DE" || first.BCountry != "UA" ||
		first.Kind != graph.KindFriendship || first.Since != graph.NewDate(2022, 5, 0) {
		t.Errorf("first added link: %+v", first)
	}
	// The counts agree with the as-of views.
	if c.LinksBefore != len(AsOf(p, c.From).links) || c.LinksAfter != len(AsOf(p, c.To).links) {
		t.Errorf("links before/after %d/%d disagree with the as-of views", c.LinksBefore, c.LinksAfter)
	}

	// Nothing changes within a day.
	same, err := Diff(p, graph.NewDate(2022, 0, 0), graph.NewDate(2022, 0, 0))
	if err != nil || len(same.Added) != 0 || len(same.Ended) != 0 || same.Added == nil {
		t.Errorf("empty diff: %+v, %v", same, err)
	}

	for _, tc := range []struct{ from, to graph.Date }{
		{graph.Date{}, graph.NewDate(2020, 0, 0)},
		{graph.NewDate(2020, 0, 0), graph.Date{}},
		{graph.NewDate(2020, 0, 0), graph.NewDate(2019, 12, 31)},
	} {
		if _, err := Diff(p, tc.from, tc.to); graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("Diff(%s, %s): %v, want INVALID", tc.from, tc.to, err)
		}
	}
}
