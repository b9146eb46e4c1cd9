package resolvers

import (
	"context"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/schema"
)

// scopeFilter turns a Scope into a projection filter. Errors: INVALID.
func scopeFilter(sc *schema.Scope) (analytics.Filter, error) {
	var f analytics.Filter
	if sc == nil {
		return f, nil
	}
	var ac argCheck
	for _, c := range sc.Countries {
		f.Countries = append(f.Countries, ac.country(c))
	}
	for _, st := range sc.States {
		f.States = append(f.States, ac.state(st))
	}
	if ac.err != nil {
		return f, ac.err
	}
	f.Kinds = slices.Clone(sc.Kinds)
	f.AsOf, f.From, f.To = deref(sc.AsOf), deref(sc.From), deref(sc.To)
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return f, graph.Errorf(graph.EINVALID, "scope: to %s is before from %s", f.To, f.From)
	}
	f.ActiveOnly = deref(sc.ActiveOnly)
	return f, nil
}

// scoped returns the state reads run on and the projection of a scope.
// Errors: UNAVAILABLE, INVALID.
func (r *Resolver) scoped(ctx context.Context, scope *schema.Scope) (*state, *analytics.Projection, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	f, err := scopeFilter(scope)
	if err != nil {
		return nil, nil, err
	}
	v, err := r.view(ctx, s, f)
	return s, v, err
}

// view returns the projection of a scope, built once per projection and
// filter.
func (r *Resolver) view(ctx context.Context, s *state, f analytics.Filter) (*analytics.Projection, error) {
	if f.IsZero() {
		return s.p, nil
	}
	return analytics.Cached(ctx, r.cache, s.p, "view", f.Key(), func() (*analytics.Projection, error) {
		return s.p.View(f), nil
	})
}

// scores computes a centrality measure on v, once per projection.
func (r *Resolver) scores(ctx context.Context, v *analytics.Projection, m schema.CentralityMetric) ([]float64, error) {
	// The all-pairs kernels are expensive: they hold a computation slot,
	// and they stop when every request waiting for them has gone.
	return analytics.CachedExec(ctx, r.cache, v, "centrality", string(m), func(done <-chan struct{}) ([]float64, error) {
		return r.computeScores(v, m, done)
	})
}

// scaledScores is scores with the closeness scale: the component form
// (igraph's) cached apart from the default, Wasserman-Faust.
func (r *Resolver) scaledScores(ctx context.Context, v *analytics.Projection, m schema.CentralityMetric, scale *schema.ClosenessScale) ([]float64, error) {
	if scale != nil && !scale.IsValid() {
		return nil, graph.Errorf(graph.EINVALID, "unknown closenessScale %q", *scale)
	}
	if m != schema.CentralityMetricCloseness || scale == nil || *scale == schema.ClosenessScaleWf {
		return r.scores(ctx, v, m)
	}
	return analytics.CachedExec(ctx, r.cache, v, "centrality", "CLOSENESS/COMPONENT", func(done <-chan struct{}) ([]float64, error) {
		return analytics.Exec{Workers: r.workers, Done: done}.Closeness(v)
	})
}

// computeScores computes a centrality measure on v, uncached; the
// all-pairs kernels stop with analytics.ErrCanceled when done is closed
// (nil: never).
func (r *Resolver) computeScores(v *analytics.Projection, m schema.CentralityMetric, done <-chan struct{}) ([]float64, error) {
	ex := analytics.Exec{Workers: r.workers, Done: done}
	switch m {
	case schema.CentralityMetricDegree:
		return analytics.DegreeCentrality(v), nil
	case schema.CentralityMetricBetweenness:
		return ex.Betweenness(v)
	case schema.CentralityMetricCloseness:
		return ex.ClosenessWF(v)
	case schema.CentralityMetricHarmonic:
		return ex.Harmonic(v)
	case schema.CentralityMetricPagerank:
		return analytics.PageRank(v, 0.85), nil
	case schema.CentralityMetricEigenvector:
		return analytics.Eigenvector(v), nil
	case schema.CentralityMetricKcore:
		k := analytics.KCore(v)
		out := make([]float64, len(k))
		for i, x := range k {
			out[i] = float64(x)
		}
		return out, nil
	}
	return nil, graph.Errorf(graph.EINVALID, "unknown metric %q", m)
}

