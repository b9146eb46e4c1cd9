package importer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// fNone marks an absent field in an endSpec.
const fNone field = -1

// linkKey identifies a partnership in the batch, as Partnership.Key does.
type linkKey struct {
	a, b string
	kind graph.Kind
}

// run is the state of one Read.
type run struct {
	im    *Importer
	file  string
	res   *Result
	cols  columns
	set   [nFields]string // values of fixed fields
	b     *graph.Batch
	today graph.Date

	rec      []string // the current row
	line     int      // its line
	rowProbs []Problem

	muni map[string]int // place ID -> index in places
	// places holds the batch's municipalities while the rows are read, in
	// slabs that stay where they are: appending to one slice of these
	// large records would copy them again at every growth. placesDone
	// copies them into the batch.
	places  [][]graph.Municipality
	nplaces int
	links   map[linkKey]int
	srcs    []graph.Source // backing store for one source per link
	nets    map[string]int
	orgs    map[string]int
	members map[string]int
	olinks  map[string]int
	counts  map[string]int // Land -> line

	ends     map[endKey]*endRes   // per distinct cells with coordinates
	prepared map[endKey]*prepared // per distinct cells without coordinates
}

// Read reads one file into a batch. name is the file's name (its base name
// goes into the provenance); r gives its bytes. The result lists every
// problem; unless opt.SkipInvalid is set, any problem makes Read return a
// *ProblemsError (code EINVALID) together with the result, whose Batch is
// then nil. Problems with the whole file (not text, no header, missing
// columns) are errors even with SkipInvalid. Other errors: reading r, or
// ctx ending.
func (im *Importer) Read(ctx context.Context, name string, r io.Reader, opt Options) (*Result, error) {
	base := filepath.Base(name)
	if name == "" || name == "-" {
		base = "stdin"
	}
	var buf bytes.Buffer
	if opt.Size > 0 && opt.Size < 1<<34 {
		buf.Grow(int(opt.Size) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, fmt.Errorf("import %s: read: %w", base, err)
	}
	raw := buf.Bytes()
	sum := sha256.Sum256(raw)
	res := &Result{Kind: opt.Kind}
	fail := func(line int, col, msg string) (*Result, error) {
		res.Problems = append(res.Problems, Problem{File: base, Line: line, Column: col, Msg: msg})
		return res, &ProblemsError{File: base, Problems: res.Problems}
	}
	if opt.Kind != KindAuto {
		if _, err := ParseKind(string(opt.Kind)); err != nil {
			return fail(0, "", graph.ErrorMessage(err))
		}
	}
	text, enc, prob := decode(raw)
	if prob != "" {
		return fail(0, "", prob)
	}
	res.Encoding = enc
	delim := sniff(text)
	res.Delimiter = delim
	cr := csv.NewReader(bytes.NewReader(text))
	cr.Comma = delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	head, err := cr.Read()
	if err == io.EOF {
		return fail(0, "", "empty file: no header and no rows")
	}
	if err != nil {
		return fail(1, "", "cannot read the header: "+csvMessage(err))
	}
	headLine, _ := cr.FieldPos(0)
	res.Header = make([]string, len(head))
	for i, h := range head {
		res.Header[i] = strings.TrimSpace(h)
	}
	cols, mapProbs := mapHeader(res.Header, opt.Map)
	setVals, setProbs := applySet(&cols, opt.Set)
	mapProbs = append(mapProbs, setProbs...)
	for _, m := range mapProbs {
		res.Problems = append(res.Problems, Problem{File: base, Line: headLine, Msg: m})
	}
	kind := opt.Kind
	if kind == KindAuto {
		kind = detect(cols)
	}
	if kind == KindAuto && len(opt.Map) == 0 && titleRow(res.Header) {
		// Spreadsheets often start with a title ("Städtepartnerschaften;;;"):
		// look for the header in the next rows.
		for range 9 {
			rec, err := cr.Read()
			if err != nil {
				break
			}
			hdr := make([]string, len(rec))
			for i, h := range rec {
				hdr[i] = strings.TrimSpace(h)
			}
			c, _ := mapHeader(hdr, nil)
			applySet(&c, opt.Set)
			if k := detect(c); k != KindAuto {
				headLine, _ = cr.FieldPos(0)
				res.Header, cols, kind = hdr, c, k
				break
			}
		}
	}
	if kind == KindAuto {
		msg := fmt.Sprintf("cannot tell the kind of file from its header %q: want an RGRE table (Kommune, Bundesland, Partnerkommune, Land, ...), "+
			"a pair list (--map city_a=COL --map country_a=COL --map city_b=COL --map country_b=COL), "+
			"memberships (municipality, network), organisation links (municipality, organisation) or counts per Land (state, partnerships); or give --kind",
			strings.Join(res.Header, string(delim)))
		if len(res.Header) == 1 {
			msg = "wrong delimiter: the header is a single column"
			if d := otherDelimiter(res.Header[0]); d != "" {
				msg += fmt.Sprintf(" separated by %q", d)
			}
			msg += "; separate columns with commas, semicolons or tabs"
		}
		return fail(headLine, "", msg)
	}
	res.Kind = kind
	for _, f := range required(kind) {
		if cols[f] == absent {
			res.Problems = append(res.Problems, Problem{File: base, Line: headLine, Column: f.String(),
				Msg: fmt.Sprintf("missing column: a %s file needs a %s column (%s)", kind, f, headerHint(f))})
		}
	}
	if len(res.Problems) > 0 {
		return res, &ProblemsError{File: base, Problems: res.Problems}
	}

	rowsHint := 64
	if kind == KindRGRE || kind == KindPairs {
		rowsHint = min(bytes.Count(text, []byte{'\n'}), 1<<22)
	}
	ru := &run{
		im: im, file: base, res: res, cols: cols, set: setVals,
		b:     &graph.Batch{Import: graph.ImportRecord{File: base, SHA256: hex.EncodeToString(sum[:]), Kind: string(kind)}},
		today: graph.DateOf(time.Now()),
		muni:  make(map[string]int, rowsHint/2), links: make(map[linkKey]int, rowsHint), nets: map[string]int{}, orgs: map[string]int{},
		members: map[string]int{}, olinks: map[string]int{}, counts: map[string]int{},
		ends: make(map[endKey]*endRes, rowsHint/2), prepared: make(map[endKey]*prepared, rowsHint/4),
	}
	ru.b.Partnerships = make([]graph.Partnership, 0, rowsHint)
	total := int64(len(raw))
	progress := func(offset int64) {
		if opt.Progress != nil && len(text) > 0 {
			opt.Progress(int64(float64(offset)/float64(len(text))*float64(total)), total)
		}
	}
	if kind == KindRGRE || kind == KindPairs {
		if err := ru.readLinks(ctx, cr, kind, progress); err != nil {
			return nil, fmt.Errorf("import %s: %w", base, err)
		}
	} else if err := ru.readRows(ctx, cr, kind, progress); err != nil {
		return nil, fmt.Errorf("import %s: %w", base, err)
	}
	if opt.Progress != nil {
		opt.Progress(total, total)
	}
	ru.placesDone()
	res.Identity = ru.identityReport()
	ru.b.Import.Rows = res.Rows
	if len(res.Problems) > 0 && !opt.SkipInvalid {
		return res, &ProblemsError{File: base, Problems: res.Problems}
	}
	res.Batch = ru.b
	return res, nil
}

// readRows reads the data rows of a file one after the other.
func (ru *run) readRows(ctx context.Context, cr *csv.Reader, kind Kind, progress func(offset int64)) error {
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err == nil && allEmpty(rec) {
			continue // a blank row, as spreadsheets leave at the end: ";;;"
		}
		ru.res.Rows++
		if ru.res.Rows%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			progress(cr.InputOffset())
		}
		ru.rowProbs = ru.rowProbs[:0]
		if err != nil {
			ru.line = csvErrorLine(err)
			ru.rec = nil
			ru.problem(fNone, csvMessage(err))
			ru.finishRow()
			continue
		}
		ru.line, _ = cr.FieldPos(0)
		ru.rec = rec
		ru.row(kind)
		ru.finishRow()
	}
}

