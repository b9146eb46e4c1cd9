package graph

import (
	"context"
	"slices"
)

// Batch is everything one import or one mutation writes. A store applies a
// batch in one transaction: all of it becomes visible, or none of it.
//
// Every partnership, membership, organisation link and organisation with a
// home municipality must name
// municipalities that are in the batch's Municipalities or already in the
// store; memberships name networks and organisation links name
// organisations likewise, and so do cooperations.
type Batch struct {
	// Import describes the file the batch comes from; zero for mutations.
	Import ImportRecord

	Municipalities []Municipality
	Partnerships   []Partnership
	Networks       []Network
	Memberships    []Membership
	Organisations  []Organisation
	OrgLinks       []OrgLink
	// Cooperations link organisations (in the batch or stored) to each
	// other.
	Cooperations   []Cooperation
	StateCounts    []StateCount
	ReportedCounts []ReportedCount
	// Aliases say that two ids are one place (see Alias and
	// Batch.ResolveAliases).
	Aliases []Alias
}

// ImportRecord describes an imported file. Stores keep one record per
// distinct content (SHA256): importing the same content again changes
// nothing.
type ImportRecord struct {
	File   string `json:"file"`   // base name
	SHA256 string `json:"sha256"` // of the file's bytes
	Kind   string `json:"kind"`   // rgre, pairs, memberships, orglinks, counts
	Rows   int    `json:"rows"`   // data rows read
}

// ApplyStats counts what a batch did to the store, by record type:
// Created were new, Merged existed and changed (new sources, new names,
// new values), Unchanged existed as given.
type ApplyStats struct {
	Created   int `json:"created"`
	Merged    int `json:"merged"`
	Unchanged int `json:"unchanged"`

	PartnershipsCreated   int `json:"partnershipsCreated"`
	PartnershipsMerged    int `json:"partnershipsMerged"`
	PartnershipsUnchanged int `json:"partnershipsUnchanged"`

	// Version is the store's version after the batch; it grows by one when
	// the batch changed anything and stays put otherwise.
	Version int64 `json:"version"`
}

// Add counts one record's outcome; partnership tells whether it was a link.
func (s *ApplyStats) Add(o Outcome, partnership bool) {
	switch o {
	case Created:
		s.Created++
		if partnership {
			s.PartnershipsCreated++
		}
	case Merged:
		s.Merged++
		if partnership {
			s.PartnershipsMerged++
		}
	default:
		s.Unchanged++
		if partnership {
			s.PartnershipsUnchanged++
		}
	}
}

// Changed reports whether the batch changed anything.
func (s ApplyStats) Changed() bool { return s.Created+s.Merged > 0 }

// Store is where the graph lives. Both implementations (the embedded SQLite
// store and Neo4j) pass the same contract suite, graph/graphtest.
type Store interface {
	// Apply writes b in one transaction, merging it into what is stored
	// with the Merge functions of this package (PlanMerge). On error
	// nothing of b is visible. Errors: EINVALID for a batch that
	// Batch.Validate rejects or whose links name ends neither in the batch
	// nor stored (Refs.Check), EUNAVAILABLE when the store cannot be
	// reached.
	Apply(ctx context.Context, b *Batch) (ApplyStats, error)

	// Snapshot reads the whole graph at its current version, sorted.
	// Errors: EUNAVAILABLE.
	Snapshot(ctx context.Context) (*Snapshot, error)

	// Version returns a number that grows with every change, cheap to poll.
	// Errors: EUNAVAILABLE.
	Version(ctx context.Context) (int64, error)

	// Imports lists the files imported so far, oldest first.
	Imports(ctx context.Context) ([]ImportRecord, error)

	// Close releases the store.
	Close() error
}

// Outcome is what merging a record did.
type Outcome int

// Merge outcomes.
const (
	Unchanged Outcome = iota
	Created
	Merged
)

// MergeMunicipality merges n into the stored old: names and sources are
// united, non-zero fields of n win. It returns the result and whether it
// differs from old.
func MergeMunicipality(old, n Municipality) (Municipality, bool) {
	m := old
	if n.Name != "" && n.Name != m.Name {
		if m.Name != "" {
			m.AltNames = append(slices.Clone(m.AltNames), m.Name)
		}
		m.Name = n.Name
	}
	m.AltNames = uniqueStrings(append(slices.Clone(m.AltNames), n.AltNames...))
	m.AltNames = slices.DeleteFunc(m.AltNames, func(s string) bool { return s == m.Name })
	if len(m.AltNames) == 0 {
		m.AltNames = nil
	}
	setStr(&m.Country, n.Country)
	setStr(&m.Region, n.Region)
	setStr(&m.AGS, n.AGS)
	setStr(&m.State, n.State)
	setStr(&m.KreisCode, n.KreisCode)
	setStr(&m.Kreis, n.Kreis)
	setStr(&m.Level, n.Level)
	setStr(&m.Wikidata, n.Wikidata)
	if n.GeoNamesID != 0 {
		m.GeoNamesID = n.GeoNamesID
	}
	if n.Population != 0 {
		m.Population = n.Population
	}
	if n.HasCoords {
		m.Lat, m.Lon, m.HasCoords = n.Lat, n.Lon, true
	}
	m.Sources = uniqueSources(append(slices.Clone(m.Sources), n.Sources...))
	return m, !equalMunicipality(old, m)
}

