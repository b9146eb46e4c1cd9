package resolvers

import (
	"cmp"
	"encoding/base64"
	"slices"
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

// rankedPage returns the page first and after ask for of the nodes idx in
// the order rank gives (a node's position in it; distinct for distinct
// nodes), without sorting them all: it counts the nodes before the
// cursor's and keeps the size smallest ranks after it, O(len(idx) + the
// page's size times the few that enter it). It returns the page's nodes in
// order and the position of the first. Errors: INVALID (as window).
func (r *Resolver) rankedPage(idx, rank []int32, indexOf func(key string) (int32, bool), prefix string, first *int, after *string) ([]int32, int, error) {
	size := min(defaultPageSize, r.maxPage)
	if first != nil {
		size = *first
	}
	if size < 0 || size > r.maxPage {
		return nil, 0, graph.Errorf(graph.EINVALID, "first %d: want 0 to %d", size, r.maxPage)
	}
	lo, floor := 0, int32(-1)
	if after != nil && *after != "" {
		key, err := decodeCursor(prefix, *after)
		if err != nil {
			return nil, 0, err
		}
		c, ok := indexOf(key)
		if ok {
			ok = false
			for _, i := range idx {
				if i == c {
					ok = true
				}
				if rank[i] < rank[c] {
					lo++
				}
			}
		}
		if !ok {
			return nil, 0, graph.Errorf(graph.EINVALID, "after: the cursor's item is no longer in this list; start again without after")
		}
		lo++
		floor = rank[c]
	}
	// The size smallest ranks above floor, kept sorted.
	out := make([]int32, 0, size+1)
	for _, i := range idx {
		ri := rank[i]
		if ri <= floor || size == 0 || (len(out) == size && ri > rank[out[size-1]]) {
			continue
		}
		k, _ := slices.BinarySearchFunc(out, ri, func(n, t int32) int { return cmp.Compare(rank[n], t) })
		out = slices.Insert(out, k, i)
		if len(out) > size {
			out = out[:size]
		}
	}
	return out, lo, nil
}
