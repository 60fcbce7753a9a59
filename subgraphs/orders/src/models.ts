import type { OrderLineRecord, OrderRecord } from '../../../adapters/core/src/index.ts';

export type OrderModel = OrderRecord & { id: string };
export type OrderLineModel = OrderLineRecord;

export interface CustomerRefModel {
  id: string;
  identities?: { system: string; externalId: string }[];
}

export interface OrderConnectionModel {
  nodes: OrderModel[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
