import type { Dataset, MarketplaceOrder, MarketplaceOrderItem, Product } from '../../dataset/src/index.ts';
import { MARKETPLACE_IDS } from '../../dataset/src/index.ts';

/** A hand-built world small enough to assert on order by order. */

const products: Product[] = Array.from({ length: 30 }, (_, i) => ({
  sku: `SKU-${String(i + 1).padStart(4, '0')}`,
  name: `Product ${i + 1}`,
  category: 'Home',
  brand: 'Acme',
  barcode: '6901234567892',
  price: `${(i + 1) * 10}.00`,
  currency: 'CNY',
  storePrices: {},
  dropShip: false,
  asin: `B0${String(i + 1).padStart(8, '0')}`,
}));

function items(orderNo: number, count: number, status: MarketplaceOrder['orderStatus']): MarketplaceOrderItem[] {
  const shipped = status === 'Shipped' || status === 'InvoiceUnconfirmed';
  return Array.from({ length: count }, (_, i) => {
    const p = products[i % products.length]!;
    const qty = (i % 3) + 1;
    return {
      orderItemId: `${String(orderNo).padStart(6, '0')}${String(i + 1).padStart(8, '0')}`,
      asin: p.asin,
      sellerSku: p.sku,
      title: p.name,
      quantityOrdered: qty,
      quantityShipped: shipped ? qty : status === 'PartiallyShipped' && i === 0 ? qty : 0,
      itemPrice: `${(i + 1) * 10 * qty}.00`,
    };
  });
}

interface Spec {
  id: string;
  channel: 'AMAZON' | 'JD';
  status: MarketplaceOrder['orderStatus'];
  email: string;
  name: string;
  purchase: string;
  updated?: string;
  afn?: boolean;
  itemCount?: number;
  phone?: string;
}

function order(n: number, s: Spec): MarketplaceOrder {
  const lines = items(n, s.itemCount ?? 2, s.status);
  const total = lines.reduce((sum, it) => sum + Number(it.itemPrice), 0);
  return {
    amazonOrderId: s.id,
    channel: s.channel,
    marketplaceId: MARKETPLACE_IDS[s.channel],
    purchaseDate: s.purchase,
    lastUpdateDate: s.updated ?? s.purchase,
    orderStatus: s.status,
    fulfillmentChannel: s.afn ? 'AFN' : 'MFN',
    buyerEmail: s.email,
    buyerName: s.name,
    shippingAddress: {
      name: s.name,
      line1: '88 Nanjing Road',
      city: 'Shanghai',
      district: 'Huangpu',
      postcode: '200001',
      country: 'CN',
      phone: s.phone ?? '+8613800138000',
    },
    orderTotal: `${total}.00`,
    currency: 'CNY',
    items: lines,
    personId: `P${n}`,
  };
}

export const WEI = 'wei.zhang@example.com';
export const LI = 'li.na@example.com';
export const HOSTILE = "o'brien+x&y=z@example.com";
export const RELAY = 'a1b2c3d4e5f6@marketplace.amazon.cn';

export const SPECS: Spec[] = [
  {
    id: '111-0000001-0000001',
    channel: 'AMAZON',
    status: 'Shipped',
    email: 'Wei.Zhang@Example.com',
    name: 'Wei Zhang',
    purchase: '2026-09-01T10:00:00.000Z',
    updated: '2026-09-02T08:00:00.000Z',
  },
  {
    id: '111-0000002-0000002',
    channel: 'AMAZON',
    status: 'Unshipped',
    email: WEI,
    name: 'Zhang Wei',
    purchase: '2026-10-20T09:30:00.000Z',
    phone: '138 0013 8000',
  },
  {
    id: '222-0000003-0000003',
    channel: 'JD',
    status: 'Pending',
    email: 'WEI.ZHANG@EXAMPLE.COM',
    name: 'WEI ZHANG',
    purchase: '2026-11-01T12:00:00.000Z',
  },
  {
    id: '111-0000004-0000004',
    channel: 'AMAZON',
    status: 'Shipped',
    email: RELAY,
    name: 'Li Na',
    purchase: '2026-08-15T07:00:00.000Z',
    afn: true,
  },
  {
    id: '222-0000005-0000005',
    channel: 'JD',
    status: 'Canceled',
    email: LI,
    name: 'Li Na',
    purchase: '2026-10-01T06:00:00.000Z',
    updated: '2026-10-01T09:00:00.000Z',
  },
  {
    id: '111-0000006-0000006',
    channel: 'AMAZON',
    status: 'PartiallyShipped',
    email: 'other@example.com',
    name: 'Other Buyer',
    purchase: '2026-10-25T11:00:00.000Z',
    itemCount: 25,
  },
  {
    id: '222-0000007-0000007',
    channel: 'JD',
    status: 'InvoiceUnconfirmed',
    email: LI,
    name: 'Li Na',
    purchase: '2026-09-20T15:00:00.000Z',
  },
  {
    id: '111-0000008-0000008',
    channel: 'AMAZON',
    status: 'Unfulfillable',
    email: 'other@example.com',
    name: 'Other Buyer',
    purchase: '2026-10-10T10:00:00.000Z',
    afn: true,
  },
  {
    id: '111-0000009-0000009',
    channel: 'AMAZON',
    status: 'PendingAvailability',
    email: HOSTILE,
    name: "Sean O'Brien",
    purchase: '2026-10-30T10:00:00.000Z',
  },
];

export function fixtureDataset(extra: Spec[] = []): Dataset {
  return {
    seed: 1,
    scale: 0.01,
    referenceDate: '2026-11-01T00:00:00.000Z',
    locations: [],
    products,
    people: [],
    erp: { customers: [], orders: [] },
    pos: { customers: [], receipts: [] },
    marketplace: { orders: [...SPECS, ...extra].map((s, i) => order(i + 1, s)) },
    wms: { stock: [] },
    carrier: { shipments: [] },
    returns: [],
  };
}

/** `count` more orders for one buyer, a minute apart, for paging tests. */
export function manyOrders(email: string, count: number): Spec[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `333-${String(i).padStart(7, '0')}-${String(i).padStart(7, '0')}`,
    channel: i % 2 === 0 ? 'AMAZON' : 'JD',
    status: 'Shipped',
    email,
    name: 'Many Orders',
    purchase: new Date(Date.parse('2026-07-01T00:00:00.000Z') + i * 60_000).toISOString(),
  }));
}