// bound checks a count argument against 0..max.
func bound(name string, v *int, def, max int) (int, error) {
	n := min(def, max)
	if v != nil {
		n = *v
	}
	if n < 0 || n > max {
		return 0, graph.Errorf(graph.EINVALID, "%s %d: want 0 to %d", name, n, max)
	}
	return n, nil
}

// Centrality ranks the linked places of a scope by a centrality measure.
func (r *queryResolver) Centrality(ctx context.Context, metric schema.CentralityMetric, scope *schema.Scope, country *string, top *int,
	closenessScale *schema.ClosenessScale, shared *schema.AffiliationLayer, actors *bool) ([]schema.CityScore, error) {
	_, v, err := r.scoped(ctx, scope)
	if err != nil {
		return nil, err
	}
	if deref(actors) {
		if shared != nil {
			return nil, graph.Errorf(graph.EINVALID, "centrality: actors and shared are two layers; give one")
		}
		if v, err = r.actorLayer(ctx, v); err != nil {
			return nil, err
		}
	}
	if shared != nil {
		x, err := r.sharedGroups(ctx, v, affiliationLayer(shared), analytics.WeightCount)
		if err != nil {
			return nil, err
		}
		v = x.q
	}
	n, err := bound("top", top, defaultPageSize, r.maxPage)
	if err != nil {
		return nil, err
	}
	sc, err := r.scaledScores(ctx, v, metric, closenessScale)
	if err != nil {
		return nil, err
	}
	var ac argCheck
	cc := ac.country(deref(country))
	if ac.err != nil {
		return nil, ac.err
	}
	// The full ranking is sorted once per projection, metric (with its
	// closeness scale) and country.
	key := string(metric)
	if metric == schema.CentralityMetricCloseness && closenessScale != nil && *closenessScale != schema.ClosenessScaleWf {
		key += "/" + string(*closenessScale)
	}
	idx, err := analytics.Cached(ctx, r.cache, v, "ranking", [2]string{key, cc}, func() ([]int32, error) {
		return analytics.Ranking(v, sc, cc), nil
	})
	if err != nil {
		return nil, err
	}
	idx = idx[:min(n, len(idx))]
	out := make([]schema.CityScore, len(idx))
	for k, i := range idx {
		out[k] = schema.CityScore{Rank: k + 1, City: *v.Node(i), Score: sc[i]}
	}
	return out, nil
}

// louvainResult is a Louvain partition of a projection with its
// communities (analytics.Communities).
type louvainResult struct {
	comm        []int32
	q           float64
	communities []analytics.Community
}

// louvain partitions v with the given seed, once per projection and seed.
func (r *Resolver) louvain(ctx context.Context, v *analytics.Projection, seed int) (louvainResult, error) {
	return analytics.Cached(ctx, r.cache, v, "louvain", seed, func() (louvainResult, error) {
		comm, q := analytics.Louvain(v, int64(seed))
		return louvainResult{comm, q, analytics.Communities(v, comm)}, nil
	})
}

