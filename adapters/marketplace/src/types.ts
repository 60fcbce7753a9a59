import { z } from 'zod';

/**
 * Wire format of Amazon SP-API Orders v0 (ordersV0.json) and of Login with Amazon's token
 * endpoint, as zod schemas. Only the fields the adapter reads are declared; the rest pass by.
 */

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, 'a decimal amount');

export const SpMoney = z.object({ CurrencyCode: z.string().min(1), Amount: decimal });

export const SpAddress = z.object({
  Name: z.string().optional(),
  AddressLine1: z.string().optional(),
  AddressLine2: z.string().optional(),
  City: z.string().optional(),
  District: z.string().optional(),
  StateOrRegion: z.string().optional(),
  PostalCode: z.string().optional(),
  CountryCode: z.string().optional(),
  Phone: z.string().optional(),
});

export const SpOrderStatus = z.enum([
  'PendingAvailability',
  'Pending',
  'Unshipped',
  'PartiallyShipped',
  'Shipped',
  'InvoiceUnconfirmed',
  'Canceled',
  'Unfulfillable',
]);

export const SpOrder = z.object({
  AmazonOrderId: z.string().min(1),
  PurchaseDate: z.string().min(1),
  LastUpdateDate: z.string().min(1),
  OrderStatus: SpOrderStatus,
  FulfillmentChannel: z.string().optional(),
  SalesChannel: z.string().optional(),
  OrderTotal: SpMoney.optional(),
  PaymentMethod: z.string().optional(),
  MarketplaceId: z.string().optional(),
  BuyerInfo: z.object({ BuyerEmail: z.string().optional(), BuyerName: z.string().optional() }).optional(),
  ShippingAddress: SpAddress.optional(),
});

export const SpError = z.object({ code: z.string(), message: z.string(), details: z.string().optional() });
export const SpErrorList = z.object({ errors: z.array(SpError) });

export const GetOrdersResponse = z.object({
  payload: z.object({
    Orders: z.array(SpOrder),
    NextToken: z.string().optional(),
    CreatedBefore: z.string().optional(),
    LastUpdatedBefore: z.string().optional(),
  }),
});

export const SpOrderItem = z.object({
  ASIN: z.string().min(1),
  OrderItemId: z.string().min(1),
  SellerSKU: z.string().optional(),
  Title: z.string().optional(),
  QuantityOrdered: z.number().int().nonnegative(),
  QuantityShipped: z.number().int().nonnegative().optional(),
  ItemPrice: SpMoney.optional(),
  ScheduledDeliveryEndDate: z.string().optional(),
});

export const GetOrderItemsResponse = z.object({
  payload: z.object({
    AmazonOrderId: z.string(),
    OrderItems: z.array(SpOrderItem),
    NextToken: z.string().optional(),
  }),
});

/** getOrderItems answers an unknown order with 404 and an ErrorList. */
export const GetOrderItemsAnswer = z.union([GetOrderItemsResponse, SpErrorList]);

export const LwaToken = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().positive(),
  refresh_token: z.string().optional(),
});
export const LwaError = z.object({ error: z.string(), error_description: z.string().optional() });
export const LwaAnswer = z.union([LwaToken, LwaError]);

export type SpMoney = z.infer<typeof SpMoney>;
export type SpAddress = z.infer<typeof SpAddress>;
export type SpOrderStatus = z.infer<typeof SpOrderStatus>;
export type SpOrder = z.infer<typeof SpOrder>;
export type SpOrderItem = z.infer<typeof SpOrderItem>;
export type GetOrdersResponse = z.infer<typeof GetOrdersResponse>;
export type GetOrderItemsAnswer = z.infer<typeof GetOrderItemsAnswer>;
export type LwaAnswer = z.infer<typeof LwaAnswer>;

/** The Orders v0 operations this adapter calls, named as in the spec. */
export type SpOperation = 'getOrders' | 'getOrderItems';
