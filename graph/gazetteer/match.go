package gazetteer

// MatchQuality says how a name matched a place, best last: a lookup ranks
// an exact spelling before a folded one, and a folded one before a loose
// one (a name without its qualifier, "Frankfurt" for "Frankfurt am Main").
type MatchQuality int

// The match qualities.
const (
	MatchNone   MatchQuality = iota
	MatchLoose               // the name without its qualifier or official suffix
	MatchFolded              // case, accents, umlaut spellings, Saint/St./Sankt aside
	MatchExact               // spelt as given, case aside
)

// String names the quality for reports: "exact", "folded", "loose".
func (q MatchQuality) String() string {
	switch q {
	case MatchExact:
		return "exact"
	case MatchFolded:
		return "folded"
	case MatchLoose:
		return "loose"
	}
	return "none"
}
