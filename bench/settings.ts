import type { Latencies } from './lib/simulators.ts';

/** Simulator latencies of every workload except W4 (ms), as the issue states them. */
export const LATENCIES: Latencies = { erp: 40, pos: 25, wms: 20, carrier: 60, marketplace: 80 };
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
  dataset: { seed: 42, scale: 1 },
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
};

/** How long a repeated customer counts as a possible cache hit: the longest TTL on the W1 path (customer search, 60 s). */
export const CACHE_WINDOW_MS = 60_000;
