package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/Khan/genqlient/graphql"
)

// headerDoer adds headers to every request of a genqlient client.
type headerDoer struct {
	header map[string]string
}

func (d headerDoer) Do(r *http.Request) (*http.Response, error) {
	for k, v := range d.header {
		r.Header.Set(k, v)
	}
	return http.DefaultClient.Do(r)
}

const friendsOfMannheim = `{ city(name: "Mannheim") { partners(kinds: [FRIENDSHIP]) { city { name } } } }`

// TestStandardGraphQLClient talks to the real server with genqlient, a
// standard Go GraphQL client, over POST and GET, in both response media
// types, through success, request errors, the GET-mutation refusal and an
// authorised mutation.
func TestStandardGraphQLClient(t *testing.T) {
	p := serve(t, []string{"CITYGRAPH_ADMIN_TOKEN=admin-e2e"}, false, "--store", demoCopy(t))
	ctx := context.Background()
	endpoint := p.base + "/graphql"

	type cityData struct {
		City *struct {
			ID       string `json:"id"`
			Name     string `json:"name"`
			Partners []struct {
				City struct {
					Country string `json:"country"`
				} `json:"city"`
			} `json:"partners"`
		} `json:"city"`
	}
	const cityQuery = `query City($name: String!) { city(name: $name) { id name partners { city { country } } } }`
	for _, c := range []struct {
		name   string
		client graphql.Client
	}{
		{"POST", graphql.NewClient(endpoint, http.DefaultClient)},
		{"GET", graphql.NewClientUsingGet(endpoint, http.DefaultClient)},
		{"POST application/json", graphql.NewClient(endpoint, headerDoer{map[string]string{"Accept": "application/json"}})},
		{"GET application/graphql-response+json", graphql.NewClientUsingGet(endpoint, headerDoer{map[string]string{"Accept": "application/graphql-response+json"}})},
	} {
		t.Run(c.name, func(t *testing.T) {
			var data cityData
			err := c.client.MakeRequest(ctx, &graphql.Request{Query: cityQuery, OpName: "City", Variables: map[string]any{"name": "Muenchen"}},
				&graphql.Response{Data: &data})
			if err != nil {
				t.Fatal(err)
			}
			if data.City == nil || data.City.ID != "DE:09162000" || data.City.Name != "München" || len(data.City.Partners) == 0 {
				t.Fatalf("city: %+v", data.City)
			}
		})
	}

	t.Run("request errors", func(t *testing.T) {
		bad := &graphql.Request{Query: `{ nosuchfield }`}
		// Without Accept the server answers as with application/graphql-response+json: 400, no data.
		err := graphql.NewClient(endpoint, http.DefaultClient).MakeRequest(ctx, bad, &graphql.Response{})
		var he *graphql.HTTPError
		if !errors.As(err, &he) || he.StatusCode != 400 || len(he.Response.Errors) == 0 ||
			he.Response.Errors[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" || he.Response.Data != nil {
			t.Fatalf("validation error without Accept: %#v", err)
		}
		// With application/json: 200 and the errors.
		var resp graphql.Response
		err = graphql.NewClient(endpoint, headerDoer{map[string]string{"Accept": "application/json"}}).MakeRequest(ctx, bad, &resp)
		if errors.As(err, &he) || err == nil || len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "GRAPHQL_VALIDATION_FAILED" {
			t.Fatalf("validation error with application/json: %#v, response %+v", err, resp)
		}
	})

	const mutation = `mutation Add($a: String!, $b: String!) { addPartnership(a: $a, b: $b, kind: FRIENDSHIP, since: "2024-05") { kind since } }`
	vars := map[string]any{"a": "Mannheim", "b": "Kyiv"}
	admin := headerDoer{map[string]string{"Authorization": "Bearer admin-e2e"}}
	t.Run("mutation over GET is 405", func(t *testing.T) {
		// genqlient itself never sends one; a hand-made GET gets 405 with
		// Allow: POST, and nothing is written.
		q := url.Values{"query": {mutation}, "variables": {`{"a": "Mannheim", "b": "Kyiv"}`}}
		req, _ := http.NewRequest(http.MethodGet, endpoint+"?"+q.Encode(), nil)
		req.Header.Set("Authorization", "Bearer admin-e2e")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body graphql.Response
		_ = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" ||
			len(body.Errors) == 0 || body.Errors[0].Extensions["code"] != "METHOD_NOT_ALLOWED" || body.Data != nil {
			t.Fatalf("GET mutation: %d, Allow %q, %+v", resp.StatusCode, resp.Header.Get("Allow"), body)
		}
		if r := p.query(t, friendsOfMannheim, nil); strings.Contains(string(r.Data), "Kyiv") || strings.Contains(string(r.Data), "Kiew") {
			t.Fatalf("the mutation sent with GET was executed: %s", r.body)
		}
	})
	t.Run("mutation over POST with the token", func(t *testing.T) {
		var data struct {
			AddPartnership struct {
				Kind  string  `json:"kind"`
				Since *string `json:"since"`
			} `json:"addPartnership"`
		}
		// Without the token: 401 with graphql-response+json.
		err := graphql.NewClient(endpoint, http.DefaultClient).MakeRequest(ctx, &graphql.Request{Query: mutation, Variables: vars}, &graphql.Response{})
		var he *graphql.HTTPError
		if !errors.As(err, &he) || he.StatusCode != http.StatusUnauthorized {
			t.Fatalf("mutation without token: %#v", err)
		}
		if err := graphql.NewClient(endpoint, admin).MakeRequest(ctx, &graphql.Request{Query: mutation, Variables: vars},
			&graphql.Response{Data: &data}); err != nil {
			t.Fatal(err)
		}
		if data.AddPartnership.Kind != "FRIENDSHIP" || data.AddPartnership.Since == nil || *data.AddPartnership.Since != "2024-05" {
			t.Fatalf("addPartnership: %+v", data)
		}
		if r := p.query(t, friendsOfMannheim, nil); !strings.Contains(string(r.Data), "Kyiv") && !strings.Contains(string(r.Data), "Kiew") {
			t.Fatalf("the mutation sent with POST is not visible: %s", r.body)
		}
	})
}
