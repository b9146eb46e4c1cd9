package identity

import (
	"fmt"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"golang.org/x/text/unicode/norm"
)

// CodeAmbiguous is the error code of a name that means several places of
// a graph; the error is an *AmbiguousError listing them.
const CodeAmbiguous = "AMBIGUOUS"

// AmbiguousError is a lookup that found several places and no rule to
// choose: the candidates, best first, with country, region and population.
type AmbiguousError struct {
	Query      string
	Candidates []graph.Municipality
	err        *graph.Error
}

func (e *AmbiguousError) Error() string { return e.err.Error() }

// Unwrap returns the *graph.Error with code CodeAmbiguous.
func (e *AmbiguousError) Unwrap() error { return e.err }

// Index finds the places of a graph (a projection's nodes) by id, AGS or
// name in any spelling the graph or the reference data knows: its own
// names, the directory's (Muenchen, Frankfurt an der Oder), GeoNames'
// (Kiew, Kyjiw, Київ, Munich). It ranks the candidates with Rank, so the
// CLI, the API and the export filters answer alike. An Index is not
// changed after NewIndex and is safe for concurrent use.
type Index struct {
	ref   *Reference
	nodes Places
	byID  map[string]int32
	byAGS map[string]int32   // municipalities (not their Bezirke)
	names map[string][]int32 // NameKeys of every name -> nodes
}

// Places is what an Index searches: the places of a graph by index, as
// an analytics.Projection gives them.
type Places interface {
	N() int
	Node(i int32) *graph.Municipality
}

// PlaceList is a slice of places as Places.
type PlaceList []graph.Municipality

// N returns the number of places.
func (l PlaceList) N() int { return len(l) }

// Node returns place i.
func (l PlaceList) Node(i int32) *graph.Municipality { return &l[i] }

// NewIndex indexes nodes (kept, not copied). ref may be nil: then only
// the graph's own names are searched.
func NewIndex(ref *Reference, nodes Places) *Index {
	n := nodes.N()
	x := &Index{ref: ref, nodes: nodes, byID: make(map[string]int32, n),
		byAGS: map[string]int32{}, names: make(map[string][]int32, 2*n)}
	for i := range n {
		m := nodes.Node(int32(i))
		x.byID[m.ID] = int32(i)
		if m.AGS != "" && m.ID == "DE:"+m.AGS {
			x.byAGS[m.AGS] = int32(i)
		}
		for _, n := range append([]string{m.Name}, m.AltNames...) {
			for _, k := range NameKeysOf(n) {
				if l := x.names[k]; len(l) == 0 || l[len(l)-1] != int32(i) {
					x.names[k] = append(l, int32(i))
				}
			}
		}
	}
	return x
}

// NameKeysOf returns the search keys of a name (gazetteer.NameKeys): the
// one fold every lookup uses.
func NameKeysOf(name string) []string { return gazetteer.NameKeys(name) }

// Node returns place i.
func (x *Index) Node(i int32) *graph.Municipality { return x.nodes.Node(i) }

// ByID returns the node with an id; the country may be in lower case
// ("de:08222000").
func (x *Index) ByID(id string) (int32, bool) {
	id = strings.TrimSpace(id)
	if i, ok := x.byID[id]; ok {
		return i, true
	}
	if c, rest, ok := strings.Cut(id, ":"); ok && len(c) == 2 {
		i, ok := x.byID[strings.ToUpper(c)+":"+rest]
		return i, ok
	}
	return -1, false
}

// WithAliases makes ByID find a place by the ids merged into it
// (graph.Alias) too, and returns x.
func (x *Index) WithAliases(as []graph.Alias) *Index {
	for _, a := range as {
		if i, ok := x.byID[a.Place]; ok {
			if _, taken := x.byID[a.Alias]; !taken {
				x.byID[a.Alias] = i
			}
		}
	}
	return x
}

// ByAGS returns the municipality with an AGS.
func (x *Index) ByAGS(ags string) (int32, bool) {
	i, ok := x.byAGS[strings.TrimSpace(ags)]
	return i, ok
}

