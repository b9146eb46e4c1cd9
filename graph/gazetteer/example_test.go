package gazetteer_test

import (
	"fmt"

	"github.com/citygraph/citygraph/graph/gazetteer"
)

func ExampleFold() {
	fmt.Println(gazetteer.Fold("München"), gazetteer.Fold("Muenchen"), gazetteer.Fold(" Frankfurt (Oder) "))
	// Output: muenchen muenchen frankfurt oder
}

func ExampleForeignID() {
	fmt.Println(gazetteer.ForeignID("UA", "Chernivtsi", ""), gazetteer.ForeignID("GB", "Swansea", "Wales"))
	// Output: UA:chernivtsi GB:swansea~wales
}

func ExampleCountries_Resolve() {
	c, err := gazetteer.LoadCountries()
	if err != nil {
		panic(err)
	}
	for _, cell := range []string{"Westjordanland", "Wales, United Kingdom", "Vereinigte Staaten von Amerika", "deu"} {
		code, region, ok := c.Resolve(cell)
		fmt.Printf("%s -> %s %q %v\n", cell, code, region, ok)
	}
	// Output:
	// Westjordanland -> PS "" true
	// Wales, United Kingdom -> GB "Wales" true
	// Vereinigte Staaten von Amerika -> US "" true
	// deu -> DE "" true
}

func ExampleDirectory_Resolve() {
	d, err := gazetteer.LoadGermany()
	if err != nil {
		panic(err)
	}
	g, err := d.Resolve("Frankfurt", "BB", 0, 0, false)
	fmt.Println(g.AGS, g.Name, err)
	_, err = d.Resolve("Frankfurt", "", 0, 0, false)
	fmt.Println(err)
	// Output:
	// 12053000 Frankfurt (Oder), Stadt <nil>
	// resolve municipality: municipality "Frankfurt" is ambiguous, give the Land or coordinates: Frankfurt am Main (Frankfurt am Main, Stadt, DE-HE, AGS 06412000); Frankfurt (Oder) (Frankfurt (Oder), Stadt, DE-BB, AGS 12053000)
}
