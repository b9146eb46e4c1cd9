package analytics

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// Distance preferences for RecommendOptions.Distance.
const (
	PreferNear = "near" // closer candidates score higher (the default)
	PreferFar  = "far"  // farther candidates score higher
	PreferAny  = "any"  // distance does not score
)

// DistanceScale is the distance in km at which the distance part is half
// its maximum: near = 1/(1+d/DistanceScale), far = d/(d+DistanceScale).
const DistanceScale = 500.0

// Weights weigh the parts of a recommendation score; a candidate's score is
// the sum of weight times raw value over the parts.
type Weights struct {
	AdamicAdar         float64 `json:"adamicAdar"`
	ResourceAllocation float64 `json:"resourceAllocation"`
	Networks           float64 `json:"networks"` // per shared network
	Topics             float64 `json:"topics"`
	Size               float64 `json:"size"`
	Distance           float64 `json:"distance"`
}

// DefaultWeights returns the weights Recommend uses when none are given:
// partners of partners count most (Adamic-Adar 1, resource allocation 1),
// then shared topics (1 for sharing every topic of interest) and networks
// (0.5 each), size and distance break ties (0.25 each).
func DefaultWeights() Weights {
	return Weights{AdamicAdar: 1, ResourceAllocation: 1, Networks: 0.5, Topics: 1, Size: 0.25, Distance: 0.25}
}

// RecommendOptions narrows and tunes Recommend.
type RecommendOptions struct {
	// Top is how many candidates to return (default 10).
	Top int
	// Country keeps candidates in this country (ISO 3166-1 alpha-2).
	Country string
	// State keeps candidates in this Land (ISO 3166-2, e.g. "DE-NW").
	State string
	// MinPopulation and MaxPopulation bound the candidates' population when
	// non-zero; a candidate of unknown population fails either bound.
	MinPopulation, MaxPopulation int
	// Topics are the topics of interest: when given, a candidate must have
	// at least one of them on its links, and the topics part scores the
	// share of them it has. When empty, the topics on the city's own links
	// are scored and not required.
	Topics []string
	// Today decides which links and memberships have ended: those with an
	// until date before it, and links marked ENDED. When zero, every link
	// and membership with an until date counts as ended.
	Today graph.Date
	// Distance is PreferNear (default), PreferFar or PreferAny.
	Distance string
	// Weights overrides DefaultWeights.
	Weights *Weights
}

// Ref names a place or network.
type Ref struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// ScoreParts are the weighted parts of a candidate's score; they add up to
// Candidate.Score.
type ScoreParts struct {
	// AdamicAdar is the sum over common partners w of 1/ln(deg w);
	// ResourceAllocation the sum of 1/deg w; deg counts a partner's
	// distinct active partners.
	AdamicAdar         float64 `json:"adamicAdar"`
	ResourceAllocation float64 `json:"resourceAllocation"`
	// Networks is the number of networks both belong to.
	Networks float64 `json:"networks"`
	// Topics is the share of the topics of interest on the candidate's
	// links.
	Topics float64 `json:"topics"`
	// Size is min/max of the two populations, 0 when one is unknown.
	Size float64 `json:"size"`
	// Distance is 1/(1+d/DistanceScale) (near) or d/(d+DistanceScale) (far),
	// 0 when a position is unknown.
	Distance float64 `json:"distance"`
}

// Candidate is a recommended partner.
type Candidate struct {
	ID         string     `json:"id"`
	Name       string     `json:"name"`
	Country    string     `json:"country"`
	State      string     `json:"state,omitempty"`
	Population int        `json:"population,omitempty"`
	Score      float64    `json:"score"`
	Parts      ScoreParts `json:"parts"`
	// CommonPartners are the city's partners linked to the candidate, the
	// rarest (fewest partners, so most telling) first.
	CommonPartners []Ref     `json:"commonPartners"`
	SharedNetworks []Ref     `json:"sharedNetworks"`
	SharedTopics   []string  `json:"sharedTopics"`
	DistanceKm     *float64  `json:"distanceKm,omitempty"`
	FormerPartner  bool      `json:"formerPartner,omitempty"` // linked to the city only by ended links
	Reason         string    `json:"reason"`
	raw            rawScores // unweighted parts
}

type rawScores struct {
	aa, ra, networks, topics, size, distance float64
}

