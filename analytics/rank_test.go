package analytics

import (
	"reflect"
	"testing"
)

func TestRankOf(t *testing.T) {
	p := NewProjection(covSnapshot())
	// Degree: Stuttgart 4 partners, Mannheim 3, Lyon 3, Lublin 3, Kyiv 2,
	// Köln 2, Böblingen 1.
	deg := DegreeCentrality(p)
	for id, want := range map[string][2]int{
		"DE:08111000": {1, 7}, "DE:08222000": {2, 7}, "FR:lyon": {2, 7}, "PL:lublin": {2, 7},
		"UA:kyiv": {5, 7}, "DE:05315000": {5, 7}, "DE:08115000": {7, 7},
	} {
		i, _ := p.IndexOf(id)
		r, of := RankOf(p, deg, i)
		if [2]int{r, of} != want {
			t.Errorf("%s: rank %d of %d, want %v", id, r, of, want)
		}
	}
}

func TestInducedLinks(t *testing.T) {
	p := NewProjection(covSnapshot())
	ids := []string{"DE:08111000", "DE:08222000", "UA:kyiv"}
	var nodes []int32
	for _, id := range ids {
		i, _ := p.IndexOf(id)
		nodes = append(nodes, i)
	}
	var got [][2]string
	for _, li := range InducedLinks(p, nodes) {
		got = append(got, [2]string{p.links[li].A, p.links[li].B})
	}
	want := [][2]string{{"DE:08111000", "UA:kyiv"}, {"DE:08222000", "UA:kyiv"}, {"DE:08111000", "DE:08222000"}, {"DE:08222000", "UA:kyiv"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}
