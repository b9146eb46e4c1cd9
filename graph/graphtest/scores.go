package graphtest

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// RunScores runs the contract of graph.ScoreStore: score sets written onto
// the places read back exactly, a second identical write changes nothing, a
// new write under the same property replaces the old one (places it does
// not list lose their value), one call removes a set, invalid sets and
// unknown places are refused with EINVALID and write nothing, scores survive
// imports that merge into their places, and none of it changes the graph's
// snapshot or version. open is called once per subtest and must return a
// fresh, empty store; RunScores closes it.
func RunScores(t *testing.T, open func(t *testing.T) graph.ScoreStore) {
	t.Helper()
	tests := []struct {
		name string
		fn   func(t *testing.T, s graph.ScoreStore)
	}{
		{"WriteReadsBack", testScoresReadBack},
		{"RewriteIsIdempotent", testScoresIdempotent},
		{"RewriteReplaces", testScoresReplace},
		{"RemoveInOneCall", testScoresRemove},
		{"InvalidSetsWriteNothing", testScoresInvalid},
		{"SurviveImports", testScoresSurviveApply},
		{"ManyPlacesInBatches", testScoresMany},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("close: %v", err)
				}
			})
			tc.fn(t, s)
		})
	}
}

// scoresFixture stores four places and three links and returns the
// store's version.
func scoresFixture(t *testing.T, s graph.Store) int64 {
	t.Helper()
	src := []graph.Source{{File: "scores.csv", Line: 2}}
	b := &graph.Batch{
		Municipalities: []graph.Municipality{
			{ID: "DE:08222000", Name: "Mannheim", Country: "DE", AGS: "08222000", State: "DE-BW", Sources: src},
			{ID: "DE:05315000", Name: "Köln", Country: "DE", AGS: "05315000", State: "DE-NW", Sources: src},
			{ID: "UA:chernivtsi", Name: "Chernivtsi", Country: "UA", Sources: src},
			{ID: "PL:bydgoszcz", Name: "Bydgoszcz", Country: "PL", Sources: src},
		},
		Partnerships: []graph.Partnership{
			{A: "DE:08222000", B: "UA:chernivtsi", Kind: graph.KindPartnership, Sources: src},
			{A: "DE:08222000", B: "PL:bydgoszcz", Kind: graph.KindPartnership, Sources: src},
			{A: "DE:05315000", B: "PL:bydgoszcz", Kind: graph.KindFriendship, Sources: src},
		},
	}
	st, err := s.Apply(context.Background(), b)
	if err != nil {
		t.Fatalf("apply: %v", err)
	}
	return st.Version
}

func betweennessSet(version int64) *graph.ScoreSet {
	return &graph.ScoreSet{Property: "betweenness", Metric: "betweenness", Params: `{"kinds":[]}`, DataVersion: version,
		Software: "citygraph test", Scores: []graph.Score{
			{Place: "DE:08222000", Value: 2}, {Place: "PL:bydgoszcz", Value: 2.5},
			{Place: "DE:05315000", Value: 0}, {Place: "UA:chernivtsi", Value: 1.0 / 3},
		}}
}

func wantScores(t *testing.T, s graph.ScoreStore, property string, want map[string]float64) {
	t.Helper()
	got, err := s.Scores(context.Background(), property)
	if err != nil {
		t.Fatalf("scores %s: %v", property, err)
	}
	if len(got) != len(want) {
		t.Errorf("scores %s: %d places %v, want %d %v", property, len(got), got, len(want), want)
	}
	for id, w := range want {
		if g, ok := got[id]; !ok || g != w {
			t.Errorf("scores %s: %s = %v (present %v), want %v", property, id, g, ok, w)
		}
	}
}

func valuesOf(set *graph.ScoreSet) map[string]float64 {
	out := map[string]float64{}
	for _, sc := range set.Scores {
		out[sc.Place] = sc.Value
	}
	return out
}

func scoreSets(t *testing.T, s graph.ScoreStore) []graph.ScoreInfo {
	t.Helper()
	sets, err := s.ScoreSets(context.Background())
	if err != nil {
		t.Fatalf("score sets: %v", err)
	}
	return sets
}

func snapshotOf(t *testing.T, s graph.Store) *graph.Snapshot {
	t.Helper()
	snap, err := s.Snapshot(context.Background())
	if err != nil {
		t.Fatalf("snapshot: %v", err)
	}
	return canonical(snap)
}

