/**
 * Parsing what clients send to API_SALES_ORDER_SRV (creates, item and payment inserts,
 * changes): the body's properties under the spec's names, checked as SAP checks them.
 *
 * Payment card authorisations (`to_PaymentPlanItemDetails`) come from the web shop's or call
 * centre's payment service provider, which has already authorised the card: the client sends
 * the PSP's token and the masked number, never a card number. This simulator stands in for the
 * PSP's answer: a token starting `tok_declined` is recorded as declined (as a PSP's test
 * tokens are), any other as authorised.
 */
import type { ErpOrderItem } from '../../../dataset/src/index.ts';
import { ODataError, SAP_CODES } from '../odata/errors.ts';
import { dateOnly } from './dates.ts';
import type { PartnerAddress, PaymentItem } from './salesOrderStore.ts';

export interface DocumentParts {
  partners: Map<string, PartnerAddress>;
  payments: PaymentItem[];
}

const ADDRESS_FIELDS: Readonly<Record<string, number>> = {
  AddresseeFullName: 80,
  StreetName: 60,
  HouseNumber: 10,
  PostalCode: 10,
  CityName: 40,
  DistrictName: 40,
  Country: 3,
  EmailAddress: 241,
  PhoneNumber: 30,
};
const PARTNER_FUNCTIONS = new Set(['AG', 'WE']);
const PAYMENT_TYPES = new Set(['VISA', 'MC', 'AMEX', 'UPAY', 'GIFT']);
/** A masked card number: digits only in the last four places. */
const MASKED = /^[*Xx]{0,20}\d{4}$/;

/** Address fields of a change (`PATCH A_SalesOrderPartnerAddress(…)`), only those sent. */
export function addressFields(body: Record<string, unknown>): PartnerAddress {
  const out: PartnerAddress = {};
  for (const [name, max] of Object.entries(ADDRESS_FIELDS)) {
    if (name in body) out[name] = text(body, name, max);
  }
  return out;
}

/** One `to_Partner` entry of a deep insert with its `to_Address`. */
export function addressOf(raw: unknown, i: number): [string, PartnerAddress] {
  if (!raw || typeof raw !== 'object') throw badBody(`Partner ${i + 1} is not a JSON entity.`);
  const p = raw as Record<string, unknown>;
  const fn = text(p, 'PartnerFunction', 2, true);
  if (!PARTNER_FUNCTIONS.has(fn)) throw rejected(`Partner function '${fn}' is not allowed for this API user.`);
  const address = nested(p, 'to_Address')[0];
  const fields = address && typeof address === 'object' ? addressFields(address as Record<string, unknown>) : {};
  return [fn, Object.fromEntries(Object.keys(ADDRESS_FIELDS).map((n) => [n, fields[n] ?? '']))];
}

/** One card authorisation, as the PSP answered it. */
export function paymentItemOf(raw: unknown, i: number, now: string, number = String(i + 1).padStart(6, '0')): PaymentItem {
  if (!raw || typeof raw !== 'object') throw badBody(`Payment ${i + 1} is not a JSON entity.`);
  const p = raw as Record<string, unknown>;
  const type = text(p, 'ElectronicPaymentType', 4, true);
  if (!PAYMENT_TYPES.has(type)) throw rejected(`Payment card type '${type}' is not defined.`);
  const masked = text(p, 'ElectronicPayment', 25, true);
  if (!MASKED.test(masked)) throw rejected('Payment card numbers are stored masked only (last four digits).');
  const token = text(p, 'PaymentByPaymentServicePrvdr', 40, true);
  const amount = p.AuthorizedAmountInAuthznCrcy;
  if (typeof amount !== 'string' || !/^\d{1,13}(\.\d{1,2})?$/.test(amount) || Number(amount) <= 0) {
    throw badBody(`Payment ${i + 1}: 'AuthorizedAmountInAuthznCrcy' must be a positive decimal string.`);
  }
  return {
    PaymentPlanItem: number,
    ElectronicPaymentType: type,
    ElectronicPayment: masked,
    ElectronicPaymentHolderName: text(p, 'ElectronicPaymentHolderName', 80),
    PaymentByPaymentServicePrvdr: token,
    AuthorizedAmountInAuthznCrcy: Number(amount).toFixed(2),
    AuthorizationCurrency: text(p, 'AuthorizationCurrency', 5),
    AuthorizationDate: dateOnly(now),
    AuthorizationStatusName: token.startsWith('tok_declined') ? 'Declined' : 'Authorized',
  };
}

