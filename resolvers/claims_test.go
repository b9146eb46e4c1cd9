package resolvers_test

import (
	"testing"

	"github.com/99designs/gqlgen/client"
	"github.com/citygraph/citygraph/graph"
)

const conflictsQuery = `{ conflicts(settled: true) { link a { name } b { name } kind field values { value sources { file line sourceId } } chosen settled } }`

type conflictsAnswer struct {
	Conflicts []struct {
		Link        string
		A, B        struct{ Name string }
		Kind, Field string
		Values      []struct {
			Value   string
			Sources []struct {
				File, SourceId string
				Line           int
			}
		}
		Chosen  string
		Settled bool
	}
}

// TestConflictsAndSettling: a file says München-Kyiv began in 1990 (the
// fixture says 1989): the import report and conflicts list it with both
// values and sources; settleConflict decides it for 1989; a settling file
// decides it again for 1990.
func TestConflictsAndSettling(t *testing.T) {
	e := newEnv(t)
	const q = `mutation($file: Upload!, $settles: Boolean) { importFile(file: $file, settles: $settles) {
		partnershipsMerged conflicts { link field chosen values { value sources { file line } } } } }`
	var rep struct {
		ImportFile struct {
			PartnershipsMerged int
			Conflicts          []struct {
				Link, Field, Chosen string
				Values              []struct {
					Value   string
					Sources []struct {
						File string
						Line int
					}
				}
			}
		}
	}
	const later = "Kommune;Bundesland;Partnerkommune;Land;Art;Seit\nMünchen;Bayern;Kyiv;Ukraine;Partnerschaft;1990\n"
	e.query(t, q, &rep, admin, client.Var("file", writeFile(t, "later.csv", later)), client.WithFiles())
	key := "DE:09162000|UA:kyiv|PARTNERSHIP"
	if r := rep.ImportFile; r.PartnershipsMerged != 1 || len(r.Conflicts) != 1 || r.Conflicts[0].Link != key || r.Conflicts[0].Field != "since" ||
		r.Conflicts[0].Chosen != "1990" || len(r.Conflicts[0].Values) != 2 || r.Conflicts[0].Values[1].Sources[0].File != "later.csv" ||
		r.Conflicts[0].Values[1].Sources[0].Line != 2 {
		t.Fatalf("import report %+v", r)
	}
	var cs conflictsAnswer
	e.query(t, conflictsQuery, &cs)
	if len(cs.Conflicts) != 1 || cs.Conflicts[0].A.Name != "München" || cs.Conflicts[0].B.Name != "Kyiv" || cs.Conflicts[0].Settled ||
		cs.Conflicts[0].Values[0].Value != "1989" || cs.Conflicts[0].Values[1].Value != "1990" {
		t.Fatalf("conflicts %+v", cs)
	}

	// Refused: without the token, an unknown link, a value nobody claims.
	settle := `mutation { settleConflict(link: "` + key + `", field: "since", value: "1989", reason: "Stadtratsbeschluss 1989") {
		since claims { source { file sourceId } since settles } } }`
	if errs := e.errs(t, settle); code(errs[0]) != graph.EUNAUTHORIZED {
		t.Errorf("without the token: %+v", errs[0])
	}
	for _, tc := range []struct{ q, code string }{
		{`mutation { settleConflict(link: "DE:1|UA:2|PARTNERSHIP", field: "since", value: "1989") { since } }`, graph.ENOTFOUND},
		{`mutation { settleConflict(link: "` + key + `", field: "since", value: "1995") { since } }`, graph.EINVALID},
		{`mutation { settleConflict(link: "` + key + `", field: "status", value: "ENDED") { since } }`, graph.EINVALID},
		{`{ conflicts(field: "kind") { link } }`, graph.EINVALID},
	} {
		if errs := e.errs(t, tc.q, admin); code(errs[0]) != tc.code {
			t.Errorf("%s: %+v, want %s", tc.q, errs[0], tc.code)
		}
	}

	var settled struct {
		SettleConflict struct {
			Since  string
			Claims []struct {
				Source  struct{ File, SourceId string }
				Since   *string
				Settles bool
			}
		}
	}
	e.query(t, settle, &settled, admin)
	s := settled.SettleConflict
	if s.Since != "1989" || len(s.Claims) != 3 || !s.Claims[2].Settles || s.Claims[2].Source.SourceId != "settleConflict: Stadtratsbeschluss 1989" {
		t.Errorf("settleConflict %+v", s)
	}
	cs = conflictsAnswer{}
	e.query(t, conflictsQuery, &cs)
	if len(cs.Conflicts) != 1 || !cs.Conflicts[0].Settled || cs.Conflicts[0].Chosen != "1989" {
		t.Errorf("after settling %+v", cs)
	}
	var open struct{ Conflicts []struct{ Link string } }
	e.query(t, `{ conflicts { link } }`, &open)
	if len(open.Conflicts) != 0 {
		t.Errorf("open conflicts after settling %+v", open)
	}

	// A later file that settles decides again.
	e.query(t, q, &rep, admin, client.Var("file", writeFile(t, "beschluss.csv", later)), client.Var("settles", true), client.WithFiles())
	cs = conflictsAnswer{}
	e.query(t, conflictsQuery, &cs)
	if len(cs.Conflicts) != 1 || !cs.Conflicts[0].Settled || cs.Conflicts[0].Chosen != "1990" {
		t.Errorf("after a settling file %+v", cs)
	}
}
