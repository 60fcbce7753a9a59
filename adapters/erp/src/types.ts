/**
 * Zod schemas of the ERP's OData V2 JSON, checked at the adapter boundary. Only the fields
 * the mapping reads are declared; the rest of SAP's payload is stripped.
 */
import { z } from 'zod';

/** `/Date(1492041600000)/` (Edm.DateTime) or `/Date(1492098664000+0000)/` (Edm.DateTimeOffset). */
export const odataDate = z.string().regex(/^\/Date\(-?\d+(?:[+-]\d{4})?\)\/$/, 'an OData V2 /Date(…)/ value');
/** Edm.Time as `PT13H45M10S`. */
export const odataTime = z.string().regex(/^PT(?:\d{1,2}H)?(?:\d{1,2}M)?(?:\d{1,2}(?:\.\d+)?S)?$/, 'an Edm.Time duration');
/** Edm.Decimal, sent as a string. */
export const odataDecimal = z.string().regex(/^-?\d+(?:\.\d+)?$/, 'a decimal string');

const results = <T extends z.ZodType>(item: T) => z.object({ results: z.array(item) });
/** A navigation that may come expanded or, when not asked for, as SAP's `__deferred` link (read as absent). */
const expandable = <T extends z.ZodType>(item: T) =>
  z.union([results(item), z.object({ __deferred: z.unknown() }).transform(() => undefined)]).optional();

/** An OData V2 collection response. */
export interface Collection<T> {
  d: { results: T[]; __count?: string | undefined; __next?: string | undefined };
}

/** `{"d":{"results":[…],"__count":"…","__next":"…"}}`. */
export function collectionOf<T extends z.ZodType>(item: T) {
  return z.object({
    d: z.object({
      results: z.array(item),
      __count: z.string().optional(),
      __next: z.string().optional(),
    }),
  });
}

/**
 * Collection schemas are built once per entity schema: reads ask for them on every call, and
 * building a zod schema (and its compiled parser on first use) costs more than using one.
 */
const collections = new WeakMap<z.ZodType, ReturnType<typeof collectionOf>>();

export function cachedCollectionOf<T extends z.ZodType>(item: T): ReturnType<typeof collectionOf<T>> {
  let schema = collections.get(item);
  if (!schema) {
    schema = collectionOf(item);
    collections.set(item, schema);
  }
  return schema as ReturnType<typeof collectionOf<T>>;
}

export const BusinessPartnerAddressSchema = z.object({
  StreetName: z.string().nullable(),
  HouseNumber: z.string().nullish(),
  CityName: z.string().nullable(),
  District: z.string().nullish(),
  PostalCode: z.string().nullable(),
  Country: z.string().nullable(),
});

export const LoyaltyCardSchema = z.object({
  CardNumber: z.string(),
  CardType: z.string(),
});

export const BusinessPartnerSchema = z.object({
  BusinessPartner: z.string().min(1),
  FirstName: z.string().nullable(),
  LastName: z.string().nullable(),
  CreationDate: odataDate.nullable(),
  CreationTime: odataTime.nullish(),
  YY1_EmailAddress: z.string().nullable(),
  YY1_PhoneNumber: z.string().nullable(),
  YY1_MemberCardNumber: z.string().nullable(),
  to_BusinessPartnerAddress: results(BusinessPartnerAddressSchema).optional(),
  to_YY1_LoyaltyCard: results(LoyaltyCardSchema).optional(),
});

export const ScheduleLineSchema = z.object({
  RequestedDeliveryDate: odataDate.nullable(),
  ConfirmedDeliveryDate: odataDate.nullable(),
});

export const SalesOrderItemSchema = z.object({
  SalesOrderItem: z.string().min(1),
  Material: z.string().min(1),
  SalesOrderItemText: z.string().nullish(),
  RequestedQuantity: odataDecimal,
  NetAmount: odataDecimal,
  TransactionCurrency: z.string().min(1),
  ProductionPlant: z.string().nullish(),
  ShippingType: z.string().nullish(),
  DeliveryPriority: z.string().nullish(),
  SalesDocumentRjcnReason: z.string().nullish(),
  DeliveryStatus: z.string().nullish(),
  to_ScheduleLine: results(ScheduleLineSchema).optional(),
});

export const PartnerAddressSchema = z.object({
  AddresseeFullName: z.string().nullish(),
  StreetName: z.string().nullish(),
  HouseNumber: z.string().nullish(),
  PostalCode: z.string().nullish(),
  CityName: z.string().nullish(),
  DistrictName: z.string().nullish(),
  Country: z.string().nullish(),
  EmailAddress: z.string().nullish(),
  PhoneNumber: z.string().nullish(),
});

export const HeaderPartnerSchema = z.object({
  PartnerFunction: z.string(),
  to_Address: results(PartnerAddressSchema).optional(),
});

export const PaymentPlanItemSchema = z.object({
  PaymentPlanItem: z.string().min(1),
  ElectronicPaymentType: z.string().nullish(),
  ElectronicPayment: z.string().nullish(),
  AuthorizedAmountInAuthznCrcy: odataDecimal,
  AuthorizationCurrency: z.string().min(1),
  AuthorizationDate: odataDate.nullish(),
  AuthorizationStatusName: z.string().nullish(),
});

