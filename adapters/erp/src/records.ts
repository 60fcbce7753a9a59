/**
 * Canonical records of the ERP's customer-facing data beyond the person itself. They belong
 * in adapters/core/src/model.ts next to CustomerRecord; they live here until core takes them.
 */
import type { Money } from '../../core/src/index.ts';

export type CardKind = 'MEMBER' | 'GIFT' | 'INTERNAL_PURCHASE';

export interface CardRecord {
  kind: CardKind;
  /** Full number as the system holds it: mask before showing it to anyone. */
  number: string;
  /** ISO date. */
  issuedOn?: string;
  blocked: boolean;
  /** Balance the ERP last recorded (gift cards' live balance is the POS's). */
  balance?: Money;
}

/** A customer's loyalty account and cards, read fresh (never cached: redemptions move it). */
export interface LoyaltyRecord {
  customerExternalId: string;
  /** BASIC, SILVER, GOLD, PLATINUM (the ERP's own code, untouched). */
  tier: string;
  points: number;
  expiringPoints: number;
  /** ISO date the expiring points lapse. */
  expiresOn?: string;
  cards: CardRecord[];
}

export type PointsReason = 'PURCHASE' | 'REDEMPTION' | 'ADJUSTMENT' | 'EXPIRY' | 'MIGRATION' | 'OTHER';

export interface PointsEntryRecord {
  id: string;
  customerExternalId: string;
  /** ISO 8601 instant. */
  at: string;
  /** Positive earns, negative burns. */
  points: number;
  reason: PointsReason;
  /** SAP sales order the posting belongs to. */
  orderExternalId?: string;
  /** The caller's idempotency key, for postings made through the API. */
  reference?: string;
  text?: string;
}

export interface PointsPostingRequest {
  customerExternalId: string;
  /** Non-zero; negative for redemptions. */
  points: number;
  reason: 'REDEMPTION' | 'ADJUSTMENT';
  /** Unique per customer in the ERP: a repeated posting with it is refused, not doubled. */
  reference: string;
  orderExternalId?: string;
  text?: string;
}

/** A posting the ERP refused for a business reason (a typed outcome, not an outage). */
export interface PointsPostingRefusal {
  refused: true;
  code: 'INSUFFICIENT_POINTS' | 'UNKNOWN_CUSTOMER' | 'REJECTED';
  message: string;
}

export type BasketKind = 'CART' | 'WISHLIST';

export interface BasketLineRecord {
  customerExternalId: string;
  basket: BasketKind;
  lineId: string;
  sku: string;
  quantity: number;
  addedAt: string;
  updatedAt: string;
}

export type ServiceCaseKind = 'COMPLAINT' | 'WARRANTY_CLAIM' | 'DELIVERY_ISSUE' | 'INQUIRY' | 'OTHER';
export type ServiceCaseStatus = 'NEW' | 'IN_PROCESS' | 'WAITING_FOR_CUSTOMER' | 'RESOLVED' | 'CLOSED' | 'UNKNOWN';

export interface ServiceCaseRecord {
  id: string;
  customerExternalId: string;
  kind: ServiceCaseKind;
  status: ServiceCaseStatus;
  /** The ERP's own category and status codes, untouched: "ZCMP/E0002". */
  sourceStatus: string;
  subject: string;
  openedAt: string;
  updatedAt: string;
  orderExternalId?: string;
}

// ---- order capture: audit holds, per-line detail, payments ---------------------------------

/** Why the order audit holds an order (a delivery block reason in the ERP). */
export type OrderHoldReason =
  'ADDRESS_INCOMPLETE' | 'FRAUD_REVIEW' | 'PAYMENT_NOT_AUTHORIZED' | 'STOCK_UNCONFIRMED' | 'COURIER_OUT_OF_AREA';
/** Who releases a hold. */
export type OrderHoldLevel = 'CUSTOMER_SERVICE' | 'FINANCE' | 'LOGISTICS' | 'COURIER';
export type OrderServiceLevel = 'STANDARD' | 'EXPRESS' | 'NEXT_DAY' | 'SAME_DAY' | 'ONE_HOUR';
/** Why lines are cancelled (a rejection reason in the ERP). */
export type OrderCancelReason = 'CUSTOMER_REQUEST' | 'DELIVERY_TOO_LATE' | 'PRICE' | 'FRAUD' | 'HOLD_REJECTED' | 'OTHER';

export interface OrderHoldRecord {
  reason: OrderHoldReason;
  level: OrderHoldLevel;
}

export interface OrderAddressRecord {
  name: string;
  line1: string;
  postcode: string;
  city: string;
  district?: string;
  country: string;
}

export interface OrderContactRecord {
  name?: string;
  email?: string;
  phone?: string;
}

export interface OrderLineDetailRecord {
  lineId: string;
  sku: string;
  quantity: number;
  deliveryMethod: 'SHIP' | 'PICKUP';
  /** Plant (WMS location code) the line is fulfilled from or picked up at. */
  locationCode?: string;
  serviceLevel: OrderServiceLevel;
  /** Goods issued (fully or partly): the line can no longer change. */
  shipped: boolean;
  /** Rejected (cancelled or removed). */
  rejected: boolean;
  /** ISO date. */
  promisedDate?: string;
  lineTotal: Money;
}

export interface OrderPaymentRecord {
  /** The payment plan item, e.g. "000001". */
  id: string;
  kind: 'CARD' | 'GIFT_CARD';
  cardBrand?: string;
  cardLast4?: string;
  amount: Money;
  status: 'AUTHORIZED' | 'DECLINED' | 'OTHER';
  /** ISO date. */
  authorizedOn?: string;
}

/** What the order capture reads of an ERP sales order beyond the canonical OrderRecord. */
export interface OrderDetailsRecord {
  externalId: string;
  /** The reference the order was created under (PurchaseOrderByCustomer) or SAP's number. */
  number: string;
  customerExternalId?: string;
  cancelled: boolean;
  holds: OrderHoldRecord[];
  /** The balance is paid when the customer picks the order up. */
  payOnPickup: boolean;
  /** Ship everything in one delivery (consolidation). */
  completeDelivery: boolean;
  shipTo?: OrderAddressRecord;
  contact: OrderContactRecord;
  lines: OrderLineDetailRecord[];
  payments: OrderPaymentRecord[];
  /** Net value of the open lines. */
  grandTotal: Money;
}