// MergePartnership merges n into the stored old (same Key) as a statement
// received at sequence 0; see MergePartnershipAt.
func MergePartnership(old, n Partnership) (Partnership, bool) { return MergePartnershipAt(0)(old, n) }

// MergePartnershipAt returns the merge of partnerships for a store that
// receives the batch at sequence seq (its version after the batch): n's
// claims (its view, when it has none) join old's, each stamped with seq
// unless it has a sequence already, a source restating itself replaces its
// earlier claim, n's events join old's, and the view is derived again by
// the rule of Derive. It returns the result and whether it differs from
// old.
func MergePartnershipAt(seq int64) func(old, n Partnership) (Partnership, bool) {
	return func(old, n Partnership) (Partnership, bool) {
		p := old
		p.Claims = slices.Clone(old.claims())
		p.Events = slices.Clone(old.Events)
		p.AddClaims(stampClaims(n.claims(), seq)...)
		p.AddEvents(stampEvents(n.Events, seq)...)
		p.Sources = uniqueSources(append(slices.Clone(old.Sources), n.Sources...))
		p.Derive()
		p.compact()
		return p, !equalPartnership(old, p)
	}
}

// Stamp prepares a new link of a batch that a store receives at seq, as
// MergePartnershipAt prepares one it merges: explicit claims and events
// get seq, and the view is derived from them.
func (p *Partnership) Stamp(seq int64) {
	if len(p.Claims) == 0 && len(p.Events) == 0 {
		return
	}
	p.Claims = stampClaims(p.Claims, seq)
	p.Events = stampEvents(p.Events, seq)
	p.Derive()
	p.compact()
}

func stampClaims(cs []Claim, seq int64) []Claim {
	out := slices.Clone(cs)
	for i := range out {
		if out[i].Seq == 0 {
			out[i].Seq = seq
		}
	}
	return out
}

func stampEvents(es []Event, seq int64) []Event {
	out := slices.Clone(es)
	for i := range out {
		if out[i].Seq == 0 {
			out[i].Seq = seq
		}
	}
	return out
}

// MergeMembership merges n into the stored old (same Key).
func MergeMembership(old, n Membership) (Membership, bool) {
	m := old
	if !n.Since.IsZero() {
		m.Since = n.Since
	}
	if !n.Until.IsZero() {
		m.Until = n.Until
	}
	setStr(&m.Role, n.Role)
	m.Sources = uniqueSources(append(slices.Clone(m.Sources), n.Sources...))
	return m, !(m.Since == old.Since && m.Until == old.Until && m.Role == old.Role && slices.Equal(m.Sources, old.Sources))
}

// MergeOrgLink merges n into the stored old (same Key).
func MergeOrgLink(old, n OrgLink) (OrgLink, bool) {
	l := old
	if !n.Since.IsZero() {
		l.Since = n.Since
	}
	setStr(&l.Topic, n.Topic)
	l.Sources = uniqueSources(append(slices.Clone(l.Sources), n.Sources...))
	return l, !(l.Since == old.Since && l.Topic == old.Topic && slices.Equal(l.Sources, old.Sources))
}

// MergeStateCount merges n into the stored old (same State): the newer count wins.
func MergeStateCount(old, n StateCount) (StateCount, bool) {
	c := old
	c.Partnerships = n.Partnerships
	c.Sources = uniqueSources(append(slices.Clone(c.Sources), n.Sources...))
	return c, !(c.Partnerships == old.Partnerships && slices.Equal(c.Sources, old.Sources))
}

// MergeReportedCount merges n into the stored old (same Key): the later
// source's count, lower-bound flag and wording replace the earlier ones (a
// correction of the same figure), the sources of both are kept.
func MergeReportedCount(old, n ReportedCount) (ReportedCount, bool) {
	c := old
	c.Count, c.AtLeast = n.Count, n.AtLeast
	setStr(&c.What, n.What)
	c.Sources = uniqueSources(append(slices.Clone(c.Sources), n.Sources...))
	return c, !(c.Count == old.Count && c.AtLeast == old.AtLeast && c.What == old.What && slices.Equal(c.Sources, old.Sources))
}

// MergeNetwork merges n into old (same ID): a non-empty name wins.
func MergeNetwork(old, n Network) (Network, bool) {
	c := old
	setStr(&c.Name, n.Name)
	return c, c != old
}

