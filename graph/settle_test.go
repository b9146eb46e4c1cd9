package graph

import (
	"strings"
	"testing"
)

// disputed is a link whose sources disagree on since (1957, 1958) and on
// status (ENDED, ACTIVE).
func disputed() Partnership {
	return link(
		Claim{Source: src("rgre.csv", 2), Seq: 1, Since: Date{1957, 0, 0}, Until: Date{2015, 0, 0}, Status: StatusEnded},
		Claim{Source: src("city.csv", 4), Seq: 2, Since: Date{1958, 0, 0}, Status: StatusActive},
	)
}

func TestSettle(t *testing.T) {
	p := disputed()
	api := Source{File: "api", SourceID: "settleConflict: council minutes"}
	c, err := p.Settle("since", "1957", api)
	if err != nil {
		t.Fatal(err)
	}
	if !c.Settles || c.Since != (Date{1957, 0, 0}) || c.Status != "" || c.Source != api {
		t.Fatalf("settling claim %+v", c)
	}
	p, _ = MergePartnershipAt(3)(p, Partnership{A: p.A, B: p.B, Kind: p.Kind, Sources: []Source{api}, Claims: []Claim{c}})
	if p.Since != (Date{1957, 0, 0}) {
		t.Errorf("since after settling %v, want 1957", p.Since)
	}
	// A second settlement through the API keeps the first: the claim
	// states both fields.
	c, err = p.Settle("status", "ended", api)
	if err != nil {
		t.Fatal(err)
	}
	if c.Since != (Date{1957, 0, 0}) || c.Status != StatusEnded {
		t.Fatalf("second settling claim %+v, want since 1957 and ENDED", c)
	}
	p, _ = MergePartnershipAt(4)(p, Partnership{A: p.A, B: p.B, Kind: p.Kind, Sources: []Source{api}, Claims: []Claim{c}})
	if p.Since != (Date{1957, 0, 0}) || p.Status != StatusEnded || p.Until != (Date{2015, 0, 0}) {
		t.Errorf("after two settlements: since %v status %s until %v", p.Since, p.Status, p.Until)
	}
	for _, cf := range p.Conflicts() {
		if !cf.Settled {
			t.Errorf("conflict %+v not settled", cf)
		}
	}
}

func TestSettleRefuses(t *testing.T) {
	p := disputed()
	api := Source{File: "api"}
	for _, tc := range []struct{ field, value, want string }{
		{"kind", "1957", "field"},
		{"since", "1960", "1957, 1958"},
		{"since", "soon", "date"},
		{"status", "gone", "ACTIVE, ENDED"},
		{"until", "2015", "no conflict"},
	} {
		_, err := p.Settle(tc.field, tc.value, api)
		if ErrorCode(err) != EINVALID || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Settle(%s, %s) = %v, want INVALID mentioning %q", tc.field, tc.value, err, tc.want)
		}
	}
}

func TestBatchSettling(t *testing.T) {
	b := &Batch{Partnerships: []Partnership{{A: "DE:08222000", B: "GB:swansea", Kind: KindPartnership,
		Since: Date{1957, 0, 0}, Sources: []Source{src("fix.csv", 2)}}}}
	b.Settling()
	p, _ := MergePartnershipAt(3)(disputed(), b.Partnerships[0])
	if p.Since != (Date{1957, 0, 0}) || p.Status != StatusActive {
		t.Errorf("after a settling file: since %v status %s, want 1957 ACTIVE", p.Since, p.Status)
	}
	cs := p.Conflicts()
	if len(cs) != 2 || !cs[0].Settled || cs[1].Settled {
		t.Errorf("conflicts %+v, want since settled, status not", cs)
	}
}
