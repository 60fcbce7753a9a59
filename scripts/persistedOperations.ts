import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Kind, parse, print } from 'graphql';
import { operationId, type PersistedOperation } from '../gateway/src/auth/index.ts';
import { ROOT } from './supergraph.ts';

/**
 * Builds `schema/persisted-operations.json` (Apollo's persisted-query manifest) from the
 * operations in `schema/operations/*.graphql`, one operation per file. The id is the SHA-256
 * of the printed body, what Apollo clients send as `extensions.persistedQuery.sha256Hash`.
 * `npm run persisted -- --check` fails when the committed manifest is stale.
 */
export const OPERATIONS_DIR = resolve(ROOT, 'schema/operations');
export const MANIFEST_FILE = resolve(ROOT, 'schema/persisted-operations.json');

export function buildManifest(): string {
  const operations: PersistedOperation[] = [];
  for (const file of readdirSync(OPERATIONS_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()) {
    const doc = parse(readFileSync(resolve(OPERATIONS_DIR, file), 'utf8'), { noLocation: true });
    const ops = doc.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (ops.length !== 1 || !ops[0]!.name) throw new Error(`${file}: needs exactly one named operation`);
    const body = print(doc);
    operations.push({ id: operationId(body), name: ops[0]!.name.value, type: ops[0]!.operation, body });
  }
  return `${JSON.stringify({ format: 'apollo-persisted-query-manifest', version: 1, operations }, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = buildManifest();
  if (process.argv.includes('--check')) {
    if (readFileSync(MANIFEST_FILE, 'utf8') !== manifest) {
      console.error('schema/persisted-operations.json is stale (run: npm run persisted)');
      process.exit(1);
    }
    console.log('persisted operations are fresh');
  } else {
    writeFileSync(MANIFEST_FILE, manifest);
    console.log(`wrote schema/persisted-operations.json (${JSON.parse(manifest).operations.length} operations)`);
  }
}
