package graph

import (
	"fmt"
	"testing"
)

func TestPlanMerge(t *testing.T) {
	src := func(f string) []Source { return []Source{{File: f, Line: 1}} }
	stored := map[string]Municipality{
		"a": {ID: "a", Name: "A", Sources: src("x")},
		"b": {ID: "b", Name: "B", Sources: src("x")},
	}
	key := func(m Municipality) string { return m.ID }
	for _, tc := range []struct {
		name      string
		recs      []Municipality
		stored    map[string]Municipality
		create    string
		update    string
		unchanged int
	}{
		{"nothing stored", []Municipality{{ID: "c", Name: "C"}, {ID: "a", Name: "A"}}, nil, "[c a]", "[]", 0},
		{"nothing to merge", nil, stored, "[]", "[]", 0},
		{"unchanged", []Municipality{{ID: "a", Name: "A", Sources: src("x")}, {ID: "b"}}, stored, "[]", "[]", 2},
		{"merged", []Municipality{{ID: "b", Name: "Bee"}, {ID: "a", Sources: src("y")}}, stored, "[]", "[b:Bee:1 a:A:2]", 0},
		{"all three", []Municipality{{ID: "d"}, {ID: "a", Name: "A"}, {ID: "c"}, {ID: "b", Population: 7}}, stored, "[d c]", "[b:B:1]", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := PlanMerge(tc.recs, tc.stored, key, MergeMunicipality)
			ids := func(ms []Municipality, full bool) string {
				out := []string{}
				for _, m := range ms {
					if full {
						out = append(out, fmt.Sprintf("%s:%s:%d", m.ID, m.Name, len(m.Sources)))
					} else {
						out = append(out, m.ID)
					}
				}
				return fmt.Sprint(out)
			}
			if got := ids(p.Create, false); got != tc.create {
				t.Errorf("create %s, want %s", got, tc.create)
			}
			if got := ids(p.Update, true); got != tc.update {
				t.Errorf("update %s, want %s", got, tc.update)
			}
			if p.Unchanged != tc.unchanged {
				t.Errorf("unchanged %d, want %d", p.Unchanged, tc.unchanged)
			}
			var st ApplyStats
			p.Count(&st, false)
			if st.Created != len(p.Create) || st.Merged != len(p.Update) || st.Unchanged != p.Unchanged || st.PartnershipsCreated != 0 {
				t.Errorf("counted %+v", st)
			}
		})
	}
	if s := stored["b"]; s.Population != 0 || len(s.AltNames) != 0 {
		t.Errorf("PlanMerge changed a stored record: %+v", s)
	}
}

func TestPlanCountsPartnerships(t *testing.T) {
	p := Partnership{A: "a", B: "b", Kind: KindContact}
	q := Partnership{A: "a", B: "c", Kind: KindContact}
	r := Partnership{A: "a", B: "d", Kind: KindContact}
	stored := map[string]Partnership{p.Key(): p, q.Key(): q}
	q2 := q
	q2.Since = NewDate(2001, 0, 0)
	plan := PlanMerge([]Partnership{p, q2, r}, stored, Partnership.Key, MergePartnership)
	st := ApplyStats{Created: 1}
	plan.Count(&st, true)
	want := ApplyStats{Created: 2, Merged: 1, Unchanged: 1, PartnershipsCreated: 1, PartnershipsMerged: 1, PartnershipsUnchanged: 1}
	if st != want {
		t.Errorf("stats %+v, want %+v", st, want)
	}
	if len(plan.Update) != 1 || plan.Update[0].Since != q2.Since {
		t.Errorf("update %+v", plan.Update)
	}
}
