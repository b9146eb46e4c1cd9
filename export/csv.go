package export

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/suggest"
)

// Dialect is a kind of CSV.
type Dialect int

// The CSV dialects.
const (
	// Excel is CSV as Excel with German settings opens it by double click:
	// UTF-8 with a byte order mark (else Excel reads Windows-1252),
	// semicolons (the German list separator), CRLF, decimal commas, and
	// every text cell that starts with =, +, -, @, a tab or a carriage
	// return prefixed with an apostrophe so that Excel shows it as text
	// instead of running it as a formula (CSV injection). Numbers stay
	// numbers.
	Excel Dialect = iota
	// RFC4180 is plain CSV for programs: UTF-8 without BOM, commas, CRLF,
	// decimal points, every value as it is.
	RFC4180
)

// Dialects lists the dialect names ParseDialect accepts.
func Dialects() []string { return []string{"excel", "rfc4180"} }

// String returns the dialect's name.
func (d Dialect) String() string {
	if d == RFC4180 {
		return "rfc4180"
	}
	return "excel"
}

// ParseDialect reads a dialect name: "excel" or "rfc4180" (any case; "" is
// excel). Errors: EINVALID, with a suggestion.
func ParseDialect(s string) (Dialect, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "excel":
		return Excel, nil
	case "rfc4180", "rfc-4180", "plain":
		return RFC4180, nil
	}
	return Excel, graph.Errorf(graph.EINVALID, "unknown CSV dialect %q%s; want excel or rfc4180", s, suggest.DidYouMean(s, Dialects()))
}

// Table writes one CSV table row by row in a dialect.
type Table struct {
	cw  *csv.Writer
	d   Dialect
	rec []string
}

// NewTable starts a table on w with its header row (and, for Excel, the
// byte order mark).
func NewTable(w io.Writer, d Dialect, header ...string) (*Table, error) {
	if d == Excel {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return nil, err
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if d == Excel {
		cw.Comma = ';'
	}
	t := &Table{cw: cw, d: d}
	return t, t.Row(header...)
}

// Row writes one row; in the Excel dialect text cells that Excel would run
// as a formula are neutralised (see Excel).
func (t *Table) Row(cells ...string) error {
	t.rec = append(t.rec[:0], cells...)
	if t.d == Excel {
		for i, c := range t.rec {
			t.rec[i] = Neutralise(c)
		}
	}
	return t.cw.Write(t.rec)
}

// Float formats a decimal number for the dialect ("8,466" in Excel,
// "8.466" in RFC 4180); "" when !ok.
func (t *Table) Float(v float64, ok bool) string {
	if !ok {
		return ""
	}
	s := strconv.FormatFloat(v, 'f', -1, 64)
	if t.d == Excel {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Close flushes the table and reports the first write error.
func (t *Table) Close() error {
	t.cw.Flush()
	return t.cw.Error()
}

// Neutralise returns cell prefixed with an apostrophe when it starts with
// =, +, -, @, a tab or a carriage return and is not a plain number
// ("-12,5" stays, "=HYPERLINK(...)" and "-1+1" do not), so that Excel and
// LibreOffice show it as text (OWASP's advice against CSV injection).
func Neutralise(cell string) string {
	if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) || isNumber(cell) {
		return cell
	}
	return "'" + cell
}

// isNumber reports whether s is a plain decimal number with an optional
// sign and at most one decimal point or comma.
func isNumber(s string) bool {
	if s[0] == '+' || s[0] == '-' {
		s = s[1:]
	}
	digits, sep := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case (c == '.' || c == ',') && !sep:
			sep = true
		default:
			return false
		}
	}
	return digits > 0
}

func endName(g *Graph, id string) (name, country, state string) {
	if p := g.place(id); p != nil {
		return p.Name, p.Country, p.State
	}
	return "", "", ""
}

// WritePartnershipsCSV writes one row per partnership: source,
// source_name, source_country, source_state, target, target_name,
// target_country, target_state, kind, since, until, status, topics (joined
// by "|").
func WritePartnershipsCSV(w io.Writer, g Graph, d Dialect) error {
	t, err := NewTable(w, d, "source", "source_name", "source_country", "source_state", "target", "target_name",
		"target_country", "target_state", "kind", "since", "until", "status", "topics")
	if err != nil {
		return errWrite("csv", err)
	}
	err = walk(g.Partnerships, func(l *graph.Partnership) error {
		an, ac, as := endName(&g, l.A)
		bn, bc, bs := endName(&g, l.B)
		return t.Row(l.A, an, ac, as, l.B, bn, bc, bs, string(l.Kind), l.Since.String(), l.Until.String(),
			string(l.CurrentStatus()), strings.Join(l.Topics, "|"))
	})
	return closeTable(t, err)
}

// WritePlacesCSV writes one row per place: id, name, alt_names (joined by
// "|"), country, state, region, ags, kreis, population, lat, lon, level,
// geonames_id (the world gazetteer's place, empty when none) and wikidata
// (the QID an input gave).
func WritePlacesCSV(w io.Writer, g Graph, d Dialect) error {
	t, err := NewTable(w, d, "id", "name", "alt_names", "country", "state", "region", "ags", "kreis", "population", "lat", "lon", "level",
		"geonames_id", "wikidata")
	if err != nil {
		return errWrite("csv", err)
	}
	err = walk(g.Places, func(n *graph.Municipality) error {
		return t.Row(n.ID, n.Name, strings.Join(n.AltNames, "|"), n.Country, n.State, n.Region, n.AGS, n.Kreis,
			itoa0(n.Population), t.Float(n.Lat, n.HasCoords), t.Float(n.Lon, n.HasCoords), n.Level,
			itoa0(int(n.GeoNamesID)), n.Wikidata)
	})
	return closeTable(t, err)
}

// WriteMembershipsCSV writes one row per network membership: municipality,
// municipality_name, country, network, network_name, since, until, role.
func WriteMembershipsCSV(w io.Writer, g Graph, d Dialect) error {
	t, err := NewTable(w, d, "municipality", "municipality_name", "country", "network", "network_name", "since", "until", "role")
	if err != nil {
		return errWrite("csv", err)
	}
	err = walk(g.Memberships, func(m *graph.Membership) error {
		name, country, _ := endName(&g, m.Municipality)
		return t.Row(m.Municipality, name, country, m.Network, g.networkName(m.Network), m.Since.String(), m.Until.String(), m.Role)
	})
	return closeTable(t, err)
}

// WriteOrgLinksCSV writes one row per link to an international
// organisation: municipality, municipality_name, country, organisation,
// organisation_name, topic, since.
func WriteOrgLinksCSV(w io.Writer, g Graph, d Dialect) error {
	t, err := NewTable(w, d, "municipality", "municipality_name", "country", "organisation", "organisation_name", "topic", "since")
	if err != nil {
		return errWrite("csv", err)
	}
	err = walk(g.OrgLinks, func(l *graph.OrgLink) error {
		name, country, _ := endName(&g, l.Municipality)
		return t.Row(l.Municipality, name, country, l.Organisation, g.organisationName(l.Organisation), l.Topic, l.Since.String())
	})
	return closeTable(t, err)
}

func closeTable(t *Table, err error) error {
	if cerr := t.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return errWrite("csv", err)
	}
	return nil
}
