import type { BenchRequest } from './lib/load.ts';
import { CUSTOMER_360, PARTNER_AVAILABILITY, PARTNER_AVAILABILITY_LIST, WHERE_IS_MY_ORDER, type OrderRef } from './workloads.ts';

export interface PeerDefinition {
  id: string;
  label: string;
  entry: string;
  args?: string[];
  /** How the peer is asked the W1 and W2 questions. */
  w1(origin: string, path: string, phone: string): BenchRequest;
  w2(origin: string, path: string, order: OrderRef): BenchRequest;
  /** W3: availability of a set of SKUs (partner role). */
  w3(origin: string, path: string, skus: string[]): BenchRequest;
  /** W6 read: availability of one SKU (partner role); absent: the peer has no reservations, W6 does not apply. */
  w6Read?(origin: string, path: string, sku: string): BenchRequest;
  /** Only these workloads (W1…W6), at these W1/W4 clients. @default every workload, settings.concurrency */
  only?: { workloads: string[]; concurrency: number[] };
  /** The single-process peer whose numbers this one is set beside ("one core vs all cores"). */
  comparesWith?: string;
}

const graphql = (path: string, query: string, variables: Record<string, unknown>): BenchRequest => ({
  method: 'POST',
  path,
  body: JSON.stringify({ query, variables }),
});

/** retail360 knows the persisted operations (and its chatbot keys may run only those): it gets the hash. */
const persisted = (path: string, hash: string, variables: Record<string, unknown>): BenchRequest => ({
  method: 'POST',
  path,
  body: JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
});

const operation = (
  knowsPersisted: boolean,
  op: { id: string; body: string },
  path: string,
  variables: Record<string, unknown>,
): BenchRequest => (knowsPersisted && op.id ? persisted(path, op.id, variables) : graphql(path, op.body, variables));

const gqlPeer = (id: string, label: string, entry: string, args?: string[], knowsPersisted = false): PeerDefinition => ({
  id,
  label,
  entry,
  ...(args && { args }),
  w1: (_o, path, phone) => graphql(path, CUSTOMER_360, { phone }),
  w2: (_o, path, order) => operation(knowsPersisted, WHERE_IS_MY_ORDER, path, { id: order.id }),
  w3: (_o, path, skus) => operation(knowsPersisted, PARTNER_AVAILABILITY_LIST, path, { skus, quantity: 1 }),
  w6Read: (_o, path, sku) => operation(knowsPersisted, PARTNER_AVAILABILITY, path, { sku, quantity: 1 }),
});

export const PEERS: PeerDefinition[] = [
  gqlPeer('retail360-embedded', 'retail360 embedded', 'retail360.ts', ['embedded'], true),
  gqlPeer('retail360-distributed', 'retail360 distributed', 'retail360.ts', ['distributed'], true),
  gqlPeer('apollo-gateway', 'plain @apollo/gateway', 'apolloGateway.ts'),
  gqlPeer('hive-gateway', 'Hive Gateway', 'hiveGateway.ts'),
  {
    id: 'rest-bff',
    label: 'naive REST BFF',
    entry: 'restBff.ts',
    w1: (_o, _p, phone) => ({ method: 'GET', path: `/customer360?phone=${encodeURIComponent(phone)}` }),
    w2: (_o, _p, order) => ({ method: 'GET', path: `/orders/${encodeURIComponent(`${order.system}:${order.externalId}`)}` }),
    w3: (_o, _p, skus) => ({ method: 'GET', path: `/availability?skus=${skus.map(encodeURIComponent).join(',')}&quantity=1` }),
  },
  {
    // Every core: `npm run start:cluster` (node:cluster, one embedded worker per core). Staff tokens
    // verify in any worker; API keys live in each worker's own key store (no Redis here), so the
    // partner and chatbot workloads are not run against it.
    ...gqlPeer('retail360-cluster', 'retail360 cluster (all cores)', 'retail360Cluster.ts', [], true),
    only: { workloads: ['W1', 'W4'], concurrency: [10, 50] },
    comparesWith: 'retail360-embedded',
  },
];
