package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/identity"
	"github.com/citygraph/citygraph/suggest"
)

const analyzeUsage = `Usage: citygraph analyze <what> [flags]

  centrality   rank places: --metric betweenness|pagerank|degree|closeness|harmonic|eigenvector|kcore --top N
               [--closeness-scale wf|component] [--layer partnerships|shared-networks|shared-organisations|actors]
  communities  Louvain communities with their modularity: --seed N [--layers partnerships,networks=0.5 --weighting count|newman | --layers actors]
  bipartite    two-mode degree, closeness, betweenness of places and groups: --layer networks|organisations [--by betweenness]
  shared       places that share networks (or organisations), weighted: [--layer networks] [--weighting count|newman]
  stats        global figures: nodes, links, density, components, clustering, diameter, ...
  coverage     coverage per Land, Kreis, partner country or year: --by state|kreis|country|year [--country UA]
  paths        the k shortest paths between two places: --from Mannheim --to Kyiv [--k 5] [--by links|km]
  cliques      maximal cliques (twinning rings): [--min-size 3] [--with-country PL]
  clique-communities  k-clique communities: [--k 3] [--min-size N] [--with-country PL]
  nearest      the places nearest along links: --city Mannheim [--min-links 2 --max-links 2]
  changes      links begun, ended and uncertain between two dates: --from 2022-02-24 [--to 2023-07]
  brokerage    brokers: Burt's effective size and constraint, participation over countries and communities: [--by constraint]
  bridges      places linking two groups and the loss without each: --between PL --and UA [--home DE]
  counts       partnerships reported over time against the links known then: [--country UA] [--state BY]

Each takes --json and --help, the store flags and a scope: --kind, --country, --state, --as-of.
`

func (a *app) runAnalyze(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(a.stderr, analyzeUsage)
		return usageError("analyze needs one of %s", strings.Join(analyses, ", "))
	}
	switch args[0] {
	case "centrality":
		return a.runCentrality(ctx, args[1:])
	case "communities":
		return a.runCommunities(ctx, args[1:])
	case "stats":
		return a.runGlobalStats(ctx, args[1:])
	case "coverage":
		return a.runCoverage(ctx, args[1:])
	case "paths":
		return a.runPaths(ctx, args[1:])
	case "cliques":
		return a.runCliques(ctx, args[1:])
	case "clique-communities":
		return a.runCliqueCommunities(ctx, args[1:])
	case "nearest":
		return a.runNearest(ctx, args[1:])
	case "changes":
		return a.runChanges(ctx, args[1:])
	case "brokerage":
		return a.runBrokerage(ctx, args[1:])
	case "bipartite":
		return a.runBipartite(ctx, args[1:])
	case "shared":
		return a.runShared(ctx, args[1:])
	case "bridges":
		return a.runBridges(ctx, args[1:])
	case "counts":
		return a.runCounts(ctx, args[1:])
	case "-h", "-help", "--help", "help":
		fmt.Fprint(a.stdout, analyzeUsage)
		return nil
	}
	fmt.Fprint(a.stderr, analyzeUsage)
	return usageError("unknown analysis %q%s", args[0], suggest.DidYouMean(args[0], analyses))
}

// analyses are the subcommands of analyze.
var analyses = []string{"centrality", "communities", "bipartite", "shared", "stats", "coverage", "paths", "cliques", "clique-communities", "nearest", "changes", "brokerage", "bridges", "counts"}

// scopeOptions selects the part of the graph an analysis looks at.
type scopeOptions struct {
	kinds, countries, states, asOf string
}

func scopeFlags(fs *flag.FlagSet) *scopeOptions {
	s := &scopeOptions{}
	fs.StringVar(&s.kinds, "kind", "", "only links of these `kinds` (comma-separated: PARTNERSHIP, FRIENDSHIP, CONTACT, PROJECT)")
	fs.StringVar(&s.countries, "country", "", "only links with both ends in these `countries` (ISO codes, comma-separated)")
	fs.StringVar(&s.states, "state", "", "only links with an end in these `Länder` (ISO 3166-2, e.g. DE-NW)")
	fs.StringVar(&s.asOf, "as-of", "", "the graph as of this `date` (YYYY, YYYY-MM or YYYY-MM-DD)")
	return s
}