export const badBody = (message: string) => new ODataError(400, SAP_CODES.badRequestBody, message);
export const rejected = (message: string) => new ODataError(400, SAP_CODES.businessError, message);

/** Delivery blocks of the order audit (legacy/erp/README.md): 01 address, 02 fraud, 03 payment, 04 stock, 05 courier. */
export const BLOCK_REASONS = new Set(['', '01', '02', '03', '04', '05']);

export function text(body: Record<string, unknown>, name: string, max: number, required = false): string {
  const v = body[name];
  if (v === undefined || v === null || v === '') {
    if (required) throw badBody(`Property '${name}' is required.`);
    return '';
  }
  if (typeof v !== 'string' || v.length > max) throw badBody(`Property '${name}' must be a string of at most ${max} characters.`);
  return v;
}

/** `/Date(ms)/` (what OData V2 JSON sends) → ISO date, or undefined when absent. */
export function odataDate(body: Record<string, unknown>, name: string): string | undefined {
  const v = body[name];
  if (v === undefined || v === null || v === '') return undefined;
  const m = typeof v === 'string' ? /^\/Date\((-?\d+)(?:[+-]\d{4})?\)\/$/.exec(v) : null;
  if (!m) throw badBody(`Property '${name}' must be an Edm.DateTime literal such as /Date(1767225600000)/.`);
  return new Date(Number(m[1])).toISOString().slice(0, 10);
}

export function quantityOf(raw: unknown, index: number): number {
  const n = typeof raw === 'string' && /^\d+(\.0+)?$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > 100_000) {
    throw badBody(`Item ${index + 1}: 'RequestedQuantity' must be a whole number from 1 to 100000.`);
  }
  return n;
}

/** The items of a deep insert, `{ results: [...] }` or a bare array (SAP takes both). */
export function nested(body: Record<string, unknown>, name: string): unknown[] {
  const v = body[name];
  if (v === undefined || v === null) return [];
  const list = Array.isArray(v) ? v : (v as { results?: unknown }).results;
  if (!Array.isArray(list)) throw badBody(`Property '${name}' must be a collection.`);
  return list;
}

/** One item of a create (deep insert) or of `POST A_SalesOrder('…')/to_Item`. */
export function newItem(
  raw: unknown,
  i: number,
  number: string,
  defaults: { shipping: string; requested: string | undefined; today: string },
  priced: (material: string, quantity: number, plant: string | undefined) => Pick<ErpOrderItem, 'netPrice' | 'netAmount'>,
  known: (material: string) => boolean,
): { item: ErpOrderItem; priority: string } {
  if (!raw || typeof raw !== 'object') throw badBody(`Item ${i + 1} is not a JSON entity.`);
  const it = raw as Record<string, unknown>;
  const material = text(it, 'Material', 40, true);
  if (!known(material)) throw rejected(`Material ${material} does not exist in sales organization 1000.`);
  const quantity = quantityOf(it.RequestedQuantity, i);
  const plant = text(it, 'ProductionPlant', 10);
  // Item ShippingType is the spec's per-item field; an item-level ShippingCondition is still read for old clients.
  const shipping = text(it, 'ShippingType', 2) || text(it, 'ShippingCondition', 2) || defaults.shipping;
  if (shipping !== '01' && shipping !== '02') throw rejected(`Shipping type '${shipping}' is not defined.`);
  const priority = text(it, 'DeliveryPriority', 2) || '02';
  const schedule = nested(it, 'to_ScheduleLine')[0] as Record<string, unknown> | undefined;
  const requested =
    odataDate(it, 'RequestedDeliveryDate') ??
    (schedule && odataDate(schedule, 'RequestedDeliveryDate')) ??
    defaults.requested ??
    defaults.today;
  return {
    item: {
      item: number,
      material,
      quantity,
      ...priced(material, quantity, plant || undefined),
      shippingCondition: shipping,
      ...(plant && { plant }),
      requestedDeliveryDate: requested,
    },
    priority,
  };
}
