package graph

import "slices"

// Clone returns a copy of b that shares no memory with it that
// Normalize or a store could change: every list, and every record's
// lists, are copied.
func (b *Batch) Clone() *Batch {
	c := *b
	c.Municipalities = slices.Clone(b.Municipalities)
	for i := range c.Municipalities {
		c.Municipalities[i].AltNames = slices.Clone(c.Municipalities[i].AltNames)
		c.Municipalities[i].Sources = slices.Clone(c.Municipalities[i].Sources)
	}
	c.Partnerships = slices.Clone(b.Partnerships)
	for i := range c.Partnerships {
		c.Partnerships[i].Topics = slices.Clone(c.Partnerships[i].Topics)
		c.Partnerships[i].Sources = slices.Clone(c.Partnerships[i].Sources)
		c.Partnerships[i].Claims = slices.Clone(c.Partnerships[i].Claims)
		for j := range c.Partnerships[i].Claims {
			c.Partnerships[i].Claims[j].Topics = slices.Clone(c.Partnerships[i].Claims[j].Topics)
		}
		c.Partnerships[i].Events = slices.Clone(c.Partnerships[i].Events)
	}
	c.Networks = slices.Clone(b.Networks)
	c.Memberships = slices.Clone(b.Memberships)
	for i := range c.Memberships {
		c.Memberships[i].Sources = slices.Clone(c.Memberships[i].Sources)
	}
	c.Organisations = slices.Clone(b.Organisations)
	c.OrgLinks = slices.Clone(b.OrgLinks)
	for i := range c.OrgLinks {
		c.OrgLinks[i].Sources = slices.Clone(c.OrgLinks[i].Sources)
	}
	c.Cooperations = slices.Clone(b.Cooperations)
	for i := range c.Cooperations {
		c.Cooperations[i].Topics = slices.Clone(c.Cooperations[i].Topics)
		c.Cooperations[i].Sources = slices.Clone(c.Cooperations[i].Sources)
	}
	c.StateCounts = slices.Clone(b.StateCounts)
	for i := range c.StateCounts {
		c.StateCounts[i].Sources = slices.Clone(c.StateCounts[i].Sources)
	}
	c.ReportedCounts = slices.Clone(b.ReportedCounts)
	for i := range c.ReportedCounts {
		c.ReportedCounts[i].Sources = slices.Clone(c.ReportedCounts[i].Sources)
	}
	c.Aliases = slices.Clone(b.Aliases)
	for i := range c.Aliases {
		c.Aliases[i].Sources = slices.Clone(c.Aliases[i].Sources)
	}
	return &c
}
