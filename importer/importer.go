// Package importer reads partnership files — RGRE-style tables, pair lists,
// network memberships, links to international organisations and counts per
// Land — and turns them into a graph.Batch. It never touches a store: the
// caller applies the batch, in one transaction, or does not.
//
// A file is read as a stream, with memory bounded by the limits of package
// table (lines, cells) and by what the batch holds; with a LinkSink
// (Options.Links) the links go to it in chunks while the file is read, so
// that a Read holds one chunk of links, the places and a hash per link. Its encoding (UTF-8
// with or without BOM, UTF-16 with BOM, or Windows-1252, line by line) and
// its delimiter (comma, semicolon or tab) are detected; its kind is told
// from its header unless Options.Kind says it. German municipalities are resolved to their
// AGS through the built-in Destatis directory (every level: Gemeinde,
// Bezirk, Kreis, Verband), foreign places to the GeoNames world gazetteer,
// through the ranked lookup of package identity; places neither knows get
// an id from their folded name.
//
// Every physical line of a file is accounted for (Result.Lines): imported,
// merged into an earlier row's record, skipped as blank, header or title,
// or rejected with a problem that names the file, the line and the column,
// as "FILE:LINE:COL: column: what is wrong". A file with any invalid row
// yields no batch unless Options.SkipInvalid is set.
package importer

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/identity"
)

// Kind is the kind of input file.
type Kind string

// The input kinds. KindAuto tells the kind from the header.
const (
	KindAuto        Kind = ""            // detect from the header
	KindRGRE        Kind = "rgre"        // one row per link of a German municipality
	KindPairs       Kind = "pairs"       // two places and their countries per row
	KindMemberships Kind = "memberships" // municipality, network, since, role
	KindOrgLinks    Kind = "orglinks"    // municipality, organisation, topic, since
	KindCounts      Kind = "counts"      // partnerships reported per Land
	KindAliases     Kind = "aliases"     // two ids that are one place: id;same_as or alias;place
	// KindActors is a list of local actors (organisations of a
	// municipality's alliance): actor (name), optional id, type and home
	// municipality.
	KindActors Kind = "actors"
	// KindCooperations is a list of cooperations between actors: actor_a,
	// actor_b (an actor's id or name), optional kind, since, topics.
	KindCooperations Kind = "cooperations"
)

// Kinds lists the input kinds other than KindAuto.
func Kinds() []Kind {
	return []Kind{KindRGRE, KindPairs, KindMemberships, KindOrgLinks, KindCounts, KindAliases, KindActors, KindCooperations}
}

// ParseKind reads a kind name as given to --kind; "" and "auto" are KindAuto.
func ParseKind(s string) (Kind, error) {
	switch k := Kind(strings.ToLower(strings.TrimSpace(s))); k {
	case "auto":
		return KindAuto, nil
	case KindAuto, KindRGRE, KindPairs, KindMemberships, KindOrgLinks, KindCounts, KindAliases, KindActors, KindCooperations:
		return k, nil
	}
	return KindAuto, graph.Errorf(graph.EINVALID, "unknown kind %q (want rgre, pairs, memberships, orglinks, counts, aliases, actors or cooperations)", s)
}

// Options control a Read.
type Options struct {
	// Kind forces the kind of file; KindAuto tells it from the header.
	Kind Kind
	// Map maps fields to columns, as --map key=COL: COL is a header name
	// (any case) or a 1-based column number. Keys are the field names of
	// Fields, e.g. city_a, country_a, city_b, country_b, lat_a, lon_a,
	// lat_b, lon_b, kind, since, until for a pair list. A Map with city_a
	// makes an automatic Read a pair list.
	Map map[string]string
	// Set gives fixed values to fields, as --set key=VALUE, for files
	// that lack a column: network=Covenant of Mayors for a list of
	// signatories, country=DE. A column of the file wins over Set.
	Set map[string]string
	// SkipInvalid keeps the valid rows of a file with invalid ones; the
	// invalid rows are counted as rejected and listed. It also keeps a
	// link whose German end the reference data cannot place without
	// coordinates (several municipalities of about one size bear the
	// name, or none does): that end is imported as an unresolved place of
	// its own (identity.Unresolved: no AGS, no Land), reported with its
	// candidates and counted in IdentityCounts.UnresolvedRows; an alias
	// file can attach it later. Problems with the
	// whole file (not text, no header, missing columns, mixed encodings)
	// fail the Read all the same.
	SkipInvalid bool
	// Encoding names the encoding of every line (utf-8, windows-1252,
	// iso-8859-15, utf-16le, ...); "" tells it line by line: UTF-8 or
	// Windows-1252, and every line must agree (see package table).
	Encoding string
	// Today is the day no date may lie after; zero means today.
	Today graph.Date
	// Progress, if not nil, is called now and then while the rows are
	// read, with the bytes read so far and the total (-1 if unknown).
	Progress func(readBytes, totalBytes int64)
	// Size is the file's size in bytes if known (0 otherwise), for
	// Progress.
	Size int64
	// OnProblem, if not nil, is called with every problem as it is found,
	// in the order of the file: Result.Problems keeps only the first
	// MaxListed.
	OnProblem func(Problem)
	// OnReject, if not nil, is called with every rejected row as it is
	// found, in the order of the file, and the file's header:
	// Result.Rejected keeps only the first MaxListed.
	OnReject func(header []string, r Rejected)
	// Links, if not nil, takes the links of an RGRE table or a pair list
	// in chunks while the file is read (see LinkSink), so that a Read
	// holds at most LinkChunk of them: the batch then holds none. A Read
	// that fails may have given the sink links: the caller drops them
	// (a store's transaction is rolled back).
	Links LinkSink
	// ChunkLinks is how many links go to Links at a time; 0 means
	// LinkChunk.
	ChunkLinks int
}

