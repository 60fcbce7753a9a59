/**
 * The seeded "world" every simulator serves. Each system's records are held in that
 * system's own terms (its ids, its spellings, its status codes); the simulators render
 * them in their wire format. Nothing here is canonical-model data: the graph must work
 * out who is who from what the systems say, exactly as it would in production.
 *
 * Ground truth (`personId`) is kept on every record for tests only; no simulator ever
 * serves it.
 */

/** ISO 4217 code. The seeded retailer trades in one currency. */
export type Currency = 'CNY';

/** A decimal amount as a string with two decimals, e.g. "129.00". Never a float. */
export type Decimal = string;

export type LocationKind = 'STORE' | 'DC' | 'SUPPLIER';

export interface Address {
  line1: string;
  city: string;
  district: string;
  postcode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface Location {
  /** WMS location code: `ST001`…, `DC01`…, `SUP01`…. */
  code: string;
  kind: LocationKind;
  name: string;
  address: Address;
  latitude: number;
  longitude: number;
  /** Square-style POS location id (stores only). */
  posLocationId?: string;
  /** Order lines a location can pick per hour. */
  labourCapacityPerHour: number;
  /** Local hours (0–23) when the store floor is busiest. */
  peakHours: number[];
  /** Days from order to dispatch (suppliers ship slower). */
  leadTimeDays: number;
  openedAt: string;
}

export interface Product {
  sku: string;
  name: string;
  category: string;
  brand: string;
  /** EAN-13. */
  barcode: string;
  /** List price (ERP material master). */
  price: Decimal;
  currency: Currency;
  /** Store-specific prices where a store differs from list price, keyed by location code. */
  storePrices: Record<string, Decimal>;
  /** Only the supplier can fulfil it (drop-ship). */
  dropShip: boolean;
  /** Amazon-style ASIN used by the marketplace. */
  asin: string;
}

/** A real person. Never served: the graph must infer identity from records. */
export interface Person {
  personId: string;
  firstName: string;
  lastName: string;
  email: string;
  /** E.164, e.g. +8613800138000. */
  phone: string;
  address: Address;
  memberCardNumber?: string;
}

export type MemberTier = 'BASIC' | 'SILVER' | 'GOLD' | 'PLATINUM';
export type CardKind = 'MEMBER' | 'GIFT' | 'INTERNAL_PURCHASE';

export interface ErpCard {
  kind: CardKind;
  /** Full number as the ERP holds it (the graph masks it). */
  number: string;
  balance?: Decimal;
  issuedAt: string;
}

export interface ErpCustomer {
  /** SAP business partner number, 10 digits, e.g. "0010000123". */
  businessPartner: string;
  firstName: string;
  lastName: string;
  /** As typed at sign-up: may have odd case or spaces. */
  email: string;
  /** As typed: national or international format. */
  phone: string;
  address: Address;
  tier: MemberTier;
  points: number;
  /** Points that expire on `pointsExpireOn`. */
  expiringPoints: number;
  pointsExpireOn: string;
  cards: ErpCard[];
  createdAt: string;
  changedAt: string;
  personId: string;
}

export type PointsReason = 'PURCHASE' | 'REDEMPTION' | 'ADJUSTMENT' | 'EXPIRY' | 'MIGRATION';

/**
 * One loyalty points posting. A customer's postings sum to their `points` balance: what the
 * generator cannot explain by orders and redemptions is a MIGRATION posting (or an EXPIRY).
 */
export interface ErpPointsPosting {
  /** "PT" + 10 digits, unique. */
  postingId: string;
  businessPartner: string;
  postedAt: string;
  /** Positive earns, negative burns. */
  points: number;
  reason: PointsReason;
  /** Sales order that earned or used the points. */
  salesOrder?: string;
  personId: string;
}

export type BasketKind = 'CART' | 'WISHLIST';

/** One line of a web shop cart or wishlist (one of each per customer at most). */
export interface ErpBasketItem {
  businessPartner: string;
  basket: BasketKind;
  /** "10", "20", … within the basket. */
  item: string;
  material: string;
  quantity: number;
  addedAt: string;
  /** Last change of the line; the basket's age is its newest line's. */
  changedAt: string;
  personId: string;
}

export type ServiceCaseCategory = 'COMPLAINT' | 'WARRANTY_CLAIM' | 'DELIVERY_ISSUE' | 'INQUIRY';
export type ServiceCaseStatus = 'NEW' | 'IN_PROCESS' | 'WAITING_FOR_CUSTOMER' | 'RESOLVED' | 'CLOSED';

export interface ErpServiceCase {
  /** Case number, e.g. "8000001234". */
  caseId: string;
  businessPartner: string;
  category: ServiceCaseCategory;
  status: ServiceCaseStatus;
  subject: string;
  createdAt: string;
  changedAt: string;
  /** Sales order the case is about, if any. */
  salesOrder?: string;
  personId: string;
}

/** SAP-style codes. OverallSDProcessStatus: A not yet processed, B partially, C completely. */
export type ErpProcessStatus = 'A' | 'B' | 'C';
/** OverallDeliveryStatus: A not delivered, B partially, C fully delivered. */
export type ErpDeliveryStatus = 'A' | 'B' | 'C';
/** SAP distribution channel: 10 web shop, 11 app, 12 call centre. */
export type ErpDistributionChannel = '10' | '11' | '12';

export interface ErpOrderItem {
  /** "10", "20", … */
  item: string;
  material: string;
  quantity: number;
  netPrice: Decimal;
  netAmount: Decimal;
  /** Shipping condition: "01" ship, "02" pick up in store. */
  shippingCondition: '01' | '02';
  /** Pickup plant (location code) for pickup lines. */
  plant?: string;
  requestedDeliveryDate: string;
}

export interface ErpOrder {
  /** SAP sales order number, e.g. "1000000123". */
  salesOrder: string;
  /** OR standard order. */
  salesOrderType: 'OR';
  distributionChannel: ErpDistributionChannel;
  soldToParty: string;
  /** Customer's own reference (web shop order number, e.g. "W2026-000123"). */
  purchaseOrderByCustomer: string;
  createdAt: string;
  changedAt: string;
  processStatus: ErpProcessStatus;
  deliveryStatus: ErpDeliveryStatus;
  /** "" none; "01" credit/audit hold; "02" fraud check. */
  deliveryBlockReason: '' | '01' | '02';
  /** "" not rejected; "C" fully rejected (cancelled). */
  rejectionStatus: '' | 'C';
  totalNetAmount: Decimal;
  currency: Currency;
  items: ErpOrderItem[];
  personId: string;
}

export interface PosCustomer {
  /** Square-style id, 26 chars base32-ish. */
  id: string;
  givenName: string;
  familyName: string;
  emailAddress?: string;
  phoneNumber?: string;
  /** Member card number when the cashier scanned one. */
  referenceId?: string;
  createdAt: string;
  updatedAt: string;
  personId: string;
}

/** Square order states. */
export type PosOrderState = 'OPEN' | 'COMPLETED' | 'CANCELED';
export type PosTenderType = 'CARD' | 'CASH' | 'OTHER' | 'SQUARE_GIFT_CARD';

export interface PosLineItem {
  uid: string;
  sku: string;
  name: string;
  quantity: number;
  /** Integer minor units (fen). */
  basePriceMoney: number;
  totalMoney: number;
}

export interface PosTender {
  id: string;
  type: PosTenderType;
  amountMoney: number;
  cardBrand?: string;
  cardLast4?: string;
}

export interface PosReceipt {
  /** Square order id. */
  id: string;
  /** Printed receipt number, e.g. "ST001-20261101-0042". */
  receiptNumber: string;
  locationId: string;
  /** WMS location code of the store. */
  storeCode: string;
  customerId?: string;
  state: PosOrderState;
  createdAt: string;
  updatedAt: string;
  closedAt?: string;
  lineItems: PosLineItem[];
  tenders: PosTender[];
  totalMoney: number;
  personId?: string;
}

/** Amazon SP-API OrderStatus values. */
export type MarketplaceOrderStatus =
  'PendingAvailability' | 'Pending' | 'Unshipped' | 'PartiallyShipped' | 'Shipped' | 'InvoiceUnconfirmed' | 'Canceled' | 'Unfulfillable';

/** Marketplace channels a partner can be bound to. */
export type MarketplaceChannel = 'AMAZON' | 'JD';

export interface MarketplaceOrderItem {
  orderItemId: string;
  asin: string;
  sellerSku: string;
  title: string;
  quantityOrdered: number;
  quantityShipped: number;
  itemPrice: Decimal;
}

export interface MarketplaceOrder {
  /** "3-7-7" digits, e.g. "114-1234567-1234567". */
  amazonOrderId: string;
  channel: MarketplaceChannel;
  marketplaceId: string;
  purchaseDate: string;
  lastUpdateDate: string;
  orderStatus: MarketplaceOrderStatus;
  fulfillmentChannel: 'MFN' | 'AFN';
  /** The marketplace's buyer email: the real one in varied case, or a masked relay address. */
  buyerEmail: string;
  buyerName: string;
  shippingAddress: Address & { name: string; phone: string };
  orderTotal: Decimal;
  currency: Currency;
  items: MarketplaceOrderItem[];
  personId: string;
}

/** Canonical tracking vocabulary (DESIGN.md); the carrier simulator renders UPS codes. */
export type TrackingStatus =
  'PRE_TRANSIT' | 'IN_TRANSIT' | 'OUT_FOR_DELIVERY' | 'DELIVERED' | 'AVAILABLE_FOR_PICKUP' | 'RETURN_TO_SENDER' | 'FAILURE' | 'CANCELLED';

export interface TrackingEvent {
  at: string;
  status: TrackingStatus;
  city: string;
  description: string;
}

export type OrderSystem = 'ERP' | 'POS' | 'MARKETPLACE';

export interface Shipment {
  /** UPS-style "1Z" + 16 chars. */
  trackingNumber: string;
  carrier: 'UPS';
  /** The order this parcel belongs to, in its own system's id. */
  orderSystem: OrderSystem;
  orderId: string;
  fromLocation: string;
  status: TrackingStatus;
  estimatedDelivery?: string;
  /** Oldest first; the last event's status is `status`. */
  events: TrackingEvent[];
}

export type ReturnStatus = 'REQUESTED' | 'APPROVED' | 'REJECTED' | 'RECEIVED' | 'REFUNDED';
export type Disposition = 'RESTOCK' | 'TRANSFER' | 'RETURN_TO_VENDOR' | 'LIQUIDATE' | 'DESTROY';

export interface ReturnLine {
  sku: string;
  quantity: number;
  refundAmount: Decimal;
  disposition?: Disposition;
  reason: string;
}

/** Returns are kept by the system that took them: the ERP (web/post) or the POS (till). */
export interface ReturnRecord {
  returnId: string;
  /** The system that holds the return record. */
  system: 'ERP' | 'POS';
  originalOrderSystem: OrderSystem;
  originalOrderId: string;
  /** Store that took it, for till returns. */
  storeCode?: string;
  status: ReturnStatus;
  createdAt: string;
  lines: ReturnLine[];
  refundTender?: 'ORIGINAL' | 'STORE_CREDIT' | 'GIFT_CARD';
  personId: string;
}

export interface InboundSupply {
  quantity: number;
  /** ISO date (YYYY-MM-DD). */
  eta: string;
  /** Transfer or PO reference. */
  reference: string;
}

export interface StockPosition {
  locationCode: string;
  sku: string;
  onHand: number;
  reserved: number;
  allocated: number;
  safetyStock: number;
  inbound: InboundSupply[];
}

/** One shelf count at a store: what the WMS held just before, and what was found. */
export interface CycleCount {
  sku: string;
  locationCode: string;
  countedAt: string;
  /** The system quantity the count replaced. */
  previousOnHand: number;
  countedQuantity: number;
}

export interface Dataset {
  seed: number;
  scale: number;
  /** The dataset's "now": every date is relative to it, so the data is deterministic. */
  referenceDate: string;
  locations: Location[];
  products: Product[];
  people: Person[];
  erp: {
    customers: ErpCustomer[];
    orders: ErpOrder[];
    /** Loyalty points postings; absent in hand-built fixtures (no history then). */
    pointsHistory?: ErpPointsPosting[];
    /** Web shop carts and wishlists; absent in hand-built fixtures. */
    basketItems?: ErpBasketItem[];
    /** Customer service cases; absent in hand-built fixtures. */
    serviceCases?: ErpServiceCase[];
  };
  pos: { customers: PosCustomer[]; receipts: PosReceipt[] };
  marketplace: { orders: MarketplaceOrder[] };
  /** `cycleCounts`: the stores' count history; absent in hand-built fixtures. */
  wms: { stock: StockPosition[]; cycleCounts?: CycleCount[] };
  carrier: { shipments: Shipment[] };
  returns: ReturnRecord[];
}

export interface DatasetOptions {
  /** @default 42 */
  seed?: number;
  /** Multiplies customer, product and order counts. @default 1 */
  scale?: number;
  /** @default "2026-11-01T00:00:00.000Z" */
  referenceDate?: string;
}
