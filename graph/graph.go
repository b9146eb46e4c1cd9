// Package graph is citygraph's vocabulary: municipalities, the partnerships
// between them, city networks, international organisations and the reported
// partnership counts per Land, together with the Store contract that the
// embedded store (graph/sqlite) and Neo4j (graph/neo4j) both implement.
//
// The package imports only the standard library. Everything that reads
// files, talks to a database or computes on the graph lives below or above
// it and speaks these types.
package graph

import (
	"slices"
	"sort"
	"strings"
)

// Kind is the kind of a partnership, following the categories of the RGRE
// database (German section of CEMR).
type Kind string

// The four partnership kinds. The RGRE database files links as
// Partnerschaft, Freundschaft, Kontakt and Projektpartnerschaft.
const (
	KindPartnership Kind = "PARTNERSHIP" // Partnerschaft: a formal town twinning
	KindFriendship  Kind = "FRIENDSHIP"  // Freundschaft: a friendship agreement
	KindContact     Kind = "CONTACT"     // Kontakt: a documented contact
	KindProject     Kind = "PROJECT"     // Projektpartnerschaft: a project partnership
)

// Kinds lists every partnership kind in a stable order.
var Kinds = []Kind{KindPartnership, KindFriendship, KindContact, KindProject}

// Valid reports whether k is one of the four kinds.
func (k Kind) Valid() bool {
	switch k {
	case KindPartnership, KindFriendship, KindContact, KindProject:
		return true
	}
	return false
}

// Status is the state of a partnership.
type Status string

// Partnership states. A link with an Until date in the past is Ended.
const (
	StatusActive Status = "ACTIVE"
	StatusPaused Status = "PAUSED"
	StatusEnded  Status = "ENDED"
)

// Valid reports whether s is one of the known states.
func (s Status) Valid() bool {
	switch s {
	case StatusActive, StatusPaused, StatusEnded:
		return true
	}
	return false
}

// Source says where a node or link was read: the file's base name, the line
// (1-based, 0 when not from a line-oriented file) and an identifier the source
// itself uses (a Wikidata QID, a MyCovenant id), if any.
type Source struct {
	File     string `json:"file"`
	Line     int    `json:"line,omitempty"`
	SourceID string `json:"sourceId,omitempty"`
}

// Key identifies the source for de-duplication.
func (s Source) Key() string {
	return s.File + "\x00" + itoa(s.Line) + "\x00" + s.SourceID
}

// Municipality is a place that can hold partnerships: a German Gemeinde
// (with its AGS), or a foreign city, town, district or region.
//
// IDs are stable and readable: "DE:08222000" for a German municipality
// (country and AGS), "UA:chernivtsi" for a foreign one (country and the folded
// name, with the folded region appended after a "~" when a source gives one).
type Municipality struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	AltNames []string `json:"altNames,omitempty"` // other names and spellings: Kiew, Kyiv, Київ
	Country  string   `json:"country"`            // ISO 3166-1 alpha-2, upper case
	Region   string   `json:"region,omitempty"`   // foreign: state, oblast or province as given

	// German municipalities only.
	AGS        string `json:"ags,omitempty"`       // Amtlicher Gemeindeschlüssel, 8 digits
	State      string `json:"state,omitempty"`     // Land as ISO 3166-2, e.g. DE-BW
	KreisCode  string `json:"kreisCode,omitempty"` // 5-digit Kreisschlüssel
	Kreis      string `json:"kreis,omitempty"`     // Kreis name
	Population int    `json:"population,omitempty"`

	Lat       float64 `json:"lat,omitempty"`
	Lon       float64 `json:"lon,omitempty"`
	HasCoords bool    `json:"hasCoords,omitempty"`
	Level     string  `json:"level,omitempty"` // Gemeinde, Stadt, Kreis, Region, ...

	// GeoNamesID is the place's GeoNames id when it was matched to the
	// world gazetteer (a foreign place); 0 when none.
	GeoNamesID int64 `json:"geonamesId,omitempty"`
	// Wikidata is the place's Wikidata QID ("Q1899") when an input gave
	// one; "" when none.
	Wikidata string `json:"wikidata,omitempty"`

	Sources []Source `json:"sources,omitempty"`
}

// Partnership is an undirected link between two municipalities. A-B and B-A
// are the same link: A holds the smaller ID. The same pair can hold one link
// per kind.
type Partnership struct {
	A      string   `json:"a"`
	B      string   `json:"b"`
	Kind   Kind     `json:"kind"`
	Since  Date     `json:"since,omitzero"`
	Until  Date     `json:"until,omitzero"`
	Status Status   `json:"status,omitempty"`
	Topics []string `json:"topics,omitempty"` // free tags and SDG numbers as "SDG11"

	Sources []Source `json:"sources,omitempty"`

	// Claims are what each source says about the link, Events its status
	// changes; Since, Until, Status, Topics and Sources are derived from
	// them (see Derive). A link without claims is its own claim.
	Claims []Claim `json:"claims,omitempty"`
	Events []Event `json:"events,omitempty"`
}

