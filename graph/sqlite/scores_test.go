package sqlite

import (
	"context"
	"strings"
	"testing"

	"zombiezen.com/go/sqlite"
	"zombiezen.com/go/sqlite/sqlitex"

	"github.com/citygraph/citygraph/graph"
)

// TestScoresDocumentedQuery runs the query of scores.sql's comment (top
// places per Land by betweenness) on written scores.
func TestScoresDocumentedQuery(t *testing.T) {
	var q []string
	in := false
	for _, line := range strings.Split(scoresSQL, "\n") {
		switch {
		case strings.Contains(line, "Top places per Land by betweenness"):
			in = true
		case in && strings.HasPrefix(line, "--   "):
			q = append(q, strings.TrimPrefix(line, "--   "))
		case in:
			in = false
		}
	}
	if len(q) == 0 {
		t.Fatal("scores.sql documents no query")
	}
	s := openTemp(t)
	ctx := context.Background()
	st, err := s.Apply(ctx, &graph.Batch{
		Municipalities: []graph.Municipality{
			{ID: "DE:08222000", Name: "Mannheim", Country: "DE", State: "DE-BW"},
			{ID: "DE:08221000", Name: "Heidelberg", Country: "DE", State: "DE-BW"},
			{ID: "DE:05315000", Name: "Köln", Country: "DE", State: "DE-NW"},
			{ID: "UA:chernivtsi", Name: "Chernivtsi", Country: "UA"},
		},
		Partnerships: []graph.Partnership{
			{A: "DE:08222000", B: "UA:chernivtsi", Kind: graph.KindPartnership},
			{A: "DE:08221000", B: "UA:chernivtsi", Kind: graph.KindPartnership},
			{A: "DE:05315000", B: "DE:08222000", Kind: graph.KindPartnership},
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.WriteScores(ctx, &graph.ScoreSet{Property: "betweenness", Metric: "betweenness", DataVersion: st.Version,
		Scores: []graph.Score{{Place: "DE:08222000", Value: 4}, {Place: "UA:chernivtsi", Value: 3}, {Place: "DE:08221000", Value: 0}, {Place: "DE:05315000", Value: 0}}}); err != nil {
		t.Fatal(err)
	}
	c, err := s.reader(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer s.release(c)
	var got []string
	err = sqlitex.ExecuteTransient(c, strings.Join(q, "\n"), &sqlitex.ExecOptions{ResultFunc: func(st *sqlite.Stmt) error {
		got = append(got, st.ColumnText(0)+" "+st.ColumnText(1)+" "+st.ColumnText(2))
		return nil
	}})
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(q, "\n"), err)
	}
	want := []string{"DE-BW Mannheim 4", "DE-BW Heidelberg 0", "DE-NW Köln 0"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}
