package identity

import (
	"fmt"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// Query is a place as an input row names it.
type Query struct {
	Name    string // the place's name as given
	Country string // the country cell as given: a name, a code, a former state, a US state
	State   string // a German Land as given, may be empty
}

// Result is the place a query means and why.
type Result struct {
	Place graph.Municipality
	// Known tells whether the place is in the directory or the world
	// gazetteer; an unknown place gets an id from its folded name.
	Known bool
	// How says why: "directory: exact name", "gazetteer: Kiew is a name of
	// Kyiv (UA, Kyiv City, pop. 2,952,301); exact name", "not in the
	// gazetteer".
	How string
	// Warning is a doubt worth a look: coordinates far from the place,
	// an ambiguous name decided by size alone.
	Warning string
}

// Problem is why a query means no place: the cell at fault ("name",
// "country", "state") and a message for the user.
type Problem struct {
	Field string
	Err   error
}

func (p *Problem) Error() string { return p.Err.Error() }
func (p *Problem) Unwrap() error { return p.Err }

// Prepared is a query resolved as far as its cells allow: the candidate
// places with their match qualities. Choose finishes it with the row's
// coordinates. Importers cache a Prepared per distinct cells.
type Prepared struct {
	q       Query
	german  bool
	cands   []Candidate
	places  []graph.Municipality // per candidate
	how     []string             // per candidate: how the name matched
	unknown graph.Municipality   // the place to make when nothing matches
	problem *Problem             // a query that means no place
	fixed   bool                 // one place whatever the coordinates (a Kreis, a Verband)
	loose   bool                 // the fixed place was named without its type
	dir     *gazetteer.Directory // for a German name the directory does not know
	state   string               // its Land, if given
	world   *gazetteer.World
	note    string // from the country cell: "historical: one successor"
}

// Prepare resolves a query's name and cells. The error is a *Problem.
func (r *Reference) Prepare(q Query) (*Prepared, error) {
	q.Name, q.Country, q.State = strings.TrimSpace(q.Name), strings.TrimSpace(q.Country), strings.TrimSpace(q.State)
	pr := &Prepared{q: q}
	if q.Name == "" {
		return nil, &Problem{"name", graph.Errorf(graph.EINVALID, "empty name")}
	}
	if q.Country == "" {
		return nil, &Problem{"country", graph.Errorf(graph.EINVALID, "empty country")}
	}
	opts, note, err := r.countryOptions(q.Country)
	if err != nil {
		return nil, err
	}
	pr.note = note
	if len(opts) == 1 && opts[0].code == "DE" {
		return pr, r.prepareGerman(pr, opts[0].region)
	}
	return pr, r.prepareForeign(pr, opts)
}

// countryOption is one country a cell may mean, with a region it names.
type countryOption struct{ code, region string }

// countryRead is a country cell read once (countryOptions), cached.
type countryRead struct {
	opts []countryOption
	note string
	err  error
}

// countryOptions reads a country cell, once per cell (files repeat them).
func (r *Reference) countryOptions(cell string) ([]countryOption, string, error) {
	if v, ok := r.countryCells.Load(cell); ok {
		c := v.(countryRead)
		return c.opts, c.note, c.err
	}
	opts, note, err := r.readCountry(cell)
	r.countryCells.Store(strings.Clone(cell), countryRead{opts, note, err})
	return opts, note, err
}

// readCountry reads a country cell: one country, the candidates of an
// ambiguous name or a former state, or a US state or Canadian province
// ("Ohio", "Ontario") as that region of its country. "Georgia" may be the
// country or the US state.
func (r *Reference) readCountry(cell string) ([]countryOption, string, error) {
	m, ok := r.countries.Lookup(cell)
	var opts []countryOption
	switch {
	case ok && m.Code != "":
		opts = append(opts, countryOption{m.Code, m.Region})
	case ok:
		for _, c := range m.Candidates {
			opts = append(opts, countryOption{code: c})
		}
	}
	if len(cell) > 3 && (len(opts) == 0 || (len(opts) == 1 && opts[0].region == "")) {
		w, err := r.World()
		if err != nil {
			return nil, "", err
		}
		for _, cc := range []string{"US", "CA"} {
			for _, rg := range w.Regions(cell, cc) {
				if !slices.Contains(opts, countryOption{cc, rg.Name}) {
					opts = append(opts, countryOption{cc, rg.Name})
				}
			}
		}
	}
	if len(opts) == 0 {
		return nil, "", &Problem{"country", graph.Errorf(graph.EINVALID,
			"unknown country %q (want a name in German or English, or an ISO 3166-1 code)", cell)}
	}
	return opts, m.Note, nil
}

// Unknown reports whether the query means a place the gazetteer does not
// know, whatever the coordinates: Choose then returns the same result for
// every row (the coordinates aside, which the caller keeps).
func (pr *Prepared) Unknown() bool { return pr.problem == nil && len(pr.cands) == 0 }

// Choose picks the place with what else the row says of it (Hints): its
// coordinates, its population.
func (pr *Prepared) Choose(h Hints) (Result, error) {
	lat, lon, hasCoords := h.Lat, h.Lon, h.HasCoords
	if pr.problem != nil {
		if pr.dir != nil && hasCoords {
			if res, ok := pr.byCoords(lat, lon); ok {
				return res, nil
			}
		}
		if pr.dir != nil && !hasCoords {
			if res, ok := pr.byGazetteer(); ok {
				return res, nil
			}
		}
		return Result{}, pr.problem
	}
	if len(pr.cands) == 0 {
		return Result{Place: pr.unknown, How: "not in the gazetteer" + pr.noteSuffix()}, nil
	}
	cands := pr.cands
	if hasCoords {
		cands = slices.Clone(cands)
		for i := range cands {
			p := &pr.places[i]
			cands[i].Km = gazetteer.Distance(lat, lon, p.Lat, p.Lon)
		}
	}
	radius := Radius
	if pr.german {
		radius = gazetteer.Radius
	}
	rk := Rank(cands, false, radius)
	if pr.german {
		return pr.chooseGerman(cands, rk, h)
	}
	res := Result{Known: true}
	w := rk.Winner
	if w < 0 { // a tie: the biggest, said so
		w = rk.Tied[0]
		res.Warning = fmt.Sprintf("%q is ambiguous (%s); took the first, give coordinates or a region", pr.q.Name, describe(cands, rk.Tied))
	}
	res.Place = pr.places[w]
	res.How = fmt.Sprintf("gazetteer: %s; %s%s", pr.how[w], rk.How, pr.noteSuffix())
	if rk.Far {
		res.Warning = joinWarn(res.Warning, fmt.Sprintf("the given coordinates %.4f,%.4f lie %.0f km from %s; the gazetteer's are kept",
			lat, lon, cands[w].Km, res.Place.Name))
	}
	return res, nil
}

func (pr *Prepared) noteSuffix() string {
	if pr.note == "" {
		return ""
	}
	return " (country " + pr.q.Country + ": " + pr.note + ")"
}

func joinWarn(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}
