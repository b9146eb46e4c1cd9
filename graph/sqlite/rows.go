package sqlite

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/citygraph/citygraph/graph"
)

// Columns, and the conversions between records and rows. Absent values are
// NULL; lists are JSON arrays. Every select lists its columns in the order
// the scan function reads them; every upsert binds them in the order of
// the *Cols list.

const (
	muniCols   = "id, name, alt_names, country, region, ags, state, kreis_code, kreis, population, lat, lon, level, sources, geonames_id, wikidata"
	muniUpdate = "name = excluded.name, alt_names = excluded.alt_names, country = excluded.country, region = excluded.region, " +
		"ags = excluded.ags, state = excluded.state, kreis_code = excluded.kreis_code, kreis = excluded.kreis, " +
		"population = excluded.population, lat = excluded.lat, lon = excluded.lon, level = excluded.level, sources = excluded.sources, " +
		"geonames_id = excluded.geonames_id, wikidata = excluded.wikidata"

	partCols   = "a, b, kind, since, until, status, topics, sources, claims, events"
	partUpdate = "since = excluded.since, until = excluded.until, status = excluded.status, topics = excluded.topics, sources = excluded.sources, " +
		"claims = excluded.claims, events = excluded.events"

	memCols   = "municipality, network, since, until, role, sources"
	memUpdate = "since = excluded.since, until = excluded.until, role = excluded.role, sources = excluded.sources"

	linkCols   = "municipality, organisation, topic, since, sources"
	linkUpdate = "topic = excluded.topic, since = excluded.since, sources = excluded.sources"

	countCols   = "state, partnerships, sources"
	countUpdate = "partnerships = excluded.partnerships, sources = excluded.sources"

	reportedCols   = "scope, country, as_of, count, at_least, what, sources"
	reportedUpdate = "count = excluded.count, at_least = excluded.at_least, what = excluded.what, sources = excluded.sources"

	aliasCols   = "alias, place, sources"
	aliasUpdate = "place = excluded.place, sources = excluded.sources"

	orgCols   = "id, name, type, municipality"
	orgUpdate = "name = excluded.name, type = excluded.type, municipality = excluded.municipality"

	coopCols   = "a, b, kind, since, topics, sources"
	coopUpdate = "kind = excluded.kind, since = excluded.since, topics = excluded.topics, sources = excluded.sources"

	netCols   = "id, name"
	netUpdate = "name = excluded.name"
)

// table describes how one record type is stored.
type table[T any] struct {
	name   string
	cols   string // in bind and scan order
	pk     string // primary key columns, in order
	update string // upsert's SET clause
	bind   func(st binder, v *T, buf []byte) []byte
	scan   func(st *row, in interner) (T, error)
	key    func(T) string // graph key
	pkArgs func(T) []string
	// rowCmp compares the current row's primary key with r's, for the
	// tables whose batch records Apply sorts by primary key; nil for the
	// others.
	rowCmp func(st *row, r *T) int
	merge  func(old, n T) (T, bool) // graph's Merge function
	links  bool                     // partnerships, which graph.ApplyStats counts apart
}

// cmpView compares a column's bytes with s without copying them.
func cmpView(b []byte, s string) int {
	switch v := string(b); {
	case v < s:
		return -1
	case v > s:
		return 1
	}
	return 0
}

func (t table[T]) selectAll() string {
	return "SELECT " + t.cols + " FROM " + t.name + " ORDER BY " + t.pk
}

func (t table[T]) selectOne() string {
	return "SELECT " + t.cols + " FROM " + t.name + " WHERE " + strings.ReplaceAll(t.pk, ", ", " = ? AND ") + " = ?"
}

// upsert returns an INSERT of rows rows that updates existing ones.
func (t table[T]) upsert(rows int) string {
	return t.values("INSERT", rows) + " ON CONFLICT (" + t.pk + ") DO UPDATE SET " + t.update
}

// insert returns an INSERT of rows rows that are new to the table. Its
// conflict clause is OR ROLLBACK: a constraint it breaks ends the whole
// transaction, which every writer rolls back after any error anyway, and
// so SQLite does not keep a statement journal for it. (A multi-row
// statement that can fail part way, as an upsert, copies every page it
// changes to that journal first; in a long import the journal outgrows
// its 64 KiB in memory and each copy became a write to a temporary file,
// a sixth of the CPU time of a 1,000,000-row import.)
func (t table[T]) insert(rows int) string {
	return t.values("INSERT OR ROLLBACK", rows)
}

