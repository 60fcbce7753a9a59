import type { SalePostingRecord } from '../../../../adapters/erp/src/index.ts';
import type { CustomerNotification } from './notifications.ts';
import type { FulfilmentRecord } from './records.ts';
import type { Allocation, CandidateScore, SourcingPlan } from './sourcing/index.ts';

/** What the fulfilment resolvers return for each GraphQL type (codegen mappers). */
export type FulfilmentOrderModel = FulfilmentRecord;
export type SourcingPlanModel = SourcingPlan & { strategy: string };
export type SourcingCandidateModel = CandidateScore;
export type SourcingAllocationModel = Allocation;
export type SalePostingModel = SalePostingRecord;
export type CustomerNotificationModel = CustomerNotification;

export interface OrderSourcedModel {
  __typename: 'OrderSourced';
  orderId: string;
  created: FulfilmentRecord[];
  fulfilments: FulfilmentRecord[];
  plan: SourcingPlanModel;
}
export interface OrderAlreadySourcedModel {
  __typename: 'OrderAlreadySourced';
  orderId: string;
  fulfilments: FulfilmentRecord[];
}
export interface OrderOnHoldModel {
  __typename: 'OrderOnHold';
  orderId: string;
  rejections: number;
  maxRejections: number;
  fulfilments: FulfilmentRecord[];
}
export interface OrderNotSourceableModel {
  __typename: 'OrderNotSourceable';
  orderId: string;
  plan: SourcingPlanModel;
}
export interface FulfilmentUpdatedModel {
  __typename: 'FulfilmentUpdated';
  fulfilment: FulfilmentRecord;
  changed: boolean;
  salePosting: SalePostingRecord | null;
}
export interface FulfilmentResourcedModel {
  __typename: 'FulfilmentResourced';
  rejected: FulfilmentRecord;
  created: FulfilmentRecord[];
  plan: SourcingPlanModel;
}
export interface InvalidFulfilmentTransitionModel {
  __typename: 'InvalidFulfilmentTransition';
  fulfilment: FulfilmentRecord;
  action: string;
  message: string;
}
export interface WrongPickupCodeModel {
  __typename: 'WrongPickupCode';
  fulfilment: FulfilmentRecord;
  message: string;
}
