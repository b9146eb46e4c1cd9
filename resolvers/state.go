package resolvers

import (
	"strings"
	"unicode"

	"github.com/citygraph/citygraph/analytics"
	"golang.org/x/text/unicode/norm"
)

// state is one projection with the name index the resolvers need, built
// once per projection and never changed afterwards (the projection's own
// indexes, links per place, networks and memberships by id, are in package
// analytics).
type state struct {
	p *analytics.Projection

	names   map[string][]int32 // folded name or other name -> nodes
	ags     map[string]int32   // AGS -> node
	search  []string           // per node: its folded names, joined by "\n"
	sortKey []string           // per node: its folded name, for sorting by name
}

func newState(p *analytics.Projection) *state {
	s := &state{
		p:       p,
		names:   make(map[string][]int32, 2*p.N()),
		ags:     make(map[string]int32),
		search:  make([]string, p.N()),
		sortKey: make([]string, p.N()),
	}
	for i := range p.N() {
		m := p.Node(int32(i))
		if m.AGS != "" {
			s.ags[m.AGS] = int32(i)
		}
		var keys []string
		for _, name := range append([]string{m.Name}, m.AltNames...) {
			for _, k := range foldKeys(name) {
				if !containsStr(keys, k) {
					keys = append(keys, k)
				}
			}
		}
		for _, k := range keys {
			s.names[k] = append(s.names[k], int32(i))
		}
		s.search[i] = strings.Join(keys, "\n")
		s.sortKey[i] = fold(m.Name, false)
	}
	return s
}

func containsStr(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// foldKeys returns the search keys of a name: lower case, accents removed,
// punctuation and spaces collapsed to one space, once with German umlauts
// spelt out (München -> muenchen) and once with them stripped (munchen), so
// that "München", "Muenchen" and "Munchen" all find the same place.
// Non-Latin scripts are kept (Київ -> київ).
func foldKeys(name string) []string {
	a := fold(name, true)
	b := fold(name, false)
	if a == "" {
		return nil
	}
	if a == b {
		return []string{a}
	}
	return []string{a, b}
}

// umlaut spells out a German umlaut.
func umlaut(r rune) string {
	switch r {
	case 'ä':
		return "ae"
	case 'ö':
		return "oe"
	}
	return "ue"
}

// fold folds one name; umlautE spells ä, ö, ü as ae, oe, ue.
func fold(name string, umlautE bool) string {
	var b strings.Builder
	space := false
	for _, r := range norm.NFC.String(strings.ToLower(name)) {
		switch r {
		case 'ä', 'ö', 'ü':
			if umlautE {
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				b.WriteString(umlaut(r))
				space = false
				continue
			}
		case 'ß':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString("ss")
			space = false
			continue
		}
		for _, d := range norm.NFD.String(string(r)) {
			switch {
			case unicode.Is(unicode.Mn, d):
			case unicode.IsLetter(d) || unicode.IsDigit(d):
				if space && b.Len() > 0 {
					b.WriteByte(' ')
				}
				space = false
				b.WriteRune(d)
			default:
				space = true
			}
		}
	}
	return b.String()
}
