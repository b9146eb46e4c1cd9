package snapcache

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sync"

	"github.com/citygraph/citygraph/graph"
)

// The file's layout: the header and the snapshot, field by field in the
// order of their declarations (numbers as varints, floats as their 8 bytes,
// strings as a length and their bytes, a list as 0 for nil or its length
// plus 1, then its items; the places, the links and the rest each in a
// section behind its length, decoded in parallel), and a CRC-32C of all
// that. Written by hand for
// speed: decoding the twin-town graph takes a few milliseconds where
// encoding/gob took 30, every string is a piece of one string (no
// allocation per string), and nil and empty lists stay apart (gob makes
// both nil), so that a cached snapshot equals a fresh read.
//
// codecShape is the Shape of the graph.Snapshot this code encodes; when the
// graph types change, Shape changes, the cache is not used (a read never
// returns a snapshot this code does not fully describe) and
// TestCodecCoversSnapshot fails until the code follows.
const codecShape = "1fcbc1b50fd60fca2aabc01cc7c3cc910e261222e6184d6487ff9f1c66a07b76"

// encoder appends values to b.
type encoder struct{ b []byte }

func (e *encoder) uint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) int(v int64)   { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) float(v float64) {
	e.b = binary.LittleEndian.AppendUint64(e.b, math.Float64bits(v))
}
func (e *encoder) str(s string) { e.uint(uint64(len(s))); e.b = append(e.b, s...) }
func (e *encoder) bool(v bool) {
	if v {
		e.b = append(e.b, 1)
	} else {
		e.b = append(e.b, 0)
	}
}
func (e *encoder) date(d graph.Date) {
	e.int(int64(d.Year))
	e.int(int64(d.Month))
	e.int(int64(d.Day))
}
func (e *encoder) source(s *graph.Source) {
	e.str(s.File)
	e.int(int64(s.Line))
	e.str(s.SourceID)
}

// list writes s: its length (0 for nil) and each item with item.
func list[T any](e *encoder, s []T, item func(*encoder, *T)) {
	if s == nil {
		e.uint(0)
		return
	}
	e.uint(uint64(len(s)) + 1)
	for i := range s {
		item(e, &s[i])
	}
}

func strs(e *encoder, s *string)           { e.str(*s) }
func sources(e *encoder, s []graph.Source) { list(e, s, (*encoder).source) }
func stringList(e *encoder, s []string)    { list(e, s, strs) }
func (e *encoder) header(h *header) {
	e.str(h.Format)
	e.str(h.Shape)
	e.str(h.Store)
	e.int(h.Version)
	e.str(h.Stamp)
}

// section writes what fn writes behind its length (4 bytes), so that a
// decoder can hand it to a goroutine of its own.
func (e *encoder) section(fn func(e *encoder)) {
	at := len(e.b)
	e.b = append(e.b, 0, 0, 0, 0)
	fn(e)
	binary.LittleEndian.PutUint32(e.b[at:], uint32(len(e.b)-at-4))
}

// snapshot writes s: the version, then the places, the links and the rest
// in three sections.
func (e *encoder) snapshot(s *graph.Snapshot) {
	e.int(s.Version)
	e.section(func(e *encoder) { e.places(s.Municipalities) })
	e.section(func(e *encoder) { e.links(s.Partnerships) })
	e.section(func(e *encoder) { e.rest(s) })
}

func (e *encoder) places(ms []graph.Municipality) {
	list(e, ms, func(e *encoder, m *graph.Municipality) {
		e.str(m.ID)
		e.str(m.Name)
		stringList(e, m.AltNames)
		e.str(m.Country)
		e.str(m.Region)
		e.str(m.AGS)
		e.str(m.State)
		e.str(m.KreisCode)
		e.str(m.Kreis)
		e.int(int64(m.Population))
		e.float(m.Lat)
		e.float(m.Lon)
		e.bool(m.HasCoords)
		e.str(m.Level)
		e.int(m.GeoNamesID)
		e.str(m.Wikidata)
		sources(e, m.Sources)
	})
}

func (e *encoder) links(ps []graph.Partnership) {
	list(e, ps, func(e *encoder, p *graph.Partnership) {
		e.str(p.A)
		e.str(p.B)
		e.str(string(p.Kind))
		e.date(p.Since)
		e.date(p.Until)
		e.str(string(p.Status))
		stringList(e, p.Topics)
		sources(e, p.Sources)
		list(e, p.Claims, func(e *encoder, c *graph.Claim) {
			e.source(&c.Source)
			e.int(c.Seq)
			e.date(c.Since)
			e.date(c.Until)
			e.str(string(c.Status))
			stringList(e, c.Topics)
			e.bool(c.Settles)
		})
		list(e, p.Events, func(e *encoder, v *graph.Event) {
			e.date(v.Date)
			e.str(string(v.Status))
			e.str(v.Reason)
			e.source(&v.Source)
			e.int(v.Seq)
		})
	})
}

