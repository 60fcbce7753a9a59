import { describe, expect, it } from 'vitest';
import type { CustomerRecord } from '../../../adapters/core/src/index.ts';
import type { LocationRecord, StockRecord } from '../../../adapters/wms/src/index.ts';
import { auditOrder, fraudScore, type AuditInput } from '../src/capture/audit.ts';

const TODAY = '2026-11-01';
const site = (code: string, kind: LocationRecord['kind'], city: string): LocationRecord => ({
  code,
  kind,
  name: code,
  address: { line1: '1 Road', city, postcode: '200000', country: 'CN' },
  latitude: 31.2,
  longitude: 121.4,
  labourCapacityPerHour: 50,
  peakHours: [],
  leadTimeDays: 1,
  openedOn: '2020-01-01',
});
const stock = (sku: string, locationCode: string, onHand: number, inbound: StockRecord['inbound'] = []): StockRecord => ({
  sku,
  locationCode,
  onHand,
  reserved: 0,
  allocated: 0,
  safetyStock: 0,
  inbound,
  channelReservations: [],
  businessDate: TODAY,
});
const customer: CustomerRecord = {
  system: 'ERP',
  externalId: '1',
  firstName: 'Wei',
  lastName: 'Zhang',
  emails: ['wei@example.com'],
  phones: ['+8613800138000'],
  cardNumbers: [],
  address: { line1: 'Wuning Road 34', city: 'Shanghai', postcode: '200333', country: 'CN' },
};
const home = { name: 'Wei Zhang', line1: 'Wuning Road 34', postcode: '200333', city: 'Shanghai', country: 'CN' };

const order = (over: Partial<AuditInput> = {}): AuditInput => ({
  lines: [{ sku: 'A', quantity: 1, deliveryMethod: 'SHIP', locationCode: 'ST001', serviceLevel: 'STANDARD' }],
  shipTo: home,
  contact: { phone: '+86 138 0013 8000' },
  orderValue: '129.00',
  customer,
  ...over,
});

describe('order audit', () => {
  it('passes a complete, ordinary order', () => {
    expect(auditOrder(order())).toEqual({ holds: [], fraudScore: 0 });
  });

  it('holds an incomplete address or a missing contact for customer service', () => {
    expect(auditOrder(order({ shipTo: { ...home, postcode: '' } })).holds).toEqual(['ADDRESS_INCOMPLETE']);
    expect(auditOrder(order({ shipTo: undefined })).holds).toEqual(['ADDRESS_INCOMPLETE']);
    expect(auditOrder(order({ contact: {} })).holds).toEqual(['ADDRESS_INCOMPLETE']);
    // Pickup-only orders need no address, only a way to reach the customer.
    const pickup = order({
      shipTo: undefined,
      lines: [{ sku: 'A', quantity: 1, deliveryMethod: 'PICKUP', locationCode: 'ST001', serviceLevel: 'STANDARD' }],
    });
    expect(auditOrder(pickup).holds).toEqual([]);
  });

  it('scores fraud as documented and holds from the threshold', () => {
    // 40 (≥ 10000) + 25 (another city) = 65
    const risky = order({ orderValue: '12000.00', shipTo: { ...home, city: 'Beijing' } });
    expect(fraudScore(risky)).toBe(65);
    expect(auditOrder(risky).holds).toEqual(['FRAUD_REVIEW']);
    // 20 (≥ 3000) + 15 (unknown email and phone) + 10 (ONE_HOUR) + 10 (10 units) = 55: under 60
    const busy = order({
      orderValue: '3000.00',
      contact: { email: 'x@example.net', phone: '+8613900000000' },
      lines: [{ sku: 'A', quantity: 10, deliveryMethod: 'SHIP', locationCode: 'ST001', serviceLevel: 'ONE_HOUR' }],
    });
    expect(fraudScore(busy)).toBe(55);
    expect(auditOrder(busy).holds).not.toContain('FRAUD_REVIEW');
    expect(auditOrder(busy, 50).holds).toContain('FRAUD_REVIEW');
  });

  it('holds for payment, stock and the courier area at their levels', () => {
    expect(auditOrder(order({ paymentCovered: false })).holds).toEqual(['PAYMENT_NOT_AUTHORIZED']);
    const stockMap = new Map([['A', [stock('A', 'ST001', 0, [{ quantity: 5, eta: '2026-11-05', reference: 'PO1' }])]]]);
    const early = order({
      stock: stockMap,
      today: TODAY,
      lines: [
        { sku: 'A', quantity: 1, deliveryMethod: 'SHIP', locationCode: 'ST001', serviceLevel: 'STANDARD', promisedDate: '2026-11-03' },
      ],
    });
    expect(auditOrder(early).holds).toEqual(['STOCK_UNCONFIRMED']);
    const later = order({
      stock: stockMap,
      today: TODAY,
      lines: [
        { sku: 'A', quantity: 1, deliveryMethod: 'SHIP', locationCode: 'ST001', serviceLevel: 'STANDARD', promisedDate: '2026-11-08' },
      ],
    });
    expect(auditOrder(later).holds).toEqual([]);
    const sites = [site('ST001', 'STORE', 'Shanghai'), site('ST009', 'STORE', 'Hangzhou')];
    const far = order({
      sites,
      lines: [{ sku: 'A', quantity: 1, deliveryMethod: 'SHIP', locationCode: 'ST009', serviceLevel: 'SAME_DAY' }],
    });
    expect(auditOrder(far).holds).toEqual(['COURIER_OUT_OF_AREA']);
    const near = order({
      sites,
      lines: [{ sku: 'A', quantity: 1, deliveryMethod: 'SHIP', locationCode: 'ST001', serviceLevel: 'SAME_DAY' }],
    });
    expect(auditOrder(near).holds).toEqual([]);
  });
});