// values returns verb INTO the table's columns VALUES rows rows of
// parameters.
func (t table[T]) values(verb string, rows int) string {
	one := "(" + placeholders(t.width()) + ")"
	return verb + " INTO " + t.name + " (" + t.cols + ") VALUES " + one + strings.Repeat(", "+one, rows-1)
}

// width is the number of columns.
func (t table[T]) width() int { return strings.Count(t.cols, ",") + 1 }

func placeholders(n int) string {
	return "?" + strings.Repeat(", ?", n-1)
}

func municipalities() table[graph.Municipality] {
	return table[graph.Municipality]{
		name: "municipality", cols: muniCols, pk: "id", update: muniUpdate,
		merge: graph.MergeMunicipality,
		bind: func(st binder, m *graph.Municipality, buf []byte) []byte {
			st.text(1, m.ID)
			st.text(2, m.Name)
			buf = bindStrings(st, 3, m.AltNames, buf)
			st.text(4, m.Country)
			st.textOrNull(5, m.Region)
			st.textOrNull(6, m.AGS)
			st.textOrNull(7, m.State)
			st.textOrNull(8, m.KreisCode)
			st.textOrNull(9, m.Kreis)
			if m.Population != 0 {
				st.int(10, int64(m.Population))
			}
			if m.HasCoords {
				st.float(11, m.Lat)
				st.float(12, m.Lon)
			}
			st.textOrNull(13, m.Level)
			buf = bindSources(st, 14, m.Sources, buf)
			if m.GeoNamesID != 0 {
				st.int(15, m.GeoNamesID)
			}
			st.textOrNull(16, m.Wikidata)
			return buf
		},
		scan: func(st *row, in interner) (graph.Municipality, error) {
			m := graph.Municipality{
				ID: st.shared(0, in), Name: st.text(1), Country: st.shared(3, in), Region: st.shared(4, in),
				AGS: st.text(5), State: st.shared(6, in), KreisCode: st.shared(7, in), Kreis: st.shared(8, in),
				Population: int(st.int(9)), Level: st.shared(12, in), GeoNamesID: st.int(14), Wikidata: st.text(15),
			}
			if !st.null(10) && !st.null(11) {
				m.Lat, m.Lon, m.HasCoords = st.float(10), st.float(11), true
			}
			var err error
			if m.AltNames, err = decodeStrings(st.view(2), nil); err == nil {
				m.Sources, err = decodeSources(st.view(13), in)
			}
			if err != nil {
				return m, fmt.Errorf("municipality %s: %w", m.ID, err)
			}
			return m, nil
		},
		key:    func(m graph.Municipality) string { return m.ID },
		pkArgs: func(m graph.Municipality) []string { return []string{m.ID} },
		rowCmp: func(st *row, m *graph.Municipality) int { return cmpView(st.view(0), m.ID) },
	}
}

// partnerships is the partnership table; merge merges a batch received
// at sequence seq (see graph.MergePartnershipAt).
func partnerships(seq int64) table[graph.Partnership] {
	return table[graph.Partnership]{
		name: "partnership", cols: partCols, pk: "a, b, kind", update: partUpdate,
		merge: graph.MergePartnershipAt(seq), links: true,
		bind: func(st binder, p *graph.Partnership, buf []byte) []byte {
			st.text(1, p.A)
			st.text(2, p.B)
			st.text(3, string(p.Kind))
			bindDate(st, 4, p.Since)
			bindDate(st, 5, p.Until)
			st.textOrNull(6, string(p.Status))
			buf = bindStrings(st, 7, p.Topics, buf)
			buf = bindSources(st, 8, p.Sources, buf)
			bindJSON(st, 9, p.Claims)
			bindJSON(st, 10, p.Events)
			return buf
		},
		scan: func(st *row, in interner) (graph.Partnership, error) {
			p := graph.Partnership{A: st.place(0, in), B: st.shared(1, in), Kind: graph.Kind(st.shared(2, in)), Status: graph.Status(st.shared(5, in))}
			var err error
			if p.Since, err = parseDate(st.view(3)); err == nil {
				if p.Until, err = parseDate(st.view(4)); err == nil {
					if p.Topics, err = decodeStrings(st.view(6), in); err == nil {
						if p.Sources, err = decodeSources(st.view(7), in); err == nil {
							if err = decodeJSON(st.view(8), &p.Claims); err == nil {
								err = decodeJSON(st.view(9), &p.Events)
							}
						}
					}
				}
			}
			if err != nil {
				return p, fmt.Errorf("partnership %s: %w", p.Key(), err)
			}
			return p, nil
		},
		key:    graph.Partnership.Key,
		pkArgs: func(p graph.Partnership) []string { return []string{p.A, p.B, string(p.Kind)} },
		rowCmp: func(st *row, p *graph.Partnership) int {
			if c := cmpView(st.view(0), p.A); c != 0 {
				return c
			}
			if c := cmpView(st.view(1), p.B); c != 0 {
				return c
			}
			return cmpView(st.view(2), string(p.Kind))
		},
	}
}

