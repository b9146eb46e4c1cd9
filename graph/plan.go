package graph

// Both stores apply a batch the same way: load the stored records with the
// batch's keys, merge the batch's records into them with the Merge
// functions, write what is new or changed. PlanMerge is the middle step,
// shared, so that both count and merge alike; loading and writing are the
// stores' own.

// Plan is what merging one list of a batch into the stored records gives.
type Plan[T any] struct {
	Create    []T // records not stored yet, as the batch gives them
	Update    []T // stored records the merge changed, merged
	Unchanged int // stored records the merge left as they were
}

// PlanMerge merges each of recs into the stored record with the same key
// (stored[key(r)]) with merge and sorts the outcomes into a Plan, keeping
// the order of recs. recs must hold one record per key, as
// Batch.Normalize leaves them. When nothing is stored, Create is recs
// itself.
func PlanMerge[T any](recs []T, stored map[string]T, key func(T) string, merge func(old, n T) (T, bool)) Plan[T] {
	if len(stored) == 0 {
		return Plan[T]{Create: recs}
	}
	var p Plan[T]
	for _, r := range recs {
		old, ok := stored[key(r)]
		if !ok {
			p.Create = append(p.Create, r)
			continue
		}
		n, changed := merge(old, r)
		if !changed {
			p.Unchanged++
			continue
		}
		p.Update = append(p.Update, n)
	}
	return p
}

// Count adds the plan's outcomes to st; partnerships tells whether the
// records are partnerships, which ApplyStats also counts apart.
func (p Plan[T]) Count(st *ApplyStats, partnerships bool) {
	st.Created += len(p.Create)
	st.Merged += len(p.Update)
	st.Unchanged += p.Unchanged
	if partnerships {
		st.PartnershipsCreated += len(p.Create)
		st.PartnershipsMerged += len(p.Update)
		st.PartnershipsUnchanged += p.Unchanged
	}
}
