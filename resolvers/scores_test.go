package resolvers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

func TestWriteAndRemoveScores(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	const write = `mutation { writeScores(metric: BETWEENNESS, property: "betweenness", scope: {countries: ["DE", "UA"]}) {
		property metric params dataVersion places complete writtenAt integer } }`
	if errs := e.errs(t, write); code(errs[0]) != graph.EUNAUTHORIZED {
		t.Errorf("without the token: %+v", errs[0])
	}
	var out struct {
		WriteScores struct {
			Property, Metric, Params, WrittenAt string
			DataVersion, Places                 int
			Complete, Integer                   bool
		}
	}
	e.query(t, write, &out, admin)
	w := out.WriteScores
	v, _ := e.store.Version(ctx)
	if w.Property != "betweenness" || w.Metric != "BETWEENNESS" || !strings.Contains(w.Params, `"countries":["DE","UA"]`) ||
		w.DataVersion != int(v) || !w.Complete || w.Integer || w.WrittenAt == "" {
		t.Errorf("writeScores answered %+v", w)
	}
	snap, err := e.store.Snapshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	got, err := e.store.Scores(ctx, "betweenness")
	if err != nil || len(got) != len(snap.Municipalities) || w.Places != len(got) {
		t.Fatalf("stored %d scores (%v), want one per place (%d)", len(got), err, len(snap.Municipalities))
	}
	var cent struct {
		Centrality []struct {
			City  struct{ ID string }
			Score float64
		}
	}
	e.query(t, `{ centrality(metric: BETWEENNESS, scope: {countries: ["DE", "UA"]}, top: 3) { city { id } score } }`, &cent)
	for _, c := range cent.Centrality {
		if got[c.City.ID] != c.Score {
			t.Errorf("%s: stored %v, centrality says %v", c.City.ID, got[c.City.ID], c.Score)
		}
	}
	if errs := e.errs(t, `mutation { writeScores(metric: DEGREE, property: "name") { property } }`, admin); code(errs[0]) != graph.EINVALID {
		t.Errorf("a place's own property: %+v", errs[0])
	}
	var rm struct{ RemoveScores int }
	e.query(t, `mutation { removeScores(property: "betweenness") }`, &rm, admin)
	if rm.RemoveScores != len(got) {
		t.Errorf("removeScores: %d, want %d", rm.RemoveScores, len(got))
	}
	if errs := e.errs(t, `mutation { removeScores(property: "betweenness") }`, admin); code(errs[0]) != graph.ENOTFOUND {
		t.Errorf("removing twice: %+v", errs[0])
	}
}
