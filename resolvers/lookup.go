package resolvers

import (
	"fmt"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// isAGS reports whether s looks like an Amtlicher Gemeindeschlüssel.
func isAGS(s string) bool {
	if len(s) != 8 {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// byName returns the places whose name or other names fold to the same key
// as name, in index (id) order, restricted to country when given. When some
// match on their main name and others only on another name, the main-name
// matches win.
func (s *state) byName(name, country string) []int32 {
	var hits []int32
	for _, k := range foldKeys(name) {
		for _, i := range s.names[k] {
			if country != "" && s.p.Node(i).Country != country {
				continue
			}
			if !slices.Contains(hits, i) {
				hits = append(hits, i)
			}
		}
	}
	slices.Sort(hits)
	if len(hits) > 1 {
		keys := foldKeys(name)
		var main []int32
		for _, i := range hits {
			for _, k := range foldKeys(s.p.Node(i).Name) {
				if slices.Contains(keys, k) {
					main = append(main, i)
					break
				}
			}
		}
		if len(main) > 0 {
			hits = main
		}
	}
	return hits
}

// named returns the places a name refers to: exact names and other names
// first (see byName); failing those, a name with a qualifier after a comma
// ("Neustadt, DE-SH", "Neustadt, Hessen", "Springfield, US") keeps the
// places of that Land or country; failing that, the places whose name
// begins with the query's words ("Frankfurt" finds "Frankfurt am Main").
func (s *state) named(name, country string) []int32 {
	if hits := s.byName(name, country); len(hits) > 0 {
		return hits
	}
	if n, qual, ok := strings.Cut(name, ","); ok && strings.TrimSpace(qual) != "" {
		qual = strings.TrimSpace(qual)
		st, _ := gazetteer.StateCode(qual)
		cc := strings.ToUpper(qual)
		var out []int32
		for _, i := range s.named(n, country) {
			m := s.p.Node(i)
			if m.Country == cc || (st != "" && m.State == st) {
				out = append(out, i)
			}
		}
		return out
	}
	var out []int32
	for _, k := range foldKeys(name) {
		for i, keys := range s.search {
			if country != "" && s.p.Node(int32(i)).Country != country {
				continue
			}
			for _, nk := range strings.Split(keys, "\n") {
				if strings.HasPrefix(nk, k+" ") && !slices.Contains(out, int32(i)) {
					out = append(out, int32(i))
				}
			}
		}
	}
	slices.Sort(out)
	return out
}

// find looks a place up by id, AGS and name, each optional; all given ones
// must agree. It returns -1 with a nil error when nothing matches, and an
// AMBIGUOUS error listing the candidates when a name matches several
// places.
func (s *state) find(id, ags, name, country string) (int32, error) {
	country = strings.ToUpper(strings.TrimSpace(country))
	cands := []int32(nil)
	restrict := func(xs []int32) {
		if cands == nil {
			cands = xs
			return
		}
		cands = slices.DeleteFunc(cands, func(i int32) bool { return !slices.Contains(xs, i) })
	}
	if id == "" && ags == "" && name == "" {
		return -1, graph.Errorf(graph.EINVALID, "give an id, an AGS or a name")
	}
	if id != "" {
		i, ok := s.p.IndexOf(strings.TrimSpace(id))
		if !ok {
			return -1, nil
		}
		restrict([]int32{i})
	}
	if ags != "" {
		i, ok := s.ags[strings.TrimSpace(ags)]
		if !ok {
			return -1, nil
		}
		restrict([]int32{i})
	}
	if name != "" {
		restrict(s.named(name, ""))
	}
	if country != "" {
		cands = slices.DeleteFunc(cands, func(i int32) bool { return s.p.Node(i).Country != country })
	}
	switch len(cands) {
	case 0:
		return -1, nil
	case 1:
		return cands[0], nil
	}
	return -1, s.ambiguous(name, cands)
}

// ambiguous returns the AMBIGUOUS error for a name matching cands.
func (s *state) ambiguous(name string, cands []int32) error {
	var b strings.Builder
	ms := make([]graph.Municipality, 0, len(cands))
	for k, i := range cands {
		m := *s.p.Node(i)
		ms = append(ms, m)
		if k < 10 {
			if k > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s (%s)", m.Name, m.ID)
		}
	}
	if len(cands) > 10 {
		fmt.Fprintf(&b, " and %d more", len(cands)-10)
	}
	return &ambiguousError{
		err:        graph.Errorf(graph.EAMBIGUOUS, "the name %q matches %d places: %s; give the id or a country", name, len(cands), b.String()),
		candidates: ms,
	}
}

// resolve finds the place a reference names: its id, its AGS or a name
// (unique across spellings). Errors: NOT_FOUND, AMBIGUOUS.
func (s *state) resolve(ref string) (int32, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return -1, graph.Errorf(graph.EINVALID, "empty city reference: give an id, an AGS or a name")
	}
	if i, ok := s.p.IndexOf(ref); ok {
		return i, nil
	}
	if isAGS(ref) {
		if i, ok := s.ags[ref]; ok {
			return i, nil
		}
	}
	hits := s.named(ref, "")
	switch len(hits) {
	case 0:
		return -1, graph.Errorf(graph.ENOTFOUND, "no city %q%s (give an id such as DE:09162000, an AGS or a name)", ref, PlaceSuggestion(s.p, ref))
	case 1:
		return hits[0], nil
	}
	return -1, s.ambiguous(ref, hits)
}

// argCheck normalises country and Land arguments and keeps the first
// error, so that a resolver checks several arguments and asks once.
type argCheck struct{ err error }

// state returns the ISO 3166-2 code of a Land given by name or code
// ("Bayern", "Bavaria", "BY", "DE-BY", "09"); "" for "".
func (a *argCheck) state(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	code, ok := gazetteer.StateCode(s)
	if !ok && a.err == nil {
		a.err = graph.Errorf(graph.EINVALID, "unknown Land %q: give its name or its ISO 3166-2 code such as DE-BY", s)
	}
	return code
}

// country returns an ISO 3166-1 alpha-2 code in upper case; "" for "".
func (a *argCheck) country(s string) string {
	c := strings.ToUpper(strings.TrimSpace(s))
	if c == "" {
		return ""
	}
	if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
		if a.err == nil {
			a.err = graph.Errorf(graph.EINVALID, "country %q: want an ISO 3166-1 alpha-2 code such as DE or UA", s)
		}
		return ""
	}
	return c
}