// Communities partitions a scope by Louvain.
func (r *queryResolver) Communities(ctx context.Context, scope *schema.Scope, seed, top *int, city *string, layers []schema.LayerWeight, w *schema.SharedWeighting,
	actors *bool) (schema.CommunityResult, error) {
	s, base, err := r.scoped(ctx, scope)
	if err != nil {
		return schema.CommunityResult{}, err
	}
	v, multi, err := r.combined(ctx, base, layers, w)
	if err != nil {
		return schema.CommunityResult{}, err
	}
	if deref(actors) {
		if len(layers) > 0 || deref(city) != "" {
			return schema.CommunityResult{}, graph.Errorf(graph.EINVALID, "communities: actors is a layer of its own; give it without layers and city")
		}
		if v, err = r.actorLayer(ctx, base); err != nil {
			return schema.CommunityResult{}, err
		}
	}
	n, err := bound("top", top, defaultPageSize, r.maxPage)
	if err != nil {
		return schema.CommunityResult{}, err
	}
	sd := derefOr(seed, defaultSeed)
	cityIdx := int32(-1)
	if c := deref(city); c != "" {
		if cityIdx, err = s.resolve(c); err != nil {
			return schema.CommunityResult{}, err
		}
	}
	lr, err := r.louvain(ctx, v, sd)
	if err != nil {
		return schema.CommunityResult{}, err
	}
	// rank is the community's place in lr.communities, from 1.
	community := func(c analytics.Community, rank int) schema.Community {
		// Members are nodes of v: places (v shares the places' numbering with
		// s) or, for actors, actors.
		members := make([]graph.Municipality, len(c.Members))
		for k, i := range c.Members {
			members[k] = *v.Node(i)
		}
		return schema.Community{ID: int(c.ID), Rank: rank, Size: len(c.Members), Members: members, Countries: keyCountsOf(c.Countries)}
	}
	out := schema.CommunityResult{Seed: sd, Modularity: lr.q, Count: len(lr.communities), Communities: []schema.Community{}}
	if multi {
		pq := analytics.Modularity(base, lr.comm)
		out.PartnershipModularity = &pq
	}
	for k, c := range lr.communities[:min(n, len(lr.communities))] {
		out.Communities = append(out.Communities, community(c, k+1))
	}
	if cityIdx >= 0 {
		k := slices.IndexFunc(lr.communities, func(c analytics.Community) bool { return c.ID == lr.comm[cityIdx] })
		if k >= 0 {
			c := community(lr.communities[k], k+1)
			out.Of = &c
		}
	}
	return out, nil
}

// Members returns the first members of a community, the most linked first.
func (r *communityResolver) Members(ctx context.Context, obj *schema.Community, first *int) ([]graph.Municipality, error) {
	n, err := bound("first", first, 10, max(r.maxPage, len(obj.Members)))
	if err != nil {
		return nil, err
	}
	return obj.Members[:min(n, len(obj.Members))], nil
}

// Stats returns the global figures of a scope.
func (r *queryResolver) Stats(ctx context.Context, scope *schema.Scope, actors *bool) (schema.GraphStats, error) {
	_, v, err := r.scoped(ctx, scope)
	if err != nil {
		return schema.GraphStats{}, err
	}
	if deref(actors) {
		if v, err = r.actorLayer(ctx, v); err != nil {
			return schema.GraphStats{}, err
		}
	}
	// The mean distance needs a search from every place: only when asked.
	mean := isSelected(ctx, "meanDistance")
	key := map[bool]string{true: "mean"}[mean]
	g, err := analytics.CachedExec(ctx, r.cache, v, "stats", key, func(done <-chan struct{}) (analytics.GlobalStats, error) {
		return analytics.Exec{Workers: r.workers, Done: done}.Stats(v, mean)
	})
	if err != nil {
		return schema.GraphStats{}, err
	}
	return schema.GraphStats{Nodes: g.Nodes, Links: g.Links, Density: g.Density, Components: g.Components,
		LargestComponent: g.LargestComponent, AverageClustering: g.AverageClustering, Transitivity: g.Transitivity,
		Assortativity: g.Assortativity, Diameter: g.Diameter, MeanDistance: g.MeanDistance}, nil
}

// coverageInput is what a coverage field counts on: the view of the links
// of the kinds asked for as of a date, the municipality directory, and the
// checked Land and partner country.
type coverageInput struct {
	v   *analytics.Projection
	dir []gazetteer.Gemeinde
	opt analytics.CoverageOptions
}

// coverageInput returns the input of a coverage field. Errors:
// UNAVAILABLE, INTERNAL (the directory), INVALID (Land, country).
func (r *Resolver) coverageInput(ctx context.Context, asOf *graph.Date, kinds []graph.Kind, st, partnerCountry *string) (coverageInput, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return coverageInput{}, err
	}
	v, err := r.view(ctx, s, analytics.Filter{AsOf: deref(asOf), Kinds: slices.Clone(kinds)})
	if err != nil {
		return coverageInput{}, err
	}
	ref, _, err := r.reference()
	if err != nil {
		return coverageInput{}, err
	}
	var ac argCheck
	opt := analytics.CoverageOptions{PartnerCountry: ac.country(deref(partnerCountry)), State: ac.state(deref(st))}
	return coverageInput{v, ref.Directory().All(), opt}, ac.err
}

