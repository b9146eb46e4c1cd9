package importer

import (
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/identity"
)

// endSpec names the columns that describe one end of a link.
type endSpec struct {
	name, country, state, lat, lon field
	pop                            field // the place's population
	qid                            field // the place's Wikidata QID
	// defaultCountry is used when the country cell is empty or absent;
	// "" makes an empty country cell a problem.
	defaultCountry string
	// link marks the ends of links: with Options.SkipInvalid, a German
	// name there that the reference data cannot place is imported as a
	// place of its own (identity.Prepared.Unresolved) rather than
	// rejecting the row.
	link bool
}

// endCell is one cell of an end: the column of a problem, relative to the
// end, since a cached resolution serves rows that name the place at
// either end ("Herzberg" first as the origin, then as the partner).
type endCell uint8

const (
	cellName endCell = iota
	cellCountry
	cellState
	cellLat
	cellLon
	cellPop
)

// of returns the column of cell c of end s.
func (c endCell) of(s endSpec) field {
	return [...]field{s.name, s.country, s.state, s.lat, s.lon, s.pop}[c]
}

// endKey identifies a resolution: the cells of one end as read.
type endKey struct{ name, country, state, lat, lon, pop string }

// clone copies the cells of a key: a cell keeps its whole line alive.
func (k endKey) clone() endKey {
	return endKey{strings.Clone(k.name), strings.Clone(k.country), strings.Clone(k.state), strings.Clone(k.lat), strings.Clone(k.lon), strings.Clone(k.pop)}
}

// endRes is a cached resolution: the place and why, or the problem. Most
// places of a long list are places the gazetteer does not know, which are
// no more than an id, a name, a country and a region (identity gives
// them nothing else): those are kept in the four strings alone, a fraction
// of a graph.Municipality; every other place, a warning or a problem in
// more.
type endRes struct {
	id, name, country, region string   // the place's (graph.Municipality)
	more                      *endMore // nil when the four strings are the whole place
	how                       string   // why this place (identity.Result.How)
	line                      int      // the first line that named it
	col                       endCell  // the cell of the problem
	german                    bool
	known                     bool // in the directory or the world gazetteer
}

// endMore is the rest of a resolution that is more than an id, a name, a
// country and a region.
type endMore struct {
	m       graph.Municipality
	warning string // a doubt worth a look
	msg     string // the problem
}

// newEndRes keeps a resolution from line.
func newEndRes(line int, r identity.Result) *endRes {
	m := &r.Place
	e := &endRes{id: m.ID, name: m.Name, country: m.Country, region: m.Region, how: r.How, line: line,
		german: m.Country == "DE", known: r.Known}
	if r.Warning != "" || !onlyIDNameCountryRegion(m) {
		e.more = &endMore{m: r.Place, warning: r.Warning}
	}
	return e
}

// badEnd is the resolution of cells with a problem.
func badEnd(line int, col endCell, msg string) *endRes {
	return &endRes{line: line, col: col, more: &endMore{msg: msg}}
}

// onlyIDNameCountryRegion reports whether a place has no field set but
// its id, name, country and region (TestEndResKeepsEveryField checks that
// each other field of graph.Municipality is looked at).
func onlyIDNameCountryRegion(m *graph.Municipality) bool {
	return m.AltNames == nil && m.AGS == "" && m.State == "" && m.KreisCode == "" && m.Kreis == "" &&
		m.Population == 0 && m.Lat == 0 && m.Lon == 0 && !m.HasCoords && m.Level == "" && m.GeoNamesID == 0 &&
		m.Wikidata == "" && m.Sources == nil
}

// place returns the place.
func (e *endRes) place() graph.Municipality {
	if e.more != nil {
		return e.more.m
	}
	return graph.Municipality{ID: e.id, Name: e.name, Country: e.country, Region: e.region}
}

// altNames returns the place's other names.
func (e *endRes) altNames() []string {
	if e.more != nil {
		return e.more.m.AltNames
	}
	return nil
}

