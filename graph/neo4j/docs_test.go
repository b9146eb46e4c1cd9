package neo4j

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/citygraph/citygraph/graph"
)

// docQueries returns the ```cypher blocks of docs/neo4j.md.
func docQueries(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "docs", "neo4j.md"))
	if err != nil {
		t.Fatalf("the documented queries: %v", err)
	}
	var out []string
	rest := string(b)
	for {
		i := strings.Index(rest, "```cypher\n")
		if i < 0 {
			break
		}
		rest = rest[i+len("```cypher\n"):]
		j := strings.Index(rest, "```")
		if j < 0 {
			t.Fatal("docs/neo4j.md: unterminated cypher block")
		}
		out = append(out, strings.TrimSpace(rest[:j]))
		rest = rest[j+3:]
	}
	if len(out) < 5 {
		t.Fatalf("docs/neo4j.md has %d cypher blocks, want the researcher queries", len(out))
	}
	return out
}

// TestDocumentedQueries runs every query of docs/neo4j.md on a small graph:
// each must run and find something, and the first (German-Ukrainian
// partnerships of a Land per year) must find exactly what is there.
func TestDocumentedQueries(t *testing.T) {
	queries := docQueries(t)
	s := openEmpty(t)
	defer s.Close()
	ctx := context.Background()
	src := func(line int) []graph.Source { return []graph.Source{{File: "rgre.csv", Line: line}} }
	_, err := s.Apply(ctx, &graph.Batch{
		Import: graph.ImportRecord{File: "rgre.csv", SHA256: "d0c5", Kind: "rgre", Rows: 6},
		Municipalities: []graph.Municipality{
			{ID: "DE:08222000", Name: "Mannheim", Country: "DE", AGS: "08222000", State: "DE-BW", Lat: 49.4875, Lon: 8.466, HasCoords: true},
			{ID: "DE:08221000", Name: "Heidelberg", Country: "DE", AGS: "08221000", State: "DE-BW", Lat: 49.3988, Lon: 8.6724, HasCoords: true},
			{ID: "DE:08111000", Name: "Stuttgart", Country: "DE", AGS: "08111000", State: "DE-BW", Lat: 48.7758, Lon: 9.1829, HasCoords: true},
			{ID: "UA:chernivtsi", Name: "Chernivtsi", Country: "UA"},
			{ID: "UA:odesa", Name: "Odesa", Country: "UA"},
			{ID: "FR:toulon", Name: "Toulon", Country: "FR"},
		},
		Partnerships: []graph.Partnership{
			{A: "DE:08222000", B: "UA:chernivtsi", Kind: graph.KindPartnership, Since: graph.NewDate(2022, 11, 0), Sources: src(2)},
			{A: "DE:08111000", B: "UA:odesa", Kind: graph.KindFriendship, Since: graph.NewDate(2016, 0, 0), Sources: src(3)},
			{A: "DE:08222000", B: "FR:toulon", Kind: graph.KindPartnership, Since: graph.NewDate(1959, 0, 0), Sources: src(4)},
			{A: "DE:08221000", B: "FR:toulon", Kind: graph.KindContact, Since: graph.NewDate(2001, 5, 0), Sources: src(5)},
		},
		Networks:    []graph.Network{{ID: "eurocities", Name: "EUROCITIES"}},
		Memberships: []graph.Membership{{Municipality: "DE:08222000", Network: "eurocities", Since: graph.NewDate(2010, 0, 0), Role: "member"}},
		StateCounts: []graph.StateCount{{State: "DE-BW", Partnerships: 1205}},
	})
	if err != nil {
		t.Fatal(err)
	}
	// The queries on analysis results read score sets.
	for _, set := range []*graph.ScoreSet{
		{Property: "betweenness", Metric: "betweenness", Scores: []graph.Score{{Place: "DE:08222000", Value: 7}, {Place: "FR:toulon", Value: 4},
			{Place: "DE:08221000", Value: 0}, {Place: "DE:08111000", Value: 0}, {Place: "UA:chernivtsi", Value: 0}, {Place: "UA:odesa", Value: 0}}},
		{Property: "community", Metric: "louvain", Integer: true, Scores: []graph.Score{{Place: "DE:08222000", Value: 1}, {Place: "FR:toulon", Value: 1},
			{Place: "DE:08221000", Value: 1}, {Place: "UA:chernivtsi", Value: 1}, {Place: "DE:08111000", Value: 2}, {Place: "UA:odesa", Value: 2}}},
	} {
		if _, err := s.WriteScores(ctx, set); err != nil {
			t.Fatal(err)
		}
	}
	for i, q := range queries {
		res, err := neo4j.ExecuteQuery(ctx, s.driver, q, nil, neo4j.EagerResultTransformer,
			neo4j.ExecuteQueryWithDatabase(s.cfg.Database), neo4j.ExecuteQueryWithReadersRouting())
		if err != nil {
			t.Errorf("query %d:\n%s\n%v", i+1, q, err)
			continue
		}
		if len(res.Records) == 0 {
			t.Errorf("query %d found nothing:\n%s", i+1, q)
			continue
		}
		if i == 0 {
			var got []string
			for _, r := range res.Records {
				got = append(got, fmt.Sprint(r.Values...))
			}
			want := []string{"2016 1 [Stuttgart - Odesa]", "2022 1 [Mannheim - Chernivtsi]"}
			if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("German-Ukrainian partnerships of DE-BW per year: got %q, want %q", got, want)
			}
		}
	}
}