// Coverage returns the coverage table per Land or Kreis.
func (r *queryResolver) Coverage(ctx context.Context, groupBy schema.CoverageGroup, partnerCountry, st *string, asOf *graph.Date, kinds []graph.Kind) ([]schema.CoverageRow, error) {
	in, err := r.coverageInput(ctx, asOf, kinds, st, partnerCountry)
	if err != nil {
		return nil, err
	}
	v, dir, opt := in.v, in.dir, in.opt
	rows, err := analytics.Cached(ctx, r.cache, v, "coverage/"+string(groupBy), opt, func() ([]analytics.CoverageRow, error) {
		if groupBy == schema.CoverageGroupKreis {
			return analytics.CoverageByKreis(v, dir, opt), nil
		}
		return analytics.CoverageByState(v, dir, opt), nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]schema.CoverageRow, 0, len(rows))
	for _, c := range rows {
		out = append(out, schema.CoverageRow{Key: c.Key, Name: c.Name, State: c.State, Municipalities: c.Municipalities,
			LinkedMunicipalities: c.LinkedMunicipalities, Share: c.Share, LinkedOutside: c.LinkedOutside,
			Population: c.Population, Links: c.Links, LinksPer100k: c.LinksPer100k, Reported: c.Reported,
			KnownOfReported: c.KnownOfReported, TopCountries: keyCountsOf(c.TopCountries)})
	}
	return out, nil
}

func keyCountsOf(in []analytics.KeyCount) []schema.KeyCount {
	out := make([]schema.KeyCount, len(in))
	for i, k := range in {
		out[i] = schema.KeyCount{Key: k.Key, Count: k.Count}
	}
	return out
}

// CoverageByCountry returns the links of German places per partner country.
func (r *queryResolver) CoverageByCountry(ctx context.Context, st, partnerCountry *string, asOf *graph.Date, kinds []graph.Kind) ([]schema.CountryCoverage, error) {
	in, err := r.coverageInput(ctx, asOf, kinds, st, partnerCountry)
	if err != nil {
		return nil, err
	}
	v, dir, opt := in.v, in.dir, in.opt
	rows, err := analytics.Cached(ctx, r.cache, v, "coverage/country", opt, func() ([]analytics.CountryRow, error) {
		return analytics.CoverageByCountry(v, dir, opt), nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]schema.CountryCoverage, 0, len(rows))
	for _, c := range rows {
		out = append(out, schema.CountryCoverage{Country: c.Country, CountryName: countryName(c.Country), Links: c.Links,
			GermanMunicipalities: c.GermanMunicipalities, Places: c.Places, States: keyCountsOf(c.States)})
	}
	return out, nil
}

// CoverageByYear counts the links of German places by year.
func (r *queryResolver) CoverageByYear(ctx context.Context, partnerCountry, st *string, from, to *int, kinds []graph.Kind) (schema.YearCoverage, error) {
	in, err := r.coverageInput(ctx, nil, kinds, st, partnerCountry)
	if err != nil {
		return schema.YearCoverage{}, err
	}
	v, dir, opt := in.v, in.dir, in.opt
	lo, hi := deref(from), deref(to)
	if lo < 0 || hi < 0 || (lo != 0 && hi != 0 && hi < lo) || hi-lo > 1000 {
		return schema.YearCoverage{}, graph.Errorf(graph.EINVALID, "years %d to %d: want from <= to, at most 1000 years apart", lo, hi)
	}
	yc, err := analytics.Cached(ctx, r.cache, v, "coverage/year", [3]any{opt, lo, hi}, func() (analytics.YearCoverage, error) {
		return analytics.CoverageByYear(v, dir, opt, lo, hi), nil
	})
	if err != nil {
		return schema.YearCoverage{}, err
	}
	out := schema.YearCoverage{From: yc.From, To: yc.To, Links: yc.Links, UnknownSince: yc.UnknownSince, Rows: make([]schema.YearCoverageRow, len(yc.Rows))}
	if yc.PartnerCountry != "" {
		out.PartnerCountry = ptr(yc.PartnerCountry)
	}
	if yc.State != "" {
		out.State = ptr(yc.State)
	}
	for i, y := range yc.Rows {
		out.Rows[i] = schema.YearCoverageRow{Year: y.Year, Started: y.Started, Ended: y.Ended, Active: y.Active}
	}
	return out, nil
}

