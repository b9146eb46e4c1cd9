package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/identity"
	"github.com/citygraph/citygraph/resolvers"
)

const recommendDescription = `The partner finder: candidate partner places for a municipality, for network
offices. For a German municipality candidates lie abroad unless --domestic
(or --anywhere) is given. Candidates are places the municipality is not
linked to yet, scored by partners of partners (Adamic-Adar and resource
allocation), the partners of its neighbours within 40 km and the places near
them, shared city networks, shared topics, the share of the candidate's
country among its Land's partners, similar size and distance; each comes with
its score parts and a one-line reason such as "partner of your neighbour
Herne (12 km); both in Eurocities".

--city takes an ID (DE:08222000), an AGS (08222000) or a name (Mannheim,
"Frankfurt, DE-HE"); a German municipality without links (an AGS or a name
from the municipality directory) is scored by its neighbours, Land and size.
--country takes codes or names, --region region groups (EU, EAP, WB, ...;
--regions lists them), both comma-separated. --topic takes several topics
(SDG spellings such as "SDG 11", "sdg11" and "Ziel 11" are one topic); a
candidate needs one of them, or all with --all-topics. An empty answer says
why and names the nearest alternative. --partner scores one given pair.

Ended links (status ENDED, or an until date before --today) count nowhere.`

// recommendResult is the JSON of `recommend`.
type recommendResult struct {
	City        analytics.Ref          `json:"city"`
	Country     string                 `json:"country"`
	InGraph     bool                   `json:"inGraph"`
	Version     int64                  `json:"version"`
	Where       string                 `json:"where"`
	Countries   []string               `json:"countries,omitempty"`
	Weights     analytics.Weights      `json:"weights"`
	Candidates  []analytics.Candidate  `json:"candidates"`
	Why         string                 `json:"why,omitempty"`
	Alternative *analytics.Alternative `json:"alternative,omitempty"`
	// Pair is the score of --partner.
	Pair *analytics.Candidate `json:"pair,omitempty"`
}

func (a *app) runRecommend(ctx context.Context, args []string) error {
	f, err := a.parseRecommendFlags(args)
	if err != nil || f == nil {
		return err
	}
	opt, err := f.options()
	if err != nil {
		return err
	}
	p, closeStore, err := a.openProjection(ctx, f.so)
	if err != nil {
		return err
	}
	defer closeStore()
	ref, err := a.reference()
	if err != nil {
		return err
	}
	m, inGraph, err := resolveFinderCity(ref, p, *f.city)
	if err != nil {
		return err
	}
	res := recommendResult{City: analytics.Ref{ID: m.ID, Name: m.Name}, Country: m.Country, InGraph: inGraph, Version: p.Version(),
		Countries: opt.Countries, Weights: analytics.DefaultWeights()}
	if *f.partner != "" {
		return a.recommendPair(f, ref, p, m, opt, res)
	}
	rec, err := analytics.Find(p, m, opt)
	if err != nil {
		return fmt.Errorf("recommend partners for %s: %w", m.ID, err)
	}
	res.Where, res.Candidates, res.Why, res.Alternative = rec.Where, rec.Candidates, rec.Why, rec.Alternative
	if *f.asJSON {
		return a.writeCited(f.cite, p, res)
	}
	if err := a.printRecommendation(m, inGraph, rec); err != nil {
		return err
	}
	a.printCitation(f.cite, p)
	return nil
}

// recommendFlags are the flags of recommend.
type recommendFlags struct {
	fs                                    *flag.FlagSet
	so                                    *storeOptions
	city, partner, country, region, state *string
	topics, distance, today               *string
	top, minPop, maxPop                   *int
	domestic, anywhere, allTopics, asJSON *bool
	cite                                  *citeOptions
}

