package gazetteer

import (
	"bytes"
	"cmp"
	_ "embed" // the world gazetteer
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"io"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/zstd"
	"golang.org/x/text/unicode/norm"
)

//go:generate sh genworld.sh

//go:embed data/world.bin.zst
var worldZst []byte

// WorldAttribution is the credit GeoNames' licence (CC BY 4.0) asks for.
const WorldAttribution = "GeoNames (geonames.org), CC BY 4.0"

// WorldKeyBlock is how many search keys share one front-coded block of the
// world gazetteer's index.
const WorldKeyBlock = 32

// World is the world gazetteer: every GeoNames place with 500 or more
// inhabitants (about 235,000), with its names in every language and script
// GeoNames knows, coordinates, population and admin1 region, embedded in
// the binary and built by genworld.go. LoadWorld decompresses it and
// decodes the columns; the name index is stored sorted and front-coded, so
// it is searched in place and nothing is folded or hashed at load.
//
// A World is not changed after LoadWorld and is safe for concurrent use.
type World struct {
	regions   []Region
	regionKey map[string][]int32 // name keys of regions -> regions

	geonameID []uint32
	lat, lon  []int32 // 1e-5 degrees
	pop       []uint32
	region    []uint16 // index into regions
	strStart  []uint32 // per place: where its string begins in strs
	strEnd    []uint32 // and where it ends
	strs      []byte   // per place: id NUL ags (NUL name)+

	nKeys  int
	blocks []uint32 // start of each key block in keys
	keys   []byte

	idOnce sync.Once
	idSeed maphash.Seed
	byID   []idHash // a hash of each place's id, sorted by hash and place (no pointers for the GC to scan)
}

// idHash is a hash of a place's id and the place.
type idHash struct {
	h uint64
	i int32
}

// Region is a first-level division of a country (GeoNames admin1: a US
// state, a Canadian province, a Ukrainian oblast, England or Northern
// Ireland).
type Region struct {
	Country string // ISO 3166-1 alpha-2
	Code    string // GeoNames admin1 code: "OH", "NIR", "12"
	Name    string // English name as GeoNames gives it: "Ohio", "Northern Ireland", "Kyiv City"
}

// WorldPlace is one place of the world gazetteer.
type WorldPlace struct {
	Index      int32   // position in the World, for Names and Matches
	GeoNameID  int64   // GeoNames id
	ID         string  // citygraph id: "UA:kyiv", "US:cleveland", "US:cleveland~tennessee"
	Name       string  // GeoNames' main name: "Kyiv"
	Country    string  // ISO 3166-1 alpha-2
	Region     Region  // admin1
	Lat, Lon   float64 // WGS84
	Population int
	AGS        string // for a German place: the Destatis municipality it was linked to
}

// regionAliases are further names of regions, as the country cell or a
// qualifier gives them.
var regionAliases = [][3]string{ // country, admin1 code, alias
	{"CA", "01", "AB"}, {"CA", "02", "BC"}, {"CA", "03", "MB"}, {"CA", "04", "NB"},
	{"CA", "05", "NL"}, {"CA", "07", "NS"}, {"CA", "08", "ON"}, {"CA", "09", "PE"},
	{"CA", "10", "QC"}, {"CA", "11", "SK"}, {"CA", "12", "YT"}, {"CA", "13", "NT"},
	{"CA", "14", "NU"}, {"CA", "10", "Québec"}, {"CA", "05", "Newfoundland"},
	{"GB", "NIR", "Nordirland"}, {"GB", "SCT", "Schottland"}, {"GB", "ENG", "England"},
	{"GB", "WLS", "Wales"}, {"GB", "WLS", "Cymru"},
}

// worldSize is the size of the world gazetteer decompressed, so that
// LoadWorld allocates it once and no more (TestWorldSize checks it; a
// wrong size costs memory, not correctness).
const worldSize = 34430606

