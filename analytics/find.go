package analytics

import (
	"slices"
	"strings"

	"github.com/citygraph/citygraph/graph/gazetteer"
)

// Find returns the nodes a user's query names, in index order:
//
//   - an exact municipality ID ("DE:08222000", "UA:chernivtsi"), also with
//     the country in lower case;
//   - an 8-digit AGS ("08222000");
//   - a name, compared folded (gazetteer.Fold: case, accents and umlaut
//     spellings do not matter) with each place's name and other names;
//   - a name with a qualifier after a comma, "Frankfurt, DE-HE" or
//     "Springfield, US", keeping the places of that Land or country;
//   - failing an exact name, the places whose name begins with the query's
//     words: "Frankfurt" finds "Frankfurt am Main" and "Frankfurt (Oder)".
//
// More than one result means the query is ambiguous; none, that nothing
// matches. Find scans every node, O(n) name folds.
func (p *Projection) Find(query string) []int32 {
	q := strings.TrimSpace(query)
	if q == "" {
		return nil
	}
	if i, ok := p.index[q]; ok {
		return []int32{i}
	}
	if c, rest, ok := strings.Cut(q, ":"); ok && len(c) == 2 {
		if i, ok := p.index[strings.ToUpper(c)+":"+rest]; ok {
			return []int32{i}
		}
	}
	if len(q) == 8 && strings.Trim(q, "0123456789") == "" {
		if i, ok := p.index["DE:"+q]; ok {
			return []int32{i}
		}
		for i := range p.nodes {
			if p.nodes[i].AGS == q {
				return []int32{int32(i)}
			}
		}
	}
	name, qual := q, ""
	if n, qu, ok := strings.Cut(q, ","); ok {
		name, qual = n, strings.ToUpper(strings.TrimSpace(qu))
	}
	for _, prefix := range []bool{false, true} {
		if out := p.findName(gazetteer.Fold(q), "", prefix); len(out) > 0 {
			return out
		}
		if qual != "" {
			if out := p.findName(gazetteer.Fold(name), qual, prefix); len(out) > 0 {
				return out
			}
		}
	}
	return nil
}

// findName returns the nodes whose folded name or other name is f (or,
// with prefix, begins with the words of f), and whose country or Land is
// qual when qual is not empty.
func (p *Projection) findName(f, qual string, prefix bool) []int32 {
	if f == "" {
		return nil
	}
	match := func(name string) bool {
		n := gazetteer.Fold(name)
		if prefix {
			return strings.HasPrefix(n, f+" ")
		}
		return n == f
	}
	var out []int32
	for i := range p.nodes {
		m := &p.nodes[i]
		if qual != "" && m.Country != qual && m.State != qual && m.State != "DE-"+qual {
			continue
		}
		if match(m.Name) || slices.ContainsFunc(m.AltNames, match) {
			out = append(out, int32(i))
		}
	}
	return out
}
