package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
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
	Home string `json:"home"`
	// Between and And are a country code or "community:N".
	Between string `json:"between"`
	And     string `json:"and"`
	// Seed is the Louvain seed when a group is a community.
	Seed         *int64      `json:"seed,omitempty"`
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
	fs := a.newFlagSet("analyze bridges", "analyze bridges --between PL|community:N --and UA|community:N [--home DE] [--seed N] [--top N] [--json]",
		`Which places link two groups, and how much would be lost without each. Group A is the places of
--home linked to a place of --between, group B those linked to a place of --and (for example the
German places twinned with Poland and those twinned with Ukraine). A group may instead be a
Louvain community, community:N, numbered as analyze communities numbers them (1 the largest) with
the same --seed on the same scope. Lists the places on shortest paths between the groups, the most
used first: betweenness over the cross-group pairs, the pairs that would lose every path without
the place, and the mean increase in links of the others.`)
	so := a.storeFlags(fs)
	scope := scopeFlags(fs)
	home := fs.String("home", "DE", "the `country` of both groups' places")
	between := fs.String("between", "", "group A: places of --home linked to this `country`, or community:N")
	and := fs.String("and", "", "group B: places of --home linked to this `country`, or community:N")
	seed := fs.Int64("seed", 1, "Louvain `seed` for community:N groups")
	top := fs.Int("top", 20, "how many places to list (and search again without)")
	asJSON := fs.Bool("json", false, "print JSON")
	cite := citeFlags(fs, "analyze bridges", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *between == "" || *and == "" {
		return usageError("analyze bridges needs --between and --and (countries, e.g. --between PL --and UA, or communities, e.g. --between community:1 --and community:2)")
	}
	if *top < 1 {
		return usageError("--top must be at least 1")
	}
	countries, err := gazetteer.LoadCountries()
	if err != nil {
		return fmt.Errorf("load country names: %w", err)
	}
	codes := make([]string, 3)
	comms := []int{0, 0, 0} // community numbers of --between, --and; 0: a country
	for i, c := range []struct{ flag, v string }{{"--home", *home}, {"--between", *between}, {"--and", *and}} {
		if i > 0 {
			if n, ok, err := communityArg(c.flag, c.v); err != nil {
				return err
			} else if ok {
				codes[i], comms[i] = c.v, n
				continue
			}
		}
		if codes[i], err = resolveCountry(countries, c.flag, c.v); err != nil {
			return err
		}
	}
	p, closeStore, err := a.openView(ctx, so, scope)
	if err != nil {
		return err
	}
	defer closeStore()
	// community:N is the N-th of analytics.Communities, as analyze
	// communities numbers them (the API's Community.rank).
	var numbered []analytics.Community
	if comms[1] > 0 || comms[2] > 0 {
		comm, _ := analytics.Louvain(p, *seed)
		numbered = analytics.Communities(p, comm)
		cite.seedFlag = "seed"
	}
	groups := make([][]int32, 3)
	for i := 1; i < 3; i++ {
		if comms[i] == 0 {
			groups[i] = analytics.LinkedTo(p, codes[0], codes[i])
			continue
		}
		if comms[i] > len(numbered) {
			return usageError("%s community:%d: Louvain with seed %d finds %d communities on this scope (see analyze communities --seed %d)",
				map[int]string{1: "--between", 2: "--and"}[i], comms[i], *seed, len(numbered), *seed)
		}
		groups[i] = numbered[comms[i]-1].Members
	}
	r := analytics.GroupBridges(p, groups[1], groups[2], *top)
	res := bridgesResult{Home: codes[0], Between: codes[1], And: codes[2], GroupA: r.GroupA, GroupB: r.GroupB, Pairs: r.Pairs,
		Connected: r.Connected, MeanDistance: r.MeanDistance, Nodes: p.N(), Links: p.M(), Places: []bridgeRow{}}
	for i, b := range r.Places {
		m := p.Node(b.Node)
		res.Places = append(res.Places, bridgeRow{Rank: i + 1, ID: m.ID, Name: m.Name, Country: m.Country, Degree: p.Degree(b.Node),
			Betweenness: b.Betweenness, Disconnected: b.Disconnected, DistanceIncrease: b.DistanceIncrease, InA: b.InA, InB: b.InB})
	}
	if numbered != nil {
		res.Seed = seed
	}
	if *asJSON {
		return a.writeCited(cite, p, res)
	}
	describe := func(n int, group string) string {
		if strings.HasPrefix(group, "community:") {
			return fmt.Sprintf("%d places of Louvain %s (seed %d)", n, group, *seed)
		}
		return fmt.Sprintf("%d places of %s linked to %s", n, res.Home, group)
	}
	fmt.Fprintf(a.stdout, "bridges between %s and %s: %d pairs, %d connected, mean distance %.3f links\n",
		describe(res.GroupA, res.Between), describe(res.GroupB, res.And), res.Pairs, res.Connected, res.MeanDistance)
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

// communityArg reads "community:N" (N >= 1) for flag; ok is false for
// anything else (a country).
func communityArg(flag, v string) (n int, ok bool, err error) {
	rest, found := strings.CutPrefix(strings.ToLower(strings.TrimSpace(v)), "community:")
	if !found {
		return 0, false, nil
	}
	n, err = strconv.Atoi(rest)
	if err != nil || n < 1 {
		return 0, false, usageError("%s %q: a community is community:N with N a number from 1 (as analyze communities numbers them)", flag, v)
	}
	return n, true, nil
}
