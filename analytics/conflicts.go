package analytics

import (
	"slices"
	"sort"

	"github.com/citygraph/citygraph/graph"
)

// ConflictQuery selects the conflicts Conflicts lists.
type ConflictQuery struct {
	// Settled lists the settled conflicts too (a settling statement chose
	// the value; the disagreement stays on record).
	Settled bool
	// Keys keeps the links with these keys (graph.Partnership.Key); nil
	// keeps every link.
	Keys map[string]bool
	// Field keeps conflicts on this field (since, until, status); empty
	// keeps all.
	Field string
	// File keeps conflicts in which a value is claimed by a source of
	// this file name (an import's conflicts with earlier sources); empty
	// keeps all.
	File string
}

// LinkConflict is a conflict (graph.Conflict: a field of a link on which
// its sources disagree, each value with its sources, the value the view
// took) with the names of the link's ends.
type LinkConflict struct {
	graph.Conflict
	AName string `json:"aName"`
	BName string `json:"bName"`
}

// Conflicts lists the conflicts of the links of s that q selects, in the
// snapshot's order of links and then since, until, status
// (graph.Partnership.Conflicts). Cost: one pass over the links' claims.
func Conflicts(s *graph.Snapshot, q ConflictQuery) []LinkConflict {
	out := []LinkConflict{}
	for i := range s.Partnerships {
		p := &s.Partnerships[i]
		if len(p.Claims) < 2 || q.Keys != nil && !q.Keys[p.Key()] {
			continue
		}
		for _, c := range p.Conflicts() {
			if c.Settled && !q.Settled || q.Field != "" && c.Field != q.Field || q.File != "" && !claimedBy(c, q.File) {
				continue
			}
			out = append(out, LinkConflict{Conflict: c})
		}
	}
	if len(out) > 0 {
		names := placeNames(s.Municipalities)
		for i := range out {
			out[i].AName, out[i].BName = names(out[i].A), names(out[i].B)
		}
	}
	return out
}

// placeNames returns a lookup of the names of places by id (the id for an
// unknown place); ms is sorted by id.
func placeNames(ms []graph.Municipality) func(string) string {
	return func(id string) string {
		i := sort.Search(len(ms), func(i int) bool { return ms[i].ID >= id })
		if i < len(ms) && ms[i].ID == id {
			return ms[i].Name
		}
		return id
	}
}

// claimedBy reports whether a source of the file claims a value of c.
func claimedBy(c graph.Conflict, file string) bool {
	return slices.ContainsFunc(c.Values, func(v graph.ClaimedValue) bool {
		return slices.ContainsFunc(v.Sources, func(s graph.Source) bool { return s.File == file })
	})
}

// BatchKeys returns the keys of the batch's links, for ConflictQuery.Keys.
func BatchKeys(b *graph.Batch) map[string]bool {
	keys := make(map[string]bool, len(b.Partnerships))
	for _, p := range b.Partnerships {
		keys[p.Key()] = true
	}
	return keys
}
