/**
 * The canonical records adapters hand upwards. Only `mapping.ts` files know vendor fields;
 * everything above the adapters (subgraphs, gateway) speaks these types.
 */
export type SystemName = 'ERP' | 'POS' | 'WMS' | 'CARRIER' | 'MARKETPLACE';

export const SYSTEMS: readonly SystemName[] = ['ERP', 'POS', 'WMS', 'CARRIER', 'MARKETPLACE'];

/** Decimal money as a string, never a float. */
export interface Money {
  amount: string;
  currency: string;
}

export interface PostalAddress {
  line1: string;
  city: string;
  district?: string;
  postcode: string;
  country: string;
}

/** One system's record of a person, as that system holds it (spellings untouched). */
export interface CustomerRecord {
  system: SystemName;
  /** The system's own id (ERP business partner, Square customer id, marketplace buyer email). */
  externalId: string;
  firstName: string;
  lastName: string;
  /** As the system holds them. */
  emails: string[];
  phones: string[];
  /** Member card numbers the system associates with the record. */
  cardNumbers: string[];
  address?: PostalAddress;
  createdAt?: string;
}

/** How a system can be searched for people; absent fields are not searched. */
export interface CustomerQuery {
  /** Normalised (trimmed, lower-case). */
  email?: string;
  /** E.164. */
  phone?: string;
  cardNumber?: string;
  name?: string;
}

export type OrderChannel = 'WEB' | 'APP' | 'STORE' | 'CALL_CENTRE' | 'MARKETPLACE';

export type OrderStatus =
  'PENDING' | 'ON_HOLD' | 'CONFIRMED' | 'PARTIALLY_SHIPPED' | 'SHIPPED' | 'DELIVERED' | 'COMPLETED' | 'CANCELLED' | 'RETURNED';

export type DeliveryMethod = 'SHIP' | 'PICKUP';

export interface OrderLineRecord {
  lineId: string;
  sku: string;
  name?: string;
  quantity: number;
  unitPrice: Money;
  lineTotal: Money;
  deliveryMethod: DeliveryMethod;
  /** Location code of the pickup store, for pickup lines. */
  pickupLocation?: string;
  /** ISO date. */
  promisedDate?: string;
}

export interface PaymentRecord {
  method: 'CARD' | 'CASH' | 'GIFT_CARD' | 'MARKETPLACE' | 'OTHER';
  amount: Money;
  cardBrand?: string;
  cardLast4?: string;
}

export interface OrderRecord {
  system: 'ERP' | 'POS' | 'MARKETPLACE';
  /** The system's own id (SAP sales order, Square order id, Amazon order id). */
  externalId: string;
  /** What a customer or agent reads: web order number, receipt number, marketplace order id. */
  number: string;
  channel: OrderChannel;
  /** Marketplace channel (AMAZON, JD) for marketplace orders. */
  salesChannel?: string;
  status: OrderStatus;
  /** The source system's own status, untouched (e.g. "C/A", "COMPLETED", "Shipped"). */
  sourceStatus: string;
  placedAt: string;
  updatedAt?: string;
  /** The system's customer id for the buyer (absent for anonymous till sales). */
  customerExternalId?: string;
  /** Lines, when the listing call returned them; otherwise load them separately. */
  lines?: OrderLineRecord[];
  grandTotal: Money;
  payments?: PaymentRecord[];
  storeCode?: string;
}

export interface ProductRecord {
  sku: string;
  name: string;
  category: string;
  brand: string;
  barcode: string;
  price: Money;
}
