package analytics

import (
	"fmt"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/graph"
)

// Linked reports whether nodes u and v are linked (by any link kept in the
// projection, ended or not).
func (p *Projection) Linked(u, v int32) bool {
	_, ok := slices.BinarySearch(p.Neighbors(u), v)
	return ok
}

// neighbourSource is one neighbour's weight on one of its partners.
type neighbourSource struct {
	g  int32 // the neighbour, -1 for the city itself when it is not in the projection
	w  float64
	dg float64 // km from the city
}

// scoreNeighbours adds the neighbourhood part (see NeighbourScale): the
// active partners f of the city and of the places of its country within
// NeighbourCutoff km, each weighing the sum of its neighbours' nearness,
// spread over the places within AroundCutoff km of f. Partners that lie
// where no candidate may (abroad, domestic) are skipped. Sums run in a
// fixed order (partners by index, places by grid cell and index).
func (r *recommender) scoreNeighbours() {
	cm, p := r.cm, r.p
	if !cm.HasCoords {
		return
	}
	grid := p.idx.grid()
	from := map[int32][]neighbourSource{}
	add := func(g int32, w, dg float64) {
		for k := p.off[g]; k < p.off[g+1]; k++ {
			f := p.adj[k]
			fm := &p.nodes[f]
			switch {
			case !r.active[k] || !fm.HasCoords || f == r.c,
				g == r.c && f == r.pair, // a pair score leaves the pair's own link out
				r.where == WhereAbroad && fm.Country == cm.Country,
				r.where == WhereDomestic && fm.Country != cm.Country:
				continue
			}
			from[f] = append(from[f], neighbourSource{g, w, dg})
		}
	}
	if r.c >= 0 {
		add(r.c, 1, 0)
	}
	grid.within(cm.Lat, cm.Lon, NeighbourCutoff, func(g int32, d float64) {
		if g != r.c && p.nodes[g].Country == cm.Country {
			add(g, 1/(1+(d/NeighbourScale)*(d/NeighbourScale)), d)
		}
	})
	fs := make([]int32, 0, len(from))
	for f := range from {
		fs = append(fs, f)
	}
	slices.Sort(fs)
	for _, f := range fs {
		srcs := from[f]
		wf := 0.0
		best := srcs[0]
		for _, s := range srcs {
			wf += s.w
			if s.w > best.w {
				best = s
			}
		}
		fm := &p.nodes[f]
		grid.within(fm.Lat, fm.Lon, AroundCutoff, func(v int32, d float64) {
			if !r.eligible(v) || !r.placeOK(&p.nodes[v]) {
				return
			}
			k := 1 / (1 + (d/AroundScale)*(d/AroundScale))
			x := r.cand(v)
			x.raw.neighbours += wf * k
			nb := &x.near
			if c := best.w * k; c > nb.x {
				nb.x, nb.g, nb.f, nb.dg, nb.df = c, best.g, f, best.dg, d
			}
			if nb.neighbours == nil {
				nb.neighbours = map[int32]bool{}
			}
			for _, s := range srcs {
				nb.neighbours[s.g] = true
			}
		})
	}
}

// countryShare counts the partners' countries of the places in the city's
// Land (in its country when it has no Land).
type countryShare struct {
	label string
	count map[string]int
	total int
}

func (cs *countryShare) share(country string) float64 {
	if cs.total == 0 {
		return 0
	}
	return float64(cs.count[country]) / float64(cs.total)
}