// level returns the place's level (graph.Municipality.Level).
func (e *endRes) level() string {
	if e.more != nil {
		return e.more.m.Level
	}
	return ""
}

// coords returns the place's coordinates and whether it has them.
func (e *endRes) coords() (lat, lon float64, ok bool) {
	if e.more != nil {
		return e.more.m.Lat, e.more.m.Lon, e.more.m.HasCoords
	}
	return 0, 0, false
}

// problem returns the problem, if the cells have one.
func (e *endRes) problem() string {
	if e.more != nil {
		return e.more.msg
	}
	return ""
}

// warning returns the doubt worth a look, if any.
func (e *endRes) warning() string {
	if e.more != nil {
		return e.more.warning
	}
	return ""
}

// result returns the resolution as identity gives it.
func (e *endRes) result() identity.Result {
	return identity.Result{Place: e.place(), Known: e.known, How: e.how, Warning: e.warning()}
}

// prepared is a cached identity.Prepare: the candidates of one name and
// country, or the problem.
type prepared struct {
	p   *identity.Prepared
	bad *endRes // the problem (badEnd), if the name and country have one
	// unknown is the resolution of a place the gazetteer does not know,
	// without coordinates, shared by the rows that name it (and not kept
	// in run.ends: the identity report finds it here).
	unknown *endRes
}

// end is one resolved end of a row.
type end struct {
	res       *endRes
	lat, lon  float64
	hasCoords bool
	qid       string // the row's Wikidata QID for the place, if any
}

// resolve finds the municipality one end of a row names, or files the
// problem and returns ok false. The identity layer ranks the candidates
// (identity.Rank); resolutions are cached per distinct cells, the name
// and country without the coordinates, the choice with them. The caches
// are keyed by the cells packed into one string (packCells): a row that
// names a place seen before is looked up without allocating.
func (ru *run) resolve(s endSpec) (end, bool) {
	name, country, state := ru.cell(s.name), ru.cell(s.country), ru.cell(s.state)
	if country == "" {
		country = s.defaultCountry
	}
	lat, lon, pop := ru.cell(s.lat), ru.cell(s.lon), ru.cell(s.pop)
	buf := packCells(ru.keyBuf[:0], name, country, state)
	nameLen := len(buf)
	buf = packCells(buf, lat, lon, pop)
	ru.keyBuf = buf
	e, ok := ru.ends[string(buf)]
	if !ok {
		// A place the gazetteer does not know is the same whatever the
		// coordinates: one resolution per name, the row's coordinates kept.
		if pr := ru.prepared[string(buf[:nameLen])]; pr != nil && pr.unknown != nil {
			if _, _, good := parseCoords(lat, lon); good && validPopulation(pop) {
				e, ok = pr.unknown, true
			}
		}
	}
	if !ok {
		key := string(buf) // the one copy of the cells: a cell keeps its whole line alive
		var shared bool
		if e, shared = ru.resolveNew(key, nameLen, s); !shared {
			ru.ends[key] = e
		}
	}
	if msg := e.problem(); msg != "" {
		ru.problem(e.col.of(s), msg)
		return end{}, false
	}
	out := end{res: e}
	if q := ru.cell(s.qid); q != "" {
		qid, ok := parseQID(q)
		if !ok {
			ru.problem(s.qid, fmt.Sprintf("%q is not a Wikidata item id (want Q and digits, e.g. Q1899, or its URL)", q))
			return end{}, false
		}
		out.qid = qid
	}
	if !e.german && !e.known && lat != "" { // an unknown place keeps the row's coordinates
		if la, lo, ok := e.coords(); ok {
			out.lat, out.lon = la, lo
		} else { // shared by its rows (prepared.unknown); valid, as resolveNew found
			out.lat, out.lon, _ = parseCoords(lat, lon)
		}
		out.hasCoords = true
	}
	return out, true
}

