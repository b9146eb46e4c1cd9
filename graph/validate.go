package graph

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode/utf8"
)

// The rules every stored record obeys, in one place. Both stores call
// Batch.Validate before they write and check the ends a batch names with
// Batch.Refs and Refs.Check inside their write transaction; the importer and
// the mutations ask the same rules of the records they build, so that a
// batch one store takes the other takes too.

// Rule names one rule of Validate. The names are stable: a caller may
// match on them (the importer does, to put a problem in the right column).
type Rule string

// The rules.
const (
	RuleEmptyID        Rule = "EMPTY_ID"        // a municipality, network or organisation without id; a state count without state
	RuleEmptyEnd       Rule = "EMPTY_END"       // a link with an empty end
	RuleSelfLink       Rule = "SELF_LINK"       // a partnership of a place with itself
	RuleUnknownKind    Rule = "UNKNOWN_KIND"    // a partnership kind other than the four
	RuleUnknownStatus  Rule = "UNKNOWN_STATUS"  // a status other than ACTIVE, PAUSED, ENDED (empty is unknown)
	RuleInvalidDate    Rule = "INVALID_DATE"    // a date that names no real year, month or day (Date.Valid)
	RuleBadCoordinates Rule = "BAD_COORDINATES" // latitude outside ±90 or longitude outside ±180
	RuleNegative       Rule = "NEGATIVE"        // a negative population or count
	RuleBadText        Rule = "BAD_TEXT"        // text that is not UTF-8
	RuleUnknownEnd     Rule = "UNKNOWN_END"     // a link to an id neither in the batch nor in the store (Refs.Check)
	RuleBadQID         Rule = "BAD_QID"         // a Wikidata id that is not Q and digits
	RuleAliasConflict  Rule = "ALIAS_CONFLICT"  // one alias id given as two places
)

// Problem is one broken rule: which record, which of its fields, what is
// wrong.
type Problem struct {
	Rule    Rule
	Record  string // "partnership DE:05315000-FR:lille", `municipality "Nowhere"`
	Field   string // the field as the JSON form names it: "id", "a", "b", "kind", "since", ...
	Message string // what is wrong, for a user: "a place cannot partner itself"
}

// String returns "record: message".
func (p Problem) String() string { return p.Record + ": " + p.Message }

// problems collects the Problems of one record. The record's name is
// made only when there is a problem, so that checking a valid record
// allocates nothing: "what a" for a record with id a (`what "b"`, by its
// name b, when a is empty), "what a<join>b" for a link from a to b (with
// the ends quoted when one is empty).
type problems struct {
	list             []Problem
	what, a, join, b string
	link             bool
	name             string
}

// recordProblems returns problems for a record of kind what with id id and name
// name.
func recordProblems(what, id, name string) problems { return problems{what: what, a: id, b: name} }

// linkProblems returns problems for a link of kind what from a to b.
func linkProblems(what, join, a, b string) problems {
	return problems{what: what, a: a, join: join, b: b, link: true}
}

func (ps *problems) recordName() string {
	switch {
	case ps.link && (ps.a == "" || ps.b == ""):
		return fmt.Sprintf("%s %q%s%q", ps.what, ps.a, ps.join, ps.b)
	case ps.link:
		return strings.ToValidUTF8(ps.what+" "+ps.a+ps.join+ps.b, "\ufffd")
	case ps.a == "":
		return fmt.Sprintf("%s %q", ps.what, ps.b)
	}
	return strings.ToValidUTF8(ps.what+" "+ps.a, "\ufffd")
}

func (ps *problems) add(r Rule, field, format string, args ...any) {
	if ps.name == "" {
		ps.name = ps.recordName()
	}
	ps.list = append(ps.list, Problem{Rule: r, Record: ps.name, Field: field, Message: fmt.Sprintf(format, args...)})
}

