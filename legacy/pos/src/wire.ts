/**
 * The Square Connect objects this simulator serves (a subset of the fields in
 * specs/pos-square/square-pos-subset.json, snake_case as on the wire). Optional fields are
 * omitted rather than sent as null, as Square does.
 */
export interface SquareMoney {
  /** Integer minor units (fen for CNY). */
  amount: number;
  currency: string;
}

export interface SquareError {
  category: 'API_ERROR' | 'AUTHENTICATION_ERROR' | 'INVALID_REQUEST_ERROR' | 'RATE_LIMIT_ERROR';
  code: string;
  detail?: string;
  field?: string;
}

export interface SquareAddress {
  address_line_1?: string;
  locality?: string;
  sublocality?: string;
  postal_code?: string;
  country?: string;
}

export interface SquareLocation {
  id: string;
  name: string;
  address: SquareAddress;
  timezone: string;
  capabilities: string[];
  status: 'ACTIVE' | 'INACTIVE';
  created_at: string;
  merchant_id: string;
  country: string;
  language_code: string;
  currency: string;
  business_name: string;
  type: 'PHYSICAL' | 'MOBILE';
  coordinates: { latitude: number; longitude: number };
  mcc: string;
}

export interface SquareCustomer {
  id: string;
  created_at: string;
  updated_at: string;
  given_name?: string;
  family_name?: string;
  email_address?: string;
  phone_number?: string;
  reference_id?: string;
  preferences: { email_unsubscribed: boolean };
  creation_source: string;
  version: number;
}

export interface SquareLineItem {
  uid: string;
  name: string;
  quantity: string;
  catalog_object_id: string;
  variation_name: string;
  item_type: 'ITEM';
  metadata: Record<string, string>;
  base_price_money: SquareMoney;
  variation_total_price_money: SquareMoney;
  gross_sales_money: SquareMoney;
  total_tax_money: SquareMoney;
  total_discount_money: SquareMoney;
  total_money: SquareMoney;
}

export interface SquareReturnLineItem {
  uid: string;
  source_line_item_uid?: string;
  name: string;
  quantity: string;
  catalog_object_id: string;
  item_type: 'ITEM';
  note: string;
  base_price_money: SquareMoney;
  total_money: SquareMoney;
}

export interface SquareTender {
  id: string;
  location_id: string;
  transaction_id: string;
  created_at: string;
  amount_money: SquareMoney;
  customer_id?: string;
  type: 'CARD' | 'CASH' | 'OTHER' | 'SQUARE_GIFT_CARD';
  card_details?: { status: 'CAPTURED'; card: { card_brand: string; last_4?: string }; entry_method: 'EMV' };
  cash_details?: { buyer_tendered_money: SquareMoney; change_back_money: SquareMoney };
  payment_id: string;
}

export interface SquareRefund {
  id: string;
  location_id: string;
  transaction_id?: string;
  tender_id?: string;
  created_at: string;
  reason: string;
  amount_money: SquareMoney;
  status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'FAILED';
}

export interface SquareMoneyAmounts {
  total_money: SquareMoney;
  tax_money: SquareMoney;
  discount_money: SquareMoney;
  tip_money: SquareMoney;
  service_charge_money: SquareMoney;
}

export interface SquareOrderReturn {
  uid: string;
  source_order_id?: string;
  return_line_items: SquareReturnLineItem[];
  return_amounts: SquareMoneyAmounts;
}

export interface SquareFulfillment {
  uid: string;
  type: 'PICKUP' | 'SHIPMENT' | 'DELIVERY';
  state: 'PROPOSED' | 'RESERVED' | 'PREPARED' | 'COMPLETED' | 'CANCELED' | 'FAILED';
  line_item_application: 'ALL' | 'ENTRY_LIST';
  shipment_details?: {
    recipient?: { customer_id?: string };
    carrier: string;
    tracking_number: string;
    placed_at: string;
    shipped_at?: string;
    canceled_at?: string;
  };
}

export type SquareOrderState = 'OPEN' | 'COMPLETED' | 'CANCELED' | 'DRAFT';

export interface SquareOrder {
  id: string;
  location_id: string;
  reference_id?: string;
  source: { name: string };
  customer_id?: string;
  line_items?: SquareLineItem[];
  fulfillments?: SquareFulfillment[];
  returns?: SquareOrderReturn[];
  tenders?: SquareTender[];
  refunds?: SquareRefund[];
  return_amounts?: SquareMoneyAmounts;
  net_amounts: SquareMoneyAmounts;
  created_at: string;
  updated_at: string;
  closed_at?: string;
  state: SquareOrderState;
  total_money: SquareMoney;
  total_tax_money: SquareMoney;
  total_discount_money: SquareMoney;
  total_tip_money: SquareMoney;
  total_service_charge_money: SquareMoney;
  net_amount_due_money: SquareMoney;
}

export interface SquarePayment {
  id: string;
  created_at: string;
  updated_at: string;
  amount_money: SquareMoney;
  total_money: SquareMoney;
  approved_money: SquareMoney;
  refunded_money?: SquareMoney;
  status: 'APPROVED' | 'PENDING' | 'COMPLETED' | 'CANCELED' | 'FAILED';
  source_type: 'CARD' | 'CASH' | 'EXTERNAL';
  card_details?: { status: 'CAPTURED' | 'VOIDED'; card: { card_brand: string; last_4?: string }; entry_method: 'EMV' };
  cash_details?: { buyer_supplied_money: SquareMoney; change_back_money: SquareMoney };
  external_details?: { type: 'OTHER'; source: string };
  location_id: string;
  order_id: string;
  customer_id?: string;
  refund_ids?: string[];
  receipt_number: string;
}

export interface SquarePaymentRefund {
  id: string;
  status: 'PENDING' | 'COMPLETED' | 'REJECTED' | 'FAILED';
  location_id: string;
  unlinked: boolean;
  destination_type: string;
  amount_money: SquareMoney;
  payment_id?: string;
  order_id: string;
  reason: string;
  created_at: string;
  updated_at: string;
}
