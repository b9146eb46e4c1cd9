package main

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
)

// The analyses citygraph runs through gonum (analytics.Gonum): k shortest
// paths, maximal cliques, k-clique communities, nearest places by distance
// along links. Their JSON shares the types below.

// placeJSON is a place in the JSON of the gonum analyses.
type placeJSON struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"`
	State   string `json:"state,omitempty"`
}

// linkJSON is a link in the JSON of the gonum analyses.
type linkJSON struct {
	Source string       `json:"source"`
	Target string       `json:"target"`
	Kind   graph.Kind   `json:"kind"`
	Since  graph.Date   `json:"since,omitzero"`
	Until  graph.Date   `json:"until,omitzero"`
	Status graph.Status `json:"status,omitempty"`
}

// pathJSON is a path: its places from the first to the last and the link
// taken at each step.
type pathJSON struct {
	Rank   int `json:"rank"`
	Length int `json:"length"`
	// Km is the sum of the great-circle distances of the links, null when
	// a place on the path has no coordinates.
	Km     *float64    `json:"km"`
	Places []placeJSON `json:"places"`
	Links  []linkJSON  `json:"links"`
}

func placeOf(p *analytics.Projection, v int32) placeJSON {
	m := p.Node(v)
	return placeJSON{ID: m.ID, Name: m.Name, Country: m.Country, State: m.State}
}

func placesOf(p *analytics.Projection, vs []int32) []placeJSON {
	out := make([]placeJSON, len(vs))
	for i, v := range vs {
		out[i] = placeOf(p, v)
	}
	return out
}

func pathOf(p *analytics.Projection, rank int, r analytics.RankedPath) pathJSON {
	out := pathJSON{Rank: rank, Length: r.Length(), Places: placesOf(p, r.Nodes), Links: make([]linkJSON, len(r.Links))}
	if !math.IsNaN(r.Km) {
		km := r.Km
		out.Km = &km
	}
	for i, li := range r.Links {
		l := p.Link(li)
		// Source and target in the direction of the path.
		out.Links[i] = linkJSON{Source: p.Node(r.Nodes[i]).ID, Target: p.Node(r.Nodes[i+1]).ID, Kind: l.Kind,
			Since: l.Since, Until: l.Until, Status: l.Status}
	}
	return out
}

// pathsResult is the JSON of `analyze paths`.
type pathsResult struct {
	From    placeJSON  `json:"from"`
	To      placeJSON  `json:"to"`
	K       int        `json:"k"`
	By      string     `json:"by"`
	Method  string     `json:"method"`
	Version int64      `json:"version"`
	Nodes   int        `json:"nodes"`
	Links   int        `json:"links"`
	Paths   []pathJSON `json:"paths"`
}

const pathsDescription = `The k shortest loopless paths between two places: "how else are Mannheim and
Kyiv connected?", with the places on the way and the link taken at each step.
--by links (default) counts links; --by km adds up the great-circle distances
of the links (links to places without coordinates are then not used). Yen's
algorithm through gonum (path.YenKShortestPaths); among paths of equal length
they are listed by the ids of their places. --from and --to take an ID
(DE:08222000), an AGS or a name; the scope flags narrow the links used.`

// pathsMethod describes how analyze paths computes, for its JSON.
const pathsMethod = "k shortest loopless paths, Yen's algorithm (gonum path.YenKShortestPaths); ties by the places' ids"

func (a *app) runPaths(ctx context.Context, args []string) error {
	fs := a.newFlagSet("analyze paths", "analyze paths --from PLACE --to PLACE [--k N] [--by links|km] [--json]", pathsDescription)
	so := a.storeFlags(fs)
	scope := scopeFlags(fs)
	from := fs.String("from", "", "the first place: `ID`, AGS or name (required)")
	to := fs.String("to", "", "the last place: `ID`, AGS or name (required)")
	k := fs.Int("k", 5, "how many paths, at most (1 to 100)")
	by := fs.String("by", string(analytics.ByLinks), "what a path's length counts: `links` or km")
	asJSON := fs.Bool("json", false, "print JSON")
	cite := citeFlags(fs, "analyze paths", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() > 0:
		return usageError("unexpected arguments %v", fs.Args())
	case strings.TrimSpace(*from) == "" || strings.TrimSpace(*to) == "":
		return usageError("--from and --to are required")
	case *k < 1 || *k > 100:
		return usageError("--k %d: want 1 to 100", *k)
	case !analytics.PathMeasure(*by).Valid():
		return usageError("--by %q: want links or km", *by)
	}
	p, closeStore, err := a.openView(ctx, so, scope)
	if err != nil {
		return err
	}
	defer closeStore()
	ends, err := a.resolvePlaces(p, *from, *to)
	if err != nil {
		return err
	}
	found, err := analytics.Exec{Workers: runtime.GOMAXPROCS(0), Done: ctx.Done()}.KShortestPaths(p, ends[0], ends[1], *k, analytics.PathMeasure(*by))
	if err != nil {
		return err
	}
	res := pathsResult{From: placeOf(p, ends[0]), To: placeOf(p, ends[1]), K: *k, By: *by, Method: pathsMethod,
		Version: p.Version(), Nodes: p.N(), Links: p.M(), Paths: make([]pathJSON, len(found))}
	for i, r := range found {
		res.Paths[i] = pathOf(p, i+1, r)
	}
	if *asJSON {
		return a.writeCited(cite, p, res)
	}
	a.printPaths(res)
	a.printCitation(cite, p)
	return nil
}

// resolvePlaces finds the one place each query names (see resolveCity).
func (a *app) resolvePlaces(p *analytics.Projection, queries ...string) ([]int32, error) {
	ref, err := a.reference()
	if err != nil {
		return nil, err
	}
	out := make([]int32, len(queries))
	for i, q := range queries {
		if out[i], err = resolveCity(ref, p, q); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// printPaths writes the paths as text, one line each.
func (a *app) printPaths(res pathsResult) {
	if len(res.Paths) == 0 {
		fmt.Fprintf(a.stdout, "%s and %s are not connected (%d places, %d links)\n", res.From.Name, res.To.Name, res.Nodes, res.Links)
		return
	}
	fmt.Fprintf(a.stdout, "%d shortest paths from %s to %s by %s\n", len(res.Paths), res.From.Name, res.To.Name, res.By)
	for _, r := range res.Paths {
		km := "? km"
		if r.Km != nil {
			km = fmt.Sprintf("%.0f km", *r.Km)
		}
		fmt.Fprintf(a.stdout, "%2d. %d links, %s: %s\n", r.Rank, r.Length, km, placeNames(r.Places, " - "))
	}
}

// placeNames joins the names of places with sep.
func placeNames(ps []placeJSON, sep string) string {
	names := make([]string, len(ps))
	for i, pl := range ps {
		names[i] = pl.Name
	}
	return strings.Join(names, sep)
}