export const SalesOrderSchema = z.object({
  SalesOrder: z.string().min(1),
  DistributionChannel: z.string().nullable(),
  SoldToParty: z.string().nullable(),
  PurchaseOrderByCustomer: z.string().nullable(),
  CreationDate: odataDate,
  LastChangeDateTime: odataDate.nullable(),
  TotalNetAmount: odataDecimal,
  TransactionCurrency: z.string().min(1),
  OverallSDProcessStatus: z.string().nullable(),
  OverallTotalDeliveryStatus: z.string().nullable(),
  DeliveryBlockReason: z.string().nullable(),
  OverallSDDocumentRejectionSts: z.string().nullable(),
  ShippingCondition: z.string().nullable(),
  RequestedDeliveryDate: odataDate.nullable(),
  YY1_CreationDateTime_SDH: odataDate.nullish(),
  YY1_DeliveryBlocks_SDH: z.string().nullish(),
  PaymentMethod: z.string().nullish(),
  CompleteDeliveryIsDefined: z.boolean().nullish(),
  to_Item: results(SalesOrderItemSchema).optional(),
  to_Partner: expandable(HeaderPartnerSchema),
  to_PaymentPlanItemDetails: expandable(PaymentPlanItemSchema),
});

export const ProductDescriptionSchema = z.object({
  Language: z.string(),
  ProductDescription: z.string(),
});

export const ProductSchema = z.object({
  Product: z.string().min(1),
  ProductGroup: z.string().nullable(),
  Brand: z.string().nullable(),
  ProductStandardID: z.string().nullable(),
  YY1_ListPrice_PRD: odataDecimal,
  YY1_ListPriceCurrency_PRD: z.string().min(1),
  to_Description: results(ProductDescriptionSchema).optional(),
});

export type BusinessPartner = z.infer<typeof BusinessPartnerSchema>;
export type SalesOrder = z.infer<typeof SalesOrderSchema>;
export type SalesOrderItem = z.infer<typeof SalesOrderItemSchema>;
export type PaymentPlanItem = z.infer<typeof PaymentPlanItemSchema>;
export type Product = z.infer<typeof ProductSchema>;

export const LoyaltyCardDetailSchema = z.object({
  CardNumber: z.string().min(1),
  CardType: z.string(),
  CardBalance: odataDecimal.nullish(),
  CardCurrency: z.string().nullish(),
  IssueDate: odataDate.nullish(),
  CardIsBlocked: z.boolean().nullish(),
});

/** A_BusinessPartner with only the loyalty fields (`$select`). */
export const LoyaltyAccountSchema = z.object({
  BusinessPartner: z.string().min(1),
  YY1_MemberTier: z.string().nullable(),
  YY1_PointsBalance: odataDecimal.nullable(),
  YY1_ExpiringPoints: odataDecimal.nullable(),
  YY1_PointsExpiryDate: odataDate.nullable(),
  to_YY1_LoyaltyCard: results(LoyaltyCardDetailSchema).optional(),
});

export const PointsTransactionSchema = z.object({
  PointsTransaction: z.string().min(1),
  BusinessPartner: z.string().min(1),
  PostingDateTime: odataDate,
  Points: z.number().int(),
  ReasonCode: z.string(),
  SalesOrder: z.string().nullish(),
  ExternalReference: z.string().nullish(),
  PostingText: z.string().nullish(),
});

/** What a POST answers: the created entity, SAP's error body, or a plain-text refusal (CSRF). */
export const PostingResponseSchema = z.union([
  z.object({ d: PointsTransactionSchema }),
  z.object({ error: z.object({ code: z.string(), message: z.object({ value: z.string() }) }) }),
  z.object({ text: z.string() }),
]);

export const BasketItemSchema = z.object({
  BusinessPartner: z.string().min(1),
  BasketType: z.string(),
  BasketItem: z.string(),
  Material: z.string().min(1),
  Quantity: odataDecimal,
  AddedDateTime: odataDate.nullable(),
  LastChangeDateTime: odataDate,
});

export const ServiceCaseSchema = z.object({
  ServiceCase: z.string().min(1),
  BusinessPartner: z.string().min(1),
  CaseCategory: z.string(),
  CaseStatus: z.string(),
  Subject: z.string().nullable(),
  SalesOrder: z.string().nullish(),
  CreationDateTime: odataDate,
  LastChangeDateTime: odataDate.nullable(),
});

export type LoyaltyAccount = z.infer<typeof LoyaltyAccountSchema>;
export type PointsTransaction = z.infer<typeof PointsTransactionSchema>;
export type PostingResponse = z.infer<typeof PostingResponseSchema>;
export type BasketItem = z.infer<typeof BasketItemSchema>;
export type ServiceCase = z.infer<typeof ServiceCaseSchema>;

/** The service document (`GET <service>/`), fetched only for its CSRF token. */
export const ServiceDocumentSchema = z.object({ d: z.object({ EntitySets: z.array(z.string()) }) });
