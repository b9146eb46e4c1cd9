package importer_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/importer"
)

func ExampleImporter_Read() {
	dir, err := gazetteer.LoadGermany()
	if err != nil {
		panic(err)
	}
	countries, err := gazetteer.LoadCountries()
	if err != nil {
		panic(err)
	}
	im := importer.New(dir, countries)
	table := "Kommune;Bundesland;Partnerkommune;Land;Art;Seit\n" +
		"Mannheim;Baden-Württemberg;Hebron;Westjordanland;P;\n" +
		"Muenchen;BY;Bordeaux;Frankreich;Partnerschaft;05.1964\n" +
		"Neustadt;;Lyon;Frankreich;P;1990\n"
	_, err = im.Read(context.Background(), "partner.csv", strings.NewReader(table), importer.Options{})
	fmt.Println(err)

	// SkipInvalid keeps the valid rows, and the ambiguous Neustadt as an
	// unresolved place of its own, listed in the identity report.
	res, err := im.Read(context.Background(), "partner.csv", strings.NewReader(table), importer.Options{SkipInvalid: true})
	if err != nil {
		panic(err)
	}
	for _, p := range res.Batch.Partnerships {
		fmt.Println(strings.TrimSpace(fmt.Sprintln(p.A, p.B, p.Kind, p.Since)))
	}
	fmt.Println(len(res.Rejected), "rejected")
	// Output:
	// partner.csv:4:1: Kommune: municipality "Neustadt" is ambiguous, give the Land or coordinates: Neustadt an der Weinstraße (Neustadt an der Weinstraße, kreisfreie Stadt, DE-RP, AGS 07316000, pop. 53,491); Neustadt am Rübenberge (Region Hannover, DE-NI, AGS 03241012, pop. 44,796); Neustadt in Holstein (Ostholstein, DE-SH, AGS 01055032, pop. 15,288); Bad Neustadt a.d.Saale (Rhön-Grabfeld, DE-BY, AGS 09673114, pop. 15,277); Neustadt b.Coburg (Coburg, DE-BY, AGS 09473151, pop. 14,951); Neustadt a.d.Donau (Kelheim, DE-BY, AGS 09273152, pop. 14,495); Neustadt a.d.Waldnaab (Neustadt a.d.Waldnaab, DE-BY, AGS 09374139, pop. 5,709); Neustadt a.Main (Main-Spessart, DE-BY, AGS 09677166, pop. 1,249)
	// DE:08222000 PS:hebron PARTNERSHIP
	// DE:09162000 FR:bordeaux PARTNERSHIP 1964-05
	// DE:neustadt~ambiguous~fr-lyon FR:lyon PARTNERSHIP 1990
	// 0 rejected
}
