package linkpred

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// snap builds a snapshot of places "P0", "P1", ... (country[i], "XX" when
// not given) and PARTNERSHIP links.
func snap(n int, country map[int]string, edges ...[2]int) *graph.Snapshot {
	s := &graph.Snapshot{Version: 1}
	for i := 0; i < n; i++ {
		c := country[i]
		if c == "" {
			c = "XX"
		}
		s.Municipalities = append(s.Municipalities, graph.Municipality{ID: fmt.Sprintf("P%d", i), Name: fmt.Sprintf("P%d", i), Country: c})
	}
	for _, e := range edges {
		l := graph.Partnership{A: s.Municipalities[e[0]].ID, B: s.Municipalities[e[1]].ID, Kind: graph.KindPartnership}
		l.Normalize()
		s.Partnerships = append(s.Partnerships, l)
	}
	return s
}

func byMethod(rs []Result) map[string]Result {
	out := map[string]Result{}
	for _, r := range rs {
		out[r.Method] = r
	}
	return out
}

func TestEvaluateSmallGraph(t *testing.T) {
	// 0-1, 0-2, 1-3, 2-3, 3-4; 5 alone; 0-3 hidden.
	s := snap(6, nil, [2]int{0, 1}, [2]int{0, 2}, [2]int{1, 3}, [2]int{2, 3}, [2]int{3, 4}, [2]int{0, 3})
	sp := Split{Name: "hand", Train: without(s, [][2]string{{"P0", "P3"}}), Hidden: [][2]string{{"P0", "P3"}}}
	rs, err := Evaluate(sp, []Method{AdamicAdar{}, PreferentialAttachment{}}, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := byMethod(rs)
	aa := got["Adamic-Adar"]
	// Queries 0 and 3 each find the other first: precision@10 = 1/10,
	// recall@50 = 1; every drawn negative (4 or 5 for 0, 5 for 3) scores 0.
	if aa.Queries != 2 || aa.Hidden != 2 || aa.PrecisionAt10 != 0.1 || aa.RecallAt50 != 1 || aa.AUC != 1 || aa.Answered != 1 {
		t.Errorf("Adamic-Adar: %+v", aa)
	}
	pa := got["preferential attachment"]
	// Query 0: P3 (degree 3) before P4 (1); query 3: P0 (2) is the only
	// place left that has links.
	if pa.PrecisionAt10 != 0.1 || pa.RecallAt50 != 1 || pa.AUC != 1 {
		t.Errorf("preferential attachment: %+v", pa)
	}
}

func TestEvaluateHome(t *testing.T) {
	// German places 0, 1, 2; foreign 3, 4, 5. 0 and 1 share the partner 3;
	// 1 is linked to 4; the hidden link 0-4 is abroad, the hidden 0-2 is
	// domestic and does not count.
	de := map[int]string{0: "DE", 1: "DE", 2: "DE"}
	s := snap(6, de, [2]int{0, 3}, [2]int{1, 3}, [2]int{1, 4}, [2]int{0, 4}, [2]int{0, 2}, [2]int{2, 5})
	hidden := [][2]string{{"P0", "P2"}, {"P0", "P4"}}
	sp := Split{Train: without(s, hidden), Hidden: hidden}
	rs, err := Evaluate(sp, []Method{AdamicAdar{}, PreferentialAttachment{}}, Options{Home: "DE", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	got := byMethod(rs)
	// One query (P0), one link abroad. Adamic-Adar over 3 proposes 1 only,
	// which is German: no foreign candidate at all.
	if aa := got["Adamic-Adar"]; aa.Queries != 1 || aa.Hidden != 1 || aa.PrecisionAt10 != 0 || aa.Answered != 0 || aa.AUC != 0.5 {
		t.Errorf("Adamic-Adar: %+v", aa)
	}
	// Preferential attachment: foreign places by degree: P4 (1) and P5 (1)
	// tie, P3 is already a partner. Either order puts P4 in the top 10.
	if pa := got["preferential attachment"]; pa.PrecisionAt10 != 0.1 || pa.RecallAt50 != 1 || pa.AUC != 0.5 {
		t.Errorf("preferential attachment: %+v", pa)
	}
}

func TestRandomSplit(t *testing.T) {
	var edges [][2]int
	for i := 0; i < 100; i++ {
		edges = append(edges, [2]int{i, (i + 1) % 100}, [2]int{i, (i + 7) % 100})
	}
	s := snap(100, nil, edges...)
	a, err := RandomSplit(s, 0.1, 7)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := RandomSplit(s, 0.1, 7)
	c, _ := RandomSplit(s, 0.1, 8)
	if len(a.Hidden) != 20 || len(a.Train.Partnerships) != 180 {
		t.Fatalf("hid %d, kept %d; want 20 and 180", len(a.Hidden), len(a.Train.Partnerships))
	}
	if !slices.Equal(a.Hidden, b.Hidden) {
		t.Error("the same seed hid different links")
	}
	if slices.Equal(a.Hidden, c.Hidden) {
		t.Error("another seed hid the same links")
	}
	hid := map[[2]string]bool{}
	for _, h := range a.Hidden {
		hid[h] = true
	}
	for _, l := range a.Train.Partnerships {
		if hid[pairKey(&l)] {
			t.Errorf("hidden link %v still in the training graph", pairKey(&l))
		}
	}
	if _, err := RandomSplit(s, 1, 1); err == nil {
		t.Error("share 1 accepted")
	}
}

func TestTimeSplit(t *testing.T) {
	s := snap(5, nil, [2]int{0, 1}, [2]int{1, 2}, [2]int{2, 3}, [2]int{3, 4})
	s.Partnerships[0].Since = graph.NewDate(2023, 1, 1) // 0-1: new, hidden
	s.Partnerships[1].Since = graph.NewDate(1990, 0, 0) // 1-2: old
	s.Partnerships[2].Since = graph.NewDate(2022, 5, 0) // 2-3: new, but also linked before by a friendship
	friend := graph.Partnership{A: "P2", B: "P3", Kind: graph.KindFriendship, Since: graph.NewDate(2001, 0, 0)}
	s.Partnerships = append(s.Partnerships, friend) // 3-4 has no date: stays
	sp := TimeSplit(s, graph.NewDate(2022, 0, 0))
	if want := [][2]string{{"P0", "P1"}}; !slices.Equal(sp.Hidden, want) {
		t.Errorf("hidden %v, want %v", sp.Hidden, want)
	}
	if len(sp.Train.Partnerships) != 4 {
		t.Errorf("kept %d links, want 4", len(sp.Train.Partnerships))
	}
}

func TestRandomBaselineNearHalf(t *testing.T) {
	var edges [][2]int
	for i := 0; i < 300; i++ {
		edges = append(edges, [2]int{i, (i + 1) % 300}, [2]int{i, (i * 7 % 300)}, [2]int{i, (i + 13) % 300})
	}
	s := snap(300, nil, edges...)
	sp, err := RandomSplit(s, 0.1, 1)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := Evaluate(sp, []Method{Random{Seed: 3}}, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if auc := rs[0].AUC; math.Abs(auc-0.5) > 0.08 {
		t.Errorf("random AUC %.3f, want about 0.5", auc)
	}
	again, _ := Evaluate(sp, []Method{Random{Seed: 3}}, Options{Seed: 1})
	rs[0].Seconds, again[0].Seconds = 0, 0
	if rs[0] != again[0] {
		t.Errorf("two runs differ: %+v and %+v", rs[0], again[0])
	}
}
