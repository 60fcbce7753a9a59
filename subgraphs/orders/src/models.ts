import type { OrderLineRecord, OrderRecord, PaymentRecord } from '../../../adapters/core/src/index.ts';

export type OrderModel = OrderRecord & { id: string };
/** A line with the order it belongs to (ERP line details are read per order when asked for). */
export type OrderLineModel = OrderLineRecord & { orderSystem?: OrderRecord['system']; orderExternalId?: string };

export type CustomerPaymentModel = PaymentRecord & { order: OrderModel };

export interface CustomerRefModel {
  id: string;
  identities?: { system: string; externalId: string }[];
}

export interface OrderConnectionModel {
  nodes: OrderModel[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
