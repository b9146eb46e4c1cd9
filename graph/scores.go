package graph

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strings"
	"time"
)

// ScoreSet is the result of one analysis, written onto the places of a
// store under one property name so that people can query it beside the
// graph: in Neo4j as a node property (m.betweenness), in the embedded store
// as rows of the place_score table.
type ScoreSet struct {
	// Property is the name the values are stored under: a letter, then
	// letters, digits or underscores, at most 64 characters, and none of
	// the place's own properties (see ReservedPlaceProperties).
	Property string `json:"property"`
	// Metric is what was computed: betweenness, pagerank, louvain, kcore, ...
	Metric string `json:"metric"`
	// Params are the parameters of the computation as a JSON object
	// (scope, seed, damping, ...); "" is {}.
	Params string `json:"params"`
	// DataVersion is the store version the scores were computed on.
	DataVersion int64 `json:"dataVersion"`
	// Software names the program that computed them (version and revision).
	Software string `json:"software,omitempty"`
	// Integer says the values are whole numbers (community ids, core
	// numbers); stores keep them as integers.
	Integer bool `json:"integer,omitempty"`
	// Scores holds one value per place; places not listed get none.
	Scores []Score `json:"scores"`
}

// Score is one place's value in a ScoreSet.
type Score struct {
	Place string  `json:"place"` // municipality id
	Value float64 `json:"value"`
}

// ScoreInfo describes a stored score set, without its values.
type ScoreInfo struct {
	Property    string    `json:"property"`
	Metric      string    `json:"metric"`
	Params      string    `json:"params"`
	DataVersion int64     `json:"dataVersion"`
	Software    string    `json:"software,omitempty"`
	Integer     bool      `json:"integer,omitempty"`
	Places      int       `json:"places"`    // places holding a value
	WrittenAt   time.Time `json:"writtenAt"` // when the last write began
	// Complete is false while a write is under way, or after one was
	// interrupted (writing the same set again completes it).
	Complete bool `json:"complete"`
}

// ScoreStore is a Store that keeps analysis results on its places. Score
// sets are not part of the graph: writing or removing them does not change
// the store's Version, and Snapshot does not return them. Both stores pass
// the same contract (graphtest.RunScores).
type ScoreStore interface {
	Store

	// WriteScores stores s: afterwards every place of s holds its value
	// under s.Property, every other place holds none, and the set's
	// description (metric, parameters, data version, software) is
	// recorded. Writing the same set again changes nothing; a new write
	// under the same property replaces the old one. Errors: EINVALID for
	// a set that ScoreSet.Validate rejects or that names places the store
	// does not hold (nothing is written), ECONFLICT for a property that
	// the places already hold as data of their own (Neo4j).
	WriteScores(ctx context.Context, s *ScoreSet) (ScoreInfo, error)

	// RemoveScores removes the property from every place and forgets the
	// set; it returns how many places held it. Errors: ENOTFOUND when no
	// set has that property.
	RemoveScores(ctx context.Context, property string) (int, error)

	// ScoreSets lists the stored sets, by property.
	ScoreSets(ctx context.Context) ([]ScoreInfo, error)

	// Scores returns the values of one set by place id. Errors: ENOTFOUND.
	Scores(ctx context.Context, property string) (map[string]float64, error)
}

// ReservedPlaceProperties are the names of a place's own properties, which
// no score set may take.
var ReservedPlaceProperties = []string{"id", "name", "altNames", "country", "region", "ags", "state",
	"kreisCode", "kreis", "population", "lat", "lon", "location", "level", "sources"}

// maxPropertyLen bounds a score property's name.
const maxPropertyLen = 64

// ValidScoreProperty returns an EINVALID error when name cannot be a score
// set's property.
func ValidScoreProperty(name string) error {
	if name == "" {
		return Errorf(EINVALID, "score property: give a name, e.g. betweenness")
	}
	if len(name) > maxPropertyLen {
		return Errorf(EINVALID, "score property %q: longer than %d characters", name, maxPropertyLen)
	}
	for i, r := range name {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if i == 0 && !letter {
			return Errorf(EINVALID, "score property %q: must start with a letter", name)
		}
		if !letter && !(r >= '0' && r <= '9') && r != '_' {
			return Errorf(EINVALID, "score property %q: only letters, digits and _ (found %q)", name, r)
		}
	}
	for _, r := range ReservedPlaceProperties {
		if strings.EqualFold(name, r) {
			return Errorf(EINVALID, "score property %q: %q is a place's own property; choose another name", name, r)
		}
	}
	return nil
}

// Validate checks a score set before it is written: a valid property and
// metric, parameters that are a JSON object, one finite value per place
// (whole for an Integer set). It sets Params to "{}" when empty.
// Errors: EINVALID.
func (s *ScoreSet) Validate() error {
	if err := ValidScoreProperty(s.Property); err != nil {
		return err
	}
	if strings.TrimSpace(s.Metric) == "" {
		return Errorf(EINVALID, "score set %q: no metric", s.Property)
	}
	if s.Params == "" {
		s.Params = "{}"
	}
	var obj map[string]any
	if err := json.Unmarshal([]byte(s.Params), &obj); err != nil || obj == nil {
		return Errorf(EINVALID, "score set %q: params must be a JSON object, got %q", s.Property, s.Params)
	}
	seen := make(map[string]bool, len(s.Scores))
	for i, sc := range s.Scores {
		switch {
		case sc.Place == "":
			return Errorf(EINVALID, "score set %q: score %d has no place", s.Property, i+1)
		case seen[sc.Place]:
			return Errorf(EINVALID, "score set %q: place %s is listed twice", s.Property, sc.Place)
		case math.IsNaN(sc.Value) || math.IsInf(sc.Value, 0):
			return Errorf(EINVALID, "score set %q: place %s has no finite value (%v)", s.Property, sc.Place, sc.Value)
		case s.Integer && (sc.Value != math.Trunc(sc.Value) || math.Abs(sc.Value) > 1<<53):
			return Errorf(EINVALID, "score set %q: place %s: %v is not a whole number", s.Property, sc.Place, sc.Value)
		}
		seen[sc.Place] = true
	}
	return nil
}

// Info returns the description of s as a store records it, without the
// time and completeness.
func (s *ScoreSet) Info() ScoreInfo {
	return ScoreInfo{Property: s.Property, Metric: s.Metric, Params: s.Params, DataVersion: s.DataVersion,
		Software: s.Software, Integer: s.Integer, Places: len(s.Scores)}
}

// UnknownPlaces returns the EINVALID error for score places a store does
// not hold (the first few named), or nil when there are none.
func UnknownPlaces(property string, unknown []string) error {
	if len(unknown) == 0 {
		return nil
	}
	const show = 5
	names := unknown
	more := ""
	if len(names) > show {
		names, more = names[:show], fmt.Sprintf(" and %d more", len(unknown)-show)
	}
	return Errorf(EINVALID, "score set %q: %d places are not in the store: %s%s", property, len(unknown), strings.Join(names, ", "), more)
}
