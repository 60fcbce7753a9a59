/**
 * The ERP codes of the order capture (this system's customising, documented in
 * legacy/erp/README.md) and the mapping of a sales order to its OrderDetailsRecord. Kept apart
 * from mapping.ts, which is long enough; together they are the adapter's only code tables.
 */
import type {
  OrderCancelReason,
  OrderDetailsRecord,
  OrderHoldLevel,
  OrderHoldReason,
  OrderPaymentRecord,
  OrderServiceLevel,
} from './records.ts';
import { parseODataDate } from './odata.ts';
import type { PaymentPlanItem, SalesOrder, SalesOrderItem } from './types.ts';

/** Delivery block reasons of the order audit, and who releases each. */
export const HOLD_CODES: Readonly<Record<OrderHoldReason, { code: string; level: OrderHoldLevel }>> = {
  ADDRESS_INCOMPLETE: { code: '01', level: 'CUSTOMER_SERVICE' },
  FRAUD_REVIEW: { code: '02', level: 'FINANCE' },
  PAYMENT_NOT_AUTHORIZED: { code: '03', level: 'FINANCE' },
  STOCK_UNCONFIRMED: { code: '04', level: 'LOGISTICS' },
  COURIER_OUT_OF_AREA: { code: '05', level: 'COURIER' },
};
const HOLD_BY_CODE = new Map(
  Object.entries(HOLD_CODES).map(([reason, { code, level }]) => [code, { reason: reason as OrderHoldReason, level }]),
);

/** Item DeliveryPriority: the line's service level (02, SAP's "normal", is STANDARD). */
export const SERVICE_LEVEL_CODES: Readonly<Record<OrderServiceLevel, string>> = {
  STANDARD: '02',
  EXPRESS: '11',
  NEXT_DAY: '12',
  SAME_DAY: '13',
  ONE_HOUR: '14',
};
const SERVICE_LEVEL_BY_CODE = new Map(Object.entries(SERVICE_LEVEL_CODES).map(([level, code]) => [code, level as OrderServiceLevel]));

/** Item SalesDocumentRjcnReason. */
export const REJECTION_CODES: Readonly<Record<OrderCancelReason, string>> = {
  DELIVERY_TOO_LATE: '01',
  PRICE: '03',
  CUSTOMER_REQUEST: '10',
  FRAUD: '50',
  HOLD_REJECTED: '51',
  OTHER: '00',
};

/** Item ShippingType. */
export const SHIPPING_TYPE = { SHIP: '01', PICKUP: '02' } as const;
/** Header PaymentMethod: the balance is paid at the pickup till. */
export const PAY_ON_PICKUP = 'P';
/** ElectronicPaymentType of a gift card; the others are card schemes. */
export const GIFT_CARD_TYPE = 'GIFT';

const isoDate = (raw: string) => new Date(parseODataDate(raw)).toISOString().slice(0, 10);
const cents = (d: string) => Math.round(Number(d) * 100);

/**
 * Open delivery blocks: the custom field lists them all; the standard field holds one. A block
 * code this table does not know (set in the ERP by hand) still holds the order: it is shown as a
 * finance review rather than dropped.
 */
function holdsOf(so: Pick<SalesOrder, 'YY1_DeliveryBlocks_SDH' | 'DeliveryBlockReason'>): OrderDetailsRecord['holds'] {
  const codes = (so.YY1_DeliveryBlocks_SDH ?? so.DeliveryBlockReason ?? '').split(',').filter(Boolean);
  if (so.DeliveryBlockReason && !codes.includes(so.DeliveryBlockReason)) codes.unshift(so.DeliveryBlockReason);
  return codes.map((c) => HOLD_BY_CODE.get(c) ?? { reason: 'FRAUD_REVIEW' as const, level: 'FINANCE' as const });
}

export const holdCodes = (reasons: readonly OrderHoldReason[]) => [...new Set(reasons.map((r) => HOLD_CODES[r].code))].join(',');

