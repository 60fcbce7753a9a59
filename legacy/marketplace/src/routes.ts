import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { LwaTokenIssuer } from './auth.ts';
import { ACCESS_DENIED, QUOTA_EXCEEDED, SpApiError, invalidInput } from './errors.ts';
import type { PageTokens } from './pageTokens.ts';
import { ORDER_ID_PATTERN, parseOrdersRequest, runOrdersRequest } from './query.ts';
import { type MarketplaceOperation, type QuotaBuckets, rateLimitHeader } from './rateLimits.ts';
import { renderAddress, renderBuyerInfo, renderItem, renderOrder, spDate } from './render.ts';
import { confirmShipment } from './shipmentConfirmation.ts';
import type { OrderStore, StoredOrder } from './store.ts';

export interface RouteDeps {
  store: OrderStore;
  issuer: LwaTokenIssuer;
  quotas: QuotaBuckets;
  tokens: PageTokens;
  clock: () => number;
  orderItemsPageSize: number;
}

/** Statuses whose responses carry `x-amzn-RateLimit-Limit` in the spec (403, 429 and 5xx do not). */
const RATE_HEADER_STATUSES = new Set([200, 204, 400, 404]);

/** A handler's answer for an operation that succeeds without a body (204). */
const NO_CONTENT = Symbol('no content');

type Handler = (request: FastifyRequest) => unknown;

export function registerRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { store, issuer, quotas, tokens, clock } = deps;

  /** Every SP-API operation: LWA token, then the usage plan, then the handler's own checks. */
  const operation = (name: MarketplaceOperation, handler: Handler) => async (request: FastifyRequest, reply: FastifyReply) => {
    let status = 200;
    let body: unknown;
    try {
      const header = request.headers['x-amz-access-token'];
      const check = issuer.verify(typeof header === 'string' ? header.trim() : undefined);
      if (!check.ok) throw new SpApiError(403, 'Unauthorized', ACCESS_DENIED, check.details);
      if (!quotas.take(check.sellerId, name)) throw new SpApiError(429, 'QuotaExceeded', QUOTA_EXCEEDED);
      body = handler(request);
      if (body === NO_CONTENT) status = 204;
    } catch (err) {
      if (!(err instanceof SpApiError)) throw err;
      status = err.status;
      body = err.body;
    }
    if (RATE_HEADER_STATUSES.has(status)) reply.header('x-amzn-RateLimit-Limit', rateLimitHeader(quotas.limit(name)));
    if (status === 204) return reply.code(204).send();
    return reply.code(status).type('application/json').send(JSON.stringify(body));
  };

  const findOrder = (request: FastifyRequest): StoredOrder => {
    const { orderId } = request.params as { orderId: string };
    if (!ORDER_ID_PATTERN.test(orderId)) throw invalidInput(`Invalid orderId: ${orderId}.`, 'An AmazonOrderId is in 3-7-7 format.');
    const stored = store.get(orderId);
    if (!stored) throw new SpApiError(404, 'NotFound', 'The resource specified does not exist.', `Order ${orderId} was not found.`);
    return stored;
  };

  app.post('/auth/o2/token', async (request, reply) => {
    const form = request.body && typeof request.body === 'object' ? (request.body as Record<string, unknown>) : {};
    const answer = issuer.exchange(form);
    return reply.code(answer.status).header('cache-control', 'no-store').type('application/json').send(JSON.stringify(answer.body));
  });

  app.get(
    '/orders/v0/orders',
    operation('getOrders', (request) => {
      const now = clock();
      const parsed = parseOrdersRequest(request.query as Record<string, unknown>, now, store, tokens);
      const page = runOrdersRequest(store, parsed, tokens);
      const bound = spDate(parsed.filter.to);
      return {
        payload: {
          Orders: page.orders.map((o) => renderOrder(o, now)),
          ...(page.nextToken && { NextToken: page.nextToken }),
          ...(parsed.filter.field === 'purchase' ? { CreatedBefore: bound } : { LastUpdatedBefore: bound }),
        },
      };
    }),
  );

  app.get(
    '/orders/v0/orders/:orderId',
    operation('getOrder', (request) => ({ payload: renderOrder(findOrder(request), clock()) })),
  );

  app.get(
    '/orders/v0/orders/:orderId/orderItems',
    operation('getOrderItems', (request) => {
      const stored = findOrder(request);
      const id = stored.order.amazonOrderId;
      const next = (request.query as Record<string, unknown>).NextToken;
      let offset = 0;
      if (typeof next === 'string' && next !== '') {
        const sealed = tokens.open(next) as { kind?: string; orderId?: string; offset?: number } | undefined;
        if (!sealed || sealed.kind !== 'items' || sealed.orderId !== id || typeof sealed.offset !== 'number') {
          throw invalidInput('Invalid NextToken.', 'The NextToken is invalid, has expired or belongs to another order.');
        }
        offset = sealed.offset;
      }
      const end = offset + deps.orderItemsPageSize;
      const items = stored.order.items.slice(offset, end);
      return {
        payload: {
          OrderItems: items.map((item) => renderItem(stored, item, store)),
          ...(end < stored.order.items.length && { NextToken: tokens.seal({ kind: 'items', orderId: id, offset: end }) }),
          AmazonOrderId: id,
        },
      };
    }),
  );

  app.get(
    '/orders/v0/orders/:orderId/buyerInfo',
    operation('getOrderBuyerInfo', (request) => {
      const stored = findOrder(request);
      return { payload: { AmazonOrderId: stored.order.amazonOrderId, ...renderBuyerInfo(stored) } };
    }),
  );

  app.post(
    '/orders/v0/orders/:orderId/shipmentConfirmation',
    operation('confirmShipment', (request) => {
      confirmShipment(store, findOrder(request), request.body, clock());
      return NO_CONTENT;
    }),
  );

  app.get(
    '/orders/v0/orders/:orderId/address',
    operation('getOrderAddress', (request) => {
      const stored = findOrder(request);
      const address = renderAddress(stored, clock());
      return { payload: { AmazonOrderId: stored.order.amazonOrderId, ...(address && { ShippingAddress: address }) } };
    }),
  );
}