// MergeOrganisation merges n into old (same ID): a non-empty name, type
// and home municipality win.
func MergeOrganisation(old, n Organisation) (Organisation, bool) {
	c := old
	setStr(&c.Name, n.Name)
	setStr(&c.Type, n.Type)
	setStr(&c.Municipality, n.Municipality)
	return c, c != old
}

// MergeCooperation merges n into the stored old (same Key): a non-empty
// kind and a known since win, topics and sources are united.
func MergeCooperation(old, n Cooperation) (Cooperation, bool) {
	c := old
	setStr(&c.Kind, n.Kind)
	if !n.Since.IsZero() {
		c.Since = n.Since
	}
	c.Topics = uniqueStrings(append(slices.Clone(c.Topics), n.Topics...))
	c.Sources = uniqueSources(append(slices.Clone(c.Sources), n.Sources...))
	return c, !(c.Kind == old.Kind && c.Since == old.Since && slices.Equal(c.Topics, old.Topics) && slices.Equal(c.Sources, old.Sources))
}

func setStr(dst *string, v string) {
	if v != "" {
		*dst = v
	}
}

func equalMunicipality(a, b Municipality) bool {
	return a.ID == b.ID && a.Name == b.Name && slices.Equal(a.AltNames, b.AltNames) &&
		a.Country == b.Country && a.Region == b.Region && a.AGS == b.AGS && a.State == b.State &&
		a.KreisCode == b.KreisCode && a.Kreis == b.Kreis && a.Population == b.Population &&
		a.Lat == b.Lat && a.Lon == b.Lon && a.HasCoords == b.HasCoords && a.Level == b.Level &&
		a.GeoNamesID == b.GeoNamesID && a.Wikidata == b.Wikidata &&
		slices.Equal(a.Sources, b.Sources)
}

func equalPartnership(a, b Partnership) bool {
	return a.A == b.A && a.B == b.B && a.Kind == b.Kind && a.Since == b.Since && a.Until == b.Until &&
		a.Status == b.Status && slices.Equal(a.Topics, b.Topics) && slices.Equal(a.Sources, b.Sources) &&
		slices.EqualFunc(a.Claims, b.Claims, equalClaim) && slices.Equal(a.Events, b.Events)
}

// Normalize prepares a batch for a store: partnership ends ordered, lists
// de-duplicated, records with the same identity merged in batch order.
func (b *Batch) Normalize() {
	b.Municipalities = mergeBy(b.Municipalities, func(m Municipality) string { return m.ID },
		func(m Municipality) Municipality {
			m.AltNames = uniqueStrings(slices.DeleteFunc(slices.Clone(m.AltNames), func(s string) bool { return s == m.Name }))
			m.Sources = uniqueSources(m.Sources)
			return m
		}, MergeMunicipality)
	for i := range b.Partnerships {
		b.Partnerships[i].Normalize()
	}
	b.Partnerships = mergeBy(b.Partnerships, Partnership.Key, func(p Partnership) Partnership { return p }, MergePartnership)
	b.Networks = mergeBy(b.Networks, func(n Network) string { return n.ID }, func(n Network) Network { return n }, MergeNetwork)
	b.Memberships = mergeBy(b.Memberships, Membership.Key, func(m Membership) Membership {
		m.Sources = uniqueSources(m.Sources)
		return m
	}, MergeMembership)
	b.Organisations = mergeBy(b.Organisations, func(o Organisation) string { return o.ID }, func(o Organisation) Organisation { return o }, MergeOrganisation)
	b.OrgLinks = mergeBy(b.OrgLinks, OrgLink.Key, func(l OrgLink) OrgLink {
		l.Sources = uniqueSources(l.Sources)
		return l
	}, MergeOrgLink)
	for i := range b.Cooperations {
		b.Cooperations[i].Normalize()
	}
	b.Cooperations = mergeBy(b.Cooperations, Cooperation.Key, func(c Cooperation) Cooperation { return c }, MergeCooperation)
	b.StateCounts = mergeBy(b.StateCounts, func(c StateCount) string { return c.State }, func(c StateCount) StateCount {
		c.Sources = uniqueSources(c.Sources)
		return c
	}, MergeStateCount)
	b.ReportedCounts = mergeBy(b.ReportedCounts, ReportedCount.Key, func(c ReportedCount) ReportedCount {
		c.Sources = uniqueSources(c.Sources)
		return c
	}, MergeReportedCount)
	b.Aliases = mergeBy(b.Aliases, Alias.Key, func(a Alias) Alias {
		a.Sources = uniqueSources(a.Sources)
		return a
	}, MergeAlias)
}

func mergeBy[T any](in []T, key func(T) string, norm func(T) T, merge func(T, T) (T, bool)) []T {
	if len(in) == 0 {
		return in
	}
	idx := make(map[string]int, len(in))
	out := in[:0]
	for _, v := range in {
		v = norm(v)
		k := key(v)
		if i, ok := idx[k]; ok {
			out[i], _ = merge(out[i], v)
			continue
		}
		idx[k] = len(out)
		out = append(out, v)
	}
	return out
}