export function toOrderPayment(p: PaymentPlanItem): OrderPaymentRecord {
  const gift = p.ElectronicPaymentType === GIFT_CARD_TYPE;
  const last4 = /(\d{4})$/.exec(p.ElectronicPayment ?? '')?.[1];
  const status =
    p.AuthorizationStatusName === 'Authorized' ? 'AUTHORIZED' : p.AuthorizationStatusName === 'Declined' ? 'DECLINED' : 'OTHER';
  return {
    id: p.PaymentPlanItem,
    kind: gift ? 'GIFT_CARD' : 'CARD',
    ...(!gift && p.ElectronicPaymentType && { cardBrand: p.ElectronicPaymentType }),
    ...(last4 && { cardLast4: last4 }),
    amount: { amount: Number(p.AuthorizedAmountInAuthznCrcy).toFixed(2), currency: p.AuthorizationCurrency },
    status,
    ...(p.AuthorizationDate && { authorizedOn: isoDate(p.AuthorizationDate) }),
  };
}

/** Items shown as the order's lines: rejected ones drop out unless the whole order is. */
export function visibleItems(so: SalesOrder): SalesOrderItem[] {
  const items = so.to_Item?.results ?? [];
  const open = items.filter((i) => !i.SalesDocumentRjcnReason);
  return open.length > 0 ? open : items;
}

export function toOrderDetails(so: SalesOrder): OrderDetailsRecord {
  const shipTo = so.to_Partner?.results.find((p) => p.PartnerFunction === 'WE')?.to_Address?.results[0];
  const items = so.to_Item?.results ?? [];
  const line1 = [shipTo?.StreetName, shipTo?.HouseNumber].filter((v) => v && v.trim()).join(' ');
  const str = (v: string | null | undefined) => (v && v.trim() ? v : undefined);
  const contact = {
    ...(str(shipTo?.AddresseeFullName) && { name: shipTo!.AddresseeFullName! }),
    ...(str(shipTo?.EmailAddress) && { email: shipTo!.EmailAddress! }),
    ...(str(shipTo?.PhoneNumber) && { phone: shipTo!.PhoneNumber! }),
  };
  const hasAddress = !!(line1 || str(shipTo?.CityName) || str(shipTo?.PostalCode));
  return {
    externalId: so.SalesOrder,
    number: so.PurchaseOrderByCustomer?.trim() ? so.PurchaseOrderByCustomer : so.SalesOrder,
    ...(so.SoldToParty && { customerExternalId: so.SoldToParty }),
    cancelled: so.OverallSDDocumentRejectionSts === 'C',
    holds: holdsOf(so),
    payOnPickup: so.PaymentMethod === PAY_ON_PICKUP,
    completeDelivery: so.CompleteDeliveryIsDefined === true,
    ...(hasAddress && {
      shipTo: {
        name: shipTo?.AddresseeFullName ?? '',
        line1,
        postcode: shipTo?.PostalCode ?? '',
        city: shipTo?.CityName ?? '',
        ...(str(shipTo?.DistrictName) && { district: shipTo!.DistrictName! }),
        country: shipTo?.Country ?? '',
      },
    }),
    contact,
    lines: items.map((i) => {
      const schedule = i.to_ScheduleLine?.results ?? [];
      const promised =
        schedule.find((s) => s.ConfirmedDeliveryDate)?.ConfirmedDeliveryDate ??
        schedule.find((s) => s.RequestedDeliveryDate)?.RequestedDeliveryDate;
      return {
        lineId: i.SalesOrderItem,
        sku: i.Material,
        quantity: Number(i.RequestedQuantity),
        deliveryMethod: (i.ShippingType || so.ShippingCondition) === SHIPPING_TYPE.PICKUP ? 'PICKUP' : 'SHIP',
        ...(i.ProductionPlant && { locationCode: i.ProductionPlant }),
        serviceLevel: SERVICE_LEVEL_BY_CODE.get(i.DeliveryPriority ?? '') ?? 'STANDARD',
        shipped: i.DeliveryStatus === 'B' || i.DeliveryStatus === 'C',
        rejected: !!i.SalesDocumentRjcnReason,
        ...(promised && { promisedDate: isoDate(promised) }),
        lineTotal: { amount: i.NetAmount, currency: i.TransactionCurrency },
      };
    }),
    payments: (so.to_PaymentPlanItemDetails?.results ?? []).map(toOrderPayment),
    grandTotal: { amount: so.TotalNetAmount, currency: so.TransactionCurrency },
  };
}

/** What is still to pay: the order's value less authorised payments, never below zero. */
export function balanceDue(details: Pick<OrderDetailsRecord, 'grandTotal' | 'payments'>): string {
  const paid = details.payments.filter((p) => p.status === 'AUTHORIZED').reduce((sum, p) => sum + cents(p.amount.amount), 0);
  return (Math.max(0, cents(details.grandTotal.amount) - paid) / 100).toFixed(2);
}
