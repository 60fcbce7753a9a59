/**
 * The one file that knows the ERP's entity paths, field names and codes: it builds the
 * `$filter` strings and turns SAP entities into canonical records.
 *
 * Order status, from the header codes (first matching row wins):
 *
 * | OverallSDDocumentRejectionSts | DeliveryBlockReason | OverallTotalDeliveryStatus | OverallSDProcessStatus | status            |
 * |-------------------------------|---------------------|----------------------------|------------------------|-------------------|
 * | C (fully rejected)            | any                 | any                        | any                    | CANCELLED         |
 * | other                         | set (01 credit/audit, 02 fraud) | any            | any                    | ON_HOLD           |
 * |                               | empty               | C (fully delivered)        | C                      | COMPLETED         |
 * |                               | empty               | C                          | A / B                  | SHIPPED           |
 * |                               | empty               | B (partially delivered)    | any                    | PARTIALLY_SHIPPED |
 * |                               | empty               | A / empty                  | C                      | COMPLETED         |
 * |                               | empty               | A / empty                  | B (in process)         | CONFIRMED         |
 * |                               | empty               | A / empty                  | A / empty (new)        | PENDING           |
 *
 * "Delivered" in SAP means goods issued from the plant, not received by the customer: the
 * ERP never says DELIVERED; that comes from the carrier's tracking.
 */
import {
  normalizeCard,
  normalizeEmail,
  normalizePhone,
  type CustomerQuery,
  type CustomerRecord,
  type DeliveryMethod,
  type OrderChannel,
  type OrderLineRecord,
  type OrderRecord,
  type OrderStatus,
  type ProductRecord,
} from '../../core/src/index.ts';
import { divideDecimal, isZero } from './decimal.ts';
import { toOrderPayment, visibleItems } from './orderMapping.ts';
import { anyOf, odataString, parseODataDate, parseODataTime, unique } from './odata.ts';
import type {
  BasketLineRecord,
  CardKind,
  LoyaltyRecord,
  PointsEntryRecord,
  PointsPostingRefusal,
  PointsPostingRequest,
  PointsReason,
  ServiceCaseKind,
  ServiceCaseRecord,
  ServiceCaseStatus,
} from './records.ts';
import type {
  BasketItem,
  BusinessPartner,
  LoyaltyAccount,
  PointsTransaction,
  PostingResponse,
  Product,
  SalesOrder,
  SalesOrderItem,
  ServiceCase,
} from './types.ts';

export const PATHS = {
  businessPartner: '/sap/opu/odata/sap/API_BUSINESS_PARTNER/A_BusinessPartner',
  pointsService: '/sap/opu/odata/sap/YY1_POINTSTRANSACTION_CDS/',
  pointsTransaction: '/sap/opu/odata/sap/YY1_POINTSTRANSACTION_CDS/YY1_PointsTransaction',
  basketItem: '/sap/opu/odata/sap/YY1_WEBSHOPBASKET_CDS/YY1_WebShopBasketItem',
  serviceCase: '/sap/opu/odata/sap/YY1_SERVICECASE_CDS/YY1_ServiceCase',
  salesOrder: '/sap/opu/odata/sap/API_SALES_ORDER_SRV/A_SalesOrder',
  product: '/sap/opu/odata/sap/API_PRODUCT_SRV/A_Product',
} as const;

export const CUSTOMER_EXPAND = 'to_BusinessPartnerAddress,to_YY1_LoyaltyCard';
/** Items and their schedule lines (the promised date is per schedule line), and card payments. */
export const ORDER_EXPAND = 'to_Item/to_ScheduleLine,to_PaymentPlanItemDetails';
/** Everything the order capture reads: also the ship-to partner's address (address and contact). */
export const ORDER_DETAIL_EXPAND = `${ORDER_EXPAND},to_Partner/to_Address`;
/** Newest first; the sales order number breaks ties within a creation date. */
export const ORDER_NEWEST_FIRST = 'CreationDate desc,SalesOrder desc';
export const PRODUCT_EXPAND = 'to_Description';

const CHANNELS: Readonly<Record<string, OrderChannel>> = { '10': 'WEB', '11': 'APP', '12': 'CALL_CENTRE' };
/** Shipping condition (header) or shipping type (item) "02": picked up in a store (the item's plant). */
const PICKUP_SHIPPING_CONDITION = '02';
/** YY1_LoyaltyCard.CardType of member cards. */
const MEMBER_CARD_TYPE = '01';
const DESCRIPTION_LANGUAGE = 'EN';

