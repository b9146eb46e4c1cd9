package gazetteer

import "strings"

// State is a German Land.
type State struct {
	Code   string // ISO 3166-2, e.g. "DE-BW"
	Name   string // German name, e.g. "Baden-Württemberg"
	NameEN string // English name, e.g. "Baden-Württemberg", "Bavaria"
	Number string // the two-digit Land number that begins every AGS, e.g. "08"
}

// States returns the 16 Länder ordered by their AGS number.
func States() []State {
	return []State{
		{"DE-SH", "Schleswig-Holstein", "Schleswig-Holstein", "01"},
		{"DE-HH", "Hamburg", "Hamburg", "02"},
		{"DE-NI", "Niedersachsen", "Lower Saxony", "03"},
		{"DE-HB", "Bremen", "Bremen", "04"},
		{"DE-NW", "Nordrhein-Westfalen", "North Rhine-Westphalia", "05"},
		{"DE-HE", "Hessen", "Hesse", "06"},
		{"DE-RP", "Rheinland-Pfalz", "Rhineland-Palatinate", "07"},
		{"DE-BW", "Baden-Württemberg", "Baden-Württemberg", "08"},
		{"DE-BY", "Bayern", "Bavaria", "09"},
		{"DE-SL", "Saarland", "Saarland", "10"},
		{"DE-BE", "Berlin", "Berlin", "11"},
		{"DE-BB", "Brandenburg", "Brandenburg", "12"},
		{"DE-MV", "Mecklenburg-Vorpommern", "Mecklenburg-Western Pomerania", "13"},
		{"DE-SN", "Sachsen", "Saxony", "14"},
		{"DE-ST", "Sachsen-Anhalt", "Saxony-Anhalt", "15"},
		{"DE-TH", "Thüringen", "Thuringia", "16"},
	}
}

// stateAlias returns the code of a Land by a further name, folded.
func stateAlias(f string) (string, bool) {
	switch f {
	case "nrw", "northrhine westphalia":
		return "DE-NW", true
	case "bawue":
		return "DE-BW", true
	case "meck pomm", "mecklenburg west pomerania", "mecklenburg western pomerania":
		return "DE-MV", true
	case "hessia":
		return "DE-HE", true
	}
	return "", false
}

// StateCode returns the ISO 3166-2 code of a Land given by its German or
// English name, its code with or without "DE-", or its AGS number, in any
// case: "Bayern", "Bavaria", "BY", "DE-BY", "09" all give "DE-BY".
func StateCode(nameOrCode string) (string, bool) {
	s := strings.TrimSpace(nameOrCode)
	if s == "" {
		return "", false
	}
	u := strings.ToUpper(s)
	u = strings.TrimPrefix(u, "DE-")
	f := Fold(s)
	for _, p := range []string{"freistaat ", "freie und hansestadt ", "freie hansestadt ", "land ", "bundesland ", "state of "} {
		f = strings.TrimPrefix(f, p)
	}
	for _, st := range States() {
		switch {
		case u == st.Code[3:], s == st.Number, f == Fold(st.Name), f == Fold(st.NameEN), f == foldStrip(st.Name):
			return st.Code, true
		}
	}
	if c, ok := stateAlias(f); ok {
		return c, true
	}
	return "", false
}
