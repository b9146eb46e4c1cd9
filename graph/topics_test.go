package graph

import (
	"reflect"
	"testing"
)

func TestNormalizeTopic(t *testing.T) {
	for _, tc := range []struct {
		in, want string
		ok       bool
	}{
		{"SDG 11", "SDG11", true},
		{"sdg11", "SDG11", true},
		{"SDG-11", "SDG11", true},
		{"SDG_11", "SDG11", true},
		{"  Ziel 11 ", "SDG11", true},
		{"Goal 3", "SDG3", true},
		{"SDG 11: Nachhaltige Städte", "SDG11", true},
		{"sdg#7", "SDG7", true},
		{"SDG 18", "SDG 18", false},
		{"SDGs", "SDGs", true},
		{"Ziel 2030", "Ziel 2030", true},
		{"Zielgruppe Jugend", "Zielgruppe Jugend", true},
		{"climate  action", "climate action", true},
		{"SDG110", "SDG110", false},
		{"", "", true},
	} {
		got, ok := NormalizeTopic(tc.in)
		if got != tc.want || ok != tc.ok {
			t.Errorf("NormalizeTopic(%q) = %q, %v; want %q, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
	if got, want := NormalizeTopics([]string{"SDG 11", "sdg11", "", "Ziel 11", "youth", "SDG-13"}), []string{"SDG11", "youth", "SDG13"}; !reflect.DeepEqual(got, want) {
		t.Errorf("NormalizeTopics = %q, want %q", got, want)
	}
}