// RecommendPartners returns candidate partners for a city with reasons
// (the partner finder's candidates; see FindPartners).
func (r *queryResolver) RecommendPartners(ctx context.Context, city string, country, st *string, topics []string, limit *int, distance *schema.DistancePreference, minPopulation, maxPopulation *int, where *schema.CandidateWhere, countries, regions []string, topicMatch *schema.TopicMatch) ([]schema.Candidate, error) {
	if country != nil && strings.TrimSpace(*country) != "" {
		countries = append(slices.Clone(countries), *country)
	}
	res, err := r.FindPartners(ctx, city, where, countries, regions, st, topics, topicMatch, minPopulation, maxPopulation, distance, limit, nil)
	if err != nil {
		return nil, err
	}
	return res.Candidates, nil
}

// FindPartners runs the partner finder (analytics.Find) for a place of
// the graph or a German municipality without links.
func (r *queryResolver) FindPartners(ctx context.Context, city string, where *schema.CandidateWhere, countries, regions []string, st *string, topics []string, topicMatch *schema.TopicMatch, minPopulation, maxPopulation *int, distance *schema.DistancePreference, limit *int, lang *schema.Language) (schema.PartnerSearch, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.PartnerSearch{}, err
	}
	n, err := bound("limit", limit, 10, r.maxPage)
	if err != nil {
		return schema.PartnerSearch{}, err
	}
	m, inGraph, err := r.finderCity(s, city)
	if err != nil {
		return schema.PartnerSearch{}, err
	}
	opt, err := r.finderOptions(where, countries, regions, st, topics, topicMatch, minPopulation, maxPopulation, distance)
	if err != nil {
		return schema.PartnerSearch{}, err
	}
	opt.Top = max(n, 1)
	if deref(lang) == schema.LanguageDe {
		opt.Lang = analytics.LangGerman
	}
	rec, err := analytics.Cached(ctx, r.cache, s.p, "findPartners", [2]any{m.ID, opt}, func() (analytics.Recommendation, error) {
		return analytics.Find(s.p, m, opt)
	})
	if err != nil {
		return schema.PartnerSearch{}, err
	}
	out := schema.PartnerSearch{CityID: m.ID, CityName: m.Name, InGraph: inGraph, Where: whereOf(rec.Where),
		Countries: slices.Clone(opt.Countries), Candidates: make([]schema.Candidate, 0, len(rec.Candidates))}
	if out.Countries == nil {
		out.Countries = []string{}
	}
	if n == 0 {
		return out, nil
	}
	for _, k := range rec.Candidates {
		cd, err := s.candidate(k)
		if err != nil {
			return schema.PartnerSearch{}, err
		}
		out.Candidates = append(out.Candidates, cd)
	}
	if rec.Why != "" {
		out.Why = ptr(rec.Why)
	}
	if alt := rec.Alternative; alt != nil {
		cd, err := s.candidate(alt.Candidate)
		if err != nil {
			return schema.PartnerSearch{}, err
		}
		out.Alternative = &schema.FinderAlternative{Dropped: alt.Dropped, Candidate: cd}
	}
	return out, nil
}

// PairScore scores one given pair as the partner finder would.
func (r *queryResolver) PairScore(ctx context.Context, city, partner string) (schema.Candidate, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.Candidate{}, err
	}
	m, _, err := r.finderCity(s, city)
	if err != nil {
		return schema.Candidate{}, err
	}
	b, err := s.resolve(partner)
	if err != nil {
		return schema.Candidate{}, err
	}
	opt := analytics.RecommendOptions{Today: graph.DateOf(r.now())}
	c, err := analytics.PairScore(s.p, m, *s.p.Node(b), opt)
	if err != nil {
		return schema.Candidate{}, err
	}
	return s.candidate(c)
}

