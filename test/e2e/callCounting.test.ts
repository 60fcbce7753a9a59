import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizePhone, type SystemName } from '../../adapters/core/src/index.ts';
import { findPersonWithMostOrders, recordsOfPerson, type Dataset, type PersonRecords } from '../../legacy/dataset/src/index.ts';
import { ask360, callBudget, datasetAt, type Customer360Answer } from '../helpers/customer360.ts';
import { startTestStack, type TestStack } from '../helpers/stack.ts';

const SCALE = 0.1;
const SIMULATORS = { ERP: 'erp', POS: 'pos', WMS: 'wms', CARRIER: 'carrier', MARKETPLACE: 'marketplace' } as const;

function callsPerSystem(stack: TestStack): Record<SystemName, number> {
  const out = {} as Record<SystemName, number>;
  for (const [system, sim] of Object.entries(SIMULATORS) as [SystemName, keyof typeof stack.simulators][]) {
    out[system] = stack.simulators[sim]?.totalCalls() ?? 0;
  }
  return out;
}

/** Someone the POS finds by the phone asked, with till sales: their 360 has a POS part without the ERP. */
function findable(dataset: Dataset, personId: string): PersonRecords | undefined {
  const r = recordsOfPerson(dataset, personId);
  const pos = r?.posCustomer;
  if (!r?.erpCustomer || !pos?.phoneNumber || normalizePhone(pos.phoneNumber) !== normalizePhone(r.person.phone)) return undefined;
  return r.posReceipts.some((x) => x.customerId === pos.id) ? r : undefined;
}

const resetCounts = (stack: TestStack) => Object.values(stack.simulators).forEach((s) => s.resetStats());

describe('upstream calls of the customer-360 query', () => {
  let stack: TestStack;
  let busiest: PersonRecords;
  let others: PersonRecords[];
  let first: Customer360Answer;

  beforeAll(async () => {
    const dataset = datasetAt(SCALE);
    busiest = findPersonWithMostOrders(dataset);
    others = dataset.people
      .map((p) => ({ p, r: findable(dataset, p.personId) }))
      .filter(({ p, r }) => r && p.personId !== busiest.person.personId)
      .slice(0, 2)
      .map(({ r }) => r!);
    stack = await startTestStack({ scale: SCALE });
  }, 60_000);
  afterAll(async () => {
    await stack?.close();
  });

  it('for a customer with 30+ orders: at most the documented calls per system', async () => {
    resetCounts(stack);
    const res = await ask360(stack, busiest.person.phone);
    expect(res.body.errors).toBeUndefined();
    first = res.body.data!;
    const customer = first.findCustomers[0]!;
    expect(customer.orders.totalCount).toBeGreaterThanOrEqual(30);
    expect(new Set(customer.orders.nodes.map((o) => o.sourceSystem))).toEqual(new Set(['ERP', 'POS', 'MARKETPLACE']));
    const calls = callsPerSystem(stack);
    const budget = callBudget(first);
    for (const system of Object.keys(budget) as SystemName[]) {
      expect(calls[system], `${system}: ${calls[system]} calls, budget ${budget[system]}`).toBeLessThanOrEqual(budget[system]);
    }
    // Not one call per order: ERP and POS answer all of a customer's orders in a call or two.
    expect(calls.ERP + calls.POS).toBeLessThan(customer.orders.nodes.filter((o) => o.sourceSystem !== 'MARKETPLACE').length);
  });

  it('asked again within the TTL: no upstream call at all, same answer', async () => {
    resetCounts(stack);
    const res = await ask360(stack, busiest.person.phone);
    expect(res.body.data).toEqual(first);
    expect(callsPerSystem(stack)).toEqual({ ERP: 0, POS: 0, WMS: 0, CARRIER: 0, MARKETPLACE: 0 });
  });

  it('with the ERP circuit open: no call reaches the ERP, even once it is back; the rest answers', async () => {
    const erp = stack.simulators.erp!;
    erp.faults.set({ outage: 'refuse' });
    try {
      // Repeated failures open the circuit; how many one query makes is the client's business.
      for (let i = 0; i < 5 && stack.systems!.erp.client.circuitState() !== 'open'; i++) {
        const down = await ask360(stack, others[0]!.person.phone);
        expect(down.body.errors?.some((e) => e.extensions?.system === 'ERP')).toBe(true);
      }
      expect(stack.systems!.erp.client.circuitState()).toBe('open');
    } finally {
      erp.faults.clear();
    }
    // The ERP is healthy again, but its circuit stays open until the half-open probe (5 s).
    resetCounts(stack);
    const res = await ask360(stack, others[1]!.person.phone);
    expect(erp.totalCalls()).toBe(0);
    const erpErrors = (res.body.errors ?? []).filter((e) => e.extensions?.system === 'ERP');
    expect(erpErrors.length).toBeGreaterThan(0);
    expect(erpErrors.every((e) => e.extensions?.code === 'CIRCUIT_OPEN')).toBe(true);
    expect((res.body.errors ?? []).every((e) => e.extensions?.system === 'ERP')).toBe(true);
    const customer = res.body.data!.findCustomers[0]!;
    expect(customer.identities.some((i) => i.system === 'POS')).toBe(true);
    expect(customer.identities.some((i) => i.system === 'ERP')).toBe(false);
    expect(customer.orders.nodes.some((o) => o.sourceSystem === 'POS')).toBe(true);
  });
});
