import type { CustomerRecord } from '../../../../adapters/core/src/index.ts';
import type { OrderAddressRecord, OrderContactRecord, OrderHoldReason, OrderServiceLevel } from '../../../../adapters/erp/src/index.ts';
import type { LocationRecord, StockRecord } from '../../../../adapters/wms/src/index.ts';
// The inventory subgraph owns ATP; the audit uses its pure function so both answer alike.
import { earliestDate } from '../../../inventory/src/atp.ts';

/**
 * The order audit: the checks run when an order is placed and again on every change. Each
 * failing check is a hold (an ERP delivery block) that its level releases:
 *
 * | check              | fails when                                                                          | hold                   | level            |
 * |--------------------|-------------------------------------------------------------------------------------|------------------------|------------------|
 * | address / contact  | a SHIP line and no street, postcode, city or country; or neither phone nor email    | ADDRESS_INCOMPLETE     | CUSTOMER_SERVICE |
 * | fraud score        | the score (below) reaches `fraudThreshold` (60)                                     | FRAUD_REVIEW           | FINANCE          |
 * | payment            | what is due before delivery is not authorised (declined card, open deposit balance) | PAYMENT_NOT_AUTHORIZED | FINANCE          |
 * | stock              | a line's promised date is earlier than its location's stock allows (ATP)            | STOCK_UNCONFIRMED      | LOGISTICS        |
 * | courier            | a SAME_DAY / ONE_HOUR SHIP line leaves from a site outside the delivery city        | COURIER_OUT_OF_AREA    | COURIER          |
 *
 * Fraud score (0–100, points added, capped at 100):
 * - order value ≥ 10000.00: 40; ≥ 3000.00: 20 (value at list prices before the ERP prices it);
 * - delivery city differs from the city of the customer's address on file: 25;
 * - contact email and phone given, and neither is the customer's own: 15;
 * - a SAME_DAY or ONE_HOUR SHIP line (fast goods are the fraudster's favourite): 10;
 * - a line of 10 units or more of one SKU: 10.
 */

const DEFAULT_FRAUD_THRESHOLD = 60;

export interface AuditLine {
  sku: string;
  quantity: number;
  deliveryMethod: 'SHIP' | 'PICKUP';
  locationCode: string;
  serviceLevel: OrderServiceLevel;
  promisedDate?: string;
}

export interface AuditInput {
  lines: readonly AuditLine[];
  shipTo?: OrderAddressRecord | undefined;
  contact?: OrderContactRecord | undefined;
  /** Decimal string. */
  orderValue: string;
  customer?: CustomerRecord | null | undefined;
  /** Stock per SKU at every site, read before this order's own holds (undefined: skip the stock check). */
  stock?: ReadonlyMap<string, readonly StockRecord[]>;
  sites?: readonly LocationRecord[];
  today?: string;
  /** Authorised payments cover what is due before delivery (undefined: payment not checked). */
  paymentCovered?: boolean;
}

export interface AuditResult {
  holds: OrderHoldReason[];
  fraudScore: number;
}

const blank = (v: string | undefined) => v === undefined || v.trim() === '';
const sameText = (a: string | undefined, b: string | undefined) =>
  !blank(a) && !blank(b) && a!.trim().toLowerCase() === b!.trim().toLowerCase();
const digits = (v: string) => v.replace(/\D/g, '').slice(-11);

export function fraudScore(input: AuditInput): number {
  let score = 0;
  const value = Number(input.orderValue);
  if (value >= 10_000) score += 40;
  else if (value >= 3000) score += 20;
  const ships = input.lines.some((l) => l.deliveryMethod === 'SHIP');
  const homeCity = input.customer?.address?.city;
  if (ships && input.shipTo && !blank(homeCity) && !blank(input.shipTo.city) && !sameText(homeCity, input.shipTo.city)) score += 25;
  const { email, phone } = input.contact ?? {};
  if (input.customer && !blank(email) && !blank(phone)) {
    const knownEmail = input.customer.emails.some((e) => sameText(e, email));
    const knownPhone = input.customer.phones.some((p) => digits(p) === digits(phone!));
    if (!knownEmail && !knownPhone) score += 15;
  }
  if (input.lines.some((l) => l.deliveryMethod === 'SHIP' && (l.serviceLevel === 'SAME_DAY' || l.serviceLevel === 'ONE_HOUR'))) score += 10;
  if (input.lines.some((l) => l.quantity >= 10)) score += 10;
  return Math.min(100, score);
}

export function auditOrder(input: AuditInput, fraudThreshold = DEFAULT_FRAUD_THRESHOLD): AuditResult {
  const holds: OrderHoldReason[] = [];
  const ships = input.lines.some((l) => l.deliveryMethod === 'SHIP');
  const a = input.shipTo;
  const addressIncomplete = ships && (!a || blank(a.line1) || blank(a.postcode) || blank(a.city) || blank(a.country));
  if (addressIncomplete || (blank(input.contact?.email) && blank(input.contact?.phone))) holds.push('ADDRESS_INCOMPLETE');
  const score = fraudScore(input);
  if (score >= fraudThreshold) holds.push('FRAUD_REVIEW');
  if (input.paymentCovered === false) holds.push('PAYMENT_NOT_AUTHORIZED');
  if (input.stock && input.today) {
    const today = input.today;
    const short = input.lines.some((l) => {
      const here = input.stock!.get(l.sku)?.find((p) => p.locationCode === l.locationCode);
      const ready = here ? earliestDate(here, l.quantity, today) : null;
      return ready === null || (l.promisedDate !== undefined && l.promisedDate < ready);
    });
    if (short) holds.push('STOCK_UNCONFIRMED');
  }
  if (input.sites && a) {
    const byCode = new Map(input.sites.map((s) => [s.code, s]));
    const far = input.lines.some(
      (l) =>
        l.deliveryMethod === 'SHIP' &&
        (l.serviceLevel === 'SAME_DAY' || l.serviceLevel === 'ONE_HOUR') &&
        !sameText(byCode.get(l.locationCode)?.address.city, a.city),
    );
    if (far) holds.push('COURIER_OUT_OF_AREA');
  }
  return { holds, fraudScore: score };
}
