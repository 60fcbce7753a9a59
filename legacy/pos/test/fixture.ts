import type { Dataset, Location, PosCustomer, PosReceipt, Product } from '../../dataset/src/index.ts';

/**
 * A tiny hand-made world for exact assertions: 12 stores (two SearchOrders location chunks),
 * customers whose contact details are typed in the formats cashiers use, receipts in every
 * state, a linked and an unlinked till return, and one endless-aisle sale with a shipment.
 */
export const REFERENCE_DATE = '2026-11-01T00:00:00.000Z';
const DAY = 86_400_000;
const REF = Date.parse(REFERENCE_DATE);
const iso = (ms: number) => new Date(ms).toISOString();

export const STORE_IDS = Array.from({ length: 12 }, (_, i) => `LSTORE${String(i + 1).padStart(2, '0')}XYZ`);

function store(i: number): Location {
  const code = `ST${String(i + 1).padStart(3, '0')}`;
  return {
    code,
    kind: 'STORE',
    name: `Store ${i + 1}`,
    address: { line1: `${i + 1} Nanjing Road`, city: 'Shanghai', district: 'Huangpu', postcode: '200001', country: 'CN' },
    latitude: 31.2 + i / 100,
    longitude: 121.4 + i / 100,
    posLocationId: STORE_IDS[i] as string,
    labourCapacityPerHour: 40,
    peakHours: [12, 18],
    leadTimeDays: 0,
    openedAt: '2015-03-01T02:00:00.000Z',
  };
}

function dc(): Location {
  const { posLocationId: _unused, ...rest } = store(12);
  return { ...rest, code: 'DC01', kind: 'DC', name: 'Shanghai DC' };
}

const products: Product[] = ['SKU-000001', 'SKU-000002', 'SKU-000003'].map((sku, i) => ({
  sku,
  name: `Product ${i + 1}`,
  category: 'home',
  brand: 'Acme',
  barcode: '6901234567892',
  price: `${(i + 1) * 10}.00`,
  currency: 'CNY',
  storePrices: {},
  dropShip: false,
  asin: `B00000000${i}`,
}));

const customer = (id: string, given: string, family: string, extra: Partial<PosCustomer>, createdDaysAgo: number): PosCustomer => ({
  id,
  givenName: given,
  familyName: family,
  createdAt: iso(REF - createdDaysAgo * DAY),
  updatedAt: iso(REF - DAY),
  personId: `person-${id}`,
  ...extra,
});

export const CUSTOMERS = {
  wei: customer(
    'CUSTWEIZHANG0000000000000A',
    'Wei',
    'Zhang',
    { emailAddress: ' Wei.Zhang@Example.com ', phoneNumber: '138 0013 8000', referenceId: '8800123456789012' },
    300,
  ),
  na: customer('CUSTLINA000000000000000000B', 'Na', 'Li', { emailAddress: 'lina@example.cn', phoneNumber: '+86 139-0000-1111' }, 200),
  jie: customer('CUSTCHENJIE000000000000000C', 'Jie', 'Chen', { phoneNumber: '0086 150 2564 4531' }, 100),
  card: customer('CUSTCARDONLY00000000000000D', 'Min', 'Wu', { referenceId: 'MEMBER-7788' }, 50),
};

const filler = Array.from({ length: 25 }, (_, i) =>
  customer(
    `CUSTFILLER${String(i).padStart(16, '0')}`,
    `Zz${String(i).padStart(2, '0')}`,
    'Filler',
    { emailAddress: `filler${i}@example.com` },
    10 + i,
  ),
);

let seq = 0;
const perDay = new Map<string, number>();
function receipt(
  storeIndex: number,
  daysAgo: number,
  customerId: string | undefined,
  state: PosReceipt['state'],
  tender: 'CARD' | 'CASH' | 'OTHER' | 'GIFT' = 'CARD',
): PosReceipt {
  const s = store(storeIndex);
  // 10:00 Shanghai time (02:00 UTC) on the day, plus a minute per receipt to keep times distinct.
  const created = REF - daysAgo * DAY + 2 * 3600_000 + ++seq * 60_000;
  const day = new Date(created + 8 * 3600_000).toISOString().slice(0, 10).replaceAll('-', '');
  const key = `${s.code}-${day}`;
  const n = (perDay.get(key) ?? 0) + 1;
  perDay.set(key, n);
  const total = 12900 * 2 + 4950;
  const r: PosReceipt = {
    id: `ORDER${String(seq).padStart(22, '0')}`,
    receiptNumber: `${key}-${String(n).padStart(4, '0')}`,
    locationId: s.posLocationId as string,
    storeCode: s.code,
    state,
    createdAt: iso(created),
    updatedAt: iso(created + 120_000),
    lineItems: [
      { uid: `LINE${seq}A`, sku: 'SKU-000001', name: 'Product 1', quantity: 2, basePriceMoney: 12900, totalMoney: 25800 },
      { uid: `LINE${seq}B`, sku: 'SKU-000002', name: 'Product 2', quantity: 1, basePriceMoney: 4950, totalMoney: 4950 },
    ],
    tenders:
      state === 'COMPLETED'
        ? tender === 'GIFT'
          ? [
              { id: `TENDER${seq}G`, type: 'SQUARE_GIFT_CARD', amountMoney: 10000, cardBrand: 'SQUARE_GIFT_CARD', cardLast4: '4242' },
              { id: `TENDER${seq}C`, type: 'CARD', amountMoney: total - 10000, cardBrand: 'CHINA_UNIONPAY', cardLast4: '1234' },
            ]
          : [{ id: `TENDER${seq}`, type: tender, amountMoney: total, ...(tender === 'CARD' && { cardBrand: 'VISA', cardLast4: '4321' }) }]
        : [],
    totalMoney: total,
  };
  if (state !== 'OPEN') r.closedAt = iso(created + 120_000);
  if (customerId) {
    r.customerId = customerId;
    r.personId = `person-${customerId}`;
  }
  return r;
}

