package graph

import (
	"errors"
	"fmt"
)

// Error codes. They are stable: the API passes them on as extensions.code
// and scripts may match on them.
const (
	EINVALID      = "INVALID"     // bad input: a file, an argument
	ENOTFOUND     = "NOT_FOUND"   // no such municipality, network, ...
	ECONFLICT     = "CONFLICT"    // the request contradicts what is stored
	EUNAVAILABLE  = "UNAVAILABLE" // the store cannot be reached
	EUNAUTHORIZED = "UNAUTHORIZED"
	EINTERNAL     = "INTERNAL" // a bug or an unexpected failure
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
