package linkpred

import (
	"testing"

	"github.com/citygraph/citygraph/internal/fixture"
)

// TestP190Baselines checks the harness on the real P190 graph: structure
// beats chance, and Adamic-Adar finds held-out twins far above random.
func TestP190Baselines(t *testing.T) {
	s, err := fixture.P190("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	sp, err := RandomSplit(s, 0.1, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(sp.Hidden) != 1740 {
		t.Errorf("hid %d of 17,401 pairs, want 1,740", len(sp.Hidden))
	}
	rs, err := Evaluate(sp, []Method{AdamicAdar{}, Random{Seed: 1}}, Options{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	aa, rnd := rs[0], rs[1]
	t.Logf("Adamic-Adar %+v", aa)
	t.Logf("random %+v", rnd)
	if aa.PrecisionAt10 < 10*rnd.PrecisionAt10 || aa.AUC < 0.55 || rnd.AUC < 0.45 || rnd.AUC > 0.55 {
		t.Errorf("Adamic-Adar P@10 %.4f AUC %.3f against random P@10 %.4f AUC %.3f", aa.PrecisionAt10, aa.AUC, rnd.PrecisionAt10, rnd.AUC)
	}
}

// BenchmarkEvaluateP190 times one random split of the P190 graph with
// the shipped recommender and the three baselines:
//
//	go test ./analytics/linkpred -run XXX -bench EvaluateP190 -benchtime 1x -count 3
func BenchmarkEvaluateP190(b *testing.B) {
	s, err := fixture.P190("../testdata")
	if err != nil {
		b.Fatal(err)
	}
	sp, err := RandomSplit(s, 0.1, 1)
	if err != nil {
		b.Fatal(err)
	}
	ms := []Method{Recommender{}, AdamicAdar{}, PreferentialAttachment{}, Random{Seed: 1}}
	b.ResetTimer()
	for range b.N {
		rs, err := Evaluate(sp, ms, Options{Seed: 1})
		if err != nil {
			b.Fatal(err)
		}
		for _, r := range rs {
			b.ReportMetric(r.PrecisionAt10, "P@10-"+short(r.Method))
		}
	}
}

func short(name string) string {
	switch name {
	case "Adamic-Adar":
		return "AA"
	case "preferential attachment":
		return "PA"
	}
	return name
}