// packCells appends cells to buf, each preceded by its length as a
// uvarint, so that distinct cells never pack alike.
func packCells(buf []byte, cells ...string) []byte {
	for _, c := range cells {
		buf = binary.AppendUvarint(buf, uint64(len(c)))
		buf = append(buf, c...)
	}
	return buf
}

// unpackKey returns the cells packCells packed into key (name, country,
// state, then lat, lon, pop if packed), sharing key's memory.
func unpackKey(key string) endKey {
	var cells [6]string
	for i := 0; i < len(cells) && key != ""; i++ {
		n, w := binary.Uvarint([]byte(key[:min(len(key), binary.MaxVarintLen64)]))
		key = key[w:]
		cells[i], key = key[:n], key[n:]
	}
	return endKey{name: cells[0], country: cells[1], state: cells[2], lat: cells[3], lon: cells[4], pop: cells[5]}
}

// parseCoords reads a row's coordinates, none or both (resolveNew says
// what is wrong with them).
func parseCoords(la, lo string) (lat, lon float64, ok bool) {
	if la == "" && lo == "" {
		return 0, 0, true
	}
	lat, err := parseCoord(la, 90)
	if err != nil {
		return 0, 0, false
	}
	if lon, err = parseCoord(lo, 180); err != nil {
		return 0, 0, false
	}
	return lat, lon, true
}

// parseQID reads a Wikidata item id as Q1899, wd:Q1899 or the item's URL
// (http://www.wikidata.org/entity/Q1899, .../wiki/Q1899).
func parseQID(s string) (string, bool) {
	if i := strings.LastIndexAny(s, "/:"); i >= 0 {
		s = s[i+1:]
	}
	s = strings.ToUpper(strings.TrimSpace(s))
	if !graph.ValidQID(s) {
		return "", false
	}
	return strings.Clone(s), true
}

// resolveNew resolves the cells packed into key (packCells; the name,
// country and state are its first nameLen bytes). shared reports a
// resolution of a place the gazetteer does not know, which serves every
// row that names it (prepared.unknown).
func (ru *run) resolveNew(key string, nameLen int, s endSpec) (e *endRes, shared bool) {
	k := unpackKey(key)
	bad := func(f endCell, msg string) (*endRes, bool) {
		return badEnd(ru.line, f, msg), false
	}
	var lat, lon float64
	hasCoords := false
	if k.lat != "" || k.lon != "" {
		var err error
		if lat, err = parseCoord(k.lat, 90); err != nil {
			return bad(cellLat, "latitude: "+err.Error())
		}
		if lon, err = parseCoord(k.lon, 180); err != nil {
			return bad(cellLon, "longitude: "+err.Error())
		}
		hasCoords = true
	}
	pop, err := parsePopulation(k.pop)
	if err != nil {
		return bad(cellPop, "population: "+err.Error())
	}
	pr, ok := ru.prepared[key[:nameLen]]
	if !ok {
		// A copy of its own: the first row's coordinates are not kept
		// with it when the ends of the name are shared.
		pk := strings.Clone(key[:nameLen])
		nk := unpackKey(pk)
		pr = &prepared{}
		p, err := ru.im.ref.Prepare(identity.Query{Name: nk.name, Country: nk.country, State: nk.state})
		if err != nil {
			pr.bad = badEnd(ru.line, problemCell(err), graph.ErrorMessage(err))
		}
		pr.p = p
		ru.prepared[pk] = pr
	}
	if pr.bad != nil {
		return bad(pr.bad.col, pr.bad.problem())
	}
	if pr.unknown != nil { // the name resolved before, valid coordinates aside
		return pr.unknown, true
	}
	h := identity.Hints{Lat: lat, Lon: lon, HasCoords: hasCoords, Population: pop}
	res, err := pr.p.Choose(h)
	if err != nil && s.link && ru.keepUnresolved {
		if u, ok := pr.p.Unresolved(h); ok {
			res, err = u, nil
		}
	}
	if err != nil {
		return bad(problemCell(err), graph.ErrorMessage(err))
	}
	e = newEndRes(ru.line, res)
	if pr.p.Unknown() && !e.known && !e.german {
		// The same for every row that names it: the rows keep their
		// coordinates (resolve); the candidates are no longer needed.
		pr.unknown, pr.p = e, nil
		return e, true
	}
	if !e.known && hasCoords {
		if e.more == nil {
			e.more = &endMore{m: e.place()}
		}
		e.more.m.Lat, e.more.m.Lon, e.more.m.HasCoords = lat, lon, true
	}
	return e, false
}