// LoadWorld decompresses and opens the embedded world gazetteer (about 35
// MB in memory).
func LoadWorld() (*World, error) {
	zr, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1), zstd.WithDecoderMaxWindow(64<<20))
	if err != nil {
		return nil, fmt.Errorf("load world gazetteer: %w", err)
	}
	defer zr.Close()
	buf, err := zr.DecodeAll(worldZst, make([]byte, 0, worldSize))
	if err != nil {
		return nil, fmt.Errorf("load world gazetteer: %w", err)
	}
	releasePages(worldZst)
	w, err := openWorld(buf)
	if err != nil {
		return nil, fmt.Errorf("load world gazetteer: %w", err)
	}
	return w, nil
}

// reader reads the varint layout of genworld.go.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uv() uint64 {
	v, k := binary.Uvarint(r.b)
	if k <= 0 {
		r.err = io.ErrUnexpectedEOF
		r.b = nil
		return 0
	}
	r.b = r.b[k:]
	return v
}

func (r *reader) sv() int64 {
	v, k := binary.Varint(r.b)
	if k <= 0 {
		r.err = io.ErrUnexpectedEOF
		r.b = nil
		return 0
	}
	r.b = r.b[k:]
	return v
}

func (r *reader) bytes() []byte {
	n := r.uv()
	if r.err != nil || uint64(len(r.b)) < n {
		r.err = io.ErrUnexpectedEOF
		return nil
	}
	v := r.b[:n:n]
	r.b = r.b[n:]
	return v
}

func openWorld(b []byte) (*World, error) {
	if !bytes.HasPrefix(b, []byte("CGW2")) {
		return nil, fmt.Errorf("not a world gazetteer")
	}
	r := &reader{b: b[4:]}
	w := &World{}
	nr := int(r.uv())
	for i := 0; i < nr && r.err == nil; i++ {
		w.regions = append(w.regions, Region{Country: string(r.bytes()), Code: string(r.bytes()), Name: string(r.bytes())})
	}
	n := int(r.uv())
	if r.err != nil || n > len(r.b) {
		return nil, io.ErrUnexpectedEOF
	}
	w.geonameID = make([]uint32, n)
	for i, prev := 0, uint32(0); i < n; i++ {
		prev += uint32(r.uv())
		w.geonameID[i] = prev
	}
	w.lat, w.lon = make([]int32, n), make([]int32, n)
	for _, col := range [][]int32{w.lat, w.lon} {
		for i, prev := 0, int32(0); i < n; i++ {
			prev += int32(r.sv())
			col[i] = prev
		}
	}
	w.pop, w.region = make([]uint32, n), make([]uint16, n)
	for i := range w.pop {
		w.pop[i] = uint32(r.uv())
	}
	for i := range w.region {
		w.region[i] = uint16(r.uv())
		if int(w.region[i]) >= len(w.regions) {
			return nil, fmt.Errorf("place %d: region out of range", i)
		}
	}
	w.strStart, w.strEnd = make([]uint32, n), make([]uint32, n)
	start := len(b) - len(r.b)
	for i := 0; i < n; i++ {
		l := r.uv()
		if r.err != nil || uint64(len(r.b)) < l {
			return nil, io.ErrUnexpectedEOF
		}
		w.strStart[i] = uint32(len(b) - len(r.b) - start)
		r.b = r.b[l:]
		w.strEnd[i] = uint32(len(b) - len(r.b) - start)
	}
	w.strs = b[start : len(b)-len(r.b)]
	w.nKeys = int(r.uv())
	nb := int(r.uv())
	w.blocks = make([]uint32, nb)
	for i, prev := 0, uint32(0); i < nb; i++ {
		prev += uint32(r.uv())
		w.blocks[i] = prev
	}
	w.keys = r.bytes()
	if r.err != nil {
		return nil, r.err
	}
	w.indexRegions()
	return w, nil
}

