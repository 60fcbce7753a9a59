import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supergraphForPlanner } from '../../gateway/src/auth/index.ts';
import { SUPERGRAPH_FILE } from '../../scripts/supergraph.ts';

/** The operations docs/returns.md shows are valid against the composed graph, as written. */
describe('docs/returns.md operations', () => {
  let gateway: ApolloGateway;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    gateway = new ApolloGateway({ supergraphSdl: supergraphForPlanner(readFileSync(SUPERGRAPH_FILE, 'utf8')) });
    schema = (await gateway.load()).schema;
  });
  afterAll(async () => {
    await gateway?.stop();
  });

  it('every graphql block validates', () => {
    const doc = readFileSync(new URL('../../docs/returns.md', import.meta.url), 'utf8');
    const blocks = [...doc.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);
    expect(blocks.length).toBeGreaterThan(0);
    const document = parse(blocks.join('\n'));
    expect(document.definitions.length).toBe(5);
    expect(validate(schema, document).map((e) => e.message)).toEqual([]);
  });
});
