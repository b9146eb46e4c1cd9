package analytics

import (
	"cmp"
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
	r, err := newRecommender(p, city, opt)
	if err != nil {
		return nil, err
	}
	// Scores first, for every candidate; names, reasons and lists only for
	// the ones returned.
	r.scorePartnersOfPartners()
	r.scoreSharedNetworks()
	r.scoreSharedTopics()
	ranked := r.rank()
	out := make([]Candidate, 0, len(ranked))
	for _, x := range ranked {
		out = append(out, r.describe(x))
	}
	return out, nil
}

// recommender holds one run of Recommend: the city, which links are still
// active, and the candidates scored so far.
type recommender struct {
	p    *Projection
	c    int32  // the city's node
	city string // and its id
	opt  RecommendOptions
	w    Weights
	top  int

	active     []bool         // per adjacency slot: the pair has an active link
	partner    []bool         // per node: an active partner of the city
	former     map[int32]bool // linked to the city by ended links only
	cityTopics map[string]bool

	cands map[int32]*candidate
}

// candidate is a place being scored.
type candidate struct {
	v      int32
	raw    rawScores
	nets   []Ref
	topics []string
	score  float64
}

// newRecommender checks the options and finds the city's active links,
// partners and topics. Errors: NOT_FOUND, INVALID (see Recommend).
func newRecommender(p *Projection, city string, opt RecommendOptions) (*recommender, error) {
	c, ok := p.index[city]
	if !ok {
		return nil, &graph.Error{Code: graph.ENOTFOUND, Op: "recommend", Message: fmt.Sprintf("no municipality with id %q", city)}
	}
	switch opt.Distance {
	case "", PreferNear, PreferFar, PreferAny:
	default:
		return nil, &graph.Error{Code: graph.EINVALID, Op: "recommend",
			Message: fmt.Sprintf("distance preference %q: want near, far or any", opt.Distance)}
	}
	r := &recommender{p: p, c: c, city: city, opt: opt, w: DefaultWeights(), top: opt.Top, cands: map[int32]*candidate{}}
	if opt.Weights != nil {
		r.w = *opt.Weights
	}
	if r.top <= 0 {
		r.top = 10
	}
	r.findActive()
	return r, nil
}

// findActive marks the adjacency slots that carry an active link (a pair
// is active when any of its links is), the city's active partners, the
// places linked to it only by ended links, and the topics of its active
// links.
func (r *recommender) findActive() {
	p, c := r.p, r.c
	r.active = make([]bool, len(p.adj))
	r.former = map[int32]bool{}
	r.cityTopics = map[string]bool{}
	for li := range p.links {
		l := &p.links[li]
		e := p.ends[li]
		if linkEnded(l, r.opt.Today) {
			if e[0] == c {
				r.former[e[1]] = true
			} else if e[1] == c {
				r.former[e[0]] = true
			}
			continue
		}
		r.active[p.adjSlot(e[0], e[1])] = true
		r.active[p.adjSlot(e[1], e[0])] = true
		if e[0] == c || e[1] == c {
			for _, t := range l.Topics {
				r.cityTopics[t] = true
			}
		}
	}
	r.partner = make([]bool, p.N())
	for k := p.off[c]; k < p.off[c+1]; k++ {
		if r.active[k] {
			r.partner[p.adj[k]] = true
			delete(r.former, p.adj[k])
		}
	}
}

// activeDeg counts the active partners of node u.
func (r *recommender) activeDeg(u int32) int {
	n := 0
	for k := r.p.off[u]; k < r.p.off[u+1]; k++ {
		if r.active[k] {
			n++
		}
	}
	return n
}

// eligible reports whether v may be recommended: not the city, not one of
// its active partners.
func (r *recommender) eligible(v int32) bool { return v != r.c && !r.partner[v] }

// cand returns the candidate v, adding it when it is new.
func (r *recommender) cand(v int32) *candidate {
	x := r.cands[v]
	if x == nil {
		x = &candidate{v: v}
		r.cands[v] = x
	}
	return x
}

// scorePartnersOfPartners adds Adamic-Adar and resource allocation over
// the city's active partners with two or more active partners, in the
// order of the city's row (so the sums come out the same every time).
func (r *recommender) scorePartnersOfPartners() {
	p := r.p
	for k := p.off[r.c]; k < p.off[r.c+1]; k++ {
		if !r.active[k] {
			continue
		}
		u := p.adj[k]
		du := r.activeDeg(u)
		if du < 2 {
			continue
		}
		aa, ra := 1/math.Log(float64(du)), 1/float64(du)
		for j := p.off[u]; j < p.off[u+1]; j++ {
			if v := p.adj[j]; r.active[j] && r.eligible(v) {
				x := r.cand(v)
				x.raw.aa += aa
				x.raw.ra += ra
			}
		}
	}
}

// memberEnded reports whether a membership no longer counts (see
// RecommendOptions.Today).
func (r *recommender) memberEnded(m *graph.Membership) bool {
	return !m.Until.IsZero() && (r.opt.Today.IsZero() || m.Until.Before(r.opt.Today))
}

