import { describe, expect, it } from 'vitest';
import { IdempotencyError, IdempotencyStore, type RedisCommands } from '../src/idempotency.ts';

describe('IdempotencyStore (memory backend)', () => {
  it('runs a key once, replays its result, refuses a concurrent repeat and a different body', async () => {
    const store = new IdempotencyStore();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let runs = 0;
    const first = store.run(
      'k1',
      async () => {
        runs += 1;
        await gate;
        return { id: 'SO-1' };
      },
      { fingerprint: 'a' },
    );
    await expect(store.run('k1', async () => 'x', { fingerprint: 'a' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_IN_PROGRESS' });
    release();
    expect(await first).toEqual({ result: { id: 'SO-1' }, replayed: false });
    expect(await store.run('k1', async () => ({ id: 'other' }), { fingerprint: 'a' })).toEqual({ result: { id: 'SO-1' }, replayed: true });
    await expect(store.run('k1', async () => 'x', { fingerprint: 'b' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    expect(runs).toBe(1);
  });

  it('a failed write releases its key so the client can retry', async () => {
    const store = new IdempotencyStore();
    await expect(store.run('k2', async () => Promise.reject(new Error('upstream down')))).rejects.toThrow('upstream down');
    expect(await store.run('k2', async () => 'ok')).toEqual({ result: 'ok', replayed: false });
  });

  it('keeps a saga log per key', async () => {
    const store = new IdempotencyStore();
    await store.recordStep('k3', { step: 'reserve', status: 'done', ref: 'R1' });
    await store.recordStep('k3', { step: 'createOrder', status: 'failed' });
    expect((await store.steps('k3')).map((s) => `${s.step}:${s.status}`)).toEqual(['reserve:done', 'createOrder:failed']);
  });

  it('forStore shares one instance per store and options', () => {
    const store = new Map();
    expect(IdempotencyStore.forStore(store)).toBe(IdempotencyStore.forStore(store));
    expect(IdempotencyStore.forStore(store, { namespace: 'idem:orders' })).not.toBe(IdempotencyStore.forStore(store));
  });

  it('fails closed: a store that errors or hangs gives IDEMPOTENCY_STORE_UNAVAILABLE and the write never runs', async () => {
    const broken = (op: () => Promise<never>): RedisCommands => ({ set: op, get: op, del: op, rPush: op, lRange: op, pExpire: op });
    let ran = false;
    const write = async () => {
      ran = true;
      return 1;
    };
    const failing = new IdempotencyStore({ redis: broken(() => Promise.reject(new Error('ECONNREFUSED'))) });
    const err = await failing.run('k4', write).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdempotencyError);
    expect((err as IdempotencyError).code).toBe('IDEMPOTENCY_STORE_UNAVAILABLE');
    const hanging = new IdempotencyStore({ redis: broken(() => new Promise<never>(() => undefined)), timeoutMs: 50 });
    await expect(hanging.run('k5', write)).rejects.toMatchObject({ code: 'IDEMPOTENCY_STORE_UNAVAILABLE' });
    expect(ran).toBe(false);
  });
});
