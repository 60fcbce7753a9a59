import type { FastifyInstance } from 'fastify';
import { FieldIndexes } from '../../../kit/src/index.ts';
import { decodeCursor, page } from '../cursor.ts';
import { invalidRequest, notFound } from '../errors.ts';
import type { PosStore } from '../store.ts';
import * as read from '../validate.ts';
import type { SquareOrder, SquareOrderState } from '../wire.ts';

const STATES: readonly SquareOrderState[] = ['OPEN', 'COMPLETED', 'CANCELED', 'DRAFT'];
const SORT_FIELDS = ['CREATED_AT', 'UPDATED_AT', 'CLOSED_AT'] as const;
const SORT_ORDERS = ['DESC', 'ASC'] as const;
type SortField = (typeof SORT_FIELDS)[number];
const TIME_FIELD: Record<SortField, 'created_at' | 'updated_at' | 'closed_at'> = {
  CREATED_AT: 'created_at',
  UPDATED_AT: 'updated_at',
  CLOSED_AT: 'closed_at',
};

/** Orders by customer: a customer's order history is the POS search the graph makes most. */
const indexes = new FieldIndexes();
const customerOf = (o: SquareOrder) => o.customer_id;

export function orderRoutes(app: FastifyInstance, store: PosStore): void {
  app.post('/v2/orders/search', async (request) => {
    const b = read.body(request.body);
    const locationIds = read.stringArray(b.location_ids, 'location_ids', 10);
    if (locationIds === undefined)
      throw invalidRequest('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `location_ids`.', 'location_ids');
    if (locationIds.length === 0)
      throw invalidRequest('ARRAY_LENGTH_TOO_SHORT', '`location_ids` must have at least 1 element.', 'location_ids');
    locationIds.forEach((id, i) => {
      if (!store.locationsById.has(id)) {
        throw invalidRequest('INVALID_VALUE', `Location \`${id.slice(0, 64)}\` does not belong to this merchant.`, `location_ids[${i}]`);
      }
    });
    const limit = read.integer(b.limit, 'limit', 1, 1000) ?? 500;
    const entries = read.boolean(b.return_entries, 'return_entries') ?? false;
    const cursor = read.string(b.cursor, 'cursor');
    const query = read.object(b.query, 'query');
    const { keep, customerIds, sortField, sortOrder } = searchQuery(query);

    const fp = { op: 'orders', locationIds, query: query ?? null, entries };
    const offset = decodeCursor(cursor, fp);
    const locations = new Set(locationIds);
    const key = TIME_FIELD[sortField];
    const sign = sortOrder === 'ASC' ? 1 : -1;
    const candidates = customerIds ? indexes.of(store.orders, 'customer_id', customerOf).lookup(store.orders, customerIds) : store.orders;
    const matched = candidates
      .filter((o) => locations.has(o.location_id) && keep(o))
      .sort((a, x) => {
        const ta = a[key];
        const tx = x[key];
        // Orders without the timestamp (open orders have no closed_at) go last either way.
        if (ta !== tx) return ta === undefined ? 1 : tx === undefined ? -1 : ta < tx ? -sign : sign;
        return a.id < x.id ? -1 : a.id > x.id ? 1 : 0;
      });
    const result = page(matched, offset, limit, fp);
    if (result.items.length === 0) return {};
    const list = entries
      ? { order_entries: result.items.map((o) => ({ order_id: o.id, location_id: o.location_id })) }
      : { orders: result.items };
    return { ...list, ...(result.cursor && { cursor: result.cursor }) };
  });

  app.get<{ Params: { order_id: string } }>('/v2/orders/:order_id', async (request) => {
    const order = store.ordersById.get(request.params.order_id);
    if (!order) throw notFound(`Order with ID \`${request.params.order_id}\` not found.`);
    return { order };
  });

  app.post('/v2/orders/batch-retrieve', async (request) => {
    const b = read.body(request.body);
    const ids = read.stringArray(b.order_ids, 'order_ids', 100);
    if (ids === undefined) throw invalidRequest('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `order_ids`.', 'order_ids');
    if (ids.length === 0) throw invalidRequest('ARRAY_LENGTH_TOO_SHORT', '`order_ids` must have at least 1 element.', 'order_ids');
    const locationId = read.string(b.location_id, 'location_id');
    const seen = new Set<string>();
    const orders: SquareOrder[] = [];
    for (const id of ids) {
      const order = store.ordersById.get(id);
      // Missing ids are simply omitted, as Square documents.
      if (!order || seen.has(id) || (locationId !== undefined && order.location_id !== locationId)) continue;
      seen.add(id);
      orders.push(order);
    }
    return orders.length > 0 ? { orders } : {};
  });
}

