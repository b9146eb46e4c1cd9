package importer

import (
	"hash/maphash"
	"slices"

	"github.com/citygraph/citygraph/graph"
)

// builder is the add stage's batch: it adds each valid row's records, or
// merges them into the records earlier rows gave, so that the batch holds
// one record per key in the order of the rows that first named them.
type builder struct {
	file string
	kind Kind
	b    *graph.Batch

	muni map[string]int // place ID -> index in places
	// places holds the batch's municipalities while the rows are read, in
	// slabs that stay where they are: appending to one slice of these
	// large records would copy them again at every growth. done copies
	// them into the batch.
	places  [][]graph.Municipality
	nplaces int
	links   linkIndex
	srcs    []graph.Source // backing store for one source per link
	nets    map[string]int
	orgs    map[string]int
	members map[string]int
	olinks  map[string]int
}

// linkKey identifies a partnership in the batch, as Partnership.Key does.
type linkKey struct {
	a, b string
	kind graph.Kind
}

func newBuilder(file string, kind Kind) *builder {
	return &builder{file: file, kind: kind, b: &graph.Batch{},
		muni: map[string]int{}, links: newLinkIndex(0), nets: map[string]int{}, orgs: map[string]int{},
		members: map[string]int{}, olinks: map[string]int{}}
}

// reserve makes room for n links: appending to a list of large records
// that grows by doubling would move them again and again.
func (bl *builder) reserve(n int) {
	if (bl.kind == KindRGRE || bl.kind == KindPairs) && n > cap(bl.b.Partnerships) {
		bl.b.Partnerships = append(make([]graph.Partnership, 0, n), bl.b.Partnerships...)
		links := newLinkIndex(n)
		for i, p := range bl.b.Partnerships {
			links.put(linkKey{p.A, p.B, p.Kind}, i)
		}
		bl.links = links
	}
}

// add adds the record of a valid row from line; it reports whether the
// record merged into one an earlier row gave, or how the row disagrees
// with that earlier row (then it adds nothing).
func (bl *builder) add(line int, it *item) (merged bool, d *disagreement) {
	switch bl.kind {
	case KindRGRE, KindPairs:
		return bl.addLink(line, &it.link)
	case KindMemberships:
		return bl.addMember(line, &it.member), nil
	case KindOrgLinks:
		return bl.addOrgLink(line, &it.olink), nil
	case KindCounts:
		if it.rcount.Scope != "" {
			bl.b.ReportedCounts = append(bl.b.ReportedCounts, it.rcount)
		} else {
			bl.b.StateCounts = append(bl.b.StateCounts, it.count)
		}
	case KindAliases:
		if it.aliasTo.res != nil { // kept place given by its name
			bl.addMunicipality(line, it.aliasTo)
		}
		bl.b.Aliases = append(bl.b.Aliases, it.alias)
	}
	return false, nil
}

// disagreement is a row that states a link an earlier row of the file
// stated, differently: the file contradicts itself.
type disagreement struct {
	field          field
	line           int // the earlier row
	earlier, value string
}

// addLink adds a link and its ends, in the order of the row; the link
// holds its ends in order (A < B). A link an earlier row gave takes the
// row's topics and line, and its more specific dates; a row whose dates
// or status disagree with the earlier row's is not added.
func (bl *builder) addLink(line int, pl *parsedLink) (bool, *disagreement) {
	a, b := pl.a.res.m.ID, pl.b.res.m.ID
	if b < a {
		a, b = b, a
	}
	k := linkKey{a, b, pl.kind}
	if i, ok := bl.links.find(bl.b.Partnerships, k); ok {
		p := &bl.b.Partnerships[i]
		if d := disagree(p, pl); d != nil {
			return false, d
		}
		bl.addMunicipality(line, pl.a)
		bl.addMunicipality(line, pl.b)
		p.Since, p.Until = specific(p.Since, pl.since), specific(p.Until, pl.until)
		if p.Status == "" {
			p.Status = pl.status
		}
		p.Topics = sortedUnique(append(p.Topics, pl.topics...))
		p.Sources = append(p.Sources, graph.Source{File: bl.file, Line: line, SourceID: pl.sourceID})
		return true, nil
	}
	src := bl.source1(graph.Source{File: bl.file, Line: line, SourceID: pl.sourceID})
	p := graph.Partnership{A: bl.addMunicipality(line, pl.a), B: bl.addMunicipality(line, pl.b), Kind: pl.kind,
		Since: pl.since, Until: pl.until, Status: pl.status, Topics: pl.topics, Sources: src}
	if p.B < p.A {
		p.A, p.B = p.B, p.A
	}
	bl.links.put(k, len(bl.b.Partnerships))
	bl.b.Partnerships = append(bl.b.Partnerships, p)
	return false, nil
}

