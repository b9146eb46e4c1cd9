// Package resolvers answers citygraph's GraphQL API (package schema) from
// the in-memory projection of the graph: reads run on the current
// projection held by a live.Holder, writes go to the store and then swap in
// a new projection. It also selects the subgraphs of exports and maps every
// error to its extensions.code.
package resolvers

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/citygraph/citygraph/analytics"
	"github.com/citygraph/citygraph/graph"
	"github.com/citygraph/citygraph/graph/gazetteer"
	"github.com/citygraph/citygraph/identity"
	"github.com/citygraph/citygraph/importer"
	"github.com/citygraph/citygraph/live"
	"github.com/citygraph/citygraph/schema"
	"github.com/rs/zerolog"
)

// DefaultMaxPageSize is the largest page of cities or partnerships when
// Config.MaxPageSize is 0.
const DefaultMaxPageSize = 100

// MaxDepth is the deepest neighbourhood a query may ask for.
const MaxDepth = 3

// Config holds what the resolvers need.
type Config struct {
	// Live holds the projection reads run on; required. New registers
	// with it (live.Holder.OnLoad) so that the resolvers' indexes of a new
	// projection are built before it is served.
	Live *live.Holder
	// Store is where writes go; required for mutations.
	Store graph.Store
	// Importer reads uploaded files (importFile); when nil, one is made on
	// the first import from the embedded gazetteer (Directory, if given,
	// and gazetteer.LoadCountries).
	Importer *importer.Importer
	// Log receives the resolvers' own log lines (reloads after writes).
	Log zerolog.Logger
	// MaxPageSize bounds first on lists (DefaultMaxPageSize when 0).
	MaxPageSize int
	// MutationsEnabled turns mutations on; the server sets it when an admin
	// token is configured. Without it every mutation fails with FORBIDDEN,
	// with it a mutation needs WithAdmin on its context.
	MutationsEnabled bool
	// Cache keeps analysis results per projection version; New makes one
	// when nil.
	Cache *analytics.Cache
	// Workers bounds the goroutines of parallel analyses (0: one per CPU).
	Workers int
	// Directory is the German municipality directory coverage tables count
	// against; when nil, gazetteer.LoadGermany is loaded on first use.
	Directory *gazetteer.Directory
	// Now tells the date for "today" (recommendations, changes); time.Now
	// when nil.
	Now func() time.Time
}

// Resolver is the root resolver: it holds the dependencies and implements
// schema.ResolverRoot.
type Resolver struct {
	live     *live.Holder
	last     atomic.Pointer[state] // the indexes of the latest projection
	buildMu  sync.Mutex            // one build of indexes at a time
	store    graph.Store
	importer *importer.Importer
	refOnce  sync.Once // loads the reference data and the importer when not given
	refErr   error
	ref      *identity.Reference
	log      zerolog.Logger
	maxPage  int
	mutate   bool
	cache    *analytics.Cache
	workers  int
	dir      *gazetteer.Directory
	now      func() time.Time
}

// New returns the root resolver for cfg.
func New(cfg Config) *Resolver {
	r := &Resolver{
		live:     cfg.Live,
		store:    cfg.Store,
		importer: cfg.Importer,
		log:      cfg.Log,
		maxPage:  cfg.MaxPageSize,
		mutate:   cfg.MutationsEnabled,
		cache:    cfg.Cache,
		workers:  cfg.Workers,
		dir:      cfg.Directory,
		now:      cfg.Now,
	}
	if r.now == nil {
		r.now = time.Now
	}
	if r.maxPage <= 0 {
		r.maxPage = DefaultMaxPageSize
	}
	if r.cache == nil {
		r.cache = analytics.NewCache(0)
	}
	if r.live != nil {
		// Everything built per projection is built before it is served:
		// requests never wait for an index linear in the graph.
		r.live.OnLoad(func(p *analytics.Projection) {
			p.Prepare()
			r.stateFor(p)
		})
	}
	return r
}

// stateFor returns the resolvers' indexes of p, built once per projection
// (on Load, through OnLoad; or on first use).
func (r *Resolver) stateFor(p *analytics.Projection) *state {
	if s := r.last.Load(); s != nil && s.p == p {
		return s
	}
	r.buildMu.Lock()
	defer r.buildMu.Unlock()
	if s := r.last.Load(); s != nil && s.p == p {
		return s
	}
	ref, _, err := r.reference()
	if err != nil {
		r.log.Error().Err(err).Msg("reference data: names are found by the graph's own spellings only")
		ref = nil
	}
	s := newState(p, ref)
	r.last.Store(s)
	return s
}