// scoreSharedNetworks counts, per place, the networks it shares with the
// city (active memberships only).
func (r *recommender) scoreSharedNetworks() {
	s := r.p.snapshot
	if s == nil {
		return
	}
	cityNets := map[string]bool{}
	for i := range s.Memberships {
		if m := &s.Memberships[i]; m.Municipality == r.city && !r.memberEnded(m) {
			cityNets[m.Network] = true
		}
	}
	if len(cityNets) == 0 {
		return
	}
	netName := make(map[string]string, len(s.Networks))
	for _, n := range s.Networks {
		netName[n.ID] = n.Name
	}
	for i := range s.Memberships {
		m := &s.Memberships[i]
		if !cityNets[m.Network] || r.memberEnded(m) {
			continue
		}
		v, ok := r.p.index[m.Municipality]
		if !ok || !r.eligible(v) {
			continue
		}
		x := r.cand(v)
		if !slices.ContainsFunc(x.nets, func(n Ref) bool { return n.ID == m.Network }) {
			x.nets = append(x.nets, Ref{m.Network, cmp.Or(netName[m.Network], m.Network)})
			x.raw.networks++
		}
	}
}

// interest returns the topics of interest: those asked for or, without
// any, the topics of the city's active links; sorted, each once.
func (r *recommender) interest() []string {
	interest := slices.Clone(r.opt.Topics)
	if len(interest) == 0 {
		for t := range r.cityTopics {
			interest = append(interest, t)
		}
	}
	slices.Sort(interest)
	return slices.Compact(interest)
}

// scoreSharedTopics gives each place the share of the topics of interest
// found on its active links.
func (r *recommender) scoreSharedTopics() {
	interest := r.interest()
	if len(interest) == 0 {
		return
	}
	wanted := map[string]bool{}
	for _, t := range interest {
		wanted[t] = true
	}
	p := r.p
	for li := range p.links {
		l := &p.links[li]
		if len(l.Topics) == 0 || linkEnded(l, r.opt.Today) {
			continue
		}
		for _, t := range l.Topics {
			if wanted[t] {
				r.addTopic(p.ends[li], t)
			}
		}
	}
	for _, x := range r.cands {
		x.raw.topics = float64(len(x.topics)) / float64(len(interest))
	}
}

// addTopic records topic t for the eligible ends of a link.
func (r *recommender) addTopic(ends [2]int32, t string) {
	for _, v := range ends {
		if !r.eligible(v) {
			continue
		}
		if x := r.cand(v); !slices.Contains(x.topics, t) {
			x.topics = append(x.topics, t)
		}
	}
}

// wanted reports whether a place passes the filters of the options
// (country, Land, population, topics asked for).
func (r *recommender) wanted(x *candidate) bool {
	m, opt := &r.p.nodes[x.v], &r.opt
	switch {
	case opt.Country != "" && m.Country != opt.Country,
		opt.State != "" && m.State != opt.State,
		opt.MinPopulation > 0 && (m.Population == 0 || m.Population < opt.MinPopulation),
		opt.MaxPopulation > 0 && (m.Population == 0 || m.Population > opt.MaxPopulation),
		len(opt.Topics) > 0 && len(x.topics) == 0:
		return false
	}
	return true
}

// scoreSizeAndDistance sets the size and distance parts of x.
func (r *recommender) scoreSizeAndDistance(x *candidate) {
	cm, m := &r.p.nodes[r.c], &r.p.nodes[x.v]
	if cm.Population > 0 && m.Population > 0 {
		x.raw.size = float64(min(cm.Population, m.Population)) / float64(max(cm.Population, m.Population))
	}
	if cm.HasCoords && m.HasCoords {
		d := gazetteer.Distance(cm.Lat, cm.Lon, m.Lat, m.Lon)
		switch r.opt.Distance {
		case "", PreferNear:
			x.raw.distance = 1 / (1 + d/DistanceScale)
		case PreferFar:
			x.raw.distance = d / (d + DistanceScale)
		}
	}
}

// rank filters the candidates, completes their scores and returns the best
// top, score descending, then by ID.
func (r *recommender) rank() []*candidate {
	ranked := make([]*candidate, 0, len(r.cands))
	for _, x := range r.cands {
		if !r.wanted(x) {
			continue
		}
		r.scoreSizeAndDistance(x)
		x.score = r.w.parts(x.raw).sum()
		ranked = append(ranked, x)
	}
	sort.Slice(ranked, func(i, j int) bool {
		if ranked[i].score != ranked[j].score {
			return ranked[i].score > ranked[j].score
		}
		return r.p.nodes[ranked[i].v].ID < r.p.nodes[ranked[j].v].ID
	})
	return ranked[:min(r.top, len(ranked))]
}

// describe returns a ranked place as a Candidate, with its lists sorted,
// its distance, its common partners and the reason.
func (r *recommender) describe(x *candidate) Candidate {
	cm, m := &r.p.nodes[r.c], &r.p.nodes[x.v]
	cd := Candidate{ID: m.ID, Name: m.Name, Country: m.Country, State: m.State, Population: m.Population,
		Score: x.score, Parts: r.w.parts(x.raw), FormerPartner: r.former[x.v], raw: x.raw,
		CommonPartners: r.commonPartners(x.v), SharedNetworks: x.nets, SharedTopics: x.topics}
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
	cd.Reason = cd.reason(cm, len(r.opt.Topics) > 0)
	return cd
}

// commonPartners returns v's active partners that are the city's and have
// two or more active partners, the rarest (fewest partners) first, then by
// name and ID; never nil.
func (r *recommender) commonPartners(v int32) []Ref {
	p := r.p
	type via struct {
		node int32
		deg  int
	}
	var vs []via
	for j := p.off[v]; j < p.off[v+1]; j++ {
		if u := p.adj[j]; r.active[j] && r.partner[u] {
			if du := r.activeDeg(u); du >= 2 {
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
	out := make([]Ref, 0, len(vs))
	for _, u := range vs {
		out = append(out, Ref{p.nodes[u.node].ID, p.nodes[u.node].Name})
	}
	return out
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
