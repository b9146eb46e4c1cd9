// Runs graphql-http's GraphQL over HTTP conformance audit and its reference
// client against a running citygraph server and prints one JSON object:
// {"audits": [{id, name, status, reason}], "client": {...}}.
//
//   node audit.mjs http://127.0.0.1:PORT/graphql
import { auditServer, createClient, NetworkError } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs URL');
  process.exit(2);
}

const audits = (await auditServer({ url })).map(({ id, name, status, reason }) => ({ id, name, status, reason }));

const client = createClient({ url });
function run(payload) {
  return new Promise((resolve) => {
    let result;
    client.subscribe(payload, {
      next: (r) => { result = r; },
      error: (err) => resolve({ error: err instanceof NetworkError
        ? { network: true, status: err.response ? err.response.status : 0, message: err.message }
        : { network: false, message: String(err && err.message ? err.message : err) } }),
      complete: () => resolve({ result }),
    });
  });
}

const city = await run({
  query: 'query City($name: String!) { city(name: $name) { id name country } }',
  operationName: 'City',
  variables: { name: 'Mannheim' },
});
const invalid = await run({ query: '{ nosuchfield }' });
client.dispose();

console.log(JSON.stringify({ audits, client: { city, invalid } }));
