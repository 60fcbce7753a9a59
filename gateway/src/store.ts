import KeyvRedis, { createClient } from '@keyv/redis';
import type { CacheStore } from '../../adapters/core/src/index.ts';
import type { SystemsConfig } from '../../subgraphs/runtime/src/index.ts';

/** Prefix of every retail360 key in Redis. */
const REDIS_PREFIX = 'retail360';

export interface StoreOptions {
  /** Give up connecting to Redis after this long, in ms. @default 1000 */
  connectTimeoutMs?: number;
  /** Give up on one Redis command after this long, in ms. @default 500 */
  commandTimeoutMs?: number;
}

/**
 * The keyv backing store: Redis when REDIS_URL is set (shared by replicas), memory otherwise.
 * Redis calls fail fast (no offline queue, short timeouts) instead of hanging a request: the
 * caches read through keyv, which turns a failure into a miss, and the idempotency store turns
 * it into IDEMPOTENCY_STORE_UNAVAILABLE.
 */
export function createStore(systems: Pick<SystemsConfig, 'redisUrl'>, options: StoreOptions = {}): CacheStore {
  if (!systems.redisUrl) return new Map();
  const client = createClient({
    url: systems.redisUrl,
    disableOfflineQueue: true,
    commandOptions: { timeout: options.commandTimeoutMs ?? 500 },
    socket: {
      connectTimeout: options.connectTimeoutMs ?? 1000,
      // Keep trying in the background so the shared state comes back by itself.
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2000),
    },
  });
  client.on('error', () => {
    /* reported per call: a miss for caches, fail-closed for idempotency */
  });
  void client.connect().catch(() => undefined);
  const adapter = new KeyvRedis(client, {
    throwOnConnectError: true,
    throwOnErrors: true,
    connectionTimeout: options.connectTimeoutMs ?? 1000,
  });
  // Every Keyv built on this one adapter sets adapter.namespace to its own namespace, so the
  // Redis key would depend on which Keyv was created last (a CLI and a gateway would disagree).
  // Each Keyv already prefixes its keys with its namespace; the adapter's prefix stays fixed.
  Object.defineProperty(adapter, 'namespace', { get: () => REDIS_PREFIX, set: () => undefined, configurable: true });
  return adapter as unknown as CacheStore;
}

/** Closes the store's connection (Redis); a memory store has none. */
export async function closeStore(store: CacheStore): Promise<void> {
  if (store instanceof KeyvRedis) await store.disconnect(true).catch(() => undefined);
}
