import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { execute, parse, type DocumentNode } from 'graphql';
import { StaleReads, type SubgraphContext, type SubgraphDefinition } from '../../subgraphs/runtime/src/index.ts';
import type { GatewayContext } from './context.ts';

const MAX_CACHED_DOCUMENTS = 1000;

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/**
 * Runs a subgraph fetch in-process: no HTTP, no JSON round trip, the subgraph's resolvers
 * share the request's budget and DataLoaders. Parsed fetch documents are cached, since a
 * query plan sends the same few documents again and again.
 */
export class EmbeddedDataSource<C extends SubgraphContext> implements GraphQLDataSource<GatewayContext> {
  private readonly documents = new Map<string, DocumentNode>();

  constructor(private readonly subgraph: SubgraphDefinition<C>) {}

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    const gatewayContext = 'context' in options ? options.context : undefined;
    const query = request.query ?? '';
    const document = this.document(query);
    const contextValue = this.subgraph.createContext({
      call: gatewayContext?.call ?? { requestId: crypto.randomUUID() },
      memo: gatewayContext?.memo ?? new Map(),
      stale: gatewayContext?.stale ?? new StaleReads(),
      ...(gatewayContext?.caller && { caller: gatewayContext.caller }),
    });
    const result = await execute({
      schema: this.subgraph.schema,
      document,
      contextValue,
      variableValues: request.variables ?? {},
      ...(request.operationName && { operationName: request.operationName }),
    });
    const errors = [...(result.errors ?? []), ...contextValue.partial.errors];
    return {
      ...(result.data !== undefined && { data: result.data as Record<string, unknown> | null }),
      ...(errors.length > 0 && { errors: errors.map((e) => e.toJSON()) }),
    };
  }

  private document(query: string): DocumentNode {
    let doc = this.documents.get(query);
    if (!doc) {
      doc = parse(query);
      if (this.documents.size >= MAX_CACHED_DOCUMENTS) this.documents.clear();
      this.documents.set(query, doc);
    }
    return doc;
  }
}
