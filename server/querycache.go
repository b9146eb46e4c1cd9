package server

import (
	"container/list"
	"context"
	"sync"

	"github.com/vektah/gqlparser/v2/ast"
)

// queryCache keeps parsed and validated documents by their text, least
// recently used first out, bounded by the bytes of text it holds (a parsed
// document takes some ten times its text) and by entries. Documents longer
// than maxDoc are not kept, so that a stream of large one-off queries
// cannot fill it.
type queryCache struct {
	maxBytes, maxDoc, maxEntries int

	mu    sync.Mutex
	bytes int
	byKey map[string]*list.Element
	lru   *list.List // of *queryEntry, most recent first
}

type queryEntry struct {
	key string
	doc *ast.QueryDocument
}

func newQueryCache(maxBytes, maxDoc, maxEntries int) *queryCache {
	return &queryCache{maxBytes: maxBytes, maxDoc: maxDoc, maxEntries: maxEntries,
		byKey: map[string]*list.Element{}, lru: list.New()}
}

// Get returns the document parsed from key, if kept.
func (c *queryCache) Get(_ context.Context, key string) (*ast.QueryDocument, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byKey[key]
	if !ok {
		return nil, false
	}
	c.lru.MoveToFront(e)
	return e.Value.(*queryEntry).doc, true
}

// Add keeps doc under key, dropping the least recently used beyond the
// bounds.
func (c *queryCache) Add(_ context.Context, key string, doc *ast.QueryDocument) {
	if len(key) > c.maxDoc {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.byKey[key]; ok {
		c.lru.MoveToFront(e)
		return
	}
	c.byKey[key] = c.lru.PushFront(&queryEntry{key: key, doc: doc})
	c.bytes += len(key)
	for c.bytes > c.maxBytes || c.lru.Len() > c.maxEntries {
		old := c.lru.Remove(c.lru.Back()).(*queryEntry)
		delete(c.byKey, old.key)
		c.bytes -= len(old.key)
	}
}