// Key returns the identity of the link: both ends in order and the kind.
func (p Partnership) Key() string { return PartnershipKey(p.A, p.B, p.Kind) }

// PartnershipKey returns the identity of the undirected link between a and b
// of the given kind; PartnershipKey(a, b, k) == PartnershipKey(b, a, k).
func PartnershipKey(a, b string, k Kind) string {
	if b < a {
		a, b = b, a
	}
	return a + "|" + b + "|" + string(k)
}

// Normalize puts the ends in order (A < B), sorts and de-duplicates topics
// and sources. Stores keep partnerships normalised.
func (p *Partnership) Normalize() {
	if p.B < p.A {
		p.A, p.B = p.B, p.A
	}
	p.Topics = uniqueStrings(p.Topics)
	p.Sources = uniqueSources(p.Sources)
}

// ActiveAt reports whether the link was certainly active on day d (a date
// of year or month precision means its first day): At(d) is Present. A
// link without a known start (Undated), one whose dates are too coarse to
// tell (Uncertain: "since 2022" on 2022-02-24) and one paused on d by a
// dated event (Paused) are not; as-of views and changes count those apart.
func (p Partnership) ActiveAt(d Date) bool { return p.At(d) == Present }

// CurrentStatus returns the stored status or, without one, ENDED when the
// link has an until date and ACTIVE otherwise.
func (p Partnership) CurrentStatus() Status {
	if p.Status != "" {
		return p.Status
	}
	if !p.Until.IsZero() {
		return StatusEnded
	}
	return StatusActive
}

// Network is a city network such as Eurocities, ICLEI, Mayors for Peace or
// the Covenant of Mayors.
type Network struct {
	ID   string `json:"id"` // folded name: "eurocities"
	Name string `json:"name"`
}

// Membership says a municipality belongs to a network.
type Membership struct {
	Municipality string   `json:"municipality"`
	Network      string   `json:"network"`
	Since        Date     `json:"since,omitzero"`
	Until        Date     `json:"until,omitzero"`
	Role         string   `json:"role,omitempty"`
	Sources      []Source `json:"sources,omitempty"`
}

// Key identifies the membership.
func (m Membership) Key() string { return m.Municipality + "|" + m.Network }

// Organisation is an international organisation or INGO (UN-Habitat, OECD,
// UCLG, the Council of Europe's Congress).
//
// An organisation can also be a local actor: an association, a club, a
// welfare organisation of a municipality's own alliance. Type says what
// it is ("association", "school") and Municipality names its home
// municipality (an id of a municipality); both are optional, and local
// actors are linked to each other by Cooperations.
type Organisation struct {
	ID           string `json:"id"` // folded name: "un-habitat"
	Name         string `json:"name"`
	Type         string `json:"type,omitempty"`
	Municipality string `json:"municipality,omitempty"`
}

// Cooperation is an undirected link between two organisations (local
// actors of an alliance working together). A-B and B-A are the same link:
// A holds the smaller ID. Kind is the source's free word for it
// ("project", "network"), optional.
type Cooperation struct {
	A       string   `json:"a"`
	B       string   `json:"b"`
	Kind    string   `json:"kind,omitempty"`
	Since   Date     `json:"since,omitzero"`
	Topics  []string `json:"topics,omitempty"`
	Sources []Source `json:"sources,omitempty"`
}

// Key identifies the cooperation: both ends in order.
func (c Cooperation) Key() string {
	if c.B < c.A {
		return c.B + "|" + c.A
	}
	return c.A + "|" + c.B
}

// Normalize puts the ends in order (A < B) and de-duplicates topics and
// sources.
func (c *Cooperation) Normalize() {
	if c.B < c.A {
		c.A, c.B = c.B, c.A
	}
	c.Topics = uniqueStrings(c.Topics)
	c.Sources = uniqueSources(c.Sources)
}

// OrgLink says a municipality works with an international organisation.
type OrgLink struct {
	Municipality string   `json:"municipality"`
	Organisation string   `json:"organisation"`
	Topic        string   `json:"topic,omitempty"`
	Since        Date     `json:"since,omitzero"`
	Sources      []Source `json:"sources,omitempty"`
}

// Key identifies the link to the organisation.
func (l OrgLink) Key() string { return l.Municipality + "|" + l.Organisation }

// StateCount is the number of partnerships reported for a Land, e.g. by the
// RGRE table "Städtepartnerschaften in D".
type StateCount struct {
	State        string   `json:"state"` // ISO 3166-2, e.g. DE-BW
	Partnerships int      `json:"partnerships"`
	Sources      []Source `json:"sources,omitempty"`
}

