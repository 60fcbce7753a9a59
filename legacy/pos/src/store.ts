import type { CountryCode } from 'libphonenumber-js';
import type { Dataset, PosReceipt, Product, Shipment } from '../../dataset/src/index.ts';
import { squareId } from './ids.ts';
import { renderCustomer, renderLocation, renderReturn, renderSale, returnedFen, type RenderContext } from './render.ts';
import { paymentsOf, refundsOf } from './payments.ts';
import type { SquareCustomer, SquareLocation, SquareOrder, SquarePayment, SquarePaymentRefund } from './wire.ts';

/**
 * The POS's own copy of its slice of the dataset, rendered into Square objects once at start-up
 * (the shared dataset object is never touched).
 */
export interface PosStore {
  /** Stores with a POS location id, in dataset order; the first is the "main" location. */
  locations: SquareLocation[];
  locationsById: Map<string, SquareLocation>;
  customers: SquareCustomer[];
  customersById: Map<string, SquareCustomer>;
  /** Sales and till returns. */
  orders: SquareOrder[];
  ordersById: Map<string, SquareOrder>;
  payments: SquarePayment[];
  paymentsById: Map<string, SquarePayment>;
  refunds: SquarePaymentRefund[];
  refundsById: Map<string, SquarePaymentRefund>;
  /** Seller's country, used to read phone numbers typed without a country code. */
  country: CountryCode;
  /** The simulator's clock for defaults such as "the last year" (the dataset's reference date). */
  nowMs: number;
}

export function buildStore(dataset: Dataset): PosStore {
  const stores = dataset.locations.filter((l) => l.kind === 'STORE' && l.posLocationId);
  const country = (stores[0]?.address.country ?? 'CN') as CountryCode;
  const ctx: RenderContext = {
    currency: dataset.products[0]?.currency ?? 'CNY',
    merchantId: squareId(`merchant:${dataset.seed}`, 13),
    timezone: 'Asia/Shanghai',
    products: new Map<string, Product>(dataset.products.map((p) => [p.sku, p])),
  };
  const locations = stores.map((l) => renderLocation(l, ctx));
  const locationByCode = new Map(stores.map((l) => [l.code, l.posLocationId as string]));
  const receiptsById = new Map<string, PosReceipt>(dataset.pos.receipts.map((r) => [r.id, r]));

  const tillReturns = dataset.returns.filter((r) => r.system === 'POS' && r.storeCode && locationByCode.has(r.storeCode));
  const refundedBySale = new Map<string, number>();
  for (const ret of tillReturns) {
    if (ret.status !== 'REFUNDED' || ret.originalOrderSystem !== 'POS') continue;
    refundedBySale.set(ret.originalOrderId, (refundedBySale.get(ret.originalOrderId) ?? 0) + returnedFen(ret));
  }

  const shipmentsBySale = new Map<string, Shipment[]>();
  for (const shipment of dataset.carrier.shipments) {
    if (shipment.orderSystem !== 'POS') continue;
    shipmentsBySale.set(shipment.orderId, [...(shipmentsBySale.get(shipment.orderId) ?? []), shipment]);
  }
  const sales = dataset.pos.receipts.map((r) => renderSale(r, ctx, refundedBySale.get(r.id) ?? 0, shipmentsBySale.get(r.id)));
  const returns = tillReturns.map((ret) => {
    const source = ret.originalOrderSystem === 'POS' ? receiptsById.get(ret.originalOrderId) : undefined;
    return renderReturn(ret, locationByCode.get(ret.storeCode as string) as string, source, ctx);
  });
  const orders = [...sales, ...returns];
  const customers = dataset.pos.customers.map(renderCustomer);
  const refunds = refundsOf(returns, sales);
  const payments = paymentsOf(sales, refunds);

  return {
    locations,
    locationsById: new Map(locations.map((l) => [l.id, l])),
    customers,
    customersById: new Map(customers.map((c) => [c.id, c])),
    orders,
    ordersById: new Map(orders.map((o) => [o.id, o])),
    payments,
    paymentsById: new Map(payments.map((p) => [p.id, p])),
    refunds,
    refundsById: new Map(refunds.map((r) => [r.id, r])),
    country,
    nowMs: Date.parse(dataset.referenceDate),
  };
}
