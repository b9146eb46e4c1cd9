package importer

import (
	"testing"

	"github.com/citygraph/citygraph/identity"
)

// unresolvedRows counts the lines of the links with an unresolved German
// place at an end.
func unresolvedRows(res *Result) int {
	lines := map[int]bool{}
	for _, p := range res.Batch.Partnerships {
		if identity.UnresolvedKind(p.A) != "" || identity.UnresolvedKind(p.B) != "" {
			for _, s := range p.Sources {
				lines[s.Line] = true
			}
		}
	}
	return len(lines)
}

// The identity report's counts are those of its list, and the same when
// the Importer is told not to list it.
func TestIdentityCountsWithoutList(t *testing.T) {
	for _, tc := range []struct {
		file string
		opt  Options
	}{
		{"pairs_mapped.csv", Options{Map: pairsMap}},
		{"sister_cities_wikidata_sample.tsv", Options{SkipInvalid: true}},
	} {
		im := newImporter(t)
		res, err := readFile(t, im, tc.file, tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		var want IdentityCounts
		for _, m := range res.Identity {
			want.Names++
			if m.Known {
				want.Known++
			} else {
				want.Unknown++
			}
			if m.Warning != "" {
				want.Warnings++
			}
			if identity.UnresolvedKind(m.ID) != "" {
				want.Unresolved++
			}
		}
		want.UnresolvedRows = unresolvedRows(res)
		if want.Names == 0 || res.IdentityCounts != want {
			t.Errorf("%s: counts %+v, the list's %+v", tc.file, res.IdentityCounts, want)
		}
		im.NoIdentityList = true
		res2, err := readFile(t, im, tc.file, tc.opt)
		if err != nil {
			t.Fatal(err)
		}
		if res2.Identity != nil || res2.IdentityCounts != want {
			t.Errorf("%s without the list: %d listed, counts %+v, want none and %+v", tc.file, len(res2.Identity), res2.IdentityCounts, want)
		}
	}
}