func (w *World) indexRegions() {
	w.regionKey = make(map[string][]int32, 3*len(w.regions))
	add := func(name string, i int32) {
		for _, k := range NameKeys(name) {
			if !slices.Contains(w.regionKey[k], i) {
				w.regionKey[k] = append(w.regionKey[k], i)
			}
		}
	}
	for i, r := range w.regions {
		add(r.Name, int32(i))
		if r.Country == "US" {
			add(r.Code, int32(i)) // OH, GA
		}
	}
	for _, a := range regionAliases {
		if i, ok := w.regionIndex(a[0], a[1]); ok {
			add(a[2], i)
		}
	}
}

func (w *World) regionIndex(country, code string) (int32, bool) {
	i, ok := slices.BinarySearchFunc(w.regions, country+"."+code, func(r Region, k string) int {
		return strings.Compare(r.Country+"."+r.Code, k)
	})
	return int32(i), ok
}

// Len returns the number of places.
func (w *World) Len() int { return len(w.pop) }

func (w *World) str(i int32) []byte { return w.strs[w.strStart[i]:w.strEnd[i]] }

// Place returns the place with index i (0 <= i < Len()).
func (w *World) Place(i int32) WorldPlace {
	id, rest, _ := bytes.Cut(w.str(i), []byte{0})
	ags, rest, _ := bytes.Cut(rest, []byte{0})
	name, _, _ := bytes.Cut(rest, []byte{0})
	r := w.regions[w.region[i]]
	return WorldPlace{
		Index:      i,
		GeoNameID:  int64(w.geonameID[i]),
		ID:         string(id),
		Name:       string(name),
		Country:    r.Country,
		Region:     r,
		Lat:        float64(w.lat[i]) / 1e5,
		Lon:        float64(w.lon[i]) / 1e5,
		Population: int(w.pop[i]),
		AGS:        string(ags),
	}
}

// Names returns every name of place i, its main name first.
func (w *World) Names(i int32) []string {
	return strings.Split(string(w.str(i)), "\x00")[2:]
}

// Population returns the population of place i without decoding the rest.
func (w *World) Population(i int32) int { return int(w.pop[i]) }

// Country returns the country of place i without decoding the rest.
func (w *World) Country(i int32) string { return w.regions[w.region[i]].Country }

// Coords returns the coordinates of place i.
func (w *World) Coords(i int32) (lat, lon float64) {
	return float64(w.lat[i]) / 1e5, float64(w.lon[i]) / 1e5
}

