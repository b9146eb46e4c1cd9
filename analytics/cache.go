package analytics

import (
	"container/list"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// DefaultCacheEntries is the number of results a Cache made with
// NewCache(0) keeps.
const DefaultCacheEntries = 512

// Cache holds analysis results per projection version, computing each one
// once even when many requests ask for it at the same time: the first caller
// runs the computation, the others wait for its result.
//
// The cache is bounded twice: when a newer version arrives, every result of
// an older version is dropped (results of an older version are still
// computed for callers that ask, but not kept), and beyond its capacity the
// least recently used result goes. Errors are not kept: the callers waiting
// on a failed computation all get its error, the next caller tries again.
//
// A Cache is safe for concurrent use; the zero Cache is not ready, use
// NewCache.
type Cache struct {
	mu      sync.Mutex
	max     int
	version int64
	entries map[cacheKey]*cacheEntry
	lru     *list.List // of *cacheEntry, most recently used first

	hits, misses, computations atomic.Int64
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
	elem *list.Element // nil while not in the LRU list
}

// NewCache returns a cache keeping at most max results (DefaultCacheEntries
// when max <= 0).
func NewCache(max int) *Cache {
	if max <= 0 {
		max = DefaultCacheEntries
	}
	return &Cache{max: max, entries: make(map[cacheKey]*cacheEntry), lru: list.New()}
}

// CacheStats counts what a Cache did.
type CacheStats struct {
	Hits         int64 `json:"hits"`         // answered from a kept or running computation
	Misses       int64 `json:"misses"`       // had to start a computation
	Computations int64 `json:"computations"` // computations finished (with or without error)
	Entries      int   `json:"entries"`      // results kept now
	Version      int64 `json:"version"`      // the newest version seen
}

// Stats returns the counters of c.
func (c *Cache) Stats() CacheStats {
	c.mu.Lock()
	n, v := len(c.entries), c.version
	c.mu.Unlock()
	return CacheStats{Hits: c.hits.Load(), Misses: c.misses.Load(), Computations: c.computations.Load(), Entries: n, Version: v}
}

// Do returns the result of fn for key at the given projection version,
// running fn only if no result is kept and no computation for the same key
// and version is running. While fn runs, other callers of the same key wait;
// a waiter whose ctx ends returns ctx.Err() without stopping the
// computation. A panic in fn is turned into an error for every waiter.
func (c *Cache) Do(ctx context.Context, key string, version int64, fn func() (any, error)) (any, error) {
	k := cacheKey{version, key}
	c.mu.Lock()
	if version > c.version {
		c.evictOlder(version)
		c.version = version
	}
	if e, ok := c.entries[k]; ok {
		if e.elem != nil {
			c.lru.MoveToFront(e.elem)
		}
		c.mu.Unlock()
		c.hits.Add(1)
		select {
		case <-e.done:
			return e.val, e.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	e := &cacheEntry{k: k, done: make(chan struct{})}
	keep := version >= c.version
	if keep {
		c.entries[k] = e
	}
	c.mu.Unlock()
	c.misses.Add(1)

	c.run(e, fn)

	c.mu.Lock()
	if keep && c.entries[k] == e {
		if e.err != nil || version < c.version {
			delete(c.entries, k)
		} else {
			e.elem = c.lru.PushFront(e)
			for c.lru.Len() > c.max {
				old := c.lru.Remove(c.lru.Back()).(*cacheEntry)
				delete(c.entries, old.k)
			}
		}
	}
	c.mu.Unlock()
	return e.val, e.err
}

// run calls fn, stores its result in e and releases e's waiters, also when
// fn panics.
func (c *Cache) run(e *cacheEntry, fn func() (any, error)) {
	defer func() {
		if r := recover(); r != nil {
			e.val, e.err = nil, fmt.Errorf("analytics: cached computation %q panicked: %v", e.k.key, r)
		}
		c.computations.Add(1)
		close(e.done)
	}()
	e.val, e.err = fn()
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
		}
		delete(c.entries, k)
	}
}

// Cached is the typed form of Cache.Do: it returns fn's result for the
// operation op with the given parameters on projection p, computed once per
// projection (version and filters, see Projection.Key), op and params.
// params enter the key as JSON (so pointers count by what they point to),
// or printed with %#v when they cannot be written as JSON; equal
// parameters must give equal text.
func Cached[T any](ctx context.Context, c *Cache, p *Projection, op string, params any, fn func() (T, error)) (T, error) {
	var ps string
	if b, err := json.Marshal(params); err == nil {
		ps = string(b)
	} else {
		ps = fmt.Sprintf("%#v", params)
	}
	key := p.Key() + "\x00" + op + "\x00" + ps
	v, err := c.Do(ctx, key, p.Version, func() (any, error) { return fn() })
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
		k = strconv.FormatInt(p.Version, 10)
	}
	if !p.Filter.IsZero() {
		k += "|" + p.Filter.Key()
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
