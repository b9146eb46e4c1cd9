package graphtest

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/graph"
)

// model is the reference semantics of graph.Store: a map per record type,
// merged with the graph.Merge functions. The suite compares every store
// against it after every batch.
type model struct {
	version int64
	base    int64 // the store's version when empty: claims carry base+version
	munis   map[string]graph.Municipality
	parts   map[string]graph.Partnership
	nets    map[string]graph.Network
	mems    map[string]graph.Membership
	orgs    map[string]graph.Organisation
	links   map[string]graph.OrgLink
	coops   map[string]graph.Cooperation
	counts  map[string]graph.StateCount
	rep     map[string]graph.ReportedCount
	aliases map[string]graph.Alias
	imports []graph.ImportRecord
}

func newModel() *model {
	return &model{
		munis:   map[string]graph.Municipality{},
		parts:   map[string]graph.Partnership{},
		nets:    map[string]graph.Network{},
		mems:    map[string]graph.Membership{},
		orgs:    map[string]graph.Organisation{},
		links:   map[string]graph.OrgLink{},
		coops:   map[string]graph.Cooperation{},
		counts:  map[string]graph.StateCount{},
		rep:     map[string]graph.ReportedCount{},
		aliases: map[string]graph.Alias{},
	}
}

// clone returns a deep copy of m.
func (m *model) clone() *model {
	c := newModel()
	c.version, c.base = m.version, m.base
	maps.Copy(c.munis, m.munis)
	maps.Copy(c.parts, m.parts)
	maps.Copy(c.nets, m.nets)
	maps.Copy(c.mems, m.mems)
	maps.Copy(c.orgs, m.orgs)
	maps.Copy(c.links, m.links)
	maps.Copy(c.coops, m.coops)
	maps.Copy(c.counts, m.counts)
	maps.Copy(c.rep, m.rep)
	maps.Copy(c.aliases, m.aliases)
	c.imports = slices.Clone(m.imports)
	return c
}

// apply merges a deep copy of b into m, with the validation every store
// must do. On error m is unchanged.
func (m *model) apply(in *graph.Batch) (graph.ApplyStats, error) {
	if err := in.Validate(); err != nil {
		return graph.ApplyStats{}, err
	}
	c := m.clone()
	b := in.Clone()
	b.Normalize()
	if err := b.ResolveAliases(c.aliasList(), c.place, c.absorb); err != nil {
		return graph.ApplyStats{}, err
	}
	b.Normalize()
	if err := c.checkRefs(b); err != nil {
		return graph.ApplyStats{}, err
	}
	st := c.merge(b)
	*m = *c
	return st, nil
}

// aliasList returns the stored aliases.
func (m *model) aliasList() []graph.Alias {
	out := make([]graph.Alias, 0, len(m.aliases))
	for _, a := range m.aliases {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b graph.Alias) int { return strings.Compare(a.Alias, b.Alias) })
	return out
}

// place returns the stored place with the id.
func (m *model) place(id string) (graph.Municipality, bool, error) {
	p, ok := m.munis[id]
	return p, ok, nil
}

// absorb takes the place id and every record naming it out of m.
func (m *model) absorb(id string) (*graph.Absorbed, error) {
	p, ok := m.munis[id]
	if !ok {
		return nil, nil
	}
	ab := &graph.Absorbed{Place: p}
	delete(m.munis, id)
	for k, v := range m.parts {
		if v.A == id || v.B == id {
			ab.Partnerships = append(ab.Partnerships, v)
			delete(m.parts, k)
		}
	}
	for k, v := range m.mems {
		if v.Municipality == id {
			ab.Memberships = append(ab.Memberships, v)
			delete(m.mems, k)
		}
	}
	for k, v := range m.links {
		if v.Municipality == id {
			ab.OrgLinks = append(ab.OrgLinks, v)
			delete(m.links, k)
		}
	}
	for _, o := range m.orgs {
		if o.Municipality == id {
			ab.Organisations = append(ab.Organisations, o)
		}
	}
	slices.SortFunc(ab.Organisations, func(a, b graph.Organisation) int { return strings.Compare(a.ID, b.ID) })
	slices.SortFunc(ab.Partnerships, func(a, b graph.Partnership) int { return strings.Compare(a.Key(), b.Key()) })
	slices.SortFunc(ab.Memberships, func(a, b graph.Membership) int { return strings.Compare(a.Key(), b.Key()) })
	slices.SortFunc(ab.OrgLinks, func(a, b graph.OrgLink) int { return strings.Compare(a.Key(), b.Key()) })
	return ab, nil
}

