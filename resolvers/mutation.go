package resolvers

import (
	"context"
	"strings"
	"time"

	"github.com/citygraph/citygraph/graph"
)

// apiSource marks records written through the API.
const apiSource = "api"

// authorize lets a mutation through only with the admin token.
// Errors: FORBIDDEN when mutations are off, UNAUTHORIZED without the token.
func (r *Resolver) authorize(ctx context.Context) error {
	if !r.mutate {
		return graph.Errorf(graph.EFORBIDDEN, "mutations are off on this server: no admin token is configured (start it with CITYGRAPH_ADMIN_TOKEN set)")
	}
	if !IsAdmin(ctx) {
		return graph.Errorf(graph.EUNAUTHORIZED, "mutations need the admin token: send the header \"Authorization: Bearer <token>\"")
	}
	if r.store == nil || r.live == nil {
		return graph.Errorf(graph.EUNAVAILABLE, "no store to write to")
	}
	return nil
}

// write applies b to the store and swaps in the new projection. A write
// that the store committed is a success whatever happens next: the reload
// runs on in the background when it takes longer than the request can
// wait (then the state is nil), and a failed reload is logged and left to
// the next poll.
func (r *Resolver) write(ctx context.Context, op string, b *graph.Batch) (graph.ApplyStats, *state, error) {
	stats, err := r.store.Apply(ctx, b)
	if err != nil {
		return stats, nil, err
	}
	log := r.log.With().Str("op", op).Int64("version", stats.Version).Logger()
	wait, cancel := context.WithTimeout(context.WithoutCancel(ctx), reloadWait(ctx))
	defer cancel()
	select {
	case err := <-r.live.LoadAsync(ctx):
		if err != nil {
			log.Error().Err(err).Msg("written, but reloading the projection failed; the next poll retries")
			return stats, nil, nil
		}
	case <-wait.Done():
		log.Warn().Msg("written; the projection is still reloading in the background")
		return stats, nil, nil
	}
	log.Info().Int("created", stats.Created).Int("merged", stats.Merged).Msg("write applied")
	s, err := r.current()
	repin(ctx, s)
	return stats, s, err
}

// reloadWait is how long a write waits for its reload before it answers:
// half the time the request has left, at most a minute.
func reloadWait(ctx context.Context) time.Duration {
	if dl, ok := ctx.Deadline(); ok {
		return max(time.Until(dl)/2, 0)
	}
	return time.Minute
}

// written is the link a mutation answers with: as the new projection holds
// it, or, while that is still loading, as it was written.
func written(s *state, key string, b *graph.Batch, op string) (graph.Partnership, error) {
	if s == nil {
		return b.Partnerships[0], nil
	}
	got, ok := s.link(key)
	if !ok {
		return graph.Partnership{}, &graph.Error{Code: graph.EINTERNAL, Message: "internal error", Op: op, Err: graph.Errorf(graph.EINTERNAL, "link %s missing after write", key)}
	}
	return got, nil
}

// ends resolves the two ends of a link. Errors: INVALID, NOT_FOUND,
// AMBIGUOUS.
func (s *state) ends(a, b string) (graph.Municipality, graph.Municipality, error) {
	ia, err := s.resolve(a)
	if err != nil {
		return graph.Municipality{}, graph.Municipality{}, err
	}
	ib, err := s.resolve(b)
	if err != nil {
		return graph.Municipality{}, graph.Municipality{}, err
	}
	return *s.p.Node(ia), *s.p.Node(ib), nil
}

// link returns the stored link with the given key.
func (s *state) link(key string) (graph.Partnership, bool) {
	i, _ := s.p.IndexOf(strings.SplitN(key, "|", 2)[0])
	for _, li := range s.p.LinksOf(i) {
		if s.p.Link(li).Key() == key {
			return *s.p.Link(li), true
		}
	}
	return graph.Partnership{}, false
}

// linkEnds authorizes a mutation of a link and resolves its two ends on
// the current state. Errors: FORBIDDEN, UNAUTHORIZED, UNAVAILABLE,
// INVALID, NOT_FOUND, AMBIGUOUS.
func (r *mutationResolver) linkEnds(ctx context.Context, a, b string) (*state, graph.Municipality, graph.Municipality, error) {
	if err := r.authorize(ctx); err != nil {
		return nil, graph.Municipality{}, graph.Municipality{}, err
	}
	s, err := r.current()
	if err != nil {
		return nil, graph.Municipality{}, graph.Municipality{}, err
	}
	ma, mb, err := s.ends(a, b)
	return s, ma, mb, err
}