// ExecutableSchema returns the schema bound to r, with complexity
// functions that charge lists by their size: a list of first items costs
// first times what each item asks for.
func ExecutableSchema(r *Resolver) graphql.ExecutableSchema {
	c := schema.Config{Resolvers: r}
	setComplexity(&c.Complexity, r.maxPage)
	return pinned{ExecutableSchema: schema.NewExecutableSchema(c), r: r}
}

// current returns the state reads run on, or UNAVAILABLE before the first
// projection is loaded.
func (r *Resolver) current() (*state, error) {
	if r.live == nil {
		return nil, graph.Errorf(graph.EUNAVAILABLE, "the graph is not loaded yet")
	}
	p := r.live.Current()
	if p == nil {
		return nil, graph.Errorf(graph.EUNAVAILABLE, "the graph is not loaded yet")
	}
	return r.stateFor(p), nil
}

// LoadReference loads the reference data names are found by (the German
// municipality directory and the countries, about 60 ms of CPU) unless it
// is loaded already. The resolvers load it on first use, which is the first
// projection's OnLoad; serve calls LoadReference in a goroutine of its own
// as it starts, so the load runs beside the store's read instead of after
// it. Errors as reference.
func (r *Resolver) LoadReference() error {
	_, _, err := r.reference()
	return err
}

// reference returns the identity layer's reference data and the
// importer, loading the embedded gazetteer on first use for whichever
// Config left out. Errors: INTERNAL when the embedded data cannot be read.
func (r *Resolver) reference() (*identity.Reference, *importer.Importer, error) {
	r.refOnce.Do(func() {
		if r.dir == nil {
			d, err := gazetteer.LoadGermany()
			if err != nil {
				r.refErr = fmt.Errorf("load municipality directory: %w", err)
				return
			}
			r.dir = d
		}
		c, err := gazetteer.LoadCountries()
		if err != nil {
			r.refErr = fmt.Errorf("load countries: %w", err)
			return
		}
		r.ref = identity.New(r.dir, c)
		if r.importer == nil {
			r.importer = importer.NewWith(r.ref)
		}
	})
	return r.ref, r.importer, r.refErr
}

type adminKey struct{}

// WithAdmin returns ctx marked as carrying the admin token; the server
// calls it when the request's bearer token matches CITYGRAPH_ADMIN_TOKEN.
func WithAdmin(ctx context.Context) context.Context {
	return context.WithValue(ctx, adminKey{}, true)
}

// IsAdmin reports whether ctx was marked by WithAdmin.
func IsAdmin(ctx context.Context) bool {
	v, _ := ctx.Value(adminKey{}).(bool)
	return v
}

// Query returns the resolver of Query fields.
func (r *Resolver) Query() schema.QueryResolver { return &queryResolver{r} }

// Mutation returns the resolver of Mutation fields.
func (r *Resolver) Mutation() schema.MutationResolver { return &mutationResolver{r} }

// City returns the resolver of City fields.
func (r *Resolver) City() schema.CityResolver { return &cityResolver{r} }

// Partnership returns the resolver of Partnership fields.
func (r *Resolver) Partnership() schema.PartnershipResolver { return &partnershipResolver{r} }

// Link returns the resolver of Link fields.
func (r *Resolver) Link() schema.LinkResolver { return &linkResolver{r} }

// Network returns the resolver of Network fields.
func (r *Resolver) Network() schema.NetworkResolver { return &networkResolver{r} }

// Membership returns the resolver of Membership fields.
func (r *Resolver) Membership() schema.MembershipResolver { return &membershipResolver{r} }

// Organisation returns the resolver of Organisation fields.
func (r *Resolver) Organisation() schema.OrganisationResolver { return &organisationResolver{r} }

// Community returns the resolver of Community fields.
func (r *Resolver) Community() schema.CommunityResolver { return &communityResolver{r} }

// CountryCoverage returns the resolver of CountryCoverage fields.
func (r *Resolver) CountryCoverage() schema.CountryCoverageResolver {
	return &countryCoverageResolver{r}
}

// OrgLink returns the resolver of OrgLink fields.
func (r *Resolver) OrgLink() schema.OrgLinkResolver { return &orgLinkResolver{r} }

type queryResolver struct{ *Resolver }
type mutationResolver struct{ *Resolver }
type cityResolver struct{ *Resolver }
type partnershipResolver struct{ *Resolver }
type linkResolver struct{ *Resolver }
type networkResolver struct{ *Resolver }
type membershipResolver struct{ *Resolver }
type organisationResolver struct{ *Resolver }
type orgLinkResolver struct{ *Resolver }
type communityResolver struct{ *Resolver }
type countryCoverageResolver struct{ *Resolver }
