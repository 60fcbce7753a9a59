import { beforeAll, describe, expect, it } from 'vitest';
import { PEOPLE_SYSTEMS, QUERY_SYSTEMS } from '../helpers/customer360.ts';
import { FAULT_CASES, MATRIX_SETTINGS, matrixTable, runMatrix, type MatrixRun } from '../helpers/faultMatrix.ts';

/**
 * Done-when of issue 5: the customer-360 query with each system in turn down, hanging, rate
 * limited, flaky and sending garbage. Every field another system owns is present and equal to
 * the healthy answer, the errors name the failing system and a code, and no response takes
 * longer than the deadline. All five systems own part of the answer (the carrier: each order's
 * parcels), so each has its row.
 * `npm run resilience:matrix` writes the same matrix into docs/resilience.md.
 */
describe(`fault matrix: customer 360 with one system failing (deadline ${MATRIX_SETTINGS.requestDeadlineMs} ms)`, () => {
  let run: MatrixRun;
  beforeAll(async () => {
    run = await runMatrix({ parallel: 3 });
    console.info(`fault matrix (${run.ms} ms):\n${matrixTable(run.cells)}`);
  }, 240_000);

  it('runs against someone whose healthy answer spans ERP, POS, marketplace, WMS stock and carrier parcels', () => {
    const customer = run.reference.answer.findCustomers[0]!;
    expect(new Set(customer.identities.map((i) => i.system))).toEqual(new Set(PEOPLE_SYSTEMS));
    expect(new Set(customer.orders.nodes.map((o) => o.sourceSystem))).toEqual(new Set(PEOPLE_SYSTEMS));
    const lines = customer.orders.nodes.flatMap((o) => o.lines ?? []);
    expect(lines.every((l) => l.product?.name && l.product.networkAvailability)).toBe(true);
    expect(customer.orders.nodes.every((o) => o.shipments !== null)).toBe(true);
    expect(customer.orders.nodes.some((o) => (o.shipments?.length ?? 0) > 0)).toBe(true);
  });

  for (const system of QUERY_SYSTEMS) {
    for (const fault of FAULT_CASES) {
      it(`${system} ${fault.label}: the rest intact, errors name ${system} (${fault.codes.join(' / ')}), within the deadline`, () => {
        const cell = run.cells.find((c) => c.system === system && c.fault === fault.name)!;
        expect(cell.problems).toEqual([]);
        if (fault.expectation === 'missing') expect(cell.outcome).toBe('degraded');
      });
    }
  }
});
