package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/resolvers"
)

// DepthLimit is a gqlgen extension that refuses operations whose selections
// nest deeper than Max fields, before any resolver runs. Fragments count
// where they are spread; introspection fields (__schema, __type,
// __typename) do not count: they are bounded by the schema itself and are
// switched off with introspection.
type DepthLimit struct {
	Max int
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = DepthLimit{}

// ExtensionName names the extension for gqlgen.
func (DepthLimit) ExtensionName() string { return "DepthLimit" }

// Validate checks the configuration.
func (d DepthLimit) Validate(graphql.ExecutableSchema) error {
	if d.Max <= 0 {
		return errors.New("depth limit must be positive")
	}
	return nil
}

// MutateOperationContext measures the operation and refuses it with
// DEPTH_LIMIT_EXCEEDED when it is too deep.
func (d DepthLimit) MutateOperationContext(_ context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	if opCtx.Operation == nil {
		return nil
	}
	depth := SelectionDepth(opCtx.Operation.SelectionSet, d.Max)
	if depth > d.Max {
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the operation nests %d levels deep, more than the limit of %d", depth, d.Max),
			Extensions: map[string]any{"code": graph.EDEPTHLIMIT},
		}
	}
	return nil
}

// SelectionDepth returns how many fields deep ss nests, counting one for a
// field and nothing for fragments, and ignoring introspection fields. Each
// fragment is measured once however often it is spread, so the time is
// linear in the size of the document. limit is no longer needed and kept
// for callers.
func SelectionDepth(ss ast.SelectionSet, limit int) int {
	_ = limit
	return selectionDepth(ss, map[string]int{})
}

func selectionDepth(ss ast.SelectionSet, frags map[string]int) int {
	deepest := 0
	for _, sel := range ss {
		var d int
		switch s := sel.(type) {
		case *ast.Field:
			if strings.HasPrefix(s.Name, "__") {
				continue
			}
			d = 1 + selectionDepth(s.SelectionSet, frags)
		case *ast.InlineFragment:
			d = selectionDepth(s.SelectionSet, frags)
		case *ast.FragmentSpread:
			if s.Definition == nil { // validation rejects unknown and cyclic fragments
				continue
			}
			fd, seen := frags[s.Name]
			if !seen {
				frags[s.Name] = 0 // a cycle, should validation miss one, counts nothing
				fd = selectionDepth(s.Definition.SelectionSet, frags)
				frags[s.Name] = fd
			}
			d = fd
		}
		deepest = max(deepest, d)
	}
	return deepest
}

// mutationGuard refuses mutations without the admin token, and all
// mutations when no admin token is configured.
type mutationGuard struct {
	adminConfigured bool
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = mutationGuard{}

func (mutationGuard) ExtensionName() string                   { return "MutationGuard" }
func (mutationGuard) Validate(graphql.ExecutableSchema) error { return nil }

func (g mutationGuard) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	if opCtx.Operation == nil || opCtx.Operation.Operation != ast.Mutation {
		return nil
	}
	switch {
	case !g.adminConfigured:
		return &gqlerror.Error{
			Message:    "mutations are switched off on this server (start it with CITYGRAPH_ADMIN_TOKEN set to enable them)",
			Extensions: map[string]any{"code": graph.EFORBIDDEN},
		}
	case !resolvers.IsAdmin(ctx):
		return &gqlerror.Error{
			Message:    "mutations need the admin token (Authorization: Bearer ...)",
			Extensions: map[string]any{"code": graph.EUNAUTHORIZED},
		}
	}
	return nil
}

// operationRecorder tells the request's log line and metrics which
// operation ran: the name as sent (even when the query does not parse) and,
// once parsed, its type.
type operationRecorder struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = operationRecorder{}

func (operationRecorder) ExtensionName() string                   { return "OperationRecorder" }
func (operationRecorder) Validate(graphql.ExecutableSchema) error { return nil }

func (operationRecorder) MutateOperationParameters(ctx context.Context, p *graphql.RawParams) *gqlerror.Error {
	requestInfo(ctx).setOperation(p.OperationName, "")
	return nil
}

func (operationRecorder) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	if opCtx.Operation != nil {
		name := opCtx.Operation.Name
		if name == "" {
			name = opCtx.OperationName
		}
		requestInfo(ctx).setOperation(name, string(opCtx.Operation.Operation))
	}
	return nil
}

