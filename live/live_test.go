package live_test

import (
	"context"
	"errors"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/citygraph/citygraph/live"
	"github.com/rs/zerolog"
)

// flaky is a real store with a switch that makes every call fail the way
// a lost connection does.
type flaky struct {
	graph.Store
	down atomic.Bool
}

var errDown = &graph.Error{Code: graph.EUNAVAILABLE, Message: "the store cannot be reached", Err: errors.New("dial tcp 10.0.0.7:7687: connection refused")}

func (f *flaky) Snapshot(ctx context.Context) (*graph.Snapshot, error) {
	if f.down.Load() {
		return nil, errDown
	}
	return f.Store.Snapshot(ctx)
}

func (f *flaky) Version(ctx context.Context) (int64, error) {
	if f.down.Load() {
		return 0, errDown
	}
	return f.Store.Version(ctx)
}

// store returns a SQLite store holding three places and two links.
func store(t *testing.T) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "citygraph.db"), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	b := &graph.Batch{
		Municipalities: []graph.Municipality{
			{ID: "DE:06412000", Name: "Frankfurt am Main", Country: "DE", AGS: "06412000", State: "DE-HE"},
			{ID: "UA:kyiv", Name: "Kyiv", Country: "UA"},
			{ID: "UA:odesa", Name: "Odesa", Country: "UA"},
			{ID: "UA:kharkiv", Name: "Kharkiv", Country: "UA"},
		},
		Partnerships: []graph.Partnership{
			{A: "DE:06412000", B: "UA:kyiv", Kind: graph.KindPartnership},
			{A: "UA:kyiv", B: "UA:odesa", Kind: graph.KindContact},
		},
	}
	if _, err := st.Apply(ctx, b); err != nil {
		t.Fatal(err)
	}
	return st
}

func TestReloadAndDegraded(t *testing.T) {
	ctx := context.Background()
	st := store(t)
	f := &flaky{Store: st}
	h := live.New(f, zerolog.Nop())
	if ready, _, _ := h.Status(); ready || h.Current() != nil {
		t.Fatal("ready before the first load")
	}
	var prepared []*analytics.Projection
	h.OnLoad(func(p *analytics.Projection) {
		if h.Current() == p {
			t.Error("OnLoad ran after the projection was swapped in")
		}
		prepared = append(prepared, p)
	})
	if err := h.Load(ctx); err != nil {
		t.Fatal(err)
	}
	v0 := h.Current().Version()
	if len(prepared) != 1 || prepared[0] != h.Current() {
		t.Errorf("OnLoad saw %d projections", len(prepared))
	}

	// Another writer changes the store; the next check reloads.
	if _, err := st.Apply(ctx, &graph.Batch{Partnerships: []graph.Partnership{{A: "DE:06412000", B: "UA:odesa", Kind: graph.KindContact}}}); err != nil {
		t.Fatal(err)
	}
	h.CheckOnce(ctx)
	if p := h.Current(); p.Version() == v0 || p.M() != 3 {
		t.Errorf("after another writer: version %d (was %d), %d links", p.Version(), v0, p.M())
	}
	// An unchanged store: no reload.
	h.CheckOnce(ctx)
	if len(prepared) != 2 {
		t.Errorf("%d loads, want 2", len(prepared))
	}

	// The store goes away: degraded, still serving the last projection.
	before := h.Current()
	f.down.Store(true)
	h.CheckOnce(ctx)
	ready, degraded, lastErr := h.Status()
	if !ready || !degraded || graph.ErrorCode(lastErr) != graph.EUNAVAILABLE || h.Current() != before {
		t.Errorf("store down: ready %v degraded %v err %v", ready, degraded, lastErr)
	}
	if err := h.Load(ctx); err == nil || h.Current() != before {
		t.Errorf("Load with the store down: %v", err)
	}

	// Back again: the next check clears it.
	f.down.Store(false)
	h.CheckOnce(ctx)
	if _, degraded, err := h.Status(); degraded || err != nil {
		t.Errorf("store back: degraded %v err %v", degraded, err)
	}

	// Poll stops when its context ends, and reloads while it runs.
	pctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { h.Poll(pctx, 1); close(done) }()
	if _, err := st.Apply(ctx, &graph.Batch{Partnerships: []graph.Partnership{{A: "DE:06412000", B: "UA:kharkiv", Kind: graph.KindContact}}}); err != nil {
		t.Fatal(err)
	}
	want, _ := st.Version(ctx)
	for h.Current().Version() != want {
		runtime.Gosched()
	}
	cancel()
	<-done
}
