package analytics

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/internal/buildinfo"
)

// DataVersion names the data an analysis ran on by its content, so that a
// result can be cited and checked: the same places, links and memberships
// give the same Hash whichever store they come from and in whatever order
// it returns them.
type DataVersion struct {
	// Hash is "sha256:" and the hex SHA-256 of the projection's content
	// (see DataHash).
	Hash string `json:"hash"`
	// Places, Links and Memberships count what the hash covers.
	Places      int `json:"places"`
	Links       int `json:"links"`
	Memberships int `json:"memberships"`
	// OrgLinks counts the links to organisations, when there are any.
	OrgLinks int `json:"orgLinks,omitempty"`
	// Cooperations counts the cooperations between local actors, when
	// there are any.
	Cooperations int `json:"cooperations,omitempty"`
	// StoreVersion is the store's own counter at the read: it tells reads
	// of one store apart, but differs between stores holding the same data.
	StoreVersion int64 `json:"storeVersion"`
}

// Short returns the first 12 hex digits of the hash, for citations.
func (d DataVersion) Short() string {
	h := strings.TrimPrefix(d.Hash, "sha256:")
	return h[:min(12, len(h))]
}

// Data returns the data version of p, computed once per projection: the
// hash covers what the analytics read (see DataHash).
func (p *Projection) Data() DataVersion {
	return p.idx.data()
}

// DataHash hashes what the analytics read of a projection, in a canonical
// form: every place (id, name, country, Land, Kreis, population,
// coordinates) by id; every link kept (ends, kind, since, until, status,
// normalised topics) by ends and kind; every network (id, name) and
// membership (place, network, since, until, role) by their fields; when
// there are any, every organisation (id, name) and link to one (place,
// organisation, topic, since); a local actor's type and home
// municipality, and every cooperation (ends, kind, since, normalised
// topics), when there are any. Sources,
// claims, events and store bookkeeping do not count, nor does the order in
// which a store returns records. A view hashes its own links.
func DataHash(p *Projection) DataVersion {
	h := sha256.New()
	var b []byte
	field := func(s string) { b = append(append(b, s...), 0x1f) }
	end := func() {
		b = append(b, '\n')
		h.Write(b)
		b = b[:0]
	}
	num := func(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
	order := make([]int, len(p.nodes))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, c int) int { return strings.Compare(p.nodes[a].ID, p.nodes[c].ID) })
	field("places")
	end()
	for _, i := range order {
		m := &p.nodes[i]
		field(m.ID)
		field(m.Name)
		field(m.Country)
		field(m.State)
		field(m.KreisCode)
		field(strconv.Itoa(m.Population))
		if m.HasCoords {
			field(num(m.Lat))
			field(num(m.Lon))
		}
		end()
	}
	links := make([]string, 0, len(p.links))
	for i := range p.links {
		l := &p.links[i]
		a, c := l.A, l.B
		if c < a {
			a, c = c, a
		}
		topics := graph.NormalizeTopics(l.Topics)
		slices.Sort(topics)
		links = append(links, strings.Join([]string{a, c, string(l.Kind), l.Since.String(), l.Until.String(), string(l.Status), strings.Join(topics, ",")}, "\x1f"))
	}
	slices.Sort(links)
	field("links")
	end()
	for _, l := range links {
		field(l)
		end()
	}
	var nets, members []string
	if s := p.snapshot; s != nil {
		for _, n := range s.Networks {
			nets = append(nets, n.ID+"\x1f"+n.Name)
		}
		for _, m := range s.Memberships {
			members = append(members, strings.Join([]string{m.Municipality, m.Network, m.Since.String(), m.Until.String(), m.Role}, "\x1f"))
		}
	}
	slices.Sort(nets)
	slices.Sort(members)
	field("networks")
	end()
	for _, n := range nets {
		field(n)
		end()
	}
	field("memberships")
	end()
	for _, m := range members {
		field(m)
		end()
	}
	// Organisations and the links to them (the organisation layer) count
	// when there are any: hashes of data without them are as before.
	var orgs, orgLinks []string
	if s := p.snapshot; s != nil {
		for _, o := range s.Organisations {
			r := o.ID + "\x1f" + o.Name
			if o.Type != "" || o.Municipality != "" {
				r += "\x1f" + o.Type + "\x1f" + o.Municipality // local actors only: other hashes stay
			}
			orgs = append(orgs, r)
		}
		for _, l := range s.OrgLinks {
			orgLinks = append(orgLinks, strings.Join([]string{l.Municipality, l.Organisation, l.Topic, l.Since.String()}, "\x1f"))
		}
	}
	if len(orgs)+len(orgLinks) > 0 {
		slices.Sort(orgs)
		slices.Sort(orgLinks)
		field("organisations")
		end()
		for _, o := range orgs {
			field(o)
			end()
		}
		field("orgLinks")
		end()
		for _, l := range orgLinks {
			field(l)
			end()
		}
	}
	// Cooperations between local actors count when there are any.
	var coops []string
	if s := p.snapshot; s != nil {
		for _, c := range s.Cooperations {
			topics := graph.NormalizeTopics(c.Topics)
			slices.Sort(topics)
			coops = append(coops, strings.Join([]string{c.A, c.B, c.Kind, c.Since.String(), strings.Join(topics, ",")}, "\x1f"))
		}
	}
	if len(coops) > 0 {
		slices.Sort(coops)
		field("cooperations")
		end()
		for _, c := range coops {
			field(c)
			end()
		}
	}
	return DataVersion{Hash: "sha256:" + hex.EncodeToString(h.Sum(nil)), Places: len(p.nodes), Links: len(p.links),
		Memberships: len(members), OrgLinks: len(orgLinks), Cooperations: len(coops), StoreVersion: p.version}
}

