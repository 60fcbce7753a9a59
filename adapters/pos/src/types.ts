import type { Money } from '../../core/src/index.ts';
import { z } from 'zod';
import type { PostalAddress } from '../../core/src/index.ts';

/**
 * Zod schemas of the Square Connect v2 payloads the POS adapter reads (snake_case, as on the
 * wire), and the adapter's own store record. Only fields the mapping uses are declared; other
 * fields pass unchecked. Square omits empty lists, so every list is optional.
 */
export const MoneySchema = z.object({
  amount: z.number().int(),
  currency: z.string().min(3),
});

export const ErrorSchema = z.object({
  category: z.string(),
  code: z.string(),
  detail: z.string().nullish(),
  field: z.string().nullish(),
});

export const AddressSchema = z.object({
  address_line_1: z.string().nullish(),
  locality: z.string().nullish(),
  sublocality: z.string().nullish(),
  postal_code: z.string().nullish(),
  country: z.string().nullish(),
});

export const LocationSchema = z.object({
  id: z.string().min(1),
  name: z.string().nullish(),
  address: AddressSchema.nullish(),
  timezone: z.string().nullish(),
  status: z.enum(['ACTIVE', 'INACTIVE']).nullish(),
  coordinates: z.object({ latitude: z.number(), longitude: z.number() }).nullish(),
});

export const CustomerSchema = z.object({
  id: z.string().min(1),
  created_at: z.string().nullish(),
  given_name: z.string().nullish(),
  family_name: z.string().nullish(),
  email_address: z.string().nullish(),
  phone_number: z.string().nullish(),
  reference_id: z.string().nullish(),
  address: AddressSchema.nullish(),
});

export const LineItemSchema = z.object({
  uid: z.string().nullish(),
  name: z.string().nullish(),
  quantity: z.string().regex(/^\d+(\.\d+)?$/),
  catalog_object_id: z.string().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
  base_price_money: MoneySchema.nullish(),
  total_money: MoneySchema.nullish(),
});

export const TenderSchema = z.object({
  id: z.string().nullish(),
  type: z.enum([
    'CARD',
    'CASH',
    'THIRD_PARTY_CARD',
    'SQUARE_GIFT_CARD',
    'NO_SALE',
    'BANK_ACCOUNT',
    'WALLET',
    'BUY_NOW_PAY_LATER',
    'SQUARE_ACCOUNT',
    'OTHER',
  ]),
  amount_money: MoneySchema.nullish(),
  card_details: z.object({ card: z.object({ card_brand: z.string().nullish(), last_4: z.string().nullish() }).nullish() }).nullish(),
});

export const FulfillmentSchema = z.object({
  type: z.enum(['PICKUP', 'SHIPMENT', 'DELIVERY']).nullish(),
  state: z.string().nullish(),
});

export const OrderSchema = z.object({
  id: z.string().min(1),
  location_id: z.string().min(1),
  reference_id: z.string().nullish(),
  customer_id: z.string().nullish(),
  state: z.enum(['OPEN', 'COMPLETED', 'CANCELED', 'DRAFT']),
  created_at: z.string().min(1),
  updated_at: z.string().nullish(),
  closed_at: z.string().nullish(),
  line_items: z.array(LineItemSchema).nullish(),
  fulfillments: z.array(FulfillmentSchema).nullish(),
  tenders: z.array(TenderSchema).nullish(),
  returns: z.array(z.object({ source_order_id: z.string().nullish() })).nullish(),
  total_money: MoneySchema,
  net_amount_due_money: MoneySchema.nullish(),
  return_amounts: z.object({ total_money: MoneySchema.nullish() }).nullish(),
  net_amounts: z.object({ total_money: MoneySchema.nullish() }).nullish(),
});

const Errors = { errors: z.array(ErrorSchema).nullish() };

export const GiftCardSchema = z.object({
  id: z.string().min(1),
  gan: z.string().nullish(),
  state: z.string().nullish(),
  balance_money: MoneySchema.nullish(),
});
export const GiftCardResponseSchema = z.object({ gift_card: GiftCardSchema.nullish(), ...Errors });

export const ListLocationsResponseSchema = z.object({ locations: z.array(LocationSchema).nullish(), ...Errors });
export const RetrieveCustomerResponseSchema = z.object({ customer: CustomerSchema.nullish(), ...Errors });
export const SearchCustomersResponseSchema = z.object({
  customers: z.array(CustomerSchema).nullish(),
  cursor: z.string().nullish(),
  ...Errors,
});
export const SearchOrdersResponseSchema = z.object({ orders: z.array(OrderSchema).nullish(), cursor: z.string().nullish(), ...Errors });
export const BatchRetrieveOrdersResponseSchema = z.object({ orders: z.array(OrderSchema).nullish(), ...Errors });