export interface MappingOptions {
  /** The ERP system time zone (SAP dates and times are local to it), minutes east of UTC. */
  utcOffsetMinutes: number;
}

// ---- filters ------------------------------------------------------------------------------

/** A customer query's keys as the ERP's search fields hold them (see customerSearchFilter). */
interface SearchTerms {
  email: string;
  phone: string;
  card: string;
  name: string;
}

function searchTerms(q: CustomerQuery): SearchTerms {
  const email = q.email ? (normalizeEmail(q.email) ?? q.email.trim().toLowerCase()) : '';
  return {
    email: email.toUpperCase(),
    phone: q.phone ? (normalizePhone(q.phone) ?? q.phone.trim()) : '',
    card: q.cardNumber ? (normalizeCard(q.cardNumber) ?? q.cardNumber.trim()) : '',
    name: q.name ? q.name.trim().replace(/\s+/g, ' ').toUpperCase() : '',
  };
}

/**
 * One `or` filter over every search key given. Email and phone are compared with the ERP's
 * normalised search fields, the name case-insensitively as a substring of the full name.
 */
export function customerSearchFilter(q: CustomerQuery): string | undefined {
  const t = searchTerms(q);
  const parts: string[] = [];
  if (t.email) parts.push(`YY1_SearchEmail eq ${odataString(t.email)}`);
  if (t.phone) parts.push(`YY1_InternationalPhone eq ${odataString(t.phone)}`);
  if (t.card) parts.push(`YY1_MemberCardNumber eq ${odataString(t.card)}`);
  if (t.name) parts.push(`substringof(${odataString(t.name)},toupper(BusinessPartnerFullName))`);
  return parts.length > 0 ? parts.join(' or ') : undefined;
}

/**
 * Whether the ERP's search for `q` matches a business partner (the query's terms normalised once):
 * the filter above evaluated on the record, so one call answering several queries (an `or` of their filters) can be split back
 * into each query's answer. The search fields are the ERP's forms of the fields read here
 * (YY1_SearchEmail: the email trimmed, upper case; YY1_InternationalPhone: the phone in E.164;
 * BusinessPartnerFullName: first and last name).
 */
export function customerSearchMatcher(q: CustomerQuery): (bp: BusinessPartner) => boolean {
  const t = searchTerms(q);
  return (bp) => {
    const email = bp.YY1_EmailAddress?.trim().toUpperCase();
    const phone = bp.YY1_PhoneNumber ? (normalizePhone(bp.YY1_PhoneNumber) ?? bp.YY1_PhoneNumber.trim()) : undefined;
    return (
      (t.email !== '' && email === t.email) ||
      (t.phone !== '' && phone === t.phone) ||
      (t.card !== '' && bp.YY1_MemberCardNumber === t.card) ||
      (t.name !== '' && `${bp.FirstName ?? ''} ${bp.LastName ?? ''}`.toUpperCase().includes(t.name))
    );
  };
}

export const customerKeyFilter = (ids: readonly string[]) => anyOf('BusinessPartner', ids);
export const soldToFilter = (customerIds: readonly string[]) => anyOf('SoldToParty', customerIds);
export const salesOrderKeyFilter = (ids: readonly string[]) => anyOf('SalesOrder', ids);
export const productKeyFilter = (skus: readonly string[]) => anyOf('Product', skus);

/** An order number is either SAP's own or the web shop's reference the customer sees. */
export function orderNumberFilter(number: string): string {
  const literal = odataString(number);
  return `SalesOrder eq ${literal} or PurchaseOrderByCustomer eq ${literal}`;
}

// ---- values -------------------------------------------------------------------------------

const isoDate = (raw: string) => new Date(parseODataDate(raw)).toISOString().slice(0, 10);
const isoInstant = (raw: string) => new Date(parseODataDate(raw)).toISOString();

/** A local SAP date (+ optional local time) in the system time zone, as an instant. */
function localInstant(date: string, time: string | null | undefined, options: MappingOptions): string {
  const ms = parseODataDate(date) + (time ? parseODataTime(time) : 0) - options.utcOffsetMinutes * 60_000;
  return new Date(ms).toISOString();
}

