package importer

import (
	"fmt"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/identity"
	"github.com/citygraph/citygraph/importer/table"
)

// fNone marks an absent field in an endSpec.
const fNone field = -1

// run is the parse stage of a Read: it reads the cells of one row after
// the other, resolves the places they name and files the row's problems.
// It alone uses the resolution caches.
type run struct {
	im     *Importer
	file   string
	kind   Kind
	header []string
	delim  rune
	cols   columns
	set    [nFields]string // values of fixed fields
	today  graph.Date

	rec      *table.Record // the current row
	line     int           // its first line
	rowProbs []Problem

	counts  map[string]int       // Land -> line, for counts files
	aliases map[string]aliasLine // alias id -> its place and line, for alias files

	ends     map[string]*endRes   // per distinct cells with coordinates, packed (packCells)
	prepared map[string]*prepared // per distinct cells without coordinates, packed
	keyBuf   []byte               // the current end's cells, packed
	parted   map[endKey]*endRes   // ends placed by their row (apart, forPartners), by cells and place

	unresolvedRows int // valid link rows with an unresolved German place at an end
	// keepUnresolved imports a German name at an end of a link that the
	// reference data cannot place as a place of its own (Options.SkipInvalid).
	keepUnresolved bool
}

func newRun(im *Importer, rd *reading) *run {
	return &run{im: im, file: rd.file, kind: rd.res.Kind, header: rd.res.Header, delim: rd.res.Delimiter, cols: rd.cols, set: rd.set, today: rd.today,
		counts: map[string]int{}, aliases: map[string]aliasLine{}, ends: map[string]*endRes{}, prepared: map[string]*prepared{},
		keepUnresolved: rd.opt.SkipInvalid}
}

// item is a valid row's record, ready for the batch: a link in place (the
// rows of long files are links), the records of the other kinds apart, so
// that the chunks of rows between the stages stay small.
type item struct {
	link parsedLink
	*other
}

// other is a valid row's record of a kind other than a link.
type other struct {
	member parsedMember
	olink  parsedOrgLink
	count  graph.StateCount
	rcount graph.ReportedCount // a counts file with a date or partner country column
	alias  graph.Alias
	// aliasTo is the kept place of an alias given by its name, from the
	// reference data: the batch carries it, so that a place not yet
	// stored can be kept.
	aliasTo end
	actor   parsedActor
	coop    graph.Cooperation
}

// parsedActor is a valid row's local actor: the organisation and, when
// the row names one, its home municipality.
type parsedActor struct {
	org  graph.Organisation
	home end
	has  bool // the row names a home municipality
}

// parsedLink is a valid row's link, ends resolved, in the order of the
// row (the batch puts them in order).
type parsedLink struct {
	a, b         end
	kind         graph.Kind
	since, until graph.Date
	status       graph.Status
	topics       []string // sorted, unique
	sourceID     string
}

// parsedMember is a valid row's membership.
type parsedMember struct {
	m       end
	network graph.Network
	since   graph.Date
	until   graph.Date
	role    string
	source  string
}

// parsedOrgLink is a valid row's link to an organisation.
type parsedOrgLink struct {
	m      end
	org    graph.Organisation
	topic  string
	since  graph.Date
	source string
}

// parseRow reads one record.
func (ru *run) parseRow(rec *table.Record) row {
	if p := rec.Problem; p != nil {
		return row{probs: []Problem{{File: ru.file, Line: p.Line, Col: p.Col, Msg: p.Msg}}}
	}
	if allEmpty(rec.Fields) {
		return row{status: rowBlank}
	}
	if ru.isHeader(rec.Fields) {
		return row{status: rowHeader}
	}
	ru.rec, ru.line, ru.rowProbs = rec, rec.Line, nil
	var r row
	if ru.kind != KindRGRE && ru.kind != KindPairs {
		r.it.other = &other{}
	}
	if !ru.unheaded() && !ru.short() {
		switch ru.kind {
		case KindRGRE, KindPairs:
			r.it.link = ru.parseLink(linkSpecs(ru.kind))
		case KindMemberships:
			r.it.member = ru.parseMember()
		case KindOrgLinks:
			r.it.olink = ru.parseOrgLink()
		case KindCounts:
			if ru.cols[fAsOf] != absent || ru.cols[fCountry] != absent {
				r.it.rcount = ru.parseReportedCount()
			} else {
				r.it.count = ru.parseCount()
			}
		case KindAliases:
			r.it.alias, r.it.aliasTo = ru.parseAlias()
		case KindActors:
			r.it.actor = ru.parseActor()
		case KindCooperations:
			r.it.coop = ru.parseCooperation()
		}
	}
	r.probs = ru.rowProbs
	ru.rec, ru.rowProbs = nil, nil
	return r
}

