package identity

import (
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/suggest"
)

// CountryCode reads a country argument (what names it: "--country",
// "countries"): an ISO code or a name in any form the country table knows
// (gazetteer.Countries.Lookup). The one reading of country arguments for
// the CLI and the HTTP endpoints.
//
// Errors: EINVALID for an unknown country, with the nearest code or name
// ("did you mean Ukraine?"), and for an ambiguous one ("Korea"), with
// its candidates.
func CountryCode(c *gazetteer.Countries, what, s string) (string, error) {
	m, ok := c.Lookup(s)
	if ok && m.Code != "" {
		return m.Code, nil
	}
	if ok {
		return "", graph.Errorf(graph.EINVALID, "%s: %q may be %s: give one", what, s, strings.Join(m.Candidates, ", "))
	}
	var names []string
	for _, code := range c.Codes() {
		names = append(names, code, c.Name(code, "en"), c.Name(code, "de"))
	}
	return "", graph.Errorf(graph.EINVALID, "%s: %q is not a country code or name%s", what, s, suggest.DidYouMean(s, names))
}
