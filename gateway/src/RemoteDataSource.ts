import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { context as otelContext, propagation } from '@opentelemetry/api';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { remainingBudget } from '../../adapters/core/src/index.ts';
import { CALLER_HEADER, DEADLINE_HEADER, DEV_SIGNING_SECRET, encodeCaller, signRequest } from '../../subgraphs/runtime/src/index.ts';
import type { GatewayContext } from './context.ts';

/** A subgraph over HTTP (distributed mode): the request id and remaining budget travel along. */
export class RemoteDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0] & { signingSecret?: string }) {
    super(config);
    this.fetcher = signingFetcher(this.fetcher, config?.signingSecret ?? DEV_SIGNING_SECRET);
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const headers = options.request.http?.headers;
    if (!headers || !('context' in options) || !options.context.call) return;
    const { call } = options.context;
    headers.set('x-request-id', call.requestId);
    // W3C traceparent of the gateway's fetch span: the subgraph's spans join the same trace.
    propagation.inject(otelContext.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
    // The subgraph-trust signing covers this header, so a caller cannot be forged past the gateway.
    if (options.context.caller) headers.set(CALLER_HEADER, encodeCaller(options.context.caller));
    const budget = remainingBudget(call);
    if (Number.isFinite(budget)) headers.set(DEADLINE_HEADER, String(Math.max(1, Math.floor(budget))));
  }

  /** A subgraph's stale reads travel in its response extensions; the gateway reports them once. */
  override didReceiveResponse({
    response,
    context,
  }: {
    response: GatewayGraphQLResponse;
    context: GatewayContext;
  }): GatewayGraphQLResponse {
    const stale = response.extensions?.stale;
    if (Array.isArray(stale) && context.stale) context.stale.merge(stale as { system: string; ageMs: number }[]);
    return response;
  }
}

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/**
 * Signs each subgraph request last, over the exact body bytes and caller header that go on
 * the wire (after willSendRequest and the body's serialisation), so nothing set later can
 * break or bypass the signature.
 */
function signingFetcher(fetcher: Fetcher, secret: string): Fetcher {
  return (url, init) => {
    const headers = { ...(init?.headers as Record<string, string> | undefined) };
    const body = typeof init?.body === 'string' ? init.body : '';
    return fetcher(url, { ...init, headers: { ...headers, ...signRequest(secret, body, headers[CALLER_HEADER] ?? '') } });
  };
}
