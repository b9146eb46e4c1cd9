package resolvers

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/identity"
	"github.com/citygraph/citygraph/importer"
	"github.com/rs/zerolog"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// ErrorPresenter turns any error a request produced into the GraphQL error
// the client sees; it is the one place where errors get their
// extensions.code (the codes are declared in package graph).
// extensions.code is graph.ErrorCode's code (INVALID, NOT_FOUND,
// UNAUTHORIZED, ...; AMBIGUOUS with extensions.candidates), the message is
// the user-safe graph.ErrorMessage; context ends are TIMEOUT and CANCELED.
// Errors gqlgen makes itself (parse and validation failures, complexity
// limits) keep their message and code. Any other error is INTERNAL with a
// generic message; its text is logged through the logger on ctx
// (zerolog.Ctx), never shown.
func ErrorPresenter(ctx context.Context, err error) *gqlerror.Error {
	if err == nil {
		return nil
	}
	var gqlErr *gqlerror.Error
	isGQL := errors.As(err, &gqlErr)
	out := &gqlerror.Error{}
	if isGQL {
		out.Path, out.Locations, out.Rule = gqlErr.Path, gqlErr.Locations, gqlErr.Rule
	} else {
		out.Path = graphql.GetPath(ctx)
	}
	ext := map[string]any{}
	var ge *graph.Error
	switch {
	case errors.As(err, &ge):
		out.Message = graph.ErrorMessage(err)
		domainExtensions(err, ext)
	case errors.Is(err, context.DeadlineExceeded):
		out.Message = "the request took too long"
		ext["code"] = graph.ETIMEOUT
	case errors.Is(err, context.Canceled):
		out.Message = "the request was canceled"
		ext["code"] = graph.ECANCELED
	case isGQL && gqlErr.Err == nil:
		// Made by gqlgen or gqlparser: safe to show as it is.
		out.Message = gqlErr.Message
		for k, v := range gqlErr.Extensions {
			ext[k] = v
		}
		if _, ok := ext["code"]; !ok {
			ext["code"] = graph.EINVALID
		}
	default:
		zerolog.Ctx(ctx).Error().Err(err).Str("path", out.Path.String()).Msg("internal error in resolver")
		out.Message = "internal error"
		ext["code"] = graph.EINTERNAL
	}
	out.Extensions = ext
	return out
}

// domainExtensions sets the extensions of an error with a graph.Error in
// its chain: its code, retryAfter when the server is busy or the store
// unavailable, the candidates
// of an ambiguous name and the problems of a rejected import.
func domainExtensions(err error, ext map[string]any) {
	ext["code"] = graph.ErrorCode(err)
	switch ext["code"] {
	case graph.EBUSY:
		ext["retryAfter"] = "1"
	case graph.EUNAVAILABLE:
		// The store is down or was slow (a write refused before its
		// commit): worth trying again, not at once.
		ext["retryAfter"] = "2"
	}
	var amb *identity.AmbiguousError
	if errors.As(err, &amb) {
		ext["candidates"] = candidates(amb.Candidates)
	}
	var pe *problemsError
	if errors.As(err, &pe) {
		// The first MaxReportedProblems, and how many there are: a file
		// with a million bad rows must not make a 100 MB answer.
		ext["problemCount"] = len(pe.problems)
		ext["problems"] = problems(pe.problems[:min(len(pe.problems), MaxReportedProblems)])
	}
}

// candidates lists the places an ambiguous name matches, as
// extensions.candidates.
func candidates(ms []graph.Municipality) []map[string]any {
	out := make([]map[string]any, 0, len(ms))
	for _, m := range ms {
		c := map[string]any{"id": m.ID, "name": m.Name, "country": m.Country}
		if m.State != "" {
			c["state"] = m.State
		}
		if m.Region != "" {
			c["region"] = m.Region
		}
		out = append(out, c)
	}
	return out
}

// problems lists import problems as extensions.problems.
func problems(ps []importer.Problem) []map[string]any {
	out := make([]map[string]any, 0, len(ps))
	for _, p := range ps {
		out = append(out, map[string]any{"file": p.File, "line": p.Line, "column": p.Column, "message": p.Msg})
	}
	return out
}

// RecoverFunc turns a panic in a resolver into an INTERNAL error and logs
// it with its stack through the logger on ctx (zerolog.Ctx).
func RecoverFunc(ctx context.Context, v any) error {
	zerolog.Ctx(ctx).Error().Str("panic", fmt.Sprint(v)).Bytes("stack", debug.Stack()).Msg("panic in resolver")
	return &graph.Error{Code: graph.EINTERNAL, Message: "internal error", Err: fmt.Errorf("panic: %v", v)}
}
