import { readdirSync, readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { Kind, parse, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supergraphForPlanner } from '../../gateway/src/auth/index.ts';
import { SUPERGRAPH_FILE } from '../../scripts/supergraph.ts';

const DOCS = new URL('../../docs/', import.meta.url);

/** Each doc's ```graphql blocks that hold operations (schema excerpts are left out). */
function operationsOf(file: string): DocumentNode[] {
  const text = readFileSync(new URL(file, DOCS), 'utf8');
  return [...text.matchAll(/```graphql\n([\s\S]*?)```/g)]
    .map((m) => parse(m[1]!))
    .filter((d) => d.definitions.some((def) => def.kind === Kind.OPERATION_DEFINITION));
}

const docs = readdirSync(DOCS).filter((f) => f.endsWith('.md'));

/** The operations the docs show are valid against the composed graph, as written. */
describe('operations in docs/*.md', () => {
  let gateway: ApolloGateway;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    gateway = new ApolloGateway({ supergraphSdl: supergraphForPlanner(readFileSync(SUPERGRAPH_FILE, 'utf8')) });
    schema = (await gateway.load()).schema;
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('the docs that teach a flow show operations', () => {
    for (const file of ['agent-flow.md', 'returns.md', 'fulfilment.md', 'shipments.md'])
      expect(operationsOf(file).length, file).toBeGreaterThan(0);
    expect(operationsOf('returns.md').flatMap((d) => d.definitions)).toHaveLength(5);
  });

  it.each(docs)('%s: every operation validates', (file) => {
    for (const document of operationsOf(file)) expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  });
});
