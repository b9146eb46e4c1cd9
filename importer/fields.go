package importer

import (
	"fmt"
	"maps"
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
	fWikidata
	fPartnerWikidata
	fWikidataA
	fWikidataB
	fAlias
	fSameAs
	fAsOf
	fWhat
	fPopulationA
	fPopulationB
	fActor
	fActorA
	fActorB
	nFields
)

// fieldNames returns the names of the fields, as --map keys.
func fieldNames() [nFields]string {
	return [nFields]string{
		"municipality", "state", "partner", "partner_state", "country", "kind", "since", "until", "topics",
		"source", "status", "network", "organisation", "role", "topic", "partnerships", "lat", "lon",
		"city_a", "country_a", "state_a", "lat_a", "lon_a", "city_b", "country_b", "state_b", "lat_b", "lon_b",
		"wikidata", "partner_wikidata", "wikidata_a", "wikidata_b", "alias", "same_as",
		"as_of", "what", "population_a", "population_b", "actor", "actor_a", "actor_b",
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
	case "asof", "stand", "stichtag", "datum", "date", "jahr", "year", "asat", "zeitpunkt":
		return fAsOf, true
	case "whatiscounted", "gezaehlt", "waswirdgezaehlt", "counted", "zaehlung":
		return fWhat, true
	case "wikidata", "qid", "wikidataid", "wikidataqid":
		return fWikidata, true
	case "partnerwikidata", "partnerqid":
		return fPartnerWikidata, true
	case "wikidataa", "qida", "originqid", "originwikidata":
		return fWikidataA, true
	case "wikidatab", "qidb", "destinationqid", "destinationwikidata", "sistercityqid":
		return fWikidataB, true
	case "alias", "id", "aliasid", "mergedid", "duplicate":
		return fAlias, true
	case "sameas", "aliasof", "keep", "keptid", "canonical", "canonicalid":
		return fSameAs, true
	case "actor", "akteur", "akteurin", "actorname", "akteursname", "mitglied", "partnerorganisation":
		return fActor, true
	case "actora", "akteura", "organisationa", "organizationa", "orga":
		return fActorA, true
	case "actorb", "akteurb", "organisationb", "organizationb", "orgb":
		return fActorB, true
	case "populationa", "originpopulation", "einwohnera":
		return fPopulationA, true
	case "populationb", "destinationpopulation", "einwohnerb":
		return fPopulationB, true
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

// headerProblem is a problem with the header: cell is the index of the
// cell it concerns, or -1.
type headerProblem struct {
	cell int
	msg  string
}

// layoutOf is how a header maps to fields: the column of each field, and
// the further columns whose names mean a field that already has one.
type layoutOf struct {
	cols  columns
	other [nFields][]int
}

// mapHeader maps the header's cells to fields by their names, then applies
// the --map options, which win. A name given twice is a problem; two
// names for one field are a problem only if the kind of file reads that
// field (see doubled).
func mapHeader(header []string, m map[string]string) (layoutOf, []headerProblem) {
	var l layoutOf
	for i := range l.cols {
		l.cols[i] = absent
	}
	probs := duplicateNames(header)
	mapped, mapProbs := applyMap(header, m)
	for i, h := range header {
		f, ok := synonym(headerKey(h))
		if !ok || mapped[f] >= 0 {
			continue
		}
		switch cur := l.cols[f]; {
		case cur < 0:
			l.cols[f] = i
		case f == fState && strings.Contains(headerKey(h), "code") && !strings.Contains(headerKey(header[cur]), "code"):
			l.cols[f] = i // state_code beats state: the name column is left unread
		case f == fState && strings.Contains(headerKey(header[cur]), "code"):
		case headerKey(header[cur]) != headerKey(h):
			l.other[f] = append(l.other[f], i)
		}
	}
	for f, i := range mapped {
		if i >= 0 {
			l.cols[f] = i
		}
	}
	return l, append(probs, mapProbs...)
}

// duplicateNames finds header cells that repeat the name of an earlier one.
func duplicateNames(header []string) []headerProblem {
	var probs []headerProblem
	seen := map[string]int{}
	for i, h := range header {
		if h == "" {
			continue
		}
		k := headerKey(h)
		if j, ok := seen[k]; ok {
			probs = append(probs, headerProblem{cell: i, msg: fmt.Sprintf("column %d is named %q like column %d: rename one of them", i+1, h, j+1)})
			continue
		}
		seen[k] = i
	}
	return probs
}

// applyMap reads the --map options: the column each maps a field to
// (absent where it maps none), and the problems.
func applyMap(header []string, m map[string]string) (columns, []headerProblem) {
	var mapped columns
	for i := range mapped {
		mapped[i] = absent
	}
	var probs []headerProblem
	for _, k := range slices.Sorted(maps.Keys(m)) {
		col := strings.TrimSpace(m[k])
		f, ok := fieldByName(k)
		if !ok {
			probs = append(probs, headerProblem{-1, fmt.Sprintf("--map %s=%s: unknown field %q (want one of %s)", k, col, k, strings.Join(Fields(), ", "))})
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
			probs = append(probs, headerProblem{-1, fmt.Sprintf("--map %s=%s: the header has no column %q", k, col, col)})
			continue
		}
		mapped[f] = idx
	}
	return mapped, probs
}

// doubled finds the fields a kind of file reads that two columns name.
func doubled(header []string, l layoutOf, kind Kind) []headerProblem {
	var probs []headerProblem
	for _, f := range reads(kind) {
		for _, i := range l.other[f] {
			first := l.cols[f]
			probs = append(probs, headerProblem{cell: i, msg: fmt.Sprintf("columns %d (%q) and %d (%q) both give the %s: "+
				"drop or rename one, or pick one with --map %s=COLUMN", first+1, header[first], i+1, header[i], f, f)})
		}
	}
	return probs
}

// ignored returns the header cells that no field a kind of file reads
// comes from.
func ignored(header []string, cols columns, kind Kind) []string {
	used := make([]bool, len(header))
	for _, f := range reads(kind) {
		if i := cols[f]; i >= 0 && i < len(used) {
			used[i] = true
		}
	}
	var out []string
	for i, h := range header {
		if !used[i] && h != "" {
			out = append(out, h)
		}
	}
	return out
}

// reads lists the fields a kind of file reads.
func reads(k Kind) []field {
	switch k {
	case KindRGRE:
		return []field{fMunicipality, fState, fPartner, fPartnerState, fCountry, fKind, fSince, fUntil, fTopics, fSource, fStatus,
			fWikidata, fPartnerWikidata}
	case KindPairs:
		return []field{fCityA, fCountryA, fStateA, fLatA, fLonA, fCityB, fCountryB, fStateB, fLatB, fLonB,
			fKind, fSince, fUntil, fTopics, fSource, fStatus, fWikidataA, fWikidataB, fPopulationA, fPopulationB}
	case KindMemberships:
		return []field{fMunicipality, fCountry, fState, fLat, fLon, fNetwork, fSince, fUntil, fRole, fSource, fWikidata}
	case KindOrgLinks:
		return []field{fMunicipality, fCountry, fState, fLat, fLon, fOrganisation, fSince, fTopic, fTopics, fSource, fWikidata}
	case KindCounts:
		return []field{fState, fCount, fSource, fAsOf, fCountry, fWhat}
	case KindAliases:
		return []field{fAlias, fSameAs, fSource}
	case KindActors:
		return []field{fActor, fAlias, fKind, fMunicipality, fCountry, fState, fLat, fLon, fWikidata, fSource}
	case KindCooperations:
		return []field{fActorA, fActorB, fKind, fSince, fTopics, fSource}
	}
	return nil
}

// applySet marks the fields Options.Set fixes and the file lacks, and
// returns their values and the problems with the keys.
func applySet(c *columns, set map[string]string) ([nFields]string, []headerProblem) {
	var vals [nFields]string
	var probs []headerProblem
	for _, k := range slices.Sorted(maps.Keys(set)) {
		f, ok := fieldByName(k)
		if !ok {
			probs = append(probs, headerProblem{-1, fmt.Sprintf("--set %s=%s: unknown field %q (want one of %s)", k, set[k], k, strings.Join(Fields(), ", "))})
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
	case has(fActorA) && has(fActorB):
		return KindCooperations
	case has(fActor):
		return KindActors
	case has(fCityA) && has(fCityB):
		return KindPairs
	case has(fMunicipality) && has(fPartner):
		return KindRGRE
	case has(fMunicipality) && has(fNetwork):
		return KindMemberships
	case has(fMunicipality) && has(fOrganisation):
		return KindOrgLinks
	case (has(fState) || has(fAsOf)) && has(fCount) && !has(fMunicipality) && !has(fPartner):
		return KindCounts
	case has(fAlias) && (has(fSameAs) || has(fMunicipality)) && !has(fCountry):
		return KindAliases
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
	case KindAliases:
		return []field{fAlias, fSameAs}
	case KindActors:
		return []field{fActor}
	case KindCooperations:
		return []field{fActorA, fActorB}
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
	case fAlias, fSameAs:
		return "id;same_as or alias;place"
	case fActor:
		return "actor or Akteur"
	case fActorA, fActorB:
		return "actor_a;actor_b or Akteur A;Akteur B"
	case fCityA, fCountryA, fCityB, fCountryB:
		return "--map " + f.String() + "=COLUMN"
	}
	return f.String()
}
