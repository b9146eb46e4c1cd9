package graph

import (
	"cmp"
	"slices"
)

// Claims, not overwrites. Every source's statement about a link (its
// dates, status and topics) is kept as a Claim, every status change as an
// Event; the link's view (Partnership's Since, Until, Status, Topics,
// Sources) is derived from them by one rule, Partnership.Derive, and where
// sources disagree Partnership.Conflicts says so, with each value and its
// sources.
//
// The rule, field by field:
//
//   - a source restates itself: a claim replaces the earlier claim of the
//     same source (the same file name; for statements through the API,
//     the same kind of statement);
//   - a settling claim (a file imported to settle disagreements, or a
//     resolution through the API) wins, for the fields it states, over
//     every claim before it;
//   - since and until: of the values claimed, the most specific (day, then
//     month, then year) and among those the most recent; two values
//     disagree when neither lies within the other (1990 and 1990-05-01
//     agree, 1990 and 1991 do not);
//   - status: the most recent statement (claim or event) says how the link
//     stands now; two claims disagree when they state different states
//     (an event is a change, not a disagreement). A link said to be active
//     or paused after a claim that it had ended shows no until date;
//   - topics: every topic any claim names;
//   - sources: every claim's and every event's source.
//
// "Most recent" is the order in which the store received the statements
// (Seq), then the order of the lines.

// Claim is one source's statement about a link.
type Claim struct {
	Source Source `json:"source"`
	// Seq orders statements: the store's version when it received the
	// claim (later statements have larger Seq); 0 until a store keeps it.
	Seq    int64    `json:"seq,omitempty"`
	Since  Date     `json:"since,omitzero"`
	Until  Date     `json:"until,omitzero"`
	Status Status   `json:"status,omitempty"`
	Topics []string `json:"topics,omitempty"`
	// Settles marks a statement made to settle disagreements: for the
	// fields it states it wins over every claim before it.
	Settles bool `json:"settles,omitempty"`
}

// Event is a change of a link's status at a date (of any precision, or
// unknown): it began or resumed (ACTIVE), was paused (PAUSED, "ruhend")
// or ended (ENDED, "beendet"), with an optional reason.
type Event struct {
	Date   Date   `json:"date,omitzero"`
	Status Status `json:"status"`
	Reason string `json:"reason,omitempty"`
	Source Source `json:"source"`
	Seq    int64  `json:"seq,omitempty"`
}

// key identifies an event for de-duplication.
func (e Event) key() string {
	return e.Date.String() + "\x00" + string(e.Status) + "\x00" + e.Reason + "\x00" + e.Source.Key()
}

// sameSource reports whether two claims come from one source, so that the
// later replaces the earlier.
func sameSource(a, b Claim) bool {
	return a.Source.File == b.Source.File && a.Settles == b.Settles
}

// claims returns the link's claims, oldest first. A link without claims
// and events is its own claim, made from its view (a link stored before
// claims were kept, or a batch's statement); one with events but no claims
// has none (a batch's status change).
func (p *Partnership) claims() []Claim {
	if len(p.Claims) > 0 || len(p.Events) > 0 || p.Since.IsZero() && p.Until.IsZero() && p.Status == "" && len(p.Topics) == 0 {
		return p.Claims
	}
	c := Claim{Since: p.Since, Until: p.Until, Status: p.Status, Topics: p.Topics}
	if len(p.Sources) > 0 {
		c.Source = p.Sources[0]
	}
	return []Claim{c}
}

// AddClaims puts claims on the link: each replaces an earlier claim of the
// same source unless it says the same (then the earlier one stays, with
// its place in the order), or joins the others. It does not derive the
// view.
func (p *Partnership) AddClaims(cs ...Claim) {
	p.Claims = slices.Clone(p.claims())
	for _, c := range cs {
		c.Topics = uniqueStrings(c.Topics)
		if i := slices.IndexFunc(p.Claims, func(o Claim) bool { return sameSource(o, c) }); i >= 0 {
			if !sameStatement(p.Claims[i], c) {
				p.Claims[i] = c
			}
			continue
		}
		p.Claims = append(p.Claims, c)
	}
	sortClaims(p.Claims)
}

// sameStatement reports whether two claims of one source say the same.
func sameStatement(a, b Claim) bool {
	return a.Since == b.Since && a.Until == b.Until && a.Status == b.Status && slices.Equal(a.Topics, b.Topics) &&
		a.Settles == b.Settles && a.Source.SourceID == b.Source.SourceID
}

