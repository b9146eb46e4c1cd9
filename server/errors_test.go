package server

import (
	"net/http"
	"testing"

	"github.com/99designs/gqlgen/graphql/errcode"

	"github.com/citygraph/citygraph/graph"
)

// TestCodesAndStatuses pins every extensions.code the API sends to its
// value and to the HTTP status it had before the codes were declared in
// one place, and gqlgen's own codes to the names package graph gives them.
func TestCodesAndStatuses(t *testing.T) {
	for _, tc := range []struct {
		code, value string
		status      int
	}{
		{graph.EINVALID, "INVALID", 400},
		{graph.EAMBIGUOUS, "AMBIGUOUS", 400},
		{graph.EBADREQUEST, "BAD_REQUEST", 400},
		{graph.EPARSEFAILED, "GRAPHQL_PARSE_FAILED", 400},
		{graph.EVALIDATIONFAILED, "GRAPHQL_VALIDATION_FAILED", 400},
		{graph.EDEPTHLIMIT, "DEPTH_LIMIT_EXCEEDED", 400},
		{graph.ECOMPLEXITYLIMIT, "COMPLEXITY_LIMIT_EXCEEDED", 400},
		{graph.EINTROSPECTIONOFF, "INTROSPECTION_DISABLED", 400},
		{graph.EUNAUTHORIZED, "UNAUTHORIZED", 401},
		{graph.EFORBIDDEN, "FORBIDDEN", 403},
		{graph.ENOTFOUND, "NOT_FOUND", 404},
		{graph.EMETHODNOTALLOWED, "METHOD_NOT_ALLOWED", 405},
		{graph.ENOTACCEPTABLE, "NOT_ACCEPTABLE", 406},
		{graph.ECONFLICT, "CONFLICT", 409},
		{graph.ETOOLARGE, "REQUEST_TOO_LARGE", 413},
		{graph.EUNSUPPORTEDMEDIA, "UNSUPPORTED_MEDIA_TYPE", 415},
		{graph.EINTERNAL, "INTERNAL", 500},
		{graph.EUNAVAILABLE, "UNAVAILABLE", 503},
		{graph.EBUSY, "BUSY", 503},
		{graph.ETIMEOUT, "TIMEOUT", 504},
	} {
		if tc.code != tc.value {
			t.Errorf("code %q, want %q", tc.code, tc.value)
		}
		if got := statusOf(tc.code, 0); got != tc.status {
			t.Errorf("%s: status %d, want %d", tc.code, got, tc.status)
		}
	}
	if len(codeStatus) != 20 {
		t.Errorf("%d codes have a status, the test pins 20", len(codeStatus))
	}
	// CANCELED (the client went away) has no status of its own.
	if graph.ECANCELED != "CANCELED" || statusOf(graph.ECANCELED, 499) != 499 {
		t.Errorf("CANCELED: %q, status %d", graph.ECANCELED, statusOf(graph.ECANCELED, 499))
	}
	if graph.EPARSEFAILED != errcode.ParseFailed || graph.EVALIDATIONFAILED != errcode.ValidationFailed {
		t.Errorf("gqlgen's codes: %s, %s", errcode.ParseFailed, errcode.ValidationFailed)
	}
	// A request error without a known code is a bad request; an export
	// failure without one is internal.
	if statusOf("SOMETHING_NEW", http.StatusBadRequest) != 400 || statusOf("SOMETHING_NEW", http.StatusInternalServerError) != 500 {
		t.Error("fallback statuses")
	}
}