// Provenance says how a result came about, so that it can be cited and
// reproduced: the analysis and its parameters (and seed), the data
// version, the software and when it ran. The same analysis, parameters,
// data and software give a byte-identical result; only Time differs.
type Provenance struct {
	Analysis string         `json:"analysis"`
	Data     DataVersion    `json:"data"`
	Software buildinfo.Info `json:"software"`
	// Parameters are the options of the run by name (encoded with the
	// keys sorted); Seed is the random seed when the analysis draws.
	Parameters map[string]string `json:"parameters"`
	Seed       *int64            `json:"seed,omitempty"`
	// Time is when the result was computed (RFC 3339, UTC); left out when
	// asked (citygraph --no-time), for byte-identical output.
	Time string `json:"time,omitempty"`
	// Command reproduces the result (the CLI's own command line), or the
	// GraphQL query and its variables.
	Command string `json:"command,omitempty"`
}

// NewProvenance fills a Provenance for an analysis run on p.
func NewProvenance(p *Projection, analysis string, params map[string]string, seed *int64) Provenance {
	if params == nil {
		params = map[string]string{}
	}
	return Provenance{Analysis: analysis, Data: p.Data(), Software: buildinfo.Read(), Parameters: params, Seed: seed}
}

// Citation returns a citation text for the result: what (with the
// parameters that are set: not empty, not false), on which data, with which
// software, when, and how to reproduce it.
func (pr Provenance) Citation() string {
	var b strings.Builder
	b.WriteString("citygraph " + pr.Analysis)
	if len(pr.Parameters) > 0 {
		keys := make([]string, 0, len(pr.Parameters))
		for k := range pr.Parameters {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		var ps []string
		for _, k := range keys {
			if v := pr.Parameters[k]; v != "" && v != "false" {
				ps = append(ps, k+"="+v)
			}
		}
		if len(ps) > 0 {
			b.WriteString(" (" + strings.Join(ps, ", ") + ")")
		}
	}
	if pr.Seed != nil {
		b.WriteString(", seed " + strconv.FormatInt(*pr.Seed, 10))
	}
	b.WriteString(", on data " + pr.Data.Hash + " (" + strconv.Itoa(pr.Data.Places) + " places, " + strconv.Itoa(pr.Data.Links) + " links, " +
		strconv.Itoa(pr.Data.Memberships) + " memberships), citygraph " + pr.Software.Short())
	if pr.Software.GoVersion != "" {
		b.WriteString(" (" + pr.Software.GoVersion + ")")
	}
	if pr.Time != "" {
		b.WriteString(", computed " + pr.Time)
	}
	b.WriteString(".")
	if pr.Command != "" {
		b.WriteString("\nReproduce: " + pr.Command)
	}
	return b.String()
}
