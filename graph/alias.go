package graph

import (
	"fmt"
	"slices"
)

// Alias says that two ids are one place: Alias is merged into Place. A
// store that receives an alias moves everything it holds under the alias
// id (the place's names, sources and links) to Place, merging links that
// then coincide by the Merge rules, and keeps the alias with its sources,
// so that a later batch naming the alias id lands on Place.
type Alias struct {
	Alias   string   `json:"alias"`
	Place   string   `json:"place"`
	Sources []Source `json:"sources,omitempty"`
}

// Key identifies the alias: its merged id.
func (a Alias) Key() string { return a.Alias }

// MergeAlias merges n into the stored old (same Alias): n's place wins (a
// store only gives one that resolves to the same place), sources are
// united.
func MergeAlias(old, n Alias) (Alias, bool) {
	a := old
	setStr(&a.Place, n.Place)
	a.Sources = uniqueSources(append(slices.Clone(old.Sources), n.Sources...))
	return a, a.Place != old.Place || !slices.Equal(a.Sources, old.Sources)
}

// Problems lists what is wrong with a.
func (a Alias) Problems() []Problem {
	ps := linkProblems("alias", " of ", a.Alias, a.Place)
	ps.emptyEnd("alias", "place", a.Alias, a.Place)
	if SelfLink(a.Alias, a.Place) {
		ps.add(RuleSelfLink, "place", "a place cannot be an alias of itself")
	}
	ps.text(validUTF8(a.Alias, a.Place) && validSources(a.Sources))
	return ps.list
}

// aliasConflicts finds aliases a batch gives two different places.
func aliasConflicts(as []Alias) []Problem {
	var ps []Problem
	seen := map[string]string{}
	for _, a := range as {
		if p, ok := seen[a.Alias]; ok && p != a.Place {
			ps = append(ps, Problem{Rule: RuleAliasConflict, Record: "alias " + a.Alias, Field: "place",
				Message: fmt.Sprintf("%s is given as %s and as %s: one id is one place", a.Alias, p, a.Place)})
			continue
		}
		seen[a.Alias] = a.Place
	}
	return ps
}

// Absorbed is what a store holds under an id that becomes an alias: the
// place and every record that names it. The store deletes them; the
// batch takes them over under the kept id (Batch.ResolveAliases).
type Absorbed struct {
	Place        Municipality
	Partnerships []Partnership
	Memberships  []Membership
	OrgLinks     []OrgLink
	// Organisations are those whose home municipality is the alias id.
	Organisations []Organisation
}

