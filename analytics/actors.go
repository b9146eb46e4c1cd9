package analytics

import "github.com/citygraph/citygraph/graph"

// KindCooperation is the kind of the links of the actors layer
// (ActorProjection): a cooperation between two local actors.
const KindCooperation graph.Kind = "COOPERATION"

// LayerActors names the actors layer in projection keys and results.
const LayerActors = "actors"

// ActorProjection returns the actors layer of s as a projection the
// kernels run on like the partnership graph: every local actor is a node
// and every cooperation a link of kind KindCooperation. Local actors are
// the organisations with a type or a home municipality and those that
// take part in a cooperation; the international organisations that only
// municipalities work with are left out. A node's id and name are the
// actor's, its Level is the actor's type, and its country, Land and Kreis
// are those of its home municipality. The projection's key carries the
// layer, so caches keep it apart from the partnership graph.
func ActorProjection(s *graph.Snapshot) *Projection {
	homes := make(map[string]*graph.Municipality, len(s.Municipalities))
	for i := range s.Municipalities {
		homes[s.Municipalities[i].ID] = &s.Municipalities[i]
	}
	in := make(map[string]bool, 2*len(s.Cooperations))
	for _, c := range s.Cooperations {
		in[c.A], in[c.B] = true, true
	}
	a := &graph.Snapshot{Version: s.Version, Organisations: s.Organisations, Cooperations: s.Cooperations}
	for _, o := range s.Organisations {
		if o.Type == "" && o.Municipality == "" && !in[o.ID] {
			continue
		}
		m := graph.Municipality{ID: o.ID, Name: o.Name, Level: o.Type}
		if h := homes[o.Municipality]; h != nil {
			m.Country, m.State, m.KreisCode, m.Kreis = h.Country, h.State, h.KreisCode, h.Kreis
		}
		a.Municipalities = append(a.Municipalities, m)
	}
	a.Partnerships = make([]graph.Partnership, len(s.Cooperations))
	for i, c := range s.Cooperations {
		a.Partnerships[i] = graph.Partnership{A: c.A, B: c.B, Kind: KindCooperation, Since: c.Since, Topics: c.Topics, Sources: c.Sources}
	}
	p := NewProjection(a)
	p.layer, p.layerKey = LayerActors, LayerActors
	return p
}

// ActorLayer returns the actors layer of the snapshot p was built from,
// with p's scope applied to the cooperations (as-of, since range,
// countries and Länder of the actors' homes, active only); the
// partnership kinds of p's filter do not apply. Nodes stay every actor.
func ActorLayer(p *Projection) *Projection {
	f := p.Filter()
	f.Kinds = nil
	return ActorProjection(p.Snapshot()).View(f)
}
