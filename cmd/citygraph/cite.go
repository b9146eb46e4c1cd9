package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/citygraph/citygraph/analytics"
)

// citeOptions are the flags every analytics command takes for citable
// results: --cite prints a citation and the command that reproduces the
// result, --no-time leaves the time out (byte-identical output).
type citeOptions struct {
	fs       *flag.FlagSet
	analysis string
	cite     *bool
	noTime   *bool
	// seedFlag names the flag that holds the seed, if any.
	seedFlag string
}

// notParameters are flags that say where the data is, how to print or
// where else to put the result (--write), not what to compute.
var notParameters = map[string]bool{"store": true, "neo4j": true, "create": true, "json": true, "cite": true, "no-time": true, "write": true}

// citeFlags adds --cite and --no-time to fs.
func citeFlags(fs *flag.FlagSet, analysis, seedFlag string) *citeOptions {
	return &citeOptions{fs: fs, analysis: analysis, seedFlag: seedFlag,
		cite:   fs.Bool("cite", false, "print a citation of the result and the command that reproduces it"),
		noTime: fs.Bool("no-time", false, "leave the time out of the provenance (byte-identical output for the same inputs)")}
}

// provenance returns the provenance of a result computed on p: every flag
// that says what to compute, with its value (defaults too), the seed, the
// time unless --no-time, and the command line that reproduces it. The
// parameters are keyed by the flags' names in camelCase (--as-of: asOf).
func (c *citeOptions) provenance(p *analytics.Projection) analytics.Provenance {
	params := map[string]string{}
	var seed *int64
	c.fs.VisitAll(func(f *flag.Flag) {
		if notParameters[f.Name] {
			return
		}
		if f.Name == c.seedFlag {
			if v, err := strconv.ParseInt(f.Value.String(), 10, 64); err == nil {
				seed = &v
				return
			}
		}
		params[camelCase(f.Name)] = f.Value.String()
	})
	pr := analytics.NewProvenance(p, c.analysis, params, seed)
	if !*c.noTime {
		pr.Time = time.Now().UTC().Format(time.RFC3339)
	}
	pr.Command = c.command()
	return pr
}

// camelCase turns a flag name into a JSON key: "as-of" -> "asOf".
func camelCase(name string) string {
	parts := strings.Split(name, "-")
	for i := 1; i < len(parts); i++ {
		if parts[i] != "" {
			parts[i] = strings.ToUpper(parts[i][:1]) + parts[i][1:]
		}
	}
	return strings.Join(parts, "")
}

// command is the command line that reproduces the result: the command,
// the flags given (store flags too, so the same data is read), each
// quoted for a POSIX shell when needed; --cite and --no-time left out.
func (c *citeOptions) command() string {
	parts := []string{"citygraph", c.fs.Name()}
	c.fs.Visit(func(f *flag.Flag) {
		if f.Name == "cite" || f.Name == "no-time" {
			return
		}
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			if f.Value.String() == "true" {
				parts = append(parts, "--"+f.Name)
			} else {
				parts = append(parts, "--"+f.Name+"=false")
			}
			return
		}
		parts = append(parts, "--"+f.Name, shellQuote(f.Value.String()))
	})
	return strings.Join(parts, " ")
}

// shellQuote quotes s for a POSIX shell unless it is plain.
func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_.,:/=+@", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// writeCited writes res as indented JSON with "provenance" first (and
// "citation" with --cite); res must encode as a JSON object.
func (a *app) writeCited(c *citeOptions, p *analytics.Projection, res any) error {
	pr := c.provenance(p)
	body, err := json.Marshal(res)
	if err != nil {
		return err
	}
	if len(body) < 2 || body[0] != '{' {
		return fmt.Errorf("internal: result is not a JSON object")
	}
	head, err := json.Marshal(pr)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	buf.WriteString(`{"provenance":`)
	buf.Write(head)
	if *c.cite {
		cit, _ := json.Marshal(pr.Citation())
		buf.WriteString(`,"citation":`)
		buf.Write(cit)
	}
	if len(body) > 2 {
		buf.WriteByte(',')
	}
	buf.Write(body[1:])
	var out bytes.Buffer
	if err := json.Indent(&out, buf.Bytes(), "", "  "); err != nil {
		return err
	}
	out.WriteByte('\n')
	_, err = a.stdout.Write(out.Bytes())
	return err
}

// printCitation prints the citation after a text result when --cite is
// given.
func (a *app) printCitation(c *citeOptions, p *analytics.Projection) {
	if *c.cite {
		fmt.Fprintf(a.stdout, "\nCite as: %s\n", c.provenance(p).Citation())
	}
}