// parseRecommendFlags reads and checks the flags of recommend; it returns
// nil flags when it has answered already (--regions).
func (a *app) parseRecommendFlags(args []string) (*recommendFlags, error) {
	fs := a.newFlagSet("recommend",
		"recommend --city ID|NAME [--partner ID|NAME] [--top N] [--domestic|--anywhere] [--country C,..] [--region R,..] [--topic T,.. [--all-topics]] [--json]", recommendDescription)
	f := &recommendFlags{fs: fs, so: a.storeFlags(fs)}
	f.city = fs.String("city", "", "the municipality: `ID`, AGS or name (required)")
	f.partner = fs.String("partner", "", "score this one `place` as a partner of --city (ID, AGS or name)")
	f.top = fs.Int("top", 10, "how many candidates to list")
	f.domestic = fs.Bool("domestic", false, "candidates in the municipality's own country (default for a German one: abroad)")
	f.anywhere = fs.Bool("anywhere", false, "candidates at home and abroad")
	f.country = fs.String("country", "", "only candidates in these `countries` (ISO codes or names, comma-separated)")
	f.region = fs.String("region", "", "only candidates in these region `groups` (EU, EAP, WB, ...; comma-separated)")
	regions := fs.Bool("regions", false, "list the region groups and exit")
	f.state = fs.String("state", "", "only candidates in this `Land` (DE-NW, NW or Nordrhein-Westfalen)")
	f.topics = fs.String("topic", "", "only candidates working on one of these `topics` (comma-separated, e.g. climate,SDG11)")
	f.allTopics = fs.Bool("all-topics", false, "with several --topic: candidates working on every one")
	f.minPop = fs.Int("min-population", 0, "only candidates with at least this many `inhabitants`")
	f.maxPop = fs.Int("max-population", 0, "only candidates with at most this many `inhabitants`")
	f.distance = fs.String("distance", analytics.PreferNear, "distance preference: `near`, far or any")
	f.today = fs.String("today", "", "links and memberships with an until date before this `date` have ended (default: today)")
	f.asJSON = fs.Bool("json", false, "print JSON")
	f.cite = citeFlags(fs, "recommend", "")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, usageError("unexpected arguments %v", fs.Args())
	}
	if *regions {
		return nil, a.printRegionGroups(*f.asJSON)
	}
	switch {
	case strings.TrimSpace(*f.city) == "":
		return nil, usageError("--city is required")
	case *f.top < 1:
		return nil, usageError("--top must be at least 1")
	case *f.domestic && *f.anywhere:
		return nil, usageError("--domestic and --anywhere exclude each other")
	case *f.minPop < 0 || *f.maxPop < 0 || (*f.maxPop > 0 && *f.minPop > *f.maxPop):
		return nil, usageError("--min-population %d and --max-population %d do not make a range", *f.minPop, *f.maxPop)
	}
	switch *f.distance {
	case analytics.PreferNear, analytics.PreferFar, analytics.PreferAny:
	default:
		return nil, usageError("--distance %q: want near, far or any", *f.distance)
	}
	return f, nil
}

// options turns the flags into the finder's options: countries and
// region groups resolved, the Land, the day (today unless --today, then
// set as --today so that the provenance and the command say which day).
func (f *recommendFlags) options() (analytics.RecommendOptions, error) {
	opt := analytics.RecommendOptions{Top: *f.top, Topics: graph.SplitList(*f.topics), MinPopulation: *f.minPop,
		MaxPopulation: *f.maxPop, Distance: *f.distance, Today: graph.DateOf(time.Now())}
	switch {
	case *f.domestic:
		opt.Where = analytics.WhereDomestic
	case *f.anywhere:
		opt.Where = analytics.WhereAny
	}
	if *f.allTopics {
		opt.TopicMatch = analytics.TopicsAll
	}
	if *f.today != "" {
		d, err := graph.ParseDate(*f.today)
		if err != nil {
			return opt, usageError("--today: %v", err)
		}
		opt.Today = d
	} else if err := f.fs.Set("today", opt.Today.String()); err != nil {
		return opt, err
	}
	if *f.country != "" || *f.region != "" {
		countries, err := gazetteer.LoadCountries()
		if err != nil {
			return opt, fmt.Errorf("load country names: %w", err)
		}
		cs, err := resolvers.FinderCountries(graph.SplitList(*f.country), graph.SplitList(*f.region), func(s string) (string, error) {
			return resolveCountry(countries, "--country", s)
		})
		if err != nil {
			if graph.ErrorCode(err) == graph.EINVALID {
				return opt, usageError("--region: %s", graph.ErrorMessage(err))
			}
			return opt, err
		}
		opt.Countries = cs
	}
	if *f.state != "" {
		var err error
		if opt.State, err = resolveState("--state", *f.state); err != nil {
			return opt, err
		}
	}
	return opt, nil
}

// recommendPair answers recommend --partner: the score of one pair.
func (a *app) recommendPair(f *recommendFlags, ref *identity.Reference, p *analytics.Projection, m graph.Municipality, opt analytics.RecommendOptions, res recommendResult) error {
	b, err := resolveCity(ref, p, *f.partner)
	if err != nil {
		return err
	}
	c, err := analytics.PairScore(p, m, *p.Node(b), opt)
	if err != nil {
		return fmt.Errorf("score %s and %s: %w", m.ID, p.Node(b).ID, err)
	}
	res.Pair, res.Where, res.Candidates = &c, analytics.WhereAny, []analytics.Candidate{}
	if *f.asJSON {
		return a.writeCited(f.cite, p, res)
	}
	fmt.Fprintf(a.stdout, "%s (%s) and %s (%s): score %.3f\n%s\n", m.Name, m.ID, c.Name, c.ID, c.Score, c.Reason)
	if err := printParts(a.stdout, c.Parts); err != nil {
		return err
	}
	a.printCitation(f.cite, p)
	return nil
}

