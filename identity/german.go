package identity

import (
	"fmt"
	"slices"
	"strings"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
)

// prepareGerman finds the German places a name may mean: a Kreis or a
// Gemeindeverband that says so ("Landkreis Gießen", "Main-Taunus
// (district)", "Samtgemeinde Uelsen"), a Berlin or Hamburg Bezirk, the
// municipalities of the directory and the GeoNames names linked to them
// ("Munich", "Мюнхен"), and failing those a Kreis or Verband named
// without its marker or a village written with its municipality
// ("Bad Godesberg (Bonn)").
func (r *Reference) prepareGerman(pr *Prepared, region string) error {
	pr.german = true
	q := pr.q
	state := ""
	for _, s := range []string{q.State, region} {
		if s == "" {
			continue
		}
		code, ok := gazetteer.StateCode(s)
		if !ok {
			if s == q.State {
				return &Problem{"state", graph.Errorf(graph.EINVALID,
					"unknown Land %q (want a name such as Bayern or Bavaria, or a code such as BY or DE-BY)", s)}
			}
			continue
		}
		state = code
		break
	}
	if name, st, ok := landQualified(q.Name); ok && (state == "" || state == st) { // "Ahorn, Bavaria"
		q.Name, state = name, st
		pr.q = q
	}
	d := r.dir
	pr.dir, pr.state = d, state
	if _, urban, ok := gazetteer.KreisName(q.Name); ok {
		k, err := d.ResolveKreis(q.Name, state, urban)
		if err != nil {
			return &Problem{"name", err}
		}
		pr.addFixed(r.kreisPlace(k), "directory: Kreis "+k.Title())
		return nil
	}
	if _, typ, ok := gazetteer.VerbandName(q.Name); ok {
		v, err := d.ResolveVerband(q.Name, typ, state)
		if err == nil {
			pr.addFixed(d.VerbandMunicipality(v), "directory: "+v.Title())
			return nil
		}
		if graph.ErrorCode(err) != graph.ENOTFOUND || len(d.Candidates(q.Name, state)) == 0 {
			return &Problem{"name", err}
		}
		// "Amt Neuhaus" is a municipality.
	}
	if err := r.germanCandidates(pr, q.Name, state); err != nil {
		return err
	}
	if len(pr.cands) > 0 {
		return nil
	}
	if k, err := d.ResolveKreis(q.Name, state, false); err == nil { // "Emsland", "Vulkaneifel"
		pr.addFixed(r.kreisPlace(k), "directory: Kreis "+k.Title()+" (named without Landkreis)")
		pr.loose = true
		return nil
	}
	if v, err := d.ResolveVerband(q.Name, "", state); err == nil {
		pr.addFixed(d.VerbandMunicipality(v), "directory: "+v.Title()+" (named without its type)")
		pr.loose = true
		return nil
	}
	if g, ok := d.PartOfUnique(q.Name, state); ok { // "Wolfen": Bitterfeld-Wolfen
		pr.addFixed(d.Municipality(g), fmt.Sprintf("directory: %s is part of the name of %s, the only such municipality", q.Name, g.NamePlain))
		pr.loose = true
		return nil
	}
	if village, muni, ok := cutParens(q.Name); ok { // "Village (Municipality)"
		if ms := d.Candidates(muni, state); len(ms) == 1 {
			pr.addFixed(d.Municipality(ms[0].Gemeinde), fmt.Sprintf("directory: %s is a village of %s", village, ms[0].NamePlain))
			return nil
		}
	}
	where := ""
	if state != "" {
		where = " in " + state
	}
	// Coordinates, if the row gives them, may still place it (Choose).
	pr.problem = &Problem{"name", &graph.Error{Code: graph.ENOTFOUND, Op: "resolve municipality",
		Message: fmt.Sprintf("no German municipality %q%s", q.Name, where)}}
	return nil
}

