// Starts GraphiQL on citygraph's own endpoint. Everything the page loads
// comes from this server (no CDN): React, ReactDOM and GraphiQL are served
// from assets/, built by scripts/build-graphiql.sh.
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('citygraph-config').textContent);
  var endpoint = new URL(config.endpoint, window.location.href).toString();
  var fetcher = GraphiQL.createFetcher({ url: endpoint });
  var root = ReactDOM.createRoot(document.getElementById('graphiql'));
  root.render(React.createElement(GraphiQL, {
    fetcher: fetcher,
    defaultQuery: config.defaultQuery,
    defaultEditorToolsVisibility: false,
    isHeadersEditorEnabled: true,
    shouldPersistHeaders: false
  }));
})();
