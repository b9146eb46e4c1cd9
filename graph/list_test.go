package graph

import (
	"slices"
	"testing"
)

func TestSplitList(t *testing.T) {
	for in, want := range map[string][]string{
		"DE,UA": {"DE", "UA"}, " DE , ,UA ,": {"DE", "UA"}, "": nil, " , ": nil, "PARTNERSHIP": {"PARTNERSHIP"},
	} {
		if got := SplitList(in); !slices.Equal(got, want) {
			t.Errorf("SplitList(%q) = %q, want %q", in, got, want)
		}
	}
}