// filter turns the scope flags into a projection filter.
func (s *scopeOptions) filter() (analytics.Filter, error) {
	var f analytics.Filter
	for _, k := range graph.SplitList(s.kinds) {
		kind, err := parseKind(k)
		if err != nil {
			return f, err
		}
		f.Kinds = append(f.Kinds, kind)
	}
	if cs := graph.SplitList(s.countries); len(cs) > 0 {
		countries, err := gazetteer.LoadCountries()
		if err != nil {
			return f, fmt.Errorf("load country names: %w", err)
		}
		for _, c := range cs {
			code, err := resolveCountry(countries, "--country", c)
			if err != nil {
				return f, err
			}
			f.Countries = append(f.Countries, code)
		}
	}
	for _, st := range graph.SplitList(s.states) {
		code, err := resolveState("--state", st)
		if err != nil {
			return f, err
		}
		f.States = append(f.States, code)
	}
	if s.asOf != "" {
		d, err := graph.ParseDate(s.asOf)
		if err != nil {
			return f, usageError("--as-of: %v", err)
		}
		f.AsOf = d
	}
	return f, nil
}

// openView opens the store and returns the projection of the part of the
// graph the scope selects, and a closer for the store.
func (a *app) openView(ctx context.Context, so *storeOptions, scope *scopeOptions) (*analytics.Projection, func() error, error) {
	f, err := scope.filter()
	if err != nil {
		return nil, nil, err
	}
	p, closeStore, err := a.openProjection(ctx, so)
	if err != nil {
		return nil, nil, err
	}
	return p.View(f), closeStore, nil
}

// parseKind reads a partnership kind in any case; an unknown one is a
// usage error with a suggestion.
func parseKind(k string) (graph.Kind, error) {
	kind := graph.Kind(strings.ToUpper(strings.TrimSpace(k)))
	if kind.Valid() {
		return kind, nil
	}
	names := make([]string, len(graph.Kinds))
	for i, k := range graph.Kinds {
		names[i] = string(k)
	}
	return "", usageError("unknown kind %q%s; want one of %s", k, suggest.DidYouMean(strings.ToUpper(k), names), strings.Join(names, ", "))
}

// resolveCountry reads a country code or name for flag
// (identity.CountryCode); an unknown one is a usage error with the nearest
// code or name.
func resolveCountry(countries *gazetteer.Countries, flag, s string) (string, error) {
	code, err := identity.CountryCode(countries, flag, s)
	if err != nil {
		return "", usageError("%s", graph.ErrorMessage(err))
	}
	return code, nil
}

// resolveState reads a Land for flag by name, code or AGS number
// (gazetteer.StateCode); an unknown one is a usage error.
func resolveState(flag, s string) (string, error) {
	code, ok := gazetteer.StateCode(s)
	if !ok {
		return "", usageError("%s %q: not a Land (try DE-NW, NW or Nordrhein-Westfalen)", flag, s)
	}
	return code, nil
}

// scoredPlace is one row of a ranking.
type scoredPlace struct {
	Rank    int     `json:"rank"`
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Country string  `json:"country"`
	State   string  `json:"state,omitempty"`
	Degree  int     `json:"degree"`
	Score   float64 `json:"score"`
}

// centralityResult is the JSON of `analyze centrality`.
type centralityResult struct {
	Metric     string `json:"metric"`
	Convention string `json:"convention"`
	Nodes      int    `json:"nodes"`
	Links      int    `json:"links"`
	// Layer is the layer ranked when not the partnerships.
	Layer string        `json:"layer,omitempty"`
	Top   []scoredPlace `json:"top"`
	// Written describes the score set --write stored.
	Written *graph.ScoreInfo `json:"written,omitempty"`
}

// closenessComponent describes closeness with --closeness-scale component.
const closenessComponent = "closeness within the place's component: (reachable-1) / sum of distances (igraph convention)"

var metricConventions = map[string]string{
	"degree":      "number of distinct partners",
	"betweenness": "exact Brandes betweenness over unordered pairs, not normalised (igraph and NetworkX convention; gonum's is twice this)",
	"closeness":   "closeness scaled for disconnected graphs as Wasserman-Faust: ((reachable-1)/(places-1)) * ((reachable-1) / sum of distances) (NetworkX closeness_centrality(wf_improved=True))",
	"harmonic":    "harmonic centrality: sum of 1/distance over all other places",
	"pagerank":    "PageRank with damping 0.85 on the undirected graph",
	"eigenvector": "eigenvector centrality scaled so the maximum is 1 (igraph convention)",
	"kcore":       "k-core number (coreness)",
}