// bindJSON binds a list as a JSON array, or NULL when it is empty: claims
// and events are few, so encoding/json serves.
func bindJSON[T any](st binder, i int, v []T) {
	if len(v) == 0 {
		st.null(i)
		return
	}
	b, err := json.Marshal(v)
	if err != nil { // records of strings, numbers and dates: cannot fail
		panic(err)
	}
	st.bytes(i, b)
}

// decodeJSON reads a JSON array column into *v; NULL leaves it nil.
// (The value is decoded into a variable of its own: v, a field of the row's
// record, would move the whole record to the heap.)
func decodeJSON[T any](b []byte, v *[]T) error {
	if len(b) == 0 {
		return nil
	}
	var out []T
	err := json.Unmarshal(b, &out)
	*v = out
	return err
}

func memberships() table[graph.Membership] {
	return table[graph.Membership]{
		name: "membership", cols: memCols, pk: "municipality, network", update: memUpdate,
		merge: graph.MergeMembership,
		bind: func(st binder, m *graph.Membership, buf []byte) []byte {
			st.text(1, m.Municipality)
			st.text(2, m.Network)
			bindDate(st, 3, m.Since)
			bindDate(st, 4, m.Until)
			st.textOrNull(5, m.Role)
			return bindSources(st, 6, m.Sources, buf)
		},
		scan: func(st *row, in interner) (graph.Membership, error) {
			m := graph.Membership{Municipality: st.place(0, in), Network: st.shared(1, in), Role: st.shared(4, in)}
			var err error
			if m.Since, err = parseDate(st.view(2)); err == nil {
				if m.Until, err = parseDate(st.view(3)); err == nil {
					m.Sources, err = decodeSources(st.view(5), in)
				}
			}
			if err != nil {
				return m, fmt.Errorf("membership %s: %w", m.Key(), err)
			}
			return m, nil
		},
		key:    graph.Membership.Key,
		pkArgs: func(m graph.Membership) []string { return []string{m.Municipality, m.Network} },
	}
}

func orgLinks() table[graph.OrgLink] {
	return table[graph.OrgLink]{
		name: "org_link", cols: linkCols, pk: "municipality, organisation", update: linkUpdate,
		merge: graph.MergeOrgLink,
		bind: func(st binder, l *graph.OrgLink, buf []byte) []byte {
			st.text(1, l.Municipality)
			st.text(2, l.Organisation)
			st.textOrNull(3, l.Topic)
			bindDate(st, 4, l.Since)
			return bindSources(st, 5, l.Sources, buf)
		},
		scan: func(st *row, in interner) (graph.OrgLink, error) {
			l := graph.OrgLink{Municipality: st.place(0, in), Organisation: st.shared(1, in), Topic: st.shared(2, in)}
			var err error
			if l.Since, err = parseDate(st.view(3)); err == nil {
				l.Sources, err = decodeSources(st.view(4), in)
			}
			if err != nil {
				return l, fmt.Errorf("organisation link %s: %w", l.Key(), err)
			}
			return l, nil
		},
		key:    graph.OrgLink.Key,
		pkArgs: func(l graph.OrgLink) []string { return []string{l.Municipality, l.Organisation} },
	}
}

