package graph

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestSnapshotSort: every slice ends up ordered by its identity string,
// elements whole (each link keeps its own dates), also where that order
// differs from comparing the ends one by one ("DE:1a|..." sorts before
// "DE:1|...", since 'a' < '|').
func TestSnapshotSort(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	ids := []string{"DE:1", "DE:1a", "DE:1|", "DE:10", "UA:x", "UA:x~", "PL:ö"}
	var s Snapshot
	year := 1950
	for _, a := range ids {
		for _, b := range ids {
			if a < b {
				for _, k := range []Kind{"PARTNERSHIP", "FRIENDSHIP"} {
					year++
					s.Partnerships = append(s.Partnerships, Partnership{A: a, B: b, Kind: k, Since: Date{Year: year}})
				}
			}
		}
		s.Municipalities = append(s.Municipalities, Municipality{ID: a, Name: "name of " + a})
		s.Memberships = append(s.Memberships, Membership{Municipality: a, Network: "n" + strconv.Itoa(len(a))})
	}
	want := map[string]int{}
	for _, p := range s.Partnerships {
		want[p.Key()] = p.Since.Year
	}
	for range 20 {
		rnd.Shuffle(len(s.Partnerships), func(i, j int) { s.Partnerships[i], s.Partnerships[j] = s.Partnerships[j], s.Partnerships[i] })
		rnd.Shuffle(len(s.Municipalities), func(i, j int) { s.Municipalities[i], s.Municipalities[j] = s.Municipalities[j], s.Municipalities[i] })
		rnd.Shuffle(len(s.Memberships), func(i, j int) { s.Memberships[i], s.Memberships[j] = s.Memberships[j], s.Memberships[i] })
		s.Sort()
		if !slices.IsSortedFunc(s.Partnerships, func(a, b Partnership) int { return strings.Compare(a.Key(), b.Key()) }) {
			t.Fatalf("links not in key order: %v", s.Partnerships)
		}
		if len(s.Partnerships) != len(want) {
			t.Fatalf("%d links after sorting, want %d", len(s.Partnerships), len(want))
		}
		for _, p := range s.Partnerships {
			if want[p.Key()] != p.Since.Year {
				t.Fatalf("link %s has since %d, want %d: elements mixed up", p.Key(), p.Since.Year, want[p.Key()])
			}
		}
		if !slices.IsSortedFunc(s.Municipalities, func(a, b Municipality) int { return strings.Compare(a.ID, b.ID) }) {
			t.Fatalf("places not in id order: %v", s.Municipalities)
		}
		for _, m := range s.Municipalities {
			if m.Name != "name of "+m.ID {
				t.Fatalf("place %s carries %q", m.ID, m.Name)
			}
		}
		if !slices.IsSortedFunc(s.Memberships, func(a, b Membership) int { return strings.Compare(a.Key(), b.Key()) }) {
			t.Fatalf("memberships not in key order: %v", s.Memberships)
		}
	}
	// The fixture is one where ends compared one by one give another order.
	byEnds := slices.Clone(s.Partnerships)
	slices.SortFunc(byEnds, func(a, b Partnership) int {
		return cmp.Or(strings.Compare(a.A, b.A), strings.Compare(a.B, b.B), strings.Compare(string(a.Kind), string(b.Kind)))
	})
	if slices.EqualFunc(byEnds, s.Partnerships, func(a, b Partnership) bool { return a.Key() == b.Key() }) {
		t.Error("the fixture does not tell key order from end-by-end order")
	}
}