// byCoords places a German name the directory does not know, or whose
// namesakes all lie far away, by the row's coordinates: the municipality
// whose area holds the point (a village, a former municipality merged
// into another, a district: "Finthen" in Mainz). It reports how.
func (pr *Prepared) byCoords(lat, lon float64) (Result, bool) {
	state := pr.state
	if state == "" && pr.world != nil { // GeoNames may know the village and its Land
		for _, i := range pr.world.Search(pr.q.Name) {
			p := pr.world.Place(i)
			if p.Country == "DE" && gazetteer.Distance(lat, lon, p.Lat, p.Lon) <= 10 {
				state, _ = gazetteer.StateCode(p.Region.Name)
				break
			}
		}
	}
	if g, km, ok := pr.dir.PartOf(pr.q.Name, lat, lon, state); ok {
		return Result{Place: pr.dir.Municipality(g), Known: true,
			How: fmt.Sprintf("coordinates: %s is not a municipality of the directory; it is part of the name of %s, %.0f km away",
				pr.q.Name, g.NamePlain, km),
			Warning: fmt.Sprintf("%s taken as %s (AGS %s)", pr.q.Name, g.NamePlain, g.AGS)}, true
	}
	g, km, ok := pr.dir.Containing(lat, lon, state)
	if !ok {
		return pr.germanVillage(lat, lon, state)
	}
	return Result{Place: pr.dir.Municipality(g), Known: true,
		How: fmt.Sprintf("coordinates: %s is not a municipality of the directory; %.4f,%.4f lie in %s (%.0f km from its centre)",
			pr.q.Name, lat, lon, g.NamePlain, km),
		Warning: fmt.Sprintf("%s placed in %s (AGS %s) by its coordinates", pr.q.Name, g.NamePlain, g.AGS)}, true
}

// byGazetteer places a German name the directory does not know, in a
// row without coordinates, by the coordinates the world gazetteer gives
// a place of that name (a village, a former municipality: "Finthen" in
// Mainz), when every such place (in the Land, if given) lies in one
// municipality.
func (pr *Prepared) byGazetteer() (Result, bool) {
	res, ok := pr.gazetteerPlacing()
	return res, ok && res.Known
}

// gazetteerPlacing places every German place of the name in the world
// gazetteer (in the Land, if given) by its coordinates, as a row's
// coordinates would (byCoords), and returns the place when all of them
// land on the same one: a municipality (Known) or a village of its own.
func (pr *Prepared) gazetteerPlacing() (Result, bool) {
	if pr.world == nil {
		return Result{}, false
	}
	var res Result
	found := false
	for _, i := range pr.world.Search(pr.q.Name) {
		p := pr.world.Place(i)
		if p.Country != "DE" {
			continue
		}
		if q, _ := pr.world.Match(i, pr.q.Name); q < gazetteer.MatchFolded {
			continue
		}
		if st, ok := gazetteer.StateCode(p.Region.Name); pr.state != "" && (!ok || st != pr.state) {
			continue
		}
		r, ok := pr.byCoords(p.Lat, p.Lon)
		if !ok || (found && r.Place.ID != res.Place.ID) {
			return Result{}, false
		}
		if !found {
			r.How = fmt.Sprintf("gazetteer: %s (%.4f,%.4f); %s", p, p.Lat, p.Lon, r.How)
		}
		res, found = r, true
	}
	return res, found
}

// germanVillage returns a German place the directory does not know and
// the coordinates do not place in one municipality (a village near a
// boundary): a place of its own, "DE:" and its folded name, "~" and the
// AGS of the nearest municipality, which an alias file can later attach
// to its municipality.
func (pr *Prepared) germanVillage(lat, lon float64, state string) (Result, bool) {
	g, km, ok := pr.dir.Nearest(lat, lon, state)
	slug := gazetteer.PlaceSlug(pr.q.Name)
	if !ok || km > 30 || slug == "" {
		return Result{}, false
	}
	m := graph.Municipality{ID: "DE:" + slug + "~" + g.AGS, Name: pr.q.Name, Country: "DE", State: state,
		Lat: lat, Lon: lon, HasCoords: true}
	return Result{Place: m, How: fmt.Sprintf("not a municipality of the directory, and its coordinates lie near the boundary of %s (%.0f km from its centre): a place of its own", g.NamePlain, km),
		Warning: fmt.Sprintf("%s is not placed in a municipality; nearest: %s (AGS %s); an alias file can attach it", pr.q.Name, g.NamePlain, g.AGS)}, true
}