func cooperations() table[graph.Cooperation] {
	return table[graph.Cooperation]{
		name: "cooperation", cols: coopCols, pk: "a, b", update: coopUpdate,
		merge: graph.MergeCooperation,
		bind: func(st binder, c *graph.Cooperation, buf []byte) []byte {
			st.text(1, c.A)
			st.text(2, c.B)
			st.textOrNull(3, c.Kind)
			bindDate(st, 4, c.Since)
			buf = bindStrings(st, 5, c.Topics, buf)
			return bindSources(st, 6, c.Sources, buf)
		},
		scan: func(st *row, in interner) (graph.Cooperation, error) {
			c := graph.Cooperation{A: st.shared(0, in), B: st.shared(1, in), Kind: st.shared(2, in)}
			var err error
			if c.Since, err = parseDate(st.view(3)); err == nil {
				if c.Topics, err = decodeStrings(st.view(4), in); err == nil {
					c.Sources, err = decodeSources(st.view(5), in)
				}
			}
			if err != nil {
				return c, fmt.Errorf("cooperation %s: %w", c.Key(), err)
			}
			return c, nil
		},
		key:    graph.Cooperation.Key,
		pkArgs: func(c graph.Cooperation) []string { return []string{c.A, c.B} },
	}
}

func stateCounts() table[graph.StateCount] {
	return table[graph.StateCount]{
		name: "state_count", cols: countCols, pk: "state", update: countUpdate,
		merge: graph.MergeStateCount,
		bind: func(st binder, c *graph.StateCount, buf []byte) []byte {
			st.text(1, c.State)
			st.int(2, int64(c.Partnerships))
			return bindSources(st, 3, c.Sources, buf)
		},
		scan: func(st *row, in interner) (graph.StateCount, error) {
			c := graph.StateCount{State: st.text(0), Partnerships: int(st.int(1))}
			var err error
			if c.Sources, err = decodeSources(st.view(2), in); err != nil {
				return c, fmt.Errorf("state count %s: %w", c.State, err)
			}
			return c, nil
		},
		key:    func(c graph.StateCount) string { return c.State },
		pkArgs: func(c graph.StateCount) []string { return []string{c.State} },
	}
}

func reportedCounts() table[graph.ReportedCount] {
	return table[graph.ReportedCount]{
		name: "reported_count", cols: reportedCols, pk: "scope, country, as_of", update: reportedUpdate,
		merge: graph.MergeReportedCount,
		bind: func(st binder, c *graph.ReportedCount, buf []byte) []byte {
			st.text(1, c.Scope)
			st.text(2, c.Country)
			st.text(3, c.AsOf.String())
			st.int(4, int64(c.Count))
			atLeast := int64(0)
			if c.AtLeast {
				atLeast = 1
			}
			st.int(5, atLeast)
			st.textOrNull(6, c.What)
			return bindSources(st, 7, c.Sources, buf)
		},
		scan: func(st *row, in interner) (graph.ReportedCount, error) {
			c := graph.ReportedCount{Scope: st.text(0), Country: st.text(1), Count: int(st.int(3)), AtLeast: st.int(4) != 0, What: st.text(5)}
			var err error
			if c.AsOf, err = parseDate(st.view(2)); err == nil {
				c.Sources, err = decodeSources(st.view(6), in)
			}
			if err != nil {
				return c, fmt.Errorf("reported count %s: %w", c.Key(), err)
			}
			return c, nil
		},
		key:    graph.ReportedCount.Key,
		pkArgs: func(c graph.ReportedCount) []string { return []string{c.Scope, c.Country, c.AsOf.String()} },
	}
}

func aliases() table[graph.Alias] {
	return table[graph.Alias]{
		name: "alias", cols: aliasCols, pk: "alias", update: aliasUpdate,
		merge: graph.MergeAlias,
		bind: func(st binder, a *graph.Alias, buf []byte) []byte {
			st.text(1, a.Alias)
			st.text(2, a.Place)
			return bindSources(st, 3, a.Sources, buf)
		},
		scan: func(st *row, in interner) (graph.Alias, error) {
			a := graph.Alias{Alias: st.text(0), Place: st.shared(1, in)}
			var err error
			if a.Sources, err = decodeSources(st.view(2), in); err != nil {
				return a, fmt.Errorf("alias %s: %w", a.Alias, err)
			}
			return a, nil
		},
		key:    graph.Alias.Key,
		pkArgs: func(a graph.Alias) []string { return []string{a.Alias} },
	}
}

