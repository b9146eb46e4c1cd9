package analytics

import (
	"fmt"
	"math"
	"slices"
	"sort"
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

// Where candidates may lie, for RecommendOptions.Where.
const (
	WhereAbroad   = "abroad"   // outside the city's country (the default for a German city)
	WhereDomestic = "domestic" // in the city's country
	WhereAny      = "any"      // anywhere (the default for a city outside Germany)
)

// How several topics of interest combine, for RecommendOptions.TopicMatch.
const (
	TopicsAny = "any" // a candidate works on at least one (the default)
	TopicsAll = "all" // a candidate works on every one
)

// DistanceScale is the distance in km at which the distance part is half
// its maximum: near = 1/(1+d/DistanceScale), far = d/(d+DistanceScale).
const DistanceScale = 500.0

// The neighbourhood part (ScoreParts.Neighbours): the city's neighbours are
// the places of its country within NeighbourCutoff km, weighted
// 1/(1+(d/NeighbourScale)²) (the city itself weighs 1); each of their
// partners spreads that weight to the places within AroundCutoff km of it,
// times 1/(1+(d/AroundScale)²). The scales were chosen on the first seed of
// the demo evaluation (scripts/evalrank) and then left alone.
const (
	NeighbourScale  = 10.0
	NeighbourCutoff = 40.0
	AroundScale     = 15.0
	AroundCutoff    = 60.0
)

// Weights weigh the parts of a recommendation score; a candidate's score is
// the sum of weight times raw value over the parts.
type Weights struct {
	AdamicAdar         float64 `json:"adamicAdar"`
	ResourceAllocation float64 `json:"resourceAllocation"`
	Neighbours         float64 `json:"neighbours"`
	Networks           float64 `json:"networks"` // per shared network
	Topics             float64 `json:"topics"`
	Country            float64 `json:"country"`
	Size               float64 `json:"size"`
	Distance           float64 `json:"distance"`
}

// DefaultWeights returns the weights Recommend uses when none are given:
// partners of partners (Adamic-Adar 1, resource allocation 1) and the
// partners of the city's neighbours and places near them (1) count most,
// then shared topics (1 for sharing every topic of interest) and networks
// (0.5 each), the partner country's share among the Land's partners (0.5);
// size and distance break ties (0.25 each).
func DefaultWeights() Weights {
	return Weights{AdamicAdar: 1, ResourceAllocation: 1, Neighbours: 1, Networks: 0.5, Topics: 1, Country: 0.5, Size: 0.25, Distance: 0.25}
}

// RecommendOptions narrows and tunes Recommend.
type RecommendOptions struct {
	// Top is how many candidates to return (default 10).
	Top int
	// Where is WhereAbroad, WhereDomestic or WhereAny; "" means abroad
	// for a German city and anywhere for others.
	Where string
	// Country keeps candidates in this country (ISO 3166-1 alpha-2);
	// Countries in any of these (a region group is given as its
	// countries, see LookupRegionGroup). Both may be given: a candidate
	// must pass both.
	Country   string
	Countries []string
	// State keeps candidates in this Land (ISO 3166-2, e.g. "DE-NW").
	State string
	// MinPopulation and MaxPopulation bound the candidates' population when
	// non-zero; a candidate of unknown population fails either bound.
	MinPopulation, MaxPopulation int
	// Topics are the topics of interest: when given, a candidate must have
	// at least one of them (TopicMatch all: every one) on its links, and the
	// topics part scores the share of them it has. When empty, the topics
	// on the city's own links are scored and not required. Topics are
	// compared in their normal form (graph.NormalizeTopic: "SDG 11",
	// "sdg-11" and "Ziel 11" are one topic).
	Topics     []string
	TopicMatch string
	// Today decides which links and memberships have ended: those with an
	// until date before it, and links marked ENDED. When zero, every link
	// and membership with an until date counts as ended.
	Today graph.Date
	// Distance is PreferNear (default), PreferFar or PreferAny.
	Distance string
	// Weights overrides DefaultWeights.
	Weights *Weights
	// Lang is the language of the sentences (Candidate.Reason,
	// Recommendation.Why, Alternative.Dropped): LangGerman, or English
	// for anything else.
	Lang string
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
	// Neighbours is what the partners of the city's neighbours say: the
	// sum over the neighbours g (and the city itself) and their partners f
	// of near(city, g) times near(f, candidate) (see NeighbourScale).
	Neighbours float64 `json:"neighbours"`
	// Networks is the number of networks both belong to.
	Networks float64 `json:"networks"`
	// Topics is the share of the topics of interest on the candidate's
	// links.
	Topics float64 `json:"topics"`
	// Country is the share of the candidate's country among the partners
	// of the places in the city's Land (its country outside Germany).
	Country float64 `json:"country"`
	// Size is min/max of the two populations, 0 when one is unknown.
	Size float64 `json:"size"`
	// Distance is 1/(1+d/DistanceScale) (near) or d/(d+DistanceScale) (far),
	// 0 when a position is unknown.
	Distance float64 `json:"distance"`
}

// NeighbourEvidence is the largest single contribution to the neighbourhood
// part: a neighbour of the city (or the city itself) whose partner lies at
// or near the candidate.
type NeighbourEvidence struct {
	// Neighbour is the place near the city, KmFromCity away (0 for the
	// city itself).
	Neighbour  Ref     `json:"neighbour"`
	KmFromCity float64 `json:"kmFromCity"`
	// Partner is the neighbour's partner, KmFromCandidate away from the
	// candidate (0 when it is the candidate).
	Partner         Ref     `json:"partner"`
	KmFromCandidate float64 `json:"kmFromCandidate"`
	// Neighbours counts the neighbours whose partners contribute.
	Neighbours int `json:"neighbours"`
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
	CommonPartners []Ref              `json:"commonPartners"`
	Near           *NeighbourEvidence `json:"near,omitempty"`
	SharedNetworks []Ref              `json:"sharedNetworks"`
	SharedTopics   []string           `json:"sharedTopics"`
	// CountryShare is the share of the candidate's country among the
	// partners of places in the city's Land (or country), of CountryBase
	// partners.
	CountryShare  float64  `json:"countryShare"`
	CountryBase   int      `json:"countryBase"`
	DistanceKm    *float64 `json:"distanceKm,omitempty"`
	FormerPartner bool     `json:"formerPartner,omitempty"` // linked to the city only by ended links
	// Partner is set by PairScore when the two are already partners.
	Partner bool      `json:"partner,omitempty"`
	Reason  string    `json:"reason"`
	raw     rawScores // unweighted parts
}

type rawScores struct {
	aa, ra, neighbours, networks, topics, country, size, distance float64
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
// best first (score descending, then ID): see Find, of which it returns
// the candidates.
func Recommend(p *Projection, city string, opt RecommendOptions) ([]Candidate, error) {
	c, ok := p.index.get(city)
	if !ok {
		return nil, &graph.Error{Code: graph.ENOTFOUND, Op: "recommend", Message: fmt.Sprintf("no municipality with id %q", city)}
	}
	r, err := newRecommender(p, p.nodes[c], opt)
	if err != nil {
		return nil, err
	}
	return r.run(-1), nil
}

// Find is the partner finder: it returns places the city is not linked
// to, best first (score descending, then ID), scored by partners of
// partners (Adamic-Adar and resource allocation over the common partners),
// the partners of the city's neighbours and the places near them (what
// similar municipalities nearby are partnered with), shared network
// memberships, shared topics, the share of the candidate's country among
// the partners of the city's Land, similar size and distance, each with its
// score parts and a one-line reason such as "partner of your partners
// Lublin and Windsor; both in Eurocities".
//
// The city need not be in the projection: a municipality from the
// gazetteer without links is scored by its neighbours, Land, size and the
// networks it is a member of. For a German city candidates lie abroad
// unless RecommendOptions.Where says otherwise.
//
// Ended links (status ENDED, or an until date; see RecommendOptions.Today)
// count nowhere: not as partners, not for degrees, not for topics; a place
// linked to the city only by ended links may come back as a candidate,
// marked FormerPartner. Ended memberships count neither. A candidate needs
// at least one common partner, neighbour's partner nearby, shared network
// or topic of interest; country share, size and distance only rank.
//
// When no candidate passes, the Recommendation says why and names the
// nearest alternative: the best candidate once a filter is dropped.
//
// Find returns a graph.Error with code EINVALID for a bad option. The
// work is O(places + links + memberships) per call.
func Find(p *Projection, city graph.Municipality, opt RecommendOptions) (Recommendation, error) {
	r, err := newRecommender(p, city, opt)
	if err != nil {
		return Recommendation{}, err
	}
	rec := Recommendation{Where: r.where, Candidates: r.run(-1)}
	if len(rec.Candidates) == 0 {
		rec.Why, rec.Alternative = explainEmpty(p, city, r)
	}
	return rec, nil
}

// Recommendation is what Find answers.
type Recommendation struct {
	// Where is where the candidates were looked for (WhereAbroad, ...).
	Where      string      `json:"where"`
	Candidates []Candidate `json:"candidates"`
	// Why says, for an empty answer, what was missing.
	Why string `json:"why,omitempty"`
	// Alternative is, for an empty answer, the best candidate once a
	// filter is dropped, and which.
	Alternative *Alternative `json:"alternative,omitempty"`
}

// Alternative is the nearest answer to a query that found nothing.
type Alternative struct {
	// Dropped names the filter left out ("country PL", "topics youth").
	Dropped   string    `json:"dropped"`
	Candidate Candidate `json:"candidate"`
}

// PairScore scores one given pair as Find would score b as a candidate for
// a (b need not pass Find's filters nor share anything with a; the parts
// are then 0 but size, distance and country): link prediction for one
// pair. Partner is set when the two are already partners; the parts are
// then those of b as if the links between them were not there.
func PairScore(p *Projection, a, b graph.Municipality, opt RecommendOptions) (Candidate, error) {
	bi, ok := p.index.get(b.ID)
	if !ok {
		return Candidate{}, &graph.Error{Code: graph.ENOTFOUND, Op: "pair score", Message: fmt.Sprintf("no municipality with id %q in the graph", b.ID)}
	}
	if a.ID == b.ID {
		return Candidate{}, &graph.Error{Code: graph.EINVALID, Op: "pair score", Message: fmt.Sprintf("%s with itself", a.ID)}
	}
	opt.Where, opt.Country, opt.Countries, opt.State, opt.MinPopulation, opt.MaxPopulation = WhereAny, "", nil, "", 0, 0
	opt.TopicMatch, opt.Top = "", 1
	r, err := newRecommender(p, a, opt)
	if err != nil {
		return Candidate{}, err
	}
	out := r.run(bi)
	return out[0], nil
}

// recommender holds one run of Recommend: the city, which links are still
// active, and the candidates scored so far.
type recommender struct {
	p     *Projection
	c     int32 // the city's node, -1 when it is not in the projection
	cm    *graph.Municipality
	city  string // its id
	opt   RecommendOptions
	w     Weights
	top   int
	where string
	in    map[string]bool // countries asked for (Country, Countries), nil for any
	pair  int32           // PairScore's candidate, -1 otherwise

	active     []bool         // per adjacency slot: the pair has an active link
	partner    []bool         // per node: an active partner of the city
	former     map[int32]bool // linked to the city by ended links only
	cityTopics map[string]bool

	cands  map[int32]*candidate
	shares *countryShare // countryShares, computed once
}

// candidate is a place being scored.
type candidate struct {
	v      int32
	raw    rawScores
	nets   []Ref
	topics []string
	score  float64
	near   nearBest
}

// nearBest is the largest contribution to the neighbourhood part so far.
type nearBest struct {
	x          float64
	g, f       int32
	dg, df     float64
	neighbours map[int32]bool
}

// newRecommender checks the options and finds the city's active links,
// partners and topics. Errors: INVALID.
func newRecommender(p *Projection, city graph.Municipality, opt RecommendOptions) (*recommender, error) {
	bad := func(format string, a ...any) error {
		return &graph.Error{Code: graph.EINVALID, Op: "recommend", Message: fmt.Sprintf(format, a...)}
	}
	switch opt.Distance {
	case "", PreferNear, PreferFar, PreferAny:
	default:
		return nil, bad("distance preference %q: want near, far or any", opt.Distance)
	}
	switch opt.Where {
	case "":
		opt.Where = WhereAny
		if city.Country == "DE" {
			opt.Where = WhereAbroad
		}
	case WhereAbroad, WhereDomestic, WhereAny:
	default:
		return nil, bad("where %q: want abroad, domestic or any", opt.Where)
	}
	switch opt.TopicMatch {
	case "", TopicsAny, TopicsAll:
	default:
		return nil, bad("topic match %q: want any or all", opt.TopicMatch)
	}
	opt.Topics = graph.NormalizeTopics(opt.Topics)
	c, ok := p.index.get(city.ID)
	if !ok {
		c = -1
	}
	r := &recommender{p: p, c: c, cm: &city, city: city.ID, opt: opt, w: DefaultWeights(), top: opt.Top,
		where: opt.Where, pair: -1, cands: map[int32]*candidate{}}
	if c >= 0 {
		r.cm = &p.nodes[c]
	}
	if opt.Weights != nil {
		r.w = *opt.Weights
	}
	if r.top <= 0 {
		r.top = 10
	}
	if len(opt.Countries) > 0 {
		r.in = map[string]bool{}
		for _, cc := range opt.Countries {
			r.in[strings.ToUpper(cc)] = true
		}
	}
	r.findActive()
	return r, nil
}

// run scores and ranks; with pair >= 0 it scores that one place only and
// returns it whatever its score.
func (r *recommender) run(pair int32) []Candidate {
	r.pair = pair
	// Scores first, for every candidate; names, reasons and lists only for
	// the ones returned.
	r.scorePartnersOfPartners()
	r.scoreNeighbours()
	r.scoreSharedNetworks()
	r.scoreSharedTopics()
	var ranked []*candidate
	if pair >= 0 {
		x := r.cand(pair)
		r.scoreStatic(x)
		ranked = []*candidate{x}
	} else {
		ranked = r.rank()
	}
	out := make([]Candidate, 0, len(ranked))
	for _, x := range ranked {
		out = append(out, r.describe(x))
	}
	return out
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
				n, _ := graph.NormalizeTopic(t)
				r.cityTopics[n] = true
			}
		}
	}
	r.partner = make([]bool, p.N())
	if c < 0 {
		return
	}
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

