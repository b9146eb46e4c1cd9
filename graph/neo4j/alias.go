package neo4j

import (
	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/citygraph/citygraph/graph"
)

// Aliases are (:Alias {id, place, sources}) nodes: id is the merged id,
// place the kept place's id (see graph.Alias).

// aliasProps returns an alias node's properties.
func aliasProps(a graph.Alias) map[string]any {
	m := map[string]any{"id": a.Alias, "place": a.Place}
	putSources(m, a.Sources)
	return m
}

func aliasFrom(m map[string]any) (graph.Alias, error) {
	p := props{m: m}
	a := graph.Alias{Alias: p.str("id"), Place: p.str("place"), Sources: p.sources()}
	return a, p.err
}

// resolveAliases applies the stored aliases and the batch's
// (graph.Batch.ResolveAliases) to a copy of the batch, so that a retried
// attempt starts from the batch as given: the places that become aliases
// are read and deleted with their relationships, and the batch takes
// their records over. Without aliases it does nothing.
func (w *applyTx) resolveAliases() error {
	var stored []graph.Alias
	err := w.query("MATCH (a:Alias) RETURN properties(a) ORDER BY a.id", nil, func(r *neo4j.Record) error {
		a, err := aliasFrom(r.Values[0].(map[string]any))
		stored = append(stored, a)
		return err
	})
	if err != nil {
		return err
	}
	w.aliases = make(map[string]graph.Alias, len(stored))
	for _, a := range stored {
		w.aliases[a.Alias] = a
	}
	if len(stored) == 0 && len(w.b.Aliases) == 0 {
		return nil
	}
	w.b = w.b.Clone()
	if err := w.b.ResolveAliases(stored, w.place, w.absorb); err != nil {
		return err
	}
	w.b.Normalize()
	return nil
}

// place reads the stored place id, if any.
func (w *applyTx) place(id string) (graph.Municipality, bool, error) {
	var m graph.Municipality
	found := false
	err := w.readNodes("Municipality", []string{id}, func(p map[string]any) error {
		var err error
		m, err = municipalityFrom(p)
		found = true
		return err
	})
	return m, found, err
}

// absorb reads the stored place id and the relationships that name it,
// and deletes the place with them; nil when id is not stored.
func (w *applyTx) absorb(id string) (*graph.Absorbed, error) {
	m, ok, err := w.place(id)
	if err != nil || !ok {
		return nil, err
	}
	ab := &graph.Absorbed{Place: m}
	params := map[string]any{"id": id}
	err = w.query(`MATCH (:Municipality {id: $id})-[r:PARTNER_OF]-(:Municipality)
RETURN startNode(r).id, endNode(r).id, properties(r) ORDER BY r.key`, params, func(r *neo4j.Record) error {
		p, err := partnershipFrom(str(r.Values[0]), str(r.Values[1]), r.Values[2].(map[string]any))
		ab.Partnerships = append(ab.Partnerships, p)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = w.query(`MATCH (:Municipality {id: $id})-[r:MEMBER_OF]->(n:Network) RETURN n.id, properties(r) ORDER BY n.id`, params, func(r *neo4j.Record) error {
		v, err := membershipFrom(id, str(r.Values[0]), r.Values[1].(map[string]any))
		ab.Memberships = append(ab.Memberships, v)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = w.query(`MATCH (:Municipality {id: $id})-[r:WORKS_WITH]->(o:Organisation) RETURN o.id, properties(r) ORDER BY o.id`, params, func(r *neo4j.Record) error {
		v, err := orgLinkFrom(id, str(r.Values[0]), r.Values[1].(map[string]any))
		ab.OrgLinks = append(ab.OrgLinks, v)
		return err
	})
	if err != nil {
		return nil, err
	}
	err = w.query(`MATCH (o:Organisation {municipality: $id}) RETURN properties(o) ORDER BY o.id`, params, func(r *neo4j.Record) error {
		ab.Organisations = append(ab.Organisations, organisationFrom(r.Values[0].(map[string]any)))
		return nil
	})
	if err != nil {
		return nil, err
	}
	return ab, w.exec("MATCH (m:Municipality {id: $id}) DETACH DELETE m", params)
}
