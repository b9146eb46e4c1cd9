// Package gazetteer is citygraph's built-in reference data: the German
// municipalities (the Destatis Gemeindeverzeichnis, embedded), the 16
// Länder, and the countries of the world with their German and English
// names (from CLDR through golang.org/x/text) and the spellings found in
// partnership lists. It turns the names found in files into stable IDs.
//
// Nothing is cached at package level: LoadGermany and LoadCountries parse
// the embedded data each time they are called; callers keep the result.
package gazetteer

import (
	"bytes"
	"compress/gzip"
	_ "embed" // the reference data
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph"
)

//go:generate go run gen.go ../../../shared/data/de_gemeinden_destatis_2023q1.csv

//go:embed data/gemeinden.csv.gz
var gemeindenGz []byte

// Attribution is the credit the Destatis licence asks for; show it wherever
// the municipality data is shown or passed on.
const Attribution = "© Statistisches Bundesamt (Destatis), Gemeindeverzeichnis, Gebietsstand 31.03.2023"

// Radius is how far, in kilometres, given coordinates may lie from a
// municipality's centre for Resolve to take it as the place meant.
const Radius = 30.0

// Gemeinde is a German municipality as the Destatis directory lists it.
type Gemeinde struct {
	AGS        string  // Amtlicher Gemeindeschlüssel, 8 digits
	Name       string  // official name with its status: "Mannheim, Universitätsstadt"
	NamePlain  string  // the name without the status: "Mannheim"
	State      string  // Land, ISO 3166-2: "DE-BW"
	KreisCode  string  // 5-digit Kreisschlüssel
	Kreis      string  // Kreis name
	Type       string  // Destatis type: Stadt, Markt, Kreisfreie Stadt, kreisangehoerige Gemeinde, ...
	Population int     // 31.12.2021
	Lat, Lon   float64 // WGS84 centre of the municipality's area
	Area       float64 // km²
	KreisType  string  // Landkreis, Kreis, Kreisfreie Stadt, Stadtkreis, Regionalverband

	// The Gemeindeverband the municipality belongs to (Amt, Samtgemeinde,
	// Verbandsgemeinde, Verwaltungsgemeinschaft, ...): its 9-digit
	// Regionalschlüssel, name and type; type "verbandsfreie Gemeinde" for
	// none.
	VerbandARS, VerbandName, VerbandType string
}

// Directory is the German municipality directory with its name indexes. It
// is not changed after LoadGermany and is safe for concurrent use.
type Directory struct {
	all   []Gemeinde
	byAGS map[string]int32
	exact map[string][]int32 // canonical forms of the full and the plain name
	base  map[string][]int32 // the plain name without its qualifier: Frankfurt, Halle

	kreise    []Kreis
	kreisKeys map[string][]int32 // canonical forms of Kreis names

	verbaende   []Verband
	verbandKeys map[string][]int32 // canonical forms of Verband names

	boroughs   []Borough
	boroughKey map[string][]int32 // canonical forms of borough names
}

// LoadGermany parses the embedded Destatis directory (Gebietsstand
// 31.03.2023, 10,773 municipalities) and indexes it by name.
func LoadGermany() (*Directory, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gemeindenGz))
	if err != nil {
		return nil, fmt.Errorf("load municipality directory: %w", err)
	}
	r := csv.NewReader(zr)
	r.ReuseRecord = true
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("load municipality directory: %w", err)
	}
	want := []string{"ags", "name", "name_plain", "municipality_type", "state_iso",
		"kreis_code", "kreis_name", "kreis_type", "area_km2", "population", "lon", "lat",
		"verband_ars", "verband_name", "verband_type"}
	if !slices.Equal(head, want) {
		return nil, fmt.Errorf("load municipality directory: unexpected columns %v", head)
	}
	d := &Directory{
		all:   make([]Gemeinde, 0, 10800),
		byAGS: make(map[string]int32, 10800),
		exact: make(map[string][]int32, 3*10800),
		base:  make(map[string][]int32, 1000),
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("load municipality directory: %w", err)
		}
		g := Gemeinde{AGS: rec[0], Name: rec[1], NamePlain: rec[2], Type: rec[3], State: rec[4],
			KreisCode: rec[5], Kreis: rec[6], KreisType: rec[7], VerbandARS: rec[12], VerbandName: rec[13], VerbandType: rec[14]}
		var e1, e2, e3, e4 error
		g.Area, e1 = strconv.ParseFloat(rec[8], 64)
		g.Population, e2 = strconv.Atoi(rec[9])
		g.Lon, e3 = strconv.ParseFloat(rec[10], 64)
		g.Lat, e4 = strconv.ParseFloat(rec[11], 64)
		if err := firstErr(e1, e2, e3, e4); err != nil {
			return nil, fmt.Errorf("load municipality directory: AGS %s: %w", g.AGS, err)
		}
		d.all = append(d.all, g)
	}
	slices.SortFunc(d.all, func(a, b Gemeinde) int { return strings.Compare(a.AGS, b.AGS) })
	// The name indexes are built side by side: folding the names is most
	// of the work of loading, and each index is written by one goroutine.
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range d.all {
			d.indexBase(int32(i))
		}
	}()
	for i := range d.all {
		d.indexExact(int32(i))
	}
	d.buildKreise()
	d.buildVerbaende()
	d.buildBoroughs()
	<-done
	return d, nil
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// put adds i to the list of key k in m, once; an empty key is left out.
func put(m map[string][]int32, k string, i int32) {
	if k == "" || slices.Contains(m[k], i) {
		return
	}
	m[k] = append(m[k], i)
}

