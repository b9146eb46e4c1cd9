package resolvers_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/citygraph/citygraph/graph"
)

// TestQualityChecks: in Hessen the fixture links one Neustadt (Frankfurt
// has no partners); the other municipalities are unlinked, listed per
// Kreis (the first five findings: the page size of the test server).
func TestQualityChecks(t *testing.T) {
	e := newEnv(t)
	var resp struct {
		QualityChecks []struct {
			Check, Message, Key string
			Places, Links       []string
			Count               int
		}
	}
	e.query(t, `{ qualityChecks(checks: ["unlinked"], state: "Hessen") { check message key places links count } }`, &resp)
	fs := resp.QualityChecks
	if len(fs) != 5 || fs[0].Key != "DE-HE" || fs[0].Check != "unlinked" || len(fs[0].Places) != 0 {
		t.Fatalf("qualityChecks = %+v", fs)
	}
	var all int
	if _, err := fmt.Sscanf(fs[0].Message, "DE-HE: %d of", new(int)); err != nil || !strings.HasSuffix(fs[0].Message, "municipalities without any link") {
		t.Errorf("message %q", fs[0].Message)
	}
	fmt.Sscanf(strings.SplitN(fs[0].Message, " of ", 2)[1], "%d", &all)
	if fs[0].Count != all-1 || all < 400 {
		t.Errorf("unlinked in Hessen %d of %d, want all but Neustadt", fs[0].Count, all)
	}
	frankfurt := false
	for _, f := range fs[1:] {
		if len(f.Places) != f.Count || len(f.Key) != 5 || !strings.HasPrefix(f.Key, "06") {
			t.Errorf("Kreis finding %+v", f)
		}
		for _, id := range f.Places {
			if id == "DE:06435019" {
				t.Errorf("linked %s listed as unlinked", id)
			}
			frankfurt = frankfurt || id == "DE:06412000"
		}
	}
	if !frankfurt {
		t.Errorf("Frankfurt (Kreis 06412) not among the unlinked: %+v", fs)
	}
	for _, q := range []string{`{ qualityChecks(checks: ["duplicates"]) { key } }`, `{ qualityChecks(state: "Atlantis") { key } }`, `{ qualityChecks(first: 99) { key } }`} {
		if errs := e.errs(t, q); code(errs[0]) != graph.EINVALID {
			t.Errorf("%s: %+v, want INVALID", q, errs[0])
		}
	}
}
