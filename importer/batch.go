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
	// places holds the batch's municipalities while the rows are read, as
	// places (what the rows add to the resolution), in slabs that stay
	// where they are: appending to one slice would copy them again at
	// every growth. done makes them the batch's records.
	places  [][]place
	nplaces int
	links   linkIndex
	srcs    []graph.Source // backing store for one source per link
	// placeSrcs is the backing store for one source per place.
	placeSrcs []graph.Source
	nets      map[string]int
	orgs      map[string]int
	members   map[string]int
	olinks    map[string]int
	coops     map[string]int

	// With a sink (Options.Links) the links go to it in chunks of
	// linkChunk: flushed holds the hashes of the keys of the links handed
	// over (a later row naming one gets it back with Recall), again the
	// places in b.Partnerships of links handed over before, and err the
	// sink's first error.
	sink    LinkSink
	chunk   int
	flushed hashSet
	hashes  []uint64 // a chunk's, for flushed
	again   map[int]bool
	err     error
}

// linkKey identifies a partnership in the batch, as Partnership.Key does.
type linkKey struct {
	a, b string
	kind graph.Kind
}

func newBuilder(file string, kind Kind, sink LinkSink, chunk int) *builder {
	if chunk <= 0 {
		chunk = LinkChunk
	}
	bl := &builder{file: file, kind: kind, b: &graph.Batch{}, chunk: chunk,
		muni: map[string]int{}, links: newLinkIndex(0), nets: map[string]int{}, orgs: map[string]int{},
		members: map[string]int{}, olinks: map[string]int{}, coops: map[string]int{}}
	if sink != nil && (kind == KindRGRE || kind == KindPairs) {
		bl.sink, bl.again = sink, map[int]bool{}
	}
	return bl
}

// LinkChunk is how many links a Read with a sink (Options.Links) holds
// at most before it hands them to the sink, unless Options.ChunkLinks
// says otherwise.
const LinkChunk = 65536

// LinkSink takes the links of an RGRE table or a pair list while the
// file is read (Options.Links), so that a Read holds the links of one
// chunk at a time rather than all of them. Every link is the file's
// statement so far, normalised (ends in order, topics sorted and unique,
// one source per row that named it, in line order). A sink must not keep
// the records it is given: the Read reuses them.
type LinkSink interface {
	// Links takes a chunk: fresh are links no earlier chunk held; again
	// are links an earlier chunk held that later rows named (Recall gave
	// them back), merged with those rows.
	Links(fresh, again []graph.Partnership) error
	// Recall returns the link with key (a, b, kind), a < b, as an earlier
	// chunk gave it (or again), and false if no chunk held it.
	Recall(a, b string, kind graph.Kind) (graph.Partnership, bool, error)
}