// ReportedCount is a number of partnerships a source reports for a scope
// (Germany or one Land), optionally with one partner country, as of a date
// of any precision: "German-Ukrainian partnerships: 107 in 10.2022". Unlike
// StateCount, which holds one current figure per Land, reported counts keep
// the figures over time, one per Key.
type ReportedCount struct {
	Scope   string `json:"scope"`             // "DE" or a Land's ISO 3166-2 code (DE-BW)
	Country string `json:"country,omitempty"` // partner country, ISO 3166-1 alpha-2; "" for all
	AsOf    Date   `json:"asOf,omitzero"`     // as of; zero when the source gives no date
	Count   int    `json:"count"`
	// AtLeast says the source gives a lower bound ("over 250").
	AtLeast bool `json:"atLeast,omitempty"`
	// What is what the source counts, in its words ("formalised and
	// non-formalised partnerships"): sources count different things.
	What    string   `json:"what,omitempty"`
	Sources []Source `json:"sources,omitempty"`
}

// Key identifies the reported count: scope, partner country and date.
func (c ReportedCount) Key() string { return c.Scope + "|" + c.Country + "|" + c.AsOf.String() }

// Snapshot is the whole graph as a store holds it at one version. Every
// slice is sorted by its identity (ID or Key), so two stores holding the same
// graph give equal snapshots.
type Snapshot struct {
	Version        int64          `json:"version"`
	Municipalities []Municipality `json:"municipalities"`
	Partnerships   []Partnership  `json:"partnerships"`
	Networks       []Network      `json:"networks"`
	Memberships    []Membership   `json:"memberships"`
	Organisations  []Organisation `json:"organisations"`
	OrgLinks       []OrgLink      `json:"orgLinks"`
	// Cooperations are the links between organisations, by Key.
	Cooperations []Cooperation `json:"cooperations,omitempty"`
	StateCounts  []StateCount  `json:"stateCounts"`
	// ReportedCounts are the counts reported over time, by Key.
	ReportedCounts []ReportedCount `json:"reportedCounts,omitempty"`
	// Aliases are the ids merged into other places, by alias id.
	Aliases []Alias `json:"aliases,omitempty"`
}

// Sort puts every slice of s in canonical order.
func (s *Snapshot) Sort() {
	sortByKey(s.Municipalities, func(m *Municipality) string { return m.ID })
	sortByKey(s.Partnerships, func(p *Partnership) string { return p.Key() })
	sortByKey(s.Networks, func(n *Network) string { return n.ID })
	sortByKey(s.Memberships, func(m *Membership) string { return m.Key() })
	sortByKey(s.Organisations, func(o *Organisation) string { return o.ID })
	sortByKey(s.OrgLinks, func(l *OrgLink) string { return l.Key() })
	sortByKey(s.Cooperations, func(c *Cooperation) string { return c.Key() })
	sortByKey(s.StateCounts, func(c *StateCount) string { return c.State })
	sortByKey(s.ReportedCounts, func(c *ReportedCount) string { return c.Key() })
	sortByKey(s.Aliases, func(a *Alias) string { return a.Alias })
}

// sortByKey sorts s by key, stably, computing every key once and moving
// every element once: keys of links are built strings, and a comparison
// that built them would allocate twice (a snapshot of 24,000 links spent
// more time sorting than decoding).
func sortByKey[T any](s []T, key func(*T) string) {
	if len(s) < 2 {
		return
	}
	type keyed struct {
		k string
		i int
	}
	ks := make([]keyed, len(s))
	sorted := true
	for i := range s {
		ks[i] = keyed{key(&s[i]), i}
		if i > 0 && ks[i].k < ks[i-1].k {
			sorted = false
		}
	}
	if sorted {
		return
	}
	slices.SortStableFunc(ks, func(a, b keyed) int { return strings.Compare(a.k, b.k) })
	out := make([]T, len(s))
	for j, x := range ks {
		out[j] = s[x.i]
	}
	copy(s, out)
}

func uniqueStrings(in []string) []string {
	if len(in) == 0 {
		return nil
	}
	if len(in) == 1 {
		if t := strings.TrimSpace(in[0]); t != "" {
			if t == in[0] {
				return in
			}
			return []string{t}
		}
		return nil
	}
	out := make([]string, 0, len(in))
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		s = strings.TrimSpace(s)
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		out = append(out, s)
	}
	sort.Strings(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

func uniqueSources(in []Source) []Source {
	if len(in) == 0 {
		return nil
	}
	if len(in) == 1 {
		return in
	}
	out := make([]Source, 0, len(in))
	seen := make(map[string]bool, len(in))
	for _, s := range in {
		k := s.Key()
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		if out[i].Line != out[j].Line {
			return out[i].Line < out[j].Line
		}
		return out[i].SourceID < out[j].SourceID
	})
	return out
}
