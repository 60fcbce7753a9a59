import { describe, expect, it } from 'vitest';
import type { OrderRecord, ProductRecord } from '../../../adapters/core/src/index.ts';
import { DEFAULT_RETURN_POLICY, orderEligibility, refusals } from '../src/domain/policy.ts';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-24T12:00:00Z');
const cny = (amount: string) => ({ amount, currency: 'CNY' });
const line = (sku: string, quantity: number) => ({
  lineId: sku,
  sku,
  quantity,
  unitPrice: cny('100.00'),
  lineTotal: cny(`${quantity * 100}.00`),
  deliveryMethod: 'SHIP' as const,
});
const order = (daysAgo: number, overrides: Partial<OrderRecord> = {}): OrderRecord => ({
  system: 'ERP',
  externalId: '1000000001',
  number: 'W2026-000001',
  channel: 'WEB',
  status: 'DELIVERED',
  sourceStatus: 'C/C',
  placedAt: new Date(NOW - daysAgo * DAY).toISOString(),
  grandTotal: cny('300.00'),
  lines: [line('SHIRT', 2), line('TEA', 1)],
  ...overrides,
});
const product = (sku: string, category: string): ProductRecord => ({
  sku,
  name: sku,
  category,
  brand: 'b',
  barcode: '0',
  price: cny('100.00'),
});
const products = new Map([
  ['SHIRT', product('SHIRT', 'apparel')],
  ['TEA', product('TEA', 'grocery')],
]);

describe('return policy', () => {
  it('inside the window: returnable is what was bought less what came back; final sale is never returnable', () => {
    const e = orderEligibility(DEFAULT_RETURN_POLICY, order(5), products, new Map([['SHIRT', 1]]), NOW);
    expect(e.lines.find((l) => l.sku === 'SHIRT')).toMatchObject({ purchased: 2, alreadyReturned: 1, returnable: 1, reasons: [] });
    expect(e.lines.find((l) => l.sku === 'TEA')).toMatchObject({ returnable: 0, reasons: [{ code: 'FINAL_SALE' }] });
    expect(e.windowClosesOn).toBe(new Date(NOW + 25 * DAY).toISOString().slice(0, 10));
  });

  it('after the window every line is refused with WINDOW_CLOSED; the window is configurable', () => {
    const late = orderEligibility(DEFAULT_RETURN_POLICY, order(31), products, new Map(), NOW);
    expect(late.lines.find((l) => l.sku === 'SHIRT')!.reasons.map((r) => r.code)).toEqual(['WINDOW_CLOSED']);
    const longer = orderEligibility({ ...DEFAULT_RETURN_POLICY, windowDays: 60 }, order(31), products, new Map(), NOW);
    expect(longer.lines.find((l) => l.sku === 'SHIRT')!.returnable).toBe(2);
  });

  it('marketplace orders follow their own window; cancelled orders return nothing', () => {
    const policy = { ...DEFAULT_RETURN_POLICY, marketplaceWindowDays: 10 };
    const mkt = orderEligibility(policy, order(15, { system: 'MARKETPLACE' }), products, new Map(), NOW);
    expect(mkt.lines[0]!.reasons[0]!.code).toBe('WINDOW_CLOSED');
    const cancelled = orderEligibility(DEFAULT_RETURN_POLICY, order(1, { status: 'CANCELLED' }), products, new Map(), NOW);
    expect(cancelled.lines[0]!.reasons[0]!.code).toBe('ORDER_CANCELLED');
  });

  it('refuses requested lines one by one: not on the order, too many, final sale', () => {
    const e = orderEligibility(DEFAULT_RETURN_POLICY, order(5), products, new Map([['SHIRT', 1]]), NOW);
    expect(refusals(e, [{ sku: 'SHIRT', quantity: 1 }])).toEqual([]);
    const out = refusals(e, [
      { sku: 'SHIRT', quantity: 2 },
      { sku: 'SOCKS', quantity: 1 },
      { sku: 'TEA', quantity: 1 },
    ]);
    expect(out.map((r) => [r.line, r.code])).toEqual([
      [0, 'ALREADY_RETURNED'],
      [1, 'NOT_ON_ORDER'],
      [2, 'FINAL_SALE'],
    ]);
  });
});
