/** ERP adapter: SAP S/4HANA OData V2 (business partners, sales orders, products). */
export { ErpAdapter } from './ErpAdapter.ts';
export type { ErpAdapterOptions } from './ErpAdapter.ts';
export { odataString } from './odata.ts';
export { orderStatus } from './mapping.ts';
export type {
  BasketKind,
  BasketLineRecord,
  CardKind,
  CardRecord,
  LoyaltyRecord,
  PointsEntryRecord,
  PointsPostingRefusal,
  PointsPostingRequest,
  PointsReason,
  ServiceCaseKind,
  ServiceCaseRecord,
  ServiceCaseStatus,
} from './records.ts';
export { salesOrdersChangedSince } from './changes.ts';
export type { ErpChangeFeedOptions } from './changes.ts';
export { ErpOrderWriter } from './orderWrites.ts';
export type {
  DeliveryBlock,
  SalesOrderChannel,
  SalesOrderCreateOutcome,
  SalesOrderCreateRequest,
  SalesOrderLineRequest,
} from './orderWrites.ts';
