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
export { basketLinesChangedSince, loyaltyAccountsChangedSince, pointsPostedSince } from './memberChanges.ts';
export type { LoyaltyChangeRecord, MemberChangeFeedOptions } from './memberChanges.ts';
export { customerReturnsCreatedSince } from './returnChanges.ts';
export type { ReturnChangeFeedOptions } from './returnChanges.ts';
export { ErpOrderWriter } from './orderWrites.ts';
export type {
  DeliveryBlock,
  SalesOrderChannel,
  SalesOrderCreateOutcome,
  SalesOrderCreateRequest,
  SalesOrderLineRequest,
  SalesOrderPaymentRequest,
} from './orderWrites.ts';
export { ErpCsrfClient } from './csrf.ts';
export type { ErpCsrfClientOptions, ErpWriteSpec } from './csrf.ts';
export { ErpOrderChanges } from './orderChanges.ts';
export type { ErpChangeOutcome, ErpChangeRefusal, LineChange } from './orderChanges.ts';
export { balanceDue } from './orderMapping.ts';
export type {
  OrderAddressRecord,
  OrderCancelReason,
  OrderContactRecord,
  OrderDetailsRecord,
  OrderHoldLevel,
  OrderHoldReason,
  OrderHoldRecord,
  OrderLineDetailRecord,
  OrderPaymentRecord,
  OrderServiceLevel,
} from './records.ts';
export { ErpCustomerReturns } from './customerReturns.ts';
export type {
  CreditMemoRecord,
  CustomerReturnCreateRequest,
  CustomerReturnLineRecord,
  CustomerReturnRecord,
  ErpWriteOutcome,
  RefundTender,
  ReturnChannel,
  ReturnDisposition,
  ReturnOrigin,
  ReturnStatus,
} from './customerReturns.ts';
export { ErpFulfilmentWriter } from './fulfilmentWrites.ts';
export type {
  DropShipRequest,
  ErpDocumentOutcome,
  PurchaseOrderRecord,
  PurchaseOrderStatus,
  SalePostingRecord,
  SalePostingRequest,
} from './fulfilmentWrites.ts';
