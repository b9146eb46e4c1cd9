package export

import (
	"iter"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/graph"
)

// Slices is a graph held in memory, e.g. a whole store snapshot.
type Slices struct {
	Nodes         []graph.Municipality
	Links         []graph.Partnership
	Networks      []graph.Network
	Memberships   []graph.Membership
	Organisations []graph.Organisation
	OrgLinks      []graph.OrgLink
}

// FromSnapshot returns the whole snapshot as Slices.
func FromSnapshot(s *graph.Snapshot) Slices {
	return Slices{Nodes: s.Municipalities, Links: s.Partnerships, Networks: s.Networks, Memberships: s.Memberships,
		Organisations: s.Organisations, OrgLinks: s.OrgLinks}
}

// Graph returns s as a Graph. Link ends that are not among the nodes,
// networks or organisations are added as bare nodes named by their id, so
// that every edge has both its ends. The indexes it builds are the size of
// s; the writers themselves hold one record at a time.
func (s Slices) Graph() Graph {
	places := make(map[string]*graph.Municipality, len(s.Nodes))
	var extra []*graph.Municipality
	for i := range s.Nodes {
		places[s.Nodes[i].ID] = &s.Nodes[i]
	}
	addPlace := func(id string) {
		if _, ok := places[id]; !ok {
			m := &graph.Municipality{ID: id, Name: id}
			places[id] = m
			extra = append(extra, m)
		}
	}
	for _, l := range s.Links {
		addPlace(l.A)
		addPlace(l.B)
	}
	nets := make(map[string]*graph.Network, len(s.Networks))
	var extraNets []*graph.Network
	for i := range s.Networks {
		nets[s.Networks[i].ID] = &s.Networks[i]
	}
	for _, m := range s.Memberships {
		addPlace(m.Municipality)
		if _, ok := nets[m.Network]; !ok {
			n := &graph.Network{ID: m.Network, Name: m.Network}
			nets[m.Network] = n
			extraNets = append(extraNets, n)
		}
	}
	orgs := make(map[string]*graph.Organisation, len(s.Organisations))
	var extraOrgs []*graph.Organisation
	for i := range s.Organisations {
		orgs[s.Organisations[i].ID] = &s.Organisations[i]
	}
	for _, l := range s.OrgLinks {
		addPlace(l.Municipality)
		if _, ok := orgs[l.Organisation]; !ok {
			o := &graph.Organisation{ID: l.Organisation, Name: l.Organisation}
			orgs[l.Organisation] = o
			extraOrgs = append(extraOrgs, o)
		}
	}
	return Graph{
		Places:        concat(pointers(s.Nodes), values(extra)),
		Networks:      concat(pointers(s.Networks), values(extraNets)),
		Organisations: concat(pointers(s.Organisations), values(extraOrgs)),
		Partnerships:  pointers(s.Links),
		Memberships:   pointers(s.Memberships),
		OrgLinks:      pointers(s.OrgLinks),
		Place:         func(id string) *graph.Municipality { return places[id] },
		Network:       func(id string) *graph.Network { return nets[id] },
		Organisation:  func(id string) *graph.Organisation { return orgs[id] },
		Sizes: Sizes{Places: len(places), Networks: len(nets), Organisations: len(orgs), Partnerships: len(s.Links),
			Memberships: len(s.Memberships), OrgLinks: len(s.OrgLinks)},
	}
}

// pointers yields a pointer to each element of xs.
func pointers[T any](xs []T) iter.Seq[*T] {
	return func(yield func(*T) bool) {
		for i := range xs {
			if !yield(&xs[i]) {
				return
			}
		}
	}
}

func values[T any](xs []T) iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, x := range xs {
			if !yield(x) {
				return
			}
		}
	}
}

func concat[T any](a, b iter.Seq[T]) iter.Seq[T] {
	return func(yield func(T) bool) {
		for x := range a {
			if !yield(x) {
				return
			}
		}
		for x := range b {
			if !yield(x) {
				return
			}
		}
	}
}

// Each yields a pointer to every element of xs that keep accepts (nil:
// every element), for building a Graph over slices held elsewhere.
func Each[T any](xs []T, keep func(*T) bool) iter.Seq[*T] {
	return func(yield func(*T) bool) {
		for i := range xs {
			if (keep == nil || keep(&xs[i])) && !yield(&xs[i]) {
				return
			}
		}
	}
}

// Lookup returns a function that finds an element of xs, sorted by id (as
// snapshots keep them), by its id; nil when there is none.
func Lookup[T any](xs []T, id func(*T) string) func(string) *T {
	return func(want string) *T {
		i, ok := slices.BinarySearchFunc(xs, want, func(x T, w string) int { return strings.Compare(id(&x), w) })
		if !ok {
			return nil
		}
		return &xs[i]
	}
}