// reserve makes room for n links: appending to a list of large records
// that grows by doubling would move them again and again.
func (bl *builder) reserve(n int) {
	if bl.sink != nil {
		n = min(n, bl.chunk)
	}
	if (bl.kind == KindRGRE || bl.kind == KindPairs) && n > cap(bl.b.Partnerships) {
		bl.b.Partnerships = append(make([]graph.Partnership, 0, n), bl.b.Partnerships...)
		links := bl.links // the same hash: flushed keeps its hashes
		links.byHash, links.shared = make(map[uint64]int32, n), nil
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
	case KindActors:
		o := it.actor.org
		if it.actor.has {
			o.Municipality = bl.addMunicipality(line, it.actor.home)
		}
		return addOrMerge(bl.orgs, &bl.b.Organisations, o.ID, o, graph.MergeOrganisation), nil
	case KindCooperations:
		c := it.coop
		c.Normalize()
		return addOrMerge(bl.coops, &bl.b.Cooperations, c.Key(), c, graph.MergeCooperation), nil
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
	a, b := pl.a.res.id, pl.b.res.id
	if b < a {
		a, b = b, a
	}
	k := linkKey{a, b, pl.kind}
	i, ok := bl.links.find(bl.b.Partnerships, k)
	if !ok && bl.sink != nil {
		var d *disagreement
		if i, ok, d = bl.recall(k, pl); d != nil {
			return false, d
		}
	}
	if ok {
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
	src := source1(&bl.srcs, graph.Source{File: bl.file, Line: line, SourceID: pl.sourceID})
	p := graph.Partnership{A: bl.addMunicipality(line, pl.a), B: bl.addMunicipality(line, pl.b), Kind: pl.kind,
		Since: pl.since, Until: pl.until, Status: pl.status, Topics: pl.topics, Sources: src}
	if p.B < p.A {
		p.A, p.B = p.B, p.A
	}
	bl.links.put(k, len(bl.b.Partnerships))
	bl.b.Partnerships = append(bl.b.Partnerships, p)
	if bl.sink != nil && len(bl.b.Partnerships) >= bl.chunk {
		bl.flush()
	}
	return false, nil
}

// recall gets back from the sink a link an earlier chunk held, when a row
// names it again, and puts it into the list at i; or it reports how the
// row disagrees with it (then the list is as it was).
func (bl *builder) recall(k linkKey, pl *parsedLink) (i int, ok bool, d *disagreement) {
	if !bl.flushed.has(bl.links.hash(k)) || bl.err != nil {
		return 0, false, nil
	}
	p, found, err := bl.sink.Recall(k.a, k.b, k.kind)
	if err != nil {
		bl.err = err
		return 0, false, nil
	}
	if !found { // another key with the same hash
		return 0, false, nil
	}
	if d := disagree(&p, pl); d != nil {
		return 0, false, d
	}
	i = len(bl.b.Partnerships)
	bl.links.put(k, i)
	bl.again[i] = true
	bl.b.Partnerships = append(bl.b.Partnerships, p)
	return i, true, nil
}

// flush hands the links held to the sink and forgets them but for the
// hashes of their keys.
func (bl *builder) flush() {
	list := bl.b.Partnerships
	if len(list) == 0 {
		return
	}
	var again []graph.Partnership
	fresh := list[:0] // the links of the list but again, in place
	for i := range list {
		if bl.again[i] {
			again = append(again, list[i])
		} else {
			fresh = append(fresh, list[i])
		}
	}
	if bl.err == nil {
		bl.err = bl.sink.Links(fresh, again)
	}
	bl.hashes = bl.hashes[:0]
	for i := range fresh {
		p := &fresh[i]
		bl.hashes = append(bl.hashes, bl.links.hash(linkKey{p.A, p.B, p.Kind}))
	}
	bl.flushed.add(bl.hashes)
	clear(list)
	bl.b.Partnerships = list[:0]
	bl.links.reset()
	clear(bl.again)
}

// hashSet is a set of 64-bit hashes in little more than 8 bytes each (a
// map of them takes about 40): the hashes sorted, and where those that
// begin with each 16-bit prefix start, so that a lookup reads one short
// run.
type hashSet struct {
	sorted []uint64
	start  []uint32 // sorted[start[p]:start[p+1]] begin with the 16 bits p
}

// has reports whether h is in the set.
func (s *hashSet) has(h uint64) bool {
	if len(s.sorted) == 0 {
		return false
	}
	p := h >> 48
	_, ok := slices.BinarySearch(s.sorted[s.start[p]:s.start[p+1]], h)
	return ok
}

// add adds hs (sorting it) to the set.
func (s *hashSet) add(hs []uint64) {
	if len(hs) == 0 {
		return
	}
	slices.Sort(hs)
	n, m := len(s.sorted), len(hs)
	s.sorted = slices.Grow(s.sorted, m)[:n+m]
	// Merge from the end, in place.
	for i, j, k := n-1, m-1, n+m-1; j >= 0; k-- {
		if i >= 0 && s.sorted[i] > hs[j] {
			s.sorted[k] = s.sorted[i]
			i--
		} else {
			s.sorted[k] = hs[j]
			j--
		}
	}
	if s.start == nil {
		s.start = make([]uint32, 1<<16+1)
	}
	clear(s.start)
	for _, h := range s.sorted {
		s.start[h>>48+1]++
	}
	for p := 1; p < len(s.start); p++ {
		s.start[p] += s.start[p-1]
	}
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

// reset empties the index.
func (x *linkIndex) reset() {
	clear(x.byHash)
	x.shared = nil
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

// placeSlab is how many places a slab of builder.places holds.
const placeSlab = 1024

// place is a municipality of the batch while the rows are read: the
// resolution of the first row that named it and what the rows gave it,
// a fraction of the size of the record it becomes (done).
type place struct {
	res       *endRes    // its record is res.place(), but for the fields below
	more      *placeMore // nil until a row gives another spelling or a Wikidata id
	lat, lon  float64
	line      int // the first line that names it: its source
	hasCoords bool
}

// placeMore is what few rows give a place.
type placeMore struct {
	alt      []string // res's other names and other spellings; nil: res.altNames()
	wikidata string
}

// place returns the place with index i in bl.places.
func (bl *builder) place(i int) *place {
	return &bl.places[i/placeSlab][i%placeSlab]
}

// altNames returns the other names of p.
func (p *place) altNames() []string {
	if p.more == nil || p.more.alt == nil {
		return p.res.altNames()
	}
	return p.more.alt
}

// wikidata returns the place's Wikidata id, if a row gave one.
func (p *place) wikidata() string {
	if p.more == nil {
		return ""
	}
	return p.more.wikidata
}

// setMore returns p.more, made if need be.
func (p *place) setMore() *placeMore {
	if p.more == nil {
		p.more = &placeMore{}
	}
	return p.more
}

// done puts the municipalities read into the batch, in the order they
// were first named, and returns the batch. With a sink, the links left
// go to the sink unless flush is false (the Read fails).
func (bl *builder) done(flush bool) *graph.Batch {
	if bl.sink != nil && flush {
		bl.flush()
	}
	if bl.nplaces > 0 {
		out := make([]graph.Municipality, 0, bl.nplaces)
		for i, slab := range bl.places {
			for j := range slab {
				p := &slab[j]
				m := p.res.place()
				m.AltNames = slices.Clone(p.altNames())
				m.Lat, m.Lon, m.HasCoords = p.lat, p.lon, p.hasCoords
				m.Wikidata = p.wikidata()
				m.Sources = source1(&bl.placeSrcs, graph.Source{File: bl.file, Line: p.line})
				out = append(out, m)
			}
			bl.places[i] = nil
		}
		bl.b.Municipalities = out
		bl.places = nil
	}
	return bl.b
}

// source1 returns a list of one source, cut from a shared backing array
// *srcs: the links' and the places' are apart, so that the links' can go
// once the links went to a sink.
func source1(srcs *[]graph.Source, s graph.Source) []graph.Source {
	if len(*srcs) == 0 {
		*srcs = make([]graph.Source, 4096)
	}
	src := (*srcs)[:1:1]
	*srcs = (*srcs)[1:]
	src[0] = s
	return src
}

// addMunicipality puts a resolved end into the batch (once; the first line
// that names it is its source) and returns its ID.
func (bl *builder) addMunicipality(line int, e end) string {
	id := e.res.id
	if i, ok := bl.muni[id]; ok {
		p := bl.place(i)
		if name := e.res.name; !e.res.german && name != p.res.name && !slices.Contains(p.altNames(), name) {
			pm := p.setMore()
			if pm.alt == nil {
				pm.alt = slices.Clone(p.res.altNames())
			}
			pm.alt = append(pm.alt, name)
		}
		if !p.hasCoords && e.hasCoords {
			p.lat, p.lon, p.hasCoords = e.lat, e.lon, true
		}
		if e.qid != "" && p.wikidata() == "" {
			p.setMore().wikidata = e.qid
		}
		return id
	}
	p := place{res: e.res, line: line}
	if e.qid != "" {
		p.setMore().wikidata = e.qid
	}
	p.lat, p.lon, p.hasCoords = e.res.coords()
	if e.hasCoords {
		p.lat, p.lon, p.hasCoords = e.lat, e.lon, true
	}
	if n := len(bl.places); n == 0 || len(bl.places[n-1]) == placeSlab {
		bl.places = append(bl.places, make([]place, 0, placeSlab))
	}
	last := &bl.places[len(bl.places)-1]
	*last = append(*last, p)
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
