package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/identity"
	"github.com/citygraph/citygraph/resolvers"
)

const recommendDescription = `Candidate partner places for a municipality, for network offices: places it
is not linked to yet, scored by partners of partners (Adamic-Adar and
resource allocation), shared city networks, shared topics, similar size and
distance, each with its score parts and a one-line reason such as
"partner of your partners Lublin and Windsor; both in Eurocities".

Ended links (status ENDED, or an until date before --today) count nowhere.
--city takes an ID (DE:08222000), an AGS (08222000) or a name (Mannheim,
"Frankfurt, DE-HE"); an ambiguous name lists the places it could mean.`

// recommendResult is the JSON of `recommend`.
type recommendResult struct {
	City       analytics.Ref         `json:"city"`
	Country    string                `json:"country"`
	Version    int64                 `json:"version"`
	Weights    analytics.Weights     `json:"weights"`
	Candidates []analytics.Candidate `json:"candidates"`
}

func (a *app) runRecommend(ctx context.Context, args []string) error {
	fs := a.newFlagSet("recommend",
		"recommend --city ID|NAME [--top N] [--country C] [--state S] [--topic T] [--json]", recommendDescription)
	so := a.storeFlags(fs)
	city := fs.String("city", "", "the municipality: `ID`, AGS or name (required)")
	top := fs.Int("top", 10, "how many candidates to list")
	country := fs.String("country", "", "only candidates in this `country` (ISO code or name)")
	state := fs.String("state", "", "only candidates in this `Land` (DE-NW, NW or Nordrhein-Westfalen)")
	topics := fs.String("topic", "", "only candidates working on one of these `topics` (comma-separated, e.g. climate,SDG11)")
	minPop := fs.Int("min-population", 0, "only candidates with at least this many `inhabitants`")
	maxPop := fs.Int("max-population", 0, "only candidates with at most this many `inhabitants`")
	distance := fs.String("distance", analytics.PreferNear, "distance preference: `near`, far or any")
	today := fs.String("today", "", "links and memberships with an until date before this `date` have ended (default: today)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected arguments %v", fs.Args())
	}
	if strings.TrimSpace(*city) == "" {
		return usageError("--city is required")
	}
	if *top < 1 {
		return usageError("--top must be at least 1")
	}
	if *minPop < 0 || *maxPop < 0 || (*maxPop > 0 && *minPop > *maxPop) {
		return usageError("--min-population %d and --max-population %d do not make a range", *minPop, *maxPop)
	}
	switch *distance {
	case analytics.PreferNear, analytics.PreferFar, analytics.PreferAny:
	default:
		return usageError("--distance %q: want near, far or any", *distance)
	}
	opt := analytics.RecommendOptions{Top: *top, Topics: graph.SplitList(*topics), MinPopulation: *minPop,
		MaxPopulation: *maxPop, Distance: *distance, Today: graph.DateOf(time.Now())}
	if *today != "" {
		d, err := graph.ParseDate(*today)
		if err != nil {
			return usageError("--today: %v", err)
		}
		opt.Today = d
	}
	if *country != "" {
		countries, err := gazetteer.LoadCountries()
		if err != nil {
			return fmt.Errorf("load country names: %w", err)
		}
		code, err := resolveCountry(countries, "--country", *country)
		if err != nil {
			return err
		}
		opt.Country = code
	}
	if *state != "" {
		code, ok := gazetteer.StateCode(*state)
		if !ok {
			return usageError("--state %q: not a Land (try DE-NW, NW or Nordrhein-Westfalen)", *state)
		}
		opt.State = code
	}

	p, closeStore, err := a.openProjection(ctx, so)
	if err != nil {
		return err
	}
	defer closeStore()
	ref, err := a.reference()
	if err != nil {
		return err
	}
	c, err := resolveCity(ref, p, *city)
	if err != nil {
		return err
	}
	m := *p.Node(c)
	cands, err := analytics.Recommend(p, m.ID, opt)
	if err != nil {
		return fmt.Errorf("recommend partners for %s: %w", m.ID, err)
	}
	res := recommendResult{City: analytics.Ref{ID: m.ID, Name: m.Name}, Country: m.Country, Version: p.Version(),
		Weights: analytics.DefaultWeights(), Candidates: cands}
	if *asJSON {
		return writeJSON(a.stdout, res)
	}
	fmt.Fprintf(a.stdout, "candidate partners for %s (%s), %d found\n", m.Name, m.ID, len(cands))
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "rank\tid\tname\tcountry\tscore\treason")
	for i, x := range cands {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%.3f\t%s\n", i+1, x.ID, x.Name, x.Country, x.Score, x.Reason)
	}
	return w.Flush()
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
