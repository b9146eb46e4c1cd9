package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// auditReport is what testdata/graphql-http/audit.mjs prints.
type auditReport struct {
	Audits []struct {
		ID, Name, Status, Reason string
	}
	Client struct {
		City struct {
			Result *struct {
				Data struct {
					City *struct{ ID, Name, Country string }
				}
			}
			Error *struct {
				Network bool
				Status  int
				Message string
			}
		}
		Invalid struct {
			Error *struct {
				Network bool
				Status  int
			}
		}
	}
}

// nodeTools finds node and npm. Without them the test is skipped, except
// in CI where it must run.
func nodeTools(t *testing.T) (node, npm string) {
	t.Helper()
	node, errNode := exec.LookPath("node")
	npm, errNpm := exec.LookPath("npm")
	if errNode != nil || errNpm != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node and npm are needed for the GraphQL over HTTP audit: %v %v", errNode, errNpm)
		}
		t.Skip("node or npm not installed")
	}
	return node, npm
}

// TestGraphQLOverHTTPAudit runs graphql-http (the GraphQL over HTTP
// working group's reference implementation: its server conformance audit
// and its client) against the real server. Every audit, MUST, SHOULD and
// MAY alike, must pass.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	node, npm := nodeTools(t)
	dir := t.TempDir()
	for _, f := range []string{"package.json", "package-lock.json", "audit.mjs"} {
		b, err := os.ReadFile(filepath.Join("testdata", "graphql-http", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	install := exec.CommandContext(ctx, npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts")
	install.Dir = dir
	if out, err := install.CombinedOutput(); err != nil {
		t.Fatalf("npm ci (graphql-http from the npm registry): %v\n%s", err, out)
	}

	p := serve(t, nil, false, "--store", demoCopy(t))
	run := exec.CommandContext(ctx, node, "audit.mjs", p.base+"/graphql")
	run.Dir = dir
	var stdout, stderr bytes.Buffer
	run.Stdout, run.Stderr = &stdout, &stderr
	if err := run.Run(); err != nil {
		t.Fatalf("node audit.mjs: %v\n%s", err, stderr.String())
	}
	var rep auditReport
	if err := json.Unmarshal(stdout.Bytes(), &rep); err != nil {
		t.Fatalf("audit output: %v\n%s", err, stdout.String())
	}
	if len(rep.Audits) < 50 {
		t.Fatalf("only %d audits ran", len(rep.Audits))
	}
	for _, a := range rep.Audits {
		if a.Status != "ok" {
			t.Errorf("audit %s %q: %s: %s", a.ID, a.Name, a.Status, a.Reason)
		}
	}
	t.Logf("%d GraphQL over HTTP audits passed", len(rep.Audits))

	// The reference client: a query with variables, and a request error
	// it reports as the 400 the server sent.
	city := rep.Client.City
	if city.Error != nil || city.Result == nil || city.Result.Data.City == nil || city.Result.Data.City.ID != "DE:08222000" {
		t.Errorf("client query: %+v", city)
	}
	if inv := rep.Client.Invalid.Error; inv == nil || !inv.Network || inv.Status != 400 {
		t.Errorf("client with an invalid query: %+v", rep.Client.Invalid)
	}
}
