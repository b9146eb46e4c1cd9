// Command citygraph turns city diplomacy — town twinning and other municipal
// partnerships, city networks and links to international organisations —
// into one queryable graph.
//
//	citygraph import FILE...        import RGRE-style tables, pair lists, memberships, counts
//	citygraph stats [--json]        what the store holds
//	citygraph analyze ...           centrality, communities, global figures, coverage
//	citygraph recommend --city ID   candidate partner cities with reasons
//	citygraph serve                 the GraphQL API and explorer page
//
// With no store flags every command uses the embedded store at
// $CITYGRAPH_STORE or ~/.local/share/citygraph/citygraph.db; --neo4j URI (or
// NEO4J_URI) uses a Neo4j server instead.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/mattn/go-isatty"
	"github.com/rs/zerolog"

	"github.com/citygraph/citygraph/suggest"
)

// exit codes
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// app holds what every command needs: the logger, the standard streams and
// the environment. There are no globals: main builds one app and passes it
// down.
type app struct {
	log    zerolog.Logger
	stdout io.Writer
	stderr io.Writer
	stdin  io.Reader
	getenv func(string) string
	// isTerminal reports whether stderr is a terminal (progress bars).
	isTerminal bool
}

// errUsage marks an error in the command line; main prints it with the
// command's usage and exits with 2.
var errUsage = errors.New("usage")

// usageError wraps a message as a usage error.
func usageError(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errUsage, fmt.Sprintf(format, args...))
}

const mainUsage = `citygraph: city diplomacy as a queryable graph

Usage:
  citygraph <command> [flags] [arguments]

Commands:
  import      import partnership tables, pair lists, memberships, counts per Land
  stats       summarise what the store holds
  conflicts   the links whose sources disagree (since, until, status), with every value and source
  check       data-quality checks: cross-level duplicates, former municipalities, networks as twinnings, coverage over 100 %, unlinked municipalities
  places      check the places: suspected duplicates and wrong coordinates (places check)
  analyze     centrality, communities, global figures, coverage
  recommend   candidate partner cities for a municipality, with reasons
  scores      the analysis results written onto the places (analyze ... --write): list, remove
  serve       serve the GraphQL API, the explorer page and exports over HTTP
  export      write the graph or a part of it for Gephi, QGIS, Excel, NetworkX, igraph
  demo        load the bundled demo data into the store
  completion  print a shell completion script: completion bash|zsh|fish
  version     print the version (also --version)

Every command takes --help. Store selection (all commands):
  --store PATH   embedded store file (env CITYGRAPH_STORE; default ~/.local/share/citygraph/citygraph.db)
  --neo4j URI    use Neo4j instead (env NEO4J_URI, NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE)

Logging: CITYGRAPH_LOG_LEVEL (debug, info, warn, error; default info),
CITYGRAPH_LOG_FORMAT (json or console; default console on a terminal).
`

// commands lists the commands, for suggestions and shell completion.
var commands = []string{"import", "stats", "conflicts", "check", "places", "analyze", "recommend", "scores", "serve", "export", "demo", "completion", "version", "help"}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	a := newApp(os.Stdout, os.Stderr, os.Stdin, os.Getenv, isatty.IsTerminal(os.Stderr.Fd()))
	os.Exit(a.run(ctx, os.Args[1:]))
}

func newApp(stdout, stderr io.Writer, stdin io.Reader, getenv func(string) string, tty bool) *app {
	a := &app{stdout: stdout, stderr: stderr, stdin: stdin, getenv: getenv, isTerminal: tty}
	level, err := zerolog.ParseLevel(strings.ToLower(getenv("CITYGRAPH_LOG_LEVEL")))
	if err != nil || getenv("CITYGRAPH_LOG_LEVEL") == "" {
		level = zerolog.InfoLevel
	}
	var w io.Writer = stderr
	format := getenv("CITYGRAPH_LOG_FORMAT")
	if format == "console" || (format == "" && tty) {
		w = zerolog.ConsoleWriter{Out: stderr, TimeFormat: "15:04:05"}
	}
	a.log = zerolog.New(w).Level(level).With().Timestamp().Logger()
	return a
}

// run executes one command line and returns the exit code.
func (a *app) run(ctx context.Context, args []string) int {
	if len(args) == 0 {
		fmt.Fprint(a.stderr, mainUsage)
		return exitUsage
	}
	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "import":
		err = a.runImport(ctx, rest)
	case "places":
		err = a.runPlaces(ctx, rest)
	case "stats":
		err = a.runStats(ctx, rest)
	case "conflicts":
		err = a.runConflicts(ctx, rest)
	case "check":
		err = a.runCheck(ctx, rest)
	case "analyze", "analyse":
		err = a.runAnalyze(ctx, rest)
	case "recommend":
		err = a.runRecommend(ctx, rest)
	case "scores":
		err = a.runScores(ctx, rest)
	case "serve":
		err = a.runServe(ctx, rest)
	case "demo":
		err = a.runDemo(ctx, rest)
	case "export":
		err = a.runExport(ctx, rest)
	case "completion":
		err = a.runCompletion(rest)
	case "version", "--version", "-version", "-v":
		fmt.Fprintln(a.stdout, versionLine(readBuildInfo()))
	case "help", "-h", "-help", "--help":
		fmt.Fprint(a.stdout, mainUsage)
	default:
		fmt.Fprintf(a.stderr, "citygraph: unknown command %q%s\n\n%s", cmd, suggest.DidYouMean(cmd, commands), mainUsage)
		return exitUsage
	}
	var reported *reportedError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &reported):
		if errors.Is(err, errUsage) {
			return exitUsage
		}
		return exitError
	case errors.Is(err, errUsage):
		fmt.Fprintf(a.stderr, "citygraph %s: %s\n", cmd, strings.TrimPrefix(err.Error(), "usage: "))
		fmt.Fprintf(a.stderr, "run 'citygraph %s --help' for usage\n", cmd)
		return exitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintf(a.stderr, "citygraph %s: interrupted\n", cmd)
		return exitError
	}
	fmt.Fprintf(a.stderr, "citygraph %s: %s\n", cmd, err)
	return exitError
}

// reportedError is an error whose details the command already printed.
type reportedError struct{ err error }

func (e *reportedError) Error() string { return e.err.Error() }
func (e *reportedError) Unwrap() error { return e.err }

// newFlagSet returns a flag set that reports errors instead of exiting and
// prints usage with the given synopsis and description.
func (a *app) newFlagSet(name, synopsis, description string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: citygraph %s\n\n%s\n\nFlags:\n", synopsis, strings.TrimSpace(description))
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args; a parse error becomes a usage error, --help
// returns flag.ErrHelp. An unknown flag is reported with the nearest known
// one ("did you mean --metric?") before the usage.
func parseFlags(fs *flag.FlagSet, args []string) error {
	out := fs.Output()
	var msg strings.Builder
	fs.SetOutput(&msg)
	err := fs.Parse(args)
	fs.SetOutput(out)
	if err == nil {
		return nil
	}
	if errors.Is(err, flag.ErrHelp) {
		fmt.Fprint(out, msg.String())
		return err
	}
	text := err.Error()
	if name, ok := strings.CutPrefix(text, "flag provided but not defined: "); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		if near := suggest.Nearest(strings.TrimLeft(name, "-"), names); near != "" {
			text += " (did you mean --" + near + "?)"
		}
	}
	fmt.Fprintf(out, "%s\n", text)
	fs.Usage()
	return &reportedError{fmt.Errorf("%w: %s", errUsage, text)}
}