func (a *app) runCentrality(ctx context.Context, args []string) error {
	fs := a.newFlagSet("analyze centrality", "analyze centrality --metric M [--top N] [--json]",
		"Ranks places by a centrality metric on the partnership graph (or the part the scope selects).")
	so := a.storeFlags(fs)
	scope := scopeFlags(fs)
	metric := fs.String("metric", "betweenness", "`metric`: betweenness, pagerank, degree, closeness, harmonic, eigenvector, kcore")
	scale := fs.String("closeness-scale", "wf", "`scale` of closeness: wf (Wasserman-Faust, NetworkX wf_improved: an isolated pair scores low) or component (igraph: within the component, an isolated pair scores 1)")
	top := fs.Int("top", 20, "how many places to list")
	layer := fs.String("layer", "partnerships", "`layer` to rank on: partnerships, or the places sharing networks or organisations (shared-networks, shared-organisations: two places are linked when they share a group; see analyze shared for the weights), or actors (the local actors and their cooperations)")
	asJSON := fs.Bool("json", false, "print JSON")
	cite := citeFlags(fs, "analyze centrality", "")
	write := writeFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkWriteFlag(*write); err != nil {
		return err
	}
	conv, ok := metricConventions[*metric]
	if !ok {
		names := make([]string, 0, len(metricConventions))
		for m := range metricConventions {
			names = append(names, m)
		}
		sort.Strings(names)
		return usageError("unknown --metric %q%s; want one of %s", *metric, suggest.DidYouMean(*metric, names), strings.Join(names, ", "))
	}
	if *top < 1 {
		return usageError("--top must be at least 1")
	}
	switch *scale {
	case "wf":
	case "component":
		if *metric == "closeness" {
			conv = closenessComponent
		}
	default:
		return usageError("unknown --closeness-scale %q; want wf or component", *scale)
	}
	base, closeStore, err := a.openView(ctx, so, scope)
	if err != nil {
		return err
	}
	defer closeStore()
	p, err := layerProjection(base, *layer)
	if err != nil {
		return err
	}
	workers := runtime.GOMAXPROCS(0)
	var scores []float64
	switch *metric {
	case "degree":
		scores = analytics.DegreeCentrality(p)
	case "betweenness":
		scores = analytics.Betweenness(p, workers)
	case "closeness":
		if *scale == "component" {
			scores = analytics.Closeness(p, workers)
		} else {
			scores = analytics.ClosenessWF(p, workers)
		}
	case "harmonic":
		scores = analytics.Harmonic(p, workers)
	case "pagerank":
		scores = analytics.PageRank(p, 0.85)
	case "eigenvector":
		scores = analytics.Eigenvector(p)
	case "kcore":
		for _, k := range analytics.KCore(p) {
			scores = append(scores, float64(k))
		}
	}
	res := centralityResult{Metric: *metric, Convention: conv, Nodes: p.N(), Links: p.M(), Top: topPlaces(p, scores, *top)}
	if p != base {
		res.Layer = *layer
	}
	if *write != "" {
		w := scoreWrite{property: *write, metric: *metric, values: scores, integer: *metric == "kcore" || *metric == "degree", params: map[string]any{}}
		if *metric == "pagerank" {
			w.params["damping"] = 0.85
		}
		if *metric == "closeness" {
			w.params["scale"] = *scale
		}
		if p != base {
			w.params["layer"] = *layer
		}
		if len(w.params) == 0 {
			w.params = nil
		}
		if res.Written, err = a.writeScores(ctx, so, base, w); err != nil {
			return err
		}
	}
	if *asJSON {
		return a.writeCited(cite, base, res)
	}
	on := ""
	if res.Layer != "" {
		on = ", layer " + res.Layer + ","
	}
	fmt.Fprintf(a.stdout, "%s (%s)%s on %d places, %d links\n", res.Metric, res.Convention, on, res.Nodes, res.Links)
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "rank\tid\tname\tcountry\tdegree\tscore")
	for _, r := range res.Top {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%d\t%.6g\n", r.Rank, r.ID, r.Name, r.Country, r.Degree, r.Score)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	a.printCitation(cite, base)
	return nil
}

