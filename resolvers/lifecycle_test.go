package resolvers_test

import (
	"testing"
	"time"

	"github.com/99designs/gqlgen/client"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/resolvers"
)

type changeAnswer struct {
	Changes struct {
		Added, Uncertain []struct {
			A, B struct{ Name string }
		}
		UncertainByCountry []struct {
			Key   string
			Count int
		}
		LinksBefore, LinksAfter, UncertainBefore, UncertainAfter, PausedBefore, PausedAfter, Undated int
	}
}

const changesQuery = `query($from: Date!, $to: Date) { changes(from: $from, to: $to) { added { a { name } b { name } }
	uncertain { a { name } b { name } } uncertainByCountry { key count }
	linksBefore linksAfter uncertainBefore uncertainAfter pausedBefore pausedAfter undated } }`

// TestChangesSinceTheInvasion asks what changed since 24 February 2022
// with a link known only to the year (Frankfurt-Kyiv, 2022): it is in the
// uncertain group, not among the added, and the undated München-Berlin is
// counted apart.
func TestChangesSinceTheInvasion(t *testing.T) {
	e := newEnv(t, func(c *resolvers.Config) {
		c.Now = func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }
	})
	var added struct{ AddPartnership struct{ ID string } }
	e.query(t, `mutation { addPartnership(a: "Frankfurt am Main", b: "Kyiv", since: "2022") { id } }`, &added, admin)
	var ch changeAnswer
	e.query(t, changesQuery, &ch, varsOf("from", "2022-02-24"))
	c := ch.Changes
	// Added for certain: Berlin-Kyiv (2022-05), Köln-Odesa (2022-06),
	// Neustadt-Kharkiv (2023-03-01).
	if len(c.Added) != 3 || len(c.Uncertain) != 1 || c.Uncertain[0].A.Name != "Frankfurt am Main" ||
		len(c.UncertainByCountry) != 2 || c.UncertainByCountry[0].Key != "DE" || c.UncertainByCountry[0].Count != 1 {
		t.Errorf("changes since 2022-02-24: %+v", c)
	}
	// On 24 February 2022: München-Kyiv, München-Bordeaux, Kyiv-Kharkiv;
	// Frankfurt-Kyiv may or may not have existed; on 1 January 2025 it
	// certainly did, Köln-Odesa had ended.
	if c.LinksBefore != 3 || c.UncertainBefore != 1 || c.LinksAfter != 6 || c.UncertainAfter != 0 || c.Undated != 1 {
		t.Errorf("counts: %+v", c)
	}
}

// TestLifecycleMutations pauses, resumes and ends links with reasons; the
// events are kept and the as-of views follow them.
func TestLifecycleMutations(t *testing.T) {
	e := newEnv(t, func(c *resolvers.Config) {
		c.Now = func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) }
	})
	type link struct {
		Status string
		Until  *string
		Events []struct {
			Date, Status, Reason string
			Source               struct{ File, SourceId string }
		}
	}
	const fields = `{ status until events { date status reason source { file sourceId } } }`
	var pause struct{ PausePartnership link }
	e.query(t, `mutation { pausePartnership(a: "München", b: "Bordeaux", date: "2020-03", reason: "pandemic") `+fields+` }`, &pause, admin)
	if p := pause.PausePartnership; p.Status != "PAUSED" || len(p.Events) != 1 || p.Events[0].Date != "2020-03" || p.Events[0].Reason != "pandemic" ||
		p.Events[0].Source.SourceId != "pausePartnership" {
		t.Errorf("pausePartnership = %+v", p)
	}
	count := func(asOf string) int {
		var p struct{ Partnerships struct{ TotalCount int } }
		e.query(t, `{ partnerships(filter: {asOf: "`+asOf+`", city: "Bordeaux"}) { totalCount } }`, &p)
		return p.Partnerships.TotalCount
	}
	if count("2019-06-01") != 1 || count("2021-01-01") != 0 {
		t.Errorf("München-Bordeaux as of 2019 / 2021: %d / %d, want 1 / 0 (paused from March 2020)", count("2019-06-01"), count("2021-01-01"))
	}
	var ch changeAnswer
	e.query(t, changesQuery, &ch, varsOf("from", "2019-06-01", "to", "2021-01-01"))
	if ch.Changes.PausedBefore != 0 || ch.Changes.PausedAfter != 1 {
		t.Errorf("paused before/after: %+v", ch.Changes)
	}
	var resume struct{ ResumePartnership link }
	e.query(t, `mutation { resumePartnership(a: "München", b: "Bordeaux", date: "2022-09-01", reason: "new mayor") `+fields+` }`, &resume, admin)
	if p := resume.ResumePartnership; p.Status != "ACTIVE" || len(p.Events) != 2 || p.Events[1].Reason != "new mayor" {
		t.Errorf("resumePartnership = %+v", p)
	}
	if count("2021-01-01") != 0 || count("2023-01-01") != 1 {
		t.Errorf("after resuming: as of 2021 / 2023: %d / %d, want 0 / 1", count("2021-01-01"), count("2023-01-01"))
	}
	var end struct{ EndPartnership link }
	e.query(t, `mutation { endPartnership(a: "München", b: "Bordeaux", until: "2024-06-30", reason: "council decision") `+fields+` }`, &end, admin)
	if p := end.EndPartnership; p.Status != "ENDED" || p.Until == nil || *p.Until != "2024-06-30" || len(p.Events) != 3 || p.Events[2].Reason != "council decision" {
		t.Errorf("endPartnership = %+v", p)
	}
	if count("2024-06-30") != 1 || count("2024-07-01") != 0 {
		t.Errorf("after the end: as of 2024-06-30 / 2024-07-01: %d / %d, want 1 / 0", count("2024-06-30"), count("2024-07-01"))
	}
	for _, q := range []string{
		`mutation { pausePartnership(a: "München", b: "Kyiv", date: "2026") { status } }`,
		`mutation { endPartnership(a: "München", b: "Kyiv", until: "1980", reason: "typo") { status } }`,
	} {
		if errs := e.errs(t, q, admin); code(errs[0]) != graph.EINVALID {
			t.Errorf("%s: %+v, want INVALID", q, errs[0])
		}
	}
}

// varsOf makes client options of name, value pairs.
func varsOf(kv ...string) client.Option {
	return func(r *client.Request) {
		if r.Variables == nil {
			r.Variables = map[string]any{}
		}
		for i := 0; i+1 < len(kv); i += 2 {
			r.Variables[kv[i]] = kv[i+1]
		}
	}
}