// merge merges the prepared batch b into m.
func (m *model) merge(b *graph.Batch) graph.ApplyStats {
	var st graph.ApplyStats
	for _, v := range b.Municipalities {
		st.Add(mergeInto(m.munis, v.ID, v, graph.MergeMunicipality), false)
	}
	for _, v := range b.Networks {
		st.Add(mergeInto(m.nets, v.ID, v, graph.MergeNetwork), false)
	}
	for _, v := range b.Organisations {
		st.Add(mergeInto(m.orgs, v.ID, v, graph.MergeOrganisation), false)
	}
	seq := m.base + m.version + 1 // claims and events carry the version the batch gives
	for _, v := range b.Partnerships {
		v.Stamp(seq)
		st.Add(mergeInto(m.parts, v.Key(), v, graph.MergePartnershipAt(seq)), true)
	}
	for _, v := range b.Memberships {
		st.Add(mergeInto(m.mems, v.Key(), v, graph.MergeMembership), false)
	}
	for _, v := range b.OrgLinks {
		st.Add(mergeInto(m.links, v.Key(), v, graph.MergeOrgLink), false)
	}
	for _, v := range b.Cooperations {
		st.Add(mergeInto(m.coops, v.Key(), v, graph.MergeCooperation), false)
	}
	for _, v := range b.StateCounts {
		st.Add(mergeInto(m.counts, v.State, v, graph.MergeStateCount), false)
	}
	for _, v := range b.ReportedCounts {
		st.Add(mergeInto(m.rep, v.Key(), v, graph.MergeReportedCount), false)
	}
	for _, v := range b.Aliases {
		st.Add(mergeInto(m.aliases, v.Alias, v, graph.MergeAlias), false)
	}
	if b.Import.SHA256 != "" && !slices.ContainsFunc(m.imports, func(r graph.ImportRecord) bool { return r.SHA256 == b.Import.SHA256 }) {
		m.imports = append(m.imports, b.Import)
	}
	if st.Changed() {
		m.version++
	}
	st.Version = m.version
	return st
}

func mergeInto[T any](dst map[string]T, key string, v T, merge func(T, T) (T, bool)) graph.Outcome {
	old, ok := dst[key]
	if !ok {
		dst[key] = v
		return graph.Created
	}
	n, changed := merge(old, v)
	if !changed {
		return graph.Unchanged
	}
	dst[key] = n
	return graph.Merged
}

// checkRefs checks the ends the batch names against the model.
func (m *model) checkRefs(b *graph.Batch) error {
	return b.Refs().Check(func(kind graph.RefKind, ids []string) ([]string, error) {
		var missing []string
		for _, id := range ids {
			var ok bool
			switch kind {
			case graph.RefMunicipality:
				_, ok = m.munis[id]
			case graph.RefNetwork:
				_, ok = m.nets[id]
			case graph.RefOrganisation:
				_, ok = m.orgs[id]
			}
			if !ok {
				missing = append(missing, id)
			}
		}
		return missing, nil
	})
}

// snapshot returns m as a canonical snapshot.
func (m *model) snapshot() *graph.Snapshot {
	s := &graph.Snapshot{Version: m.version}
	for _, v := range m.munis {
		s.Municipalities = append(s.Municipalities, v)
	}
	for _, v := range m.parts {
		s.Partnerships = append(s.Partnerships, v)
	}
	for _, v := range m.nets {
		s.Networks = append(s.Networks, v)
	}
	for _, v := range m.mems {
		s.Memberships = append(s.Memberships, v)
	}
	for _, v := range m.orgs {
		s.Organisations = append(s.Organisations, v)
	}
	for _, v := range m.links {
		s.OrgLinks = append(s.OrgLinks, v)
	}
	for _, v := range m.coops {
		s.Cooperations = append(s.Cooperations, v)
	}
	for _, v := range m.counts {
		s.StateCounts = append(s.StateCounts, v)
	}
	for _, v := range m.rep {
		s.ReportedCounts = append(s.ReportedCounts, v)
	}
	for _, v := range m.aliases {
		s.Aliases = append(s.Aliases, v)
	}
	s.Sort()
	return canonical(s)
}