// Lookup returns the place a reference means: an id, an AGS, or a name in
// any spelling, optionally qualified ("Frankfurt, Hessen", "Neustadt,
// DE-SH", "Springfield, US", "Cleveland, Ohio"), within country (ISO
// 3166-1 alpha-2) when not empty. A German place comes before a foreign
// one when no country is said (see Rank).
//
// Errors: EINVALID for an empty reference, ENOTFOUND, an *AmbiguousError
// (code CodeAmbiguous) listing the candidates.
func (x *Index) Lookup(ref, country string) (int32, error) {
	cands, rk, err := x.rank(ref, country)
	if err != nil {
		return -1, err
	}
	if rk.Winner >= 0 {
		return cands[rk.Winner].Ref, nil
	}
	if len(rk.Tied) == 0 {
		return -1, graph.Errorf(graph.ENOTFOUND, "no place %q (give an id such as DE:09162000, an AGS or a name)", ref)
	}
	return -1, x.ambiguous(ref, cands, rk.Tied)
}

// Find returns the places a reference may mean, the best first: one
// place when the ranking decides, several when they tie, none when
// nothing matches.
func (x *Index) Find(ref, country string) []int32 {
	cands, rk, err := x.rank(ref, country)
	if err != nil {
		return nil
	}
	if rk.Winner >= 0 {
		return []int32{cands[rk.Winner].Ref}
	}
	out := make([]int32, 0, len(rk.Tied))
	for _, i := range rk.Tied {
		out = append(out, cands[i].Ref)
	}
	return out
}

func (x *Index) rank(ref, country string) ([]Candidate, Ranking, error) {
	ref = strings.TrimSpace(ref)
	country = strings.ToUpper(strings.TrimSpace(country))
	if ref == "" {
		return nil, Ranking{}, graph.Errorf(graph.EINVALID, "empty place reference: give an id, an AGS or a name")
	}
	direct := func(i int32) ([]Candidate, Ranking, error) {
		if country != "" && x.nodes.Node(i).Country != country {
			return nil, Ranking{Winner: -1}, nil
		}
		return []Candidate{{Ref: i, Km: -1}}, Ranking{Winner: 0, How: "id"}, nil
	}
	if i, ok := x.ByID(ref); ok {
		return direct(i)
	}
	if isAGS(ref) {
		if i, ok := x.byAGS[ref]; ok {
			return direct(i)
		}
	}
	var cands []Candidate
	if name, qual, ok := strings.Cut(ref, ","); ok && x.isQualifier(strings.TrimSpace(qual)) {
		cands = x.candidates(strings.TrimSpace(name), country, strings.TrimSpace(qual))
	}
	if len(cands) == 0 {
		cands = x.candidates(ref, country, "")
	}
	if len(cands) == 0 {
		cands = x.prefixCandidates(ref, country)
	}
	return cands, Rank(cands, country == "", Radius), nil
}

func isAGS(s string) bool {
	return len(s) == 8 && strings.Trim(s, "0123456789") == ""
}

// candidates gathers the nodes a name may mean: by the graph's own names,
// and through the directory and the world gazetteer, in country when
// given and fitting the qualifier qual (a Land, a country, a region).
func (x *Index) candidates(name, country, qual string) []Candidate {
	q := norm.NFC.String(name)
	var out []Candidate
	add := func(i int32, quality gazetteer.MatchQuality, main bool) {
		m := x.nodes.Node(i)
		if (country != "" && m.Country != country) || (qual != "" && !x.qualifies(m, qual)) {
			return
		}
		if j := slices.IndexFunc(out, func(c Candidate) bool { return c.Ref == i }); j >= 0 {
			switch {
			case quality > out[j].Quality:
				out[j].Quality, out[j].Main = quality, main
			case quality == out[j].Quality:
				out[j].Main = out[j].Main || main
			}
			return
		}
		out = append(out, Candidate{Ref: i, German: m.Country == "DE", Quality: quality, Main: main,
			Population: m.Population, Km: -1, Label: label(m)})
	}
	qk := NameKeysOf(q)
	for _, k := range qk {
		for _, i := range x.names[k] {
			m := x.nodes.Node(i)
			for j, n := range append([]string{m.Name}, m.AltNames...) {
				switch {
				case strings.EqualFold(norm.NFC.String(n), q):
					add(i, gazetteer.MatchExact, j == 0)
				case sharesKey(NameKeysOf(n), qk):
					add(i, gazetteer.MatchFolded, j == 0)
				}
			}
		}
	}
	n := len(out)
	x.referenceCandidates(q, &n, add)
	return out
}

