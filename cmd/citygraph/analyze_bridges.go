package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// bridgeRow is one place of `analyze bridges`.
type bridgeRow struct {
	Rank    int    `json:"rank"`
	ID      string `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"`
	Degree  int    `json:"degree"`
	// Betweenness, Disconnected and DistanceIncrease are
	// analytics.Bridge's; InA and InB say whether the place is in a group.
	Betweenness      float64 `json:"betweenness"`
	Disconnected     int     `json:"disconnected"`
	DistanceIncrease float64 `json:"distanceIncrease"`
	InA              bool    `json:"inA"`
	InB              bool    `json:"inB"`
}

// bridgesResult is the JSON of `analyze bridges`.
type bridgesResult struct {
	Home         string      `json:"home"`
	Between      string      `json:"between"`
	And          string      `json:"and"`
	GroupA       int         `json:"groupA"`
	GroupB       int         `json:"groupB"`
	Pairs        int         `json:"pairs"`
	Connected    int         `json:"connected"`
	MeanDistance float64     `json:"meanDistance"`
	Nodes        int         `json:"nodes"`
	Links        int         `json:"links"`
	Places       []bridgeRow `json:"places"`
}

func (a *app) runBridges(ctx context.Context, args []string) error {
	fs := a.newFlagSet("analyze bridges", "analyze bridges --between PL --and UA [--home DE] [--top N] [--json]",
		`Which places link two groups, and how much would be lost without each. Group A is the places of
--home linked to a place of --between, group B those linked to a place of --and (for example the
German places twinned with Poland and those twinned with Ukraine). Lists the places on shortest
paths between the groups, the most used first: betweenness over the cross-group pairs, the pairs
that would lose every path without the place, and the mean increase in links of the others.`)
	so := a.storeFlags(fs)
	scope := scopeFlags(fs)
	home := fs.String("home", "DE", "the `country` of both groups' places")
	between := fs.String("between", "", "group A: places of --home linked to this `country`")
	and := fs.String("and", "", "group B: places of --home linked to this `country`")
	top := fs.Int("top", 20, "how many places to list (and search again without)")
	asJSON := fs.Bool("json", false, "print JSON")
	cite := citeFlags(fs, "analyze bridges", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *between == "" || *and == "" {
		return usageError("analyze bridges needs --between and --and (countries, e.g. --between PL --and UA)")
	}
	if *top < 1 {
		return usageError("--top must be at least 1")
	}
	countries, err := gazetteer.LoadCountries()
	if err != nil {
		return fmt.Errorf("load country names: %w", err)
	}
	codes := make([]string, 3)
	for i, c := range []struct{ flag, v string }{{"--home", *home}, {"--between", *between}, {"--and", *and}} {
		if codes[i], err = resolveCountry(countries, c.flag, c.v); err != nil {
			return err
		}
	}
	p, closeStore, err := a.openView(ctx, so, scope)
	if err != nil {
		return err
	}
	defer closeStore()
	r := analytics.GroupBridges(p, analytics.LinkedTo(p, codes[0], codes[1]), analytics.LinkedTo(p, codes[0], codes[2]), *top)
	res := bridgesResult{Home: codes[0], Between: codes[1], And: codes[2], GroupA: r.GroupA, GroupB: r.GroupB, Pairs: r.Pairs,
		Connected: r.Connected, MeanDistance: r.MeanDistance, Nodes: p.N(), Links: p.M(), Places: []bridgeRow{}}
	for i, b := range r.Places {
		m := p.Node(b.Node)
		res.Places = append(res.Places, bridgeRow{Rank: i + 1, ID: m.ID, Name: m.Name, Country: m.Country, Degree: p.Degree(b.Node),
			Betweenness: b.Betweenness, Disconnected: b.Disconnected, DistanceIncrease: b.DistanceIncrease, InA: b.InA, InB: b.InB})
	}
	if *asJSON {
		return a.writeCited(cite, p, res)
	}
	fmt.Fprintf(a.stdout, "bridges between %d places of %s linked to %s and %d linked to %s: %d pairs, %d connected, mean distance %.3f links\n",
		res.GroupA, res.Home, res.Between, res.GroupB, res.And, res.Pairs, res.Connected, res.MeanDistance)
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "rank\tid\tname\tcountry\tdegree\tbetweenness\tpairs lost without\tdistance increase\tin groups")
	for _, r := range res.Places {
		in := ""
		if r.InA {
			in += "A"
		}
		if r.InB {
			in += "B"
		}
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%d\t%.2f\t%d\t%.3f\t%s\n", r.Rank, r.ID, r.Name, r.Country, r.Degree, r.Betweenness, r.Disconnected, r.DistanceIncrease, in)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	a.printCitation(cite, p)
	return nil
}
