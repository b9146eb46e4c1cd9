package resolvers_test

import (
	"context"
	"testing"

	"github.com/99designs/gqlgen/complexity"
	"github.com/citygraph/citygraph/resolvers"
	"github.com/vektah/gqlparser/v2"
)

// serverDefaultLimit is package server's default complexity limit.
const serverDefaultLimit = 5000

func TestComplexity(t *testing.T) {
	es := resolvers.ExecutableSchema(resolvers.New(resolvers.Config{}))
	cost := func(q string) int {
		doc, errs := gqlparser.LoadQueryWithRules(es.Schema(), q, nil)
		if errs != nil {
			t.Fatalf("%s: %v", q, errs)
		}
		return complexity.Calculate(context.Background(), es, doc.Operations[0], nil)
	}
	typical := append([]string{
		`{ cities(first: 100) { totalCount nodes { id name country } } }`,
		`{ recommendPartners(city: "Mannheim") { city { id name } score reason commonPartners { id name } } }`,
		`{ communities { modularity communities { size members { id name } } } }`,
	}, func() []string {
		var qs []string
		for _, b := range benchQueries {
			qs = append(qs, b.query)
		}
		return qs
	}()...)
	for _, q := range typical {
		if c := cost(q); c > serverDefaultLimit {
			t.Errorf("typical query costs %d > %d: %s", c, serverDefaultLimit, q)
		} else {
			t.Logf("%5d  %.70s", c, q)
		}
	}
	// Pages cost their size: first 100 costs more than first 10.
	if a, b := cost(`{ cities(first: 10) { nodes { id } } }`), cost(`{ cities(first: 100) { nodes { id } } }`); b <= 5*a {
		t.Errorf("first: 10 costs %d, first: 100 costs %d", a, b)
	}
	for _, q := range []string{
		`{ cities(first: 100) { nodes { partners { city { partners { city { partners { city { id } } } } } } } } }`,
		`{ partnershipNetwork(countries: ["DE", "UA"]) { nodes { partners { city { partners { city { name } } } } } } }`,
	} {
		if c := cost(q); c <= serverDefaultLimit {
			t.Errorf("nested query costs only %d: %s", c, q)
		}
	}
}