export type SquareLocation = z.infer<typeof LocationSchema>;
export type SquareCustomer = z.infer<typeof CustomerSchema>;
export type SquareOrder = z.infer<typeof OrderSchema>;
export type SquareMoney = z.infer<typeof MoneySchema>;
export type RetrieveCustomerResponse = z.infer<typeof RetrieveCustomerResponseSchema>;
export type ListLocationsResponse = z.infer<typeof ListLocationsResponseSchema>;
export type SearchCustomersResponse = z.infer<typeof SearchCustomersResponseSchema>;
export type SearchOrdersResponse = z.infer<typeof SearchOrdersResponseSchema>;
export type BatchRetrieveOrdersResponse = z.infer<typeof BatchRetrieveOrdersResponseSchema>;

/** A store as the POS knows it: its own location id; the WMS location code is not a POS field. */
export interface StoreRecord {
  posLocationId: string;
  name: string;
  address?: PostalAddress;
  latitude?: number;
  longitude?: number;
  /** Inactive locations still hold past orders, so order searches include them. */
  active: boolean;
  /** IANA time zone, e.g. "Asia/Shanghai". */
  timezone?: string;
}
export type SquareGiftCard = z.infer<typeof GiftCardSchema>;

/** A gift card's balance as the POS holds it (the card itself belongs to an ERP customer). */
export interface GiftCardBalanceRecord {
  number: string;
  /** ACTIVE, DEACTIVATED, BLOCKED or PENDING, untouched. */
  state: string;
  balance: Money;
}

// ---- catalog (store prices) ----

/** A SKU's till price: the catalog price and each store's own where it differs. */
export interface StorePriceRecord {
  sku: string;
  /** The price at every store without an override. */
  price: Money;
  /** Store price by POS location id, for stores whose till price differs. */
  byLocation: Record<string, Money>;
}

export const CatalogVariationSchema = z.object({
  type: z.literal('ITEM_VARIATION'),
  id: z.string(),
  is_deleted: z.boolean().nullish(),
  item_variation_data: z.object({
    sku: z.string().nullish(),
    price_money: MoneySchema.nullish(),
    location_overrides: z.array(z.object({ location_id: z.string(), price_money: MoneySchema.nullish() })).nullish(),
  }),
});
export const SearchCatalogObjectsResponseSchema = z.object({
  objects: z.array(z.unknown()).nullish(),
  cursor: z.string().nullish(),
});

// ---- money writes (returns and exchanges) ----

export const RetrieveOrderResponseSchema = z.object({ order: OrderSchema.nullish(), ...Errors });

export const RefundSchema = z.object({
  id: z.string().min(1),
  status: z.enum(['PENDING', 'COMPLETED', 'REJECTED', 'FAILED']),
  amount_money: MoneySchema,
  payment_id: z.string().nullish(),
});
export const RefundPaymentResponseSchema = z.object({ refund: RefundSchema.nullish(), ...Errors });
export const CreatePaymentResponseSchema = z.object({
  payment: z.object({ id: z.string().min(1), status: z.string(), amount_money: MoneySchema }).nullish(),
  ...Errors,
});
export const GiftCardActivityResponseSchema = z.object({
  gift_card_activity: z
    .object({
      id: z.string().min(1),
      gift_card_id: z.string().min(1),
      gift_card_gan: z.string().min(1),
      gift_card_balance_money: MoneySchema,
    })
    .nullish(),
  ...Errors,
});
export type SquareRefund = z.infer<typeof RefundSchema>;

/** A tender of a till sale; `paymentId` is what a refund names. */
export interface TenderRecord {
  paymentId: string;
  method: 'CARD' | 'CASH' | 'GIFT_CARD' | 'OTHER';
  amount: Money;
  cardLast4?: string;
}

export interface RefundRequest {
  paymentId: string;
  amount: Money;
  reason: string;
  /** Square keeps it: the same key never refunds twice (≤ 45 characters). */
  idempotencyKey: string;
}

export interface RefundRecord {
  id: string;
  /** PENDING, COMPLETED, REJECTED or FAILED, untouched. */
  status: string;
  amount: Money;
  paymentId?: string;
}

export interface TillPaymentRequest {
  /** POS location id of the till. */
  posLocationId: string;
  amount: Money;
  /** What the payment is for (an ERP order number). */
  reference: string;
  note: string;
  idempotencyKey: string;
}

/** Store credit as a gift card (Square's store credit): the card number and its balance after the load. */
export interface StoreCreditRecord {
  giftCardNumber: string;
  balance: Money;
  activityId: string;
}