// date files an invalid date.
func (ps *problems) date(field string, d Date) {
	if !d.Valid() {
		ps.add(RuleInvalidDate, field, "invalid date %s %s", field, formatRaw(d))
	}
}

// period files invalid dates. An until before the since is not a
// problem of a batch: two sources of one link may disagree, and their
// merge keeps both dates (see PeriodProblem).
func (ps *problems) period(since, until Date) {
	ps.date("since", since)
	ps.date("until", until)
}

// text files text that is not UTF-8 among a record's strings (ids, names,
// tags and its sources' files and ids): one store would keep the bytes as
// they are, the other replace them.
func (ps *problems) text(ok bool) {
	if !ok {
		ps.add(RuleBadText, "", "text that is not UTF-8")
	}
}

func validUTF8(texts ...string) bool {
	for _, t := range texts {
		if !utf8.ValidString(t) {
			return false
		}
	}
	return true
}

func validSources(srcs []Source) bool {
	for _, s := range srcs {
		if !utf8.ValidString(s.File) || !utf8.ValidString(s.SourceID) {
			return false
		}
	}
	return true
}

// emptyEnd files a link from a to b (its ends named aField and bField)
// with an empty end, and reports whether it did.
func (ps *problems) emptyEnd(aField, bField, a, b string) bool {
	if a != "" && b != "" {
		return false
	}
	field := aField
	if a != "" {
		field = bField
	}
	ps.add(RuleEmptyEnd, field, "empty end")
	return true
}

// formatRaw writes a date as its parts, also when they name no day.
func formatRaw(d Date) string {
	if d.Valid() {
		return d.String()
	}
	s := fmt.Sprintf("%04d", d.Year)
	if d.Month != 0 || d.Day != 0 {
		s += fmt.Sprintf("-%02d", d.Month)
	}
	if d.Day != 0 {
		s += fmt.Sprintf("-%02d", d.Day)
	}
	return s
}

// PeriodProblem says what is wrong with one source's record that runs
// from since to until: "" when nothing is, else that it ends before it
// begins. Unknown and invalid dates are never wrong here (invalid ones are
// a problem of their own). The importer checks every row with it and the
// mutations the link they would leave; Validate does not, since records
// merged from two sources may disagree.
func PeriodProblem(since, until Date) string {
	if !since.IsZero() && !until.IsZero() && since.Valid() && until.Valid() && until.Before(since) {
		return fmt.Sprintf("ends (%s) before it begins (%s)", until, since)
	}
	return ""
}

