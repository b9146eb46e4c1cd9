package analytics

import (
	"container/list"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/citygraph/citygraph/graph"
)

// DefaultCacheEntries is the number of results a Cache made with
// NewCache(0) keeps.
const DefaultCacheEntries = 512

// DefaultCacheBytes bounds the estimated size of the results a Cache made
// with NewCache keeps (see SetLimits).
const DefaultCacheBytes = 256 << 20

// Cache holds analysis results per projection version, computing each one
// once even when many requests ask for it at the same time: the first caller
// starts the computation, every caller (the first too) waits for its
// result or for its own context, whichever comes first.
//
// A computation whose callers have all gone (their requests timed out or
// were cancelled) is told so: the done channel passed to it by DoCancel is
// closed, and kernels run with Exec{Done: done} stop within a fraction of
// a second. Computations started by DoCancel with expensive set hold one
// of a bounded number of slots while they run; a caller that finds them
// all taken waits in a bounded queue, and past it gets a BUSY error.
//
// The cache is bounded three times: when a newer version arrives, every
// result of an older version is dropped (results of an older version are
// still computed for callers that ask, but not kept); beyond its capacity
// in entries or in estimated bytes (see SizeOf) the least recently used
// results go. Errors are not kept: the callers waiting on a failed
// computation all get its error, the next caller tries again.
//
// A Cache is safe for concurrent use; the zero Cache is not ready, use
// NewCache.
type Cache struct {
	mu       sync.Mutex
	max      int
	maxBytes int64
	bytes    int64
	version  int64
	entries  map[cacheKey]*cacheEntry
	lru      *list.List // of *cacheEntry, most recently used first

	slots  chan struct{} // a token per running expensive computation
	queued atomic.Int64  // callers waiting for a slot
	queue  int64         // most callers that may wait for a slot

	hits, misses, computations, canceled, busy atomic.Int64
}

type cacheKey struct {
	version int64
	key     string
}

type cacheEntry struct {
	k    cacheKey
	done chan struct{} // closed when val and err are set
	val  any
	err  error
	size int64         // estimated bytes of val, once kept
	elem *list.Element // nil while not in the LRU list

	// Guarded by Cache.mu:
	waiters  int           // callers waiting for the result
	finished bool          // val and err are set
	stop     chan struct{} // closed when every waiter has gone before the end
	stopped  bool
}

// NewCache returns a cache keeping at most max results (DefaultCacheEntries
// when max <= 0) of at most DefaultCacheBytes, and running at most
// GOMAXPROCS expensive computations at once with a queue of 64.
func NewCache(max int) *Cache {
	if max <= 0 {
		max = DefaultCacheEntries
	}
	c := &Cache{max: max, maxBytes: DefaultCacheBytes, entries: make(map[cacheKey]*cacheEntry), lru: list.New()}
	c.SetLimits(DefaultCacheBytes, runtime.GOMAXPROCS(0), 64)
	return c
}

// SetLimits sets the bound on kept bytes, the number of expensive
// computations that may run at once and how many callers may wait for one
// to finish. Call it before the cache is used.
func (c *Cache) SetLimits(maxBytes int64, running, queue int) {
	c.maxBytes = maxBytes
	c.slots = make(chan struct{}, max(1, running))
	c.queue = int64(max(0, queue))
}

// CacheStats counts what a Cache did.
type CacheStats struct {
	Hits         int64 `json:"hits"`         // answered from a kept or running computation
	Misses       int64 `json:"misses"`       // had to start a computation
	Computations int64 `json:"computations"` // computations finished (with or without error)
	Canceled     int64 `json:"canceled"`     // computations stopped because every caller had gone
	Busy         int64 `json:"busy"`         // callers refused because every slot and the queue were taken
	Entries      int   `json:"entries"`      // results kept now
	Bytes        int64 `json:"bytes"`        // their estimated size
	Version      int64 `json:"version"`      // the newest version seen
}

// Stats returns the counters of c.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	n, v, b := len(c.entries), c.version, c.bytes
	c.mu.Unlock()
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Computations: c.computations.Load(),
		Canceled: c.canceled.Load(), Busy: c.busy.Load(), Entries: n, Bytes: b, Version: v}
}

// ErrBusy is returned (wrapped in a *graph.Error with code BUSY) when every
// slot for expensive computations and the queue for them are taken.
var ErrBusy = &graph.Error{Code: graph.EBUSY, Message: "the server is busy with other analyses; try again in a moment"}