func networks() table[graph.Network] {
	return table[graph.Network]{
		name: "network", cols: netCols, pk: "id", update: netUpdate,
		merge: graph.MergeNetwork,
		bind: func(st binder, n *graph.Network, buf []byte) []byte {
			st.text(1, n.ID)
			st.text(2, n.Name)
			return buf
		},
		scan: func(st *row, _ interner) (graph.Network, error) {
			return graph.Network{ID: st.text(0), Name: st.text(1)}, nil
		},
		key:    func(n graph.Network) string { return n.ID },
		pkArgs: func(n graph.Network) []string { return []string{n.ID} },
	}
}

func organisations() table[graph.Organisation] {
	return table[graph.Organisation]{
		name: "organisation", cols: orgCols, pk: "id", update: orgUpdate,
		merge: graph.MergeOrganisation,
		bind: func(st binder, o *graph.Organisation, buf []byte) []byte {
			st.text(1, o.ID)
			st.text(2, o.Name)
			st.textOrNull(3, o.Type)
			st.textOrNull(4, o.Municipality)
			return buf
		},
		scan: func(st *row, in interner) (graph.Organisation, error) {
			return graph.Organisation{ID: st.text(0), Name: st.text(1), Type: st.shared(2, in), Municipality: st.shared(3, in)}, nil
		},
		key:    func(o graph.Organisation) string { return o.ID },
		pkArgs: func(o graph.Organisation) []string { return []string{o.ID} },
	}
}

// bindDate binds d as graph.Date.String formats it, or NULL when unknown.
func bindDate(st binder, i int, d graph.Date) {
	if d.IsZero() {
		return
	}
	var b [10]byte
	put := func(at, v, n int) {
		for j := at + n - 1; j >= at; j-- {
			b[j] = byte('0' + v%10)
			v /= 10
		}
	}
	if d.Year < 0 || d.Year > 9999 {
		st.text(i, d.String())
		return
	}
	put(0, d.Year, 4)
	n := 4
	if d.Month != 0 {
		b[4] = '-'
		put(5, d.Month, 2)
		n = 7
		if d.Day != 0 {
			b[7] = '-'
			put(8, d.Day, 2)
			n = 10
		}
	}
	st.bytes(i, b[:n])
}

// bindStrings binds a JSON array of v, or NULL when v is empty; buf is
// scratch space, returned for reuse.
func bindStrings(st binder, i int, v []string, buf []byte) []byte {
	if len(v) == 0 {
		return buf
	}
	buf = append(buf[:0], '[')
	for j, s := range v {
		if j > 0 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, s)
	}
	buf = append(buf, ']')
	st.bytes(i, buf)
	return buf
}

