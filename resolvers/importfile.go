package resolvers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/importer"
	"github.com/citygraph/citygraph/schema"
)

// problemsError is an import that found problems: INVALID, with the
// problems in extensions.problems.
type problemsError struct {
	err      *graph.Error
	problems []importer.Problem
}

func (e *problemsError) Error() string { return e.err.Error() }
func (e *problemsError) Unwrap() error { return e.err }

// maxListedProblems is how many problems an error message names; the
// first MaxReportedProblems are in extensions.problems, their number in
// extensions.problemCount.
const maxListedProblems = 5

// MaxReportedProblems bounds the problems an import answers with (in an
// error's extensions.problems, in a report's problems; the report's
// rejected and the error's problemCount say how many there were).
const MaxReportedProblems = 100

func newProblemsError(file string, probs []importer.Problem, cause error) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %d problem(s), nothing imported", file, len(probs))
	for i, p := range probs {
		if i == maxListedProblems {
			fmt.Fprintf(&b, "; and %d more (the first %d in extensions.problems)", len(probs)-maxListedProblems, min(len(probs), MaxReportedProblems))
			break
		}
		b.WriteString("; ")
		b.WriteString(p.String())
	}
	return &problemsError{err: &graph.Error{Code: graph.EINVALID, Op: "import " + file, Message: b.String(), Err: cause}, problems: probs}
}

// ImportFile reads an uploaded file with the importer and applies it to
// the store in one transaction.
func (r *mutationResolver) ImportFile(ctx context.Context, file graphql.Upload, kind *string, skipInvalid, settles *bool) (schema.ImportReport, error) {
	if err := r.authorize(ctx); err != nil {
		return schema.ImportReport{}, err
	}
	_, im, err := r.reference()
	if err != nil {
		return schema.ImportReport{}, err
	}
	opt := importer.Options{SkipInvalid: deref(skipInvalid), Size: file.Size}
	if kind != nil {
		k, err := importer.ParseKind(*kind)
		if err != nil {
			return schema.ImportReport{}, err
		}
		opt.Kind = k
	}
	name := file.Filename
	if name == "" {
		name = "upload"
	}
	res, err := im.Read(ctx, name, file.File, opt)
	if err != nil {
		var pe *importer.ProblemsError
		if errors.As(err, &pe) {
			return schema.ImportReport{}, newProblemsError(pe.File, pe.Problems, err)
		}
		return schema.ImportReport{}, err
	}
	if deref(settles) {
		res.Batch.Settling()
	}
	stats, s, err := r.write(ctx, "import "+name, res.Batch)
	if err != nil {
		return schema.ImportReport{}, err
	}
	rep := schema.ImportReport{
		File: res.Batch.Import.File, Kind: string(res.Kind), Encoding: res.Encoding, Read: res.Rows,
		Imported: stats.Created, Merged: stats.Merged, Unchanged: stats.Unchanged,
		PartnershipsCreated: stats.PartnershipsCreated, PartnershipsMerged: stats.PartnershipsMerged,
		Rejected: res.RejectedRows, UnresolvedRows: res.IdentityCounts.UnresolvedRows, Problems: []schema.ImportProblem{}, Version: int(stats.Version),
		Conflicts: []analytics.LinkConflict{},
	}
	if s != nil && stats.PartnershipsMerged > 0 {
		cs := analytics.Conflicts(s.p.Snapshot(), analytics.ConflictQuery{Keys: analytics.BatchKeys(res.Batch), File: res.Batch.Import.File})
		rep.Conflicts = cs[:min(len(cs), r.maxPage)]
	}
	if rep.File == "" {
		rep.File = name
	}
	for _, p := range res.Problems[:min(len(res.Problems), MaxReportedProblems)] {
		rep.Problems = append(rep.Problems, schema.ImportProblem{Line: p.Line, Column: p.Column, Message: p.Msg})
	}
	return rep, nil
}
