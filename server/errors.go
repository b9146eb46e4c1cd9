package server

import (
	"net/http"

	"github.com/citygraph/citygraph/graph"
)

// codeStatus is the one map from an error code (declared in package graph)
// to the HTTP status of a response that carries no result: exports,
// requests refused before GraphQL runs, and GraphQL request errors sent as
// application/graphql-response+json. (A GraphQL operation that ran is
// answered 200 whatever its errors.)
var codeStatus = map[string]int{
	graph.EINVALID:          http.StatusBadRequest,
	graph.EAMBIGUOUS:        http.StatusBadRequest,
	graph.EBADREQUEST:       http.StatusBadRequest,
	graph.EPARSEFAILED:      http.StatusBadRequest,
	graph.EVALIDATIONFAILED: http.StatusBadRequest,
	graph.EDEPTHLIMIT:       http.StatusBadRequest,
	graph.ECOMPLEXITYLIMIT:  http.StatusBadRequest,
	graph.EINTROSPECTIONOFF: http.StatusBadRequest,
	graph.EUNAUTHORIZED:     http.StatusUnauthorized,
	graph.EFORBIDDEN:        http.StatusForbidden,
	graph.ENOTFOUND:         http.StatusNotFound,
	graph.EMETHODNOTALLOWED: http.StatusMethodNotAllowed,
	graph.ENOTACCEPTABLE:    http.StatusNotAcceptable,
	graph.ECONFLICT:         http.StatusConflict,
	graph.ETOOLARGE:         http.StatusRequestEntityTooLarge,
	graph.EUNSUPPORTEDMEDIA: http.StatusUnsupportedMediaType,
	graph.EINTERNAL:         http.StatusInternalServerError,
	graph.EUNAVAILABLE:      http.StatusServiceUnavailable,
	graph.EBUSY:             http.StatusServiceUnavailable,
	graph.ETIMEOUT:          http.StatusGatewayTimeout,
}

// statusOf returns the HTTP status of an error code, or otherwise for a
// code it does not know.
func statusOf(code string, otherwise int) int {
	if s, ok := codeStatus[code]; ok {
		return s
	}
	return otherwise
}