// timeoutOperations answers an operation whose deadline passed before its
// execution began with a TIMEOUT error: gqlgen itself would end such a
// response stream without a response, and the client would get "null".
func (s *Server) timeoutOperations(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	rh := next(ctx)
	return func(ctx context.Context) *graphql.Response {
		resp := rh(ctx)
		if resp == nil && timedOut(ctx) {
			requestInfo(ctx).addCodes(graph.ETIMEOUT)
			return &graphql.Response{Data: json.RawMessage("null"), Errors: gqlerror.List{s.timeoutError()}}
		}
		return resp
	}
}

// timedOut reports whether ctx ended because the request's deadline
// passed. Its error alone does not tell: when the deadline also cuts the
// connection's read, net/http cancels the request's context at the same
// moment, and either error may be the one reported.
func timedOut(ctx context.Context) bool {
	if ctx.Err() == nil {
		return false
	}
	dl, ok := ctx.Deadline()
	return ok && !time.Now().Before(dl)
}

func (s *Server) timeoutError() *gqlerror.Error {
	return &gqlerror.Error{
		Message:    fmt.Sprintf("the request took longer than the limit of %s", s.cfg.Timeout),
		Extensions: map[string]any{"code": graph.ETIMEOUT},
	}
}

// finishResponse records the response's error codes for the log line and,
// when the request ran out of time, replaces a query's data with a TIMEOUT
// error: a partial answer computed after the deadline is not sent. A
// mutation's data is kept (its write happened) and the error added.
func (s *Server) finishResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return nil
	}
	if timedOut(ctx) {
		isMutation := false
		if graphql.HasOperationContext(ctx) {
			if op := graphql.GetOperationContext(ctx).Operation; op != nil {
				isMutation = op.Operation == ast.Mutation
			}
		}
		timeoutErr := s.timeoutError()
		switch {
		case !isMutation:
			resp.Data = json.RawMessage("null")
			resp.Errors = gqlerror.List{timeoutErr}
		case !hasCode(resp.Errors, graph.ETIMEOUT):
			resp.Errors = append(resp.Errors, timeoutErr)
		}
	}
	if len(resp.Errors) > 0 {
		codes := make([]string, 0, len(resp.Errors))
		for _, e := range resp.Errors {
			codes = append(codes, errorCode(e))
		}
		requestInfo(ctx).addCodes(codes...)
	}
	return resp
}

func errorCode(e *gqlerror.Error) string {
	if c, ok := e.Extensions["code"].(string); ok && c != "" {
		return c
	}
	return "UNKNOWN"
}

func hasCode(errs gqlerror.List, code string) bool {
	for _, e := range errs {
		if errorCode(e) == code {
			return true
		}
	}
	return false
}

// introspectionGuard refuses __schema and __type when introspection is
// switched off, with a stable code (gqlgen's own refusal is a plain error
// the error presenter could only call INTERNAL). __typename stays allowed.
type introspectionGuard struct{}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = introspectionGuard{}

func (introspectionGuard) ExtensionName() string                   { return "IntrospectionGuard" }
func (introspectionGuard) Validate(graphql.ExecutableSchema) error { return nil }

func (introspectionGuard) MutateOperationContext(_ context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	if opCtx.Operation != nil && selectsIntrospection(opCtx.Operation.SelectionSet) {
		return &gqlerror.Error{
			Message:    "introspection is switched off on this server",
			Extensions: map[string]any{"code": graph.EINTROSPECTIONOFF},
		}
	}
	return nil
}

// selectsIntrospection reports whether ss selects __schema or __type
// anywhere, fragments included, looking at each fragment once.
func selectsIntrospection(ss ast.SelectionSet) bool {
	return introspects(ss, map[string]bool{})
}

func introspects(ss ast.SelectionSet, seen map[string]bool) bool {
	for _, sel := range ss {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" || introspects(s.SelectionSet, seen) {
				return true
			}
		case *ast.InlineFragment:
			if introspects(s.SelectionSet, seen) {
				return true
			}
		case *ast.FragmentSpread:
			if s.Definition != nil && !seen[s.Name] {
				seen[s.Name] = true // a fragment that introspects returns at once
				if introspects(s.Definition.SelectionSet, seen) {
					return true
				}
			}
		}
	}
	return false
}