// RegionGroups lists the region groups the partner finder takes.
func (r *queryResolver) RegionGroups(context.Context) ([]schema.RegionGroup, error) {
	gs := analytics.RegionGroups()
	out := make([]schema.RegionGroup, len(gs))
	for i, g := range gs {
		out[i] = schema.RegionGroup{Code: g.Code, Name: g.Name, Aliases: g.Aliases, Countries: g.Countries, Note: g.Note}
		if out[i].Aliases == nil {
			out[i].Aliases = []string{}
		}
	}
	return out, nil
}

// finderCity resolves the city of a finder query: a place of the graph
// or, when none matches, a German municipality of the directory.
func (r *queryResolver) finderCity(s *state, city string) (graph.Municipality, bool, error) {
	c, err := s.resolve(city)
	if err == nil {
		return *s.p.Node(c), true, nil
	}
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		if ref, _, rerr := r.reference(); rerr == nil {
			if m, ok := GazetteerPlace(ref.Directory(), city); ok {
				return m, false, nil
			}
		}
	}
	return graph.Municipality{}, false, err
}

// finderOptions checks and converts the finder's arguments.
func (r *queryResolver) finderOptions(where *schema.CandidateWhere, countries, regions []string, st *string, topics []string, topicMatch *schema.TopicMatch, minPopulation, maxPopulation *int, distance *schema.DistancePreference) (analytics.RecommendOptions, error) {
	var ac argCheck
	opt := analytics.RecommendOptions{State: ac.state(deref(st)), Topics: topics,
		MinPopulation: deref(minPopulation), MaxPopulation: deref(maxPopulation), Today: graph.DateOf(r.now())}
	if ac.err != nil {
		return opt, ac.err
	}
	if opt.MinPopulation < 0 || opt.MaxPopulation < 0 || (opt.MaxPopulation > 0 && opt.MinPopulation > opt.MaxPopulation) {
		return opt, graph.Errorf(graph.EINVALID, "minPopulation %d and maxPopulation %d do not make a range", opt.MinPopulation, opt.MaxPopulation)
	}
	cs, err := FinderCountries(countries, regions, r.countryCode)
	if err != nil {
		return opt, err
	}
	opt.Countries = cs
	if where != nil {
		switch *where {
		case schema.CandidateWhereAbroad:
			opt.Where = analytics.WhereAbroad
		case schema.CandidateWhereDomestic:
			opt.Where = analytics.WhereDomestic
		case schema.CandidateWhereAnywhere:
			opt.Where = analytics.WhereAny
		}
	}
	if topicMatch != nil && *topicMatch == schema.TopicMatchAll {
		opt.TopicMatch = analytics.TopicsAll
	}
	switch deref(distance) {
	case schema.DistancePreferenceFar:
		opt.Distance = analytics.PreferFar
	case schema.DistancePreferenceAny:
		opt.Distance = analytics.PreferAny
	default:
		opt.Distance = analytics.PreferNear
	}
	return opt, nil
}

// countryCode reads a country argument: an ISO code or, with the reference
// data, a name ("Polen", "Poland").
func (r *queryResolver) countryCode(s string) (string, error) {
	var ac argCheck
	if c := ac.country(s); ac.err == nil {
		return c, nil
	}
	if ref, _, err := r.reference(); err == nil {
		if code, _, ok := ref.Countries().Resolve(s); ok {
			return code, nil
		}
	}
	return "", graph.Errorf(graph.EINVALID, "country %q: want an ISO 3166-1 alpha-2 code such as PL or a country name", s)
}

func whereOf(w string) schema.CandidateWhere {
	switch w {
	case analytics.WhereAbroad:
		return schema.CandidateWhereAbroad
	case analytics.WhereDomestic:
		return schema.CandidateWhereDomestic
	}
	return schema.CandidateWhereAnywhere
}