const present = (values: readonly (string | null | undefined)[]): string[] =>
  values.filter((v): v is string => typeof v === 'string' && v.trim() !== '');

// ---- records ------------------------------------------------------------------------------

export function toCustomerRecord(bp: BusinessPartner, options: MappingOptions): CustomerRecord {
  const memberCards = (bp.to_YY1_LoyaltyCard?.results ?? []).filter((c) => c.CardType === MEMBER_CARD_TYPE).map((c) => c.CardNumber);
  const record: CustomerRecord = {
    system: 'ERP',
    externalId: bp.BusinessPartner,
    firstName: bp.FirstName ?? '',
    lastName: bp.LastName ?? '',
    emails: present([bp.YY1_EmailAddress]),
    phones: present([bp.YY1_PhoneNumber]),
    cardNumbers: unique(present([bp.YY1_MemberCardNumber, ...memberCards])),
  };
  const address = bp.to_BusinessPartnerAddress?.results[0];
  if (address && (address.StreetName || address.CityName)) {
    record.address = {
      line1: present([address.StreetName, address.HouseNumber]).join(' '),
      city: address.CityName ?? '',
      ...(address.District && { district: address.District }),
      postcode: address.PostalCode ?? '',
      country: address.Country ?? '',
    };
  }
  if (bp.CreationDate) record.createdAt = localInstant(bp.CreationDate, bp.CreationTime, options);
  return record;
}

export function orderStatus(
  so: Pick<SalesOrder, 'OverallSDDocumentRejectionSts' | 'DeliveryBlockReason' | 'OverallTotalDeliveryStatus' | 'OverallSDProcessStatus'>,
): OrderStatus {
  const delivery = so.OverallTotalDeliveryStatus ?? '';
  const process = so.OverallSDProcessStatus ?? '';
  if (so.OverallSDDocumentRejectionSts === 'C') return 'CANCELLED';
  if (so.DeliveryBlockReason) return 'ON_HOLD';
  if (delivery === 'C') return process === 'C' ? 'COMPLETED' : 'SHIPPED';
  if (delivery === 'B') return 'PARTIALLY_SHIPPED';
  if (process === 'C') return 'COMPLETED';
  if (process === 'B') return 'CONFIRMED';
  return 'PENDING';
}

/** The untouched codes, readable: "OverallSDProcessStatus=C;OverallTotalDeliveryStatus=C;…". */
export function sourceStatusOf(so: SalesOrder): string {
  return [
    `OverallSDProcessStatus=${so.OverallSDProcessStatus ?? ''}`,
    `OverallTotalDeliveryStatus=${so.OverallTotalDeliveryStatus ?? ''}`,
    `DeliveryBlockReason=${so.DeliveryBlockReason ?? ''}`,
    `OverallSDDocumentRejectionSts=${so.OverallSDDocumentRejectionSts ?? ''}`,
  ].join(';');
}

/** Per item: an order may mix delivery and pickup lines. Items without a shipping type follow the header. */
const methodOf = (item: SalesOrderItem, so: SalesOrder): DeliveryMethod =>
  (item.ShippingType || so.ShippingCondition) === PICKUP_SHIPPING_CONDITION ? 'PICKUP' : 'SHIP';

function toLine(item: SalesOrderItem, so: SalesOrder): OrderLineRecord {
  const method = methodOf(item, so);
  const currency = item.TransactionCurrency;
  // The API has no net price field; the item's net value over its quantity is the unit price.
  const unit = isZero(item.RequestedQuantity) ? item.NetAmount : divideDecimal(item.NetAmount, item.RequestedQuantity);
  const schedule = item.to_ScheduleLine?.results ?? [];
  const promised =
    schedule.find((s) => s.ConfirmedDeliveryDate)?.ConfirmedDeliveryDate ??
    schedule.find((s) => s.RequestedDeliveryDate)?.RequestedDeliveryDate ??
    so.RequestedDeliveryDate;
  return {
    lineId: item.SalesOrderItem,
    sku: item.Material,
    ...(item.SalesOrderItemText && { name: item.SalesOrderItemText }),
    quantity: Number(item.RequestedQuantity),
    unitPrice: { amount: unit, currency },
    lineTotal: { amount: item.NetAmount, currency },
    deliveryMethod: method,
    ...(method === 'PICKUP' && item.ProductionPlant && { pickupLocation: item.ProductionPlant }),
    ...(promised && { promisedDate: isoDate(promised) }),
  };
}