// dirKeys returns the keys the directory files a German name under and
// looks it up by: the name folded with umlauts spelt out and with them
// stripped ("muenchen", "munchen"), each made canonical (canon).
func dirKeys(name string) [2]string {
	return [2]string{canon(Fold(name)), canon(foldStrip(name))}
}

// candidates returns the entries of index filed under the keys of name
// (dirKeys), in order and each once, that keep accepts.
func candidates(index map[string][]int32, name string, keep func(i int32) bool) []int32 {
	var out []int32
	for _, k := range dirKeys(name) {
		for _, i := range index[k] {
			if keep(i) && !slices.Contains(out, i) {
				out = append(out, i)
			}
		}
	}
	return out
}

// pickOne returns the one entry of items that cands names. None is
// ENOTFOUND ("no German <what> <name><where>"); several are EINVALID, the
// message listing each as describe writes it.
func pickOne[T any](op, what, name, where string, items []T, cands []int32, describe func(T) string) (T, error) {
	var zero T
	switch len(cands) {
	case 0:
		return zero, &graph.Error{Code: graph.ENOTFOUND, Op: op, Message: fmt.Sprintf("no German %s %q%s", what, name, where)}
	case 1:
		return items[cands[0]], nil
	}
	list := make([]string, len(cands))
	for n, i := range cands {
		list[n] = describe(items[i])
	}
	return zero, &graph.Error{Code: graph.EINVALID, Op: op, Message: fmt.Sprintf("%s %q%s is ambiguous, give the Land: %s", what, name, where, strings.Join(list, "; "))}
}

// landFilter reads the optional Land of a lookup: its code ("" for none)
// and the words that name it in messages (" in DE-BY"); an unknown Land is
// EINVALID.
func landFilter(op, state string) (code, where string, err error) {
	if strings.TrimSpace(state) == "" {
		return "", "", nil
	}
	code, ok := StateCode(state)
	if !ok {
		return "", "", &graph.Error{Code: graph.EINVALID, Op: op, Message: fmt.Sprintf("unknown Land %q", state)}
	}
	return code, " in " + code, nil
}

// hasNamePart reports whether the plain name of a municipality is made of
// parts ("Bitterfeld-Wolfen", "Wettin-Löbejün") one of which has the key q
// (canon of foldStrip).
func hasNamePart(plain, q string) bool {
	parts := strings.FieldsFunc(plain, func(r rune) bool { return r == '-' || r == '/' })
	return len(parts) >= 2 && slices.ContainsFunc(parts, func(p string) bool { return canon(foldStrip(p)) == q })
}

// plainNames returns the plain names of g: the German and the Sorbian
// name of a bilingual municipality, otherwise the one plain name.
func plainNames(g *Gemeinde) []string {
	if strings.Contains(g.NamePlain, " / ") { // German / Sorbian
		return strings.Split(g.NamePlain, " / ")
	}
	return []string{g.NamePlain}
}

// GemeindeNames returns the names a municipality goes by in the
// directory: its plain name(s) ("Mannheim"; "Bautzen", "Budyšin") and its
// official name ("Mannheim, Universitätsstadt").
func GemeindeNames(g Gemeinde) []string {
	out := plainNames(&g)
	if g.Name != g.NamePlain {
		out = append(out, g.Name)
	}
	return out
}