// germanCandidates collects the municipalities and boroughs name may mean.
func (r *Reference) germanCandidates(pr *Prepared, name, state string) error {
	d := r.dir
	type gm struct {
		gazetteer.GemeindeMatch
		how string
	}
	var ms []gm
	for _, m := range d.Candidates(name, state) {
		ms = append(ms, gm{m, "directory"})
	}
	w, err := r.World()
	if err != nil {
		return err
	}
	pr.world = w
	for _, i := range w.Search(name) {
		if w.Country(i) != "DE" {
			continue
		}
		p := w.Place(i)
		g, ok := d.ByAGS(p.AGS)
		if !ok || (state != "" && g.State != state) {
			continue
		}
		q, main := w.Match(i, name)
		m := gazetteer.GemeindeMatch{Gemeinde: g, Quality: q, Main: main && p.Name == g.NamePlain}
		how := "gazetteer: " + name + " is a name of " + g.NamePlain
		if j := slices.IndexFunc(ms, func(x gm) bool { return x.AGS == g.AGS }); j >= 0 {
			if ms[j].Quality < m.Quality {
				ms[j] = gm{m, how}
			}
			continue
		}
		ms = append(ms, gm{m, how})
	}
	for _, m := range ms {
		pr.cands = append(pr.cands, Candidate{Ref: int32(len(pr.cands)), German: true, Quality: m.Quality, Main: m.Main,
			Population: m.Population, Km: -1,
			Label: fmt.Sprintf("%s (%s, %s, AGS %s, pop. %s)", m.NamePlain, m.Kreis, m.State, m.AGS, gazetteer.Thousands(m.Population))})
		pr.places = append(pr.places, d.Municipality(m.Gemeinde))
		pr.how = append(pr.how, m.how)
	}
	for _, b := range d.BoroughsNamed(name, state) {
		q := gazetteer.MatchFolded
		if strings.EqualFold(b.Name, name) {
			q = gazetteer.MatchExact
		}
		pr.cands = append(pr.cands, Candidate{Ref: int32(len(pr.cands)), German: true, Quality: q, Main: true, Km: -1,
			Label: fmt.Sprintf("%s (Bezirk of %s, %s)", b.Name, b.City, b.ID)})
		pr.places = append(pr.places, d.BoroughMunicipality(b))
		pr.how = append(pr.how, "directory: Bezirk "+b.Name+" of "+b.City)
	}
	return nil
}

// addFixed adds the one place a query means whatever the coordinates say
// (a Kreis or a Verband: large areas).
func (pr *Prepared) addFixed(m graph.Municipality, how string) {
	pr.cands = append(pr.cands, Candidate{Ref: 0, German: true, Quality: gazetteer.MatchExact, Main: true, Km: -1, Label: m.Name})
	pr.places = append(pr.places, m)
	pr.how = append(pr.how, how)
	pr.fixed = true
}

// kreisPlace returns the node of a Kreis: its city for a kreisfreie Stadt.
func (r *Reference) kreisPlace(k gazetteer.Kreis) graph.Municipality {
	if g, ok := r.dir.CityOfKreis(k); ok {
		return r.dir.Municipality(g)
	}
	return r.dir.KreisMunicipality(k)
}

// landQualified splits a name qualified by its Land: "Ahorn, Bavaria",
// "Steinberg (Sachsen)" -> the name and the Land's code.
func landQualified(s string) (name, state string, ok bool) {
	a, b, cut := strings.Cut(s, ",")
	if !cut {
		a, b, cut = cutParens(s)
	}
	if !cut {
		return "", "", false
	}
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	code, ok := gazetteer.StateCode(b)
	if !ok || a == "" || len(b) <= 3 { // "BY" may be part of a name; a Land in words only
		return "", "", false
	}
	return a, code, true
}

// cutParens splits "Village (Municipality)".
func cutParens(s string) (outer, inner string, ok bool) {
	i := strings.IndexByte(s, '(')
	j := strings.LastIndexByte(s, ')')
	if i <= 0 || j < i {
		return "", "", false
	}
	outer, inner = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+1:j])
	return outer, inner, outer != "" && inner != ""
}