// printRecommendation prints the candidates as a table, or why there are
// none and the nearest alternative.
func (a *app) printRecommendation(m graph.Municipality, inGraph bool, rec analytics.Recommendation) error {
	note := ""
	if !inGraph {
		note = ", not linked yet"
	}
	fmt.Fprintf(a.stdout, "candidate partners for %s (%s%s), %s, %d found\n", m.Name, m.ID, note, rec.Where, len(rec.Candidates))
	if len(rec.Candidates) == 0 {
		fmt.Fprintf(a.stdout, "why: %s\n", rec.Why)
		if alt := rec.Alternative; alt != nil {
			c := alt.Candidate
			fmt.Fprintf(a.stdout, "nearest alternative, without %s: %s (%s, %s), score %.3f: %s\n", alt.Dropped, c.Name, c.ID, c.Country, c.Score, c.Reason)
		}
		return nil
	}
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "rank\tid\tname\tcountry\tscore\treason")
	for i, x := range rec.Candidates {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%.3f\t%s\n", i+1, x.ID, x.Name, x.Country, x.Score, x.Reason)
	}
	return w.Flush()
}

// printParts writes the score parts of a pair, one a line.
func printParts(out io.Writer, s analytics.ScoreParts) error {
	w := tabwriter.NewWriter(out, 2, 4, 2, ' ', 0)
	for _, r := range []struct {
		name string
		v    float64
	}{{"adamicAdar", s.AdamicAdar}, {"resourceAllocation", s.ResourceAllocation}, {"neighbours", s.Neighbours},
		{"networks", s.Networks}, {"topics", s.Topics}, {"country", s.Country}, {"size", s.Size}, {"distance", s.Distance}} {
		fmt.Fprintf(w, "  %s\t%.4f\n", r.name, r.v)
	}
	return w.Flush()
}

// printRegionGroups lists the region groups --region takes.
func (a *app) printRegionGroups(asJSON bool) error {
	gs := analytics.RegionGroups()
	if asJSON {
		return writeJSON(a.stdout, gs)
	}
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "code\tname\tcountries\talso")
	for _, g := range gs {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", g.Code, g.Name, strings.Join(g.Countries, " "), strings.Join(g.Aliases, ", "))
	}
	return w.Flush()
}

// resolveFinderCity finds the municipality --city names: a place of the
// graph (resolveCity) or, failing that, a German municipality of the
// directory without links; inGraph tells which.
func resolveFinderCity(ref *identity.Reference, p *analytics.Projection, query string) (graph.Municipality, bool, error) {
	c, err := resolveCity(ref, p, query)
	if err == nil {
		return *p.Node(c), true, nil
	}
	if graph.ErrorCode(err) == graph.ENOTFOUND {
		if m, ok := resolvers.GazetteerPlace(ref.Directory(), query); ok {
			if i, ok := p.IndexOf(m.ID); ok {
				return *p.Node(i), true, nil
			}
			return m, false, nil
		}
	}
	return graph.Municipality{}, false, err
}

// resolveCity finds the one place a --city value names through the
// identity layer's ranked lookup (the API's too); no match or several
// matches are errors, the latter listing the places it could mean.
func resolveCity(ref *identity.Reference, p *analytics.Projection, query string) (int32, error) {
	i, err := identity.NewIndex(ref, p).Lookup(query, "")
	var amb *identity.AmbiguousError
	switch {
	case err == nil:
		return i, nil
	case graph.ErrorCode(err) == graph.ENOTFOUND:
		return 0, graph.Errorf(graph.ENOTFOUND, "no place matches %q%s: give an ID such as DE:08222000, an AGS or a name", query, resolvers.PlaceSuggestion(p, query))
	case !errors.As(err, &amb):
		return 0, err
	}
	var b strings.Builder
	for i, m := range amb.Candidates {
		if i == 10 {
			fmt.Fprintf(&b, "\n  ... and %d more", len(amb.Candidates)-10)
			break
		}
		where := m.Country
		if m.State != "" {
			where = m.State
		} else if m.Region != "" {
			where = m.Country + ", " + m.Region
		}
		if m.Population > 0 {
			where += ", pop. " + gazetteer.Thousands(m.Population)
		}
		fmt.Fprintf(&b, "\n  %s  %s (%s)", m.ID, m.Name, where)
	}
	return 0, graph.Errorf(graph.EINVALID, "%q names %d places; give one of these IDs:%s", query, len(amb.Candidates), b.String())
}
