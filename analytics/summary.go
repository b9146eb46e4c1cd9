package analytics

import "github.com/citygraph/citygraph/graph"

// Summary counts what a snapshot holds; it is what `citygraph stats`
// prints.
//
// A link counts once per Land and once per country it has an end in: a link
// between two places in Baden-Württemberg counts once for DE-BW, and every
// link with a German end counts once for DE.
type Summary struct {
	Version               int64              `json:"version"`
	Partnerships          int                `json:"partnerships"`
	PartnershipsByKind    map[graph.Kind]int `json:"partnershipsByKind"`
	PartnershipsByState   map[string]int     `json:"partnershipsByState"`
	PartnershipsByCountry map[string]int     `json:"partnershipsByCountry"`
	LinkedMunicipalities  int                `json:"linkedMunicipalities"`
	Municipalities        int                `json:"municipalities"`
	Networks              int                `json:"networks"`
	Memberships           int                `json:"memberships"`
	Organisations         int                `json:"organisations"`
	OrgLinks              int                `json:"orgLinks"`
	ReportedByState       map[string]int     `json:"reportedByState"`
}

// Summarize counts the records of s.
func Summarize(s *graph.Snapshot) Summary {
	sum := Summary{
		Version:               s.Version,
		Partnerships:          len(s.Partnerships),
		PartnershipsByKind:    map[graph.Kind]int{},
		PartnershipsByState:   map[string]int{},
		PartnershipsByCountry: map[string]int{},
		Municipalities:        len(s.Municipalities),
		Networks:              len(s.Networks),
		Memberships:           len(s.Memberships),
		Organisations:         len(s.Organisations),
		OrgLinks:              len(s.OrgLinks),
		ReportedByState:       map[string]int{},
	}
	byID := make(map[string]*graph.Municipality, len(s.Municipalities))
	for i := range s.Municipalities {
		byID[s.Municipalities[i].ID] = &s.Municipalities[i]
	}
	linked := make(map[string]bool)
	for _, p := range s.Partnerships {
		sum.PartnershipsByKind[p.Kind]++
		linked[p.A], linked[p.B] = true, true
		a, b := byID[p.A], byID[p.B]
		if a == nil || b == nil {
			continue
		}
		if a.State != "" {
			sum.PartnershipsByState[a.State]++
		}
		if b.State != "" && b.State != a.State {
			sum.PartnershipsByState[b.State]++
		}
		if a.Country != "" {
			sum.PartnershipsByCountry[a.Country]++
		}
		if b.Country != "" && b.Country != a.Country {
			sum.PartnershipsByCountry[b.Country]++
		}
	}
	sum.LinkedMunicipalities = len(linked)
	for _, c := range s.StateCounts {
		sum.ReportedByState[c.State] = c.Partnerships
	}
	return sum
}
