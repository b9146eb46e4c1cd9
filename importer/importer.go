// Package importer reads partnership files — RGRE-style tables, pair lists,
// network memberships, links to international organisations and counts per
// Land — and turns them into a graph.Batch. It never touches a store: the
// caller applies the batch, in one transaction, or does not.
//
// A file is read whole. Its encoding (UTF-8 with or without BOM, UTF-16
// with BOM, or Windows-1252) and its delimiter (comma, semicolon or tab)
// are detected; its kind is told from its header unless Options.Kind says
// it. German municipalities are resolved to their AGS through the built-in
// Destatis directory (every level: Gemeinde, Bezirk, Kreis, Verband),
// foreign places to the GeoNames world gazetteer, through the ranked
// lookup of package identity; places neither knows get an id from their
// folded name.
//
// Every problem is reported with the file, the line and the column, as
// "FILE:LINE: column: what is wrong". A file with any invalid row yields no
// batch unless Options.SkipInvalid is set.
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
)

// Kinds lists the input kinds other than KindAuto.
func Kinds() []Kind {
	return []Kind{KindRGRE, KindPairs, KindMemberships, KindOrgLinks, KindCounts}
}

// ParseKind reads a kind name as given to --kind; "" and "auto" are KindAuto.
func ParseKind(s string) (Kind, error) {
	switch k := Kind(strings.ToLower(strings.TrimSpace(s))); k {
	case "auto":
		return KindAuto, nil
	case KindAuto, KindRGRE, KindPairs, KindMemberships, KindOrgLinks, KindCounts:
		return k, nil
	}
	return KindAuto, graph.Errorf(graph.EINVALID, "unknown kind %q (want rgre, pairs, memberships, orglinks or counts)", s)
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
	// invalid rows are listed in Result.Rejected.
	SkipInvalid bool
	// Progress, if not nil, is called now and then while the rows are
	// read, with the bytes read so far and the total (-1 if unknown).
	Progress func(readBytes, totalBytes int64)
	// Size is the file's size in bytes if known (0 otherwise); it is a
	// hint for reading.
	Size int64
}

// Problem is one thing wrong with an input file.
type Problem struct {
	File   string // base name
	Line   int    // 1-based; 0 for problems with the whole file
	Column string // the column's header, or the field's name; may be empty
	Msg    string
}

// String formats the problem as "FILE:LINE: column: what is wrong", or
// "FILE: what is wrong" for the whole file.
func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.File)
	if p.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(p.Line))
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
	Line   int
	Fields []string
	Reason string
}

// Result is what a Read found.
type Result struct {
	Kind      Kind
	Encoding  string   // UTF-8, UTF-16 or Windows-1252
	Delimiter rune     // ',', ';' or '\t'
	Header    []string // the header's cells as read
	Rows      int      // data rows read
	Batch     *graph.Batch
	Problems  []Problem
	Rejected  []Rejected
	// Identity says, per distinct place (name, country and Land cells and
	// the place taken), which place the cells were taken to mean and why,
	// in line order: the identity report.
	Identity []IdentityMatch
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

// ProblemsError is the error of a Read that found problems: every one of
// them, in file order. Its code is graph.EINVALID.
type ProblemsError struct {
	File     string
	Problems []Problem
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
	return b.String()
}

// Unwrap returns a *graph.Error with code EINVALID, so graph.ErrorCode
// works on a ProblemsError.
func (e *ProblemsError) Unwrap() error {
	return &graph.Error{Code: graph.EINVALID, Op: "import " + e.File,
		Message: fmt.Sprintf("%d problem(s)", len(e.Problems))}
}

// Importer reads files into batches. It holds the reference data and no
// other state: one Importer may serve concurrent Reads.
type Importer struct {
	ref *identity.Reference
}

// New returns an Importer resolving places through the identity layer
// over dir and countries (both not nil) and the world gazetteer, loaded on
// first use.
func New(dir *gazetteer.Directory, countries *gazetteer.Countries) *Importer {
	return &Importer{ref: identity.New(dir, countries)}
}

// NewWith returns an Importer resolving places through ref.
func NewWith(ref *identity.Reference) *Importer { return &Importer{ref: ref} }

// WriteRejects writes the rejected rows of res as CSV: the input's header
// plus a column "reason", then one row per rejected line.
func WriteRejects(w io.Writer, res *Result) error {
	cw := csv.NewWriter(w)
	n := len(res.Header)
	head := append(append(make([]string, 0, n+1), res.Header...), "reason")
	if err := cw.Write(head); err != nil {
		return fmt.Errorf("write rejects: %w", err)
	}
	for _, r := range res.Rejected {
		rec := make([]string, 0, max(n, len(r.Fields))+1)
		rec = append(rec, r.Fields...)
		for len(rec) < n {
			rec = append(rec, "")
		}
		rec = append(rec, r.Reason)
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write rejects: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write rejects: %w", err)
	}
	return nil
}
