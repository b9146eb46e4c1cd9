package server

import (
	"container/list"
	"crypto/sha256"
	"encoding/json"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// responseCache keeps the encoded answers of queries per projection
// version: a query asked again with the same text, operation name,
// variables and extensions, on the same projection and day, is answered
// with the bytes encoded the first time, without parsing, pricing or
// resolving anything. Only answers without errors are kept (errors may be
// passing: a timeout, an unreachable store). When a newer projection
// arrives, the older answers go; beyond maxBytes the least recently used.
type responseCache struct {
	maxBytes, maxEntry int

	mu      sync.Mutex
	version int64
	bytes   int
	byKey   map[[32]byte]*list.Element
	lru     *list.List // of *cachedResponse, most recent first

	hits, misses, stores atomic.Int64
}

// cachedResponse is one encoded answer.
type cachedResponse struct {
	key     [32]byte
	version int64
	body    []byte
	op      string // operation name, for the log line and metrics
}

func newResponseCache(maxBytes, maxEntry int) *responseCache {
	return &responseCache{maxBytes: maxBytes, maxEntry: maxEntry, byKey: map[[32]byte]*list.Element{}, lru: list.New()}
}

// responseKey identifies a request's answer: its parameters, the projection
// version and the day (recommendations and changes count from today).
func responseKey(p *graphql.RawParams, version int64, day string) [32]byte {
	h := sha256.New()
	var v [8]byte
	for i := range v {
		v[i] = byte(version >> (8 * i))
	}
	h.Write(v[:])
	h.Write([]byte(day))
	for _, s := range []string{p.Query, p.OperationName} {
		var n [8]byte
		for i := range n {
			n[i] = byte(len(s) >> (8 * i))
		}
		h.Write(n[:])
		h.Write([]byte(s))
	}
	// encoding/json sorts map keys: equal variables give equal text.
	vars, _ := json.Marshal(p.Variables)
	ext, _ := json.Marshal(p.Extensions)
	h.Write(vars)
	h.Write([]byte{0})
	h.Write(ext)
	var k [32]byte
	h.Sum(k[:0])
	return k
}

// get returns the answer kept under k, if any.
func (c *responseCache) get(k [32]byte) (*cachedResponse, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[k]
	if !ok {
		c.misses.Add(1)
		return nil, false
	}
	c.lru.MoveToFront(e)
	c.hits.Add(1)
	return e.Value.(*cachedResponse), true
}

// put keeps an answer of the given projection version, unless it is too
// large or an older version than the newest seen.
func (c *responseCache) put(r *cachedResponse) {
	if len(r.body) > c.maxEntry {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case r.version < c.version:
		return
	case r.version > c.version:
		c.lru.Init()
		clear(c.byKey)
		c.bytes, c.version = 0, r.version
	}
	if _, ok := c.byKey[r.key]; ok {
		return
	}
	c.byKey[r.key] = c.lru.PushFront(r)
	c.bytes += len(r.body)
	c.stores.Add(1)
	for c.bytes > c.maxBytes {
		old := c.lru.Remove(c.lru.Back()).(*cachedResponse)
		delete(c.byKey, old.key)
		c.bytes -= len(old.body)
	}
}

// size returns the entries and bytes kept.
func (c *responseCache) size() (entries, bytes int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.lru.Len(), c.bytes
}

// today is the day part of the cache key.
func today() string { return time.Now().UTC().Format(time.DateOnly) }