// Do returns the result of fn for key at the given projection version,
// running fn only if no result is kept and no computation for the same key
// and version is running. While fn runs, its callers wait; a caller whose
// ctx ends returns ctx.Err(). A panic in fn is turned into an error for
// every waiter.
func (c *Cache) Do(ctx context.Context, key string, version int64, fn func() (any, error)) (any, error) {
	return c.DoCancel(ctx, key, version, false, func(<-chan struct{}) (any, error) { return fn() })
}

// DoCancel is Do for computations that can stop: fn's done channel is
// closed when every caller waiting for the result has gone, and fn should
// then return soon (its result is not kept). With expensive set, fn holds
// one of the cache's computation slots while it runs (see SetLimits).
func (c *Cache) DoCancel(ctx context.Context, key string, version int64, expensive bool, fn func(done <-chan struct{}) (any, error)) (any, error) {
	k := cacheKey{version, key}
	c.mu.Lock()
	if version > c.version {
		c.evictOlder(version)
		c.version = version
	}
	if e, ok := c.entries[k]; ok && !e.stopped {
		if e.elem != nil {
			c.lru.MoveToFront(e.elem)
		}
		e.waiters++
		c.mu.Unlock()
		c.hits.Add(1)
		return c.wait(ctx, e)
	}
	e := &cacheEntry{k: k, done: make(chan struct{}), stop: make(chan struct{}), waiters: 1}
	keep := version >= c.version
	if keep {
		c.entries[k] = e
	}
	c.mu.Unlock()
	c.misses.Add(1)
	go c.run(e, keep, expensive, fn)
	return c.wait(ctx, e)
}

// wait returns e's result, or ctx's error when ctx ends first; the last
// waiter to leave stops the computation.
func (c *Cache) wait(ctx context.Context, e *cacheEntry) (any, error) {
	select {
	case <-e.done:
		return e.val, e.err
	case <-ctx.Done():
	}
	c.mu.Lock()
	e.waiters--
	if e.waiters == 0 && !e.finished && !e.stopped {
		e.stopped = true
		close(e.stop)
	}
	c.mu.Unlock()
	return nil, ctx.Err()
}

// run computes e (holding a slot if expensive), keeps its result if it
// may, and releases e's waiters, also when fn panics.
func (c *Cache) run(e *cacheEntry, keep, expensive bool, fn func(done <-chan struct{}) (any, error)) {
	defer func() {
		if r := recover(); r != nil {
			e.val, e.err = nil, fmt.Errorf("analytics: cached computation %q panicked: %v", e.k.key, r)
		}
		c.computations.Add(1)
		c.finish(e, keep)
		close(e.done)
	}()
	if expensive {
		if err := c.acquire(e.stop); err != nil {
			e.err = err
			return
		}
		defer func() { <-c.slots }()
	}
	e.val, e.err = fn(e.stop)
	if e.err != nil && errors.Is(e.err, ErrCanceled) {
		c.canceled.Add(1)
	}
}

// acquire takes a computation slot, waiting in the queue while there is
// room and the computation is still wanted.
func (c *Cache) acquire(stop <-chan struct{}) error {
	select {
	case c.slots <- struct{}{}:
		return nil
	default:
	}
	if c.queued.Add(1) > c.queue {
		c.queued.Add(-1)
		c.busy.Add(1)
		return ErrBusy
	}
	defer c.queued.Add(-1)
	select {
	case c.slots <- struct{}{}:
		return nil
	case <-stop:
		c.canceled.Add(1)
		return ErrCanceled
	}
}

// finish keeps e's result if it may and bounds the cache.
func (c *Cache) finish(e *cacheEntry, keep bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e.finished = true
	if !keep || c.entries[e.k] != e {
		return
	}
	if e.err != nil || e.k.version < c.version {
		delete(c.entries, e.k)
		return
	}
	e.size = SizeOf(e.val) + int64(len(e.k.key)) + 64
	e.elem = c.lru.PushFront(e)
	c.bytes += e.size
	for c.lru.Len() > c.max || (c.bytes > c.maxBytes && c.lru.Len() > 1) {
		old := c.lru.Remove(c.lru.Back()).(*cacheEntry)
		old.elem = nil
		c.bytes -= old.size
		delete(c.entries, old.k)
	}
}