// ValidQID reports whether s is a Wikidata item id: "Q", then digits
// without a leading zero.
func ValidQID(s string) bool {
	if len(s) < 2 || len(s) > 12 || s[0] != 'Q' || s[1] == '0' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// SelfLink reports whether a link from a to b joins a place with itself.
func SelfLink(a, b string) bool { return a != "" && a == b }

// Problems lists what is wrong with m.
func (m Municipality) Problems() []Problem {
	ps := recordProblems("municipality", m.ID, m.Name)
	if m.ID == "" {
		ps.add(RuleEmptyID, "id", "no id")
	}
	if m.HasCoords && !(math.Abs(m.Lat) <= 90 && math.Abs(m.Lon) <= 180) {
		ps.add(RuleBadCoordinates, "lat", "coordinates %g, %g out of range (latitude ±90, longitude ±180)", m.Lat, m.Lon)
	}
	if m.Population < 0 {
		ps.add(RuleNegative, "population", "negative population %d", m.Population)
	}
	if m.GeoNamesID < 0 {
		ps.add(RuleNegative, "geonamesId", "negative GeoNames id %d", m.GeoNamesID)
	}
	if m.Wikidata != "" && !ValidQID(m.Wikidata) {
		ps.add(RuleBadQID, "wikidata", "%q is not a Wikidata item id (want Q and digits, e.g. Q1899)", m.Wikidata)
	}
	ps.text(validUTF8(m.ID, m.Name, m.Country, m.Region, m.AGS, m.State, m.KreisCode, m.Kreis, m.Level) &&
		validUTF8(m.AltNames...) && validSources(m.Sources))
	return ps.list
}

// Problems lists what is wrong with p.
func (p Partnership) Problems() []Problem {
	ps := linkProblems("partnership", "-", p.A, p.B)
	if !ps.emptyEnd("a", "b", p.A, p.B) && SelfLink(p.A, p.B) {
		ps.add(RuleSelfLink, "b", "a place cannot partner itself")
	}
	if !p.Kind.Valid() {
		ps.add(RuleUnknownKind, "kind", "unknown kind %q (want PARTNERSHIP, FRIENDSHIP, CONTACT or PROJECT)", p.Kind)
	}
	if p.Status != "" && !p.Status.Valid() {
		ps.add(RuleUnknownStatus, "status", "unknown status %q (want ACTIVE, PAUSED or ENDED)", p.Status)
	}
	ps.period(p.Since, p.Until)
	texts := validUTF8(p.A, p.B) && validUTF8(p.Topics...) && validSources(p.Sources)
	for _, e := range p.Events {
		if !e.Status.Valid() {
			ps.add(RuleUnknownStatus, "events", "an event with unknown status %q (want ACTIVE, PAUSED or ENDED)", e.Status)
		}
		ps.date("event date", e.Date)
		texts = texts && validUTF8(e.Reason) && validSources([]Source{e.Source})
	}
	for _, c := range p.Claims {
		if c.Status != "" && !c.Status.Valid() {
			ps.add(RuleUnknownStatus, "claims", "a claim with unknown status %q (want ACTIVE, PAUSED or ENDED)", c.Status)
		}
		ps.period(c.Since, c.Until)
		texts = texts && validUTF8(c.Topics...) && validSources([]Source{c.Source})
	}
	ps.text(texts)
	return ps.list
}

// Problems lists what is wrong with n.
func (n Network) Problems() []Problem { return named("network", n.ID, n.Name) }

// Problems lists what is wrong with o.
func (o Organisation) Problems() []Problem {
	return named("organisation", o.ID, o.Name, o.Type, o.Municipality)
}

// Problems lists what is wrong with c: an empty end, a link of an
// organisation with itself, an invalid date, text that is not UTF-8.
func (c Cooperation) Problems() []Problem {
	ps := linkProblems("cooperation", " with ", c.A, c.B)
	ps.emptyEnd("a", "b", c.A, c.B)
	if c.A != "" && c.A == c.B {
		ps.add(RuleSelfLink, "b", "an organisation cannot cooperate with itself")
	}
	ps.date("since", c.Since)
	ps.text(validUTF8(c.A, c.B, c.Kind) && validUTF8(c.Topics...) && validSources(c.Sources))
	return ps.list
}

// named checks a network or organisation (what); more are its other
// text fields.
func named(what, id, name string, more ...string) []Problem {
	ps := recordProblems(what, id, name)
	if id == "" {
		ps.add(RuleEmptyID, "id", "no id")
	}
	ps.text(validUTF8(id, name) && validUTF8(more...))
	return ps.list
}

// Problems lists what is wrong with m.
func (m Membership) Problems() []Problem {
	ps := linkProblems("membership", " in ", m.Municipality, m.Network)
	ps.emptyEnd("municipality", "network", m.Municipality, m.Network)
	ps.period(m.Since, m.Until)
	ps.text(validUTF8(m.Municipality, m.Network, m.Role) && validSources(m.Sources))
	return ps.list
}

// Problems lists what is wrong with l.
func (l OrgLink) Problems() []Problem {
	ps := linkProblems("organisation link", " with ", l.Municipality, l.Organisation)
	ps.emptyEnd("municipality", "organisation", l.Municipality, l.Organisation)
	ps.date("since", l.Since)
	ps.text(validUTF8(l.Municipality, l.Organisation, l.Topic) && validSources(l.Sources))
	return ps.list
}

// Problems lists what is wrong with c.
func (c StateCount) Problems() []Problem {
	ps := recordProblems("state count", c.State, "")
	if c.State == "" {
		ps.add(RuleEmptyID, "state", "no state")
	}
	if c.Partnerships < 0 {
		ps.add(RuleNegative, "partnerships", "negative count %d", c.Partnerships)
	}
	ps.text(validUTF8(c.State) && validSources(c.Sources))
	return ps.list
}

// Problems lists what is wrong with c.
func (c ReportedCount) Problems() []Problem {
	ps := recordProblems("reported count", c.Key(), "")
	if c.Scope == "" {
		ps.add(RuleEmptyID, "scope", "no scope (DE or a Land code)")
	}
	if c.Count < 0 {
		ps.add(RuleNegative, "count", "negative count %d", c.Count)
	}
	ps.date("asOf", c.AsOf)
	ps.text(validUTF8(c.Scope, c.Country, c.What) && validSources(c.Sources))
	return ps.list
}

// Problems lists every broken rule of b's records, in the order of b's
// lists (municipalities, partnerships, networks, memberships,
// organisations, organisation links, state counts) and of the records in
// them. It checks each record as given; whether the ends of the links
// exist is for Refs and Refs.Check.
func (b *Batch) Problems() []Problem {
	var ps []Problem
	if imp := b.Import; !validUTF8(imp.File, imp.SHA256, imp.Kind) {
		ps = append(ps, Problem{Rule: RuleBadText, Record: "import record", Message: "text that is not UTF-8"})
	}
	for _, m := range b.Municipalities {
		ps = append(ps, m.Problems()...)
	}
	for _, p := range b.Partnerships {
		ps = append(ps, p.Problems()...)
	}
	for _, n := range b.Networks {
		ps = append(ps, n.Problems()...)
	}
	for _, m := range b.Memberships {
		ps = append(ps, m.Problems()...)
	}
	for _, o := range b.Organisations {
		ps = append(ps, o.Problems()...)
	}
	for _, l := range b.OrgLinks {
		ps = append(ps, l.Problems()...)
	}
	for _, c := range b.Cooperations {
		ps = append(ps, c.Problems()...)
	}
	for _, c := range b.StateCounts {
		ps = append(ps, c.Problems()...)
	}
	for _, c := range b.ReportedCounts {
		ps = append(ps, c.Problems()...)
	}
	for _, a := range b.Aliases {
		ps = append(ps, a.Problems()...)
	}
	return append(ps, aliasConflicts(b.Aliases)...)
}

// maxListed is how many problems or unknown ids an error names.
const maxListed = 5

// Validate checks every record of b by the rules of this file (see Rule)
// and returns nil or an EINVALID *Error whose message lists the first
// problems, in the order of Problems, and how many more there are. Both
// stores call it before they write, and so reject the same batches; the
// ends a batch names are checked against the store with Refs and
// Refs.Check.
func (b *Batch) Validate() error {
	return ProblemsError(b.Problems())
}

// ProblemsError returns nil for no problems, else an EINVALID *Error that
// lists the first few.
func ProblemsError(ps []Problem) error {
	if len(ps) == 0 {
		return nil
	}
	msgs := make([]string, 0, min(len(ps), maxListed))
	for _, p := range ps[:min(len(ps), maxListed)] {
		msgs = append(msgs, p.String())
	}
	msg := strings.Join(msgs, "; ")
	if len(ps) > maxListed {
		msg += fmt.Sprintf("; and %d more", len(ps)-maxListed)
	}
	return Errorf(EINVALID, "%s", msg)
}

// RefKind says what kind of record an id refers to.
type RefKind int

// The kinds of records links refer to.
const (
	RefMunicipality RefKind = iota
	RefNetwork
	RefOrganisation
)

// String returns the plural noun of the kind: "municipalities".
func (k RefKind) String() string {
	switch k {
	case RefNetwork:
		return "networks"
	case RefOrganisation:
		return "organisations"
	}
	return "municipalities"
}

// Refs are the ids the links of a batch name that the batch itself does
// not hold: the records the store must hold already for the batch to be
// valid.
type Refs struct {
	Municipalities []string
	Networks       []string
	Organisations  []string
	// Where holds, for the organisations that cooperations name, the
	// source of the first cooperation naming each (when it has a file), so
	// that Check can point at the line of an unknown actor.
	Where map[string]Source
}

// Refs returns the ids that b's partnerships, memberships and organisation
// links name and b's own lists lack, each once, in the order of first
// mention.
func (b *Batch) Refs() Refs {
	var r Refs
	munis := make(map[string]bool, len(b.Municipalities))
	for _, m := range b.Municipalities {
		munis[m.ID] = true
	}
	nets := map[string]bool{}
	for _, n := range b.Networks {
		nets[n.ID] = true
	}
	orgs := map[string]bool{}
	for _, o := range b.Organisations {
		orgs[o.ID] = true
	}
	need := func(list *[]string, have map[string]bool, id string) {
		if !have[id] {
			have[id] = true // once
			*list = append(*list, id)
		}
	}
	for _, p := range b.Partnerships {
		need(&r.Municipalities, munis, p.A)
		need(&r.Municipalities, munis, p.B)
	}
	for _, m := range b.Memberships {
		need(&r.Municipalities, munis, m.Municipality)
		need(&r.Networks, nets, m.Network)
	}
	for _, l := range b.OrgLinks {
		need(&r.Municipalities, munis, l.Municipality)
		need(&r.Organisations, orgs, l.Organisation)
	}
	for _, o := range b.Organisations {
		if o.Municipality != "" {
			need(&r.Municipalities, munis, o.Municipality)
		}
	}
	for _, c := range b.Cooperations {
		for _, id := range []string{c.A, c.B} {
			if !orgs[id] && len(c.Sources) > 0 && c.Sources[0].File != "" {
				if r.Where == nil {
					r.Where = map[string]Source{}
				}
				r.Where[id] = c.Sources[0]
			}
			need(&r.Organisations, orgs, id)
		}
	}
	for _, a := range b.Aliases {
		need(&r.Municipalities, munis, a.Place)
	}
	return r
}

// Check asks missing which of the ids the store lacks, kind by kind, and
// returns nil when it lacks none, else an EINVALID *Error that names the
// unknown ids (sorted, the first few of each kind). missing returns the
// ids of the given kind that the store does not hold; its error is
// returned as it is.
func (r Refs) Check(missing func(kind RefKind, ids []string) ([]string, error)) error {
	var parts []string
	for _, c := range []struct {
		kind RefKind
		ids  []string
	}{{RefMunicipality, r.Municipalities}, {RefNetwork, r.Networks}, {RefOrganisation, r.Organisations}} {
		if len(c.ids) == 0 {
			continue
		}
		unknown, err := missing(c.kind, c.ids)
		if err != nil {
			return err
		}
		if len(unknown) == 0 {
			continue
		}
		unknown = slices.Clone(unknown)
		slices.Sort(unknown)
		listed := slices.Clone(unknown[:min(len(unknown), maxListed)])
		if c.kind == RefOrganisation {
			for i, id := range listed {
				if src, ok := r.Where[id]; ok {
					listed[i] = fmt.Sprintf("%s (%s:%d)", id, src.File, src.Line)
				}
			}
		}
		msg := "unknown " + c.kind.String() + ": " + strings.Join(listed, ", ")
		if len(unknown) > maxListed {
			msg += fmt.Sprintf(" and %d more", len(unknown)-maxListed)
		}
		parts = append(parts, msg)
	}
	if len(parts) > 0 {
		return Errorf(EINVALID, "the batch names %s", strings.Join(parts, "; "))
	}
	return nil
}
