package graphtest

import "github.com/citygraph/citygraph/graph"

// fixture is a small hand-made batch that uses every field of every record
// type; fixtureWant is what a store must hold after applying it to an empty
// store, written out by hand rather than computed, so that the suite does not
// only compare stores with its own model.
func fixture() *graph.Batch {
	rgre := func(line int) []graph.Source { return []graph.Source{{File: "rgre.csv", Line: line}} }
	return &graph.Batch{
		Import: graph.ImportRecord{File: "rgre.csv", SHA256: "5d41402abc4b2a76b9719d911017c592a1d4f0e5b3a3a7d8bfa8e5b2b5e1d2c3", Kind: "rgre", Rows: 6},
		Municipalities: []graph.Municipality{
			{ID: "DE:08222000", Name: "Mannheim", AltNames: []string{"Mannem"}, Country: "DE", AGS: "08222000", State: "DE-BW",
				KreisCode: "08222", Kreis: "Mannheim, Universitätsstadt", Population: 315554, Lat: 49.48776, Lon: 8.46604, HasCoords: true,
				Level: "Stadt", Sources: []graph.Source{{File: "de_gemeinden.csv", Line: 4711, SourceID: "08222000"}}},
			{ID: "DE:05315000", Name: "Köln", AltNames: []string{"Cologne", "Koeln"}, Country: "DE", AGS: "05315000", State: "DE-NW",
				KreisCode: "05315", Kreis: "Köln, Stadt", Population: 1084831, Lat: 50.93333, Lon: 6.95, HasCoords: true, Level: "Stadt"},
			{ID: "UA:chernivtsi~chernivetska", Name: "Chernivtsi", AltNames: []string{"Czernowitz", "Чернівці"}, Country: "UA",
				Region: "Chernivetska", Lat: 48.2915, Lon: 25.9403, HasCoords: true, GeoNamesID: 710719, Sources: rgre(2)},
			{ID: "UA:kyiv", Name: "Kyiv", AltNames: []string{"Kiew", "Київ"}, Country: "UA", Lat: 50.45, Lon: 30.5233, HasCoords: true,
				Level: "Stadt", GeoNamesID: 703448, Wikidata: "Q1899", Sources: []graph.Source{{File: "wikidata.json", SourceID: "Q1899"}}},
			{ID: "FR:toulon", Name: "Toulon", Country: "FR", Region: "Var"},
			{ID: "GH:nkwanta", Name: "Nkwanta", Country: "GH", Lat: 0, Lon: 0, HasCoords: true},
		},
		Partnerships: []graph.Partnership{
			{A: "DE:08222000", B: "UA:chernivtsi~chernivetska", Kind: graph.KindPartnership, Since: graph.NewDate(2022, 11, 0),
				Status: graph.StatusActive, Topics: []string{"energy", "SDG11"}, Sources: rgre(2)},
			{A: "DE:05315000", B: "UA:kyiv", Kind: graph.KindPartnership, Since: graph.NewDate(1989, 10, 5), Sources: rgre(3)},
			{A: "DE:08222000", B: "FR:toulon", Kind: graph.KindFriendship, Since: graph.NewDate(1960, 0, 0), Until: graph.NewDate(2020, 12, 31),
				Status: graph.StatusEnded, Sources: rgre(4)},
			{A: "DE:05315000", B: "FR:toulon", Kind: graph.KindContact, Status: graph.StatusPaused, Sources: rgre(5)},
			// Given B-A: stored A-B.
			{A: "UA:kyiv", B: "DE:08222000", Kind: graph.KindProject, Topics: []string{"SDG13"}, Sources: rgre(6)},
			// The same pair, another kind: another link.
			{A: "DE:08222000", B: "UA:kyiv", Kind: graph.KindPartnership, Since: graph.NewDate(2023, 0, 0)},
			{A: "GH:nkwanta", B: "DE:05315000", Kind: graph.KindProject, Since: graph.NewDate(2019, 3, 0),
				Sources: []graph.Source{{File: "skew.csv", Line: 9, SourceID: "P-17"}}},
		},
		Networks: []graph.Network{{ID: "eurocities", Name: "Eurocities"}, {ID: "mayors-for-peace", Name: "Mayors for Peace"}},
		Memberships: []graph.Membership{
			{Municipality: "DE:05315000", Network: "eurocities", Since: graph.NewDate(1989, 0, 0), Role: "member",
				Sources: []graph.Source{{File: "networks.csv", Line: 2}}},
			{Municipality: "DE:08222000", Network: "mayors-for-peace", Since: graph.NewDate(2008, 5, 0), Until: graph.NewDate(2024, 1, 15)},
			{Municipality: "UA:kyiv", Network: "eurocities", Role: "associate"},
		},
		Organisations: []graph.Organisation{{ID: "un-habitat", Name: "UN-Habitat"}, {ID: "oecd", Name: "OECD"}},
		OrgLinks: []graph.OrgLink{
			{Municipality: "DE:05315000", Organisation: "un-habitat", Topic: "urban resilience", Since: graph.NewDate(2019, 6, 1),
				Sources: []graph.Source{{File: "orgs.csv", Line: 3}}},
			{Municipality: "DE:08222000", Organisation: "oecd", Topic: "SDG11"},
		},
		StateCounts: []graph.StateCount{
			{State: "DE-NW", Partnerships: 1436, Sources: []graph.Source{{File: "rgre_counts_by_state.csv", Line: 11}}},
			{State: "DE-BW", Partnerships: 1205, Sources: []graph.Source{{File: "rgre_counts_by_state.csv", Line: 2}}},
		},
	}
}

