package analytics

import (
	"slices"
	"strings"

	"github.com/citygraph/citygraph/graph/gazetteer"
)

// RegionGroup is a named group of countries that the partner finder can
// filter on (RecommendOptions.Countries): the EU, the Eastern Partnership,
// the Western Balkans and so on. The table is RegionGroups; README lists it.
type RegionGroup struct {
	// Code is the short name used in queries ("EU", "EAP", "WB").
	Code string `json:"code"`
	// Name is the English name; Aliases are other names accepted (German
	// ones among them), matched ignoring case, spaces and hyphens.
	Name    string   `json:"name"`
	Aliases []string `json:"aliases,omitempty"`
	// Countries are ISO 3166-1 alpha-2 codes, sorted.
	Countries []string `json:"countries"`
	// Note says where the list comes from and as of when.
	Note string `json:"note"`
}

// regionGroups is the documented table of region groups (README "Partner
// finder"). Kosovo is XK as the EU and the World Bank use it.
var regionGroups = []RegionGroup{
	{Code: "EU", Name: "European Union", Aliases: []string{"EU27", "Europäische Union"},
		Countries: []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"},
		Note:      "the 27 member states since 1 February 2020"},
	{Code: "EEA", Name: "European Economic Area", Aliases: []string{"EWR", "Europäischer Wirtschaftsraum"},
		Countries: []string{"AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE", "SI", "SK"},
		Note:      "the EU and Iceland, Liechtenstein, Norway"},
	{Code: "EFTA", Name: "European Free Trade Association", Aliases: []string{"Europäische Freihandelsassoziation"},
		Countries: []string{"CH", "IS", "LI", "NO"}, Note: "the four members"},
	{Code: "EAP", Name: "Eastern Partnership", Aliases: []string{"EaP", "Östliche Partnerschaft", "Ostpartnerschaft"},
		Countries: []string{"AM", "AZ", "BY", "GE", "MD", "UA"},
		Note:      "the EU's Eastern Partnership of 2009 (Belarus suspended its participation in 2021)"},
	{Code: "WB", Name: "Western Balkans", Aliases: []string{"WB6", "Westbalkan", "Westlicher Balkan"},
		Countries: []string{"AL", "BA", "ME", "MK", "RS", "XK"},
		Note:      "the six of the EU's Berlin Process"},
	{Code: "CANDIDATES", Name: "EU candidate countries", Aliases: []string{"EU candidates", "Beitrittskandidaten"},
		Countries: []string{"AL", "BA", "GE", "MD", "ME", "MK", "RS", "TR", "UA"},
		Note:      "candidate status as of December 2024"},
	{Code: "V4", Name: "Visegrád Group", Aliases: []string{"Visegrad", "Visegrád-Gruppe"},
		Countries: []string{"CZ", "HU", "PL", "SK"}, Note: "the four members"},
	{Code: "BALTIC", Name: "Baltic states", Aliases: []string{"Baltikum", "baltische Staaten"},
		Countries: []string{"EE", "LT", "LV"}, Note: "Estonia, Latvia, Lithuania"},
	{Code: "NORDIC", Name: "Nordic countries", Aliases: []string{"Nordics", "Nordische Länder", "Skandinavien"},
		Countries: []string{"DK", "FI", "IS", "NO", "SE"}, Note: "the members of the Nordic Council"},
	{Code: "BENELUX", Name: "Benelux", Countries: []string{"BE", "LU", "NL"}, Note: "the three members"},
	{Code: "DE-NEIGHBOURS", Name: "Germany's neighbours", Aliases: []string{"Nachbarländer", "neighbours"},
		Countries: []string{"AT", "BE", "CH", "CZ", "DK", "FR", "LU", "NL", "PL"}, Note: "the nine countries bordering Germany"},
	{Code: "G7", Name: "Group of Seven", Countries: []string{"CA", "DE", "FR", "GB", "IT", "JP", "US"}, Note: "the seven members"},
}

// RegionGroups returns the table of region groups (a copy).
func RegionGroups() []RegionGroup {
	out := slices.Clone(regionGroups)
	for i := range out {
		out[i].Aliases = slices.Clone(out[i].Aliases)
		out[i].Countries = slices.Clone(out[i].Countries)
	}
	return out
}

// regionKey folds a group name for matching: case, accents, spaces, hyphens
// and underscores do not count.
func regionKey(s string) string {
	return strings.NewReplacer(" ", "", "-", "", "_", "", ".", "").Replace(gazetteer.Fold(s))
}

// LookupRegionGroup finds a region group by its code, name or an alias
// ("Westbalkan", "eastern partnership", "eu").
func LookupRegionGroup(name string) (RegionGroup, bool) {
	k := regionKey(name)
	if k == "" {
		return RegionGroup{}, false
	}
	for _, g := range regionGroups {
		if regionKey(g.Code) == k || regionKey(g.Name) == k || slices.ContainsFunc(g.Aliases, func(a string) bool { return regionKey(a) == k }) {
			return g, true
		}
	}
	return RegionGroup{}, false
}

// RegionGroupCodes returns the codes of the region groups, in table order.
func RegionGroupCodes() []string {
	out := make([]string, len(regionGroups))
	for i, g := range regionGroups {
		out[i] = g.Code
	}
	return out
}
