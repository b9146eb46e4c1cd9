package analytics

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// The data-quality checks (citygraph check, GraphQL qualityChecks). Each
// finding is a doubt, not an error: it names the places, links and
// sources involved so that a person can look.
const (
	// CheckCrossLevel: a Kreis and one of its Gemeinden are both linked to
	// the same partner (often one partnership entered twice, once for the
	// district and once for its town).
	CheckCrossLevel = "cross-level"
	// CheckFormer: a German place whose AGS is not in the directory (a
	// municipality merged away or renamed: Villingen, Dessau), with its
	// successor where the directory's names say so (Bitterfeld-Wolfen for
	// Wolfen).
	CheckFormer = "former-municipality"
	// CheckNetwork: a place with an improbable number of partners that
	// are members of one network (a town network such as Douzelage
	// entered as twinnings).
	CheckNetwork = "network-as-twinnings"
	// CheckCoverage: a Land with more known links than it reported, with
	// the reason.
	CheckCoverage = "coverage-over-100"
	// CheckUnlinked: the municipalities of a Land or Kreis without any
	// link.
	CheckUnlinked = "unlinked"
	// CheckKinds: two places linked with two kinds, each kind stated by
	// other files (one source's Partnerschaft, another's Freundschaft):
	// one link whose kind the sources disagree on?
	CheckKinds = "kinds-disagree"
)

// Checks lists the checks in the order QualityChecks runs them.
var Checks = []string{CheckCrossLevel, CheckKinds, CheckFormer, CheckNetwork, CheckCoverage, CheckUnlinked}

// Thresholds of CheckNetwork: at least NetworkMinPartners partners in one
// network, making at least NetworkMinShare of the place's partners, for a
// place of fewer than NetworkMaxPopulation inhabitants (or unknown size):
// a small town rarely twins with eight members of one network by chance.
const (
	NetworkMinPartners   = 8
	NetworkMinShare      = 0.6
	NetworkMaxPopulation = 100000
)

// Finding is one doubt about the data.
type Finding struct {
	Check   string `json:"check"`
	Message string `json:"message"`
	// Key groups the finding: the Land or Kreis (coverage, unlinked), the
	// place (the others).
	Key string `json:"key"`
	// Places are the ids of the places involved (for unlinked: the
	// municipalities without links, as DE:AGS).
	Places []string `json:"places"`
	// Links are the keys of the links involved (graph.Partnership.Key).
	Links []string `json:"links,omitempty"`
	// Sources are where the links involved were read.
	Sources []graph.Source `json:"sources,omitempty"`
	// Count is the number the finding is about: links, partners,
	// municipalities.
	Count int `json:"count"`
}

// CheckQuery selects the checks and their scope.
type CheckQuery struct {
	// Checks are the checks to run (names in Checks); empty runs all.
	Checks []string
	// State keeps the findings of one Land (ISO 3166-2); "" keeps all.
	State string
}

// QualityChecks runs the data-quality checks q selects on p (the whole
// graph; as-of views are not checked) with the municipality directory dir
// (nil skips the checks that need it: former municipalities, coverage,
// unlinked). Findings come in the order of Checks, then by key. Cost:
// linear in places and links, plus the directory for CheckUnlinked and
// CheckFormer.
func QualityChecks(p *Projection, dir *gazetteer.Directory, q CheckQuery) []Finding {
	run := func(c string) bool { return len(q.Checks) == 0 || slices.Contains(q.Checks, c) }
	out := []Finding{}
	if run(CheckCrossLevel) {
		out = append(out, crossLevel(p, q.State)...)
	}
	if run(CheckKinds) {
		out = append(out, kindsDisagree(p, q.State)...)
	}
	if run(CheckFormer) && dir != nil {
		out = append(out, formerPlaces(p, dir, q.State)...)
	}
	if run(CheckNetwork) {
		out = append(out, networkTwinnings(p, q.State)...)
	}
	if run(CheckCoverage) && dir != nil {
		out = append(out, coverageOver(p, dir, q.State)...)
	}
	if run(CheckUnlinked) && dir != nil {
		out = append(out, unlinked(p, dir, q.State)...)
	}
	return out
}