// indexExact puts the municipality d.all[i] into byAGS and exact.
func (d *Directory) indexExact(i int32) {
	g := &d.all[i]
	d.byAGS[g.AGS] = i
	names := []string{g.NamePlain, g.Name}
	if plain, suffix, ok := strings.Cut(g.Name, ", "); ok {
		names = append(names, suffix+" "+plain) // "Lutherstadt Wittenberg"
	}
	if plains := plainNames(g); len(plains) > 1 {
		names = append(names, plains...)
	}
	for _, n := range names {
		for _, k := range dirKeys(n) {
			put(d.exact, k, i)
		}
	}
}

// indexBase puts the municipality d.all[i] into base.
func (d *Directory) indexBase(i int32) {
	for _, p := range plainNames(&d.all[i]) {
		for _, f := range []func(string) string{Fold, foldStrip} {
			if b := baseName(p, f); b != canon(f(p)) {
				put(d.base, b, i)
			}
		}
	}
}

// filler are the small words of German place names ("am", "an der", "im")
// that spellings drop or vary: "Frankfurt (Oder)" and "Frankfurt an der
// Oder" are one place.
func filler(w string) bool {
	switch w {
	case "am", "an", "der", "die", "dem", "den", "im", "in", "ob", "a", "d", "i", "b", "bei", "v", "vor", "auf", "zu", "zum", "zur":
		return true
	}
	return false
}

