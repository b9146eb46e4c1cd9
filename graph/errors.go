package graph

import (
	"errors"
	"fmt"
)

// Error codes. They are declared here and nowhere else, and they are
// stable: the API passes them on as extensions.code (package resolvers maps
// errors to them, package server maps them to HTTP statuses) and scripts
// may match on them.
const (
	EINVALID      = "INVALID"      // bad input: a file, an argument
	ENOTFOUND     = "NOT_FOUND"    // no such municipality, network, ... (or endpoint)
	EAMBIGUOUS    = "AMBIGUOUS"    // a name matches several places
	ECONFLICT     = "CONFLICT"     // the request contradicts what is stored
	EUNAVAILABLE  = "UNAVAILABLE"  // the store cannot be reached, or nothing is loaded yet
	EUNAUTHORIZED = "UNAUTHORIZED" // no or a wrong token
	EFORBIDDEN    = "FORBIDDEN"    // not allowed on this server (mutations are off)
	ETIMEOUT      = "TIMEOUT"      // the request ran out of time
	ECANCELED     = "CANCELED"     // the client went away
	EBUSY         = "BUSY"         // too many expensive computations at once: retry later
	EINTERNAL     = "INTERNAL"     // a bug or an unexpected failure
)

// Error codes of the API's transport: requests refused before an operation
// runs.
const (
	EBADREQUEST       = "BAD_REQUEST"               // not a well-formed request
	EMETHODNOTALLOWED = "METHOD_NOT_ALLOWED"        // e.g. a mutation sent with GET
	ENOTACCEPTABLE    = "NOT_ACCEPTABLE"            // no response media type the client accepts
	ETOOLARGE         = "REQUEST_TOO_LARGE"         // the body is over the limit
	EUNSUPPORTEDMEDIA = "UNSUPPORTED_MEDIA_TYPE"    // a body in a media type no transport reads
	EPARSEFAILED      = "GRAPHQL_PARSE_FAILED"      // gqlgen's code: the query does not parse
	EVALIDATIONFAILED = "GRAPHQL_VALIDATION_FAILED" // gqlgen's code: the query does not fit the schema
	EDEPTHLIMIT       = "DEPTH_LIMIT_EXCEEDED"      // the selections nest too deep
	ECOMPLEXITYLIMIT  = "COMPLEXITY_LIMIT_EXCEEDED" // gqlgen's code: the operation costs too much
	EINTROSPECTIONOFF = "INTROSPECTION_DISABLED"    // __schema or __type on a server without introspection
)

// Error is an error with a stable code and a message that is safe to show a
// user. Op names the operation that failed; Err is the underlying cause,
// kept for logs and never shown to API clients.
type Error struct {
	Code    string
	Message string
	Op      string
	Err     error
}

// Error returns "op: message: cause" with the parts that are present.
func (e *Error) Error() string {
	s := e.Message
	if e.Op != "" {
		if s == "" {
			s = e.Op
		} else {
			s = e.Op + ": " + s
		}
	}
	if e.Err != nil {
		if s == "" {
			return e.Err.Error()
		}
		return s + ": " + e.Err.Error()
	}
	return s
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted, user-safe message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != "" {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of the first *Error in err's
// chain, or a generic text for any other error.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return "internal error"
}
