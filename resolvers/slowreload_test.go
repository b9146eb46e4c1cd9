package resolvers_test

import (
	"context"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"
	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/sqlite"
	"github.com/citygraph/citygraph/internal/fixture"
	"github.com/citygraph/citygraph/live"
	"github.com/citygraph/citygraph/resolvers"
)

// gatedStore holds snapshots back while armed: a reload that takes as long
// as the test wants.
type gatedStore struct {
	graph.Store
	armed atomic.Bool
	gate  chan struct{}
}

func (s *gatedStore) Snapshot(ctx context.Context) (*graph.Snapshot, error) {
	if s.armed.Load() {
		<-s.gate
	}
	return s.Store.Snapshot(ctx)
}

// TestCommittedWriteAnswersSuccessWhileTheReloadIsSlow: a mutation whose
// write the store committed answers success within the request's time
// even when the reload takes longer; the reload finishes in the background
// and the holder says so meanwhile.
func TestCommittedWriteAnswersSuccessWhileTheReloadIsSlow(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "citygraph.db"), zerolog.Nop())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = st.Close() })
	if _, err := st.Apply(ctx, fixture.Small()); err != nil {
		t.Fatal(err)
	}
	gs := &gatedStore{Store: st, gate: make(chan struct{})}
	holder := live.New(gs, zerolog.Nop())
	if err := holder.Load(ctx); err != nil {
		t.Fatal(err)
	}
	res := resolvers.New(resolvers.Config{Live: holder, Store: gs, Log: zerolog.Nop(), MaxPageSize: 5, MutationsEnabled: true})
	_, c := handlerFor(res)
	v0 := holder.Current().Version()

	gs.armed.Store(true)
	reqCtx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	var got struct {
		AddPartnership struct{ Kind, Since string }
	}
	err = c.Post(`mutation { addPartnership(a: "Frankfurt am Main", b: "Kiew", kind: FRIENDSHIP, since: "2024-05") { kind since } }`, &got,
		admin, func(r *client.Request) { r.HTTP = r.HTTP.WithContext(reqCtx) })
	if err != nil {
		t.Fatalf("a committed write answered an error: %v", err)
	}
	if got.AddPartnership.Kind != "FRIENDSHIP" || got.AddPartnership.Since != "2024-05" {
		t.Errorf("answer %+v", got)
	}
	if !holder.Reloading() || holder.Current().Version() != v0 {
		t.Errorf("while the reload is held: reloading %v, version %d (was %d)", holder.Reloading(), holder.Current().Version(), v0)
	}
	if v, _ := st.Version(ctx); v == v0 {
		t.Errorf("the store did not commit the write")
	}
	close(gs.gate)
	for holder.Reloading() {
		time.Sleep(time.Millisecond)
	}
	if holder.Current().Version() == v0 {
		t.Errorf("the background reload did not swap in the new projection")
	}
}
