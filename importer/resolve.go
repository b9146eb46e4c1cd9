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
type endCell int

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

// endRes is a cached resolution: the municipality and why, or the problem.
type endRes struct {
	m       graph.Municipality
	german  bool
	known   bool    // in the directory or the world gazetteer
	how     string  // why this place (identity.Result.How)
	warning string  // a doubt worth a look
	col     endCell // the cell of the problem
	msg     string
	line    int // the first line that named it
}

// result returns the resolution as identity gives it.
func (e *endRes) result() identity.Result {
	return identity.Result{Place: e.m, Known: e.known, How: e.how, Warning: e.warning}
}

// prepared is a cached identity.Prepare: the candidates of one name and
// country, or the problem.
type prepared struct {
	p   *identity.Prepared
	col endCell
	msg string
	// unknown is the resolution of a place the gazetteer does not know,
	// without coordinates, shared by the rows that name it (the first row's
	// cells hold it in run.ends too, for the identity report).
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
		e = ru.resolveNew(key, nameLen, s)
		ru.ends[key] = e
	}
	if e.msg != "" {
		ru.problem(e.col.of(s), e.msg)
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
		if e.m.HasCoords {
			out.lat, out.lon = e.m.Lat, e.m.Lon
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
// country and state are its first nameLen bytes).
func (ru *run) resolveNew(key string, nameLen int, s endSpec) *endRes {
	k := unpackKey(key)
	pk := key[:nameLen]
	bad := func(f endCell, msg string) *endRes {
		return &endRes{line: ru.line, col: f, msg: msg}
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
	pr, ok := ru.prepared[pk]
	if !ok {
		pr = &prepared{}
		p, err := ru.im.ref.Prepare(identity.Query{Name: k.name, Country: k.country, State: k.state})
		if err != nil {
			pr.col, pr.msg = problemCell(err), graph.ErrorMessage(err)
		}
		pr.p = p
		ru.prepared[pk] = pr
	}
	if pr.msg != "" {
		return bad(pr.col, pr.msg)
	}
	if pr.unknown != nil { // the name resolved before, valid coordinates aside
		return pr.unknown
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
	e := &endRes{line: ru.line, m: res.Place, known: res.Known, how: res.How, warning: res.Warning}
	e.german = res.Place.Country == "DE"
	if pr.p.Unknown() && !e.known && !e.german {
		// The same for every row that names it: the rows keep their
		// coordinates (resolve); the candidates are no longer needed.
		pr.unknown, pr.p = e, nil
		return e
	}
	if !e.known && hasCoords {
		e.m.Lat, e.m.Lon, e.m.HasCoords = lat, lon, true
	}
	return e
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
	if r.Place.ID == e.res.m.ID {
		return e
	}
	k := endKey{name: ru.cell(s.name), country: ru.cell(s.country), state: ru.cell(s.state), lat: ru.cell(s.lat), lon: ru.cell(s.lon), pop: r.Place.ID}
	if p, ok := ru.parted[k]; ok {
		e.res = p
		return e
	}
	e.res = &endRes{line: ru.line, m: r.Place, german: r.Place.Country == "DE", known: r.Known, how: r.How, warning: r.Warning}
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
	if a.res.m.Level != identity.LevelUnresolved && b.res.m.Level != identity.LevelUnresolved {
		return a, b
	}
	ra, rb := a.res.result(), b.res.result()
	ra.Place.ID = identity.ForPartner(a.res.m.ID, b.res.m.ID)
	rb.Place.ID = identity.ForPartner(b.res.m.ID, a.res.m.ID)
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

// joinEnds iterates over the resolutions of a run and the ends parted.
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
	seen := make(map[key]int, len(ru.prepared))
	out := make([]IdentityMatch, 0, len(ru.prepared))
	for k, e := range joinEnds(ru.ends, ru.parted) {
		if e.msg != "" || (e.m.Level == identity.LevelUnresolved && identity.ForPartner(e.m.ID, "x") != e.m.ID) {
			continue // a problem, or an ambiguous place before its partner is added (forPartners)
		}
		kk := key{k.name, k.country, k.state, e.m.ID}
		if i, ok := seen[kk]; ok {
			if e.line < out[i].Line {
				out[i].Line = e.line
			}
			if out[i].Warning == "" {
				out[i].Warning = e.warning
			}
			continue
		}
		seen[kk] = len(out)
		m := IdentityMatch{Line: e.line, Known: e.known, Warning: e.warning, unresolved: e.m.Level == identity.LevelUnresolved}
		if list {
			m.Name, m.Country, m.State, m.ID, m.How = k.name, k.country, k.state, e.m.ID, e.how
		}
		out = append(out, m)
	}
	var c IdentityCounts
	for _, m := range out {
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
	c.UnresolvedRows = ru.unresolvedRows
	if !list {
		return nil, c
	}
	slices.SortFunc(out, func(a, b IdentityMatch) int {
		return cmp.Or(cmp.Compare(a.Line, b.Line), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return out, c
}