export function toOrderRecord(so: SalesOrder, options: MappingOptions): OrderRecord {
  const placedAt = so.YY1_CreationDateTime_SDH ? isoInstant(so.YY1_CreationDateTime_SDH) : localInstant(so.CreationDate, null, options);
  return {
    system: 'ERP',
    externalId: so.SalesOrder,
    number: so.PurchaseOrderByCustomer?.trim() ? so.PurchaseOrderByCustomer : so.SalesOrder,
    // Distribution channels other than the three online ones are read as the web shop.
    channel: CHANNELS[so.DistributionChannel ?? ''] ?? 'WEB',
    status: orderStatus(so),
    sourceStatus: sourceStatusOf(so),
    placedAt,
    ...(so.LastChangeDateTime && { updatedAt: isoInstant(so.LastChangeDateTime) }),
    ...(so.SoldToParty && { customerExternalId: so.SoldToParty }),
    ...(so.to_Item && { lines: visibleItems(so).map((item) => toLine(item, so)) }),
    grandTotal: { amount: so.TotalNetAmount, currency: so.TransactionCurrency },
    ...(so.to_PaymentPlanItemDetails?.results.length && {
      payments: so.to_PaymentPlanItemDetails.results
        .map(toOrderPayment)
        .filter((p) => p.status === 'AUTHORIZED')
        .map(({ kind, amount, cardBrand, cardLast4 }) => ({
          method: kind,
          amount,
          ...(cardBrand && { cardBrand }),
          ...(cardLast4 && { cardLast4 }),
        })),
    }),
  };
}

export function toProductRecord(p: Product): ProductRecord {
  const descriptions = p.to_Description?.results ?? [];
  const description = descriptions.find((d) => d.Language === DESCRIPTION_LANGUAGE) ?? descriptions[0];
  return {
    sku: p.Product,
    name: description?.ProductDescription ?? p.Product,
    category: p.ProductGroup ?? '',
    brand: p.Brand ?? '',
    barcode: p.ProductStandardID ?? '',
    price: { amount: p.YY1_ListPrice_PRD, currency: p.YY1_ListPriceCurrency_PRD },
  };
}

// ---- loyalty, baskets, service cases -------------------------------------------------------

export const LOYALTY_SELECT = 'BusinessPartner,YY1_MemberTier,YY1_PointsBalance,YY1_ExpiringPoints,YY1_PointsExpiryDate,to_YY1_LoyaltyCard';
export const LOYALTY_EXPAND = 'to_YY1_LoyaltyCard';
export const POSTINGS_NEWEST_FIRST = 'PostingDateTime desc,PointsTransaction desc';

const CARD_KINDS: Readonly<Record<string, CardKind>> = { '01': 'MEMBER', '02': 'GIFT', '03': 'INTERNAL_PURCHASE' };
const REASONS: Readonly<Record<string, PointsReason>> = {
  EARN: 'PURCHASE',
  REDM: 'REDEMPTION',
  ADJ: 'ADJUSTMENT',
  EXP: 'EXPIRY',
  MIGR: 'MIGRATION',
};
const REASON_CODES: Readonly<Record<PointsPostingRequest['reason'], string>> = { REDEMPTION: 'REDM', ADJUSTMENT: 'ADJ' };
const BASKETS: Readonly<Record<string, BasketLineRecord['basket']>> = { C: 'CART', W: 'WISHLIST' };
const CASE_KINDS: Readonly<Record<string, ServiceCaseKind>> = {
  ZCMP: 'COMPLAINT',
  ZWAR: 'WARRANTY_CLAIM',
  ZDLV: 'DELIVERY_ISSUE',
  ZINQ: 'INQUIRY',
};
const CASE_STATUSES: Readonly<Record<string, ServiceCaseStatus>> = {
  E0001: 'NEW',
  E0002: 'IN_PROCESS',
  E0003: 'WAITING_FOR_CUSTOMER',
  E0004: 'RESOLVED',
  E0005: 'CLOSED',
};

export const partnerFilter = (ids: readonly string[]) => anyOf('BusinessPartner', ids);
export const postingReferenceFilter = (customerId: string, reference: string) =>
  `BusinessPartner eq ${odataString(customerId)} and ExternalReference eq ${odataString(reference)}`;