// countryShares counts, once per run, the countries at the other end of
// the active links of the places in the city's Land (or country).
func (r *recommender) countryShares() *countryShare {
	if r.shares != nil {
		return r.shares
	}
	cm, p := r.cm, r.p
	cs := &countryShare{label: cm.State, count: map[string]int{}}
	home := func(m *graph.Municipality) bool { return m.State == cm.State }
	if cm.State == "" {
		cs.label = cm.Country
		home = func(m *graph.Municipality) bool { return m.Country == cm.Country && m.State == "" }
	}
	if cs.label != "" {
		for li := range p.links {
			if linkEnded(&p.links[li], r.opt.Today) {
				continue
			}
			e := p.ends[li]
			a, b := &p.nodes[e[0]], &p.nodes[e[1]]
			if home(a) {
				cs.count[b.Country]++
				cs.total++
			}
			if home(b) {
				cs.count[a.Country]++
				cs.total++
			}
		}
	}
	r.shares = cs
	return cs
}

// explainEmpty says why a run found no candidate and finds the nearest
// alternative: the best candidate once one filter is dropped (topics,
// population, Land, countries, where), trying them in that order, then
// all at once.
func explainEmpty(p *Projection, city graph.Municipality, r *recommender) (string, *Alternative) {
	opt, w := r.opt, phrasesFor(r.opt.Lang)
	var filters []string
	if r.where != WhereAny {
		filters = append(filters, w.whereName(r.where))
	}
	var countries []string
	if opt.Country != "" {
		countries = append(countries, opt.Country)
	}
	countries = append(countries, opt.Countries...)
	if len(countries) > 0 {
		filters = append(filters, w.in+w.joinNames(countries, 5))
	}
	if opt.State != "" {
		filters = append(filters, w.in+opt.State)
	}
	if opt.MinPopulation > 0 || opt.MaxPopulation > 0 {
		filters = append(filters, w.ofSize)
	}
	if len(opt.Topics) > 0 {
		if opt.TopicMatch == TopicsAll && len(opt.Topics) > 1 {
			filters = append(filters, w.workingOnAll+w.joinNames(opt.Topics, 5))
		} else {
			filters = append(filters, w.workingOn+strings.Join(opt.Topics, w.or))
		}
	}
	var why string
	if r.c < 0 && !r.cm.HasCoords && len(p.MembershipsOf(city.ID)) == 0 {
		why = fmt.Sprintf(w.noPosition, city.Name)
	} else {
		why = fmt.Sprintf(w.nothingShared, cmpOr(strings.Join(filters, ", "), w.anywhere), city.Name)
	}
	type drop struct {
		name string
		f    func(o *RecommendOptions)
		on   bool
	}
	drops := []drop{
		{w.dropTopics + strings.Join(opt.Topics, ","), func(o *RecommendOptions) { o.Topics, o.TopicMatch = nil, "" }, len(opt.Topics) > 0},
		{w.dropPopulation, func(o *RecommendOptions) { o.MinPopulation, o.MaxPopulation = 0, 0 }, opt.MinPopulation > 0 || opt.MaxPopulation > 0},
		{w.dropLand + opt.State, func(o *RecommendOptions) { o.State = "" }, opt.State != ""},
		{w.dropCountries + strings.Join(countries, ","), func(o *RecommendOptions) { o.Country, o.Countries = "", nil }, len(countries) > 0},
		{fmt.Sprintf(w.dropWhere, w.whereName(r.where)), func(o *RecommendOptions) { o.Where = WhereAny }, r.where != WhereAny},
	}
	try := func(o RecommendOptions) *Candidate {
		o.Top = 1
		rr, err := newRecommender(p, city, o)
		if err != nil {
			return nil
		}
		if out := rr.run(-1); len(out) > 0 {
			return &out[0]
		}
		return nil
	}
	all := opt
	var names []string
	for _, d := range drops {
		if !d.on {
			continue
		}
		o := opt
		d.f(&o)
		if c := try(o); c != nil {
			return why, &Alternative{Dropped: d.name, Candidate: *c}
		}
		d.f(&all)
		names = append(names, d.name)
	}
	if len(names) > 1 {
		if c := try(all); c != nil {
			return why, &Alternative{Dropped: strings.Join(names, "; "), Candidate: *c}
		}
	}
	return why, nil
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
