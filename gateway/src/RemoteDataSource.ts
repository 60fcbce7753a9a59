import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { remainingBudget } from '../../adapters/core/src/index.ts';
import { DEADLINE_HEADER } from '../../subgraphs/runtime/src/index.ts';
import type { GatewayContext } from './context.ts';

/** A subgraph over HTTP (distributed mode): the request id and remaining budget travel along. */
export class RemoteDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = options.request.http?.headers;
    if (!headers || !('context' in options) || !options.context.call) return;
    const { call } = options.context;
    headers.set('x-request-id', call.requestId);
    const budget = remainingBudget(call);
    if (Number.isFinite(budget)) headers.set(DEADLINE_HEADER, String(Math.max(1, Math.floor(budget))));
  }

  /** A subgraph's stale reads travel in its response extensions; the gateway reports them once. */
  override didReceiveResponse({ response, context }: { response: GatewayGraphQLResponse; context: GatewayContext }): GatewayGraphQLResponse {
    const stale = response.extensions?.stale;
    if (Array.isArray(stale) && context.stale) context.stale.merge(stale as { system: string; ageMs: number }[]);
    return response;
  }
}
