import type { OrderAddressRecord, OrderContactRecord, SalesOrderPaymentRequest } from '../../../../adapters/erp/src/index.ts';
import type { StockRecord } from '../../../../adapters/wms/src/index.ts';
import { badUserInput } from '../../../runtime/src/index.ts';
import type { OrdersContext } from '../context.ts';
import type { AddressInput, CardPaymentInput, ContactInput, PaymentInput } from '../generated/resolvers.ts';
import { auditOrder, type AuditLine } from './audit.ts';
import type { PlaceOrderCommand, PlaceOrderLine } from './placeOrderSaga.ts';

const AMOUNT = /^\d{1,10}(\.\d{1,2})?$/;
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/;
const PHONE = /^\+?[\d\s().-]{5,30}$/;
const TOKEN = /^[\x21-\x7e]{1,40}$/;

function field(value: string | null | undefined, name: string, max: number): string | undefined {
  if (value == null) return undefined;
  const v = value.trim();
  if (v.length > max) throw badUserInput(`${name} must be at most ${max} characters`);
  return v === '' ? undefined : v;
}

export function toContact(input: ContactInput | null | undefined): OrderContactRecord | undefined {
  if (!input) return undefined;
  const name = field(input.name, 'contact.name', 80);
  const email = field(input.email, 'contact.email', 241);
  const phone = field(input.phone, 'contact.phone', 30);
  if (email && !EMAIL.test(email)) throw badUserInput('contact.email is not an email address');
  if (phone && !PHONE.test(phone)) throw badUserInput('contact.phone is not a phone number');
  const out = { ...(name && { name }), ...(email && { email }), ...(phone && { phone }) };
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The address as given: missing parts are the audit's business (ADDRESS_INCOMPLETE), not an input error. */
export function toAddress(input: AddressInput | null | undefined, fallbackName?: string): OrderAddressRecord | undefined {
  if (!input) return undefined;
  const country = field(input.country, 'shippingAddress.country', 3);
  if (country && !/^[A-Za-z]{2,3}$/.test(country)) throw badUserInput('shippingAddress.country must be an ISO 3166 code');
  const district = field(input.district, 'shippingAddress.district', 40);
  return {
    name: field(input.name, 'shippingAddress.name', 80) ?? fallbackName ?? '',
    line1: field(input.line1, 'shippingAddress.line1', 60) ?? '',
    postcode: field(input.postcode, 'shippingAddress.postcode', 10) ?? '',
    city: field(input.city, 'shippingAddress.city', 40) ?? '',
    ...(district && { district }),
    country: country?.toUpperCase() ?? '',
  };
}

export function toCard(card: CardPaymentInput, name: string): Omit<SalesOrderPaymentRequest, 'amount'> & { amount?: string } {
  if (card.method === 'PAY_ON_PICKUP') throw badUserInput(`${name}.method must be CARD or GIFT_CARD`);
  if (!TOKEN.test(card.token)) throw badUserInput(`${name}.token must be 1–40 visible ASCII characters`);
  if (!/^\d{4}$/.test(card.last4)) throw badUserInput(`${name}.last4 must be four digits`);
  if (card.amount != null && (!AMOUNT.test(card.amount) || Number(card.amount) <= 0)) {
    throw badUserInput(`${name}.amount must be a positive decimal string`);
  }
  const holder = field(card.holderName, `${name}.holderName`, 80);
  return {
    kind: card.method === 'GIFT_CARD' ? 'GIFT_CARD' : 'CARD',
    ...(card.brand && { cardBrand: card.brand }),
    last4: card.last4,
    token: card.token,
    ...(card.amount != null && { amount: Number(card.amount).toFixed(2) }),
    ...(holder && { holderName: holder }),
  };
}

export function toPayment(
  input: PaymentInput | null | undefined,
  lines: readonly PlaceOrderLine[],
): Pick<PlaceOrderCommand, 'payment' | 'payOnPickup'> {
  if (!input) return {};
  const allPickup = lines.every((l) => l.deliveryMethod === 'PICKUP');
  if (input.method === 'PAY_ON_PICKUP') {
    if (!allPickup) throw badUserInput('payment PAY_ON_PICKUP needs every line to be a PICKUP line');
    return { payOnPickup: true };
  }
  if (!input.card) throw badUserInput('payment.card is required for CARD and GIFT_CARD');
  const card = toCard({ ...input.card, method: input.method }, 'payment.card');
  if (input.depositAmount != null) {
    if (!AMOUNT.test(input.depositAmount) || Number(input.depositAmount) <= 0)
      throw badUserInput('payment.depositAmount must be a positive decimal string');
    card.amount = Number(input.depositAmount).toFixed(2);
  }
  if (input.balanceOnPickup && !allPickup) throw badUserInput('payment.balanceOnPickup needs every line to be a PICKUP line');
  return { payment: card, ...(input.balanceOnPickup && input.depositAmount != null && { payOnPickup: true }) };
}

export const auditLines = (lines: readonly PlaceOrderLine[]): AuditLine[] =>
  lines.map((l) => ({
    sku: l.sku,
    quantity: l.quantity,
    deliveryMethod: l.deliveryMethod,
    locationCode: l.locationCode,
    serviceLevel: l.serviceLevel ?? 'STANDARD',
    ...(l.promisedDate && { promisedDate: l.promisedDate }),
  }));

/**
 * Runs the order audit before anything is held or created (payment aside, checked after the
 * card is charged): stock as it is before this order's own holds, the customer on file, and the
 * order's value at list prices. Four upstream calls, in parallel.
 */
export async function audited(command: PlaceOrderCommand, ctx: OrdersContext): Promise<PlaceOrderCommand> {
  const { wms, erp } = ctx.systems;
  const skus = [...new Set(command.lines.map((l) => l.sku))];
  const [positions, sites, customers, products] = await Promise.all([
    wms.getStock(
      ctx.call,
      skus.map((sku) => ({ sku })),
    ),
    ctx.capture.sites(ctx.call),
    erp.getCustomers(ctx.call, [command.customerExternalId]),
    erp.getProducts(ctx.call, skus),
  ]);
  const stock = new Map<string, StockRecord[]>(skus.map((sku, i) => [sku, positions[i] ?? []]));
  const prices = new Map(products.filter((p) => p !== null).map((p) => [p.sku, Number(p.price.amount)]));
  const value = command.lines.reduce((sum, l) => sum + (prices.get(l.sku) ?? 0) * l.quantity, 0);
  const { holds } = auditOrder(
    {
      lines: auditLines(command.lines),
      shipTo: command.shipTo,
      contact: command.contact,
      orderValue: value.toFixed(2),
      customer: customers[0],
      stock,
      sites,
      today: positions.flat()[0]?.businessDate ?? new Date().toISOString().slice(0, 10),
    },
    ctx.capture.fraudThreshold,
  );
  return { ...command, holds };
}