// ResolveAliases prepares a normalised batch for a store that holds the
// aliases stored. It is the one rule both stores follow:
//
//   - an alias of an alias is an alias of the place at the end of the
//     chain; aliases stored for a place that the batch makes an alias move
//     to the kept place (they join b.Aliases, to be merged);
//   - an alias stored for another place than the batch gives, a chain
//     that leads back to the alias, or a place neither in the batch nor
//     stored is EINVALID;
//   - for each alias new to the store, absorb returns what the store holds
//     under the alias id (nil when nothing) and deletes it; the batch takes
//     it over: the place's names, sources and the values the kept place
//     lacks (place returns the stored kept place), its links, memberships
//     and organisation links with the alias id replaced (a link between
//     the two ids is dropped);
//   - every id of the batch that is an alias is replaced by its place; a
//     place record given under an alias id adds only its names, sources
//     and outside ids to the kept place.
//
// The caller normalises the batch again afterwards (links that now
// coincide merge) and checks its references. Without stored aliases and
// without aliases in the batch it does nothing.
func (b *Batch) ResolveAliases(stored []Alias, place func(id string) (Municipality, bool, error), absorb func(id string) (*Absorbed, error)) error {
	if len(stored) == 0 && len(b.Aliases) == 0 {
		return nil
	}
	to := make(map[string]string, len(stored)+len(b.Aliases))
	for _, a := range stored {
		to[a.Alias] = a.Place
	}
	resolve := func(id string) string {
		for range len(to) + 1 {
			p, ok := to[id]
			if !ok {
				return id
			}
			id = p
		}
		return id
	}
	var fresh []string
	for i := range b.Aliases {
		a := &b.Aliases[i]
		t := resolve(a.Place)
		if old, ok := to[a.Alias]; ok {
			if have := resolve(old); have != t {
				return Errorf(EINVALID, "alias %s: it is an alias of %s already, not of %s", a.Alias, have, t)
			}
			continue
		}
		if t == a.Alias {
			return Errorf(EINVALID, "alias %s of %s: %s is an alias of %s, so the two would be aliases of each other", a.Alias, a.Place, a.Place, a.Alias)
		}
		to[a.Alias] = t
		fresh = append(fresh, a.Alias)
	}
	for i := range b.Aliases {
		b.Aliases[i].Place = resolve(b.Aliases[i].Alias)
	}
	for _, s := range stored {
		if t := resolve(s.Alias); t != s.Place && !slices.ContainsFunc(b.Aliases, func(a Alias) bool { return a.Alias == s.Alias }) {
			b.Aliases = append(b.Aliases, Alias{Alias: s.Alias, Place: t})
		}
	}

	inBatch := make(map[string]bool, len(b.Municipalities))
	for _, m := range b.Municipalities {
		inBatch[m.ID] = true
	}
	for _, id := range fresh {
		t := resolve(id)
		if inBatch[t] {
			continue
		}
		if _, ok, err := place(t); err != nil {
			return err
		} else if !ok {
			return Errorf(EINVALID, "alias %s: unknown place %s (neither in the batch nor stored)", id, t)
		}
	}

	var taken []Municipality
	for _, id := range fresh {
		ab, err := absorb(id)
		if err != nil {
			return err
		}
		if ab == nil {
			continue
		}
		t := resolve(id)
		kept, _, err := place(t)
		if err != nil {
			return err
		}
		taken = append(taken, absorbInto(kept, ab.Place, t))
		b.Partnerships = append(b.Partnerships, ab.Partnerships...)
		b.Memberships = append(b.Memberships, ab.Memberships...)
		b.OrgLinks = append(b.OrgLinks, ab.OrgLinks...)
		for _, o := range ab.Organisations {
			o.Municipality = t
			b.Organisations = append(b.Organisations, o)
		}
	}
	for i := range b.Municipalities {
		m := &b.Municipalities[i]
		if t := resolve(m.ID); t != m.ID {
			*m = Municipality{ID: t, AltNames: append(slices.Clone(m.AltNames), m.Name), Sources: m.Sources,
				GeoNamesID: m.GeoNamesID, Wikidata: m.Wikidata}
		}
	}
	b.Municipalities = append(taken, b.Municipalities...)
	b.Partnerships = slices.DeleteFunc(b.Partnerships, func(p Partnership) bool {
		p.A, p.B = resolve(p.A), resolve(p.B)
		return p.A == p.B
	})
	for i := range b.Partnerships {
		p := &b.Partnerships[i]
		p.A, p.B = resolve(p.A), resolve(p.B)
	}
	for i := range b.Memberships {
		b.Memberships[i].Municipality = resolve(b.Memberships[i].Municipality)
	}
	for i := range b.OrgLinks {
		b.OrgLinks[i].Municipality = resolve(b.OrgLinks[i].Municipality)
	}
	for i := range b.Organisations {
		if o := &b.Organisations[i]; o.Municipality != "" {
			o.Municipality = resolve(o.Municipality)
		}
	}
	return nil
}

// absorbInto returns the record that merges the place a (stored under an
// id that became an alias) into kept (the stored place with id t, zero
// when not stored): a's names and sources, and its values where kept has
// none.
func absorbInto(kept, a Municipality, t string) Municipality {
	r := Municipality{ID: t, AltNames: append(slices.Clone(a.AltNames), a.Name), Sources: a.Sources}
	fill := func(dst *string, have, v string) {
		if have == "" {
			*dst = v
		}
	}
	if kept.ID == "" {
		r.Name = a.Name
	}
	fill(&r.Country, kept.Country, a.Country)
	fill(&r.Region, kept.Region, a.Region)
	fill(&r.AGS, kept.AGS, a.AGS)
	fill(&r.State, kept.State, a.State)
	fill(&r.KreisCode, kept.KreisCode, a.KreisCode)
	fill(&r.Kreis, kept.Kreis, a.Kreis)
	fill(&r.Level, kept.Level, a.Level)
	fill(&r.Wikidata, kept.Wikidata, a.Wikidata)
	if kept.Population == 0 {
		r.Population = a.Population
	}
	if kept.GeoNamesID == 0 {
		r.GeoNamesID = a.GeoNamesID
	}
	if !kept.HasCoords && a.HasCoords {
		r.Lat, r.Lon, r.HasCoords = a.Lat, a.Lon, true
	}
	return r
}
