import { describe, expect, it } from 'vitest';
import { AdapterError, EntityCache } from '../src/index.ts';

const down = () => new AdapterError({ system: 'ERP', code: 'UPSTREAM_UNAVAILABLE', message: 'ERP answered 503' });

describe('EntityCache', () => {
  it('serves a fresh entry without calling the system', async () => {
    const cache = new EntityCache<string>({ system: 'ERP', entity: 'test', ttlMs: 60_000 });
    let calls = 0;
    const load = async () => `v${++calls}`;
    expect((await cache.getOrLoad('k', load)).value).toBe('v1');
    expect((await cache.getOrLoad('k', load)).value).toBe('v1');
    expect(calls).toBe(1);
  });

  it('makes one upstream call for concurrent misses of one key (single-flight)', async () => {
    const cache = new EntityCache<string>({ system: 'ERP', entity: 'test', ttlMs: 60_000 });
    let calls = 0;
    const load = () => new Promise<string>((resolve) => setTimeout(() => resolve(`v${++calls}`), 20));
    const results = await Promise.all(Array.from({ length: 20 }, () => cache.getOrLoad('k', load)));
    expect(new Set(results.map((r) => r.value))).toEqual(new Set(['v1']));
    expect(calls).toBe(1);
  });

  it('serves a stale entry, marked, when the system fails inside the stale window', async () => {
    const cache = new EntityCache<string>({ system: 'ERP', entity: 'test', ttlMs: 10, staleMs: 60_000 });
    await cache.getOrLoad('k', async () => 'old');
    await new Promise((r) => setTimeout(r, 25));
    const served = await cache.getOrLoad('k', async () => {
      throw down();
    });
    expect(served.value).toBe('old');
    expect(served.stale?.system).toBe('ERP');
    expect(served.stale!.ageMs).toBeGreaterThanOrEqual(10);
  });

  it('fails when the entry is past the stale window, and for business refusals', async () => {
    const cache = new EntityCache<string>({ system: 'ERP', entity: 'test', ttlMs: 5, staleMs: 5 });
    await cache.getOrLoad('k', async () => 'old');
    await new Promise((r) => setTimeout(r, 20));
    await expect(cache.getOrLoad('k', async () => Promise.reject(down()))).rejects.toThrow('503');
    const refusing = new EntityCache<string>({ system: 'ERP', entity: 'test2', ttlMs: 5, staleMs: 60_000 });
    await refusing.getOrLoad('k', async () => 'old');
    await new Promise((r) => setTimeout(r, 10));
    const rejected = new AdapterError({ system: 'ERP', code: 'UPSTREAM_REJECTED', message: 'bad request' });
    await expect(refusing.getOrLoad('k', async () => Promise.reject(rejected))).rejects.toBe(rejected);
  });

  it('loadMany fetches only missing keys in one call and shares in-flight keys across callers', async () => {
    const cache = new EntityCache<string>({ system: 'POS', entity: 'test', ttlMs: 60_000 });
    const batches: string[][] = [];
    const fetch = async (keys: string[]) => {
      batches.push(keys);
      await new Promise((r) => setTimeout(r, 20));
      return keys.map((k) => k.toUpperCase());
    };
    await cache.loadMany(['a'], fetch);
    const [first, second] = await Promise.all([cache.loadMany(['a', 'b', 'c'], fetch), cache.loadMany(['b', 'c', 'd'], fetch)]);
    expect(first.map((r) => (r instanceof Error ? r : r.value))).toEqual(['A', 'B', 'C']);
    expect(second.map((r) => (r instanceof Error ? r : r.value))).toEqual(['B', 'C', 'D']);
    // Whichever caller reads the store first fetches; the other waits for it: each key once.
    expect(batches).toHaveLength(2);
    expect(batches.flat().sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('loadMany gives each failed key its error, or its stale entry', async () => {
    const cache = new EntityCache<string>({ system: 'POS', entity: 'test', ttlMs: 5, staleMs: 60_000 });
    await cache.loadMany(['a'], async (keys) => keys.map(() => 'old-a'));
    await new Promise((r) => setTimeout(r, 15));
    const results = await cache.loadMany(['a', 'b'], async () => Promise.reject(down()));
    expect(results[0]).toMatchObject({ value: 'old-a', stale: { system: 'POS' } });
    expect(results[1]).toBeInstanceOf(AdapterError);
  });

  it('keeps answering (uncached) when the store itself fails', async () => {
    const broken = {
      get: async () => Promise.reject(new Error('store down')),
      getMany: async () => Promise.reject(new Error('store down')),
      set: async () => Promise.reject(new Error('store down')),
      delete: async () => Promise.reject(new Error('store down')),
      clear: async () => undefined,
      on: () => broken,
      opts: {},
    };
    const cache = new EntityCache<string>({ system: 'ERP', entity: 'test', ttlMs: 60_000, store: broken as never });
    let calls = 0;
    expect((await cache.getOrLoad('k', async () => `v${++calls}`)).value).toBe('v1');
    expect((await cache.getOrLoad('k', async () => `v${++calls}`)).value).toBe('v2');
  });
});
