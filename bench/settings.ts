import type { Latencies } from './lib/simulators.ts';

/** Simulator latencies of every workload except W4 (ms), as the issue states them. */
export const LATENCIES: Latencies = { erp: 40, pos: 25, wms: 20, carrier: 60, marketplace: 80 };
/**
 * The marketplace simulator's usage plans are SP-API's published ones with every refill rate times
 * this (getOrders 0.0167/s → 1,670/s; bursts as published). The adapter adopts the rate the
 * server reports in `x-amzn-RateLimit-Limit`, so no peer waits for quota: at the published rate
 * (or the demo ×100) W1 is capped at a few requests per second for every peer alike.
 */
export const BENCH_MARKETPLACE_RATE_FACTOR = 100_000;

/** Per-role rate limits for retail360 during the bench (ROLE_LIMITS): high enough never to answer 429. */
const UNTHROTTLED = { rate: { capacity: 1_000_000, refillPerSecond: 1_000_000 } };
export const BENCH_ROLE_LIMITS = { agent: UNTHROTTLED, chatbot: UNTHROTTLED, partner: UNTHROTTLED, store: UNTHROTTLED };

/**
 * Calls in flight per system and process (`<SYSTEM>_CONCURRENCY`, default 16), for every peer.
 * At 16 the embedded gateway — one process, so one ERP pool for all its subgraphs — holds W1 at
 * 50 clients to 16 ERP calls in flight (~100 W1/s at 40 ms, four ERP calls per request), while
 * peers with a process per subgraph get 16 per subgraph: a limit of the setting, not of the
 * software. The simulators take any number; a real deployment sets what its ERP accepts.
 */
export const BENCH_SYSTEM_CONCURRENCY = 64;

export const ZERO_LATENCIES: Latencies = { erp: 0, pos: 0, wms: 0, carrier: 0, marketplace: 0 };

export interface BenchSettings {
  name: 'short' | 'full';
  /** Seconds per fixed-concurrency measurement. */
  durationS: number;
  /** Concurrent clients (connections) for W1 and W4. */
  concurrency: number[];
  /** Concurrent clients for W2. */
  w2Concurrency: number[];
  /** W5: customers in the cold pass (then the same ones again, warm), and its clients. */
  w5Customers: number;
  w5Connections: number;
  /** Customers probed one at a time to observe the call graph and compute the bound. */
  probeCustomers: number;
  /** Requests (other customers) sent before measuring, to load code and plans. */
  warmupRequests: number;
  /** Seconds of W4 at 10 clients under --cpu-prof. */
  profileS: number;
  /** Concurrent clients for W3 (20 SKUs per request). */
  w3Concurrency: number[];
  /** W3 SKU sets probed one at a time for the bound (the naive BFF takes seconds per set, stretched). */
  w3ProbeSets: number;
  /** W6: concurrent availability readers per measurement, reservations per second alongside, hot SKUs. */
  w6Concurrency: number[];
  w6ReservationsPerSecond: number;
  w6HotSkus: number;
  dataset: { seed: number; scale: number };
}

export const SHORT: BenchSettings = {
  name: 'short',
  durationS: 8,
  concurrency: [1, 10, 50],
  w2Concurrency: [10],
  w5Customers: 40,
  w5Connections: 10,
  probeCustomers: 10,
  warmupRequests: 15,
  profileS: 10,
  w3Concurrency: [1, 10, 50],
  w3ProbeSets: 4,
  w6Concurrency: [50, 200],
  w6ReservationsPerSecond: 20,
  w6HotSkus: 5,
  dataset: { seed: 42, scale: 3 },
};

export const FULL: BenchSettings = {
  ...SHORT,
  name: 'full',
  durationS: 30,
  w2Concurrency: [10, 50],
  w5Customers: 400,
  probeCustomers: 40,
  warmupRequests: 100,
  profileS: 30,
  w3ProbeSets: 10,
  w6Concurrency: [50, 200, 1000],
};

/** How long a repeated customer counts as a possible cache hit: the longest TTL on the W1 path (customer search, 60 s). */
export const CACHE_WINDOW_MS = 60_000;