// topPlaces ranks places by score (ties by ID) and keeps the first n
// (analytics.Top).
func topPlaces(p *analytics.Projection, scores []float64, n int) []scoredPlace {
	idx := analytics.Top(p, scores, n, nil)
	out := make([]scoredPlace, 0, len(idx))
	for r, i := range idx {
		m := *p.Node(i)
		out = append(out, scoredPlace{Rank: r + 1, ID: m.ID, Name: m.Name, Country: m.Country, State: m.State, Degree: p.Degree(i), Score: scores[i]})
	}
	return out
}

// communityResult is the JSON of `analyze communities`.
type communityResult struct {
	Seed       int64   `json:"seed"`
	Modularity float64 `json:"modularity"`
	// Layers, Weighting and Rule describe a multilayer run (--layers);
	// PartnershipModularity is then the modularity of the same partition
	// on the partnerships alone.
	Layers                []analytics.LayerWeight `json:"layers,omitempty"`
	Weighting             string                  `json:"weighting,omitempty"`
	Rule                  string                  `json:"rule,omitempty"`
	PartnershipModularity *float64                `json:"partnershipModularity,omitempty"`
	Communities           []community             `json:"communities"`
	// Written describes the score set --write stored.
	Written *graph.ScoreInfo `json:"written,omitempty"`
}

// community is one community of `analyze communities`: ID is its number
// there (1 the largest, ties by CommunityID; the API's Community.rank),
// CommunityID Louvain's label (the API's Community.id).
type community struct {
	ID          int            `json:"id"`
	CommunityID int            `json:"communityId"`
	Size        int            `json:"size"`
	Countries   map[string]int `json:"countries"`
	Members     []scoredPlace  `json:"members"` // by degree, the first --members
	nodes       []int32        // every member, for --write
}

func (a *app) runCommunities(ctx context.Context, args []string) error {
	fs := a.newFlagSet("analyze communities", "analyze communities [--seed N] [--json]",
		"Finds communities with the Louvain method; the same seed gives the same answer. Places without links are left out. Communities are numbered 1 the largest, ties by Louvain's label (--json's communityId, the API's Community.id); that number (the API's Community.rank) is the one analyze bridges --between community:N takes.")
	so := a.storeFlags(fs)
	scope := scopeFlags(fs)
	seed := fs.Int64("seed", 1, "random `seed`")
	members := fs.Int("members", 10, "members to list per community, by degree")
	limit := fs.Int("limit", 50, "communities to list, largest first")
	layers := fs.String("layers", "", "`layers` to combine, each with an optional weight: partnerships,networks or partnerships=1,networks=0.5,organisations=0.2 (a pair weighs the sum of layer weight times its weight in the layer: 1 when partnered, its shared-group weight in networks and organisations); empty: the partnerships alone; actors: the local actors and their cooperations, alone")
	weighting := fs.String("weighting", "", "pair `weighting` of the networks and organisations layers: count (shared groups; empty means count) or newman (1/(members-1) per shared group)")
	asJSON := fs.Bool("json", false, "print JSON")
	cite := citeFlags(fs, "analyze communities", "seed")
	write := writeFlag(fs)
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := checkWriteFlag(*write); err != nil {
		return err
	}
	base, closeStore, err := a.openView(ctx, so, scope)
	if err != nil {
		return err
	}
	defer closeStore()
	p, lw, err := combinedProjection(base, *layers, *weighting)
	if err != nil {
		return err
	}
	comm, q := analytics.Louvain(p, *seed)
	comms := analytics.Communities(p, comm)
	res := communityResult{Seed: *seed, Modularity: q}
	if lw != nil {
		wt, _ := parseWeighting(*weighting) // checked by combinedProjection
		res.Layers, res.Weighting, res.Rule = lw, string(wt), multilayerRule
		pq := analytics.Modularity(base, comm)
		res.PartnershipModularity = &pq
	}
	// analytics.Communities orders them as the API does: the largest first,
	// ties by Louvain's label; the members by degree, ties by index.
	for k, ac := range comms {
		c := community{ID: k + 1, CommunityID: int(ac.ID), Size: len(ac.Members), Countries: map[string]int{}, nodes: ac.Members}
		for _, kc := range ac.Countries {
			c.Countries[kc.Key] = kc.Count
		}
		listed := ac.Members
		if *members >= 0 && *members < len(listed) {
			listed = listed[:*members]
		}
		for r, i := range listed {
			m := *p.Node(i)
			c.Members = append(c.Members, scoredPlace{Rank: r + 1, ID: m.ID, Name: m.Name, Country: m.Country, State: m.State, Degree: p.Degree(i), Score: float64(p.Degree(i))})
		}
		res.Communities = append(res.Communities, c)
	}
	if *write != "" {
		cw := communityWrite(*write, *seed, p.N(), res.Communities)
		if lw != nil {
			cw.params["layers"], cw.params["weighting"] = *layers, *weighting
		}
		if res.Written, err = a.writeScores(ctx, so, base, cw); err != nil {
			return err
		}
	}
	if len(res.Communities) > *limit {
		res.Communities = res.Communities[:*limit]
	}
	if *asJSON {
		return a.writeCited(cite, base, res)
	}
	fmt.Fprintf(a.stdout, "Louvain, seed %d: modularity %.4f, %d communities\n", res.Seed, res.Modularity, len(comms))
	if lw != nil {
		fmt.Fprintf(a.stdout, "layers %s (%s weighting): %s; modularity of this partition on the partnerships alone %.4f\n", *layers, res.Weighting, multilayerRule, *res.PartnershipModularity)
	}
	for _, c := range res.Communities {
		names := make([]string, 0, len(c.Members))
		for _, m := range c.Members {
			names = append(names, m.Name)
		}
		fmt.Fprintf(a.stdout, "%3d  %5d places  %s\n", c.ID, c.Size, strings.Join(names, ", "))
	}
	a.printCitation(cite, base)
	return nil
}

