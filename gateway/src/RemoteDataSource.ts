import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
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
}
