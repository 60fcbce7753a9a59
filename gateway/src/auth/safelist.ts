import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { PersistedQueryOptions } from '@apollo/server';
import { z } from 'zod';

/** The operation safelist, in Apollo's persisted-query manifest format (what Apollo clients and the router read). */
export const PERSISTED_OPERATIONS_FILE = new URL('../../../schema/persisted-operations.json', import.meta.url);

const manifestSchema = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(
    z.object({
      id: z.string().regex(/^[0-9a-f]{64}$/),
      name: z.string().min(1),
      type: z.enum(['query', 'mutation', 'subscription']),
      body: z.string().min(1),
    }),
  ),
});

type ApqCache = NonNullable<PersistedQueryOptions['cache']>;

export type PersistedOperation = z.infer<typeof manifestSchema>['operations'][number];

export function operationId(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

export class PersistedOperations {
  private readonly byId: Map<string, PersistedOperation>;

  constructor(readonly operations: readonly PersistedOperation[]) {
    for (const op of operations) {
      if (operationId(op.body) !== op.id) throw new Error(`persisted operation ${op.name}: id is not the SHA-256 of its body`);
    }
    this.byId = new Map(operations.map((op) => [op.id, op]));
  }

  static load(file: URL | string = PERSISTED_OPERATIONS_FILE): PersistedOperations {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (!parsed.success)
      throw new Error(
        `invalid persisted-operations manifest: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    return new PersistedOperations(parsed.data.operations);
  }

  get(id: string): PersistedOperation | undefined {
    return this.byId.get(id);
  }

  byName(name: string): PersistedOperation | undefined {
    return this.operations.find((op) => op.name === name);
  }

  /**
   * Apollo Server's APQ cache, with the manifest in front: a client sending only the id gets
   * the manifest's body; other registrations (staff APQ) are kept, up to `maxRegistered`.
   */
  apqCache(maxRegistered = 1000): ApqCache {
    const strip = (key: string) => key.replace(/^apq:/, '');
    const registered = new Map<string, string>();
    return {
      get: async (key) => this.byId.get(strip(key))?.body ?? registered.get(key),
      set: async (key, value) => {
        if (this.byId.has(strip(key))) return;
        if (registered.size >= maxRegistered) registered.delete(registered.keys().next().value!);
        registered.set(key, value);
      },
      delete: async (key) => registered.delete(key),
    };
  }
}
