import KeyvRedis from '@keyv/redis';
import type { CacheStore } from '../../adapters/core/src/index.ts';
import type { SystemsConfig } from '../../subgraphs/runtime/src/index.ts';

/** The keyv backing store: Redis when REDIS_URL is set (shared by replicas), memory otherwise. */
export function createStore(systems: Pick<SystemsConfig, 'redisUrl'>): CacheStore {
  return systems.redisUrl ? (new KeyvRedis(systems.redisUrl) as unknown as CacheStore) : new Map();
}
