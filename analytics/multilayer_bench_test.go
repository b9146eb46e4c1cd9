package analytics

import (
	"testing"
)

// BenchmarkMultilayer times the multilayer analyses on the 17,717-place
// synthetic twin-city graph (SyntheticTwinGraph(25914, 1)) with synthetic
// affiliation layers (SyntheticAffiliations: 60 networks, 20
// organisations), on GOMAXPROCS workers:
//
//	go test ./analytics -run XXX -bench Multilayer -count 5 -cpu 2
//
// bipartite-*: the two-mode graph and its degree, closeness and
// betweenness (Exec.BipartiteCentrality); shared-networks-*: the
// projection onto places (SharedGroups); communities-combined: Louvain over
// partnerships plus shared networks (Combine, weight 1 each, count), with
// Louvain on the partnerships alone as the peer.
func BenchmarkMultilayer(b *testing.B) {
	s := SyntheticTwinGraph(25914, 1)
	SyntheticAffiliations(s, 1)
	p := NewProjection(s)
	bn, _ := p.Bipartite(LayerNetworks)
	bo, _ := p.Bipartite(LayerOrganisations)
	b.Logf("%d places, %d links; networks: %d places, %d groups, %d memberships; organisations: %d places, %d groups, %d links",
		p.N(), p.M(), bn.Places(), bn.Groups(), bn.M(), bo.Places(), bo.Groups(), bo.M())
	for _, tc := range []struct {
		name  string
		layer Layer
	}{{"bipartite-networks", LayerNetworks}, {"bipartite-organisations", LayerOrganisations}} {
		b.Run(tc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				bp, err := p.Bipartite(tc.layer)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := (Exec{}).BipartiteCentrality(bp); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	for _, w := range []Weighting{WeightCount, WeightNewman} {
		b.Run("shared-networks-"+string(w), func(b *testing.B) {
			var q *Projection
			for i := 0; i < b.N; i++ {
				bp, _ := p.Bipartite(LayerNetworks)
				q = bp.SharedGroups(w)
			}
			b.ReportMetric(float64(q.M()), "pairs")
		})
	}
	b.Run("communities-partnerships", func(b *testing.B) {
		var q float64
		for i := 0; i < b.N; i++ {
			_, q = Louvain(p, 1)
		}
		b.ReportMetric(q, "Q")
	})
	b.Run("communities-combined", func(b *testing.B) {
		var q float64
		for i := 0; i < b.N; i++ {
			c, err := p.Combine([]LayerWeight{{LayerPartnerships, 1}, {LayerNetworks, 1}}, WeightCount)
			if err != nil {
				b.Fatal(err)
			}
			_, q = Louvain(c, 1)
		}
		b.ReportMetric(q, "Q")
	})
}
