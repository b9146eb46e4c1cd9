package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/citygraph/citygraph/analytics"
)

// brokerRow is one place of `analyze brokerage`.
type brokerRow struct {
	Rank    int    `json:"rank"`
	ID      string `json:"id"`
	Name    string `json:"name"`
	Country string `json:"country"`
	Degree  int    `json:"degree"`
	// EffectiveSize and Constraint are Burt's (NetworkX effective_size,
	// constraint); the participation coefficients are over the partners'
	// countries and Louvain communities (seed).
	EffectiveSize            float64 `json:"effectiveSize"`
	Constraint               float64 `json:"constraint"`
	ParticipationCountries   float64 `json:"participationCountries"`
	ParticipationCommunities float64 `json:"participationCommunities"`
}

// brokerageResult is the JSON of `analyze brokerage`.
type brokerageResult struct {
	By     string      `json:"by"`
	Seed   int64       `json:"seed"`
	Nodes  int         `json:"nodes"`
	Links  int         `json:"links"`
	Places []brokerRow `json:"places"`
}

func (a *app) runBrokerage(ctx context.Context, args []string) error {
	fs := a.newFlagSet("analyze brokerage", "analyze brokerage [--by effective-size|constraint|countries|communities] [--top N] [--seed N] [--json]",
		`Brokers between groups: Burt's effective size and constraint (as NetworkX computes them) and the
participation coefficient over the partners' countries and over Louvain communities (seed).
--by effective-size (default) lists the largest first, constraint the smallest first (least
constrained: partners who are not partners of each other), countries and communities the
highest participation first. Places without links are left out.`)
	so := a.storeFlags(fs)
	scope := scopeFlags(fs)
	by := fs.String("by", "effective-size", "rank `by` effective-size, constraint, countries or communities")
	top := fs.Int("top", 20, "how many places to list")
	seed := fs.Int64("seed", 1, "Louvain `seed` for the communities")
	asJSON := fs.Bool("json", false, "print JSON")
	cite := citeFlags(fs, "analyze brokerage", "seed")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	switch *by {
	case "effective-size", "constraint", "countries", "communities":
	default:
		return usageError("--by %q: want effective-size, constraint, countries or communities", *by)
	}
	if *top < 1 {
		return usageError("--top must be at least 1")
	}
	p, closeStore, err := a.openView(ctx, so, scope)
	if err != nil {
		return err
	}
	defer closeStore()
	es, con := analytics.EffectiveSize(p), analytics.Constraint(p)
	pc := analytics.Participation(p, analytics.CountryGroups(p))
	comm, _ := analytics.Louvain(p, *seed)
	pm := analytics.Participation(p, comm)
	key := map[string][]float64{"effective-size": es, "constraint": con, "countries": pc, "communities": pm}[*by]
	res := brokerageResult{By: *by, Seed: *seed, Nodes: p.N(), Links: p.M(), Places: []brokerRow{}}
	for r, i := range analytics.RankBrokers(p, key, *by == "constraint", *top) {
		m := p.Node(i)
		res.Places = append(res.Places, brokerRow{Rank: r + 1, ID: m.ID, Name: m.Name, Country: m.Country, Degree: p.Degree(i),
			EffectiveSize: es[i], Constraint: con[i], ParticipationCountries: pc[i], ParticipationCommunities: pm[i]})
	}
	if *asJSON {
		return a.writeCited(cite, p, res)
	}
	fmt.Fprintf(a.stdout, "brokerage by %s on %d places, %d links (communities: Louvain seed %d)\n", res.By, res.Nodes, res.Links, res.Seed)
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(w, "rank\tid\tname\tcountry\tdegree\teffective size\tconstraint\tparticipation countries\tparticipation communities")
	for _, r := range res.Places {
		fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%d\t%.3f\t%.4f\t%.3f\t%.3f\n", r.Rank, r.ID, r.Name, r.Country, r.Degree, r.EffectiveSize, r.Constraint,
			r.ParticipationCountries, r.ParticipationCommunities)
	}
	if err := w.Flush(); err != nil {
		return err
	}
	a.printCitation(cite, p)
	return nil
}
