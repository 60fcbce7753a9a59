import type { FastifyInstance } from 'fastify';
import { FieldIndexes } from '../../../kit/src/index.ts';
import { page, decodeCursor } from '../cursor.ts';
import { invalidRequest, notFound } from '../errors.ts';
import { exactTextMatches, fuzzyTextMatches, isE164Query, phoneExactMatcher, phoneFuzzyMatcher, phoneTokens } from '../match.ts';
import { phoneCandidates } from '../phoneIndex.ts';
import type { PosStore } from '../store.ts';
import * as read from '../validate.ts';
import type { SquareCustomer } from '../wire.ts';

const SORT_FIELDS = ['DEFAULT', 'CREATED_AT'] as const;
const SORT_ORDERS = ['ASC', 'DESC'] as const;

type Predicate = (c: SquareCustomer) => boolean;

export function customerRoutes(app: FastifyInstance, store: PosStore): void {
  app.get('/v2/customers', async (request) => {
    const q = request.query;
    const limit = read.queryInteger(q, 'limit', 1, 100) ?? 100;
    const field = read.queryEnum(q, 'sort_field', SORT_FIELDS) ?? 'DEFAULT';
    const order = read.queryEnum(q, 'sort_order', SORT_ORDERS) ?? 'ASC';
    const count = read.queryBoolean(q, 'count') ?? false;
    const fp = { op: 'list', field, order };
    const offset = decodeCursor(read.queryParam(q, 'cursor'), fp);
    const sorted = sortCustomers(store.customers, field, order);
    const result = page(sorted, offset, limit, fp);
    return respond(result, count ? sorted.length : undefined);
  });

  app.get<{ Params: { customer_id: string } }>('/v2/customers/:customer_id', async (request) => {
    const customer = store.customersById.get(request.params.customer_id);
    if (!customer) throw notFound(`Customer with ID \`${request.params.customer_id}\` not found.`);
    return { customer };
  });

  app.post('/v2/customers/search', async (request) => {
    const b = read.body(request.body);
    const limit = read.integer(b.limit, 'limit', 1, 100) ?? 100;
    const count = read.boolean(b.count, 'count') ?? false;
    const cursor = read.string(b.cursor, 'cursor');
    const query = read.object(b.query, 'query');
    const { predicates, candidates } = filters(read.object(query?.filter, 'query.filter'), store);
    const sort = read.object(query?.sort, 'query.sort');
    const field = read.enumValue(sort?.field, 'query.sort.field', SORT_FIELDS) ?? 'DEFAULT';
    const order = read.enumValue(sort?.order, 'query.sort.order', SORT_ORDERS) ?? 'ASC';
    const fp = { op: 'search', query: query ?? null };
    const offset = decodeCursor(cursor, fp);
    const matched = sortCustomers(
      (candidates ?? store.customers).filter((c) => predicates.every((p) => p(c))),
      field,
      order,
    );
    return respond(page(matched, offset, limit, fp), count ? matched.length : undefined);
  });
}

/** Square omits empty lists: no results is `{}` (plus `count` when asked for). */
function respond(result: { items: SquareCustomer[]; cursor?: string }, count: number | undefined) {
  return {
    ...(result.items.length > 0 && { customers: result.items }),
    ...(result.cursor && { cursor: result.cursor }),
    ...(count !== undefined && { count }),
  };
}

function sortCustomers(list: readonly SquareCustomer[], field: 'DEFAULT' | 'CREATED_AT', order: 'ASC' | 'DESC'): SquareCustomer[] {
  const key = (c: SquareCustomer) =>
    field === 'CREATED_AT' ? c.created_at : `${(c.given_name ?? '').toLowerCase()}\u0000${(c.family_name ?? '').toLowerCase()}`;
  const sign = order === 'ASC' ? 1 : -1;
  return [...list].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (ka !== kb) return ka < kb ? -sign : sign;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  });
}

