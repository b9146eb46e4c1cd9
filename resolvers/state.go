package resolvers

import (
	"strings"
	"unicode"

	"github.com/citygraph/citygraph/analytics"
	"golang.org/x/text/unicode/norm"
)

// state is one projection with the indexes the resolvers need, built once
// per Load and never changed afterwards.
type state struct {
	p *analytics.Projection

	names   map[string][]int32 // folded name or other name -> nodes
	ags     map[string]int32   // AGS -> node
	search  []string           // per node: its folded names, joined by "\n"
	sortKey []string           // per node: its folded name, for sorting by name
	linksOf [][]int32          // per node: indices into p.Links (every kind)

	netByID    map[string]int   // network id -> index into Snapshot.Networks
	orgByID    map[string]int   // organisation id -> index into Snapshot.Organisations
	memberOf   map[string][]int // municipality id -> indices into Snapshot.Memberships
	netMembers map[string][]int // network id -> indices into Snapshot.Memberships
	orgLinksOf map[string][]int // municipality id -> indices into Snapshot.OrgLinks
	orgMembers map[string][]int // organisation id -> indices into Snapshot.OrgLinks
}

func newState(p *analytics.Projection) *state {
	s := &state{
		p:          p,
		names:      make(map[string][]int32, 2*len(p.Nodes)),
		ags:        make(map[string]int32),
		search:     make([]string, len(p.Nodes)),
		sortKey:    make([]string, len(p.Nodes)),
		linksOf:    make([][]int32, len(p.Nodes)),
		netByID:    make(map[string]int),
		orgByID:    make(map[string]int),
		memberOf:   make(map[string][]int),
		netMembers: make(map[string][]int),
		orgLinksOf: make(map[string][]int),
		orgMembers: make(map[string][]int),
	}
	for i := range p.Nodes {
		m := &p.Nodes[i]
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
	for li, e := range p.Ends {
		s.linksOf[e[0]] = append(s.linksOf[e[0]], int32(li))
		s.linksOf[e[1]] = append(s.linksOf[e[1]], int32(li))
	}
	snap := p.Snapshot
	for i, n := range snap.Networks {
		s.netByID[n.ID] = i
	}
	for i, o := range snap.Organisations {
		s.orgByID[o.ID] = i
	}
	for i, m := range snap.Memberships {
		s.memberOf[m.Municipality] = append(s.memberOf[m.Municipality], i)
		s.netMembers[m.Network] = append(s.netMembers[m.Network], i)
	}
	for i, l := range snap.OrgLinks {
		s.orgLinksOf[l.Municipality] = append(s.orgLinksOf[l.Municipality], i)
		s.orgMembers[l.Organisation] = append(s.orgMembers[l.Organisation], i)
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