// referenceCandidates adds the nodes the reference data finds for a name:
// municipalities by the directory's spellings, places by GeoNames' names.
//
// The world gazetteer (loaded on first use) is asked only when neither
// the graph's names (n of them matched) nor the directory find a place.
func (x *Index) referenceCandidates(q string, n *int, add func(int32, gazetteer.MatchQuality, bool)) {
	if x.ref == nil {
		return
	}
	found := false
	for _, m := range x.ref.dir.Candidates(q, "") {
		if i, ok := x.byAGS[m.AGS]; ok {
			add(i, m.Quality, m.Main)
			found = true
		}
	}
	if found || *n > 0 {
		return // the world gazetteer only for names the graph and the directory do not know
	}
	w, err := x.ref.World()
	if err != nil {
		return
	}
	for _, wi := range w.Search(q) {
		p := w.Place(wi)
		i, ok := x.byID[p.ID]
		if !ok && p.AGS != "" {
			i, ok = x.byAGS[p.AGS]
		}
		if !ok {
			continue
		}
		quality, main := w.Match(wi, q)
		add(i, quality, main && (p.AGS == "" || x.nodes.Node(i).Name == p.Name))
	}
}

// isQualifier reports whether the part after a comma names a country, a
// Land or a region ("Hessen", "DE-SH", "US", "Ohio"), rather than being
// part of the name ("Mannheim, Universitätsstadt").
func (x *Index) isQualifier(qual string) bool {
	if qual == "" {
		return false
	}
	if _, ok := gazetteer.StateCode(qual); ok {
		return true
	}
	if x.ref == nil {
		return len(qual) == 2
	}
	if _, ok := x.ref.countries.Lookup(qual); ok {
		return true
	}
	w, err := x.ref.World()
	return err == nil && len(w.Regions(qual, "")) > 0
}

// qualifies reports whether a node fits a qualifier: its country (code or
// name), its Land, or its region.
func (x *Index) qualifies(m *graph.Municipality, qual string) bool {
	u := strings.ToUpper(qual)
	if m.Country == u || m.State == u || m.State == "DE-"+u {
		return true
	}
	if st, ok := gazetteer.StateCode(qual); ok && m.State == st {
		return true
	}
	if x.ref != nil {
		if c, ok := x.ref.countries.Lookup(qual); ok && c.Code == m.Country {
			return true
		}
	}
	return m.Region != "" && sharesKey(NameKeysOf(m.Region), NameKeysOf(qual))
}

// prefixCandidates returns the nodes whose name begins with the words of
// ref ("Frankfurt" finds "Frankfurt am Main"), as loose matches.
func (x *Index) prefixCandidates(ref, country string) []Candidate {
	keys := NameKeysOf(ref)
	var out []Candidate
	for i := range int32(x.nodes.N()) {
		m := x.nodes.Node(i)
		if country != "" && m.Country != country {
			continue
		}
		for _, n := range append([]string{m.Name}, m.AltNames...) {
			nk := NameKeysOf(n)
			if slices.ContainsFunc(nk, func(k string) bool {
				return slices.ContainsFunc(keys, func(q string) bool { return strings.HasPrefix(k, q+" ") })
			}) {
				out = append(out, Candidate{Ref: i, German: m.Country == "DE", Quality: gazetteer.MatchLoose,
					Population: m.Population, Km: -1, Label: label(m)})
				break
			}
		}
	}
	return out
}

// label describes a node for an ambiguity message.
func label(m *graph.Municipality) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s", m.Name, m.ID)
	if r := cmpOr(m.State, m.Region); r != "" {
		b.WriteString(", " + r)
	}
	if m.Population > 0 {
		b.WriteString(", pop. " + gazetteer.Thousands(m.Population))
	}
	b.WriteString(")")
	return b.String()
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func (x *Index) ambiguous(ref string, cands []Candidate, tied []int) error {
	ms := make([]graph.Municipality, 0, len(tied))
	for _, i := range tied {
		ms = append(ms, *x.nodes.Node(cands[i].Ref))
	}
	return &AmbiguousError{Query: ref, Candidates: ms, err: graph.Errorf(CodeAmbiguous,
		"the name %q matches %d places: %s; give the id or a country", ref, len(tied), describe(cands, tied))}
}

func sharesKey(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}