// disagree compares a row with the link an earlier row gave.
func disagree(p *graph.Partnership, pl *parsedLink) *disagreement {
	first := p.Sources[0].Line
	switch {
	case !graph.DatesAgree(p.Since, pl.since):
		return &disagreement{fSince, first, p.Since.String(), pl.since.String()}
	case !graph.DatesAgree(p.Until, pl.until):
		return &disagreement{fUntil, first, p.Until.String(), pl.until.String()}
	case p.Status != "" && pl.status != "" && p.Status != pl.status:
		return &disagreement{fStatus, first, string(p.Status), string(pl.status)}
	}
	return nil
}

// specific returns the more specific of two dates that agree.
func specific(a, b graph.Date) graph.Date {
	if a.IsZero() || precisionOf(b) > precisionOf(a) {
		return b
	}
	return a
}

func precisionOf(d graph.Date) int {
	switch d.Precision() {
	case graph.PrecisionDay:
		return 3
	case graph.PrecisionMonth:
		return 2
	case graph.PrecisionYear:
		return 1
	}
	return 0
}

// linkIndex finds a link of the batch by its key with little memory: a
// map from a 64-bit hash of the key to the link's place in the list, the
// link there telling apart the rare keys that share a hash (those go to a
// map of their own).
type linkIndex struct {
	hash   func(linkKey) uint64
	byHash map[uint64]int32
	shared map[linkKey]int
}

func newLinkIndex(n int) linkIndex {
	seed := maphash.MakeSeed()
	return linkIndex{hash: func(k linkKey) uint64 { return maphash.Comparable(seed, k) }, byHash: make(map[uint64]int32, n)}
}

// find returns the place of the link with key k in list.
func (x *linkIndex) find(list []graph.Partnership, k linkKey) (int, bool) {
	i, ok := x.byHash[x.hash(k)]
	if !ok {
		return 0, false
	}
	if p := &list[i]; p.A == k.a && p.B == k.b && p.Kind == k.kind {
		return int(i), true
	}
	j, ok := x.shared[k]
	return j, ok
}

// put notes that the link with key k is at place i of the list.
func (x *linkIndex) put(k linkKey, i int) {
	h := x.hash(k)
	if _, taken := x.byHash[h]; !taken {
		x.byHash[h] = int32(i)
		return
	}
	if x.shared == nil {
		x.shared = map[linkKey]int{}
	}
	x.shared[k] = i
}

// addMember adds a membership, its place and its network.
func (bl *builder) addMember(line int, pm *parsedMember) bool {
	if _, ok := bl.nets[pm.network.ID]; !ok {
		bl.nets[pm.network.ID] = len(bl.b.Networks)
		bl.b.Networks = append(bl.b.Networks, pm.network)
	}
	ms := graph.Membership{Municipality: bl.addMunicipality(line, pm.m), Network: pm.network.ID,
		Since: pm.since, Until: pm.until, Role: pm.role, Sources: []graph.Source{{File: bl.file, Line: line, SourceID: pm.source}}}
	return addOrMerge(bl.members, &bl.b.Memberships, ms.Key(), ms, graph.MergeMembership)
}