// MaxListed is how many problems and rejected rows a Result keeps; the
// counts go on. Options.OnProblem and Options.OnReject see all of them.
const MaxListed = 1000

// Problem is one thing wrong with an input file.
type Problem struct {
	File   string // base name
	Line   int    // 1-based; 0 for problems with the whole file
	Col    int    // 1-based, in characters; 0 for the whole line
	Column string // the column's header, or the field's name; may be empty
	Msg    string
}

// String formats the problem as "FILE:LINE:COL: column: what is wrong",
// without COL for a problem with the whole line and without LINE for one
// with the whole file.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(p.Line))
		if p.Col > 0 {
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(p.Col))
		}
	}
	b.WriteString(": ")
	if p.Column != "" {
		b.WriteString(p.Column)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	return b.String()
}

// Rejected is an input row left out of the batch, with the reasons.
type Rejected struct {
	Line   int      // its first line
	Lines  int      // how many lines it spans
	Fields []string // its cells; nil when the line could not be split into cells
	Text   string   // the line as read, for a line that could not be split
	Reason string
}

// Lines accounts for every physical line of a file: Total is the sum of
// the others. A row spanning several lines (a quoted cell with line
// breaks) counts all of them.
type Lines struct {
	Total    int `json:"total"`
	Header   int `json:"header"`   // the header, and repeats of it further down
	Title    int `json:"title"`    // title lines above the header
	Blank    int `json:"blank"`    // lines without any text in any cell
	Imported int `json:"imported"` // rows that gave a record of their own
	Merged   int `json:"merged"`   // rows that named a record an earlier row of the file gave, merged into it
	Rejected int `json:"rejected"` // rows with problems; all lines of a file that could not be read
}

// Sum returns the lines accounted for; it equals Total.
func (l Lines) Sum() int {
	return l.Header + l.Title + l.Blank + l.Imported + l.Merged + l.Rejected
}

// Result is what a Read found.
type Result struct {
	Kind      Kind
	Encoding  string   // UTF-8, UTF-16, Windows-1252 or the encoding given
	LineEnds  string   // LF, CRLF, CR or mixed
	Delimiter rune     // ',', ';' or '\t'
	Header    []string // the header's cells as read
	Ignored   []string // header cells no field reads
	Rows      int      // data rows read: imported, merged and rejected
	Lines     Lines
	Batch     *graph.Batch
	// Problems lists the first MaxListed problems, in file order;
	// ProblemCount counts them all.
	Problems     []Problem
	ProblemCount int
	// Rejected lists the first MaxListed rejected rows; Lines.Rejected
	// and RejectedRows count them all.
	Rejected     []Rejected
	RejectedRows int
	// Identity says, per distinct place (name, country and Land cells and
	// the place taken), which place the cells were taken to mean and why,
	// in line order: the identity report. It is empty when the Importer
	// was told NoIdentityList; IdentityCounts counts it either way.
	Identity       []IdentityMatch
	IdentityCounts IdentityCounts
}

