package resolvers

import (
	"errors"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/identity"
)

// find looks a place up by id, AGS and name, each optional; all given ones
// must agree. It returns -1 with a nil error when nothing matches, and an
// AMBIGUOUS error (*identity.AmbiguousError) listing the candidates when a
// name matches several places and the identity layer's ranking does not
// choose.
func (s *state) find(id, ags, name, country string) (int32, error) {
	country = strings.ToUpper(strings.TrimSpace(country))
	if id == "" && ags == "" && name == "" {
		return -1, graph.Errorf(graph.EINVALID, "give an id, an AGS or a name")
	}
	found := int32(-1)
	agree := func(i int32, ok bool) bool {
		if !ok || (found >= 0 && found != i) {
			return false
		}
		found = i
		return true
	}
	if id != "" && !agree(s.idx.ByID(id)) {
		return -1, nil
	}
	if ags != "" && !agree(s.idx.ByAGS(ags)) {
		return -1, nil
	}
	if name != "" {
		i, err := s.idx.Lookup(name, country)
		var amb *identity.AmbiguousError
		switch {
		case graph.ErrorCode(err) == graph.ENOTFOUND:
			return -1, nil
		case errors.As(err, &amb) && found >= 0:
			// The id or AGS given picks among the candidates.
			if slices.ContainsFunc(amb.Candidates, func(m graph.Municipality) bool { return m.ID == s.p.Node(found).ID }) {
				i, err = found, nil
			}
		}
		if err != nil {
			return -1, err
		}
		if !agree(i, true) {
			return -1, nil
		}
	}
	if country != "" && s.p.Node(found).Country != country {
		return -1, nil
	}
	return found, nil
}

// resolve finds the place a reference names: its id, its AGS or a name in
// any spelling (identity.Index.Lookup). Errors: NOT_FOUND, AMBIGUOUS.
func (s *state) resolve(ref string) (int32, error) {
	if strings.TrimSpace(ref) == "" {
		return -1, graph.Errorf(graph.EINVALID, "empty city reference: give an id, an AGS or a name")
	}
	i, err := s.idx.Lookup(ref, "")
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		return -1, graph.Errorf(graph.ENOTFOUND, "no city %q%s (give an id such as DE:09162000, an AGS or a name)", strings.TrimSpace(ref), PlaceSuggestion(s.p, ref))
	}
	return i, err
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
