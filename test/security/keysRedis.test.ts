import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeyStore } from '../../gateway/src/auth/index.ts';
import { closeStore, createStore } from '../../gateway/src/store.ts';
import type { CacheStore } from '../../adapters/core/src/index.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';
import { startRedis, type RedisServer } from '../ops/redisServer.ts';
import { runPersisted } from './authFixtures.ts';

/**
 * With REDIS_URL, keys issued and revoked by the CLI (its own store connection, as
 * `npm run keys` has) take effect on the running gateway at once.
 */
describe('API keys in the shared Redis', () => {
  let redis: RedisServer;
  let stack: TestStack;
  let cliStore: CacheStore;
  let cli: ApiKeyStore;

  beforeAll(async () => {
    redis = await startRedis();
    stack = await startTestStack({ scale: 0.05, env: { REDIS_URL: redis.url } });
    cliStore = createStore({ redisUrl: redis.url });
    cli = new ApiKeyStore(cliStore);
    await cli.ready();
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    if (cliStore) await closeStore(cliStore);
    await redis?.stop();
  });

  it('a key created from another process works on the gateway; revoking it there refuses it at once', async () => {
    const sku = (await import('../../legacy/dataset/src/index.ts')).getDataset({ scale: 0.05 }).products[0]!.sku;
    const issued = await cli.create({ role: 'partner', channel: 'AMAZON', label: 'redis probe' });
    const headers = { 'x-api-key': issued.key };
    const ok = await runPersisted<{ product: { sku: string } }>(stack.url, 'ProductInfo', { sku }, headers);
    expect(ok.status).toBe(200);
    expect(ok.body.data?.product.sku).toBe(sku);
    expect((await cli.list()).map((k) => k.keyId)).toEqual(expect.arrayContaining([issued.record.keyId]));
    await cli.revoke(issued.record.keyId);
    const refused = await runPersisted(stack.url, 'ProductInfo', { sku }, headers);
    expect(refused.status).toBe(401);
  });

  it('the demo keys the gateway created are in the shared store too', async () => {
    const keys = await cli.list();
    expect(keys.some((k) => k.role === 'chatbot' && k.label === 'demo chatbot')).toBe(true);
    expect(keys.every((k) => /^[0-9a-f]{64}$/.test(k.hash))).toBe(true);
  });
});
