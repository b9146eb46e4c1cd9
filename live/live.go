// Package live holds the projection the API reads: the current in-memory
// projection of the store's graph (package analytics), rebuilt and swapped
// in atomically after every write and whenever another writer changed the
// store. Readers take the current projection with one atomic load and keep
// it for a whole request, so a reload never changes the graph under a
// running query.
package live

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/rs/zerolog"
)

// DefaultPollInterval is how often Poll checks the store when given no
// positive interval.
const DefaultPollInterval = 5 * time.Second

// Holder holds the current projection of a store's graph. It is safe for
// concurrent use.
type Holder struct {
	st  graph.Store
	log zerolog.Logger

	cur atomic.Pointer[analytics.Projection]

	loadMu    sync.Mutex   // one Load at a time
	reloading atomic.Int32 // loads started by LoadAsync and not finished

	mu       sync.Mutex
	degraded bool
	lastErr  error
	onLoad   []func(*analytics.Projection)
}

// New returns a Holder over st; it holds nothing until the first Load.
func New(st graph.Store, log zerolog.Logger) *Holder {
	return &Holder{st: st, log: log}
}

// OnLoad registers fn to run on every projection Load builds, before it is
// swapped in: readers never see a projection whose derived indexes (those
// fn builds) are not ready. fn runs under Load's lock and must not call
// Load.
func (h *Holder) OnLoad(fn func(*analytics.Projection)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.onLoad = append(h.onLoad, fn)
}

// Load reads the store's snapshot, builds its projection, runs the OnLoad
// functions on it and swaps it in. On error the previous projection stays
// and the Holder is marked degraded.
func (h *Holder) Load(ctx context.Context) error {
	h.loadMu.Lock()
	defer h.loadMu.Unlock()
	start := time.Now()
	snap, err := h.st.Snapshot(ctx)
	if err != nil {
		err = fmt.Errorf("load projection: %w", err)
		h.setErr(err)
		return err
	}
	p := analytics.NewProjection(snap)
	for _, fn := range h.hooks() {
		fn(p)
	}
	h.cur.Store(p)
	h.setErr(nil)
	h.log.Info().Int64("version", snap.Version).Int("cities", len(snap.Municipalities)).
		Int("partnerships", len(snap.Partnerships)).Dur("took", time.Since(start)).Msg("projection loaded")
	return nil
}

// LoadAsync starts a Load that outlives ctx (a write's reload must finish
// even when the request that wrote has to answer first) and returns a
// channel that gets its result.
func (h *Holder) LoadAsync(ctx context.Context) <-chan error {
	done := make(chan error, 1)
	h.reloading.Add(1)
	go func() {
		defer h.reloading.Add(-1)
		done <- h.Load(context.WithoutCancel(ctx))
	}()
	return done
}

// Reloading reports whether a reload started by LoadAsync is running.
func (h *Holder) Reloading() bool { return h.reloading.Load() > 0 }

func (h *Holder) hooks() []func(*analytics.Projection) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.onLoad
}

// Current returns the current projection, nil before the first Load.
func (h *Holder) Current() *analytics.Projection { return h.cur.Load() }

// Poll checks the store's version every interval until ctx ends and reloads
// the projection when it changed (other writers, e.g. to a shared Neo4j).
// While the store cannot be read the Holder is degraded and keeps serving
// the last projection; the first successful check clears it.
func (h *Holder) Poll(ctx context.Context, every time.Duration) {
	if every <= 0 {
		every = DefaultPollInterval
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		h.check(ctx)
	}
}

// check does one round of Poll.
func (h *Holder) check(ctx context.Context) {
	v, err := h.st.Version(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		err = fmt.Errorf("poll store version: %w", err)
		h.setErr(err)
		h.log.Warn().Err(err).Msg("store unavailable, serving the last projection")
		return
	}
	if p := h.Current(); p != nil && p.Version() == v {
		h.setErr(nil)
		return
	}
	if err := h.Load(ctx); err != nil && ctx.Err() == nil {
		h.log.Warn().Err(err).Msg("reload failed, serving the last projection")
	}
}

// Status reports whether a projection is being served (ready), whether the
// last attempt to read the store failed (degraded) and that failure.
func (h *Holder) Status() (ready, degraded bool, lastErr error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.cur.Load() != nil, h.degraded, h.lastErr
}

func (h *Holder) setErr(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.degraded = err != nil
	h.lastErr = err
}