// isHeader reports whether a row repeats the header, as files joined one
// after the other do.
func (ru *run) isHeader(cells []string) bool {
	n := 0
	for i, c := range cells {
		c = strings.TrimSpace(c)
		if i >= len(ru.header) {
			if c != "" {
				return false
			}
			continue
		}
		if c != ru.header[i] {
			return false
		}
		if c != "" {
			n++
		}
	}
	return n >= 2
}

// unheaded files a value in a column without a header: it would be lost.
func (ru *run) unheaded() bool {
	for i, c := range ru.rec.Fields {
		if i < len(ru.header) && ru.header[i] == "" && strings.TrimSpace(c) != "" {
			line, col := ru.rec.Pos(i)
			ru.rowProbs = append(ru.rowProbs, Problem{File: ru.file, Line: line, Col: col,
				Msg: fmt.Sprintf("a value in column %d, which has no header: name the column or delete the value", i+1)})
			return true
		}
	}
	return false
}

// short files a row too short for the required columns of its kind: it
// was split wrongly.
func (ru *run) short() bool {
	need := 0
	for _, f := range required(ru.kind) {
		need = max(need, ru.cols[f]+1)
	}
	if n := len(ru.rec.Fields); n < need {
		line, col := ru.rec.Pos(n)
		ru.rowProbs = append(ru.rowProbs, Problem{File: ru.file, Line: line, Col: col,
			Msg: fmt.Sprintf("wrong delimiter or quoting: the row has %d cell(s), the header has %d (separated by %s)",
				n, len(ru.header), table.DelimiterName(ru.delim))})
		return true
	}
	return false
}

// colName returns the header of a field's column, or the field's name.
func (ru *run) colName(f field) string {
	if f == fNone {
		return ""
	}
	if i := ru.cols[f]; i >= 0 && i < len(ru.header) {
		return ru.header[i]
	}
	return f.String()
}

// problem files a problem with the cell of field f of the current row.
func (ru *run) problem(f field, msg string) {
	p := Problem{File: ru.file, Line: ru.line, Column: ru.colName(f), Msg: msg}
	if f != fNone {
		if i := ru.cols[f]; i >= 0 && i < len(ru.rec.Fields) {
			p.Line, p.Col = ru.rec.Pos(i)
		}
	}
	ru.rowProbs = append(ru.rowProbs, p)
}

// cell returns the trimmed cell of a field in the current row.
func (ru *run) cell(f field) string {
	if f == fNone {
		return ""
	}
	i := ru.cols[f]
	if i == fixed {
		return ru.set[f]
	}
	if i < 0 || i >= len(ru.rec.Fields) {
		return ""
	}
	v := strings.TrimSpace(ru.rec.Fields[i])
	if v == "-" || v == "–" || v == "—" {
		return "" // the usual mark for "no value"
	}
	return v
}

// date reads a date field; a date after today is a problem.
func (ru *run) date(f field) graph.Date {
	d, err := parseDate(ru.cell(f))
	if err != nil {
		ru.problem(f, err.Error())
		return graph.Date{}
	}
	return d
}

// past reads a date field of something that has happened: it may not lie
// in the future.
func (ru *run) past(f field) graph.Date {
	d := ru.date(f)
	if !d.IsZero() && ru.today.Before(d) {
		ru.problem(f, fmt.Sprintf("%s lies in the future (today is %s)", d, ru.today))
		return graph.Date{}
	}
	return d
}

// period reads a since and an until field: since in the past, until
// after since.
func (ru *run) period() (since, until graph.Date) {
	since, until = ru.past(fSince), ru.date(fUntil)
	if p := graph.PeriodProblem(since, until); p != "" {
		ru.problem(fUntil, p)
	}
	return since, until
}

// linkSpecs returns the columns of the two ends of a link file's rows.
func linkSpecs(kind Kind) (endSpec, endSpec) {
	if kind == KindRGRE {
		return endSpec{name: fMunicipality, country: fNone, state: fState, lat: fNone, lon: fNone, pop: fNone, qid: fWikidata, defaultCountry: "DE", link: true},
			endSpec{name: fPartner, country: fCountry, state: fPartnerState, lat: fNone, lon: fNone, pop: fNone, qid: fPartnerWikidata, link: true}
	}
	return endSpec{name: fCityA, country: fCountryA, state: fStateA, lat: fLatA, lon: fLonA, pop: fPopulationA, qid: fWikidataA, link: true},
		endSpec{name: fCityB, country: fCountryB, state: fStateB, lat: fLatB, lon: fLonB, pop: fPopulationB, qid: fWikidataB, link: true}
}