// IdentityCounts counts the lines of an identity report: the distinct
// places read, those known to the directory or the world gazetteer, the
// others, and those with a warning.
type IdentityCounts struct {
	Names    int `json:"names"`
	Known    int `json:"known"`
	Unknown  int `json:"unknown"`
	Warnings int `json:"warnings"`
	// Unresolved counts the German places among the unknown ones that the
	// reference data cannot place (identity.UnresolvedKind): imported as
	// places of their own, without AGS or Land.
	Unresolved int `json:"unresolved"`
	// UnresolvedRows counts the rows imported with such a place at an end,
	// rows that would otherwise be rejected.
	UnresolvedRows int `json:"unresolvedRows"`
}

// IdentityMatch is one line of the identity report: an input's name for a
// place, the place it was taken to mean and why.
type IdentityMatch struct {
	Line    int    `json:"line"` // the first line that names it so
	Name    string `json:"name"`
	Country string `json:"country"`
	State   string `json:"state,omitempty"`
	ID      string `json:"id"`    // the place taken
	Known   bool   `json:"known"` // in the directory or the world gazetteer
	How     string `json:"how"`   // why: the match and the ranking
	Warning string `json:"warning,omitempty"`

	unresolved bool // a German place the reference data cannot place
}

// WriteIdentity writes the identity report of res as CSV: line, name,
// country, state, id, known, how, warning.
func WriteIdentity(w io.Writer, res *Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"file", "line", "name", "country", "state", "id", "known", "how", "warning"}); err != nil {
		return fmt.Errorf("write identity report: %w", err)
	}
	file := ""
	if res.Batch != nil {
		file = res.Batch.Import.File
	}
	for _, m := range res.Identity {
		if err := cw.Write([]string{file, strconv.Itoa(m.Line), m.Name, m.Country, m.State, m.ID, strconv.FormatBool(m.Known), m.How, m.Warning}); err != nil {
			return fmt.Errorf("write identity report: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write identity report: %w", err)
	}
	return nil
}

// ProblemsError is the error of a Read that found problems: the first
// MaxListed of them, in file order, and their count. Its code is
// graph.EINVALID.
type ProblemsError struct {
	File     string
	Problems []Problem
	Count    int
}

// Error lists the problems one per line.
func (e *ProblemsError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(p.String())
	}
	if n := e.Count - len(e.Problems); n > 0 {
		fmt.Fprintf(&b, "\n%s: and %d more problem(s)", e.File, n)
	}
	return b.String()
}

// Unwrap returns a *graph.Error with code EINVALID, so graph.ErrorCode
// works on a ProblemsError.
func (e *ProblemsError) Unwrap() error {
	return &graph.Error{Code: graph.EINVALID, Op: "import " + e.File,
		Message: fmt.Sprintf("%d problem(s)", max(e.Count, len(e.Problems)))}
}

// Importer reads files into batches. It holds the reference data and no
// other state: one Importer may serve concurrent Reads.
type Importer struct {
	ref *identity.Reference
	// NoIdentityList makes Read count the identity report
	// (Result.IdentityCounts) without listing it (Result.Identity): the
	// list is sorted by line, which costs time on a large file.
	NoIdentityList bool
}

// New returns an Importer resolving places through the identity layer
// over dir and countries (both not nil) and the world gazetteer, loaded on
// first use.
func New(dir *gazetteer.Directory, countries *gazetteer.Countries) *Importer {
	return &Importer{ref: identity.New(dir, countries)}
}

// NewWith returns an Importer resolving places through ref.
func NewWith(ref *identity.Reference) *Importer { return &Importer{ref: ref} }

// WriteRejects writes the rejected rows res lists as CSV (RFC 4180): the
// input's header plus the columns "line" and "reason", then one row per
// rejected row; a line that could not be split into cells gives its text
// as the first cell.
func WriteRejects(w io.Writer, res *Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(RejectsHeader(res.Header)); err != nil {
		return fmt.Errorf("write rejects: %w", err)
	}
	for _, r := range res.Rejected {
		if err := cw.Write(r.Row(len(res.Header))); err != nil {
			return fmt.Errorf("write rejects: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write rejects: %w", err)
	}
	return nil
}

// RejectsHeader returns the header of a list of rejected rows: the input's
// header, "line" and "reason".
func RejectsHeader(header []string) []string {
	return append(append(make([]string, 0, len(header)+2), header...), "line", "reason")
}

// Row returns a rejected row as a row of a list of them (see
// RejectsHeader) for an input whose header has n cells.
func (r Rejected) Row(n int) []string {
	cells := r.Fields
	if cells == nil {
		cells = []string{r.Text}
	}
	rec := make([]string, 0, max(n, len(cells))+2)
	rec = append(rec, cells...)
	for len(rec) < n {
		rec = append(rec, "")
	}
	return append(rec, strconv.Itoa(r.Line), r.Reason)
}