func (e *encoder) rest(s *graph.Snapshot) {
	list(e, s.Networks, func(e *encoder, n *graph.Network) { e.str(n.ID); e.str(n.Name) })
	list(e, s.Memberships, func(e *encoder, m *graph.Membership) {
		e.str(m.Municipality)
		e.str(m.Network)
		e.date(m.Since)
		e.date(m.Until)
		e.str(m.Role)
		sources(e, m.Sources)
	})
	list(e, s.Organisations, func(e *encoder, o *graph.Organisation) {
		e.str(o.ID)
		e.str(o.Name)
		e.str(o.Type)
		e.str(o.Municipality)
	})
	list(e, s.OrgLinks, func(e *encoder, l *graph.OrgLink) {
		e.str(l.Municipality)
		e.str(l.Organisation)
		e.str(l.Topic)
		e.date(l.Since)
		sources(e, l.Sources)
	})
	list(e, s.Cooperations, func(e *encoder, c *graph.Cooperation) {
		e.str(c.A)
		e.str(c.B)
		e.str(c.Kind)
		e.date(c.Since)
		stringList(e, c.Topics)
		sources(e, c.Sources)
	})
	list(e, s.StateCounts, func(e *encoder, c *graph.StateCount) {
		e.str(c.State)
		e.int(int64(c.Partnerships))
		sources(e, c.Sources)
	})
	list(e, s.ReportedCounts, func(e *encoder, c *graph.ReportedCount) {
		e.str(c.Scope)
		e.str(c.Country)
		e.date(c.AsOf)
		e.int(int64(c.Count))
		e.bool(c.AtLeast)
		e.str(c.What)
		sources(e, c.Sources)
	})
	list(e, s.Aliases, func(e *encoder, a *graph.Alias) {
		e.str(a.Alias)
		e.str(a.Place)
		sources(e, a.Sources)
	})
}

// decoder reads values from s, one string (the strings it returns are
// pieces of it); the first error sticks and later reads return zeros.
type decoder struct {
	s   string
	i   int
	err error
}

var errShort = errors.New("the file ends early")

func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.i = len(d.s)
}

func (d *decoder) uint() uint64 {
	var v uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if d.i >= len(d.s) {
			d.fail(errShort)
			return 0
		}
		c := d.s[d.i]
		d.i++
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return v
		}
	}
	d.fail(errors.New("a number overflows"))
	return 0
}

func (d *decoder) int() int64 {
	u := d.uint()
	v := int64(u >> 1)
	if u&1 != 0 {
		v = ^v
	}
	return v
}

func (d *decoder) float() float64 {
	if len(d.s)-d.i < 8 {
		d.fail(errShort)
		return 0
	}
	var v uint64
	for k := 7; k >= 0; k-- {
		v = v<<8 | uint64(d.s[d.i+k])
	}
	d.i += 8
	return math.Float64frombits(v)
}

func (d *decoder) str() string {
	n := d.uint()
	if n > uint64(len(d.s)-d.i) {
		d.fail(errShort)
		return ""
	}
	s := d.s[d.i : d.i+int(n)]
	d.i += int(n)
	return s
}

func (d *decoder) bool() bool {
	if d.i >= len(d.s) {
		d.fail(errShort)
		return false
	}
	c := d.s[d.i]
	d.i++
	if c > 1 {
		d.fail(fmt.Errorf("a flag holds %d", c))
	}
	return c == 1
}

func (d *decoder) date() graph.Date {
	return graph.Date{Year: int(d.int()), Month: int(d.int()), Day: int(d.int())}
}

func (d *decoder) source(s *graph.Source) {
	s.File = d.str()
	s.Line = int(d.int())
	s.SourceID = d.str()
}

// readList reads what list wrote.
func readList[T any](d *decoder, item func(*decoder, *T)) []T {
	n := d.uint()
	if n == 0 {
		return nil
	}
	n--
	if n > uint64(len(d.s)-d.i) { // every item takes a byte at least
		d.fail(errShort)
		return nil
	}
	out := make([]T, n)
	for i := range out {
		item(d, &out[i])
		if d.err != nil {
			return nil
		}
	}
	return out
}

func readStrings(d *decoder) []string {
	return readList(d, func(d *decoder, s *string) { *s = d.str() })
}
func readSources(d *decoder) []graph.Source {
	return readList(d, (*decoder).source)
}

func (d *decoder) header(h *header) {
	h.Format = d.str()
	h.Shape = d.str()
	h.Store = d.str()
	h.Version = d.int()
	h.Stamp = d.str()
}

