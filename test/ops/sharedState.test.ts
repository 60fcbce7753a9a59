import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../gateway/src/config.ts';
import { DEMO_CREDENTIALS, startLocalSimulators, type LocalSimulators } from '../../gateway/src/simulators.ts';
import { getDataset } from '../../legacy/dataset/src/index.ts';
import { IdempotencyError, IdempotencyStore } from '../../subgraphs/runtime/src/index.ts';
import { gql, startTestStack, type TestStack } from '../helpers/stack.ts';
import { startRedis, type RedisServer } from './redisServer.ts';

/**
 * Two gateway replicas (two embedded stacks in this process) in front of the same simulators
 * and the same Redis, as two pods behind a Service.
 */
const PRODUCT = 'query Product($sku: ID!) { product(sku: $sku) { sku name } }';
// The store role gets a tiny budget, so the shared bucket shows after a few calls.
const ROLE_LIMITS = JSON.stringify({ store: { rate: { capacity: 3, refillPerSecond: 0.001 } } });

describe('replicas share state through Redis', () => {
  let redis: RedisServer;
  let sims: LocalSimulators;
  let a: TestStack;
  let b: TestStack;
  const skus = getDataset({ scale: 0.05 }).products.map((p) => p.sku);

  beforeAll(async () => {
    redis = await startRedis();
    const simEnv = {
      ERP_SIM_PORT: '0',
      POS_SIM_PORT: '0',
      WMS_SIM_PORT: '0',
      CARRIER_SIM_PORT: '0',
      MARKETPLACE_SIM_PORT: '0',
      DATASET_SCALE: '0.05',
    };
    sims = await startLocalSimulators(readConfig(simEnv, [], DEMO_CREDENTIALS), simEnv);
    const env = {
      REDIS_URL: redis.url,
      LOG_LEVEL: 'silent',
      ROLE_LIMITS,
      ERP_URL: sims.systems.erp.url!,
      POS_URL: sims.systems.pos.url!,
      WMS_URL: sims.systems.wms.url!,
      CARRIER_URL: sims.systems.carrier.url!,
      MARKETPLACE_URL: sims.systems.marketplace.url!,
    };
    a = await startTestStack({ env, scale: 0.05 });
    b = await startTestStack({ env, scale: 0.05 });
  }, 120_000);

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await sims?.close();
    await redis?.stop();
  });

  const erpCalls = () => sims.simulators.erp!.totalCalls();

  it('a cache entry written by one replica is read by the other (no second ERP call)', async () => {
    const sku = skus[0]!;
    const before = erpCalls();
    const first = await gql<{ product: { sku: string } }>(a.url, PRODUCT, { sku }, a.credentials.agent);
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data?.product.sku).toBe(sku);
    const afterFirst = erpCalls();
    expect(afterFirst).toBeGreaterThan(before);
    const second = await gql<{ product: { sku: string } }>(b.url, PRODUCT, { sku }, a.credentials.agent);
    expect(second.body.data).toEqual(first.body.data);
    expect(erpCalls()).toBe(afterFirst);
  });

  it('a rate limit is shared: the budget spent on one replica is gone on the other', async () => {
    const headers = a.credentials.store;
    const statuses: number[] = [];
    for (const target of [a, b, a, b]) {
      const res = await gql(target.url, PRODUCT, { sku: skus[1]! }, headers);
      statuses.push(res.status);
    }
    // capacity 3 across both replicas: the 4th call (on b) is refused.
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(statuses[3]).toBe(429);
  });

  it('an idempotency key used on one replica is honoured on the other', async () => {
    // No keyed mutation exists in the graph yet: the store the write paths will use is driven directly.
    const onA = IdempotencyStore.forStore(a.store);
    const onB = IdempotencyStore.forStore(b.store);
    expect(onA).not.toBe(onB);
    let runs = 0;
    const write = async () => {
      runs += 1;
      return { orderNumber: 'SO-1001' };
    };
    const key = `order-${Date.now()}`;
    const first = await onA.run(key, write, { fingerprint: 'body-1' });
    expect(first).toEqual({ result: { orderNumber: 'SO-1001' }, replayed: false });
    const again = await onB.run(key, write, { fingerprint: 'body-1' });
    expect(again).toEqual({ result: { orderNumber: 'SO-1001' }, replayed: true });
    expect(runs).toBe(1);
    await expect(onB.run(key, write, { fingerprint: 'body-2' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
    await onA.recordStep(key, { step: 'reserve', status: 'done', ref: 'RES-1' });
    expect((await onB.steps(key)).map((s) => s.step)).toEqual(['reserve']);
  });

  it('with Redis stopped, reads still work (uncached) and keyed writes fail closed', async () => {
    await redis.stop();
    const sku = skus[2]!;
    const before = erpCalls();
    const started = performance.now();
    const res = await gql<{ product: { sku: string } }>(b.url, PRODUCT, { sku }, a.credentials.agent);
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data?.product.sku).toBe(sku);
    expect(erpCalls()).toBeGreaterThan(before);
    expect(performance.now() - started).toBeLessThan(3000);

    let ran = false;
    const writeStarted = performance.now();
    const err = await IdempotencyStore.forStore(a.store)
      .run(`order-${Date.now()}`, async () => {
        ran = true;
        return 'placed';
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdempotencyError);
    expect((err as IdempotencyError).code).toBe('IDEMPOTENCY_STORE_UNAVAILABLE');
    expect(ran).toBe(false);
    expect(performance.now() - writeStarted).toBeLessThan(2000);
  });
});
