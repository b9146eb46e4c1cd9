package resolvers

import (
	"encoding/base64"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/schema"
)

// Cursors are opaque to clients: base64 of a prefix and the item's identity
// (a city id, a partnership key), so a page boundary survives reloads as long
// as the item itself is still in the list.

func encodeCursor(prefix, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(prefix + ":" + key))
}

func decodeCursor(prefix, c string) (string, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !strings.HasPrefix(string(b), prefix+":") {
		return "", graph.Errorf(graph.EINVALID, "after: %q is not a cursor of this list", c)
	}
	return string(b[len(prefix)+1:]), nil
}

// defaultPageSize is the page size when a query does not give first.
const defaultPageSize = 20

// window returns the [lo, hi) range of a page of n keyed items: the first
// items after the item whose key is after. Errors: INVALID for a bad first
// or cursor.
func (r *Resolver) window(n int, keyOf func(int) string, prefix string, first *int, after *string) (lo, hi int, err error) {
	size := min(defaultPageSize, r.maxPage)
	if first != nil {
		size = *first
	}
	if size < 0 || size > r.maxPage {
		return 0, 0, graph.Errorf(graph.EINVALID, "first %d: want 0 to %d", size, r.maxPage)
	}
	if after != nil && *after != "" {
		key, err := decodeCursor(prefix, *after)
		if err != nil {
			return 0, 0, err
		}
		lo = -1
		for i := 0; i < n; i++ {
			if keyOf(i) == key {
				lo = i + 1
				break
			}
		}
		if lo < 0 {
			return 0, 0, graph.Errorf(graph.EINVALID, "after: the cursor's item is no longer in this list; start again without after")
		}
	}
	hi = min(lo+size, n)
	return lo, hi, nil
}

// pageInfo describes the page [lo, hi) of n items.
func pageInfo(lo, hi, n int, cursor func(int) string) schema.PageInfo {
	pi := schema.PageInfo{HasNextPage: hi < n, HasPreviousPage: lo > 0}
	if hi > lo {
		s, e := cursor(lo), cursor(hi-1)
		pi.StartCursor, pi.EndCursor = &s, &e
	}
	return pi
}

// page is one page of a keyed list: its items, their cursors and its
// PageInfo.
type page[T any] struct {
	items   []T // never nil
	cursors []string
	info    schema.PageInfo
}

// paginate returns the page first and after ask for of n items, item(k)
// being the k-th, known by key(k). Errors: INVALID (see window).
func paginate[T any](r *Resolver, n int, prefix string, key func(int) string, item func(int) T, first *int, after *string) (page[T], error) {
	lo, hi, err := r.window(n, key, prefix, first, after)
	if err != nil {
		return page[T]{}, err
	}
	cursor := func(k int) string { return encodeCursor(prefix, key(k)) }
	pg := page[T]{items: make([]T, 0, hi-lo), cursors: make([]string, 0, hi-lo), info: pageInfo(lo, hi, n, cursor)}
	for k := lo; k < hi; k++ {
		pg.items = append(pg.items, item(k))
		pg.cursors = append(pg.cursors, cursor(k))
	}
	return pg, nil
}
