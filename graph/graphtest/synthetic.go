package graphtest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strconv"

	"github.com/citygraph/citygraph/graph"
)

// SyntheticFile is the file name SyntheticBatch gives as provenance.
const SyntheticFile = "synthetic-pairs.csv"

// stateCode returns the Land of AGS prefix i+1 (0 Schleswig-Holstein ... 15 Thüringen).
func stateCode(i int) string {
	return [...]string{"DE-SH", "DE-HH", "DE-NI", "DE-HB", "DE-NW", "DE-HE", "DE-RP", "DE-BW",
		"DE-BY", "DE-SL", "DE-BE", "DE-BB", "DE-MV", "DE-SN", "DE-ST", "DE-TH"}[i]
}

const nCountries = 30

func country(i int) string {
	return [nCountries]string{"FR", "PL", "UA", "US", "IT", "GB", "ES", "NL", "CZ", "AT", "TR", "IL",
		"JP", "CN", "RU", "BY", "HU", "RO", "SE", "FI", "DK", "BE", "CH", "GR", "PT", "BR", "IN", "NA", "TZ", "GE"}[i]
}

const nTopics = 8

func topic(i int) string {
	return [nTopics]string{"SDG11", "SDG13", "SDG4", "climate", "youth", "culture", "migration", "digitalisation"}[i]
}

// SyntheticBatch returns a batch shaped like an imported pair list with
// nLinks distinct links (after normalisation) among about 2/3·nLinks
// places, the same for the same arguments. Two places in five are German
// (AGS, Land, Kreis, population), the others foreign (30 countries, some
// with a region); degrees are skewed so that a few places are hubs, as in
// real twin-town graphs. Links come in either direction and of every kind,
// with dates of year, month and day precision, some ended, some with
// topics; every link has its own provenance line in SyntheticFile. The
// batch names only the places its links use and carries an Import record
// whose SHA256 depends on both arguments.
func SyntheticBatch(nLinks int, seed int64) *graph.Batch {
	if nLinks < 0 {
		nLinks = 0
	}
	r := rand.New(rand.NewPCG(uint64(seed), 0x9e3779b97f4a7c15))
	nPlaces := nLinks*2/3 + 16
	sum := sha256.Sum256([]byte(fmt.Sprintf("citygraph synthetic pairs %d %d", nLinks, seed)))
	b := &graph.Batch{
		Import:         graph.ImportRecord{File: SyntheticFile, SHA256: hex.EncodeToString(sum[:]), Kind: "pairs", Rows: nLinks},
		Municipalities: make([]graph.Municipality, 0, nPlaces),
		Partnerships:   make([]graph.Partnership, 0, nLinks),
	}
	ids := make(map[int]string, nPlaces)
	place := func(i, line int) string {
		if id, ok := ids[i]; ok {
			return id
		}
		m := syntheticPlace(r, i, line)
		ids[i] = m.ID
		b.Municipalities = append(b.Municipalities, m)
		return m.ID
	}
	seen := make(map[uint64]bool, nLinks)
	for line := 2; len(b.Partnerships) < nLinks; line++ {
		u := r.Float64()
		x := int(float64(nPlaces) * u * u) // skewed: low indexes are hubs
		y := r.IntN(nPlaces)
		if x == y {
			continue
		}
		k := syntheticKind(r)
		lo, hi := min(x, y), max(x, y)
		key := uint64(lo)<<34 | uint64(hi)<<2 | uint64(k)
		if seen[key] {
			continue
		}
		seen[key] = true
		p := graph.Partnership{
			A:       place(x, line),
			B:       place(y, line),
			Kind:    graph.Kinds[k],
			Since:   syntheticDate(r),
			Sources: []graph.Source{{File: SyntheticFile, Line: line}},
		}
		switch v := r.IntN(100); {
		case v < 5:
			p.Until = graph.NewDate(2000+r.IntN(25), 1+r.IntN(12), 0)
			p.Status = graph.StatusEnded
		case v < 7:
			p.Status = graph.StatusPaused
		case v < 60:
			p.Status = graph.StatusActive
		}
		if r.IntN(10) < 3 {
			p.Topics = []string{topic(r.IntN(nTopics))}
			if r.IntN(2) == 0 {
				p.Topics = append(p.Topics, topic(r.IntN(nTopics)))
			}
		}
		if r.IntN(1000) == 0 {
			p.Sources[0].SourceID = "Q" + strconv.Itoa(line)
		}
		b.Partnerships = append(b.Partnerships, p)
	}
	return b
}

func syntheticKind(r *rand.Rand) int {
	switch v := r.IntN(100); {
	case v < 60:
		return 0
	case v < 80:
		return 1
	case v < 92:
		return 2
	}
	return 3
}

func syntheticDate(r *rand.Rand) graph.Date {
	y := 1950 + r.IntN(76)
	switch r.IntN(10) {
	case 0:
		return graph.Date{}
	case 1, 2, 3, 4:
		return graph.NewDate(y, 0, 0)
	case 5, 6:
		return graph.NewDate(y, 1+r.IntN(12), 0)
	}
	return graph.NewDate(y, 1+r.IntN(12), 1+r.IntN(28))
}

func syntheticPlace(r *rand.Rand, i, line int) graph.Municipality {
	src := []graph.Source{{File: SyntheticFile, Line: line}}
	if i%5 < 2 { // German
		land := i % 16
		ags := fmt.Sprintf("%02d%06d", land+1, i/16%1000000)
		m := graph.Municipality{
			ID:         "DE:" + ags,
			Name:       "Gemeinde " + strconv.Itoa(i),
			Country:    "DE",
			AGS:        ags,
			State:      stateCode(land),
			KreisCode:  ags[:5],
			Kreis:      "Kreis " + ags[:5],
			Population: 500 + r.IntN(500000),
			Lat:        47.3 + r.Float64()*7.7,
			Lon:        5.9 + r.Float64()*9.1,
			HasCoords:  true,
			Level:      "Gemeinde",
			Sources:    src,
		}
		if m.Population > 100000 {
			m.Level = "Stadt"
		}
		if r.IntN(10) == 0 {
			m.AltNames = []string{"Gemeinde " + strconv.Itoa(i) + " (Alt)"}
		}
		return m
	}
	c := country(i % nCountries)
	name := "Place " + strconv.Itoa(i)
	m := graph.Municipality{
		ID:      c + ":place-" + strconv.Itoa(i),
		Name:    name,
		Country: c,
		Sources: src,
	}
	if r.IntN(4) == 0 {
		m.Region = "Region " + strconv.Itoa(i%97)
		m.ID += "~region-" + strconv.Itoa(i%97)
	}
	if r.IntN(5) != 0 {
		m.Lat, m.Lon, m.HasCoords = -60+r.Float64()*130, -180+r.Float64()*360, true
	}
	if r.IntN(20) == 0 {
		m.AltNames = []string{"Lieu " + strconv.Itoa(i), "Ort " + strconv.Itoa(i)}
	}
	return m
}