// csvErrorLine returns the line a csv error names, or 0.
func csvErrorLine(err error) int {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return pe.StartLine
	}
	return 0
}

// linkRow is one row of a link file (RGRE table or pair list) as the
// resolving stage of readLinks leaves it: its problems, or what the adding
// stage needs to add the link.
type linkRow struct {
	line  int
	rec   []string  // the cells, in the chunk's cells; nil for a row CSV could not read
	err   error     // why CSV could not read the row
	probs []Problem // the row's problems; none for a valid row
	link  parsedLink
}

// parsedLink is a valid row's link, ends resolved.
type parsedLink struct {
	a, b         end
	kind         graph.Kind
	since, until graph.Date
	status       graph.Status
	topics       []string
	sourceID     string
}

// linkChunk is a run of rows handed from the reading to the writing stage.
type linkChunk struct {
	rows   []linkRow
	cells  []string // the cells of the rows: the CSV reader reuses its record
	offset int64    // input offset after the chunk, for progress; 0 for none
	err    error    // the context ended: the last chunk
}

// linkChunkRows is how many rows a linkChunk holds.
const linkChunkRows = 1024

// readLinks reads the rows of a link file in three stages that run at the
// same time: one goroutine parses the CSV into chunks of rows, another
// resolves both ends and reads the cells of each row (it alone uses the
// resolution caches), and this one adds the links and places to the batch
// in line order (it alone uses the batch), so problems come out in the
// order of the file.
func (ru *run) readLinks(ctx context.Context, cr *csv.Reader, kind Kind, progress func(offset int64)) error {
	sa, sb := linkSpecs(kind)
	rd := &run{im: ru.im, file: ru.file, res: ru.res, cols: ru.cols, set: ru.set, today: ru.today,
		ends: ru.ends, prepared: ru.prepared}
	read := make(chan *linkChunk, 4)
	resolved := make(chan *linkChunk, 4)
	// Chunks the adding stage is done with go back to the parsing stage.
	free := make(chan *linkChunk, 12)
	newChunk := func() *linkChunk {
		select {
		case c := <-free:
			c.rows, c.cells, c.offset = c.rows[:0], c.cells[:0], 0
			return c
		default:
			return &linkChunk{rows: make([]linkRow, 0, linkChunkRows)}
		}
	}
	go func() { // parse
		defer close(read)
		c := newChunk()
		for {
			rec, err := cr.Read()
			if err == io.EOF {
				break
			}
			if err == nil && allEmpty(rec) {
				continue // a blank row, as spreadsheets leave at the end: ";;;"
			}
			r := linkRow{err: err}
			if err != nil {
				r.line = csvErrorLine(err)
			} else {
				r.line, _ = cr.FieldPos(0)
				if c.cells == nil {
					c.cells = make([]string, 0, max(len(rec), 16)*linkChunkRows)
				}
				at := len(c.cells)
				c.cells = append(c.cells, rec...)
				r.rec = c.cells[at:len(c.cells):len(c.cells)]
			}
			c.rows = append(c.rows, r)
			if len(c.rows) == linkChunkRows {
				if err := ctx.Err(); err != nil {
					read <- &linkChunk{err: err}
					return
				}
				c.offset = cr.InputOffset()
				read <- c
				c = newChunk()
			}
		}
		read <- c
	}()
	go func() { // resolve
		defer close(resolved)
		for c := range read {
			for i := range c.rows {
				r := &c.rows[i]
				rd.line, rd.rec = r.line, r.rec
				rd.rowProbs = rd.rowProbs[:0]
				if r.err != nil {
					rd.problem(fNone, csvMessage(r.err))
				} else if !rd.short(kind) {
					r.link = rd.parseLink(sa, sb)
				}
				if len(rd.rowProbs) > 0 {
					r.probs = slices.Clone(rd.rowProbs)
				}
			}
			resolved <- c
		}
	}()
	var err error
	for c := range resolved {
		if err != nil {
			continue // wait for the other stages to finish
		}
		if c.err != nil {
			err = c.err
			continue
		}
		for i := range c.rows {
			r := &c.rows[i]
			ru.res.Rows++
			ru.line, ru.rec, ru.rowProbs = r.line, r.rec, r.probs
			if len(r.probs) == 0 {
				ru.addLink(&r.link)
			}
			ru.finishRow()
		}
		if c.offset > 0 {
			progress(c.offset)
		}
		clear(c.rows) // what the rows point to is the batch's now, or garbage
		select {
		case free <- c:
		default:
		}
	}
	ru.rowProbs = nil
	return err
}

