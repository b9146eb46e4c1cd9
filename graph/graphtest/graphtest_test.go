package graphtest

import (
	"context"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// memStore runs the suite's own model as a store, to check that the suite
// passes a store that follows the contract by construction.
type memStore struct {
	mu sync.Mutex
	m  *model
}

func (s *memStore) Apply(ctx context.Context, b *graph.Batch) (graph.ApplyStats, error) {
	if err := ctx.Err(); err != nil {
		return graph.ApplyStats{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	next := s.m.clone()
	st, err := next.apply(b)
	if err != nil {
		return st, err
	}
	s.m = next
	return st, nil
}

func (s *memStore) Snapshot(context.Context) (*graph.Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	snap := s.m.snapshot()
	snap.Version = s.m.version
	return snap, nil
}

func (s *memStore) Version(context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.m.version, nil
}

func (s *memStore) Imports(context.Context) ([]graph.ImportRecord, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]graph.ImportRecord(nil), s.m.imports...), nil
}

func (s *memStore) Close() error { return nil }

func TestModelPassesSuite(t *testing.T) {
	Run(t, func(t *testing.T) graph.Store { return &memStore{m: newModel()} })
}

func TestSyntheticBatch(t *testing.T) {
	for _, n := range []int{0, 1, 10, 5000} {
		b := SyntheticBatch(n, 42)
		if !reflect.DeepEqual(b, SyntheticBatch(n, 42)) {
			t.Errorf("n=%d: not the same for the same seed", n)
		}
		c := b.Clone()
		c.Normalize()
		if len(c.Partnerships) != n {
			t.Errorf("n=%d: %d distinct links after normalising", n, len(c.Partnerships))
		}
		if len(c.Municipalities) != len(b.Municipalities) {
			t.Errorf("n=%d: municipalities repeat", n)
		}
		ids := map[string]bool{}
		german := 0
		for _, m := range b.Municipalities {
			ids[m.ID] = true
			if m.Country == "DE" {
				german++
				if m.AGS == "" || !strings.HasPrefix(m.State, "DE-") || "DE:"+m.AGS != m.ID {
					t.Errorf("German place without AGS or Land: %+v", m)
				}
			}
		}
		kinds := map[graph.Kind]int{}
		precisions := map[int]bool{}
		for _, p := range b.Partnerships {
			if !ids[p.A] || !ids[p.B] {
				t.Errorf("link %s names a place the batch lacks", p.Key())
			}
			kinds[p.Kind]++
			switch {
			case p.Since.IsZero():
				precisions[0] = true
			case p.Since.Month == 0:
				precisions[1] = true
			case p.Since.Day == 0:
				precisions[2] = true
			default:
				precisions[3] = true
			}
		}
		if n >= 5000 {
			if len(kinds) != 4 || len(precisions) != 4 {
				t.Errorf("n=%d: kinds %v, date precisions %v; want all", n, kinds, precisions)
			}
			if german == 0 || german == len(b.Municipalities) {
				t.Errorf("n=%d: %d of %d places German; want a mix", n, german, len(b.Municipalities))
			}
		}
	}
	if reflect.DeepEqual(SyntheticBatch(100, 1).Partnerships, SyntheticBatch(100, 2).Partnerships) {
		t.Errorf("different seeds give the same links")
	}
}

func TestDiffNamesFirstDifference(t *testing.T) {
	a := fixtureWant()
	b := fixtureWant()
	if d := Diff(a, b); d != "" {
		t.Fatalf("equal snapshots differ: %s", d)
	}
	b.Partnerships[3].Since = graph.NewDate(1961, 0, 0)
	d := Diff(a, b)
	if !strings.Contains(d, "partnerships") || !strings.Contains(d, "[3]") {
		t.Errorf("diff %q does not name partnership [3]", d)
	}
}

// BenchmarkValidate100k checks a synthetic batch of 100,000 links and the
// ~66,000 places they name by graph.Batch.Validate, as both stores do
// before every Apply.
func BenchmarkValidate100k(b *testing.B) {
	batch := SyntheticBatch(100_000, 1)
	b.ReportAllocs()
	for b.Loop() {
		if err := batch.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}
