package graph

import (
	"slices"
	"strings"
)

// ConflictFields are the fields of a link on which sources can disagree.
var ConflictFields = []string{"since", "until", "status"}

// Settle returns the claim that settles the link's conflict on field
// (since, until or status) in favour of value, one of the values claimed,
// made by src. A settling claim src made earlier stays part of the new one
// (a source restating itself replaces its claim, so the new claim states
// the fields the earlier one settled too). Apply it as the link's claim
// (Partnership.Claims with Sources {src}) to a store. Errors: EINVALID for
// another field, a value that is not a date or a state, a field without a
// conflict, or a value no source claimed.
func (p Partnership) Settle(field, value string, src Source) (Claim, error) {
	if !slices.Contains(ConflictFields, field) {
		return Claim{}, Errorf(EINVALID, "field %q: sources disagree only on %s", field, strings.Join(ConflictFields, ", "))
	}
	cfs := p.Conflicts()
	i := slices.IndexFunc(cfs, func(c Conflict) bool { return c.Field == field })
	if i < 0 {
		return Claim{}, Errorf(EINVALID, "no conflict on %s of %s", field, p.Key())
	}
	cf := cfs[i]
	c := Claim{Source: src, Settles: true}
	cs := p.claims()
	if j := slices.IndexFunc(cs, func(o Claim) bool { return o.Settles && sameSource(o, c) }); j >= 0 {
		c.Since, c.Until, c.Status = cs[j].Since, cs[j].Until, cs[j].Status
	}
	switch field {
	case "status":
		s := Status(strings.ToUpper(strings.TrimSpace(value)))
		if !s.Valid() {
			return Claim{}, Errorf(EINVALID, "status %q: want one of the values claimed: %s", value, claimedValues(cf))
		}
		value, c.Status = string(s), s
	default:
		d, err := ParseDate(strings.TrimSpace(value))
		if err != nil {
			return Claim{}, Errorf(EINVALID, "%s %q is not a date (YYYY, YYYY-MM or YYYY-MM-DD): want one of the values claimed: %s", field, value, claimedValues(cf))
		}
		value = d.String()
		if field == "since" {
			c.Since = d
		} else {
			c.Until = d
		}
	}
	if !slices.ContainsFunc(cf.Values, func(v ClaimedValue) bool { return v.Value == value }) {
		return Claim{}, Errorf(EINVALID, "%s %s: no source claims it; want one of the values claimed: %s", field, value, claimedValues(cf))
	}
	return c, nil
}

func claimedValues(c Conflict) string {
	vs := make([]string, len(c.Values))
	for i, v := range c.Values {
		vs[i] = v.Value
	}
	slices.Sort(vs)
	return strings.Join(vs, ", ")
}

// Settling makes every link of the batch a settling statement (a file
// imported to settle disagreements): its claim, made of its view and its
// first source, wins for the fields it states over every claim before it.
func (b *Batch) Settling() {
	for i := range b.Partnerships {
		b.Partnerships[i].MarkSettling()
	}
}

// MarkSettling makes the link a settling statement, as Batch.Settling does
// for each link of a batch.
func (p *Partnership) MarkSettling() {
	cs := slices.Clone(p.claims())
	for j := range cs {
		cs[j].Settles = true
	}
	p.Claims = cs
}

// Statements returns the link's claims, oldest first: its Claims, or,
// for a link read from one source, the one claim its view makes.
func (p Partnership) Statements() []Claim { return slices.Clone(p.claims()) }
