package neo4j

import (
	"context"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/graphtest"
)

func TestScoresContract(t *testing.T) {
	testConfig(t)
	graphtest.RunScores(t, func(t *testing.T) graph.ScoreStore { return openEmpty(t) })
}

// TestScoresKeepOthersProperties: a property a team (or GDS's write mode)
// put on the places is neither overwritten by a score set of that name nor
// removed by an import that merges into the place; the scores are node
// properties Cypher reads as documented.
func TestScoresKeepOthersProperties(t *testing.T) {
	s := openEmpty(t)
	defer s.Close()
	ctx := context.Background()
	st, err := s.Apply(ctx, &graph.Batch{
		Municipalities: []graph.Municipality{{ID: "DE:08222000", Name: "Mannheim", Country: "DE"}, {ID: "UA:chernivtsi", Name: "Chernivtsi", Country: "UA"}},
		Partnerships:   []graph.Partnership{{A: "DE:08222000", B: "UA:chernivtsi", Kind: graph.KindPartnership}},
	})
	if err != nil {
		t.Fatal(err)
	}
	run := func(q string, params map[string]any) []*neo4j.Record {
		t.Helper()
		res, err := neo4j.ExecuteQuery(ctx, s.driver, q, params, neo4j.EagerResultTransformer, neo4j.ExecuteQueryWithDatabase(s.cfg.Database))
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return res.Records
	}
	run("MATCH (m:Municipality) SET m.pagerank = 0.5, m.teamNote = 'ours'", nil)
	_, err = s.WriteScores(ctx, &graph.ScoreSet{Property: "pagerank", Metric: "pagerank", DataVersion: st.Version,
		Scores: []graph.Score{{Place: "DE:08222000", Value: 0.9}}})
	if graph.ErrorCode(err) != graph.ECONFLICT {
		t.Errorf("writing over a team's property: %v, want %s", err, graph.ECONFLICT)
	}
	if _, err := s.WriteScores(ctx, &graph.ScoreSet{Property: "betweenness", Metric: "betweenness", DataVersion: st.Version,
		Scores: []graph.Score{{Place: "DE:08222000", Value: 1}, {Place: "UA:chernivtsi", Value: 0}}}); err != nil {
		t.Fatal(err)
	}
	// An import that changes Mannheim.
	if _, err := s.Apply(ctx, &graph.Batch{Municipalities: []graph.Municipality{{ID: "DE:08222000", Name: "Mannheim", Country: "DE", Population: 315554}}}); err != nil {
		t.Fatal(err)
	}
	recs := run(`MATCH (m:Municipality) RETURN m.name, m.pagerank, m.teamNote, m.betweenness, m.population ORDER BY m.betweenness DESC`, nil)
	if len(recs) != 2 {
		t.Fatalf("%d places", len(recs))
	}
	got := recs[0].Values
	if got[0] != "Mannheim" || got[1] != 0.5 || got[2] != "ours" || got[3] != 1.0 || got[4] != int64(315554) {
		t.Errorf("Mannheim after the import: %v, want [Mannheim 0.5 ours 1 315554]", got)
	}
	if recs := run("MATCH (s:ScoreSet) RETURN s.property, s.complete, s.dataVersion", nil); len(recs) != 1 ||
		recs[0].Values[0] != "betweenness" || recs[0].Values[1] != true || recs[0].Values[2] != st.Version {
		t.Errorf("score set nodes: %v", recs)
	}
}

// TestMarker: the marker names the store (a new id once the database is
// emptied) and its version, as a snapshot cache needs.
func TestMarker(t *testing.T) {
	s := openEmpty(t)
	ctx := context.Background()
	id1, v1, err := s.Marker(ctx)
	if err != nil || id1 == "" || v1 != 0 {
		t.Fatalf("marker of an empty store: %q %d %v", id1, v1, err)
	}
	st, err := s.Apply(ctx, &graph.Batch{Municipalities: []graph.Municipality{{ID: "DE:08222000", Name: "Mannheim", Country: "DE"}}})
	if err != nil {
		t.Fatal(err)
	}
	s2, err := Open(ctx, s.Config(), testLogger(t))
	if err != nil {
		t.Fatal(err)
	}
	id2, v2, err := s2.Marker(ctx)
	s2.Close()
	if err != nil || id2 != id1 || v2 != st.Version {
		t.Errorf("after an import and a second open: %q %d (%v), want %q %d", id2, v2, err, id1, st.Version)
	}
	s.Close()
	s3 := openEmpty(t) // empties the database
	defer s3.Close()
	if id3, _, err := s3.Marker(ctx); err != nil || id3 == id1 {
		t.Errorf("an emptied database kept its id %q (%v): a cache would take it for the old one", id3, err)
	}
}
