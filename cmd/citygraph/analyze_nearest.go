package main

import (
	"context"
	"fmt"
	"runtime"
	"strings"

	"github.com/citygraph/citygraph/analytics"
)

// reachedJSON is a place reached over links, with its shortest route by
// distance.
type reachedJSON struct {
	Rank  int       `json:"rank"`
	Place placeJSON `json:"place"`
	Km    float64   `json:"km"`
	Route pathJSON  `json:"route"`
}

// nearestResult is the JSON of `analyze nearest`.
type nearestResult struct {
	City      placeJSON     `json:"city"`
	MinLinks  int           `json:"minLinks"`
	MaxLinks  int           `json:"maxLinks"`
	InCountry []string      `json:"inCountry,omitempty"`
	Method    string        `json:"method"`
	Version   int64         `json:"version"`
	Nodes     int           `json:"nodes"`
	Links     int           `json:"links"`
	Places    []reachedJSON `json:"places"`
}

const nearestDescription = `The places nearest to a city along its links: each link is as long as the
great-circle distance between its ends, a place is as far as its shortest
route (Dijkstra through gonum, path.DijkstraFrom). By default the partners
of its partners whose shortest route runs through one partner (--min-links 2
--max-links 2): "the nearest partner of my partners". --max-links 0 sets no
bound. Links to places without coordinates are not used; the city must have
coordinates. --in-country keeps places in these countries.`

const nearestMethod = "shortest routes along links, each link weighted by the great-circle distance of its ends in km, Dijkstra (gonum path.DijkstraFrom)"

func (a *app) runNearest(ctx context.Context, args []string) error {
	fs := a.newFlagSet("analyze nearest", "analyze nearest --city PLACE [--min-links 2] [--max-links 2] [--in-country C] [--top N] [--json]", nearestDescription)
	so := a.storeFlags(fs)
	scope := scopeFlags(fs)
	city := fs.String("city", "", "the place to start from: `ID`, AGS or name (required)")
	minLinks := fs.Int("min-links", 2, "the fewest links of a place's shortest route (1: its partners too)")
	maxLinks := fs.Int("max-links", 2, "the most links of a place's shortest route (0: no bound)")
	inCountry := fs.String("in-country", "", "keep the places in these `countries` (codes or names, comma-separated)")
	top := fs.Int("top", 10, "how many places to list, nearest first")
	asJSON := fs.Bool("json", false, "print JSON")
	cite := citeFlags(fs, "analyze nearest", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usageError("unexpected arguments %v", fs.Args())
	case strings.TrimSpace(*city) == "":
		return usageError("--city is required")
	case *minLinks < 1 || *maxLinks < 0 || (*maxLinks > 0 && *maxLinks < *minLinks):
		return usageError("--min-links %d and --max-links %d do not make a range (min at least 1, max 0 for no bound)", *minLinks, *maxLinks)
	case *top < 1:
		return usageError("--top must be at least 1")
	}
	in, err := countryCodes("--in-country", *inCountry)
	if err != nil {
		return err
	}
	p, closeStore, err := a.openView(ctx, so, scope)
	if err != nil {
		return err
	}
	defer closeStore()
	cs, err := a.resolvePlaces(p, *city)
	if err != nil {
		return err
	}
	c := cs[0]
	found, err := analytics.Exec{Workers: runtime.GOMAXPROCS(0), Done: ctx.Done()}.NearestByDistance(p, c,
		analytics.NearestOptions{MinLinks: *minLinks, MaxLinks: *maxLinks, Countries: in, Limit: *top})
	if err != nil {
		return err
	}
	res := nearestResult{City: placeOf(p, c), MinLinks: *minLinks, MaxLinks: *maxLinks, InCountry: in, Method: nearestMethod,
		Version: p.Version(), Nodes: p.N(), Links: p.M(), Places: make([]reachedJSON, len(found))}
	for i, r := range found {
		res.Places[i] = reachedJSON{Rank: i + 1, Place: placeOf(p, r.Node), Km: r.Km, Route: pathOf(p, 1, r.Route)}
	}
	if *asJSON {
		return a.writeCited(cite, p, res)
	}
	a.printNearest(res)
	a.printCitation(cite, p)
	return nil
}

// printNearest writes the places reached as text, one line each.
func (a *app) printNearest(res nearestResult) {
	links := fmt.Sprintf("%d to %d links", res.MinLinks, res.MaxLinks)
	if res.MaxLinks == 0 {
		links = fmt.Sprintf("%d or more links", res.MinLinks)
	}
	fmt.Fprintf(a.stdout, "places nearest to %s along links (%s), %d listed\n", res.City.Name, links, len(res.Places))
	for _, r := range res.Places {
		fmt.Fprintf(a.stdout, "%2d. %s (%s), %.0f km: %s\n", r.Rank, r.Place.Name, r.Place.Country, r.Km, placeNames(r.Route.Places, " - "))
	}
}