// candidate turns a finder candidate into its API type.
func (s *state) candidate(k analytics.Candidate) (schema.Candidate, error) {
	m, err := s.byID(k.ID)
	if err != nil {
		return schema.Candidate{}, err
	}
	cd := schema.Candidate{City: m, Score: k.Score, DistanceKm: k.DistanceKm, FormerPartner: k.FormerPartner, Reason: k.Reason,
		CountryShare: k.CountryShare, Partner: k.Partner,
		Parts: schema.ScoreParts{AdamicAdar: k.Parts.AdamicAdar, ResourceAllocation: k.Parts.ResourceAllocation, Neighbours: k.Parts.Neighbours,
			Networks: k.Parts.Networks, Topics: k.Parts.Topics, Country: k.Parts.Country, Size: k.Parts.Size, Distance: k.Parts.Distance},
		CommonPartners: []graph.Municipality{}, SharedNetworks: []graph.Network{}, SharedTopics: slices.Clone(k.SharedTopics)}
	for _, ref := range k.CommonPartners {
		if p, err := s.byID(ref.ID); err == nil {
			cd.CommonPartners = append(cd.CommonPartners, p)
		}
	}
	for _, ref := range k.SharedNetworks {
		cd.SharedNetworks = append(cd.SharedNetworks, graph.Network{ID: ref.ID, Name: ref.Name})
	}
	if cd.SharedTopics == nil {
		cd.SharedTopics = []string{}
	}
	if nb := k.Near; nb != nil {
		g, gerr := s.byID(nb.Neighbour.ID)
		f, ferr := s.byID(nb.Partner.ID)
		if gerr != nil { // the city itself, not in the graph
			g = graph.Municipality{ID: nb.Neighbour.ID, Name: nb.Neighbour.Name}
		}
		if ferr == nil {
			cd.Near = &schema.NeighbourEvidence{Neighbour: g, KmFromCity: nb.KmFromCity, Partner: f, KmFromCandidate: nb.KmFromCandidate, Neighbours: nb.Neighbours}
		}
	}
	return cd, nil
}

// Changes returns what changed between two dates.
func (r *queryResolver) Changes(ctx context.Context, from graph.Date, to *graph.Date) (schema.ChangeSet, error) {
	s, err := r.stateOf(ctx)
	if err != nil {
		return schema.ChangeSet{}, err
	}
	t := graph.DateOf(r.now())
	if to != nil {
		t = *to
	}
	if t.Before(from) {
		return schema.ChangeSet{}, graph.Errorf(graph.EINVALID, "to %s is before from %s", t, from)
	}
	ch, err := analytics.Diff(s.p, from, t)
	if err != nil {
		return schema.ChangeSet{}, err
	}
	conv := func(in []analytics.LinkChange) ([]schema.LinkChange, error) {
		out := make([]schema.LinkChange, 0, len(in))
		for _, lc := range in {
			key := graph.PartnershipKey(lc.A, lc.B, lc.Kind)
			l, ok := s.link(key)
			if !ok {
				return nil, &graph.Error{Code: graph.EINTERNAL, Message: "internal error", Err: graph.Errorf(graph.EINTERNAL, "changes: link %s not in the projection", key)}
			}
			a, _ := s.byID(l.A)
			b, _ := s.byID(l.B)
			out = append(out, schema.LinkChange{Link: l, A: a, B: b})
		}
		return out, nil
	}
	out := schema.ChangeSet{From: ch.From, To: ch.To, LinksBefore: ch.LinksBefore, LinksAfter: ch.LinksAfter,
		AddedByKind: keyCountsOf(ch.AddedByKind), EndedByKind: keyCountsOf(ch.EndedByKind),
		AddedByCountry: keyCountsOf(ch.AddedByCountry), EndedByCountry: keyCountsOf(ch.EndedByCountry),
		UncertainByKind: keyCountsOf(ch.UncertainByKind), UncertainByCountry: keyCountsOf(ch.UncertainByCountry),
		UncertainBefore: ch.UncertainBefore, UncertainAfter: ch.UncertainAfter, PausedBefore: ch.PausedBefore,
		PausedAfter: ch.PausedAfter, Undated: ch.Undated}
	if out.Added, err = conv(ch.Added); err != nil {
		return schema.ChangeSet{}, err
	}
	if out.Uncertain, err = conv(ch.Uncertain); err != nil {
		return schema.ChangeSet{}, err
	}
	if out.Ended, err = conv(ch.Ended); err != nil {
		return schema.ChangeSet{}, err
	}
	return out, nil
}

// CountryName returns the English name of the country.
func (r *countryCoverageResolver) CountryName(ctx context.Context, obj *schema.CountryCoverage) (string, error) {
	return countryName(obj.Country), nil
}
