import { readFileSync } from 'node:fs';

export interface GraphQLError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; system?: string };
}

export interface PersistedResult<T> {
  data: T | null;
  errors: GraphQLError[];
}

/**
 * Calls the graph the only way a chatbot key may: by the id of an operation in the persisted-
 * operations manifest (Apollo's format), never with query text. The key goes in `x-api-key`.
 */
export class PersistedClient {
  private readonly ids: Map<string, string>;

  constructor(
    private readonly url: string,
    private readonly apiKey: string,
    manifestFile: string,
  ) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { operations: { id: string; name: string }[] };
    this.ids = new Map(manifest.operations.map((op) => [op.name, op.id]));
  }

  async run<T>(operation: string, variables: Record<string, unknown>): Promise<PersistedResult<T>> {
    const id = this.ids.get(operation);
    if (!id) throw new Error(`${operation} is not in the persisted-operations manifest`);
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': this.apiKey },
      body: JSON.stringify({ extensions: { persistedQuery: { version: 1, sha256Hash: id } }, variables }),
    });
    const body = (await res.json()) as { data?: T | null; errors?: GraphQLError[] };
    if (!res.ok) throw new Error(`${operation}: HTTP ${res.status} ${body.errors?.[0]?.message ?? ''}`.trim());
    return { data: body.data ?? null, errors: body.errors ?? [] };
  }
}
