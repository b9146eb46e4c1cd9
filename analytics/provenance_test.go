package analytics

import (
	"slices"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// TestDataHash: the hash follows the content, not the order of the records
// nor their sources; a changed field, a view or a topic's spelling as an
// SDG is seen as such.
func TestDataHash(t *testing.T) {
	base := recSnapshot()
	h := NewProjection(base).Data()
	if !strings.HasPrefix(h.Hash, "sha256:") || len(h.Hash) != 71 || h.Places != 10 || h.Links != 9 || h.Memberships != 5 || h.StoreVersion != 3 {
		t.Fatalf("data version %+v", h)
	}
	// Another store: records in another order, sources, another version.
	other := *base
	other.Version = 99
	other.Municipalities = slices.Clone(base.Municipalities)
	slices.Reverse(other.Municipalities)
	other.Partnerships = slices.Clone(base.Partnerships)
	slices.Reverse(other.Partnerships)
	for i := range other.Partnerships {
		other.Partnerships[i].Sources = []graph.Source{{File: "other.csv", Line: i + 1}}
	}
	other.Memberships = slices.Clone(base.Memberships)
	slices.Reverse(other.Memberships)
	if g := NewProjection(&other).Data(); g.Hash != h.Hash || g.StoreVersion != 99 {
		t.Errorf("reordered records with sources: %s, want %s", g.Hash, h.Hash)
	}
	// SDG spellings are one topic.
	sdg := *base
	sdg.Partnerships = slices.Clone(base.Partnerships)
	for i := range sdg.Partnerships {
		if slices.Equal(sdg.Partnerships[i].Topics, []string{"SDG11"}) {
			sdg.Partnerships[i].Topics = []string{"SDG 11"}
		}
	}
	if g := NewProjection(&sdg).Data(); g.Hash != h.Hash {
		t.Errorf("SDG 11 for SDG11 changed the hash")
	}
	changed := *base
	changed.Municipalities = slices.Clone(base.Municipalities)
	changed.Municipalities[0].Population++
	if g := NewProjection(&changed).Data(); g.Hash == h.Hash {
		t.Error("a changed population kept the hash")
	}
	if v := NewProjection(base).View(Filter{Kinds: []graph.Kind{graph.KindFriendship}}).Data(); v.Hash == h.Hash || v.Links != 0 {
		t.Errorf("a view without links: %+v", v)
	}
	p := NewProjection(base)
	pr := NewProvenance(p, "recommend", map[string]string{"city": "Xstadt", "top": "3", "domestic": "false"}, nil)
	pr.Command = "citygraph recommend --city Xstadt --top 3"
	c := pr.Citation()
	if !strings.HasPrefix(c, "citygraph recommend (city=Xstadt, top=3), on data "+h.Hash+" (10 places, 9 links, 5 memberships), citygraph ") ||
		!strings.HasSuffix(c, "\nReproduce: citygraph recommend --city Xstadt --top 3") || strings.Contains(c, "computed") {
		t.Errorf("citation %q", c)
	}
}

// TestPrepare: Prepare builds the indexes built on first use otherwise,
// without changing what they answer.
func TestPrepare(t *testing.T) {
	lazy, eager := NewProjection(recSnapshot()), NewProjection(recSnapshot())
	if eager.Prepared() {
		t.Fatal("a new projection says it is prepared")
	}
	eager.Prepare()
	if !eager.Prepared() || lazy.Prepared() {
		t.Fatalf("Prepared: eager %v, lazy %v", eager.Prepared(), lazy.Prepared())
	}
	if eager.Data() != lazy.Data() {
		t.Errorf("data version prepared %+v, on first use %+v", eager.Data(), lazy.Data())
	}
	for i := range int32(eager.N()) {
		if !slices.Equal(eager.LinksOf(i), lazy.LinksOf(i)) {
			t.Errorf("LinksOf(%d): prepared %v, on first use %v", i, eager.LinksOf(i), lazy.LinksOf(i))
		}
	}
}