// linkSources returns the sources of the links li.
func (p *Projection) linkSources(lis ...int32) []graph.Source {
	var out []graph.Source
	for _, li := range lis {
		for _, s := range p.links[li].Sources {
			if !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// crossLevel finds the partners a Kreis shares with one of its Gemeinden.
func crossLevel(p *Projection, state string) []Finding {
	byKreis := map[string][]int32{} // Kreis code -> its Gemeinden in the graph
	var kreise []int32
	for i := range p.nodes {
		m := &p.nodes[i]
		if m.Country != "DE" || m.KreisCode == "" || state != "" && m.State != state || p.Degree(int32(i)) == 0 {
			continue
		}
		if m.Level == "Kreis" {
			kreise = append(kreise, int32(i))
		} else {
			byKreis[m.KreisCode] = append(byKreis[m.KreisCode], int32(i))
		}
	}
	var out []Finding
	for _, k := range kreise {
		partners := map[int32]int32{} // partner -> the Kreis's link to it
		for _, li := range p.LinksOf(k) {
			partners[p.Other(li, k)] = li
		}
		for _, g := range byKreis[p.nodes[k].KreisCode] {
			for _, li := range p.LinksOf(g) {
				x := p.Other(li, g)
				kl, ok := partners[x]
				if !ok {
					continue
				}
				km, gm, xm := &p.nodes[k], &p.nodes[g], &p.nodes[x]
				out = append(out, Finding{Check: CheckCrossLevel, Key: km.ID, Count: 2,
					Message: fmt.Sprintf("%s and %s, one of its municipalities, are both linked to %s (%s and %s): one partnership entered twice?",
						km.Name, gm.Name, xm.Name, p.links[kl].Kind, p.links[li].Kind),
					Places: []string{km.ID, gm.ID, xm.ID}, Links: []string{p.links[kl].Key(), p.links[li].Key()},
					Sources: p.linkSources(kl, li)})
			}
		}
	}
	return out
}

// kindsDisagree finds pairs of places linked with several kinds where no
// file states two of the kinds.
func kindsDisagree(p *Projection, state string) []Finding {
	var out []Finding
	for u := range p.nodes {
		byPartner := map[int32][]int32{}
		for _, li := range p.LinksOf(int32(u)) {
			if v := p.Other(li, int32(u)); v > int32(u) {
				byPartner[v] = append(byPartner[v], li)
			}
		}
		partners := make([]int32, 0, len(byPartner))
		for v, lis := range byPartner {
			if len(lis) > 1 {
				partners = append(partners, v)
			}
		}
		slices.Sort(partners)
		for _, v := range partners {
			a, b := &p.nodes[u], &p.nodes[v]
			if state != "" && a.State != state && b.State != state {
				continue
			}
			lis := byPartner[v]
			files := map[string]int{} // file -> kinds it states
			for _, li := range lis {
				seen := map[string]bool{}
				for _, s := range p.links[li].Sources {
					if !seen[s.File] {
						seen[s.File] = true
						files[s.File]++
					}
				}
			}
			if slices.ContainsFunc(slices.Collect(maps.Values(files)), func(n int) bool { return n > 1 }) {
				continue // a file states two kinds: meant as two links
			}
			f := Finding{Check: CheckKinds, Key: a.ID, Count: len(lis), Places: []string{a.ID, b.ID}, Sources: p.linkSources(lis...)}
			kinds := make([]string, len(lis))
			for i, li := range lis {
				f.Links = append(f.Links, p.links[li].Key())
				kinds[i] = string(p.links[li].Kind)
			}
			f.Message = fmt.Sprintf("%s and %s are linked as %s, each kind from other sources: one link whose kind the sources disagree on?",
				a.Name, b.Name, strings.Join(kinds, " and "))
			out = append(out, f)
		}
	}
	return out
}

// formerPlaces finds German municipalities the directory does not know.
func formerPlaces(p *Projection, dir *gazetteer.Directory, state string) []Finding {
	var out []Finding
	for i := range p.nodes {
		m := &p.nodes[i]
		if m.Country != "DE" || len(m.AGS) != 8 || m.Level == "Kreis" || state != "" && m.State != state || p.Degree(int32(i)) == 0 {
			continue
		}
		if _, ok := dir.ByAGS(m.AGS); ok {
			continue
		}
		f := Finding{Check: CheckFormer, Key: m.ID, Places: []string{m.ID}, Count: len(p.LinksOf(int32(i)))}
		for _, li := range p.LinksOf(int32(i)) {
			f.Links = append(f.Links, p.links[li].Key())
		}
		f.Sources = p.linkSources(p.LinksOf(int32(i))...)
		succ, ok := dir.PartOfUnique(m.Name, m.State)
		if !ok && m.HasCoords {
			succ, _, ok = dir.PartOf(m.Name, m.Lat, m.Lon, m.State)
		}
		if ok {
			f.Places = append(f.Places, "DE:"+succ.AGS)
			f.Message = fmt.Sprintf("%s (AGS %s) is not a municipality of the directory; its successor is probably %s (AGS %s); %d link(s)",
				m.Name, m.AGS, succ.NamePlain, succ.AGS, f.Count)
		} else {
			f.Message = fmt.Sprintf("%s (AGS %s) is not a municipality of the directory (merged away or renamed?); %d link(s)", m.Name, m.AGS, f.Count)
		}
		out = append(out, f)
	}
	return out
}

// networkTwinnings finds small places most of whose partners belong to
// one network.
func networkTwinnings(p *Projection, state string) []Finding {
	var out []Finding
	for i := range p.nodes {
		m := &p.nodes[i]
		if state != "" && m.State != state || m.Population >= NetworkMaxPopulation || p.Degree(int32(i)) < NetworkMinPartners {
			continue
		}
		byNet := map[string][]int32{} // network -> links to its members
		partners := map[int32]bool{}
		for _, li := range p.LinksOf(int32(i)) {
			x := p.Other(li, int32(i))
			partners[x] = true
			for _, ms := range p.MembershipsOf(p.nodes[x].ID) {
				byNet[ms.Network] = append(byNet[ms.Network], li)
			}
		}
		nets := make([]string, 0, len(byNet))
		for n := range byNet {
			nets = append(nets, n)
		}
		sort.Strings(nets)
		for _, n := range nets {
			lis := byNet[n]
			members := map[int32]bool{}
			for _, li := range lis {
				members[p.Other(li, int32(i))] = true
			}
			if len(members) < NetworkMinPartners || float64(len(members)) < NetworkMinShare*float64(len(partners)) {
				continue
			}
			name := n
			if nw, ok := p.Network(n); ok && nw.Name != "" {
				name = nw.Name
			}
			f := Finding{Check: CheckNetwork, Key: m.ID, Count: len(members), Places: []string{m.ID},
				Message: fmt.Sprintf("%d of the %d partners of %s are members of %s: the network entered as twinnings?", len(members), len(partners), m.Name, name),
				Sources: p.linkSources(lis...)}
			for _, li := range lis {
				f.Places = append(f.Places, p.nodes[p.Other(li, int32(i))].ID)
				f.Links = append(f.Links, p.links[li].Key())
			}
			out = append(out, f)
		}
	}
	return out
}

// coverageOver explains the Länder with more known links than reported.
func coverageOver(p *Projection, dir *gazetteer.Directory, state string) []Finding {
	var out []Finding
	for _, r := range CoverageByState(p, dir.All(), CoverageOptions{TopCountries: 1}) {
		if r.Reported == 0 || r.Links <= r.Reported || state != "" && r.Key != state {
			continue
		}
		// Links inside Germany to another Land count in both Länder.
		var twice []int32
		for li, e := range p.ends {
			a, b := &p.nodes[e[0]], &p.nodes[e[1]]
			if a.State != "" && b.State != "" && a.State != b.State && (a.State == r.Key || b.State == r.Key) {
				twice = append(twice, int32(li))
			}
		}
		f := Finding{Check: CheckCoverage, Key: r.Key, Count: r.Links, Places: []string{}}
		if half := r.Links - len(twice); half <= r.Reported && len(twice) > 0 {
			f.Message = fmt.Sprintf("%s: %d links known, %d reported (%.0f%%): %d of them link to a place in another Land and count in both Länder; without them %d (%.0f%%)",
				r.Name, r.Links, r.Reported, 100*r.KnownOfReported, len(twice), half, 100*float64(half)/float64(r.Reported))
		} else {
			f.Message = fmt.Sprintf("%s: %d links known, %d reported (%.0f%%): more links than the Land reported (%d to other Länder count in both); the reported count may be older than the data or count formal partnerships only",
				r.Name, r.Links, r.Reported, 100*r.KnownOfReported, len(twice))
		}
		for _, li := range twice {
			f.Links = append(f.Links, p.links[li].Key())
		}
		out = append(out, f)
	}
	return out
}

// unlinked counts the municipalities without any link per Land (the
// finding lists none: they are listed per Kreis) and lists them per Kreis.
func unlinked(p *Projection, dir *gazetteer.Directory, state string) []Finding {
	type group struct {
		name, state string
		all         int
		ids         []string
	}
	lands, kreise := map[string]*group{}, map[string]*group{}
	add := func(gs map[string]*group, key, name, state, id string) {
		g := gs[key]
		if g == nil {
			g = &group{name: name, state: state}
			gs[key] = g
		}
		g.all++
		if id != "" {
			g.ids = append(g.ids, id)
		}
	}
	for _, g := range dir.All() {
		if state != "" && g.State != state {
			continue
		}
		id := "DE:" + g.AGS
		if i, ok := p.IndexOf(id); ok && p.Degree(i) > 0 {
			id = ""
		}
		add(lands, g.State, g.State, g.State, id)
		add(kreise, g.KreisCode, g.Kreis, g.State, id)
	}
	var out []Finding
	for _, land := range []bool{true, false} {
		gs := kreise
		if land {
			gs = lands
		}
		keys := make([]string, 0, len(gs))
		for k, g := range gs {
			if len(g.ids) > 0 {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			g := gs[k]
			f := Finding{Check: CheckUnlinked, Key: k, Count: len(g.ids), Places: g.ids,
				Message: fmt.Sprintf("%s (%s, %s): %d of %d municipalities without any link", g.name, k, g.state, len(g.ids), g.all)}
			if land {
				f.Places = []string{}
				f.Message = fmt.Sprintf("%s: %d of %d municipalities without any link", k, len(g.ids), g.all)
			}
			out = append(out, f)
		}
	}
	return out
}
