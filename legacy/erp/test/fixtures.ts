/** A tiny hand-made world for exact assertions (the generated dataset is used alongside). */
import type { Dataset, ErpCustomer, ErpOrder, ErpOrderItem, Product } from '../../dataset/src/index.ts';

function product(n: number, name: string, price: string, category = 'home', brand = 'Jiayuan'): Product {
  const sku = `SKU-${String(n).padStart(6, '0')}`;
  return {
    sku,
    name,
    category,
    brand,
    barcode: `690000000${String(n).padStart(3, '0')}0`,
    price,
    currency: 'CNY',
    storePrices: {},
    dropShip: false,
    asin: `B0TEST${String(n).padStart(4, '0')}`,
  };
}

const ADDRESS = {
  line1: 'Room 502, No. 34, Lane 1606 Wuning Road',
  city: 'Shanghai',
  district: 'Putuo',
  postcode: '200333',
  country: 'CN',
};

function customer(
  bp: string,
  partial: Partial<ErpCustomer> & Pick<ErpCustomer, 'firstName' | 'lastName' | 'email' | 'phone'>,
): ErpCustomer {
  return {
    businessPartner: bp,
    address: { ...ADDRESS },
    tier: 'BASIC',
    points: 100,
    expiringPoints: 0,
    pointsExpireOn: '2026-12-31',
    cards: [],
    createdAt: '2024-03-01T02:30:00.000Z',
    changedAt: '2025-06-01T08:00:00.000Z',
    personId: `person-${bp}`,
    ...partial,
  };
}

function item(n: number, material: string, quantity: number, netPrice: string, extra: Partial<ErpOrderItem> = {}): ErpOrderItem {
  const fen = Math.round(Number(netPrice) * 100) * quantity;
  return {
    item: String(n * 10),
    material,
    quantity,
    netPrice,
    netAmount: (fen / 100).toFixed(2),
    shippingCondition: '01',
    requestedDeliveryDate: '2026-10-20',
    ...extra,
  };
}

type OrderState = Pick<ErpOrder, 'processStatus' | 'deliveryStatus' | 'deliveryBlockReason' | 'rejectionStatus'>;
export const STATES = {
  NEW: { processStatus: 'A', deliveryStatus: 'A', deliveryBlockReason: '', rejectionStatus: '' },
  HOLD: { processStatus: 'A', deliveryStatus: 'A', deliveryBlockReason: '01', rejectionStatus: '' },
  IN_PROCESS: { processStatus: 'B', deliveryStatus: 'A', deliveryBlockReason: '', rejectionStatus: '' },
  PARTIAL: { processStatus: 'B', deliveryStatus: 'B', deliveryBlockReason: '', rejectionStatus: '' },
  COMPLETE: { processStatus: 'C', deliveryStatus: 'C', deliveryBlockReason: '', rejectionStatus: '' },
  CANCELLED: { processStatus: 'C', deliveryStatus: 'A', deliveryBlockReason: '', rejectionStatus: 'C' },
} as const satisfies Record<string, OrderState>;

export function order(
  salesOrder: string,
  soldToParty: string,
  createdAt: string,
  state: OrderState,
  items: ErpOrderItem[],
  extra: Partial<ErpOrder> = {},
): ErpOrder {
  const total = items.reduce((sum, i) => sum + Math.round(Number(i.netAmount) * 100), 0);
  return {
    salesOrder,
    salesOrderType: 'OR',
    distributionChannel: '10',
    soldToParty,
    purchaseOrderByCustomer: `W2026-${salesOrder.slice(-6)}`,
    createdAt,
    changedAt: createdAt,
    ...state,
    totalNetAmount: (total / 100).toFixed(2),
    currency: 'CNY',
    items,
    personId: `person-${soldToParty}`,
    ...extra,
  };
}

export const WEI = '0010000001';
export const SIOBHAN = '0010000002';
export const NA = '0010000003';