// AddPartnership adds a link between two existing places, or merges the
// date and topics into the existing link of that kind.
func (r *mutationResolver) AddPartnership(ctx context.Context, a, b string, kind graph.Kind, since *graph.Date, topics []string) (graph.Partnership, error) {
	_, ma, mb, err := r.linkEnds(ctx, a, b)
	if err != nil {
		return graph.Partnership{}, err
	}
	p := graph.Partnership{A: ma.ID, B: mb.ID, Kind: kind, Topics: topics, Sources: []graph.Source{{File: apiSource, SourceID: "addPartnership"}}}
	if since != nil {
		p.Since = *since
	}
	p.Normalize()
	batch := &graph.Batch{Partnerships: []graph.Partnership{p}}
	if err := batch.Validate(); err != nil {
		return graph.Partnership{}, err
	}
	_, s, err := r.write(ctx, "add partnership", batch)
	if err != nil {
		return graph.Partnership{}, err
	}
	return written(s, p.Key(), batch, "add partnership")
}

// EndPartnership ends an existing link: a dated ENDED event with the
// reason; the link's until becomes the date.
func (r *mutationResolver) EndPartnership(ctx context.Context, a, b string, kind graph.Kind, until graph.Date, reason *string) (graph.Partnership, error) {
	if until.IsZero() {
		return graph.Partnership{}, graph.Errorf(graph.EINVALID, "until: give the date the partnership ended")
	}
	return r.statusEvent(ctx, "endPartnership", a, b, kind, graph.StatusEnded, &until, reason)
}

// PausePartnership pauses an existing link ("ruhend") at a date, today by
// default.
func (r *mutationResolver) PausePartnership(ctx context.Context, a, b string, kind graph.Kind, date *graph.Date, reason *string) (graph.Partnership, error) {
	return r.statusEvent(ctx, "pausePartnership", a, b, kind, graph.StatusPaused, date, reason)
}

// ResumePartnership makes a paused or ended link active again at a date,
// today by default.
func (r *mutationResolver) ResumePartnership(ctx context.Context, a, b string, kind graph.Kind, date *graph.Date, reason *string) (graph.Partnership, error) {
	return r.statusEvent(ctx, "resumePartnership", a, b, kind, graph.StatusActive, date, reason)
}

// statusEvent writes a status change of an existing link as a dated event
// (graph.Event) with the reason; op names the mutation and is the event's
// source id. Errors: FORBIDDEN, UNAUTHORIZED, INVALID (a date in the
// future, an end before the link began), NOT_FOUND, AMBIGUOUS.
func (r *mutationResolver) statusEvent(ctx context.Context, op, a, b string, kind graph.Kind, status graph.Status, date *graph.Date, reason *string) (graph.Partnership, error) {
	s, ma, mb, err := r.linkEnds(ctx, a, b)
	if err != nil {
		return graph.Partnership{}, err
	}
	today := graph.DateOf(r.now())
	d := today
	if date != nil {
		d = *date
	}
	if today.Before(d.First()) {
		return graph.Partnership{}, graph.Errorf(graph.EINVALID, "date %s lies in the future (today is %s)", d, today)
	}
	src := graph.Source{File: apiSource, SourceID: op}
	p := graph.Partnership{A: ma.ID, B: mb.ID, Kind: kind, Sources: []graph.Source{src},
		Events: []graph.Event{{Date: d, Status: status, Reason: strings.TrimSpace(deref(reason)), Source: src}}}
	p.Normalize()
	batch := &graph.Batch{Partnerships: []graph.Partnership{p}}
	if err := batch.Validate(); err != nil {
		return graph.Partnership{}, err
	}
	key := p.Key()
	old, ok := s.link(key)
	if !ok {
		return graph.Partnership{}, graph.Errorf(graph.ENOTFOUND, "no %s link between %s and %s", kind, ma.ID, mb.ID)
	}
	if !old.Since.IsZero() && d.Last().Before(old.Since.First()) {
		return graph.Partnership{}, graph.Errorf(graph.EINVALID, "%s %s is before the partnership began (%s)", strings.ToLower(string(status)), d, old.Since)
	}
	_, s, err = r.write(ctx, op, batch)
	if err != nil {
		return graph.Partnership{}, err
	}
	return written(s, key, batch, op)
}