// parsePopulation reads a population cell: a whole number, its thousands
// optionally grouped by spaces, commas, points or apostrophes (20455,
// 20,455, 20.455, 20 455); 0 for an empty cell.
func parsePopulation(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	bad := func() error {
		return fmt.Errorf("%q is not a number of inhabitants (want a whole number such as 20455 or 20,455)", s)
	}
	digits := make([]byte, 0, len(s))
	group := -1 // digits since the last separator; -1 before any
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = append(digits, byte(r))
			if group >= 0 {
				group++
			}
		case strings.ContainsRune(" ,.'\u00a0\u202f", r) && len(digits) > 0 && (group < 0 || group == 3):
			group = 0
		default:
			return 0, bad()
		}
	}
	if len(digits) == 0 || (group >= 0 && group != 3) || len(digits) > 10 {
		return 0, bad()
	}
	n, err := strconv.Atoi(string(digits))
	if err != nil {
		return 0, bad()
	}
	return n, nil
}

// validPopulation reports whether a population cell reads.
func validPopulation(s string) bool {
	_, err := parsePopulation(s)
	return err == nil
}

// apart parts the ends of a link that both resolved to one place
// (identity.Apart): "Falkenstein – Falkenstein" with the populations
// 198 and 3,252 joins Falkenstein in the Palatinate and in the Upper
// Palatinate. The ends are returned unchanged when nothing decides.
func (ru *run) apart(sa, sb endSpec, a, b end) (end, end) {
	prep := func(s endSpec) (*identity.Prepared, identity.Hints, bool) {
		country := ru.cell(s.country)
		if country == "" {
			country = s.defaultCountry
		}
		ru.keyBuf = packCells(ru.keyBuf[:0], ru.cell(s.name), country, ru.cell(s.state))
		pr := ru.prepared[string(ru.keyBuf)]
		if pr == nil || pr.p == nil {
			return nil, identity.Hints{}, false
		}
		var h identity.Hints
		var ok bool
		h.Lat, h.Lon, ok = parseCoords(ru.cell(s.lat), ru.cell(s.lon))
		h.HasCoords = ru.cell(s.lat) != ""
		pop, err := parsePopulation(ru.cell(s.pop))
		h.Population = pop
		return pr.p, h, ok && err == nil
	}
	pa, ha, okA := prep(sa)
	pb, hb, okB := prep(sb)
	if !okA || !okB {
		return a, b
	}
	ra, rb, ok := identity.Apart(pa, ha, a.res.result(), pb, hb, b.res.result(), ru.keepUnresolved)
	if !ok {
		return a, b
	}
	return ru.rowEnd(sa, a, ra), ru.rowEnd(sb, b, rb)
}

// rowEnd returns end e as this row places it, r, when that differs from
// the resolution of its cells: an end parted from the other (apart), an
// ambiguous place with its partner (forPartners). The resolution is kept
// for the identity report, once per cells and place.
func (ru *run) rowEnd(s endSpec, e end, r identity.Result) end {
	if r.Place.ID == e.res.id {
		return e
	}
	k := endKey{name: ru.cell(s.name), country: ru.cell(s.country), state: ru.cell(s.state), lat: ru.cell(s.lat), lon: ru.cell(s.lon), pop: r.Place.ID}
	if p, ok := ru.parted[k]; ok {
		e.res = p
		return e
	}
	e.res = newEndRes(ru.line, r)
	if ru.parted == nil {
		ru.parted = map[endKey]*endRes{}
	}
	ru.parted[k.clone()] = e.res
	return e
}