/** Three customers, three products and six orders covering every SAP status combination. */
export function tinyDataset(extraOrders: ErpOrder[] = []): Dataset {
  const products = [
    product(1, 'Jiayuan Electric Kettle - White', '129.00'),
    product(2, "Haiyun Children's T-Shirt - Navy, S", '59.90', 'apparel', 'Haiyun'),
    product(3, 'Leidian Desk Lamp - Black', '89.00', 'electronics', 'Leidian'),
  ];
  const customers = [
    customer(WEI, {
      firstName: 'Wei',
      lastName: 'Zhang',
      email: ' Wei.Zhang@Example.com ',
      phone: '138-0013-8000',
      tier: 'GOLD',
      points: 12000,
      expiringPoints: 500,
      cards: [
        { kind: 'MEMBER', number: '8800000000000001', issuedAt: '2024-03-01T02:30:00.000Z' },
        { kind: 'GIFT', number: '9900000000000002', balance: '50.00', issuedAt: '2025-01-01T00:00:00.000Z' },
      ],
    }),
    customer(SIOBHAN, { firstName: 'Siobhan', lastName: "O'Neill", email: 'siobhan.oneill@example.com', phone: '+86 139 0013 9000' }),
    customer(NA, { firstName: 'Na', lastName: 'Li', email: 'NA.LI@EXAMPLE.NET', phone: '0086 137 0013 7000' }),
  ];
  const orders = [
    order('1000000001', WEI, '2026-10-01T02:00:00.000Z', STATES.COMPLETE, [
      item(1, 'SKU-000001', 1, '129.00', { shippingCondition: '02', plant: 'ST001', requestedDeliveryDate: '2026-10-02' }),
      item(2, 'SKU-000003', 2, '89.00', { shippingCondition: '02', plant: 'ST001', requestedDeliveryDate: '2026-10-02' }),
    ]),
    order(
      '1000000002',
      WEI,
      '2026-10-15T12:30:00.000Z',
      STATES.PARTIAL,
      [
        item(1, 'SKU-000002', 3, '59.90', { requestedDeliveryDate: '2026-10-18' }),
        item(2, 'SKU-000001', 1, '129.00', { requestedDeliveryDate: '2026-10-21' }),
      ],
      { distributionChannel: '11', purchaseOrderByCustomer: 'A2026-000002' },
    ),
    order('1000000003', WEI, '2026-10-30T09:00:00.000Z', STATES.HOLD, [item(1, 'SKU-000003', 1, '89.00')], {
      distributionChannel: '12',
      purchaseOrderByCustomer: 'C2026-000003',
    }),
    order('1000000004', SIOBHAN, '2026-10-20T01:00:00.000Z', STATES.CANCELLED, [item(1, 'SKU-000001', 1, '129.00')]),
    order('1000000005', SIOBHAN, '2026-10-31T16:30:00.000Z', STATES.NEW, [item(1, 'SKU-000002', 1, '59.90')]),
    order('1000000006', NA, '2026-10-25T06:00:00.000Z', STATES.IN_PROCESS, [item(1, 'SKU-000003', 1, '89.00')]),
    ...extraOrders,
  ];
  return {
    seed: 1,
    scale: 0.01,
    referenceDate: '2026-11-01T00:00:00.000Z',
    locations: [],
    products,
    people: [],
    erp: { customers, orders },
    pos: { customers: [], receipts: [] },
    marketplace: { orders: [] },
    wms: { stock: [] },
    carrier: { shipments: [] },
    returns: [],
  };
}

/** `n` more completed orders for one customer, one a day going back from 2026-09-30. */
export function manyOrders(soldToParty: string, n: number, firstNumber = 1000000100): ErpOrder[] {
  return Array.from({ length: n }, (_, i) =>
    order(String(firstNumber + i), soldToParty, new Date(Date.UTC(2026, 8, 30 - (n - 1 - i), 4)).toISOString(), STATES.COMPLETE, [
      item(1, 'SKU-000001', 1, '129.00'),
    ]),
  );
}
