// Package schema holds citygraph's GraphQL schema (*.graphqls) and the code
// gqlgen generates from it. Only the custom scalars below are written by
// hand; run `go generate ./schema` after changing the schema.
package schema

//go:generate go -C .. run github.com/99designs/gqlgen generate

import (
	"fmt"
	"io"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/citygraph/citygraph/graph"
)

// MarshalDate writes a graph.Date as its ISO string at its precision, or
// null when the date is unknown.
func MarshalDate(d graph.Date) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		if d.IsZero() {
			_, _ = io.WriteString(w, "null")
			return
		}
		_, _ = io.WriteString(w, strconv.Quote(d.String()))
	})
}

// UnmarshalDate reads "1957", "1990-05" or "1990-05-01"; errors have code
// INVALID.
func UnmarshalDate(v any) (graph.Date, error) {
	s, ok := v.(string)
	if !ok {
		return graph.Date{}, graph.Errorf(graph.EINVALID, "a Date is a string such as \"1990\", \"1990-05\" or \"1990-05-01\", not %T", v)
	}
	d, err := graph.ParseDate(s)
	if err != nil {
		return graph.Date{}, &graph.Error{Code: graph.EINVALID, Message: fmt.Sprintf("invalid Date %q: want YYYY, YYYY-MM or YYYY-MM-DD", s), Err: err}
	}
	return d, nil
}