// forPartners gives an ambiguous German place at an end of a link its
// partner in its id (identity.ForPartner): the rows that name "Senden"
// with different partners may mean different Sendens.
func (ru *run) forPartners(sa, sb endSpec, a, b end) (end, end) {
	if a.res.level() != identity.LevelUnresolved && b.res.level() != identity.LevelUnresolved {
		return a, b
	}
	ra, rb := a.res.result(), b.res.result()
	ra.Place.ID = identity.ForPartner(a.res.id, b.res.id)
	rb.Place.ID = identity.ForPartner(b.res.id, a.res.id)
	return ru.rowEnd(sa, a, ra), ru.rowEnd(sb, b, rb)
}

// problemCell returns the cell an identity problem is about.
func problemCell(err error) endCell {
	var p *identity.Problem
	if errors.As(err, &p) {
		switch p.Field {
		case "country":
			return cellCountry
		case "state":
			return cellState
		}
	}
	return cellName
}

// joinEnds iterates over the resolutions of a run by their cells and the
// ends parted (the places the gazetteer does not know are in
// run.prepared).
func joinEnds(ends map[string]*endRes, parted map[endKey]*endRes) func(func(endKey, *endRes) bool) {
	return func(yield func(endKey, *endRes) bool) {
		for k, e := range ends {
			if !yield(unpackKey(k), e) {
				return
			}
		}
		for k, e := range parted {
			if !yield(k, e) {
				return
			}
		}
	}
}

// identityReport counts the resolutions of the run, one per distinct name,
// country, Land and place taken, and unless list is false lists them in
// line order.
func (ru *run) identityReport(list bool) ([]IdentityMatch, IdentityCounts) {
	type key struct{ name, country, state, id string }
	n := len(ru.ends) + len(ru.parted)
	if list {
		n += len(ru.prepared)
	}
	seen := make(map[key]int, len(ru.ends)+len(ru.parted))
	out := make([]IdentityMatch, 0, n)
	var c IdentityCounts
	count := func(m *IdentityMatch) {
		c.Names++
		if m.Known {
			c.Known++
		} else {
			c.Unknown++
		}
		if m.Warning != "" {
			c.Warnings++
		}
		if m.unresolved {
			c.Unresolved++
		}
	}
	// add adds a resolution to the report, or merges it into the one with
	// the same cells and place; new says whether others may merge into it.
	add := func(k endKey, e *endRes, new bool) {
		if e.problem() != "" || (e.level() == identity.LevelUnresolved && identity.ForPartner(e.id, "x") != e.id) {
			return // a problem, or an ambiguous place before its partner is added (forPartners)
		}
		kk := key{k.name, k.country, k.state, e.id}
		if i, ok := seen[kk]; ok {
			if e.line < out[i].Line {
				out[i].Line = e.line
			}
			if out[i].Warning == "" {
				out[i].Warning = e.warning()
			}
			return
		}
		m := IdentityMatch{Line: e.line, Known: e.known, Warning: e.warning(), unresolved: e.level() == identity.LevelUnresolved}
		if !list && !new {
			count(&m) // no entry: the counts are all the summary needs
			return
		}
		if new {
			seen[kk] = len(out)
		}
		if list {
			m.Name, m.Country, m.State, m.ID, m.How = k.name, k.country, k.state, e.id, e.how
		}
		out = append(out, m)
	}
	for k, e := range joinEnds(ru.ends, ru.parted) {
		add(k, e, true)
	}
	// The places the gazetteer does not know, last: each has cells of its
	// own (the key of run.prepared), so none merges into another, and
	// the long lists' hundreds of thousands of them need no entry in seen.
	for pk, pr := range ru.prepared {
		if pr.unknown != nil {
			add(unpackKey(pk), pr.unknown, false)
		}
	}
	for i := range out {
		count(&out[i])
	}
	c.UnresolvedRows = ru.unresolvedRows
	if !list {
		return nil, c
	}
	slices.SortFunc(out, func(a, b IdentityMatch) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return out, c
}
