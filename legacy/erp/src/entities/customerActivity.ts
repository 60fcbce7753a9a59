/**
 * The retailer's custom business objects around a customer, each exposed the way S/4HANA
 * exposes a custom business object: its own `YY1_<NAME>_CDS` service with one entity set.
 *
 * - `YY1_POINTSTRANSACTION_CDS` / `YY1_PointsTransaction`: the loyalty points ledger. The
 *   only writable set of the simulator: `POST` creates a posting (CSRF token required) and
 *   moves the partner's `YY1_PointsBalance`.
 * - `YY1_WEBSHOPBASKET_CDS` / `YY1_WebShopBasketItem`: web shop cart (`C`) and wishlist (`W`) lines.
 * - `YY1_SERVICECASE_CDS` / `YY1_ServiceCase`: customer service cases.
 */
import type {
  Dataset,
  ErpBasketItem,
  ErpPointsPosting,
  ErpServiceCase,
  PointsReason,
  ServiceCaseCategory,
  ServiceCaseStatus,
} from '../../../dataset/src/index.ts';
import { ODataError, SAP_CODES } from '../odata/errors.ts';
import { defineEntitySet, type EdmType, type EntitySet, type ODataService, type Row, type Value } from '../odata/model.ts';
import { instant } from './dates.ts';

const S: EdmType = 'Edm.String';
const INT: EdmType = 'Edm.Int32';
const DEC: EdmType = 'Edm.Decimal';
const DTO: EdmType = 'Edm.DateTimeOffset';

export const POINTS_SERVICE = 'YY1_POINTSTRANSACTION_CDS';
export const BASKET_SERVICE = 'YY1_WEBSHOPBASKET_CDS';
export const SERVICE_CASE_SERVICE = 'YY1_SERVICECASE_CDS';

/** Reason codes of YY1_PointsTransaction.ReasonCode. */
export const POINTS_REASON_CODES: Readonly<Record<PointsReason, string>> = {
  PURCHASE: 'EARN',
  REDEMPTION: 'REDM',
  ADJUSTMENT: 'ADJ',
  EXPIRY: 'EXP',
  MIGRATION: 'MIGR',
};
export const BASKET_TYPE_CODES = { CART: 'C', WISHLIST: 'W' } as const;
export const CASE_CATEGORY_CODES: Readonly<Record<ServiceCaseCategory, string>> = {
  COMPLAINT: 'ZCMP',
  WARRANTY_CLAIM: 'ZWAR',
  DELIVERY_ISSUE: 'ZDLV',
  INQUIRY: 'ZINQ',
};
/** CRM-style user status codes: E0001 new … E0005 closed. */
export const CASE_STATUS_CODES: Readonly<Record<ServiceCaseStatus, string>> = {
  NEW: 'E0001',
  IN_PROCESS: 'E0002',
  WAITING_FOR_CUSTOMER: 'E0003',
  RESOLVED: 'E0004',
  CLOSED: 'E0005',
};

const POINTS_PROPERTIES: Record<string, EdmType> = {
  PointsTransaction: S,
  BusinessPartner: S,
  PostingDateTime: DTO,
  Points: INT,
  ReasonCode: S,
  SalesOrder: S,
  ExternalReference: S,
  PostingText: S,
  CreatedByUser: S,
};
const BASKET_PROPERTIES: Record<string, EdmType> = {
  BusinessPartner: S,
  BasketType: S,
  BasketItem: S,
  Material: S,
  Quantity: DEC,
  AddedDateTime: DTO,
  LastChangeDateTime: DTO,
};
const CASE_PROPERTIES: Record<string, EdmType> = {
  ServiceCase: S,
  BusinessPartner: S,
  CaseCategory: S,
  CaseStatus: S,
  Subject: S,
  SalesOrder: S,
  CreationDateTime: DTO,
  LastChangeDateTime: DTO,
};

function postingRow(p: ErpPointsPosting): Row {
  return {
    PointsTransaction: p.postingId,
    BusinessPartner: p.businessPartner,
    PostingDateTime: instant(p.postedAt),
    Points: p.points,
    ReasonCode: POINTS_REASON_CODES[p.reason],
    SalesOrder: p.salesOrder ?? '',
    ExternalReference: '',
    PostingText: '',
    CreatedByUser: 'LOYALTY_BATCH',
  };
}

function basketRow(b: ErpBasketItem): Row {
  return {
    BusinessPartner: b.businessPartner,
    BasketType: BASKET_TYPE_CODES[b.basket],
    BasketItem: b.item,
    Material: b.material,
    Quantity: String(b.quantity),
    AddedDateTime: instant(b.addedAt),
    LastChangeDateTime: instant(b.changedAt),
  };
}

function caseRow(c: ErpServiceCase): Row {
  return {
    ServiceCase: c.caseId,
    BusinessPartner: c.businessPartner,
    CaseCategory: CASE_CATEGORY_CODES[c.category],
    CaseStatus: CASE_STATUS_CODES[c.status],
    Subject: c.subject,
    SalesOrder: c.salesOrder ?? '',
    CreationDateTime: instant(c.createdAt),
    LastChangeDateTime: instant(c.changedAt),
  };
}

/** What a points posting changes on the business partner. */
export interface LoyaltyAccounts {
  /** Null when the partner does not exist. */
  balance(businessPartner: string): { points: number; expiring: number } | null;
  /** Moves the balance; burns expiring points first (oldest points are used first). */
  post(businessPartner: string, points: number): void;
}