// addOrgLink adds a link to an organisation, its place and the
// organisation.
func (bl *builder) addOrgLink(line int, po *parsedOrgLink) bool {
	if _, ok := bl.orgs[po.org.ID]; !ok {
		bl.orgs[po.org.ID] = len(bl.b.Organisations)
		bl.b.Organisations = append(bl.b.Organisations, po.org)
	}
	l := graph.OrgLink{Municipality: bl.addMunicipality(line, po.m), Organisation: po.org.ID,
		Topic: po.topic, Since: po.since, Sources: []graph.Source{{File: bl.file, Line: line, SourceID: po.source}}}
	return addOrMerge(bl.olinks, &bl.b.OrgLinks, l.Key(), l, graph.MergeOrgLink)
}

// addOrMerge appends v to *list, or merges it into the record already there
// under the same key; index maps keys to positions in *list. It reports
// whether v merged.
func addOrMerge[K comparable, T any](index map[K]int, list *[]T, k K, v T, merge func(T, T) (T, bool)) bool {
	if i, ok := index[k]; ok {
		(*list)[i], _ = merge((*list)[i], v)
		return true
	}
	index[k] = len(*list)
	*list = append(*list, v)
	return false
}

// placeSlab is how many municipalities a slab of builder.places holds.
const placeSlab = 1024

// place returns the municipality with index i in bl.places.
func (bl *builder) place(i int) *graph.Municipality {
	return &bl.places[i/placeSlab][i%placeSlab]
}

// done puts the municipalities read into the batch, in the order they
// were first named, and returns the batch.
func (bl *builder) done() *graph.Batch {
	if bl.nplaces > 0 {
		out := make([]graph.Municipality, 0, bl.nplaces)
		for _, slab := range bl.places {
			out = append(out, slab...)
		}
		bl.b.Municipalities = out
		bl.places = nil
	}
	return bl.b
}

// source1 returns a list of one source, cut from a shared backing array.
func (bl *builder) source1(s graph.Source) []graph.Source {
	if len(bl.srcs) == 0 {
		bl.srcs = make([]graph.Source, 4096)
	}
	src := bl.srcs[:1:1]
	bl.srcs = bl.srcs[1:]
	src[0] = s
	return src
}

// addMunicipality puts a resolved end into the batch (once; the first line
// that names it is its source) and returns its ID.
func (bl *builder) addMunicipality(line int, e end) string {
	id := e.res.m.ID
	if i, ok := bl.muni[id]; ok {
		m := bl.place(i)
		if !e.res.german && e.res.m.Name != m.Name && !slices.Contains(m.AltNames, e.res.m.Name) {
			m.AltNames = append(m.AltNames, e.res.m.Name)
		}
		if !m.HasCoords && e.hasCoords {
			m.Lat, m.Lon, m.HasCoords = e.lat, e.lon, true
		}
		if m.Wikidata == "" {
			m.Wikidata = e.qid
		}
		return id
	}
	m := e.res.m
	m.AltNames = slices.Clone(m.AltNames)
	m.Wikidata = e.qid
	if e.hasCoords {
		m.Lat, m.Lon, m.HasCoords = e.lat, e.lon, true
	}
	m.Sources = bl.source1(graph.Source{File: bl.file, Line: line})
	if n := len(bl.places); n == 0 || len(bl.places[n-1]) == placeSlab {
		bl.places = append(bl.places, make([]graph.Municipality, 0, placeSlab))
	}
	last := &bl.places[len(bl.places)-1]
	*last = append(*last, m)
	bl.muni[id] = bl.nplaces
	bl.nplaces++
	return id
}

// sortedUnique sorts a list of topics and drops repeats.
func sortedUnique(ts []string) []string {
	if len(ts) > 1 {
		slices.Sort(ts)
		ts = slices.Compact(ts)
	}
	return ts
}