func fixtureWant() *graph.Snapshot {
	rgre := func(line int) []graph.Source { return []graph.Source{{File: "rgre.csv", Line: line}} }
	return &graph.Snapshot{
		Municipalities: []graph.Municipality{
			{ID: "DE:05315000", Name: "Köln", AltNames: []string{"Cologne", "Koeln"}, Country: "DE", AGS: "05315000", State: "DE-NW",
				KreisCode: "05315", Kreis: "Köln, Stadt", Population: 1084831, Lat: 50.93333, Lon: 6.95, HasCoords: true, Level: "Stadt"},
			{ID: "DE:08222000", Name: "Mannheim", AltNames: []string{"Mannem"}, Country: "DE", AGS: "08222000", State: "DE-BW",
				KreisCode: "08222", Kreis: "Mannheim, Universitätsstadt", Population: 315554, Lat: 49.48776, Lon: 8.46604, HasCoords: true,
				Level: "Stadt", Sources: []graph.Source{{File: "de_gemeinden.csv", Line: 4711, SourceID: "08222000"}}},
			{ID: "FR:toulon", Name: "Toulon", Country: "FR", Region: "Var"},
			{ID: "GH:nkwanta", Name: "Nkwanta", Country: "GH", Lat: 0, Lon: 0, HasCoords: true},
			{ID: "UA:chernivtsi~chernivetska", Name: "Chernivtsi", AltNames: []string{"Czernowitz", "Чернівці"}, Country: "UA",
				Region: "Chernivetska", Lat: 48.2915, Lon: 25.9403, HasCoords: true, GeoNamesID: 710719, Sources: rgre(2)},
			{ID: "UA:kyiv", Name: "Kyiv", AltNames: []string{"Kiew", "Київ"}, Country: "UA", Lat: 50.45, Lon: 30.5233, HasCoords: true,
				Level: "Stadt", GeoNamesID: 703448, Wikidata: "Q1899", Sources: []graph.Source{{File: "wikidata.json", SourceID: "Q1899"}}},
		},
		// Sorted by Key: "A|B|KIND".
		Partnerships: []graph.Partnership{
			{A: "DE:05315000", B: "FR:toulon", Kind: graph.KindContact, Status: graph.StatusPaused, Sources: rgre(5)},
			{A: "DE:05315000", B: "GH:nkwanta", Kind: graph.KindProject, Since: graph.NewDate(2019, 3, 0),
				Sources: []graph.Source{{File: "skew.csv", Line: 9, SourceID: "P-17"}}},
			{A: "DE:05315000", B: "UA:kyiv", Kind: graph.KindPartnership, Since: graph.NewDate(1989, 10, 5), Sources: rgre(3)},
			{A: "DE:08222000", B: "FR:toulon", Kind: graph.KindFriendship, Since: graph.NewDate(1960, 0, 0), Until: graph.NewDate(2020, 12, 31),
				Status: graph.StatusEnded, Sources: rgre(4)},
			{A: "DE:08222000", B: "UA:chernivtsi~chernivetska", Kind: graph.KindPartnership, Since: graph.NewDate(2022, 11, 0),
				Status: graph.StatusActive, Topics: []string{"SDG11", "energy"}, Sources: rgre(2)},
			{A: "DE:08222000", B: "UA:kyiv", Kind: graph.KindPartnership, Since: graph.NewDate(2023, 0, 0)},
			{A: "DE:08222000", B: "UA:kyiv", Kind: graph.KindProject, Topics: []string{"SDG13"}, Sources: rgre(6)},
		},
		Networks: []graph.Network{{ID: "eurocities", Name: "Eurocities"}, {ID: "mayors-for-peace", Name: "Mayors for Peace"}},
		Memberships: []graph.Membership{
			{Municipality: "DE:05315000", Network: "eurocities", Since: graph.NewDate(1989, 0, 0), Role: "member",
				Sources: []graph.Source{{File: "networks.csv", Line: 2}}},
			{Municipality: "DE:08222000", Network: "mayors-for-peace", Since: graph.NewDate(2008, 5, 0), Until: graph.NewDate(2024, 1, 15)},
			{Municipality: "UA:kyiv", Network: "eurocities", Role: "associate"},
		},
		Organisations: []graph.Organisation{{ID: "oecd", Name: "OECD"}, {ID: "un-habitat", Name: "UN-Habitat"}},
		OrgLinks: []graph.OrgLink{
			{Municipality: "DE:05315000", Organisation: "un-habitat", Topic: "urban resilience", Since: graph.NewDate(2019, 6, 1),
				Sources: []graph.Source{{File: "orgs.csv", Line: 3}}},
			{Municipality: "DE:08222000", Organisation: "oecd", Topic: "SDG11"},
		},
		StateCounts: []graph.StateCount{
			{State: "DE-BW", Partnerships: 1205, Sources: []graph.Source{{File: "rgre_counts_by_state.csv", Line: 2}}},
			{State: "DE-NW", Partnerships: 1436, Sources: []graph.Source{{File: "rgre_counts_by_state.csv", Line: 11}}},
		},
	}
}