func equalClaim(a, b Claim) bool {
	return a.Source == b.Source && a.Seq == b.Seq && sameStatement(a, b)
}

// compact drops the claims of a link whose only claim is its view and
// which has no events: such a link is its own claim (see claims), as
// links stored before claims were; the claim's source is then its first
// source (of the same file, perhaps another line).
func (p *Partnership) compact() {
	if len(p.Claims) != 1 || len(p.Events) > 0 {
		return
	}
	c := p.Claims[0]
	var first Source
	if len(p.Sources) > 0 {
		first = p.Sources[0]
	}
	if !c.Settles && c.Since == p.Since && c.Until == p.Until && c.Status == p.Status && slices.Equal(c.Topics, p.Topics) &&
		c.Source.File == first.File && c.Source.SourceID == first.SourceID {
		p.Claims = nil
	}
}

// AddEvents puts events on the link, each once. It does not derive the
// view.
func (p *Partnership) AddEvents(es ...Event) {
	p.Events = slices.Clone(p.Events)
	for _, e := range es {
		if !slices.ContainsFunc(p.Events, func(o Event) bool { return o.key() == e.key() }) {
			p.Events = append(p.Events, e)
		}
	}
	slices.SortStableFunc(p.Events, func(a, b Event) int {
		if c := a.Date.First().Compare(b.Date.First()); c != 0 && !a.Date.IsZero() && !b.Date.IsZero() {
			return c
		}
		return cmp.Compare(a.Seq, b.Seq)
	})
}

func sortClaims(cs []Claim) {
	slices.SortStableFunc(cs, func(a, b Claim) int {
		if c := cmp.Compare(a.Seq, b.Seq); c != 0 {
			return c
		}
		return cmp.Compare(a.Source.Line, b.Source.Line)
	})
}

// Derive sets the link's view (Since, Until, Status, Topics, Sources) from
// its claims and events by the rule of this file.
func (p *Partnership) Derive() {
	cs := p.claims()
	if len(cs) == 0 && len(p.Events) == 0 {
		return
	}
	p.Since = pickDate(cs, func(c Claim) Date { return c.Since })
	p.Status = ""
	statusSeq := int64(-1)
	for _, c := range cs[settledStatus(cs):] {
		if c.Status != "" && c.Seq >= statusSeq {
			p.Status, statusSeq = c.Status, c.Seq
		}
	}
	for _, e := range p.Events {
		if e.Seq >= statusSeq {
			p.Status, statusSeq = e.Status, e.Seq
		}
	}
	// An until date stands unless a later statement says the link is
	// active or paused.
	until := cs
	if p.Status == StatusActive || p.Status == StatusPaused {
		until = slices.DeleteFunc(slices.Clone(cs), func(c Claim) bool { return c.Seq < statusSeq && c.Status == StatusEnded })
	}
	p.Until = pickDate(until, func(c Claim) Date { return c.Until })
	for _, e := range p.Events {
		if e.Status == StatusEnded && !e.Date.IsZero() && e.Seq >= statusSeq && p.Status == StatusEnded {
			p.Until = e.Date
		}
	}
	var topics []string
	var sources []Source
	for _, c := range cs {
		topics = append(topics, c.Topics...)
		if c.Source != (Source{}) {
			sources = append(sources, c.Source)
		}
	}
	for _, e := range p.Events {
		if e.Source != (Source{}) {
			sources = append(sources, e.Source)
		}
	}
	p.Topics = uniqueStrings(topics)
	p.Sources = uniqueSources(append(sources, p.Sources...))
}

// settledFrom returns the index of the last settling claim that states the
// field (has a non-zero value), or 0.
func settledFrom(cs []Claim, field func(Claim) Date) int {
	for i := len(cs) - 1; i >= 0; i-- {
		if cs[i].Settles && !field(cs[i]).IsZero() {
			return i
		}
	}
	return 0
}

// settledStatus returns the index of the last settling claim that states
// a status, or 0.
func settledStatus(cs []Claim) int {
	for i := len(cs) - 1; i >= 0; i-- {
		if cs[i].Settles && cs[i].Status != "" {
			return i
		}
	}
	return 0
}

