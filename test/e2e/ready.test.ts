import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEMS } from '../../adapters/core/src/index.ts';
import { ask360, datasetAt, pickSpanningPerson } from '../helpers/customer360.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

interface SystemState {
  circuit: string;
  lastError?: { code: string; message: string; at: string };
  p50Ms?: number;
}
interface Readiness {
  ready: boolean;
  systems: Record<string, SystemState>;
}

const SCALE = 0.1;

describe('/ready: per-system state for operations', () => {
  let stack: TestStack;
  let readyUrl: string;
  const ready = async (): Promise<{ status: number; body: Readiness }> => {
    const res = await fetch(readyUrl, { headers: stack.credentials.admin });
    return { status: res.status, body: (await res.json()) as Readiness };
  };

  beforeAll(async () => {
    stack = await startTestStack({ scale: SCALE });
    readyUrl = stack.url.replace(/\/graphql$/, '/ready');
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('lists every system with a closed circuit, and recent latency once it has been called', async () => {
    const before = await ready();
    expect(before.status).toBe(200);
    expect(before.body.ready).toBe(true);
    expect(Object.keys(before.body.systems).sort()).toEqual([...SYSTEMS].sort());
    for (const state of Object.values(before.body.systems)) expect(state.circuit).toBe('closed');

    const person = pickSpanningPerson(datasetAt(SCALE));
    const res = await ask360(stack, person.person.phone);
    expect(res.body.errors).toBeUndefined();
    const after = (await ready()).body.systems;
    for (const system of ['ERP', 'POS', 'MARKETPLACE']) {
      expect(after[system]!.p50Ms, system).toEqual(expect.any(Number));
      expect(after[system]!.lastError).toBeUndefined();
    }
  });

  it('a failing system shows its open circuit and last error code; the gateway stays ready (degraded is not down)', async () => {
    const pos = stack.simulators.pos!;
    pos.faults.set({ outage: 'refuse' });
    try {
      // Someone not asked for yet, so the POS is really called (nothing cached).
      const other = datasetAt(SCALE).people.find((p) => p.phone !== pickSpanningPerson(datasetAt(SCALE)).person.phone)!;
      for (let i = 0; i < 5 && stack.systems!.pos.client.circuitState() !== 'open'; i++) {
        expect((await ask360(stack, other.phone)).status).toBe(200);
      }
      const { status, body } = await ready();
      expect(status).toBe(200);
      expect(body.ready).toBe(true);
      const state = body.systems.POS!;
      expect(state.circuit).toBe('open');
      // The refusal that opened the circuit, or a later call failed fast by the open circuit.
      expect(['UPSTREAM_UNAVAILABLE', 'CIRCUIT_OPEN']).toContain(state.lastError?.code);
      expect(state.lastError?.message).toMatch(/POS/);
      expect(state.lastError?.message).not.toMatch(/127\.0\.0\.1|https?:/);
      expect(Date.parse(state.lastError!.at)).toBeLessThanOrEqual(Date.now());
      expect(body.systems.ERP!.circuit).toBe('closed');
      expect(body.systems.ERP!.lastError).toBeUndefined();
    } finally {
      pos.faults.clear();
    }
  });
});
