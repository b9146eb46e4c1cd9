package analytics

import (
	"cmp"
	"slices"
)

// Community is one community of a partition of the places.
type Community struct {
	ID int32
	// Members are its places, those with the most partners first (ties by
	// index).
	Members []int32
	// Countries counts its members per country, most first (ties by
	// country).
	Countries []KeyCount
}

// Communities groups a partition (comm[i] is the community of node i, as
// Louvain returns it) into its communities of two or more places, the
// largest first (ties by id); places alone in their community are left
// out. O(n log n).
func Communities(p *Projection, comm []int32) []Community {
	members := map[int32][]int32{}
	for i, c := range comm {
		members[c] = append(members[c], int32(i))
	}
	var out []Community
	for c, ms := range members {
		if len(ms) < 2 {
			continue
		}
		slices.SortFunc(ms, func(a, b int32) int { return cmp.Or(cmp.Compare(p.Degree(b), p.Degree(a)), cmp.Compare(a, b)) })
		countries := map[string]int{}
		for _, i := range ms {
			countries[p.nodes[i].Country]++
		}
		out = append(out, Community{ID: c, Members: ms, Countries: sortedCounts(countries)})
	}
	slices.SortFunc(out, func(a, b Community) int {
		return cmp.Or(cmp.Compare(len(b.Members), len(a.Members)), cmp.Compare(a.ID, b.ID))
	})
	return out
}