export function toLoyaltyRecord(a: LoyaltyAccount): LoyaltyRecord {
  return {
    customerExternalId: a.BusinessPartner,
    tier: a.YY1_MemberTier ?? '',
    points: Number(a.YY1_PointsBalance ?? 0),
    expiringPoints: Number(a.YY1_ExpiringPoints ?? 0),
    ...(a.YY1_PointsExpiryDate && { expiresOn: isoDate(a.YY1_PointsExpiryDate) }),
    cards: (a.to_YY1_LoyaltyCard?.results ?? []).flatMap((c) => {
      const kind = CARD_KINDS[c.CardType];
      if (!kind) return [];
      return [
        {
          kind,
          number: c.CardNumber,
          blocked: c.CardIsBlocked ?? false,
          ...(c.IssueDate && { issuedOn: isoDate(c.IssueDate) }),
          ...(c.CardBalance && c.CardCurrency && { balance: { amount: c.CardBalance, currency: c.CardCurrency } }),
        },
      ];
    }),
  };
}

export function toPointsEntry(t: PointsTransaction): PointsEntryRecord {
  return {
    id: t.PointsTransaction,
    customerExternalId: t.BusinessPartner,
    at: isoInstant(t.PostingDateTime),
    points: t.Points,
    reason: REASONS[t.ReasonCode] ?? 'OTHER',
    ...(t.SalesOrder && { orderExternalId: t.SalesOrder }),
    ...(t.ExternalReference && { reference: t.ExternalReference }),
    ...(t.PostingText && { text: t.PostingText }),
  };
}

/** The body of a points posting (`POST YY1_PointsTransaction`). */
export function postingBody(r: PointsPostingRequest): Record<string, unknown> {
  return {
    BusinessPartner: r.customerExternalId,
    Points: r.points,
    ReasonCode: REASON_CODES[r.reason],
    ExternalReference: r.reference,
    ...(r.orderExternalId && { SalesOrder: r.orderExternalId }),
    ...(r.text && { PostingText: r.text.slice(0, 120) }),
  };
}

/** SAP's answer to a posting, as the adapter acts on it. */
export type PostingOutcome =
  { kind: 'created'; entry: PointsEntryRecord } | { kind: 'duplicate' } | { kind: 'refused'; refusal: PointsPostingRefusal };

export function postingOutcome(body: PostingResponse): PostingOutcome {
  if ('d' in body) return { kind: 'created', entry: toPointsEntry(body.d) };
  const message = 'error' in body ? body.error.message.value : body.text;
  // The business exception's text is the only place SAP says why; these are its messages.
  if (/already exists/i.test(message)) return { kind: 'duplicate' };
  if (/too low/i.test(message)) return { kind: 'refused', refusal: { refused: true, code: 'INSUFFICIENT_POINTS', message } };
  if (/does not exist/i.test(message)) return { kind: 'refused', refusal: { refused: true, code: 'UNKNOWN_CUSTOMER', message } };
  return { kind: 'refused', refusal: { refused: true, code: 'REJECTED', message } };
}

export function toBasketLine(b: BasketItem): BasketLineRecord | null {
  const basket = BASKETS[b.BasketType];
  if (!basket) return null;
  const updatedAt = isoInstant(b.LastChangeDateTime);
  return {
    customerExternalId: b.BusinessPartner,
    basket,
    lineId: b.BasketItem,
    sku: b.Material,
    quantity: Number(b.Quantity),
    addedAt: b.AddedDateTime ? isoInstant(b.AddedDateTime) : updatedAt,
    updatedAt,
  };
}

export function toServiceCase(c: ServiceCase): ServiceCaseRecord {
  const openedAt = isoInstant(c.CreationDateTime);
  return {
    id: c.ServiceCase,
    customerExternalId: c.BusinessPartner,
    kind: CASE_KINDS[c.CaseCategory] ?? 'OTHER',
    status: CASE_STATUSES[c.CaseStatus] ?? 'UNKNOWN',
    sourceStatus: `${c.CaseCategory}/${c.CaseStatus}`,
    subject: c.Subject ?? '',
    openedAt,
    updatedAt: c.LastChangeDateTime ? isoInstant(c.LastChangeDateTime) : openedAt,
    ...(c.SalesOrder && { orderExternalId: c.SalesOrder }),
  };
}
