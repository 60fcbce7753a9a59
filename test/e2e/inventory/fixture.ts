import type { Dataset, Location, PosReceipt, Product, StockPosition } from '../../../legacy/dataset/src/index.ts';

/**
 * A hand-made world for hand-computed ATP: 20 stores within 10 km of People's Square, one store
 * far away (Beijing), a DC and a supplier; stock whose every number is chosen in the test.
 */
export const REFERENCE_DATE = '2026-11-01T00:00:00.000Z';
export const CENTRE = { latitude: 31.2304, longitude: 121.4737 };

function site(code: string, kind: Location['kind'], latitude: number, longitude: number, posLocationId?: string): Location {
  return {
    code,
    kind,
    name: `${code} site`,
    address: { line1: `${code} Road 1`, city: 'Shanghai', district: 'Huangpu', postcode: '200001', country: 'CN' },
    latitude,
    longitude,
    ...(posLocationId !== undefined && { posLocationId }),
    labourCapacityPerHour: 40,
    peakHours: [12, 18],
    leadTimeDays: kind === 'STORE' ? 0 : 1,
    openedAt: '2015-03-01T02:00:00.000Z',
  };
}

export const storeCode = (i: number) => `ST${String(i).padStart(3, '0')}`;
export const posId = (i: number) => `LPOS${String(i).padStart(9, '0')}`;

/** A completed till sale (receipt `<store>-20261101-0101`) of one SKU. */
function tillSale(store: string, posIndex: number, sku: string, quantity: number): PosReceipt {
  const at = '2026-11-01T03:00:00.000Z';
  return {
    id: `ORD-${store}-0101`,
    receiptNumber: `${store}-20261101-0101`,
    locationId: posId(posIndex),
    storeCode: store,
    state: 'COMPLETED',
    createdAt: at,
    updatedAt: at,
    closedAt: at,
    lineItems: [{ uid: `${store}-L1`, sku, name: sku, quantity, basePriceMoney: 9500, totalMoney: 9500 * quantity }],
    tenders: [{ id: `${store}-T1`, type: 'CASH', amountMoney: 9500 * quantity }],
    totalMoney: 9500 * quantity,
  };
}

/** ST001 … ST020, each 0.004° (~450 m) further north-east than the one before. */
const stores = Array.from({ length: 20 }, (_, k) =>
  site(storeCode(k + 1), 'STORE', CENTRE.latitude + 0.004 * k, CENTRE.longitude + 0.004 * k, posId(k + 1)),
);

const product = (sku: string, price: string, storePrices: Record<string, string> = {}): Product => ({
  sku,
  name: `Product ${sku}`,
  category: 'home',
  brand: 'Acme',
  barcode: '6901234567892',
  price,
  currency: 'CNY',
  storePrices,
  dropShip: false,
  asin: 'B000000001',
});

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

export function inventoryFixture(): Dataset {
  return {
    seed: 7,
    scale: 0.01,
    referenceDate: REFERENCE_DATE,
    locations: [
      ...stores,
      site('ST021', 'STORE', 39.9042, 116.4074, posId(21)),
      site('DC01', 'DC', 31.0, 121.3),
      site('SUP01', 'SUPPLIER', 30.5, 120.5),
    ],
    products: [
      product('SKU-ATP-1', '100.00', { ST001: '95.00', ST021: '120.00' }),
      product('SKU-LAST-10', '49.90'),
      product('SKU-COUNT', '10.00'),
    ],
    people: [],
    erp: { customers: [], orders: [] },
    pos: { customers: [], receipts: [tillSale('ST001', 1, 'SKU-ATP-1', 1), tillSale('ST002', 2, 'SKU-ATP-1', 1)] },
    marketplace: { orders: [] },
    wms: {
      stock: [
        // base = 20 − 3 − 2 − 4 = 11; +5 on 11-03; +10 on 11-10
        position('SKU-ATP-1', 'ST001', 20, {
          reserved: 3,
          allocated: 2,
          safetyStock: 4,
          inbound: [
            { quantity: 5, eta: '2026-11-03', reference: 'TR-DC01-ST001-000001' },
            { quantity: 10, eta: '2026-11-10', reference: 'TR-DC01-ST001-000002' },
          ],
        }),
        // base = 2 − 1 − 0 − 3 = −2 (shown as ATP 0); +4 on 11-04
        position('SKU-ATP-1', 'ST002', 2, {
          reserved: 1,
          safetyStock: 3,
          inbound: [{ quantity: 4, eta: '2026-11-04', reference: 'TR-DC01-ST002-000001' }],
        }),
        // base = 100 − 0 − 10 − 20 = 70; +50 on 11-05
        position('SKU-ATP-1', 'DC01', 100, {
          allocated: 10,
          safetyStock: 20,
          inbound: [{ quantity: 50, eta: '2026-11-05', reference: 'PO-4500000001' }],
        }),
        // exactly 10 can be held: 14 − 0 − 1 − 3
        position('SKU-LAST-10', 'ST003', 14, { allocated: 1, safetyStock: 3 }),
        position('SKU-COUNT', 'ST004', 8, {
          safetyStock: 1,
          inbound: [{ quantity: 12, eta: '2026-11-06', reference: 'PO-4500000077' }],
        }),
      ],
    },
    carrier: { shipments: [] },
    returns: [],
  };
}
