package gazetteer

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzFold(f *testing.F) {
	for _, s := range []string{"München", "Frankfurt (Oder)", "Łódź", "Київ", "Côte d’Ivoire", "a--b", " ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Fold(%q) = %q: not UTF-8", s, got)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Fatalf("Fold(%q) = %q: untrimmed spaces", s, got)
		}
		if again := Fold(got); again != got {
			t.Fatalf("Fold(%q) = %q, but Fold of that is %q", s, got, again)
		}
	})
}

func FuzzResolve(f *testing.F) {
	d, err := LoadGermany()
	if err != nil {
		f.Fatal(err)
	}
	c, err := LoadCountries()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"Mannheim", "Frankfurt", "Wales, United Kingdom", "Georgia (country)", "(", ",", "DE-BY"} {
		f.Add(s, "BW")
	}
	f.Fuzz(func(t *testing.T, name, state string) {
		if code, _, ok := c.Resolve(name); ok && c.Name(code, "en") == "" {
			t.Fatalf("Resolve(%q) = %q, a code without a name", name, code)
		}
		g, err := d.Resolve(name, state, 49.5, 8.5, true)
		if err == nil {
			if _, ok := d.ByAGS(g.AGS); !ok {
				t.Fatalf("Resolve(%q) = %+v, not in the directory", name, g)
			}
		}
	})
}

// FuzzNameKeys checks that the search keys never fail and are stable: a
// key is a key of itself, so every lookup folds the same way.
func FuzzNameKeys(f *testing.F) {
	for _, s := range []string{"München", "Muenchen", "Київ", "Frankfurt (Oder)", "St. Gallen", "Sankt Gallen", "ẞ", "Ærø", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		for _, k := range NameKeys(s) {
			if k == "" {
				t.Fatalf("NameKeys(%q) has an empty key", s)
			}
			if !slices.Contains(NameKeys(k), k) {
				t.Fatalf("NameKeys(%q) = %v lacks %q (from %q)", k, NameKeys(k), k, s)
			}
		}
	})
}