export function buildFixture(): Dataset {
  seq = 0;
  perDay.clear();
  const stores = Array.from({ length: 12 }, (_, i) => store(i));
  const receipts: PosReceipt[] = [];
  // Wei shops everywhere: 30 sales over all 12 stores (both location chunks, several pages).
  for (let i = 0; i < 30; i++) {
    const state = i === 0 ? 'OPEN' : i === 1 ? 'CANCELED' : 'COMPLETED';
    receipts.push(receipt(i % 12, 40 - i, CUSTOMERS.wei.id, state, i === 2 ? 'GIFT' : i % 3 === 0 ? 'CASH' : 'CARD'));
  }
  receipts.push(receipt(0, 5, CUSTOMERS.na.id, 'COMPLETED', 'OTHER'));
  receipts.push(receipt(11, 3, CUSTOMERS.na.id, 'COMPLETED'));
  for (let i = 0; i < 5; i++) receipts.push(receipt(i, 2, undefined, 'COMPLETED', 'CASH'));
  // Two sales at ST001 on the same day, so a receipt-number search has to pick the right one.
  receipts.push(receipt(0, 1, CUSTOMERS.jie.id, 'COMPLETED'));
  receipts.push(receipt(0, 1, undefined, 'COMPLETED', 'CASH'));

  const returned = receipts[5] as PosReceipt;
  const shipped = receipts[6] as PosReceipt;
  return {
    seed: 7,
    scale: 0,
    referenceDate: REFERENCE_DATE,
    locations: [...stores, dc()],
    products,
    people: [],
    erp: { customers: [], orders: [] },
    pos: { customers: [CUSTOMERS.wei, CUSTOMERS.na, CUSTOMERS.jie, CUSTOMERS.card, ...filler], receipts },
    marketplace: { orders: [] },
    wms: { stock: [] },
    carrier: {
      shipments: [
        {
          trackingNumber: '1Z999AA10123456784',
          carrier: 'UPS',
          orderSystem: 'POS',
          orderId: shipped.id,
          fromLocation: shipped.storeCode,
          status: 'IN_TRANSIT',
          events: [
            { at: shipped.createdAt, status: 'PRE_TRANSIT', city: 'Shanghai', description: 'Label created' },
            { at: shipped.updatedAt, status: 'IN_TRANSIT', city: 'Shanghai', description: 'Picked up' },
          ],
        },
      ],
    },
    returns: [
      {
        returnId: `${returned.storeCode}-R-20261001-0001`,
        system: 'POS',
        originalOrderSystem: 'POS',
        originalOrderId: returned.id,
        storeCode: returned.storeCode,
        status: 'REFUNDED',
        createdAt: iso(Date.parse(returned.createdAt) + 3 * DAY),
        lines: [
          { sku: 'SKU-000001', quantity: 2, refundAmount: '258.00', reason: 'Changed mind' },
          { sku: 'SKU-000002', quantity: 1, refundAmount: '49.50', reason: 'Changed mind' },
        ],
        refundTender: 'ORIGINAL',
        personId: `person-${CUSTOMERS.wei.id}`,
      },
      {
        returnId: 'ST002-R-20261020-0001',
        system: 'POS',
        originalOrderSystem: 'ERP',
        originalOrderId: '1000000042',
        storeCode: 'ST002',
        status: 'RECEIVED',
        createdAt: iso(REF - 12 * DAY),
        lines: [{ sku: 'SKU-000003', quantity: 1, refundAmount: '30.00', reason: 'Damaged' }],
        refundTender: 'STORE_CREDIT',
        personId: 'person-x',
      },
    ],
  };
}