func testScoresReadBack(t *testing.T, s graph.ScoreStore) {
	ctx := context.Background()
	v := scoresFixture(t, s)
	before := snapshotOf(t, s)
	set := betweennessSet(v)
	info, err := s.WriteScores(ctx, set)
	if err != nil {
		t.Fatalf("write scores: %v", err)
	}
	if !info.Complete || info.Places != 4 || info.WrittenAt.IsZero() {
		t.Errorf("write answered %+v, want complete, 4 places, a time", info)
	}
	wantScores(t, s, "betweenness", valuesOf(set))
	sets := scoreSets(t, s)
	if len(sets) != 1 {
		t.Fatalf("score sets %+v, want one", sets)
	}
	got := sets[0]
	want := graph.ScoreInfo{Property: "betweenness", Metric: "betweenness", Params: `{"kinds":[]}`, DataVersion: v,
		Software: "citygraph test", Places: 4, Complete: true, WrittenAt: got.WrittenAt}
	if got != want {
		t.Errorf("score set\n got %+v\nwant %+v", got, want)
	}
	if d := info.WrittenAt.Sub(got.WrittenAt); math.Abs(float64(d)) > 1e6 {
		t.Errorf("written at %v, the write said %v", got.WrittenAt, info.WrittenAt)
	}
	// An integer set beside it.
	comm := &graph.ScoreSet{Property: "community", Metric: "louvain", Params: `{"seed":1}`, DataVersion: v, Integer: true,
		Scores: []graph.Score{{Place: "DE:08222000", Value: 1}, {Place: "UA:chernivtsi", Value: 1}, {Place: "PL:bydgoszcz", Value: 2}}}
	if _, err := s.WriteScores(ctx, comm); err != nil {
		t.Fatalf("write integer scores: %v", err)
	}
	wantScores(t, s, "community", valuesOf(comm))
	wantScores(t, s, "betweenness", valuesOf(set))
	if sets := scoreSets(t, s); len(sets) != 2 || sets[0].Property != "betweenness" || sets[1].Property != "community" || !sets[1].Integer {
		t.Errorf("score sets %+v, want betweenness then community (integer)", sets)
	}
	// Not part of the graph.
	if after := snapshotOf(t, s); !deepEqual(after, before) {
		t.Errorf("writing scores changed the snapshot:\n%s", Diff(after, before))
	}
	if nv, err := s.Version(ctx); err != nil || nv != v {
		t.Errorf("version %d (%v) after writing scores, want %d", nv, err, v)
	}
}

func testScoresIdempotent(t *testing.T, s graph.ScoreStore) {
	ctx := context.Background()
	v := scoresFixture(t, s)
	for i := range 2 {
		if _, err := s.WriteScores(ctx, betweennessSet(v)); err != nil {
			t.Fatalf("write %d: %v", i+1, err)
		}
	}
	wantScores(t, s, "betweenness", valuesOf(betweennessSet(v)))
	if sets := scoreSets(t, s); len(sets) != 1 || sets[0].Places != 4 || !sets[0].Complete {
		t.Errorf("score sets after writing twice: %+v", sets)
	}
}

func testScoresReplace(t *testing.T, s graph.ScoreStore) {
	ctx := context.Background()
	v := scoresFixture(t, s)
	if _, err := s.WriteScores(ctx, betweennessSet(v)); err != nil {
		t.Fatal(err)
	}
	// A narrower scope: two places, new values, new parameters.
	next := &graph.ScoreSet{Property: "betweenness", Metric: "betweenness", Params: `{"kinds":["PARTNERSHIP"]}`, DataVersion: v,
		Scores: []graph.Score{{Place: "DE:08222000", Value: 1}, {Place: "UA:chernivtsi", Value: 0}}}
	if _, err := s.WriteScores(ctx, next); err != nil {
		t.Fatal(err)
	}
	wantScores(t, s, "betweenness", valuesOf(next))
	sets := scoreSets(t, s)
	if len(sets) != 1 || sets[0].Places != 2 || sets[0].Params != `{"kinds":["PARTNERSHIP"]}` || sets[0].Software != "" {
		t.Errorf("score sets after the rewrite: %+v", sets)
	}
}

func testScoresRemove(t *testing.T, s graph.ScoreStore) {
	ctx := context.Background()
	v := scoresFixture(t, s)
	if _, err := s.WriteScores(ctx, betweennessSet(v)); err != nil {
		t.Fatal(err)
	}
	pr := &graph.ScoreSet{Property: "pagerank", Metric: "pagerank", DataVersion: v, Scores: []graph.Score{{Place: "DE:05315000", Value: 0.25}}}
	if _, err := s.WriteScores(ctx, pr); err != nil {
		t.Fatal(err)
	}
	n, err := s.RemoveScores(ctx, "betweenness")
	if err != nil || n != 4 {
		t.Fatalf("remove: %d places, %v; want 4", n, err)
	}
	if _, err := s.Scores(ctx, "betweenness"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("scores of a removed set: %v, want %s", err, graph.ENOTFOUND)
	}
	if _, err := s.RemoveScores(ctx, "betweenness"); graph.ErrorCode(err) != graph.ENOTFOUND {
		t.Errorf("removing twice: %v, want %s", err, graph.ENOTFOUND)
	}
	if sets := scoreSets(t, s); len(sets) != 1 || sets[0].Property != "pagerank" || sets[0].Params != "{}" {
		t.Errorf("score sets after removing betweenness: %+v, want pagerank (params {})", sets)
	}
	wantScores(t, s, "pagerank", valuesOf(pr))
}

