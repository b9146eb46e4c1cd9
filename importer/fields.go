package importer

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph/gazetteer"
)

// field is a column's meaning.
type field int

const (
	fMunicipality field = iota
	fState
	fPartner
	fPartnerState
	fCountry
	fKind
	fSince
	fUntil
	fTopics
	fSource
	fStatus
	fNetwork
	fOrganisation
	fRole
	fTopic
	fCount
	fLat
	fLon
	fCityA
	fCountryA
	fStateA
	fLatA
	fLonA
	fCityB
	fCountryB
	fStateB
	fLatB
	fLonB
	nFields
)

// fieldNames returns the names of the fields, as --map keys.
func fieldNames() [nFields]string {
	return [nFields]string{
		"municipality", "state", "partner", "partner_state", "country", "kind", "since", "until", "topics",
		"source", "status", "network", "organisation", "role", "topic", "partnerships", "lat", "lon",
		"city_a", "country_a", "state_a", "lat_a", "lon_a", "city_b", "country_b", "state_b", "lat_b", "lon_b",
	}
}

func (f field) String() string { return fieldNames()[f] }

// Fields returns the field names a Map may use, in a stable order.
func Fields() []string { n := fieldNames(); return slices.Clone(n[:]) }

// headerKey normalises a header cell: folded, without spaces, '_' and '-'.
func headerKey(h string) string {
	return strings.ReplaceAll(gazetteer.Fold(h), " ", "")
}

// synonym returns the field a normalised header names, if any.
func synonym(k string) (field, bool) {
	switch k {
	case "kommune", "gemeinde", "municipality", "stadt", "city", "deutschekommune", "germanmunicipality", "ort", "place", "kommunename", "gebietskoerperschaft", "cityname":
		return fMunicipality, true
	case "bundesland", "state", "statecode", "bl", "stateiso":
		return fState, true
	case "partnerkommune", "partner", "partnerstadt", "partnercity", "partnermunicipality", "partnergemeinde", "partnerort", "partnerregion", "twin", "twincity":
		return fPartner, true
	case "partnerbundesland", "partnerstate":
		return fPartnerState, true
	case "land", "country", "staat", "partnerland", "partnercountry", "countrycode", "countryname", "landdespartners":
		return fCountry, true
	case "art", "kind", "typ", "type", "partnerschaftsart", "artderpartnerschaft", "kindofpartnership", "linktype":
		return fKind, true
	case "seit", "since", "beginn", "start", "from", "von", "gegruendet", "begruendet", "dateofadhesioniso", "joined", "beitritt":
		return fSince, true
	case "bis", "until", "ende", "end", "to", "beendet":
		return fUntil, true
	case "themen", "topics", "thema", "tags", "schwerpunkte", "sdgs", "sdg":
		return fTopics, true
	case "quelle", "source", "quellen", "url", "sourceid":
		return fSource, true
	case "status", "zustand":
		return fStatus, true
	case "netzwerk", "network", "staedtenetzwerk", "citynetwork", "networkname":
		return fNetwork, true
	case "organisation", "organization", "io", "ingo", "internationaleorganisation", "internationalorganisation":
		return fOrganisation, true
	case "rolle", "role", "funktion":
		return fRole, true
	case "topic", "bereich", "handlungsfeld":
		return fTopic, true
	case "partnerships", "count", "anzahl", "partnerschaften", "stpglobalinsg", "staedtepartnerschaften", "links", "number":
		return fCount, true
	case "lat", "latitude", "breite", "breitengrad", "organisationlatitude":
		return fLat, true
	case "lon", "lng", "long", "longitude", "laenge", "laengengrad", "organisationlongitude":
		return fLon, true
	case "citya", "origincitylabel", "origincity", "origin", "stadta", "orta", "placea", "municipalitya", "kommunea":
		return fCityA, true
	case "countrya", "origincountry", "origincountrylabel", "landa":
		return fCountryA, true
	case "statea", "bundeslanda":
		return fStateA, true
	case "lata", "originlat", "latitudea":
		return fLatA, true
	case "lona", "originlong", "originlon", "originlng", "longitudea", "lnga":
		return fLonA, true
	case "cityb", "sistercitylabel", "sistercity", "destinationcity", "stadtb", "ortb", "placeb", "municipalityb", "kommuneb", "targetcity":
		return fCityB, true
	case "countryb", "destinationcountrylabel", "destinationcountry", "landb":
		return fCountryB, true
	case "stateb", "bundeslandb":
		return fStateB, true
	case "latb", "destinationlat", "latitudeb":
		return fLatB, true
	case "lonb", "destinationlong", "destinationlon", "destinationlng", "longitudeb", "lngb":
		return fLonB, true
	}
	return 0, false
}