// chooseGerman finishes a German query: the ranked municipality, or an
// error naming the candidates.
func (pr *Prepared) chooseGerman(cands []Candidate, rk Ranking, h Hints) (Result, error) {
	lat, lon, hasCoords := h.Lat, h.Lon, h.HasCoords
	if pr.fixed {
		p := pr.places[0]
		// A Kreis or Verband named without its type, far from the row's
		// coordinates, is not what the row means ("Aue" in Saxony is not
		// the Samtgemeinde Aue).
		if pr.loose && hasCoords && p.HasCoords && gazetteer.Distance(lat, lon, p.Lat, p.Lon) > 2*gazetteer.Radius {
			if res, ok := pr.byCoords(lat, lon); ok {
				return res, nil
			}
			return Result{}, &Problem{"name", &graph.Error{Code: graph.ENOTFOUND, Op: "resolve municipality", Message: fmt.Sprintf(
				"no German municipality %q near %.4f,%.4f (%s is %.0f km away)", pr.q.Name, lat, lon, p.Name, gazetteer.Distance(lat, lon, p.Lat, p.Lon))}}
		}
		return Result{Place: p, Known: true, How: pr.how[0]}, nil
	}
	where := ""
	if pr.q.State != "" {
		where = " in " + pr.q.State
	}
	if hasCoords && rk.Far {
		if res, ok := pr.byCoords(lat, lon); ok {
			return res, nil
		}
		var b strings.Builder
		for n, c := range cands {
			if n > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%s, %.0f km away", c.Label, c.Km)
		}
		return Result{}, &Problem{"name", &graph.Error{Code: graph.ENOTFOUND, Op: "resolve municipality", Message: fmt.Sprintf(
			"no German municipality %q%s within %.0f km of %.4f,%.4f: %s", pr.q.Name, where, gazetteer.Radius, lat, lon, b.String())}}
	}
	if !hasCoords && h.Population > 0 {
		if res, ok := pr.byPopulation(h.Population); ok {
			return res, nil
		}
		if rk.Winner < 0 {
			// The namesakes the row's population rules out (a factor
			// PopulationExclude or more) are not taken for being the
			// biggest: "Königstein" with 2,185 is not Königstein im
			// Taunus (16,540).
			all := rk.Tied
			rk.Tied = slices.DeleteFunc(slices.Clone(rk.Tied), func(i int) bool {
				return cands[i].Population > 0 && popFactor(h.Population, cands[i].Population) >= PopulationExclude
			})
			switch len(rk.Tied) {
			case 0:
				rk.Tied = all
			case 1:
				w := rk.Tied[0]
				return Result{Place: pr.places[w], Known: true,
					How: fmt.Sprintf("%s; population: the row gives %s, %s has %s, and the other namesakes differ by a factor %.0f or more",
						pr.how[w], gazetteer.Thousands(h.Population), pr.places[w].Name, gazetteer.Thousands(cands[w].Population), PopulationExclude),
					Warning: fmt.Sprintf("%q%s is ambiguous (%s); the row's population, %s, rules out all but %s", pr.q.Name, where, describe(cands, all),
						gazetteer.Thousands(h.Population), pr.places[w].Name)}, nil
			}
		}
	}
	if rk.Winner < 0 && biggestClearly(cands, rk.Tied) {
		// Nothing else said: the clearly biggest, reported.
		w := rk.Tied[0]
		return Result{Place: pr.places[w], Known: true, How: pr.how[w] + "; " + rk.How + ", the biggest of the namesakes",
			Warning: fmt.Sprintf("%q%s is ambiguous (%s); took the biggest, give the Land or coordinates", pr.q.Name, where, describe(cands, rk.Tied))}, nil
	}
	if rk.Winner < 0 {
		return Result{}, &Problem{"name", &graph.Error{Code: graph.EINVALID, Op: "resolve municipality", Message: fmt.Sprintf(
			"municipality %q%s is ambiguous, give the Land or coordinates: %s", pr.q.Name, where, describe(cands, rk.Tied))}}
	}
	return Result{Place: pr.places[rk.Winner], Known: true, How: pr.how[rk.Winner] + "; " + rk.How}, nil
}

// TieRatio is how many times bigger the biggest of German namesakes must
// be than the next for a row that says nothing else (no coordinates, no
// Land) to mean it, with a warning; closer namesakes stay ambiguous. On
// the Wikidata list without coordinates, the biggest at twice the next
// is the place the coordinates name in 9 of 10 rows, at any size in 2 of
// 3 (a coin toss among near equals).
const TieRatio = 2

// biggestClearly reports whether the first of the tied candidates (the
// biggest) has TieRatio times the population of the next.
func biggestClearly(c []Candidate, tied []int) bool {
	return c[tied[0]].Population > 0 && c[tied[0]].Population >= TieRatio*c[tied[1]].Population
}