// linkEnded reports whether l no longer counts at today (see
// RecommendOptions.Today).
func linkEnded(l *graph.Partnership, today graph.Date) bool {
	if l.Status == graph.StatusEnded {
		return true
	}
	return !l.Until.IsZero() && (today.IsZero() || l.Until.Before(today))
}

// Recommend returns places the city (a municipality ID) is not linked to,
// best first (score descending, then ID), scored by partners of partners
// (Adamic-Adar and resource allocation over the common partners), shared
// network memberships, shared topics, similar size and distance, each with
// its score parts and a one-line reason such as "partner of your partners
// Lublin and Windsor; both in Eurocities".
//
// Ended links (status ENDED, or an until date; see RecommendOptions.Today)
// count nowhere: not as partners, not for degrees, not for topics; a place
// linked to the city only by ended links may come back as a candidate,
// marked FormerPartner. Ended memberships count neither. A candidate needs
// at least one common partner, shared network or topic of interest; size
// and distance only rank.
//
// Recommend returns a graph.Error with code ENOTFOUND for an unknown city
// and EINVALID for a bad Distance preference. The work is O(links +
// memberships + the partners of the city's partners).
func Recommend(p *Projection, city string, opt RecommendOptions) ([]Candidate, error) {
	c, ok := p.index[city]
	if !ok {
		return nil, &graph.Error{Code: graph.ENOTFOUND, Op: "recommend", Message: fmt.Sprintf("no municipality with id %q", city)}
	}
	w := DefaultWeights()
	if opt.Weights != nil {
		w = *opt.Weights
	}
	switch opt.Distance {
	case "", PreferNear, PreferFar, PreferAny:
	default:
		return nil, &graph.Error{Code: graph.EINVALID, Op: "recommend",
			Message: fmt.Sprintf("distance preference %q: want near, far or any", opt.Distance)}
	}
	top := opt.Top
	if top <= 0 {
		top = 10
	}

	// Which adjacency slots carry an active link; a pair is active when
	// any of its links is. The city's own topics come from its active links.
	active := make([]bool, len(p.adj))
	former := map[int32]bool{}
	cityTopics := map[string]bool{}
	for li := range p.links {
		l := &p.links[li]
		e := p.ends[li]
		if linkEnded(l, opt.Today) {
			if e[0] == c {
				former[e[1]] = true
			} else if e[1] == c {
				former[e[0]] = true
			}
			continue
		}
		active[p.adjSlot(e[0], e[1])] = true
		active[p.adjSlot(e[1], e[0])] = true
		if e[0] == c || e[1] == c {
			for _, t := range l.Topics {
				cityTopics[t] = true
			}
		}
	}
	activeDeg := func(u int32) int {
		n := 0
		for k := p.off[u]; k < p.off[u+1]; k++ {
			if active[k] {
				n++
			}
		}
		return n
	}
	partner := make([]bool, p.N())
	for k := p.off[c]; k < p.off[c+1]; k++ {
		if active[k] {
			partner[p.adj[k]] = true
			delete(former, p.adj[k])
		}
	}

	// Scores first, for every candidate; names, reasons and lists only for
	// the ones returned.
	type state struct {
		raw    rawScores
		nets   []Ref
		topics []string
	}
	cands := map[int32]*state{}
	cand := func(v int32) *state {
		x := cands[v]
		if x == nil {
			x = &state{}
			cands[v] = x
		}
		return x
	}
	eligible := func(v int32) bool { return v != c && !partner[v] }

	// Partners of partners, in the order of the city's row (deterministic).
	for k := p.off[c]; k < p.off[c+1]; k++ {
		if !active[k] {
			continue
		}
		u := p.adj[k]
		du := activeDeg(u)
		if du < 2 {
			continue
		}
		aa, ra := 1/math.Log(float64(du)), 1/float64(du)
		for j := p.off[u]; j < p.off[u+1]; j++ {
			v := p.adj[j]
			if !active[j] || !eligible(v) {
				continue
			}
			x := cand(v)
			x.raw.aa += aa
			x.raw.ra += ra
		}
	}

	// Shared networks (active memberships only).
	s := p.snapshot
	if s != nil {
		netName := make(map[string]string, len(s.Networks))
		for _, n := range s.Networks {
			netName[n.ID] = n.Name
		}
		memberEnded := func(m *graph.Membership) bool {
			return !m.Until.IsZero() && (opt.Today.IsZero() || m.Until.Before(opt.Today))
		}
		cityNets := map[string]bool{}
		for i := range s.Memberships {
			m := &s.Memberships[i]
			if m.Municipality == city && !memberEnded(m) {
				cityNets[m.Network] = true
			}
		}
		if len(cityNets) > 0 {
			for i := range s.Memberships {
				m := &s.Memberships[i]
				if !cityNets[m.Network] || memberEnded(m) {
					continue
				}
				v, ok := p.index[m.Municipality]
				if !ok || !eligible(v) {
					continue
				}
				x := cand(v)
				name := netName[m.Network]
				if name == "" {
					name = m.Network
				}
				if !slices.ContainsFunc(x.nets, func(r Ref) bool { return r.ID == m.Network }) {
					x.nets = append(x.nets, Ref{m.Network, name})
					x.raw.networks++
				}
			}
		}
	}

	// Shared topics: the topics of interest on each place's active links.
	interest := opt.Topics
	if len(interest) == 0 {
		for t := range cityTopics {
			interest = append(interest, t)
		}
	}
	interest = slices.Clone(interest)
	slices.Sort(interest)
	interest = slices.Compact(interest)
	if len(interest) > 0 {
		wanted := map[string]bool{}
		for _, t := range interest {
			wanted[t] = true
		}
		for li := range p.links {
			l := &p.links[li]
			if len(l.Topics) == 0 || linkEnded(l, opt.Today) {
				continue
			}
			for _, t := range l.Topics {
				if !wanted[t] {
					continue
				}
				for _, v := range p.ends[li] {
					if !eligible(v) {
						continue
					}
					if x := cand(v); !slices.Contains(x.topics, t) {
						x.topics = append(x.topics, t)
					}
				}
			}
		}
		for _, x := range cands {
			x.raw.topics = float64(len(x.topics)) / float64(len(interest))
		}
	}

	// Filters, size, distance and score.
	cm := &p.nodes[c]
	type scored struct {
		v     int32
		score float64
		x     *state
	}
	ranked := make([]scored, 0, len(cands))
	for v, x := range cands {
		m := &p.nodes[v]
		if opt.Country != "" && m.Country != opt.Country {
			continue
		}
		if opt.State != "" && m.State != opt.State {
			continue
		}
		if opt.MinPopulation > 0 && (m.Population == 0 || m.Population < opt.MinPopulation) {
			continue
		}
		if opt.MaxPopulation > 0 && (m.Population == 0 || m.Population > opt.MaxPopulation) {
			continue
		}
		if len(opt.Topics) > 0 && len(x.topics) == 0 {
			continue
		}
		if cm.Population > 0 && m.Population > 0 {
			x.raw.size = float64(min(cm.Population, m.Population)) / float64(max(cm.Population, m.Population))
		}
		if cm.HasCoords && m.HasCoords {
			d := gazetteer.Distance(cm.Lat, cm.Lon, m.Lat, m.Lon)
			switch opt.Distance {
			case "", PreferNear:
				x.raw.distance = 1 / (1 + d/DistanceScale)
			case PreferFar:
				x.raw.distance = d / (d + DistanceScale)
			}
		}
		ranked = append(ranked, scored{v, w.parts(x.raw).sum(), x})
	}
	sort.Slice(ranked, func(i, j int) bool {
		if ranked[i].score != ranked[j].score {
			return ranked[i].score > ranked[j].score
		}
		return p.nodes[ranked[i].v].ID < p.nodes[ranked[j].v].ID
	})
	if len(ranked) > top {
		ranked = ranked[:top]
	}

	// The candidates returned, with their common partners and reasons.
	out := make([]Candidate, 0, len(ranked))
	for _, r := range ranked {
		v, x := r.v, r.x
		m := &p.nodes[v]
		cd := Candidate{ID: m.ID, Name: m.Name, Country: m.Country, State: m.State, Population: m.Population,
			Score: r.score, Parts: w.parts(x.raw), FormerPartner: former[v], raw: x.raw,
			CommonPartners: []Ref{}, SharedNetworks: x.nets, SharedTopics: x.topics}
		if cd.SharedNetworks == nil {
			cd.SharedNetworks = []Ref{}
		}
		sort.Slice(cd.SharedNetworks, func(i, j int) bool { return cd.SharedNetworks[i].ID < cd.SharedNetworks[j].ID })
		if cd.SharedTopics == nil {
			cd.SharedTopics = []string{}
		}
		sort.Strings(cd.SharedTopics)
		if cm.HasCoords && m.HasCoords {
			d := gazetteer.Distance(cm.Lat, cm.Lon, m.Lat, m.Lon)
			cd.DistanceKm = &d
		}
		// Common partners: v's active partners that are the city's, rarest first.
		type via struct {
			node int32
			deg  int
		}
		var vs []via
		for j := p.off[v]; j < p.off[v+1]; j++ {
			if u := p.adj[j]; active[j] && partner[u] {
				if du := activeDeg(u); du >= 2 {
					vs = append(vs, via{u, du})
				}
			}
		}
		sort.Slice(vs, func(i, j int) bool {
			if vs[i].deg != vs[j].deg {
				return vs[i].deg < vs[j].deg
			}
			a, b := &p.nodes[vs[i].node], &p.nodes[vs[j].node]
			if a.Name != b.Name {
				return a.Name < b.Name
			}
			return a.ID < b.ID
		})
		for _, u := range vs {
			cd.CommonPartners = append(cd.CommonPartners, Ref{p.nodes[u.node].ID, p.nodes[u.node].Name})
		}
		cd.Reason = cd.reason(cm, len(opt.Topics) > 0)
		out = append(out, cd)
	}
	return out, nil
}