// parseLink reads the current row of an RGRE table or a pair list: it
// resolves both ends and reads the link's cells, filing the problems.
func (ru *run) parseLink(sa, sb endSpec) parsedLink {
	a, okA := ru.resolve(sa)
	b, okB := ru.resolve(sb)
	kind, err := parseKind(ru.cell(fKind))
	if err != nil {
		ru.problem(fKind, err.Error())
	}
	since, until := ru.period()
	status := ru.status(until)
	topics, err := parseTopics(ru.cell(fTopics))
	if err != nil {
		ru.problem(fTopics, err.Error())
	}
	if okA && okB && graph.SelfLink(a.res.id, b.res.id) {
		a, b = ru.apart(sa, sb, a, b)
	}
	if okA && okB && graph.SelfLink(a.res.id, b.res.id) {
		if a.res.level() == identity.LevelUnresolved {
			ru.problem(sb.name, fmt.Sprintf("%q at both ends of a link, and nothing says which German place of the name each is (%s): give the Land, coordinates or populations",
				ru.cell(sb.name), ru.im.ref.Candidates(ru.cell(sb.name))))
		} else {
			ru.problem(sb.name, fmt.Sprintf("%q is the same place as %q: a link needs two places", ru.cell(sb.name), ru.cell(sa.name)))
		}
	}
	if len(ru.rowProbs) > 0 {
		return parsedLink{}
	}
	a, b = ru.forPartners(sa, sb, a, b)
	for i, t := range topics {
		topics[i] = strings.Clone(t) // a cell keeps its whole line alive
	}
	if a.res.level() == identity.LevelUnresolved || b.res.level() == identity.LevelUnresolved {
		ru.unresolvedRows++
	}
	return parsedLink{a: a, b: b, kind: kind, since: since, until: until, status: status, topics: sortedUnique(topics),
		sourceID: strings.Clone(ru.cell(fSource))}
}

// status reads the status of a link that ends at until: a link whose end
// has passed is ENDED unless the row says otherwise, and a row that says
// otherwise contradicts itself.
func (ru *run) status(until graph.Date) graph.Status {
	status, err := parseStatus(ru.cell(fStatus))
	if err != nil {
		ru.problem(fStatus, err.Error())
		return ""
	}
	passed := !until.IsZero() && until.Before(ru.today)
	switch {
	case status == "" && passed:
		return graph.StatusEnded
	case status == graph.StatusEnded && !until.IsZero() && !passed:
		ru.problem(fStatus, fmt.Sprintf("%q, but the end date %s has not come yet", ru.cell(fStatus), until))
	case status != "" && status != graph.StatusEnded && passed:
		ru.problem(fStatus, fmt.Sprintf("%q, but the link ended in %s (column %s)", ru.cell(fStatus), until, ru.colName(fUntil)))
	}
	return status
}

// member resolves the municipality of a row of a membership list or a
// list of links to organisations (a German one unless the row says
// otherwise).
func (ru *run) member() end {
	m, _ := ru.resolve(endSpec{name: fMunicipality, country: fCountry, state: fState, lat: fLat, lon: fLon, pop: fNone, qid: fWikidata, defaultCountry: "DE"})
	return m
}

// named reads the name of a network or organisation in column f and its
// id (gazetteer.Slug); an empty name is a problem.
func (ru *run) named(f field, what string) (id, name string) {
	name = ru.cell(f)
	id = gazetteer.Slug(name)
	if id == "" {
		ru.problem(f, "empty "+what+" name")
	}
	return id, name
}

// parseMember reads the current row of a membership list.
func (ru *run) parseMember() parsedMember {
	m := ru.member()
	id, name := ru.named(fNetwork, "network")
	since, until := ru.period()
	if len(ru.rowProbs) > 0 {
		return parsedMember{}
	}
	return parsedMember{m: m, network: graph.Network{ID: id, Name: name}, since: since, until: until, role: ru.cell(fRole), source: ru.cell(fSource)}
}

