package resolvers

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

// Live holds the current projection of the store's graph and swaps in a new
// one after every change. Readers take the current state with one atomic
// load and keep using it for the whole request, so a reload never changes
// the graph under a running query.
type Live struct {
	st  graph.Store
	log zerolog.Logger

	cur atomic.Pointer[state]

	loadMu sync.Mutex // one Load at a time

	mu       sync.Mutex
	degraded bool
	lastErr  error
}

// NewLive returns a Live over st; it holds nothing until the first Load.
func NewLive(st graph.Store, log zerolog.Logger) *Live {
	return &Live{st: st, log: log}
}

// Load reads the store's snapshot, builds its projection and the lookup
// indexes and swaps them in atomically. On error the previous state stays
// and the Live is marked degraded.
func (l *Live) Load(ctx context.Context) error {
	l.loadMu.Lock()
	defer l.loadMu.Unlock()
	start := time.Now()
	snap, err := l.st.Snapshot(ctx)
	if err != nil {
		err = fmt.Errorf("load projection: %w", err)
		l.setErr(err)
		return err
	}
	s := newState(analytics.NewProjection(snap))
	l.cur.Store(s)
	l.setErr(nil)
	l.log.Info().Int64("version", snap.Version).Int("cities", len(snap.Municipalities)).
		Int("partnerships", len(snap.Partnerships)).Dur("took", time.Since(start)).Msg("projection loaded")
	return nil
}

// Current returns the current projection, nil before the first Load.
func (l *Live) Current() *analytics.Projection {
	if s := l.cur.Load(); s != nil {
		return s.p
	}
	return nil
}

// state returns the current state, nil before the first Load.
func (l *Live) state() *state { return l.cur.Load() }

// Poll checks the store's version every interval until ctx ends and reloads
// the projection when it changed (other writers, e.g. to a shared Neo4j).
// While the store cannot be read the Live is degraded and keeps serving the
// last projection; the first successful check clears it.
func (l *Live) Poll(ctx context.Context, every time.Duration) {
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
		l.check(ctx)
	}
}

// check does one round of Poll.
func (l *Live) check(ctx context.Context) {
	v, err := l.st.Version(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return
		}
		err = fmt.Errorf("poll store version: %w", err)
		l.setErr(err)
		l.log.Warn().Err(err).Msg("store unavailable, serving the last projection")
		return
	}
	if s := l.state(); s != nil && s.p.Version == v {
		l.setErr(nil)
		return
	}
	if err := l.Load(ctx); err != nil && ctx.Err() == nil {
		l.log.Warn().Err(err).Msg("reload failed, serving the last projection")
	}
}

// Status reports whether a projection is being served (ready), whether the
// last attempt to read the store failed (degraded) and that failure.
func (l *Live) Status() (ready, degraded bool, lastErr error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.cur.Load() != nil, l.degraded, l.lastErr
}

func (l *Live) setErr(err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.degraded = err != nil
	l.lastErr = err
}
