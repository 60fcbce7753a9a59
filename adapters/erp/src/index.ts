/** ERP adapter: SAP S/4HANA OData V2 (business partners, sales orders, products). */
export { ErpAdapter } from './ErpAdapter.ts';
export type { ErpAdapterOptions } from './ErpAdapter.ts';
export { odataString } from './odata.ts';
export { orderStatus } from './mapping.ts';
