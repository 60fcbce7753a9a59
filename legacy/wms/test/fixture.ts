import type { Dataset, Location, StockPosition } from '../../dataset/src/index.ts';

/** A tiny world with known numbers, for assertions that need exact values. */
export function wmsFixture(): Dataset {
  const location = (code: string, kind: Location['kind'], extra: Partial<Location> = {}): Location => ({
    code,
    kind,
    name: `${code} & Co <test>`,
    address: { line1: `${code} Road 1`, city: 'Shanghai', district: 'Pudong', postcode: '200120', country: 'CN' },
    latitude: 31.2381,
    longitude: 121.5029,
    labourCapacityPerHour: 40,
    peakHours: [12, 18],
    leadTimeDays: 0,
    openedAt: '2019-03-01T02:00:00.000Z',
    ...extra,
  });
  const locations: Location[] = [
    location('ST001', 'STORE', { posLocationId: 'LPOS000000001' }),
    location('DC01', 'DC', { labourCapacityPerHour: 600, peakHours: [9, 10, 14, 15], leadTimeDays: 1 }),
    location('SUP01', 'SUPPLIER', { leadTimeDays: 4, peakHours: [] }),
  ];
  const position = (sku: string, locationCode: string, onHand: number, extra: Partial<StockPosition> = {}): StockPosition => ({
    sku,
    locationCode,
    onHand,
    reserved: 0,
    allocated: 0,
    safetyStock: 0,
    inbound: [],
    ...extra,
  });
  const stock: StockPosition[] = [
    position('SKU-000001', 'ST001', 12, { reserved: 2, allocated: 1, safetyStock: 3 }),
    position('SKU-000001', 'DC01', 300, {
      safetyStock: 20,
      inbound: [
        { quantity: 100, eta: '2026-11-04', reference: 'PO-4500000001' },
        { quantity: 50, eta: '2026-11-09', reference: 'PO-4500000002' },
      ],
    }),
    position('SKU-000002', 'ST001', 0, { inbound: [{ quantity: 6, eta: '2026-11-03', reference: 'TR-DC01-ST001-000001' }] }),
    position('00123', 'DC01', 7),
    position('SKU-DROP-1', 'SUP01', 900),
  ];
  return {
    seed: 1,
    scale: 0.01,
    referenceDate: '2026-11-01T00:00:00.000Z',
    locations,
    products: [],
    people: [],
    erp: { customers: [], orders: [] },
    pos: { customers: [], receipts: [] },
    marketplace: { orders: [] },
    wms: { stock },
    carrier: { shipments: [] },
    returns: [],
  };
}