func (a *app) runGlobalStats(ctx context.Context, args []string) error {
	fs := a.newFlagSet("analyze stats", "analyze stats [--layer partnerships|actors|...] [--json]",
		"Global figures: nodes, links, density, components, largest component, average clustering, transitivity, degree assortativity, exact diameter and mean distance.")
	so := a.storeFlags(fs)
	scope := scopeFlags(fs)
	layer := fs.String("layer", "partnerships", "`layer`: partnerships, shared-networks, shared-organisations or actors (local actors and their cooperations)")
	asJSON := fs.Bool("json", false, "print JSON")
	cite := citeFlags(fs, "analyze stats", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	base, closeStore, err := a.openView(ctx, so, scope)
	if err != nil {
		return err
	}
	defer closeStore()
	p, err := layerProjection(base, *layer)
	if err != nil {
		return err
	}
	s := analytics.Stats(p, runtime.GOMAXPROCS(0))
	if *asJSON {
		return a.writeCited(cite, p, s)
	}
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintf(w, "nodes\t%d\nlinks\t%d\ndensity\t%.6g\ncomponents\t%d\nlargest component\t%d\n", s.Nodes, s.Links, s.Density, s.Components, s.LargestComponent)
	fmt.Fprintf(w, "average clustering\t%.4f\ntransitivity\t%.4f\nassortativity\t%.4f\ndiameter\t%d\nmean distance\t%.4f\n", s.AverageClustering, s.Transitivity, s.Assortativity, s.Diameter, s.MeanDistance)
	if err := w.Flush(); err != nil {
		return err
	}
	a.printCitation(cite, p)
	return nil
}

// multilayerRule is the combination rule of --layers.
const multilayerRule = "a pair weighs the sum over the layers of the layer's weight times its weight there: 1 when partnered (any kinds), its number of shared groups (count) or Newman's sum of 1/(members-1) (newman) in networks and organisations"

// communityWrite is the score set of --write on communities: each place
// with links gets the number of its community (1 the largest); places
// without links get none.
func communityWrite(property string, seed int64, n int, comms []community) scoreWrite {
	values := make([]float64, n)
	in := make([]bool, n)
	for _, c := range comms {
		for _, i := range c.nodes {
			values[i], in[i] = float64(c.ID), true
		}
	}
	return scoreWrite{property: property, metric: "louvain", params: map[string]any{"seed": seed}, values: values, integer: true,
		skip: func(i int32) bool { return !in[i] }}
}
