package main

import (
	"context"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

const coverageDescription = `Coverage of German municipalities by international links, for state
chancelleries:

  --by state    per Land: municipalities, those with at least one link, their
                share, links known against the count the Land reported, links
                per 100,000 inhabitants, top partner countries
  --by kreis    the same per Kreis (with --state, the Kreise of one Land)
  --by country  per partner country: links, German municipalities linked,
                places linked, links per Land
  --by year     links started, ended and running per year (e.g. German-Ukrainian
                links per year since 1990: --by year --country UA --from 1990)

A link counts for a Land or Kreis when one of its ends is a German place in
it; with --country only links whose partner is in that country count. The
municipalities and their population come from the built-in Destatis
directory (31.12.2021). --kind and --as-of narrow the links first.`

// coverageResult is the JSON of `analyze coverage`.
type coverageResult struct {
	By             string       `json:"by"`
	PartnerCountry string       `json:"partnerCountry,omitempty"`
	State          string       `json:"state,omitempty"`
	Kinds          []graph.Kind `json:"kinds,omitempty"`
	AsOf           graph.Date   `json:"asOf,omitzero"`
	Version        int64        `json:"version"`
	Rows           any          `json:"rows"`
	// ReportedNote says what rows[].reported counts when it is not what
	// the rows' links count (with a partner country).
	ReportedNote string `json:"reportedNote,omitempty"`
	// --by year only.
	From         int `json:"from,omitempty"`
	To           int `json:"to,omitempty"`
	Links        int `json:"links,omitempty"`
	UnknownSince int `json:"unknownSince,omitempty"`
}

// countryCoverageRow is a CountryRow with the country's names.
type countryCoverageRow struct {
	analytics.CountryRow
	Name   string `json:"name"`   // English
	NameDE string `json:"nameDe"` // German
}

func (a *app) runCoverage(ctx context.Context, args []string) error {
	fs := a.newFlagSet("analyze coverage",
		"analyze coverage --by state|kreis|country|year [--country UA] [--state DE-NW] [--json]", coverageDescription)
	so := a.storeFlags(fs)
	by := fs.String("by", "state", "group by `state`, kreis, country or year")
	country := fs.String("country", "", "count only links to this partner `country` (ISO code or name, e.g. UA)")
	state := fs.String("state", "", "only this `Land` (DE-NW, NW or Nordrhein-Westfalen)")
	kinds := fs.String("kind", "", "only links of these `kinds` (comma-separated: PARTNERSHIP, FRIENDSHIP, CONTACT, PROJECT)")
	asOf := fs.String("as-of", "", "the links as of this `date` (YYYY, YYYY-MM or YYYY-MM-DD)")
	top := fs.Int("top", 5, "partner countries to list per Land or Kreis")
	from := fs.Int("from", 0, "--by year: first `year` (default: the first year with a link)")
	to := fs.Int("to", 0, "--by year: last `year` (default: the last year with a link)")
	asJSON := fs.Bool("json", false, "print JSON")
	cite := citeFlags(fs, "analyze coverage", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("unexpected arguments %v", fs.Args())
	}
	switch *by {
	case "state", "kreis", "country", "year":
	default:
		return usageError("--by %q: want state, kreis, country or year", *by)
	}
	if *top < 1 {
		return usageError("--top must be at least 1")
	}
	if *to != 0 && *from > *to {
		return usageError("--from %d is after --to %d", *from, *to)
	}
	countries, err := gazetteer.LoadCountries()
	if err != nil {
		return fmt.Errorf("load country names: %w", err)
	}
	opt := analytics.CoverageOptions{TopCountries: *top}
	if *country != "" {
		code, err := resolveCountry(countries, "--country", *country)
		if err != nil {
			return err
		}
		opt.PartnerCountry = code
	}
	if *state != "" {
		if opt.State, err = resolveState("--state", *state); err != nil {
			return err
		}
	}
	scope := scopeOptions{kinds: *kinds, asOf: *asOf}
	f, err := scope.filter()
	if err != nil {
		return err
	}
	dir, err := a.loadGermany()
	if err != nil {
		return fmt.Errorf("load the municipality directory: %w", err)
	}
	p, closeStore, err := a.openProjection(ctx, so)
	if err != nil {
		return err
	}
	defer closeStore()
	p = p.View(f)

	res := coverageResult{By: *by, PartnerCountry: opt.PartnerCountry, State: opt.State, Kinds: f.Kinds, AsOf: f.AsOf, Version: p.Version()}
	if opt.PartnerCountry != "" && (*by == "state" || *by == "kreis") {
		res.ReportedNote = reportedAllCountries
	}
	all := dir.All()
	switch *by {
	case "state":
		res.Rows = analytics.CoverageByState(p, all, opt)
	case "kreis":
		res.Rows = analytics.CoverageByKreis(p, all, opt)
	case "country":
		rows := []countryCoverageRow{}
		for _, r := range analytics.CoverageByCountry(p, all, opt) {
			rows = append(rows, countryCoverageRow{r, countries.Name(r.Country, "en"), countries.Name(r.Country, "de")})
		}
		res.Rows = rows
	case "year":
		yc := analytics.CoverageByYear(p, all, opt, *from, *to)
		res.Rows, res.From, res.To, res.Links, res.UnknownSince = yc.Rows, yc.From, yc.To, yc.Links, yc.UnknownSince
	}
	if *asJSON {
		return a.writeCited(cite, p, res)
	}
	if err := a.printCoverage(res); err != nil {
		return err
	}
	if res.ReportedNote != "" {
		fmt.Fprintln(a.stdout, "note:", res.ReportedNote)
	}
	a.printCitation(cite, p)
	return nil
}

// printCoverage writes a coverage result as a table.
func (a *app) printCoverage(res coverageResult) error {
	var scope []string
	if res.PartnerCountry != "" {
		scope = append(scope, "links to "+res.PartnerCountry)
	}
	if res.State != "" {
		scope = append(scope, "in "+res.State)
	}
	if !res.AsOf.IsZero() {
		scope = append(scope, "as of "+res.AsOf.String())
	}
	title := "coverage by " + res.By
	if len(scope) > 0 {
		title += " (" + strings.Join(scope, ", ") + ")"
	}
	fmt.Fprintln(a.stdout, title)
	w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
	switch rows := res.Rows.(type) {
	case []analytics.CoverageRow:
		reported := "reported"
		if res.ReportedNote != "" {
			reported = "reported (all countries)"
		}
		fmt.Fprintln(w, "key\tname\tmunicipalities\tlinked\tshare\tlinks\tper 100k\t"+reported+"\tknown/reported\ttop countries")
		for _, r := range rows {
			fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%.1f%%\t%d\t%.2f\t%s\t%s\t%s\n", r.Key, r.Name, r.Municipalities,
				r.LinkedMunicipalities, 100*r.Share, r.Links, r.LinksPer100k, dash(r.Reported), percentOrDash(r.KnownOfReported),
				keyCounts(r.TopCountries))
		}
	case []countryCoverageRow:
		fmt.Fprintln(w, "country\tname\tlinks\tGerman municipalities\tplaces\ttop Länder")
		for _, r := range rows {
			states := r.States
			if len(states) > 5 {
				states = states[:5]
			}
			fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%s\n", r.Country, r.Name, r.Links, r.GermanMunicipalities, r.Places, keyCounts(states))
		}
	case []analytics.YearRow:
		fmt.Fprintln(w, "year\tstarted\tended\trunning")
		for _, r := range rows {
			fmt.Fprintf(w, "%d\t%d\t%d\t%d\n", r.Year, r.Started, r.Ended, r.Active)
		}
		if err := w.Flush(); err != nil {
			return err
		}
		_, err := fmt.Fprintf(a.stdout, "%d links, %d without a known start\n", res.Links, res.UnknownSince)
		return err
	}
	return w.Flush()
}

// reportedAllCountries explains the reported column under --country: the
// RGRE reports one count per Land, over all partner countries.
const reportedAllCountries = "reported is the Land's count of partnerships with all countries, as the RGRE reports it; " +
	"it is not split by partner country, so known/reported is left empty"

func dash(n int) string {
	if n == 0 {
		return "-"
	}
	return fmt.Sprint(n)
}

func percentOrDash(x float64) string {
	if x == 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", 100*x)
}

// keyCounts writes counts as "UA 3, PL 2".
func keyCounts(kc []analytics.KeyCount) string {
	parts := make([]string, len(kc))
	for i, c := range kc {
		parts[i] = fmt.Sprintf("%s %d", c.Key, c.Count)
	}
	return strings.Join(parts, ", ")
}
