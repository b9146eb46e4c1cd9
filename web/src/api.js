// The GraphQL client: every view asks the same API as everyone else
// (POST /graphql), so each view is also a query a researcher can copy.
const cache = new Map();

/** gql runs a query and returns its data; errors throw with the server's message. */
export async function gql(query, variables = {}) {
  const key = query + JSON.stringify(variables);
  if (cache.has(key)) return cache.get(key);
  const p = (async () => {
    const res = await fetch('graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    const body = await res.json().catch(() => ({ errors: [{ message: `HTTP ${res.status}` }] }));
    if (body.errors && body.errors.length) {
      const e = new Error(body.errors.map((x) => x.message).join('; '));
      e.code = body.errors[0].extensions && body.errors[0].extensions.code;
      e.candidates = body.errors[0].extensions && body.errors[0].extensions.candidates;
      throw e;
    }
    return body.data;
  })();
  cache.set(key, p);
  p.catch(() => cache.delete(key));
  if (cache.size > 200) cache.delete(cache.keys().next().value);
  return p;
}

/** exportURL is the /export link for the same selection as a network view. */
export function exportURL(format, sel) {
  const q = new URLSearchParams({ format });
  for (const [k, v] of Object.entries(sel)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  return 'export?' + q.toString();
}
