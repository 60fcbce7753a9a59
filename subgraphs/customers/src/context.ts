import DataLoader from 'dataloader';
import type { CustomerQuery, CustomerRecord } from '../../../adapters/core/src/index.ts';
import { baseContext, perRequest, type RequestInfo, type SubgraphContext, type SubgraphDeps } from '../../runtime/src/index.ts';
import { IdentityService, type CustomerSource } from './identity/IdentityService.ts';
import { LinkStore } from './identity/LinkStore.ts';

export interface CustomersContext extends SubgraphContext {
  identity: IdentityService;
}

/**
 * The systems that hold people, wrapped per request: lookups by id are batched through
 * DataLoaders, and the same search asked twice in one request goes upstream once.
 */
function customerSources(ctx: SubgraphContext): CustomerSource[] {
  const { erp, pos, marketplace } = ctx.systems;
  const memoSearch = (name: string, find: (q: CustomerQuery) => Promise<CustomerRecord[]>) =>
    perRequest(ctx, `customers:search:${name}`, () => new DataLoader<string, CustomerRecord[]>(
      (keys) => Promise.all(keys.map((k) => find(JSON.parse(k) as CustomerQuery).catch((e: Error) => e))),
      { batch: false },
    ));
  const byId = (name: string, get: (ids: readonly string[]) => Promise<(CustomerRecord | null)[]>) =>
    perRequest(ctx, `customers:byId:${name}`, () => new DataLoader<string, CustomerRecord | null>(
      (ids) => get(ids).catch((e: Error) => ids.map(() => e)),
      { maxBatchSize: 40 },
    ));
  const loaded = async (loader: DataLoader<string, CustomerRecord | null>, ids: readonly string[]) => {
    const results = await loader.loadMany(ids);
    const failure = results.find((r): r is Error => r instanceof Error);
    if (failure) throw failure;
    return results as (CustomerRecord | null)[];
  };

  const erpSearch = memoSearch('erp', (q) => erp.findCustomers(ctx.call, q));
  const erpById = byId('erp', (ids) => erp.getCustomers(ctx.call, ids));
  const posSearch = memoSearch('pos', (q) => pos.findCustomers(ctx.call, q));
  const posById = byId('pos', (ids) => pos.getCustomers(ctx.call, ids));
  const mpSearch = memoSearch('mp', (q) => marketplace.findCustomers(ctx.call, q));

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
      getCustomers: (_c, emails) =>
        Promise.all(emails.map(async (email) => (await mpSearch.load(JSON.stringify({ email })))[0] ?? null)),
      findOrdersByNumber: (c, n) => marketplace.findOrdersByNumber(c, n),
    },
  ];
}

export function createContextFactory(deps: SubgraphDeps): (request: RequestInfo) => CustomersContext {
  const links = new LinkStore({ store: deps.store });
  return (request) => {
    const base = baseContext('customers', deps, request);
    return { ...base, identity: new IdentityService(customerSources(base), links) };
  };
}