const text = (body: Record<string, unknown>, name: string, max: number): string => {
  const v = body[name];
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string' || v.length > max) throw badBody(`Property '${name}' must be a string of at most ${max} characters.`);
  return v;
};
const badBody = (message: string) => new ODataError(400, SAP_CODES.badRequestBody, message);
const rejected = (message: string) => new ODataError(400, SAP_CODES.businessError, message);

function pointsLedger(dataset: Dataset, accounts: LoyaltyAccounts): { set: EntitySet; create: (body: unknown) => Row } {
  const rows: Row[] = (dataset.erp.pointsHistory ?? []).map(postingRow);
  const byId = new Map(rows.map((r) => [String(r.PointsTransaction), r]));
  const byReference = new Map<string, Row>();
  let next = rows.length;
  const set: EntitySet = {
    name: 'YY1_PointsTransaction',
    entityType: 'YY1_PointsTransactionType',
    keys: ['PointsTransaction'],
    properties: POINTS_PROPERTIES,
    navigation: {},
    rows,
    find: (key) => byId.get(key.PointsTransaction ?? ''),
  };
  const create = (raw: unknown): Row => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badBody('The request body is not a JSON entity.');
    const body = raw as Record<string, unknown>;
    const partner = text(body, 'BusinessPartner', 10);
    const points = body.Points;
    const reason = text(body, 'ReasonCode', 4);
    const reference = text(body, 'ExternalReference', 80);
    if (typeof points !== 'number' || !Number.isSafeInteger(points) || points === 0)
      throw badBody("Property 'Points' must be a non-zero integer.");
    if (reason !== POINTS_REASON_CODES.REDEMPTION && reason !== POINTS_REASON_CODES.ADJUSTMENT) {
      throw rejected(`Reason code '${reason}' cannot be posted through the API (allowed: REDM, ADJ).`);
    }
    if (reason === POINTS_REASON_CODES.REDEMPTION && points > 0) throw rejected('A redemption must post negative points.');
    const balance = accounts.balance(partner);
    if (!balance) throw rejected(`Business partner ${partner} does not exist.`);
    // The external reference is unique per partner, so a repeated posting is refused, not doubled.
    if (reference && byReference.has(`${partner}|${reference}`)) {
      throw rejected(`Points transaction with external reference '${reference}' already exists for business partner ${partner}.`);
    }
    if (balance.points + points < 0) throw rejected(`Balance of ${balance.points} points is too low to post ${points}.`);
    const row: Record<string, Value> = {
      PointsTransaction: `PT${String(++next).padStart(10, '0')}`,
      BusinessPartner: partner,
      PostingDateTime: Date.now(),
      Points: points,
      ReasonCode: reason,
      SalesOrder: text(body, 'SalesOrder', 10),
      ExternalReference: reference,
      PostingText: text(body, 'PostingText', 120),
      CreatedByUser: 'RETAIL360_API',
    };
    accounts.post(partner, points);
    rows.push(row);
    byId.set(String(row.PointsTransaction), row);
    if (reference) byReference.set(`${partner}|${reference}`, row);
    return row;
  };
  return { set, create };
}

/** The three custom services; the points ledger writes through `accounts`. */
export function buildCustomerActivityServices(dataset: Dataset, accounts: LoyaltyAccounts): ODataService[] {
  const ledger = pointsLedger(dataset, accounts);
  const baskets = defineEntitySet({
    name: 'YY1_WebShopBasketItem',
    entityType: 'YY1_WebShopBasketItemType',
    keys: ['BusinessPartner', 'BasketType', 'BasketItem'],
    properties: BASKET_PROPERTIES,
    rows: (dataset.erp.basketItems ?? []).map(basketRow),
    navigation: {},
  });
  const cases = defineEntitySet({
    name: 'YY1_ServiceCase',
    entityType: 'YY1_ServiceCaseType',
    keys: ['ServiceCase'],
    properties: CASE_PROPERTIES,
    rows: (dataset.erp.serviceCases ?? []).map(caseRow),
    navigation: {},
  });
  return [
    {
      name: POINTS_SERVICE,
      componentId: 'LO-MD-BP',
      sets: new Map([[ledger.set.name, ledger.set]]),
      creators: new Map([[ledger.set.name, ledger.create]]),
    },
    { name: BASKET_SERVICE, componentId: 'LO-MD-BP', sets: new Map([[baskets.name, baskets]]) },
    { name: SERVICE_CASE_SERVICE, componentId: 'CRM-S4-SRV', sets: new Map([[cases.name, cases]]) },
  ];
}

/** Loyalty accounts backed by the partner rows of API_BUSINESS_PARTNER (mutated in place). */
export function partnerLoyaltyAccounts(partners: EntitySet): LoyaltyAccounts {
  return {
    balance(bp) {
      const row = partners.find({ BusinessPartner: bp });
      return row ? { points: Number(row.YY1_PointsBalance), expiring: Number(row.YY1_ExpiringPoints) } : null;
    },
    post(bp, points) {
      const row = partners.find({ BusinessPartner: bp }) as Record<string, Value> | undefined;
      if (!row) return;
      row.YY1_PointsBalance = String(Number(row.YY1_PointsBalance) + points);
      if (points < 0) row.YY1_ExpiringPoints = String(Math.max(0, Number(row.YY1_ExpiringPoints) + points));
      row.LastChangeDate = Date.now() - (Date.now() % 86_400_000);
    },
  };
}
