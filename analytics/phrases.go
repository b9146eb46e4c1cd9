package analytics

import (
	"strconv"
	"strings"

	"github.com/citygraph/citygraph/graph/gazetteer"
)

// Languages the partner finder's sentences (Candidate.Reason,
// Recommendation.Why, Alternative.Dropped) are written in, for
// RecommendOptions.Lang.
const (
	LangEnglish = "en"
	LangGerman  = "de"
)

// phrases are the partner finder's words in one language: the parts of a
// candidate's reason, of an empty answer's explanation and of the filters
// an alternative leaves out. Format verbs as in fmt.
type phrases struct {
	and, more                           string // "A and B", "and 2 more"
	thousands                           byte   // digit group separator
	alreadyPartners, formerPartner      string
	partnerOfPartner, partnerOfPartners string // + names
	bothIn, worksOn, bothWorkOn         string // + names
	countryShare                        string // country, percent, label
	similarSize                         string // two populations
	kmAway                              string // km
	sharesNothing                       string // city
	nearYourPartner                     string // partner, km
	neighboursPartner                   string // neighbour, km
	nearNeighboursPartner               string // partner, km, neighbour, km
	neighboursAround                    string // count, km
	noPosition                          string // city
	nothingShared                       string // filters, city
	anywhere, in, ofSize, workingOn     string
	workingOnAll, or                    string
	dropTopics, dropPopulation          string
	dropLand, dropCountries, dropWhere  string // + value (dropWhere: where)
	where                               map[string]string
}

var english = phrases{
	and: "and", more: "more", thousands: ',',
	alreadyPartners: "already partners", formerPartner: "former partner",
	partnerOfPartner: "partner of your partner ", partnerOfPartners: "partner of your partners ",
	bothIn: "both in ", worksOn: "works on ", bothWorkOn: "both work on ",
	countryShare:    "%s has %d%% of %s's partners",
	similarSize:     "similar size (%s and %s inhabitants)",
	kmAway:          "%s km away",
	sharesNothing:   "shares nothing with %s",
	nearYourPartner: "near your partner %s (%s)", neighboursPartner: "partner of your neighbour %s (%s)",
	nearNeighboursPartner: "near %s (%s), partner of your neighbour %s (%s)",
	neighboursAround:      "; %d of your neighbours have partners within %g km of it",
	noPosition:            "%s has no links, no networks and no position: nothing to go on",
	nothingShared:         "no place %s shares a partner, a neighbour's partner nearby, a network or a topic with %s",
	anywhere:              "anywhere", in: "in ", ofSize: "of the size asked for", workingOn: "working on ",
	workingOnAll: "working on all of ", or: " or ",
	dropTopics: "topics ", dropPopulation: "population bounds", dropLand: "Land ", dropCountries: "countries ", dropWhere: "%s only",
	where: map[string]string{WhereAbroad: "abroad", WhereDomestic: "domestic"},
}

var german = phrases{
	and: "und", more: "weitere", thousands: '.',
	alreadyPartners: "schon Partner", formerPartner: "früherer Partner",
	partnerOfPartner: "Partner Ihres Partners ", partnerOfPartners: "Partner Ihrer Partner ",
	bothIn: "beide in ", worksOn: "arbeitet zu ", bothWorkOn: "beide arbeiten zu ",
	countryShare:    "%s hat %d %% der Partner von %s",
	similarSize:     "ähnliche Größe (%s und %s Einwohner)",
	kmAway:          "%s km entfernt",
	sharesNothing:   "teilt nichts mit %s",
	nearYourPartner: "nahe Ihrem Partner %s (%s)", neighboursPartner: "Partner Ihres Nachbarn %s (%s)",
	nearNeighboursPartner: "nahe %s (%s), Partner Ihres Nachbarn %s (%s)",
	neighboursAround:      "; %d Ihrer Nachbarn haben Partner im Umkreis von %g km",
	noPosition:            "%s hat keine Verbindungen, keine Netzwerke und keine Lage: nichts, woran sich anknüpfen ließe",
	nothingShared:         "kein Ort %s teilt einen Partner, den Partner eines Nachbarn in der Nähe, ein Netzwerk oder ein Thema mit %s",
	anywhere:              "irgendwo", in: "in ", ofSize: "der gewünschten Größe", workingOn: "mit dem Thema ",
	workingOnAll: "mit allen Themen ", or: " oder ",
	dropTopics: "Themen ", dropPopulation: "Größengrenzen", dropLand: "Land ", dropCountries: "Länder ", dropWhere: "nur %s",
	where: map[string]string{WhereAbroad: "im Ausland", WhereDomestic: "im Inland"},
}

// phrasesFor returns the words of lang (English unless "de").
func phrasesFor(lang string) *phrases {
	if lang == LangGerman {
		return &german
	}
	return &english
}

// number writes n with the language's digit groups ("311,831", "311.831").
func (w *phrases) number(n int) string {
	s := gazetteer.Thousands(n)
	if w.thousands == ',' {
		return s
	}
	return strings.ReplaceAll(s, ",", string(w.thousands))
}

// whereName names a Where value in the language.
func (w *phrases) whereName(where string) string {
	if s, ok := w.where[where]; ok {
		return s
	}
	return where
}

// joinNames joins names as "A", "A and B", "A, B and C" or, beyond limit,
// "A, B, C and 2 more" (German: "und", "weitere").
func (w *phrases) joinNames(names []string, limit int) string {
	switch n := len(names); {
	case n == 1:
		return names[0]
	case n <= limit:
		return strings.Join(names[:n-1], ", ") + " " + w.and + " " + names[n-1]
	default:
		return strings.Join(names[:limit], ", ") + " " + w.and + " " + strconv.Itoa(n-limit) + " " + w.more
	}
}