// bindSources binds a JSON array of v as encoding/json writes graph.Source
// ({"file":..,"line":..,"sourceId":..}, zero line and empty id left out),
// or NULL when v is empty.
func bindSources(st binder, i int, v []graph.Source, buf []byte) []byte {
	if len(v) == 0 {
		return buf
	}
	buf = append(buf[:0], '[')
	for j, s := range v {
		if j > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"file":`...)
		buf = appendJSONString(buf, s.File)
		if s.Line != 0 {
			buf = append(buf, `,"line":`...)
			buf = strconv.AppendInt(buf, int64(s.Line), 10)
		}
		if s.SourceID != "" {
			buf = append(buf, `,"sourceId":`...)
			buf = appendJSONString(buf, s.SourceID)
		}
		buf = append(buf, '}')
	}
	buf = append(buf, ']')
	st.bytes(i, buf)
	return buf
}

// appendJSONString appends s as a JSON string; invalid UTF-8 becomes
// U+FFFD as with encoding/json.
func appendJSONString(buf []byte, s string) []byte {
	const hex = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				buf = append(buf, '\\', c)
			case c < 0x20:
				buf = append(buf, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			default:
				buf = append(buf, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			buf = append(buf, `\ufffd`...)
		} else {
			buf = append(buf, s[i:i+size]...)
		}
		i += size
	}
	return append(buf, '"')
}

// decodeStrings reads a JSON array of strings as bindStrings writes it;
// nil for an empty column.
func decodeStrings(b []byte, in interner) ([]string, error) {
	if len(b) == 0 {
		return nil, nil
	}
	d := decoder{b: b, in: in}
	var out []string
	d.expect('[')
	for d.err == nil && !d.peek(']') {
		if len(out) > 0 {
			d.expect(',')
		}
		out = append(out, d.str())
	}
	d.expect(']')
	d.end()
	if d.err != nil {
		// Not in the form this package writes (edited by hand?): take any
		// valid JSON.
		return decodeList[string](b)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// decodeList reads any valid JSON array, for the lists the fast decoders
// do not understand; nil for an empty one. (In a function of its own, so
// that the fast paths' lists do not escape to the heap through
// json.Unmarshal.)
func decodeList[T any](b []byte) ([]T, error) {
	var out []T
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("damaged list %q: %w", b, err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// decodeSources reads a JSON array of graph.Source as bindSources writes
// it; nil for an empty column.
func decodeSources(b []byte, in interner) ([]graph.Source, error) {
	if len(b) == 0 {
		return nil, nil
	}
	d := decoder{b: b, in: in}
	var out []graph.Source
	d.expect('[')
	for d.err == nil && !d.peek(']') {
		if len(out) > 0 {
			d.expect(',')
		}
		var s graph.Source
		d.expect('{')
		for first := true; d.err == nil && !d.peek('}'); first = false {
			if !first {
				d.expect(',')
			}
			switch string(d.key()) {
			case "file":
				s.File = d.str()
			case "line":
				s.Line = d.int()
			case "sourceId":
				s.SourceID = d.str()
			default:
				d.fail()
			}
		}
		d.expect('}')
		out = append(out, s)
	}
	d.expect(']')
	d.end()
	if d.err != nil {
		return decodeList[graph.Source](b)
	}
	if len(out) == 0 {
		return nil, nil
	}
	return out, nil
}

// decoder reads the compact JSON this package writes. Anything else
// (whitespace, escapes, other keys) sets err, and the caller falls back to
// encoding/json.
type decoder struct {
	b   []byte
	i   int
	in  interner
	err error
}

func (d *decoder) fail() {
	if d.err == nil {
		d.err = fmt.Errorf("unexpected JSON at byte %d", d.i)
	}
}

func (d *decoder) peek(c byte) bool { return d.err == nil && d.i < len(d.b) && d.b[d.i] == c }

func (d *decoder) expect(c byte) {
	if !d.peek(c) {
		d.fail()
		return
	}
	d.i++
}

// raw returns the bytes of a string without escapes, control characters
// or invalid UTF-8 (which encoding/json refuses or replaces).
func (d *decoder) raw() []byte {
	d.expect('"')
	start, ascii := d.i, true
	for d.err == nil && d.i < len(d.b) {
		switch c := d.b[d.i]; {
		case c == '"':
			s := d.b[start:d.i]
			d.i++
			if !ascii && !utf8.Valid(s) {
				d.fail()
				return nil
			}
			return s
		case c == '\\' || c < 0x20:
			d.fail()
			return nil
		case c >= utf8.RuneSelf:
			ascii = false
		}
		d.i++
	}
	d.fail()
	return nil
}

// end fails unless the whole column was read.
func (d *decoder) end() {
	if d.err == nil && d.i != len(d.b) {
		d.fail()
	}
}

func (d *decoder) str() string { return d.in.get(d.raw()) }

func (d *decoder) key() []byte {
	k := d.raw()
	d.expect(':')
	return k
}

func (d *decoder) int() int {
	start, n := d.i, 0
	for d.i < len(d.b) && d.b[d.i] >= '0' && d.b[d.i] <= '9' && d.i-start < 18 {
		n = n*10 + int(d.b[d.i]-'0')
		d.i++
	}
	if d.i == start {
		d.fail()
	}
	return n
}

// parseDate reads a date as bindDate writes it ("1957", "1990-05",
// "1990-05-01"); nil is the zero Date.
func parseDate(b []byte) (graph.Date, error) {
	num := func(s []byte) int {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return -1
			}
			n = n*10 + int(c-'0')
		}
		return n
	}
	var d graph.Date
	switch len(b) {
	case 0:
		return d, nil
	case 4:
		d.Year = num(b)
	case 7:
		d.Year, d.Month = num(b[:4]), num(b[5:])
	case 10:
		d.Year, d.Month, d.Day = num(b[:4]), num(b[5:7]), num(b[8:])
	default:
		d.Year = -1
	}
	if (len(b) > 4 && b[4] != '-') || (len(b) == 10 && b[7] != '-') || d.IsZero() || !d.Valid() {
		return graph.Date{}, fmt.Errorf("damaged date %q", b)
	}
	return d, nil
}
