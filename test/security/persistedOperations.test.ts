import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { parse, validate, type GraphQLSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PersistedOperations, supergraphForPlanner } from '../../gateway/src/auth/index.ts';
import { buildManifest, MANIFEST_FILE } from '../../scripts/persistedOperations.ts';
import { SUPERGRAPH_FILE } from '../../scripts/supergraph.ts';

describe('the persisted-operations manifest', () => {
  let gateway: ApolloGateway;
  let schema: GraphQLSchema;

  beforeAll(async () => {
    gateway = new ApolloGateway({ supergraphSdl: supergraphForPlanner(readFileSync(SUPERGRAPH_FILE, 'utf8')) });
    schema = (await gateway.load()).schema;
  });

  afterAll(async () => {
    await gateway?.stop();
  });

  it('every operation validates against the supergraph', () => {
    const manifest = PersistedOperations.load();
    expect(manifest.operations.length).toBeGreaterThan(0);
    for (const op of manifest.operations) {
      const errors = validate(schema, parse(op.body));
      expect(errors.map((e) => `${op.name}: ${e.message}`)).toEqual([]);
    }
  });

  it('is fresh: generated from schema/operations (run `npm run persisted`), ids are SHA-256 of the bodies', () => {
    expect(readFileSync(MANIFEST_FILE, 'utf8')).toBe(buildManifest());
    expect(() => PersistedOperations.load()).not.toThrow();
  });
});

describe('docs/security.md role × capability matrix', () => {
  it('every scope the schema asks for is in the role table, and the generated matrix is fresh (npm run security-matrix)', async () => {
    const { buildFieldPolicy } = await import('../../gateway/src/auth/index.ts');
    const { renderMatrix, unknownScopes, updateDocument, SECURITY_DOC } = await import('../../scripts/securityMatrix.ts');
    const policy = buildFieldPolicy(readFileSync(SUPERGRAPH_FILE, 'utf8'));
    expect(unknownScopes(policy)).toEqual([]);
    const current = readFileSync(SECURITY_DOC, 'utf8');
    expect(await updateDocument(current, renderMatrix(policy, PersistedOperations.load()))).toBe(current);
  });
});