// eligible reports whether v may be scored: not the city, not one of its
// active partners; for a pair score, only the pair's other place (partner
// or not).
func (r *recommender) eligible(v int32) bool {
	if r.pair >= 0 {
		return v == r.pair
	}
	return v != r.c && !r.partner[v]
}

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
	if r.c < 0 {
		return
	}
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
	for _, m := range r.p.MembershipsOf(r.city) {
		if !r.memberEnded(&m) {
			cityNets[m.Network] = true
		}
	}
	if len(cityNets) == 0 {
		return
	}
	for i := range s.Memberships {
		m := &s.Memberships[i]
		if !cityNets[m.Network] || r.memberEnded(m) {
			continue
		}
		v, ok := r.p.index.get(m.Municipality)
		if !ok || !r.eligible(v) {
			continue
		}
		x := r.cand(v)
		if !slices.ContainsFunc(x.nets, func(n Ref) bool { return n.ID == m.Network }) {
			name := m.Network
			if n, ok := r.p.Network(m.Network); ok && n.Name != "" {
				name = n.Name
			}
			x.nets = append(x.nets, Ref{m.Network, name})
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
			if n, _ := graph.NormalizeTopic(t); wanted[n] {
				r.addTopic(p.ends[li], n)
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

// placeOK reports whether a place lies where candidates are looked for
// and passes the country, Land and population filters.
func (r *recommender) placeOK(m *graph.Municipality) bool {
	opt := &r.opt
	switch {
	case r.where == WhereAbroad && m.Country == r.cm.Country,
		r.where == WhereDomestic && m.Country != r.cm.Country,
		opt.Country != "" && m.Country != opt.Country,
		r.in != nil && !r.in[m.Country],
		opt.State != "" && m.State != opt.State,
		opt.MinPopulation > 0 && (m.Population == 0 || m.Population < opt.MinPopulation),
		opt.MaxPopulation > 0 && (m.Population == 0 || m.Population > opt.MaxPopulation):
		return false
	}
	return true
}

// wanted reports whether a candidate passes the filters of the options
// (where, countries, Land, population, topics asked for).
func (r *recommender) wanted(x *candidate) bool {
	if !r.placeOK(&r.p.nodes[x.v]) {
		return false
	}
	if n := len(r.opt.Topics); n > 0 {
		if len(x.topics) == 0 || (r.opt.TopicMatch == TopicsAll && len(x.topics) < n) {
			return false
		}
	}
	return true
}

// scoreStatic sets the parts that need no search: country share, size
// and distance.
func (r *recommender) scoreStatic(x *candidate) {
	cm, m := r.cm, &r.p.nodes[x.v]
	x.raw.country = r.countryShares().share(m.Country)
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
	x.score = r.w.parts(x.raw).sum()
}

// rank filters the candidates, completes their scores and returns the best
// top, score descending, then by ID.
func (r *recommender) rank() []*candidate {
	ranked := make([]*candidate, 0, len(r.cands))
	for _, x := range r.cands {
		if !r.wanted(x) {
			continue
		}
		r.scoreStatic(x)
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
	cm, m := r.cm, &r.p.nodes[x.v]
	cs := r.countryShares()
	cd := Candidate{ID: m.ID, Name: m.Name, Country: m.Country, State: m.State, Population: m.Population,
		Score: x.score, Parts: r.w.parts(x.raw), FormerPartner: r.former[x.v], raw: x.raw,
		CommonPartners: r.commonPartners(x.v), SharedNetworks: x.nets, SharedTopics: x.topics,
		CountryShare: cs.share(m.Country), CountryBase: cs.total, Partner: r.partner[x.v]}
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
	if nb := x.near; nb.x > 0 && r.w.Neighbours > 0 {
		g := Ref{r.city, cm.Name}
		if nb.g >= 0 {
			g = Ref{r.p.nodes[nb.g].ID, r.p.nodes[nb.g].Name}
		}
		cd.Near = &NeighbourEvidence{Neighbour: g, KmFromCity: nb.dg, Partner: Ref{r.p.nodes[nb.f].ID, r.p.nodes[nb.f].Name},
			KmFromCandidate: nb.df, Neighbours: len(nb.neighbours)}
	}
	cd.Reason = cd.reason(phrasesFor(r.opt.Lang), cm, len(r.opt.Topics) > 0, cs.label)
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
		Neighbours:         w.Neighbours * r.neighbours,
		Networks:           w.Networks * r.networks,
		Topics:             w.Topics * r.topics,
		Country:            w.Country * r.country,
		Size:               w.Size * r.size,
		Distance:           w.Distance * r.distance,
	}
}

// sum adds the parts up, in a fixed order.
func (s ScoreParts) sum() float64 {
	return s.AdamicAdar + s.ResourceAllocation + s.Neighbours + s.Networks + s.Topics + s.Country + s.Size + s.Distance
}

// adjSlot returns the position of v in u's row of Adj; u and v must be linked.
func (p *Projection) adjSlot(u, v int32) int32 {
	row := p.Neighbors(u)
	i, _ := slices.BinarySearch(row, v)
	return p.off[u] + int32(i)
}

// reason writes the one-line explanation of a candidate in w's language;
// countryLabel names where the country shares come from ("DE-BW").
func (x *Candidate) reason(w *phrases, city *graph.Municipality, askedTopics bool, countryLabel string) string {
	var parts []string
	if x.Partner {
		parts = append(parts, w.alreadyPartners)
	}
	if x.FormerPartner {
		parts = append(parts, w.formerPartner)
	}
	if n := len(x.CommonPartners); n > 0 {
		names := make([]string, n)
		for i, r := range x.CommonPartners {
			names[i] = r.Name
		}
		if n == 1 {
			parts = append(parts, w.partnerOfPartner+names[0])
		} else {
			parts = append(parts, w.partnerOfPartners+w.joinNames(names, 3))
		}
	}
	if nb := x.Near; nb != nil {
		parts = append(parts, nb.phrase(w, city.ID))
	}
	if len(x.SharedNetworks) > 0 {
		names := make([]string, len(x.SharedNetworks))
		for i, r := range x.SharedNetworks {
			names[i] = r.Name
		}
		parts = append(parts, w.bothIn+w.joinNames(names, 3))
	}
	if len(x.SharedTopics) > 0 {
		if askedTopics {
			parts = append(parts, w.worksOn+w.joinNames(x.SharedTopics, 3))
		} else {
			parts = append(parts, w.bothWorkOn+w.joinNames(x.SharedTopics, 3))
		}
	}
	if x.CountryShare >= 0.05 && x.Parts.Country > 0 && countryLabel != "" {
		parts = append(parts, fmt.Sprintf(w.countryShare, x.Country, int(math.Round(100*x.CountryShare)), countryLabel))
	}
	if x.raw.size >= 0.5 {
		parts = append(parts, fmt.Sprintf(w.similarSize, w.number(city.Population), w.number(x.Population)))
	}
	if x.DistanceKm != nil {
		parts = append(parts, fmt.Sprintf(w.kmAway, w.number(int(math.Round(*x.DistanceKm)))))
	}
	if len(parts) == 0 {
		return fmt.Sprintf(w.sharesNothing, city.Name)
	}
	return strings.Join(parts, "; ")
}

// phrase says the neighbourhood evidence in a few words: "partner of your
// neighbour Herne (12 km)", "near Amiens (8 km), partner of your neighbour
// Herne (12 km)", "near your partner Amiens (8 km)"; and how many
// neighbours have partners nearby when several do.
func (nb *NeighbourEvidence) phrase(w *phrases, city string) string {
	var s string
	own := nb.Neighbour.ID == city
	km := func(d float64) string { return w.number(int(math.Round(d))) + " km" }
	switch {
	case own:
		s = fmt.Sprintf(w.nearYourPartner, nb.Partner.Name, km(nb.KmFromCandidate))
	case nb.KmFromCandidate == 0:
		s = fmt.Sprintf(w.neighboursPartner, nb.Neighbour.Name, km(nb.KmFromCity))
	default:
		s = fmt.Sprintf(w.nearNeighboursPartner, nb.Partner.Name, km(nb.KmFromCandidate), nb.Neighbour.Name, km(nb.KmFromCity))
	}
	if nb.Neighbours > 1 {
		s += fmt.Sprintf(w.neighboursAround, nb.Neighbours, AroundCutoff)
	}
	return s
}