func testScoresInvalid(t *testing.T, s graph.ScoreStore) {
	ctx := context.Background()
	v := scoresFixture(t, s)
	bad := map[string]func(*graph.ScoreSet){
		"reserved name":  func(s *graph.ScoreSet) { s.Property = "name" },
		"reserved case":  func(s *graph.ScoreSet) { s.Property = "Population" },
		"digit first":    func(s *graph.ScoreSet) { s.Property = "1st" },
		"dash":           func(s *graph.ScoreSet) { s.Property = "page-rank" },
		"no metric":      func(s *graph.ScoreSet) { s.Metric = "" },
		"params":         func(s *graph.ScoreSet) { s.Params = "[1]" },
		"NaN":            func(s *graph.ScoreSet) { s.Scores[1].Value = math.NaN() },
		"Inf":            func(s *graph.ScoreSet) { s.Scores[1].Value = math.Inf(1) },
		"twice":          func(s *graph.ScoreSet) { s.Scores[1].Place = s.Scores[0].Place },
		"no place":       func(s *graph.ScoreSet) { s.Scores[2].Place = "" },
		"not whole":      func(s *graph.ScoreSet) { s.Integer = true },
		"unknown places": func(s *graph.ScoreSet) { s.Scores = append(s.Scores, graph.Score{Place: "FR:nowhere", Value: 1}) },
	}
	for name, mutate := range bad {
		set := betweennessSet(v)
		mutate(set)
		_, err := s.WriteScores(ctx, set)
		if graph.ErrorCode(err) != graph.EINVALID {
			t.Errorf("%s: %v, want %s", name, err, graph.EINVALID)
		}
	}
	set := betweennessSet(v)
	set.Scores = append(set.Scores, graph.Score{Place: "FR:nowhere", Value: 1})
	if _, err := s.WriteScores(ctx, set); err == nil || !strings.Contains(graph.ErrorMessage(err), "FR:nowhere") {
		t.Errorf("unknown place: %v, want the message to name FR:nowhere", err)
	}
	if sets := scoreSets(t, s); len(sets) != 0 {
		t.Errorf("invalid sets left %+v", sets)
	}
}

func testScoresSurviveApply(t *testing.T, s graph.ScoreStore) {
	ctx := context.Background()
	v := scoresFixture(t, s)
	set := betweennessSet(v)
	if _, err := s.WriteScores(ctx, set); err != nil {
		t.Fatal(err)
	}
	// An import that merges into a scored place (a new name, population)
	// and adds a link to it.
	st, err := s.Apply(ctx, &graph.Batch{
		Municipalities: []graph.Municipality{{ID: "DE:08222000", Name: "Mannheim, Universitätsstadt", Country: "DE", Population: 315554,
			Sources: []graph.Source{{File: "more.csv", Line: 2}}}},
		Partnerships: []graph.Partnership{{A: "DE:08222000", B: "DE:05315000", Kind: graph.KindContact, Sources: []graph.Source{{File: "more.csv", Line: 2}}}},
	})
	if err != nil || st.Merged == 0 {
		t.Fatalf("apply: %+v, %v; want a merge", st, err)
	}
	wantScores(t, s, "betweenness", valuesOf(set))
	if sets := scoreSets(t, s); len(sets) != 1 || sets[0].DataVersion != v {
		t.Errorf("score sets after an import: %+v, want the set at data version %d", sets, v)
	}
}

func testScoresMany(t *testing.T, s graph.ScoreStore) {
	ctx := context.Background()
	b := SyntheticBatch(9000, 3)
	st, err := s.Apply(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	set := &graph.ScoreSet{Property: "degreeRank", Metric: "degree", DataVersion: st.Version, Integer: true}
	for i, m := range b.Municipalities {
		set.Scores = append(set.Scores, graph.Score{Place: m.ID, Value: float64(i)})
	}
	if len(set.Scores) <= 5000 {
		t.Fatalf("only %d places: the set should span several batches", len(set.Scores))
	}
	if _, err := s.WriteScores(ctx, set); err != nil {
		t.Fatal(err)
	}
	wantScores(t, s, "degreeRank", valuesOf(set))
	// Rewrite with every other place: the rest lose their value.
	half := *set
	half.Scores = nil
	for i, sc := range set.Scores {
		if i%2 == 0 {
			half.Scores = append(half.Scores, sc)
		}
	}
	if _, err := s.WriteScores(ctx, &half); err != nil {
		t.Fatal(err)
	}
	wantScores(t, s, "degreeRank", valuesOf(&half))
	n, err := s.RemoveScores(ctx, "degreeRank")
	if err != nil || n != len(half.Scores) {
		t.Errorf("remove: %d, %v; want %d", n, err, len(half.Scores))
	}
}
