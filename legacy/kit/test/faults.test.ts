import { afterEach, describe, expect, it } from 'vitest';
import { FaultController, createSimulator, parseFaults, type Simulator } from '../src/index.ts';

const renderError = (status: number, message: string) => ({ contentType: 'application/json', body: JSON.stringify({ status, message }) });

describe('FaultController', () => {
  it('fails exactly the configured share of requests, repeatably', () => {
    const faults = new FaultController({ errorRate: 0.5, errorStatus: 502 });
    const kinds = Array.from({ length: 10 }, () => faults.decide().kind);
    expect(kinds.filter((k) => k === 'error')).toHaveLength(5);
    expect(kinds.slice(0, 4)).toEqual(['none', 'error', 'none', 'error']);
  });

  it('rejects unknown or out-of-range settings with a message naming them', () => {
    expect(() => parseFaults({ latncyMs: 5 })).toThrow(/unknown fault setting "latncyMs"/);
    expect(() => parseFaults({ errorRate: 2 })).toThrow(/errorRate must be between 0 and 1/);
    expect(() => parseFaults({ outage: 'sometimes' })).toThrow(/outage/);
  });
});

describe('simulator control plane', () => {
  let sim: Simulator;
  afterEach(async () => sim?.close());

  async function start(): Promise<string> {
    sim = createSimulator({ system: 'test', renderError });
    sim.app.get('/thing', async () => ({ ok: true, padding: 'x'.repeat(100) }));
    return sim.listen(0);
  }

  it('sets, reads and clears faults at run time, and counts calls', async () => {
    const url = await start();
    const set = await fetch(`${url}/__faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ rateLimitRate: 1, retryAfterSeconds: 7 }),
    });
    expect(set.status).toBe(200);
    const limited = await fetch(`${url}/thing`);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await limited.json()).toEqual({ status: 429, message: 'Too many requests' });
    expect(((await (await fetch(`${url}/__faults`)).json()) as { rateLimitRate: number }).rateLimitRate).toBe(1);
    await fetch(`${url}/__faults`, { method: 'DELETE' });
    expect((await fetch(`${url}/thing`)).status).toBe(200);
    expect(sim.counts.get('GET /thing')).toBe(2);
    const bad = await fetch(`${url}/__faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"nope":1}' });
    expect(bad.status).toBe(400);
  });

  it('refuses connections during an outage but keeps the control path open', async () => {
    const url = await start();
    sim.faults.set({ outage: 'refuse' });
    await expect(fetch(`${url}/thing`)).rejects.toThrow();
    expect((await fetch(`${url}/__faults`)).status).toBe(200);
  });

  it('hangs without answering when told to', async () => {
    const url = await start();
    sim.faults.set({ outage: 'hang' });
    const res = await fetch(`${url}/thing`, { signal: AbortSignal.timeout(200) }).catch((e: Error) => e);
    expect(res).toBeInstanceOf(Error);
  });

  it('cuts bodies in half when malformed, and adds latency', async () => {
    const url = await start();
    sim.faults.set({ malformedRate: 1, latencyMs: 50 });
    const started = Date.now();
    const res = await fetch(`${url}/thing`);
    const text = await res.text();
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(() => JSON.parse(text)).toThrow();
  });
});