/** Exact email and reference filters match case-insensitively, spaces trimmed (see match.ts). */
const indexes = new FieldIndexes();
const exactKey = (value: string) => value.trim().toLowerCase();
const EXACT_FIELDS = {
  email_address: (c: SquareCustomer) => c.email_address,
  reference_id: (c: SquareCustomer) => c.reference_id,
} as const;

interface CustomerFilters {
  predicates: Predicate[];
  /** The only customers an exact filter lets through, from an index; undefined: all of them. */
  candidates?: SquareCustomer[];
}

/** Every filter present must hold (Square combines them with AND). */
function filters(filter: read.JsonObject | undefined, store: PosStore): CustomerFilters {
  if (!filter) return { predicates: [] };
  const out: Predicate[] = [];
  let candidates: SquareCustomer[] | undefined;
  const narrow = (name: keyof typeof EXACT_FIELDS, value: string) => {
    candidates ??= indexes.of(store.customers, name, EXACT_FIELDS[name], { normalize: exactKey }).lookup(store.customers, [value]);
  };
  const text = (name: string) => {
    const f = read.object(filter[name], `query.filter.${name}`);
    if (!f) return undefined;
    const exact = read.string(f.exact, `query.filter.${name}.exact`);
    const fuzzy = read.string(f.fuzzy, `query.filter.${name}.fuzzy`);
    if (exact !== undefined && fuzzy !== undefined) {
      throw invalidRequest('INVALID_VALUE', `\`query.filter.${name}\` can be exact or fuzzy, but not both.`, `query.filter.${name}`);
    }
    if (exact === undefined && fuzzy === undefined) {
      throw invalidRequest('MISSING_REQUIRED_PARAMETER', `\`query.filter.${name}\` needs \`exact\` or \`fuzzy\`.`, `query.filter.${name}`);
    }
    const value = (exact ?? fuzzy) as string;
    const kind = exact !== undefined ? 'exact' : 'fuzzy';
    if (value.trim() === '')
      throw invalidRequest('VALUE_EMPTY', `\`query.filter.${name}.${kind}\` must not be empty.`, `query.filter.${name}.${kind}`);
    return { kind, value } as const;
  };

  const email = text('email_address');
  if (email?.kind === 'exact') narrow('email_address', email.value);
  if (email)
    out.push((c) =>
      email.kind === 'exact' ? exactTextMatches(c.email_address, email.value) : fuzzyTextMatches(c.email_address, email.value),
    );

  const phone = text('phone_number');
  if (phone?.kind === 'exact') {
    if (!isE164Query(phone.value)) {
      throw invalidRequest(
        'INVALID_PHONE_NUMBER',
        'Exact phone searches need an E.164 number (a leading + and the country code).',
        'query.filter.phone_number.exact',
      );
    }
    const matches = phoneExactMatcher(phone.value, store.country);
    out.push((c) => matches(c.phone_number));
  } else if (phone) {
    const tokens = phoneTokens(phone.value);
    if (tokens.length > 0) candidates ??= phoneCandidates(store.customers, tokens, store.country);
    const matches = phoneFuzzyMatcher(phone.value, store.country);
    out.push((c) => matches(c.phone_number));
  }

  const reference = text('reference_id');
  if (reference?.kind === 'exact') narrow('reference_id', reference.value);
  if (reference)
    out.push((c) =>
      reference.kind === 'exact' ? exactTextMatches(c.reference_id, reference.value) : fuzzyTextMatches(c.reference_id, reference.value),
    );

  const created = read.timeRange(filter.created_at, 'query.filter.created_at');
  if (created) out.push((c) => read.inRange(c.created_at, created));
  const updated = read.timeRange(filter.updated_at, 'query.filter.updated_at');
  if (updated) out.push((c) => read.inRange(c.updated_at, updated));
  return { predicates: out, ...(candidates && { candidates }) };
}
