import type { BenchRequest } from './lib/load.ts';
import { CUSTOMER_360, WHERE_IS_MY_ORDER, type OrderRef } from './workloads.ts';

export interface PeerDefinition {
  id: string;
  label: string;
  entry: string;
  args?: string[];
  /** How the peer is asked the W1 and W2 questions. */
  w1(origin: string, path: string, phone: string): BenchRequest;
  w2(origin: string, path: string, order: OrderRef): BenchRequest;
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

const gqlPeer = (id: string, label: string, entry: string, args?: string[], knowsPersisted = false): PeerDefinition => ({
  id,
  label,
  entry,
  ...(args && { args }),
  w1: (_o, path, phone) => graphql(path, CUSTOMER_360, { phone }),
  w2: (_o, path, order) =>
    knowsPersisted && WHERE_IS_MY_ORDER.id
      ? persisted(path, WHERE_IS_MY_ORDER.id, { id: order.id })
      : graphql(path, WHERE_IS_MY_ORDER.body, { id: order.id }),
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
  },
];