// allEmpty reports whether every cell of a row is blank.
func allEmpty(rec []string) bool {
	for _, c := range rec {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// titleRow reports whether a first row holds at most one cell of text, as
// a title above a table does.
func titleRow(cells []string) bool {
	n := 0
	for _, c := range cells {
		if c != "" {
			n++
		}
	}
	return n <= 1
}

// csvMessage turns a csv error into a message without the line number.
func csvMessage(err error) string {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return "bad quoting: " + pe.Err.Error()
	}
	return err.Error()
}

// finishRow files the current row's problems and rejects the row if any.
func (ru *run) finishRow() {
	if len(ru.rowProbs) == 0 {
		return
	}
	ru.res.Problems = append(ru.res.Problems, ru.rowProbs...)
	reasons := make([]string, len(ru.rowProbs))
	for i, p := range ru.rowProbs {
		if p.Column != "" {
			reasons[i] = p.Column + ": " + p.Msg
		} else {
			reasons[i] = p.Msg
		}
	}
	ru.res.Rejected = append(ru.res.Rejected, Rejected{Line: ru.line, Fields: slices.Clone(ru.rec), Reason: strings.Join(reasons, "; ")})
}

// colName returns the header of a field's column, or the field's name.
func (ru *run) colName(f field) string {
	if f == fNone {
		return ""
	}
	if i := ru.cols[f]; i >= 0 && i < len(ru.res.Header) {
		return ru.res.Header[i]
	}
	return f.String()
}

func (ru *run) problem(f field, msg string) {
	ru.rowProbs = append(ru.rowProbs, Problem{File: ru.file, Line: ru.line, Column: ru.colName(f), Msg: msg})
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
	if i < 0 || i >= len(ru.rec) {
		return ""
	}
	v := strings.TrimSpace(ru.rec[i])
	if v == "-" || v == "–" || v == "—" {
		return "" // the usual mark for "no value"
	}
	return v
}

// short reports, as a problem, a row too short for the required columns
// of kind: it was split wrongly.
func (ru *run) short(kind Kind) bool {
	need := 0
	for _, f := range required(kind) {
		need = max(need, ru.cols[f]+1)
	}
	if len(ru.rec) < need {
		ru.problem(fNone, fmt.Sprintf("wrong delimiter or quoting: the line has %d field(s), the header has %d (separated by %s)",
			len(ru.rec), len(ru.res.Header), delimName(ru.res.Delimiter)))
		return true
	}
	return false
}

// linkSpecs returns the columns of the two ends of a link file's rows.
func linkSpecs(kind Kind) (endSpec, endSpec) {
	if kind == KindRGRE {
		return endSpec{name: fMunicipality, country: fNone, state: fState, lat: fNone, lon: fNone, defaultCountry: "DE"},
			endSpec{name: fPartner, country: fCountry, state: fPartnerState, lat: fNone, lon: fNone}
	}
	return endSpec{name: fCityA, country: fCountryA, state: fStateA, lat: fLatA, lon: fLonA},
		endSpec{name: fCityB, country: fCountryB, state: fStateB, lat: fLatB, lon: fLonB}
}

// row handles the current row.
func (ru *run) row(kind Kind) {
	if ru.short(kind) {
		return
	}
	switch kind {
	case KindRGRE, KindPairs:
		p := ru.parseLink(linkSpecs(kind))
		if len(ru.rowProbs) == 0 {
			ru.addLink(&p)
		}
	case KindMemberships:
		ru.membership()
	case KindOrgLinks:
		ru.orgLink()
	case KindCounts:
		ru.count()
	}
}

func delimName(d rune) string {
	switch d {
	case '\t':
		return "tabs"
	case ';':
		return "semicolons"
	}
	return "commas"
}

// date reads a date field.
func (ru *run) date(f field) graph.Date {
	d, err := parseDate(ru.cell(f))
	if err != nil {
		ru.problem(f, err.Error())
	}
	return d
}

func (ru *run) source() graph.Source {
	return graph.Source{File: ru.file, Line: ru.line, SourceID: ru.cell(fSource)}
}

// parseLink reads the current row of an RGRE table or a pair list: it
// resolves both ends and reads the link's cells, filing the problems.
func (ru *run) parseLink(sa, sb endSpec) parsedLink {
	var pl parsedLink
	a, okA := ru.resolve(sa)
	b, okB := ru.resolve(sb)
	kind, err := parseKind(ru.cell(fKind))
	if err != nil {
		ru.problem(fKind, err.Error())
	}
	since, until := ru.date(fSince), ru.date(fUntil)
	if p := graph.PeriodProblem(since, until); p != "" {
		ru.problem(fUntil, p)
	}
	status, err := parseStatus(ru.cell(fStatus))
	if err != nil {
		ru.problem(fStatus, err.Error())
	}
	topics, err := parseTopics(ru.cell(fTopics))
	if err != nil {
		ru.problem(fTopics, err.Error())
	}
	if okA && okB && graph.SelfLink(a.res.m.ID, b.res.m.ID) {
		ru.problem(sb.name, fmt.Sprintf("%q is the same place as %q: a link needs two places", ru.cell(sb.name), ru.cell(sa.name)))
	}
	if len(ru.rowProbs) > 0 {
		return pl
	}
	if status == "" && !until.IsZero() && until.Before(ru.today) {
		status = graph.StatusEnded
	}
	return parsedLink{a: a, b: b, kind: kind, since: since, until: until, status: status, topics: topics, sourceID: ru.cell(fSource)}
}

// addLink adds a valid row's link and its ends to the batch; ru.line is
// the row's line.
func (ru *run) addLink(pl *parsedLink) {
	src := ru.source1(graph.Source{File: ru.file, Line: ru.line, SourceID: pl.sourceID})
	p := graph.Partnership{A: ru.addMunicipality(pl.a), B: ru.addMunicipality(pl.b), Kind: pl.kind,
		Since: pl.since, Until: pl.until, Status: pl.status, Topics: pl.topics, Sources: src}
	// What p.Normalize does, without its allocations for one source.
	if p.B < p.A {
		p.A, p.B = p.B, p.A
	}
	if len(p.Topics) > 1 {
		slices.Sort(p.Topics)
		p.Topics = slices.Compact(p.Topics)
	}
	addOrMerge(ru.links, &ru.b.Partnerships, linkKey{p.A, p.B, p.Kind}, p, graph.MergePartnership)
}

// addOrMerge appends v to *list, or merges it into the record already there
// under the same key; index maps keys to positions in *list.
func addOrMerge[K comparable, T any](index map[K]int, list *[]T, k K, v T, merge func(T, T) (T, bool)) {
	if i, ok := index[k]; ok {
		(*list)[i], _ = merge((*list)[i], v)
		return
	}
	index[k] = len(*list)
	*list = append(*list, v)
}

// membership handles a row of a membership list.
func (ru *run) membership() {
	m, _ := ru.resolve(endSpec{name: fMunicipality, country: fCountry, state: fState, lat: fLat, lon: fLon, defaultCountry: "DE"})
	name := ru.cell(fNetwork)
	id := gazetteer.Slug(name)
	if id == "" {
		ru.problem(fNetwork, "empty network name")
	}
	since, until := ru.date(fSince), ru.date(fUntil)
	if p := graph.PeriodProblem(since, until); p != "" {
		ru.problem(fUntil, p)
	}
	if len(ru.rowProbs) > 0 {
		return
	}
	if _, ok := ru.nets[id]; !ok {
		ru.nets[id] = len(ru.b.Networks)
		ru.b.Networks = append(ru.b.Networks, graph.Network{ID: id, Name: name})
	}
	ms := graph.Membership{Municipality: ru.addMunicipality(m), Network: id,
		Since: since, Until: until, Role: ru.cell(fRole), Sources: []graph.Source{ru.source()}}
	addOrMerge(ru.members, &ru.b.Memberships, ms.Key(), ms, graph.MergeMembership)
}

// orgLink handles a row of a list of links to organisations.
func (ru *run) orgLink() {
	m, _ := ru.resolve(endSpec{name: fMunicipality, country: fCountry, state: fState, lat: fLat, lon: fLon, defaultCountry: "DE"})
	name := ru.cell(fOrganisation)
	id := gazetteer.Slug(name)
	if id == "" {
		ru.problem(fOrganisation, "empty organisation name")
	}
	since := ru.date(fSince)
	topic := ru.cell(fTopic)
	if topic == "" {
		topic = ru.cell(fTopics)
	}
	if len(ru.rowProbs) > 0 {
		return
	}
	if _, ok := ru.orgs[id]; !ok {
		ru.orgs[id] = len(ru.b.Organisations)
		ru.b.Organisations = append(ru.b.Organisations, graph.Organisation{ID: id, Name: name})
	}
	l := graph.OrgLink{Municipality: ru.addMunicipality(m), Organisation: id,
		Topic: topic, Since: since, Sources: []graph.Source{ru.source()}}
	addOrMerge(ru.olinks, &ru.b.OrgLinks, l.Key(), l, graph.MergeOrgLink)
}

// count handles a row of counts per Land.
func (ru *run) count() {
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
		return
	}
	ru.counts[code] = ru.line
	ru.b.StateCounts = append(ru.b.StateCounts, graph.StateCount{State: code, Partnerships: n, Sources: []graph.Source{ru.source()}})
}

