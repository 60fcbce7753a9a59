/** SAP S/4HANA-style OData V2 simulator: sales orders, business partners, products. */
import type { Dataset } from '../../dataset/src/index.ts';
import { createSimulator, type FaultSettings, type Simulator } from '../../kit/src/index.ts';
import { basicAuth, type ErpCredentials } from './auth.ts';
import { buildBusinessPartnerService } from './entities/businessPartners.ts';
import { buildCustomerActivityServices, partnerLoyaltyAccounts } from './entities/customerActivity.ts';
import { buildCustomerReturnService } from './entities/customerReturns.ts';
import { buildFulfilmentDocumentServices } from './entities/fulfilmentDocuments.ts';
import { buildProductService } from './entities/products.ts';
import { withSalesOrderCreation } from './entities/salesOrderCreate.ts';
import { buildSalesOrderService } from './entities/salesOrders.ts';
import { CsrfTokens } from './odata/csrf.ts';
import { renderSapError } from './odata/errors.ts';
import { registerODataRoutes } from './odata/router.ts';

export type { ErpCredentials } from './auth.ts';
export { BASIC_REALM } from './auth.ts';
export { BUSINESS_PARTNER_SERVICE, CARD_TYPE_CODES } from './entities/businessPartners.ts';
export {
  BASKET_SERVICE,
  BASKET_TYPE_CODES,
  CASE_CATEGORY_CODES,
  CASE_STATUS_CODES,
  POINTS_REASON_CODES,
  POINTS_SERVICE,
  SERVICE_CASE_SERVICE,
} from './entities/customerActivity.ts';
export { PRODUCT_SERVICE } from './entities/products.ts';
export { SALES_ORDER_SERVICE } from './entities/salesOrders.ts';
export { SAP_CODES } from './odata/errors.ts';
export { ODATA_ROOT } from './odata/router.ts';

/** Demo logon for the simulator (an SAP communication user, case-insensitive name). */
export const ERP_DEFAULT_CREDENTIALS: Readonly<ErpCredentials> = Object.freeze({
  username: 'RETAIL360_API',
  password: 'Welcome1!',
});

export interface ErpSimulatorOptions {
  dataset: Dataset;
  /** @default no faults */
  faults?: Partial<FaultSettings>;
  /** @default ERP_DEFAULT_CREDENTIALS */
  credentials?: ErpCredentials;
  /** Entities in one response when the client sends no `$top` (SAP's default page). @default 100 */
  defaultPageSize?: number;
  /** Most entities in one response when the client sends `$top`; the rest via `__next`. @default 1000 */
  maxPageSize?: number;
}

/**
 * Builds the simulator (routes added, not listening). The dataset is read once into the
 * simulator's own rows; the shared dataset object is never modified.
 */
export function createErpSimulator(options: ErpSimulatorOptions): Simulator {
  const simulator = createSimulator({
    system: 'erp',
    renderError: renderSapError,
    ...(options.faults && { faults: options.faults }),
  });
  const partners = buildBusinessPartnerService(options.dataset);
  const accounts = partnerLoyaltyAccounts(partners.sets.get('A_BusinessPartner')!);
  const services = [
    withSalesOrderCreation(buildSalesOrderService(options.dataset), options.dataset, partners.sets.get('A_BusinessPartner')!),
    partners,
    buildProductService(options.dataset),
    ...buildCustomerActivityServices(options.dataset, accounts),
    buildCustomerReturnService(options.dataset),
  ];
  services.push(...buildFulfilmentDocumentServices(options.dataset, services[0]!.sets.get('A_SalesOrder')!));
  const limits = { defaultPageSize: options.defaultPageSize ?? 100, maxPageSize: options.maxPageSize ?? 1000 };
  if (!(limits.defaultPageSize >= 1 && limits.maxPageSize >= 1)) throw new RangeError('page sizes must be at least 1');
  const credentials = options.credentials ?? ERP_DEFAULT_CREDENTIALS;
  void simulator.app.register(async (scope) => {
    scope.addHook('onRequest', basicAuth(credentials));
    registerODataRoutes(scope, { services, limits, csrf: new CsrfTokens() });
  });
  return simulator;
}