// canon drops filler words from a folded name, writes "sankt" as "st"
// (saintWord) and regions as Destatis abbreviates them ("oberpfalz" as
// "opf").
func canon(f string) string {
	if !strings.Contains(f, " ") {
		return f
	}
	ws := strings.Split(f, " ")
	out := ws[:0]
	for i, w := range ws {
		if i > 0 && filler(w) {
			continue
		}
		w = saintWord(w)
		switch w {
		case "oberpfalz": // Destatis abbreviates: Neumarkt i.d.OPf.
			w = "opf"
		case "oberfranken":
			w = "ofr"
		case "mittelfranken":
			w = "mfr"
		case "unterfranken":
			w = "ufr"
		case "westfalen":
			w = "westf"
		case "rheinland":
			w = "rhld"
		case "oberbayern":
			w = "ob"
		case "niederbayern":
			w = "nb"
		case "bayern":
			w = "bay"
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

// baseName returns the plain name cut before its qualifier: "Halle (Saale)"
// -> "halle", "Frankfurt am Main" -> "frankfurt", "Freiburg im Breisgau" ->
// "freiburg".
func baseName(plain string, f func(string) string) string {
	if i := strings.IndexAny(plain, "(/"); i > 0 {
		plain = plain[:i]
	}
	ws := strings.Split(f(plain), " ")
	for i, w := range ws {
		if i > 0 && (filler(w) || w == "unter" || w == "ueber" || w == "uber") {
			ws = ws[:i]
			break
		}
	}
	return canon(strings.Join(ws, " "))
}

// exonym maps English (and older) names of German cities, folded, to the
// folded German name.
func exonym(f string) string {
	switch f {
	case "munich":
		return "muenchen"
	case "cologne":
		return "koeln"
	case "nuremberg":
		return "nuernberg"
	case "hanover":
		return "hannover"
	case "brunswick":
		return "braunschweig"
	case "hamelin":
		return "hameln"
	case "ratisbon":
		return "regensburg"
	case "mayence":
		return "mainz"
	case "treves":
		return "trier"
	case "aix la chapelle":
		return "aachen"
	case "heligoland":
		return "helgoland"
	case "frankfurt on the main", "frankfurt on main":
		return "frankfurt main"
	case "frankfurt on the oder", "frankfurt on oder":
		return "frankfurt oder"
	case "halle on the saale":
		return "halle saale"
	case "weilheim oberbayern":
		return "weilheim"
	}
	return ""
}

// All returns every municipality, ordered by AGS. The slice is the
// directory's own; do not modify it.
func (d *Directory) All() []Gemeinde { return d.all }

// ByAGS returns the municipality with the given AGS.
func (d *Directory) ByAGS(ags string) (Gemeinde, bool) {
	i, ok := d.byAGS[strings.TrimSpace(ags)]
	if !ok {
		return Gemeinde{}, false
	}
	return d.all[i], true
}

// Level returns the municipality's level for the graph: "Stadt" for towns
// and cities, "Gemeinde" for the rest.
func (g Gemeinde) Level() string {
	switch g.Type {
	case "Stadt", "Kreisfreie Stadt", "Stadtkreis", "Grosse Kreisstadt":
		return "Stadt"
	}
	return "Gemeinde"
}

// Municipality returns g as a graph node: ID "DE:"+AGS, named by its plain
// name with the official name as another name.
func (d *Directory) Municipality(g Gemeinde) graph.Municipality {
	m := graph.Municipality{
		ID:         "DE:" + g.AGS,
		Name:       g.NamePlain,
		Country:    "DE",
		AGS:        g.AGS,
		State:      g.State,
		KreisCode:  g.KreisCode,
		Kreis:      g.Kreis,
		Population: g.Population,
		Lat:        g.Lat,
		Lon:        g.Lon,
		HasCoords:  true,
		Level:      g.Level(),
	}
	if g.Name != g.NamePlain {
		m.AltNames = []string{g.Name}
	}
	return m
}

// Resolve finds the German municipality a name means. state, when not
// empty, is the Land (name or code, see StateCode) and must match.
// Official suffixes (", Stadt"), qualifiers ("Frankfurt (Oder)", "Halle an
// der Saale"), umlaut spellings ("Muenchen", "Munchen") and a few English
// names ("Munich", "Cologne") are understood. When several municipalities
// match and hasCoords is set, the nearest within Radius km of lat/lon is
// taken; coordinates farther than Radius from every match find none.
//
// Errors: EINVALID for an empty name, an unknown Land or an ambiguous name
// (the message lists the candidates); ENOTFOUND when nothing matches.
func (d *Directory) Resolve(name, state string, lat, lon float64, hasCoords bool) (Gemeinde, error) {
	const op = "resolve municipality"
	name = strings.TrimSpace(name)
	if name == "" {
		return Gemeinde{}, &graph.Error{Code: graph.EINVALID, Op: op, Message: "empty municipality name"}
	}
	code, where, err := landFilter(op, state)
	if err != nil {
		return Gemeinde{}, err
	}
	if g, ok := d.ByAGS(name); ok && (code == "" || g.State == code) {
		return g, nil
	}
	var cands []int32
	for _, q := range queryForms(name) {
		cands = d.lookup(q, code, cands[:0])
		if len(cands) > 0 {
			break
		}
	}
	if len(cands) == 0 {
		return Gemeinde{}, &graph.Error{Code: graph.ENOTFOUND, Op: op, Message: fmt.Sprintf("no German municipality %q%s", name, where)}
	}
	if hasCoords {
		best, bestKm := int32(-1), math.Inf(1)
		for _, i := range cands {
			g := d.all[i]
			if km := Distance(lat, lon, g.Lat, g.Lon); km < bestKm || (km == bestKm && best >= 0 && g.AGS < d.all[best].AGS) {
				best, bestKm = i, km
			}
		}
		if bestKm <= Radius {
			return d.all[best], nil
		}
		return Gemeinde{}, &graph.Error{Code: graph.ENOTFOUND, Op: op, Message: fmt.Sprintf(
			"no German municipality %q%s within %.0f km of %.4f,%.4f: %s", name, where, Radius, lat, lon, d.describe(cands, lat, lon, true))}
	}
	if len(cands) == 1 {
		return d.all[cands[0]], nil
	}
	return Gemeinde{}, &graph.Error{Code: graph.EINVALID, Op: op, Message: fmt.Sprintf(
		"municipality %q%s is ambiguous, give the Land or coordinates: %s", name, where, d.describe(cands, 0, 0, false))}
}

// GemeindeMatch is a municipality a name may mean, with how well it
// matches.
type GemeindeMatch struct {
	Gemeinde
	Quality MatchQuality
	Main    bool // the name is the municipality's own (plain or official) name, not an exonym
}

// Candidates returns the municipalities a name may mean, within the Land
// state (an ISO 3166-2 code) when not empty, each with its match quality:
// exact when one of its names is spelt as given, folded when the spelling
// differs in case, accents, umlauts or filler words ("Frankfurt an der
// Oder"), or is an English name ("Munich"), loose when only the name
// without its qualifier matches ("Frankfurt" for "Frankfurt am Main").
func (d *Directory) Candidates(name, state string) []GemeindeMatch {
	name = strings.TrimSpace(name)
	if g, ok := d.ByAGS(name); ok && (state == "" || g.State == state) {
		return []GemeindeMatch{{Gemeinde: g, Quality: MatchExact, Main: true}}
	}
	var out []GemeindeMatch
	for _, q := range queryForms(name) {
		for _, i := range d.lookup(q, state, nil) {
			g := d.all[i]
			m := GemeindeMatch{Gemeinde: g, Quality: MatchLoose}
			for _, n := range GemeindeNames(g) {
				switch {
				case strings.EqualFold(n, q):
					m.Quality, m.Main = MatchExact, true
				case m.Quality < MatchFolded && d.sameKey(n, q):
					m.Quality, m.Main = MatchFolded, true
				}
			}
			if m.Quality == MatchLoose && d.exonymOf(q, i) {
				m.Quality = MatchFolded
			}
			if j := slices.IndexFunc(out, func(x GemeindeMatch) bool { return x.AGS == g.AGS }); j >= 0 {
				if out[j].Quality < m.Quality {
					out[j] = m
				}
				continue
			}
			out = append(out, m)
		}
		if len(out) > 0 {
			break
		}
	}
	return out
}

// sameKey reports whether two names share a canonical key.
func (d *Directory) sameKey(a, b string) bool {
	for _, fa := range dirKeys(a) {
		for _, fb := range dirKeys(b) {
			if fa == fb {
				return true
			}
		}
	}
	return false
}

// exonymOf reports whether q is an English name of municipality i.
func (d *Directory) exonymOf(q string, i int32) bool {
	for _, f := range []string{Fold(q), foldStrip(q)} {
		if e := exonym(f); e != "" && slices.Contains(d.exact[e], i) {
			return true
		}
	}
	return false
}

// describe lists candidates as "Name (Kreis, DE-XX, AGS 12345678)".
func (d *Directory) describe(cands []int32, lat, lon float64, withKm bool) string {
	cs := slices.Clone(cands)
	slices.SortFunc(cs, func(a, b int32) int { return strings.Compare(d.all[a].AGS, d.all[b].AGS) })
	const max = 12
	var b strings.Builder
	for n, i := range cs {
		if n == max {
			fmt.Fprintf(&b, " and %d more", len(cs)-max)
			break
		}
		if n > 0 {
			b.WriteString("; ")
		}
		g := d.all[i]
		fmt.Fprintf(&b, "%s (%s, %s, AGS %s", g.NamePlain, g.Kreis, g.State, g.AGS)
		if withKm {
			fmt.Fprintf(&b, ", %.0f km away", Distance(lat, lon, g.Lat, g.Lon))
		}
		b.WriteString(")")
	}
	return b.String()
}

// queryForms returns the spellings to try for a name, best first: the name
// as given, then without an official suffix or prefix.
func queryForms(name string) []string {
	forms := []string{name}
	short := name
	if i := strings.IndexByte(short, ','); i > 0 {
		short = strings.TrimSpace(short[:i])
	}
	f := Fold(short)
	for _, p := range []string{"stadt ", "gemeinde ", "markt ", "hansestadt ", "landeshauptstadt ",
		"universitaetsstadt ", "kreisstadt ", "grosse kreisstadt ", "city of ", "town of ", "municipality of "} {
		if t, ok := strings.CutPrefix(f, p); ok && t != "" {
			f = t
			short = t
			break
		}
	}
	if short != name {
		forms = append(forms, short)
	}
	return forms
}

// lookup appends to out the municipalities whose names match the query
// spelling q, within the Land code if given.
func (d *Directory) lookup(q, code string, out []int32) []int32 {
	var keys [6]string
	ks := keys[:0]
	for _, f := range []string{Fold(q), foldStrip(q)} {
		c := canon(f)
		ks = append(ks, c)
		if e := exonym(f); e != "" {
			ks = append(ks, e)
		}
	}
	for _, k := range ks {
		for _, m := range []map[string][]int32{d.exact, d.base} {
			for _, i := range m[k] {
				if (code == "" || d.all[i].State == code) && !slices.Contains(out, i) {
					out = append(out, i)
				}
			}
		}
	}
	return out
}

// Distance returns the great-circle distance in km between two WGS84 points.
func Distance(lat1, lon1, lat2, lon2 float64) float64 {
	const r = 6371.0
	p1, p2 := lat1*math.Pi/180, lat2*math.Pi/180
	dp, dl := p2-p1, (lon2-lon1)*math.Pi/180
	a := math.Sin(dp/2)*math.Sin(dp/2) + math.Cos(p1)*math.Cos(p2)*math.Sin(dl/2)*math.Sin(dl/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(a)))
}

// Containing returns the municipality whose area holds the point lat/lon,
// when that is clear: the directory has centres and areas, not
// boundaries, so each municipality is taken as a disc of its area around
// its centre, and a municipality is returned only when the point lies in
// its disc and in no other disc, nor near one (distance over radius under
// 1.3), within the Land state when not empty. ok is false for a point in
// no disc or in several (near a boundary), abroad or at sea.
func (d *Directory) Containing(lat, lon float64, state string) (g Gemeinde, km float64, ok bool) {
	best, bestRatio, second := -1, math.Inf(1), math.Inf(1)
	for i := range d.all {
		c := &d.all[i]
		if math.Abs(c.Lat-lat) > 0.5 || math.Abs(c.Lon-lon) > 0.8 || (state != "" && c.State != state) {
			continue
		}
		r := math.Sqrt(c.Area / math.Pi)
		if r <= 0 {
			continue
		}
		dist := Distance(lat, lon, c.Lat, c.Lon)
		switch ratio := dist / r; {
		case ratio < bestRatio:
			best, bestRatio, second, km = i, ratio, bestRatio, dist
		case ratio < second:
			second = ratio
		}
	}
	switch {
	case best < 0:
		return Gemeinde{}, 0, false
	case km <= 1: // the point is the centre: a former municipality's, kept as its successor's
	case bestRatio > 1 || second < 1.3:
		return Gemeinde{}, 0, false
	}
	return d.all[best], km, true
}

// PartOf returns the municipality within 20 km of lat/lon whose name has
// name as one of its parts, the nearest if several: a former municipality
// that gave its name to a merger ("Wolfen" in Bitterfeld-Wolfen, "Löbejün"
// in Wettin-Löbejün).
func (d *Directory) PartOf(name string, lat, lon float64, state string) (g Gemeinde, km float64, ok bool) {
	q := canon(foldStrip(name))
	if q == "" {
		return Gemeinde{}, 0, false
	}
	best, bestKm := -1, 20.0
	for i := range d.all {
		c := &d.all[i]
		if math.Abs(c.Lat-lat) > 0.3 || math.Abs(c.Lon-lon) > 0.5 || (state != "" && c.State != state) {
			continue
		}
		if !hasNamePart(c.NamePlain, q) {
			continue
		}
		if dist := Distance(lat, lon, c.Lat, c.Lon); dist < bestKm {
			best, bestKm = i, dist
		}
	}
	if best < 0 {
		return Gemeinde{}, 0, false
	}
	return d.all[best], bestKm, true
}

// Nearest returns the municipality whose centre is nearest to lat/lon,
// within the Land state when not empty.
func (d *Directory) Nearest(lat, lon float64, state string) (g Gemeinde, km float64, ok bool) {
	best := -1
	km = math.Inf(1)
	for i := range d.all {
		c := &d.all[i]
		if math.Abs(c.Lat-lat) > 0.5 || math.Abs(c.Lon-lon) > 0.8 || (state != "" && c.State != state) {
			continue
		}
		if dist := Distance(lat, lon, c.Lat, c.Lon); dist < km {
			best, km = i, dist
		}
	}
	if best < 0 {
		return Gemeinde{}, 0, false
	}
	return d.all[best], km, true
}

// PartOfUnique returns the one municipality of Germany (of the Land state
// when not empty) whose name has name as one of its hyphenated parts
// ("Wolfen": Bitterfeld-Wolfen); ok is false when none or several do.
func (d *Directory) PartOfUnique(name, state string) (Gemeinde, bool) {
	q := canon(foldStrip(name))
	if q == "" {
		return Gemeinde{}, false
	}
	found := -1
	for i := range d.all {
		c := &d.all[i]
		if state != "" && c.State != state {
			continue
		}
		if !hasNamePart(c.NamePlain, q) {
			continue
		}
		if found >= 0 {
			return Gemeinde{}, false
		}
		found = i
	}
	if found < 0 {
		return Gemeinde{}, false
	}
	return d.all[found], true
}