// evictOlder drops the results of versions older than v; computations of
// such versions still running finish for their waiters and are not kept.
// c.mu must be held.
func (c *Cache) evictOlder(v int64) {
	for k, e := range c.entries {
		if k.version >= v {
			continue
		}
		if e.elem != nil {
			c.lru.Remove(e.elem)
			e.elem = nil
			c.bytes -= e.size
		}
		delete(c.entries, k)
	}
}

// Sizer is a result that knows its size in bytes.
type Sizer interface{ SizeBytes() int64 }

// SizeOf estimates the bytes a result holds: exactly for slices of numbers
// and for Sizers, by the JSON it would write for everything else (an upper
// estimate for the result types of this package, taken once per result).
func SizeOf(v any) int64 {
	switch x := v.(type) {
	case nil:
		return 0
	case Sizer:
		return x.SizeBytes()
	case []float64:
		return int64(8 * len(x))
	case []int32:
		return int64(4 * len(x))
	case []int:
		return int64(8 * len(x))
	case *Projection:
		if x.layerKey != "" {
			// A derived projection (SharedGroups, Combine) owns its
			// links (about 210 bytes each) and their weights and slots.
			return int64(64*len(x.nodes) + 260*len(x.links))
		}
		return int64(64*len(x.nodes) + 48*len(x.links))
	}
	b, err := json.Marshal(v)
	if err != nil {
		return 1 << 10
	}
	return int64(len(b))
}

// Cached is the typed form of Cache.Do: it returns fn's result for the
// operation op with the given parameters on projection p, computed once per
// projection (version and filters, see Projection.Key), op and params.
// params enter the key as JSON (so pointers count by what they point to),
// or printed with %#v when they cannot be written as JSON; equal
// parameters must give equal text.
func Cached[T any](ctx context.Context, c *Cache, p *Projection, op string, params any, fn func() (T, error)) (T, error) {
	key := opKey(p, op, params)
	v, err := c.Do(ctx, key, p.version, func() (any, error) { return fn() })
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// opKey is the key of op with params on projection p: the projection's
// key, op and the parameters as JSON (as %#v when they cannot be JSON).
func opKey(p *Projection, op string, params any) string {
	b, err := json.Marshal(params)
	if err != nil {
		b = fmt.Appendf(nil, "%#v", params)
	}
	return p.Key() + "\x00" + op + "\x00" + string(b)
}

// CachedExec is Cached for an expensive computation that can stop: fn
// runs holding a computation slot and gets the done channel to pass to
// Exec, closed when every caller has gone.
func CachedExec[T any](ctx context.Context, c *Cache, p *Projection, op string, params any, fn func(done <-chan struct{}) (T, error)) (T, error) {
	key := opKey(p, op, params)
	v, err := c.DoCancel(ctx, key, p.version, true, func(done <-chan struct{}) (any, error) { return fn(done) })
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}

// Key identifies the projection for caching: its version followed by the
// filters that made it, in the order they were applied. Two projections with
// the same Key hold the same links.
func (p *Projection) Key() string {
	k := p.parentKey
	if k == "" {
		k = strconv.FormatInt(p.version, 10)
	}
	if p.layerKey != "" {
		k += "|layer=" + p.layerKey
	}
	if !p.filter.IsZero() {
		k += "|" + p.filter.Key()
	}
	return k
}

// Key returns a canonical text form of f: equal for filters that keep the
// same links (the order of kinds, countries and states does not matter), ""
// for the zero Filter.
func (f Filter) Key() string {
	if f.IsZero() {
		return ""
	}
	var b strings.Builder
	list := func(name string, xs []string) {
		if len(xs) == 0 {
			return
		}
		s := slices.Clone(xs)
		slices.Sort(s)
		s = slices.Compact(s)
		fmt.Fprintf(&b, "%s=%s;", name, strings.Join(s, ","))
	}
	kinds := make([]string, len(f.Kinds))
	for i, k := range f.Kinds {
		kinds[i] = string(k)
	}
	list("kinds", kinds)
	if !f.AsOf.IsZero() {
		fmt.Fprintf(&b, "asof=%s;", f.AsOf)
	}
	if !f.From.IsZero() {
		fmt.Fprintf(&b, "from=%s;", f.From)
	}
	if !f.To.IsZero() {
		fmt.Fprintf(&b, "to=%s;", f.To)
	}
	list("countries", f.Countries)
	list("states", f.States)
	if f.ActiveOnly {
		b.WriteString("active;")
	}
	return b.String()
}