// parseOrgLink reads the current row of a list of links to organisations.
func (ru *run) parseOrgLink() parsedOrgLink {
	m := ru.member()
	id, name := ru.named(fOrganisation, "organisation")
	since := ru.past(fSince)
	topic := ru.cell(fTopic)
	if topic == "" {
		topic = ru.cell(fTopics)
	}
	if len(ru.rowProbs) > 0 {
		return parsedOrgLink{}
	}
	return parsedOrgLink{m: m, org: graph.Organisation{ID: id, Name: name}, topic: topic, since: since, source: ru.cell(fSource)}
}

// parseActor reads the current row of a list of local actors: the
// actor's name, its id (the name's slug unless an id column gives one),
// its type (a type or kind column) and its home municipality, resolved as
// the municipality of a membership is.
func (ru *run) parseActor() parsedActor {
	id, name := ru.named(fActor, "actor")
	if given := ru.cell(fAlias); given != "" {
		if id = gazetteer.Slug(given); id == "" {
			ru.problem(fAlias, fmt.Sprintf("id %q has no letters or digits", given))
		}
	}
	var a parsedActor
	if ru.cell(fMunicipality) != "" {
		a.home, a.has = ru.member(), true
	}
	if len(ru.rowProbs) > 0 {
		return parsedActor{}
	}
	a.org = graph.Organisation{ID: id, Name: strings.Clone(name), Type: strings.Clone(ru.cell(fKind))}
	return a
}

// parseCooperation reads the current row of a list of cooperations: two
// actors by id or name (both become the slug an actors file gives them),
// who cannot be one, and the cooperation's kind, since and topics.
func (ru *run) parseCooperation() graph.Cooperation {
	a, b := gazetteer.Slug(ru.cell(fActorA)), gazetteer.Slug(ru.cell(fActorB))
	if a == "" {
		ru.problem(fActorA, "empty actor")
	}
	if b == "" {
		ru.problem(fActorB, "empty actor")
	}
	if a != "" && a == b {
		ru.problem(fActorB, fmt.Sprintf("%q and %q are one actor: a cooperation needs two", ru.cell(fActorA), ru.cell(fActorB)))
	}
	since := ru.past(fSince)
	topics, err := parseTopics(ru.cell(fTopics))
	if err != nil {
		ru.problem(fTopics, err.Error())
	}
	if len(ru.rowProbs) > 0 {
		return graph.Cooperation{}
	}
	for i, t := range topics {
		topics[i] = strings.Clone(t)
	}
	return graph.Cooperation{A: a, B: b, Kind: strings.Clone(ru.cell(fKind)), Since: since, Topics: topics,
		Sources: []graph.Source{{File: ru.file, Line: ru.line, SourceID: strings.Clone(ru.cell(fSource))}}}
}

// parseCount reads the current row of counts per Land.
func (ru *run) parseCount() graph.StateCount {
	cell := ru.cell(fState)
	code, ok := gazetteer.StateCode(cell)
	if !ok {
		ru.problem(fState, fmt.Sprintf("unknown Land %q (want a name such as Bayern or Bavaria, or a code such as BY or DE-BY)", cell))
	}
	n, err := parseCount(ru.cell(fCount))
	if err != nil {
		ru.problem(fCount, err.Error())
	}
	if prev, dup := ru.counts[code]; ok && dup {
		ru.problem(fState, fmt.Sprintf("%s is already counted on line %d", code, prev))
	}
	if len(ru.rowProbs) > 0 {
		return graph.StateCount{}
	}
	ru.counts[code] = ru.line
	return graph.StateCount{State: code, Partnerships: n, Sources: []graph.Source{{File: ru.file, Line: ru.line, SourceID: ru.cell(fSource)}}}
}

// parseReportedCount reads the current row of a counts file that has a
// date (as_of, Stand, Datum, Jahr) or a partner country column: a count
// reported for Germany (no Land column, or an empty cell) or a Land, for
// one partner country or all, as of a date of any precision. A count
// "over 250" (über, mehr als, mindestens, at least, >, >=, 250+) is a
// lower bound, and so is a count whose what-is-counted cell ends with
// "(over)" (über, mehr als, mindestens, at least, more than), which is
// then taken off the cell.
func (ru *run) parseReportedCount() graph.ReportedCount {
	c := graph.ReportedCount{Scope: "DE"}
	if cell := ru.cell(fState); cell != "" {
		code, ok := gazetteer.StateCode(cell)
		if !ok {
			ru.problem(fState, fmt.Sprintf("unknown Land %q (want a name such as Bayern or Bavaria, or a code such as BY or DE-BY, or no value for Germany)", cell))
		}
		c.Scope = code
	}
	if cell := ru.cell(fCountry); cell != "" {
		code, err := identity.CountryCode(ru.im.ref.Countries(), "partner country", cell)
		if err != nil {
			ru.problem(fCountry, graph.ErrorMessage(err))
		}
		c.Country = code
	}
	c.AsOf = ru.past(fAsOf)
	var err error
	if c.Count, c.AtLeast, err = parseBound(ru.cell(fCount)); err != nil {
		ru.problem(fCount, err.Error())
	}
	c.What = ru.cell(fWhat)
	if what, ok := cutBoundMarker(c.What); ok {
		c.What, c.AtLeast = what, true
	}
	if prev, dup := ru.counts[c.Key()]; dup && len(ru.rowProbs) == 0 {
		ru.problem(fAsOf, fmt.Sprintf("%s %s as of %q is already counted on line %d", c.Scope, c.Country, c.AsOf, prev))
	}
	if len(ru.rowProbs) > 0 {
		return graph.ReportedCount{}
	}
	ru.counts[c.Key()] = ru.line
	c.Sources = []graph.Source{{File: ru.file, Line: ru.line, SourceID: ru.cell(fSource)}}
	return c
}