// section returns a decoder of the next section and skips it.
func (d *decoder) section() *decoder {
	if len(d.s)-d.i < 4 {
		d.fail(errShort)
		return &decoder{err: d.err}
	}
	n := int(binary.LittleEndian.Uint32([]byte(d.s[d.i : d.i+4])))
	d.i += 4
	if n > len(d.s)-d.i {
		d.fail(errShort)
		return &decoder{err: d.err}
	}
	sub := &decoder{s: d.s[d.i : d.i+n]}
	d.i += n
	return sub
}

// done reports the decoder's error, or that it left bytes unread.
func (d *decoder) done() error {
	if d.err == nil && d.i != len(d.s) {
		d.err = fmt.Errorf("%d bytes left over", len(d.s)-d.i)
	}
	return d.err
}

// snapshot reads what encoder.snapshot wrote: the places and the links
// each in a goroutine of their own, the rest in this one.
func (d *decoder) snapshot(s *graph.Snapshot) {
	s.Version = d.int()
	places, links, rest := d.section(), d.section(), d.section()
	if d.err != nil {
		return
	}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); s.Municipalities = places.places() }()
	go func() { defer wg.Done(); s.Partnerships = links.links() }()
	rest.rest(s)
	wg.Wait()
	if err := errors.Join(places.done(), links.done(), rest.done()); err != nil {
		d.fail(err)
	}
}

func (d *decoder) places() []graph.Municipality {
	return readList(d, func(d *decoder, m *graph.Municipality) {
		m.ID = d.str()
		m.Name = d.str()
		m.AltNames = readStrings(d)
		m.Country = d.str()
		m.Region = d.str()
		m.AGS = d.str()
		m.State = d.str()
		m.KreisCode = d.str()
		m.Kreis = d.str()
		m.Population = int(d.int())
		m.Lat = d.float()
		m.Lon = d.float()
		m.HasCoords = d.bool()
		m.Level = d.str()
		m.GeoNamesID = d.int()
		m.Wikidata = d.str()
		m.Sources = readSources(d)
	})
}

func (d *decoder) links() []graph.Partnership {
	return readList(d, func(d *decoder, p *graph.Partnership) {
		p.A = d.str()
		p.B = d.str()
		p.Kind = graph.Kind(d.str())
		p.Since = d.date()
		p.Until = d.date()
		p.Status = graph.Status(d.str())
		p.Topics = readStrings(d)
		p.Sources = readSources(d)
		p.Claims = readList(d, func(d *decoder, c *graph.Claim) {
			d.source(&c.Source)
			c.Seq = d.int()
			c.Since = d.date()
			c.Until = d.date()
			c.Status = graph.Status(d.str())
			c.Topics = readStrings(d)
			c.Settles = d.bool()
		})
		p.Events = readList(d, func(d *decoder, v *graph.Event) {
			v.Date = d.date()
			v.Status = graph.Status(d.str())
			v.Reason = d.str()
			d.source(&v.Source)
			v.Seq = d.int()
		})
	})
}

func (d *decoder) rest(s *graph.Snapshot) {
	s.Networks = readList(d, func(d *decoder, n *graph.Network) { n.ID = d.str(); n.Name = d.str() })
	s.Memberships = readList(d, func(d *decoder, m *graph.Membership) {
		m.Municipality = d.str()
		m.Network = d.str()
		m.Since = d.date()
		m.Until = d.date()
		m.Role = d.str()
		m.Sources = readSources(d)
	})
	s.Organisations = readList(d, func(d *decoder, o *graph.Organisation) {
		o.ID = d.str()
		o.Name = d.str()
		o.Type = d.str()
		o.Municipality = d.str()
	})
	s.OrgLinks = readList(d, func(d *decoder, l *graph.OrgLink) {
		l.Municipality = d.str()
		l.Organisation = d.str()
		l.Topic = d.str()
		l.Since = d.date()
		l.Sources = readSources(d)
	})
	s.Cooperations = readList(d, func(d *decoder, c *graph.Cooperation) {
		c.A = d.str()
		c.B = d.str()
		c.Kind = d.str()
		c.Since = d.date()
		c.Topics = readStrings(d)
		c.Sources = readSources(d)
	})
	s.StateCounts = readList(d, func(d *decoder, c *graph.StateCount) {
		c.State = d.str()
		c.Partnerships = int(d.int())
		c.Sources = readSources(d)
	})
	s.ReportedCounts = readList(d, func(d *decoder, c *graph.ReportedCount) {
		c.Scope = d.str()
		c.Country = d.str()
		c.AsOf = d.date()
		c.Count = int(d.int())
		c.AtLeast = d.bool()
		c.What = d.str()
		c.Sources = readSources(d)
	})
	s.Aliases = readList(d, func(d *decoder, a *graph.Alias) {
		a.Alias = d.str()
		a.Place = d.str()
		a.Sources = readSources(d)
	})
}