// parts weighs raw scores.
func (w Weights) parts(r rawScores) ScoreParts {
	return ScoreParts{
		AdamicAdar:         w.AdamicAdar * r.aa,
		ResourceAllocation: w.ResourceAllocation * r.ra,
		Networks:           w.Networks * r.networks,
		Topics:             w.Topics * r.topics,
		Size:               w.Size * r.size,
		Distance:           w.Distance * r.distance,
	}
}

// sum adds the parts up, in a fixed order.
func (s ScoreParts) sum() float64 {
	return s.AdamicAdar + s.ResourceAllocation + s.Networks + s.Topics + s.Size + s.Distance
}

// adjSlot returns the position of v in u's row of Adj; u and v must be linked.
func (p *Projection) adjSlot(u, v int32) int32 {
	row := p.Neighbors(u)
	i, _ := slices.BinarySearch(row, v)
	return p.off[u] + int32(i)
}

// reason writes the one-line explanation of a candidate.
func (x *Candidate) reason(city *graph.Municipality, askedTopics bool) string {
	var parts []string
	if x.FormerPartner {
		parts = append(parts, "former partner")
	}
	if n := len(x.CommonPartners); n > 0 {
		names := make([]string, n)
		for i, r := range x.CommonPartners {
			names[i] = r.Name
		}
		if n == 1 {
			parts = append(parts, "partner of your partner "+names[0])
		} else {
			parts = append(parts, "partner of your partners "+joinNames(names, 3))
		}
	}
	if len(x.SharedNetworks) > 0 {
		names := make([]string, len(x.SharedNetworks))
		for i, r := range x.SharedNetworks {
			names[i] = r.Name
		}
		parts = append(parts, "both in "+joinNames(names, 3))
	}
	if len(x.SharedTopics) > 0 {
		if askedTopics {
			parts = append(parts, "works on "+joinNames(x.SharedTopics, 3))
		} else {
			parts = append(parts, "both work on "+joinNames(x.SharedTopics, 3))
		}
	}
	if x.raw.size >= 0.5 {
		parts = append(parts, fmt.Sprintf("similar size (%s and %s inhabitants)",
			groupDigits(city.Population), groupDigits(x.Population)))
	}
	if x.DistanceKm != nil {
		parts = append(parts, fmt.Sprintf("%s km away", groupDigits(int(math.Round(*x.DistanceKm)))))
	}
	return strings.Join(parts, "; ")
}

// joinNames joins names as "A", "A and B", "A, B and C" or, beyond max,
// "A, B, C and 2 more".
func joinNames(names []string, limit int) string {
	switch n := len(names); {
	case n == 1:
		return names[0]
	case n <= limit:
		return strings.Join(names[:n-1], ", ") + " and " + names[n-1]
	default:
		return strings.Join(names[:limit], ", ") + " and " + strconv.Itoa(n-limit) + " more"
	}
}

// groupDigits formats n with commas every three digits: 1234567 -> 1,234,567.
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + groupDigits(-n)
	}
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