// pickDate applies the date rule: from the last settling claim on, the
// most specific date, and among those the most recent.
func pickDate(cs []Claim, field func(Claim) Date) Date {
	var best Date
	for _, c := range cs[settledFrom(cs, field):] {
		d := field(c)
		if d.IsZero() {
			continue
		}
		if best.IsZero() || precisionRank(d) >= precisionRank(best) {
			best = d
		}
	}
	return best
}

func precisionRank(d Date) int {
	switch d.Precision() {
	case PrecisionDay:
		return 3
	case PrecisionMonth:
		return 2
	case PrecisionYear:
		return 1
	}
	return 0
}

// DatesAgree reports whether two dates can mean the same day: one lies
// within the other (1990 and 1990-05-01), or either is unknown.
func DatesAgree(a, b Date) bool {
	if a.IsZero() || b.IsZero() {
		return true
	}
	return !a.Last().Before(b.First()) && !b.Last().Before(a.First())
}

// Conflict is a field of a link on which its sources disagree: each value
// claimed, with its sources, and the value the view took.
type Conflict struct {
	Link   string         `json:"link"` // the link's Key
	A      string         `json:"a"`
	B      string         `json:"b"`
	Kind   Kind           `json:"kind"`
	Field  string         `json:"field"` // since, until, status or kind
	Values []ClaimedValue `json:"values"`
	Chosen string         `json:"chosen"`
	// Settled says a settling statement chose the value: the
	// disagreement stays on record, but it is decided.
	Settled bool `json:"settled"`
}

// ClaimedValue is one value of a conflict and the sources that claim it.
type ClaimedValue struct {
	Value   string   `json:"value"`
	Sources []Source `json:"sources"`
}

// Conflicts lists the fields of the link on which its claims disagree, in
// the order since, until, status. The view must be derived.
func (p *Partnership) Conflicts() []Conflict {
	cs := p.claims()
	var out []Conflict
	add := func(field, chosen string, settled bool, values []ClaimedValue) {
		out = append(out, Conflict{Link: p.Key(), A: p.A, B: p.B, Kind: p.Kind, Field: field,
			Values: values, Chosen: chosen, Settled: settled})
	}
	for _, f := range []struct {
		name string
		get  func(Claim) Date
		view Date
	}{{"since", func(c Claim) Date { return c.Since }, p.Since}, {"until", func(c Claim) Date { return c.Until }, p.Until}} {
		if vals := dateDisagreement(cs, f.get); vals != nil {
			settled := slices.ContainsFunc(cs, func(c Claim) bool { return c.Settles && f.get(c) == f.view && !f.view.IsZero() })
			add(f.name, f.view.String(), settled, vals)
		}
	}
	if vals := statusDisagreement(cs); vals != nil {
		settled := slices.ContainsFunc(cs, func(c Claim) bool { return c.Settles && c.Status == p.Status && p.Status != "" })
		add("status", string(p.Status), settled, vals)
	}
	return out
}

// dateDisagreement lists the values of a date field when two of them do
// not agree, or returns nil.
func dateDisagreement(cs []Claim, field func(Claim) Date) []ClaimedValue {
	var vals []ClaimedValue
	disagree := false
	for _, c := range cs {
		d := field(c)
		if d.IsZero() {
			continue
		}
		i := slices.IndexFunc(vals, func(v ClaimedValue) bool { return v.Value == d.String() })
		if i < 0 {
			for _, v := range vals {
				if o, _ := ParseDate(v.Value); !DatesAgree(o, d) {
					disagree = true
				}
			}
			vals = append(vals, ClaimedValue{Value: d.String()})
			i = len(vals) - 1
		}
		vals[i].Sources = append(vals[i].Sources, c.Source)
	}
	if !disagree {
		return nil
	}
	return vals
}

// statusDisagreement lists the states claimed when claims state two
// different ones, or returns nil.
func statusDisagreement(cs []Claim) []ClaimedValue {
	var vals []ClaimedValue
	for _, c := range cs {
		if c.Status == "" {
			continue
		}
		i := slices.IndexFunc(vals, func(v ClaimedValue) bool { return v.Value == string(c.Status) })
		if i < 0 {
			vals = append(vals, ClaimedValue{Value: string(c.Status)})
			i = len(vals) - 1
		}
		vals[i].Sources = append(vals[i].Sources, c.Source)
	}
	if len(vals) < 2 {
		return nil
	}
	return vals
}
