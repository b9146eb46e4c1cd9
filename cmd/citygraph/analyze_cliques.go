package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// groupJSON is a clique or a k-clique community.
type groupJSON struct {
	Rank int `json:"rank"`
	Size int `json:"size"`
	// Countries counts the members per country, most first.
	Countries []analytics.KeyCount `json:"countries"`
	Members   []placeJSON          `json:"members"`
}

// cliquesResult is the JSON of `analyze cliques` and `analyze clique-communities`.
type cliquesResult struct {
	Analysis string `json:"analysis"`
	Method   string `json:"method"`
	// K is the clique size of k-clique communities (0 for cliques).
	K           int      `json:"k,omitempty"`
	MinSize     int      `json:"minSize"`
	WithCountry []string `json:"withCountry,omitempty"`
	Version     int64    `json:"version"`
	Nodes       int      `json:"nodes"`
	Links       int      `json:"links"`
	// Count is the number of groups found; Groups lists the first --top.
	Count  int         `json:"count"`
	Groups []groupJSON `json:"groups"`
}

const cliquesDescription = `Maximal cliques: groups of places every two of which are linked (twinning
rings such as the Douzelage), no group inside a larger one, largest first.
Bron-Kerbosch through gonum (topo.BronKerbosch). --min-size (at least 3)
bounds their size, --with-country keeps the groups with a place in one of the
countries; the scope flags narrow the links (--country DE,PL keeps the rings
wholly among German and Polish places).`

const communitiesDescription = `k-clique communities (Palla et al. 2005): the unions of k-cliques (k places
all linked with each other) that reach one another through k-cliques sharing
k-1 places; a place may be in several. Through gonum
(community.KCliqueCommunities). --k (at least 3) is the clique size,
--min-size and --with-country filter as for analyze cliques.`

const (
	cliquesMethod     = "maximal cliques, Bron-Kerbosch with pivoting and degeneracy ordering (gonum topo.BronKerbosch)"
	communitiesMethod = "k-clique communities, Palla et al. 2005 (gonum community.KCliqueCommunities)"
)

func (a *app) runCliques(ctx context.Context, args []string) error {
	return a.runGroups(ctx, args, false)
}

func (a *app) runCliqueCommunities(ctx context.Context, args []string) error {
	return a.runGroups(ctx, args, true)
}

// groupFlags are the flags of the two clique analyses.
type groupFlags struct {
	so              *storeOptions
	scope           *scopeOptions
	k, minSize, top *int
	withCountry     *string
	asJSON          *bool
	cite            *citeOptions
}

func (a *app) parseGroupFlags(args []string, communities bool) (*groupFlags, error) {
	var fs *flag.FlagSet
	if communities {
		fs = a.newFlagSet("analyze clique-communities", "analyze clique-communities [--k 3] [--min-size N] [--with-country C] [--json]", communitiesDescription)
	} else {
		fs = a.newFlagSet("analyze cliques", "analyze cliques [--min-size 3] [--with-country C] [--json]", cliquesDescription)
	}
	g := &groupFlags{so: a.storeFlags(fs), scope: scopeFlags(fs), cite: citeFlags(fs, fs.Name(), "")}
	k := 0
	g.k = &k
	if communities {
		g.k = fs.Int("k", 3, "the clique `size` (at least 3)")
	}
	g.minSize = fs.Int("min-size", 3, "the fewest places a group has (at least 3)")
	g.withCountry = fs.String("with-country", "", "keep the groups with a place in one of these `countries` (codes or names, comma-separated)")
	g.top = fs.Int("top", 20, "how many groups to list, largest first")
	g.asJSON = fs.Bool("json", false, "print JSON")
	if err := parseFlags(fs, args); err != nil {
		return nil, err
	}
	switch {
	case fs.NArg() > 0:
		return nil, usageError("unexpected arguments %v", fs.Args())
	case communities && *g.k < 3:
		return nil, usageError("--k %d: want at least 3 (k = 2 gives the connected components)", *g.k)
	case *g.minSize < 3:
		return nil, usageError("--min-size %d: want at least 3", *g.minSize)
	case *g.top < 1:
		return nil, usageError("--top must be at least 1")
	}
	return g, nil
}

func (a *app) runGroups(ctx context.Context, args []string, communities bool) error {
	g, err := a.parseGroupFlags(args, communities)
	if err != nil {
		return err
	}
	with, err := countryCodes("--with-country", *g.withCountry)
	if err != nil {
		return err
	}
	p, closeStore, err := a.openView(ctx, g.so, g.scope)
	if err != nil {
		return err
	}
	defer closeStore()
	ex := analytics.Exec{Workers: runtime.GOMAXPROCS(0), Done: ctx.Done()}
	o := analytics.CliqueOptions{MinSize: *g.minSize, Countries: with}
	res := cliquesResult{Analysis: "cliques", Method: cliquesMethod, MinSize: max(*g.minSize, *g.k), WithCountry: with,
		Version: p.Version(), Nodes: p.N(), Links: p.M()}
	var found [][]int32
	if communities {
		res.Analysis, res.Method, res.K = "clique-communities", communitiesMethod, *g.k
		found, err = ex.CliqueCommunities(p, *g.k, o)
	} else {
		found, err = ex.Cliques(p, o)
	}
	if err != nil {
		return err
	}
	res.Count = len(found)
	res.Groups = groupsJSON(p, found[:min(len(found), *g.top)])
	if *g.asJSON {
		return a.writeCited(g.cite, p, res)
	}
	fmt.Fprintf(a.stdout, "%d %s of %d or more places (%d places, %d links)\n", res.Count, res.Analysis, res.MinSize, res.Nodes, res.Links)
	for _, gr := range res.Groups {
		fmt.Fprintf(a.stdout, "%3d. %3d places: %s\n", gr.Rank, gr.Size, placeNames(gr.Members, ", "))
	}
	a.printCitation(g.cite, p)
	return nil
}

// countryCodes reads a comma-separated list of country codes or names
// given to flag; an unknown one is a usage error with the nearest.
func countryCodes(flag, list string) ([]string, error) {
	cs := graph.SplitList(list)
	if len(cs) == 0 {
		return nil, nil
	}
	countries, err := gazetteer.LoadCountries()
	if err != nil {
		return nil, fmt.Errorf("load country names: %w", err)
	}
	out := make([]string, len(cs))
	for i, c := range cs {
		if out[i], err = resolveCountry(countries, flag, c); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// groupsJSON lists groups of places with their countries.
func groupsJSON(p *analytics.Projection, groups [][]int32) []groupJSON {
	out := make([]groupJSON, len(groups))
	for i, g := range groups {
		out[i] = groupJSON{Rank: i + 1, Size: len(g), Countries: analytics.CountriesOf(p, g), Members: placesOf(p, g)}
	}
	return out
}
