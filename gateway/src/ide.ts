import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';

const require = createRequire(import.meta.url);

/** GraphiQL and React from installed packages: the IDE works with no internet (stores often have none). */
const ASSETS: Record<string, { path: string; type: string }> = {
  'react.js': { path: 'react/umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { path: 'react-dom/umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { path: 'graphiql/graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { path: 'graphiql/graphiql.min.css', type: 'text/css' },
};

export function mountIde(app: FastifyInstance, options: { graphqlPath: string; defaultQuery: string; headersHint?: string }): void {
  const cache = new Map<string, Buffer>();
  app.get<{ Params: { file: string } }>('/ide/:file', async (request, reply) => {
    const asset = ASSETS[request.params.file];
    if (!asset) return reply.code(404).send({ error: 'not found' });
    let body = cache.get(asset.path);
    if (!body) {
      body = readFileSync(require.resolve(asset.path));
      cache.set(asset.path, body);
    }
    return reply.type(asset.type).header('cache-control', 'public, max-age=86400').send(body);
  });
  const page = renderPage(options);
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
}

function renderPage(options: { graphqlPath: string; defaultQuery: string; headersHint?: string }): string {
  const config = JSON.stringify({ url: options.graphqlPath, query: options.defaultQuery, headers: options.headersHint ?? '' }).replace(
    /</g,
    '\\u003c',
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<title>retail360 GraphQL</title>
<link rel="stylesheet" href="/ide/graphiql.css" />
<style>html,body,#graphiql{height:100%;margin:0}</style>
</head>
<body>
<div id="graphiql">Loading…</div>
<script src="/ide/react.js"></script>
<script src="/ide/react-dom.js"></script>
<script src="/ide/graphiql.js"></script>
<script>
const config = ${config};
const fetcher = GraphiQL.createFetcher({ url: config.url });
ReactDOM.createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultQuery: config.query, defaultHeaders: config.headers, defaultEditorToolsVisibility: true })
);
</script>
</body>
</html>`;
}