// fieldByName returns the field of a --map key.
func fieldByName(name string) (field, bool) {
	k := strings.ToLower(strings.TrimSpace(name))
	k = strings.ReplaceAll(k, "-", "_")
	if k == "organization" {
		k = "organisation"
	}
	for f, n := range fieldNames() {
		if n == k {
			return field(f), true
		}
	}
	return 0, false
}

// columns maps fields to column indexes: absent (-1), or fixed by
// Options.Set (fixed).
type columns [nFields]int

const (
	absent = -1
	fixed  = -2
)

// mapHeader maps the header's cells to fields by their names, then applies
// the --map options. It returns problems with the map.
func mapHeader(header []string, m map[string]string) (columns, []string) {
	var c columns
	for i := range c {
		c[i] = absent
	}
	for i, h := range header {
		f, ok := synonym(headerKey(h))
		if !ok {
			continue
		}
		switch {
		case c[f] < 0:
			c[f] = i
		case f == fState && strings.Contains(headerKey(h), "code"):
			c[f] = i // state_code beats state
		}
	}
	var probs []string
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		col := strings.TrimSpace(m[k])
		f, ok := fieldByName(k)
		if !ok {
			probs = append(probs, fmt.Sprintf("--map %s=%s: unknown field %q (want one of %s)", k, col, k, strings.Join(Fields(), ", ")))
			continue
		}
		idx := -1
		for i, h := range header {
			if strings.EqualFold(strings.TrimSpace(h), col) {
				idx = i
				break
			}
		}
		if idx < 0 {
			if n, err := strconv.Atoi(col); err == nil && n >= 1 && n <= len(header) {
				idx = n - 1
			}
		}
		if idx < 0 {
			probs = append(probs, fmt.Sprintf("--map %s=%s: the header has no column %q", k, col, col))
			continue
		}
		c[f] = idx
	}
	return c, probs
}

// applySet marks the fields Options.Set fixes and the file lacks, and
// returns their values and the problems with the keys.
func applySet(c *columns, set map[string]string) ([nFields]string, []string) {
	var vals [nFields]string
	var probs []string
	keys := make([]string, 0, len(set))
	for k := range set {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		f, ok := fieldByName(k)
		if !ok {
			probs = append(probs, fmt.Sprintf("--set %s=%s: unknown field %q (want one of %s)", k, set[k], k, strings.Join(Fields(), ", ")))
			continue
		}
		vals[f] = strings.TrimSpace(set[k])
		if c[f] == absent {
			c[f] = fixed
		}
	}
	return vals, probs
}

// detect tells the kind of file from its mapped columns.
func detect(c columns) Kind {
	has := func(f field) bool { return c[f] != absent }
	switch {
	case has(fCityA) && has(fCityB):
		return KindPairs
	case has(fMunicipality) && has(fPartner):
		return KindRGRE
	case has(fMunicipality) && has(fNetwork):
		return KindMemberships
	case has(fMunicipality) && has(fOrganisation):
		return KindOrgLinks
	case has(fState) && has(fCount) && !has(fMunicipality):
		return KindCounts
	// Near misses: take the likely kind, so that the missing column is named.
	case has(fCityA) || has(fCityB):
		return KindPairs
	case has(fPartner) || has(fMunicipality) && has(fCountry) && !has(fNetwork) && !has(fOrganisation):
		return KindRGRE
	}
	return KindAuto
}

// required lists the fields a kind cannot do without.
func required(k Kind) []field {
	switch k {
	case KindRGRE:
		return []field{fMunicipality, fPartner, fCountry}
	case KindPairs:
		return []field{fCityA, fCountryA, fCityB, fCountryB}
	case KindMemberships:
		return []field{fMunicipality, fNetwork}
	case KindOrgLinks:
		return []field{fMunicipality, fOrganisation}
	case KindCounts:
		return []field{fState, fCount}
	}
	return nil
}

// headerHint names the headers that map to a field, for messages.
func headerHint(f field) string {
	switch f {
	case fMunicipality:
		return "Kommune or municipality"
	case fPartner:
		return "Partnerkommune or partner"
	case fCountry:
		return "Land or country"
	case fState:
		return "Bundesland or state"
	case fNetwork:
		return "Netzwerk or network"
	case fOrganisation:
		return "Organisation or organisation"
	case fCount:
		return "partnerships or Anzahl"
	case fCityA, fCountryA, fCityB, fCountryB:
		return "--map " + f.String() + "=COLUMN"
	}
	return f.String()
}