// placeSlab is how many municipalities a slab of run.places holds.
const placeSlab = 1024

// place returns the municipality with index i in ru.places.
func (ru *run) place(i int) *graph.Municipality {
	return &ru.places[i/placeSlab][i%placeSlab]
}

// placesDone puts the municipalities read into the batch, in the order
// they were first named.
func (ru *run) placesDone() {
	if ru.nplaces == 0 {
		return
	}
	out := make([]graph.Municipality, 0, ru.nplaces)
	for _, slab := range ru.places {
		out = append(out, slab...)
	}
	ru.b.Municipalities = out
	ru.places = nil
}

// source1 returns a list of one source, cut from a shared backing array.
func (ru *run) source1(s graph.Source) []graph.Source {
	if len(ru.srcs) == 0 {
		ru.srcs = make([]graph.Source, 4096)
	}
	src := ru.srcs[:1:1]
	ru.srcs = ru.srcs[1:]
	src[0] = s
	return src
}

// addMunicipality puts a resolved end into the batch (once; the first line
// that names it is its source) and returns its ID.
func (ru *run) addMunicipality(e end) string {
	id := e.res.m.ID
	if i, ok := ru.muni[id]; ok {
		m := ru.place(i)
		if !e.res.german && e.res.m.Name != m.Name && !slices.Contains(m.AltNames, e.res.m.Name) {
			m.AltNames = append(m.AltNames, e.res.m.Name)
		}
		if !m.HasCoords && e.hasCoords {
			m.Lat, m.Lon, m.HasCoords = e.lat, e.lon, true
		}
		return id
	}
	m := e.res.m
	m.AltNames = slices.Clone(m.AltNames)
	if e.hasCoords {
		m.Lat, m.Lon, m.HasCoords = e.lat, e.lon, true
	}
	m.Sources = ru.source1(graph.Source{File: ru.file, Line: ru.line})
	if n := len(ru.places); n == 0 || len(ru.places[n-1]) == placeSlab {
		ru.places = append(ru.places, make([]graph.Municipality, 0, placeSlab))
	}
	last := &ru.places[len(ru.places)-1]
	*last = append(*last, m)
	ru.muni[id] = ru.nplaces
	ru.nplaces++
	return id
}
