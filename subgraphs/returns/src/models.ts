import type { CustomerReturnLineRecord, CustomerReturnRecord } from '../../../adapters/erp/src/index.ts';

/** A return as the ERP holds it; the resolvers derive the public fields (ids, money, refund). */
export type ReturnModel = CustomerReturnRecord;
export type ReturnLineModel = CustomerReturnLineRecord;