// canonical returns a copy of s with Version 0 and every empty list nil,
// the form two snapshots are compared in: an empty list and a missing one
// mean the same.
func canonical(in *graph.Snapshot) *graph.Snapshot {
	s := *in
	s.Version = 0
	s.Municipalities = nilIfEmpty(slices.Clone(s.Municipalities))
	for i := range s.Municipalities {
		s.Municipalities[i].AltNames = nilIfEmpty(s.Municipalities[i].AltNames)
		s.Municipalities[i].Sources = nilIfEmpty(s.Municipalities[i].Sources)
	}
	s.Partnerships = nilIfEmpty(slices.Clone(s.Partnerships))
	for i := range s.Partnerships {
		s.Partnerships[i].Topics = nilIfEmpty(s.Partnerships[i].Topics)
		s.Partnerships[i].Sources = nilIfEmpty(s.Partnerships[i].Sources)
	}
	s.Networks = nilIfEmpty(slices.Clone(s.Networks))
	s.Memberships = nilIfEmpty(slices.Clone(s.Memberships))
	for i := range s.Memberships {
		s.Memberships[i].Sources = nilIfEmpty(s.Memberships[i].Sources)
	}
	s.Organisations = nilIfEmpty(slices.Clone(s.Organisations))
	s.OrgLinks = nilIfEmpty(slices.Clone(s.OrgLinks))
	for i := range s.OrgLinks {
		s.OrgLinks[i].Sources = nilIfEmpty(s.OrgLinks[i].Sources)
	}
	s.Cooperations = nilIfEmpty(slices.Clone(s.Cooperations))
	for i := range s.Cooperations {
		s.Cooperations[i].Topics = nilIfEmpty(s.Cooperations[i].Topics)
		s.Cooperations[i].Sources = nilIfEmpty(s.Cooperations[i].Sources)
	}
	s.StateCounts = nilIfEmpty(slices.Clone(s.StateCounts))
	for i := range s.StateCounts {
		s.StateCounts[i].Sources = nilIfEmpty(s.StateCounts[i].Sources)
	}
	s.ReportedCounts = nilIfEmpty(slices.Clone(s.ReportedCounts))
	for i := range s.ReportedCounts {
		s.ReportedCounts[i].Sources = nilIfEmpty(s.ReportedCounts[i].Sources)
	}
	s.Aliases = nilIfEmpty(slices.Clone(s.Aliases))
	for i := range s.Aliases {
		s.Aliases[i].Sources = nilIfEmpty(s.Aliases[i].Sources)
	}
	return &s
}

func nilIfEmpty[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s
}

// Diff describes how got differs from want, ignoring Version and the
// difference between empty and missing lists; "" means equal. It names the
// first differing record of every list, so that a mismatch in a snapshot of
// a million links stays readable.
func Diff(got, want *graph.Snapshot) string {
	g, w := canonical(got), canonical(want)
	var b strings.Builder
	diffList(&b, "municipalities", g.Municipalities, w.Municipalities)
	diffList(&b, "partnerships", g.Partnerships, w.Partnerships)
	diffList(&b, "networks", g.Networks, w.Networks)
	diffList(&b, "memberships", g.Memberships, w.Memberships)
	diffList(&b, "organisations", g.Organisations, w.Organisations)
	diffList(&b, "orgLinks", g.OrgLinks, w.OrgLinks)
	diffList(&b, "cooperations", g.Cooperations, w.Cooperations)
	diffList(&b, "aliases", g.Aliases, w.Aliases)
	diffList(&b, "stateCounts", g.StateCounts, w.StateCounts)
	diffList(&b, "reportedCounts", g.ReportedCounts, w.ReportedCounts)
	return b.String()
}

func diffList[T any](b *strings.Builder, name string, got, want []T) {
	if deepEqual(got, want) {
		return
	}
	fmt.Fprintf(b, "%s: got %d records, want %d", name, len(got), len(want))
	for i := 0; i < len(got) || i < len(want); i++ {
		switch {
		case i >= len(got):
			fmt.Fprintf(b, "; first missing [%d]: %+v\n", i, want[i])
			return
		case i >= len(want):
			fmt.Fprintf(b, "; first extra [%d]: %+v\n", i, got[i])
			return
		case !deepEqual(got[i], want[i]):
			fmt.Fprintf(b, "; first difference at [%d]:\n\tgot  %+v\n\twant %+v\n", i, got[i], want[i])
			return
		}
	}
	b.WriteString("\n")
}
