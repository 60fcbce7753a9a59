import type DataLoader from 'dataloader';
import type { CustomerQuery, CustomerRecord, EntityCache, SystemName } from '../../../adapters/core/src/index.ts';
import {
  IdempotencyStore,
  baseContext,
  cachedLoader,
  entityCache,
  perRequest,
  type RequestInfo,
  type SubgraphContext,
  type SubgraphDeps,
} from '../../runtime/src/index.ts';
import { IdentityService, type CustomerSource } from './identity/IdentityService.ts';
import { LinkStore } from './identity/LinkStore.ts';

export interface CustomersContext extends SubgraphContext {
  identity: IdentityService;
  /** Idempotency keys of points postings (shared with the other replicas through Redis). */
  idempotency: IdempotencyStore;
  /** The clock carts are aged by. */
  now: () => number;
}

/** ERP searches merged into one `or` filter at most (keeps the request URL short). */
const ERP_SEARCHES_PER_CALL = 10;

type Caches = Record<'search' | 'byId', Map<SystemName, EntityCache<never>>>;

function createCaches(deps: SubgraphDeps): Caches {
  const systems: SystemName[] = ['ERP', 'POS', 'MARKETPLACE'];
  return {
    search: new Map(systems.map((s) => [s, entityCache<never>(deps.store, s, 'customerSearch')])),
    byId: new Map(systems.map((s) => [s, entityCache<never>(deps.store, s, 'customerById')])),
  };
}

/**
 * The systems that hold people, wrapped per request: lookups by id are batched through
 * DataLoaders and cached, and the same search asked twice goes upstream once.
 */
function customerSources(ctx: SubgraphContext, caches: Caches): CustomerSource[] {
  const { erp, pos, marketplace } = ctx.systems;
  const cache = <V>(kind: keyof Caches, system: SystemName) => caches[kind].get(system) as unknown as EntityCache<V>;
  // POS and marketplace searches cannot be batched upstream (one filter value per call): each
  // key is its own call, run side by side. The ERP answers the searches of one identity round
  // (every email, phone and card found so far) in one `or` call.
  const memoSearch = (system: SystemName, find: (qs: CustomerQuery[]) => Promise<CustomerRecord[][]>, maxBatch = 1) =>
    perRequest(ctx, `customers:search:${system}`, () =>
      cachedLoader<CustomerRecord[]>(
        ctx,
        cache('search', system),
        (keys) => find(keys.map((k) => JSON.parse(k) as CustomerQuery)),
        maxBatch,
      ),
    );
  const oneByOne = (find: (q: CustomerQuery) => Promise<CustomerRecord[]>) => (qs: CustomerQuery[]) => Promise.all(qs.map(find));
  const byId = (system: SystemName, get: (ids: readonly string[]) => Promise<(CustomerRecord | null)[]>) =>
    perRequest(ctx, `customers:byId:${system}`, () =>
      cachedLoader<CustomerRecord | null>(ctx, cache('byId', system), (ids) => get(ids), 40),
    );
  const loaded = async (loader: DataLoader<string, CustomerRecord | null>, ids: readonly string[]) => {
    const results = await loader.loadMany(ids);
    const failure = results.find((r): r is Error => r instanceof Error);
    if (failure) throw failure;
    return results as (CustomerRecord | null)[];
  };

  const erpSearch = memoSearch('ERP', (qs) => erp.findCustomersBatch(ctx.call, qs), ERP_SEARCHES_PER_CALL);
  const erpById = byId('ERP', (ids) => erp.getCustomers(ctx.call, ids));
  const posSearch = memoSearch(
    'POS',
    oneByOne((q) => pos.findCustomers(ctx.call, q)),
  );
  const posById = byId('POS', (ids) => pos.getCustomers(ctx.call, ids));
  const mpSearch = memoSearch(
    'MARKETPLACE',
    oneByOne((q) => marketplace.findCustomers(ctx.call, q)),
  );

  return [
    {
      system: 'ERP',
      searchable: ['email', 'phone', 'cardNumber', 'name'],
      findCustomers: (_c, q) => erpSearch.load(JSON.stringify(q)),
      getCustomers: (_c, ids) => loaded(erpById, ids),
      findOrdersByNumber: (c, n) => erp.findOrdersByNumber(c, n),
    },
    {
      system: 'POS',
      searchable: ['email', 'phone', 'cardNumber'],
      findCustomers: (_c, q) => posSearch.load(JSON.stringify(q)),
      getCustomers: (_c, ids) => loaded(posById, ids),
      findOrdersByNumber: (c, n) => pos.findOrdersByNumber(c, n),
    },
    {
      system: 'MARKETPLACE',
      searchable: ['email'],
      findCustomers: (_c, q) => mpSearch.load(JSON.stringify(q)),
      // A marketplace buyer's id is their email: looking one up is a search by it.
      getCustomers: (_c, emails) => Promise.all(emails.map(async (email) => (await mpSearch.load(JSON.stringify({ email })))[0] ?? null)),
      findOrdersByNumber: (c, n) => marketplace.findOrdersByNumber(c, n),
    },
  ];
}

export function createContextFactory(deps: SubgraphDeps): (request: RequestInfo) => CustomersContext {
  const links = new LinkStore({ store: deps.store });
  const caches = createCaches(deps);
  const idempotency = IdempotencyStore.forStore(deps.store);
  return (request) => {
    const base = baseContext('customers', deps, request);
    return { ...base, identity: new IdentityService(customerSources(base, caches), links), idempotency, now: Date.now };
  };
}
