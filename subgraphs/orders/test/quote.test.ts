import { describe, expect, it } from 'vitest';
import type { LocationRecord, StockRecord } from '../../../adapters/wms/src/index.ts';
import { quoteOrder, type QuoteLineRequest } from '../src/capture/quote.ts';

const TODAY = '2026-11-01';

function site(code: string, kind: LocationRecord['kind'], city: string, leadTimeDays: number): LocationRecord {
  return {
    code,
    kind,
    name: code,
    address: { line1: '1 Road', city, postcode: '200000', country: 'CN' },
    latitude: 31.2,
    longitude: 121.4,
    labourCapacityPerHour: 50,
    peakHours: [],
    leadTimeDays,
    openedOn: '2020-01-01',
  };
}

function stock(sku: string, locationCode: string, onHand: number, inbound: StockRecord['inbound'] = []): StockRecord {
  return { sku, locationCode, onHand, reserved: 1, allocated: 0, safetyStock: 1, inbound, channelReservations: [], businessDate: TODAY };
}

const SITES = [
  site('DC01', 'DC', 'Suzhou', 1),
  site('ST001', 'STORE', 'Shanghai', 0),
  site('ST002', 'STORE', 'Shanghai', 0),
  site('SUP1', 'SUPPLIER', 'Shanghai', 0),
];
// A: 3 at the Shanghai store ST001 (ATP 1), 50 at the DC (ATP 48). B: only at the DC, 5 arriving 11-05.
const STOCK = new Map<string, StockRecord[]>([
  ['A', [stock('A', 'ST001', 3), stock('A', 'DC01', 50), stock('A', 'SUP1', 500)]],
  ['B', [stock('B', 'DC01', 2, [{ quantity: 5, eta: '2026-11-05', reference: 'TR1' }])]],
]);

const line = (l: Partial<QuoteLineRequest> & Pick<QuoteLineRequest, 'sku' | 'quantity'>): QuoteLineRequest => ({
  deliveryMethod: 'SHIP',
  serviceLevel: 'STANDARD',
  ...l,
});

describe('orderQuote rules (hand-computed)', () => {
  it('ships STANDARD from the fastest site: the Shanghai store (1 day local) beats the DC (1 lead + 3)', () => {
    const q = quoteOrder([line({ sku: 'A', quantity: 1 })], STOCK, SITES, TODAY, 'Shanghai');
    expect(q.lines[0]).toMatchObject({ promisedDate: '2026-11-02', fromLocationCode: 'ST001' });
  });

  it('uses the DC when the store cannot promise the quantity; inbound moves the date', () => {
    const q = quoteOrder([line({ sku: 'A', quantity: 2 }), line({ sku: 'B', quantity: 4 })], STOCK, SITES, TODAY, 'Beijing');
    expect(q.lines[0]).toMatchObject({ promisedDate: '2026-11-05', fromLocationCode: 'DC01' }); // 11-01 + 1 lead + 3
    expect(q.lines[1]).toMatchObject({ promisedDate: '2026-11-09', fromLocationCode: 'DC01' }); // ATP 0 → 5 on 11-05, +1 +3
  });

  it('EXPRESS, NEXT_DAY, SAME_DAY and ONE_HOUR follow their rules', () => {
    const levels = (['EXPRESS', 'NEXT_DAY', 'SAME_DAY', 'ONE_HOUR'] as const).map(
      (serviceLevel) => quoteOrder([line({ sku: 'A', quantity: 1, serviceLevel })], STOCK, SITES, TODAY, 'Shanghai').lines[0],
    );
    expect(levels.map((l) => [l!.promisedDate, l!.fromLocationCode])).toEqual([
      ['2026-11-02', 'ST001'], // store: no lead time, 1 day; DC: 1 lead + 1
      ['2026-11-02', 'DC01'], // both leave today: the tie goes to the deeper stock
      ['2026-11-01', 'ST001'],
      ['2026-11-01', 'ST001'],
    ]);
    // Nothing in a Beijing store: no same-day or one-hour courier there.
    const far = quoteOrder([line({ sku: 'A', quantity: 1, serviceLevel: 'ONE_HOUR' })], STOCK, SITES, TODAY, 'Beijing');
    expect(far.lines[0]).toMatchObject({ promisedDate: null, fromLocationCode: null });
    // B is short today, so nothing that needs today's stock can promise it.
    expect(quoteOrder([line({ sku: 'B', quantity: 4, serviceLevel: 'NEXT_DAY' })], STOCK, SITES, TODAY).lines[0]!.promisedDate).toBeNull();
  });

  it('picks up at the store, or by transfer when the store is short', () => {
    const q = quoteOrder(
      [
        line({ sku: 'A', quantity: 1, deliveryMethod: 'PICKUP', pickupLocationCode: 'ST001' }),
        line({ sku: 'A', quantity: 1, deliveryMethod: 'PICKUP', pickupLocationCode: 'ST002' }),
        line({ sku: 'A', quantity: 1, deliveryMethod: 'PICKUP', pickupLocationCode: 'ST002', serviceLevel: 'ONE_HOUR' }),
      ],
      STOCK,
      SITES,
      TODAY,
    );
    expect(q.lines.map((l) => [l.promisedDate, l.fromLocationCode])).toEqual([
      ['2026-11-01', 'ST001'],
      ['2026-11-02', 'ST001'], // transfer across Shanghai: 1 day
      [null, null],
    ]);
  });

  it('consolidates SHIP lines when one site has them all, at the slowest line’s date', () => {
    const q = quoteOrder([line({ sku: 'A', quantity: 1 }), line({ sku: 'B', quantity: 1 })], STOCK, SITES, TODAY, 'Shanghai');
    expect(q.lines.map((l) => l.fromLocationCode)).toEqual(['ST001', 'DC01']);
    expect(q.consolidation).toEqual({ possible: true, fromLocationCode: 'DC01', promisedDate: '2026-11-09', shipmentsWithout: 2 }); // B: 11-05 + 1 lead + 3
    const short = quoteOrder([line({ sku: 'A', quantity: 1 }), line({ sku: 'B', quantity: 99 })], STOCK, SITES, TODAY);
    expect(short.consolidation.possible).toBe(false);
  });
});