function searchQuery(query: read.JsonObject | undefined) {
  const filter = read.object(query?.filter, 'query.filter');
  const sort = read.object(query?.sort, 'query.sort');
  const sortField = sort ? read.enumValue(sort.sort_field, 'query.sort.sort_field', SORT_FIELDS) : undefined;
  if (sort && sortField === undefined) {
    throw invalidRequest('MISSING_REQUIRED_PARAMETER', 'Missing required parameter `query.sort.sort_field`.', 'query.sort.sort_field');
  }
  const sortOrder = read.enumValue(sort?.sort_order, 'query.sort.sort_order', SORT_ORDERS) ?? 'DESC';
  const checks: ((o: SquareOrder) => boolean)[] = [];

  const stateFilter = read.object(filter?.state_filter, 'query.filter.state_filter');
  if (stateFilter) {
    const states = read.stringArray(stateFilter.states, 'query.filter.state_filter.states', STATES.length);
    if (!states || states.length === 0) {
      throw invalidRequest(
        'MISSING_REQUIRED_PARAMETER',
        'Missing required parameter `query.filter.state_filter.states`.',
        'query.filter.state_filter.states',
      );
    }
    states.forEach((s, i) => read.enumValue(s, `query.filter.state_filter.states[${i}]`, STATES));
    const wanted = new Set(states);
    checks.push((o) => wanted.has(o.state));
  }

  const customerFilter = read.object(filter?.customer_filter, 'query.filter.customer_filter');
  const customerIds = read.stringArray(customerFilter?.customer_ids, 'query.filter.customer_filter.customer_ids', 10);
  if (customerIds && customerIds.length > 0) {
    const wanted = new Set(customerIds);
    checks.push((o) => o.customer_id !== undefined && wanted.has(o.customer_id));
  }

  const dateFilter = read.object(filter?.date_time_filter, 'query.filter.date_time_filter');
  if (dateFilter) {
    const present = SORT_FIELDS.filter((f) => dateFilter[TIME_FIELD[f]] !== undefined && dateFilter[TIME_FIELD[f]] !== null);
    if (present.length > 1) {
      throw invalidRequest(
        'INVALID_VALUE',
        'Only one of `created_at`, `updated_at` or `closed_at` can be filtered at a time.',
        'query.filter.date_time_filter',
      );
    }
    const field = present[0];
    if (field) {
      if (sortField !== field) {
        throw invalidRequest(
          'INVALID_VALUE',
          `When filtering on \`${TIME_FIELD[field]}\`, \`query.sort.sort_field\` must be \`${field}\`.`,
          'query.sort.sort_field',
        );
      }
      const key = TIME_FIELD[field];
      const range = read.timeRange(dateFilter[key], `query.filter.date_time_filter.${key}`) ?? {};
      checks.push((o) => read.inRange(o[key], range));
    }
  }
  return {
    keep: (o: SquareOrder) => checks.every((c) => c(o)),
    // Set when the customer filter applies: only these customers' orders can match.
    customerIds: customerIds && customerIds.length > 0 ? customerIds : undefined,
    sortField: sortField ?? 'CREATED_AT',
    sortOrder,
  };
}