// Search returns the places with a name that shares a search key
// (NameKeys) with name, in index order.
func (w *World) Search(name string) []int32 {
	var out []int32
	for _, k := range NameKeys(name) {
		out = w.appendPostings(out, k)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// blockFirst returns the first key of block bi.
func (w *World) blockFirst(bi int) []byte {
	r := reader{b: w.keys[w.blocks[bi]:]}
	r.uv() // shared: 0
	n := r.uv()
	if r.err != nil || uint64(len(r.b)) < n {
		return nil
	}
	return r.b[:n]
}

// appendPostings appends the places of key k to out.
func (w *World) appendPostings(out []int32, k string) []int32 {
	kb := []byte(k)
	// The last block whose first key is <= k.
	bi := sort.Search(len(w.blocks), func(i int) bool { return bytes.Compare(w.blockFirst(i), kb) > 0 }) - 1
	if bi < 0 {
		return out
	}
	r := reader{b: w.keys[w.blocks[bi]:]}
	var cur []byte
	for j := 0; j < WorldKeyBlock && bi*WorldKeyBlock+j < w.nKeys; j++ {
		shared := int(r.uv())
		n := r.uv()
		if r.err != nil || shared > len(cur) || uint64(len(r.b)) < n {
			return out
		}
		cur = append(cur[:shared], r.b[:n]...)
		r.b = r.b[n:]
		cnt := int(r.uv())
		c := bytes.Compare(cur, kb)
		if c > 0 {
			return out
		}
		p := uint64(0)
		for range cnt {
			p += r.uv()
			if c == 0 {
				out = append(out, int32(p))
			}
		}
		if c == 0 {
			return out
		}
	}
	return out
}

// Match says how well a name matches a place: MatchExact when one of the
// place's names is spelt as given (case aside), MatchFolded when only the
// search keys agree, MatchNone otherwise. Main tells whether the main name
// matched.
func (w *World) Match(i int32, name string) (m MatchQuality, main bool) {
	q := norm.NFC.String(strings.TrimSpace(name))
	keys := NameKeys(q)
	for j, n := range w.Names(i) {
		if m == MatchExact {
			break // no later name does better (main is the first name's)
		}
		var got MatchQuality
		switch {
		case strings.EqualFold(norm.NFC.String(n), q):
			got = MatchExact
		case m < MatchFolded && sharesKey(NameKeys(n), keys):
			got = MatchFolded
		}
		if got > m || (got == m && got != MatchNone && j == 0) {
			m, main = got, j == 0
		}
	}
	return m, main
}

func sharesKey(a, b []string) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// ByGeoNameID returns the index of the place with a GeoNames id.
func (w *World) ByGeoNameID(id int64) (int32, bool) {
	i, ok := slices.BinarySearch(w.geonameID, uint32(id))
	if !ok || id <= 0 || id > math.MaxUint32 {
		return -1, false
	}
	return int32(i), true
}

// ByID returns the index of the place with a citygraph id ("UA:kyiv"),
// the last one if several share it. The first call hashes the ids (16
// bytes a place, sorted, where a map took about 40).
func (w *World) ByID(id string) (int32, bool) {
	w.idOnce.Do(func() {
		w.idSeed = maphash.MakeSeed()
		w.byID = make([]idHash, w.Len())
		for i := range int32(w.Len()) {
			w.byID[i] = idHash{maphash.Bytes(w.idSeed, w.placeID(i)), i}
		}
		slices.SortFunc(w.byID, func(a, b idHash) int {
			if a.h != b.h {
				return cmp.Compare(a.h, b.h)
			}
			return cmp.Compare(a.i, b.i)
		})
	})
	h := maphash.String(w.idSeed, id)
	k, _ := slices.BinarySearchFunc(w.byID, h, func(e idHash, h uint64) int { return cmp.Compare(e.h, h) })
	found, at := false, int32(0)
	for ; k < len(w.byID) && w.byID[k].h == h; k++ {
		if i := w.byID[k].i; string(w.placeID(i)) == id {
			found, at = true, i // the last place with the id
		}
	}
	return at, found
}

// placeID returns the id of place i without decoding the rest.
func (w *World) placeID(i int32) []byte {
	id, _, _ := bytes.Cut(w.str(i), []byte{0})
	return id
}

// Regions returns the regions a name or code means ("Ohio", "OH",
// "Northern Ireland", "Québec"), within country when it is not empty.
func (w *World) Regions(name, country string) []Region {
	var out []Region
	for _, k := range NameKeys(name) {
		for _, i := range w.regionKey[k] {
			r := w.regions[i]
			if (country == "" || r.Country == country) && !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
	}
	return out
}

// InRegion reports whether place i lies in region r.
func (w *World) InRegion(i int32, r Region) bool { return w.regions[w.region[i]] == r }

// String describes a place for messages: "Kyiv (UA, Kyiv City, pop. 2,952,301)".
func (p WorldPlace) String() string {
	var b strings.Builder
	b.WriteString(p.Name)
	b.WriteString(" (")
	b.WriteString(p.Country)
	if p.Region.Name != "" {
		b.WriteString(", ")
		b.WriteString(p.Region.Name)
	}
	if p.Population > 0 {
		b.WriteString(", pop. ")
		b.WriteString(Thousands(p.Population))
	}
	b.WriteString(")")
	return b.String()
}

// Thousands writes n with commas between groups of three digits.
func Thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + Thousands(-n)
	}
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}
