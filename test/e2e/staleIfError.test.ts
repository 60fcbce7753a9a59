import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { CACHE_POLICY } from '../../subgraphs/runtime/src/index.ts';
import { ask360, datasetAt, pickSpanningPerson } from '../helpers/customer360.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

const SCALE = 0.1;
const staleOf = (body: unknown) => (body as { extensions?: { stale?: { system: string; ageMs: number }[] } }).extensions?.stale ?? [];

describe('stale-if-error: a failing system is answered from cache within its stale window, and says so', () => {
  const person = pickSpanningPerson(datasetAt(SCALE));
  const phone = person.person.phone;
  let stack: TestStack | undefined;
  afterEach(async () => {
    await stack?.close();
    stack = undefined;
  });

  it('past the TTL but inside the stale window: the whole answer, marked stale for ERP with its age', async () => {
    // TTLs ×0.01: customer searches are fresh for 600 ms and may be served stale for 9 s more.
    const scale = 0.01;
    stack = await startTestStack({ scale: SCALE, env: { CACHE_TTL_SCALE: String(scale) } });
    const healthy = await ask360(stack, phone);
    expect(healthy.body.errors).toBeUndefined();
    expect(staleOf(healthy.body)).toEqual([]);
    const cachedAt = Date.now();

    const ttl = CACHE_POLICY.customerSearch.ttlMs * scale;
    await sleep(ttl + 400);
    const erp = stack.simulators.erp!;
    erp.resetStats();
    erp.faults.set({ outage: 'refuse' });
    const res = await ask360(stack, phone);

    expect(erp.totalCalls(), 'the ERP was asked (the entries were past their TTL) and failed').toBeGreaterThan(0);
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data).toEqual(healthy.body.data);
    const stale = staleOf(res.body);
    expect(stale.map((s) => s.system)).toEqual(['ERP']);
    const ageMs = stale[0]!.ageMs;
    expect(ageMs).toBeGreaterThan(ttl);
    expect(ageMs).toBeLessThanOrEqual(Date.now() - cachedAt + healthy.ms);
    expect(ageMs).toBeLessThanOrEqual(ttl + CACHE_POLICY.customerSearch.staleMs * scale);
  });

  it('past the stale window: not served; the ERP part is missing with an error naming it', async () => {
    // TTLs ×0.001: customer searches and orders may be served stale for 0.9 s at most.
    const scale = 0.001;
    stack = await startTestStack({ scale: SCALE, env: { CACHE_TTL_SCALE: String(scale) } });
    const healthy = await ask360(stack, phone);
    expect(healthy.body.errors).toBeUndefined();

    const window = (CACHE_POLICY.customerSearch.ttlMs + CACHE_POLICY.customerSearch.staleMs) * scale;
    await sleep(window + 300);
    stack.simulators.erp!.faults.set({ outage: 'refuse' });
    const res = await ask360(stack, phone);

    const customer = res.body.data!.findCustomers[0]!;
    expect(customer.identities.some((i) => i.system === 'ERP')).toBe(false);
    expect(customer.orders.nodes.some((o) => o.sourceSystem === 'ERP')).toBe(false);
    expect(customer.identities.some((i) => i.system === 'POS')).toBe(true);
    const errors = res.body.errors ?? [];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.extensions?.system === 'ERP')).toBe(true);
    // Product names have a day-long stale window: those may still come from cache, marked.
    for (const s of staleOf(res.body)) expect(s).toMatchObject({ system: 'ERP' });
  });
});