// aliasLine is an alias as an earlier row of the file gave it.
type aliasLine struct {
	place string
	line  int
}

// parseAlias reads the current row of an alias file: an id that is the
// same place as another, which is kept, given by its id or by its name
// (aliasPlace).
func (ru *run) parseAlias() (graph.Alias, end) {
	alias := ru.placeID(fAlias)
	place, to := ru.aliasPlace(alias)
	if alias != "" && alias == place {
		ru.problem(fSameAs, fmt.Sprintf("%s is the same id as the alias: a place cannot be an alias of itself", place))
	}
	if prev, ok := ru.aliases[alias]; ok && alias != "" && place != "" && prev.place != place {
		ru.problem(fSameAs, fmt.Sprintf("%s is given as %s on line %d: one id is one place", alias, prev.place, prev.line))
	}
	if len(ru.rowProbs) > 0 {
		return graph.Alias{}, end{}
	}
	ru.aliases[alias] = aliasLine{place, ru.line}
	return graph.Alias{Alias: alias, Place: place, Sources: []graph.Source{{File: ru.file, Line: ru.line, SourceID: strings.Clone(ru.cell(fSource))}}}, to
}

// aliasPlace reads the kept place of an alias row: an id, or a name in
// the alias's country looked up as an input's name is ("Senden, Nordrhein-
// Westfalen", "Kiew"), by the ranked lookup of package identity. A name
// that means no place the reference data knows, or several, is a problem
// that names the candidates. For a name, the place is returned as an end,
// for the batch.
func (ru *run) aliasPlace(alias string) (string, end) {
	v := ru.cell(fSameAs)
	if isPlaceID(v) || v == "" {
		return ru.placeID(fSameAs), end{}
	}
	if alias == "" {
		return "", end{} // the alias's problem is filed; its country is unknown
	}
	cc, _, _ := strings.Cut(alias, ":")
	pr, err := ru.im.ref.Prepare(identity.Query{Name: strings.Clone(v), Country: cc})
	var res identity.Result
	if err == nil {
		res, err = pr.Choose(identity.Hints{})
	}
	switch {
	case err != nil:
		ru.problem(fSameAs, fmt.Sprintf("%q, the name of the kept place (in %s, the alias's country): %s", v, cc, graph.ErrorMessage(err)))
		return "", end{}
	case !res.Known:
		ru.problem(fSameAs, fmt.Sprintf("%q is no place of %s the directory or the world gazetteer knows: give the kept place's id", v, cc))
		return "", end{}
	}
	return res.Place.ID, end{res: newEndRes(ru.line, identity.Result{Place: res.Place, Known: true, How: res.How})}
}

// isPlaceID reports whether a cell is written as a place's id: a country
// code in capitals, ":" and the rest, no spaces.
func isPlaceID(v string) bool {
	cc, rest, ok := strings.Cut(v, ":")
	return ok && len(cc) == 2 && strings.ToUpper(cc) == cc && rest != "" && !strings.ContainsAny(v, " \t")
}

// placeID reads a cell that holds a place's id as citygraph writes it:
// a country code, ":" and the rest (DE:08222000, UA:kyiv).
func (ru *run) placeID(f field) string {
	v := ru.cell(f)
	if !isPlaceID(v) {
		ru.problem(f, fmt.Sprintf("%q is not a place id (want one such as DE:08222000 or UA:kyiv; citygraph places check lists suspected duplicates with their ids)", v))
		return ""
	}
	return strings.Clone(v)
}
