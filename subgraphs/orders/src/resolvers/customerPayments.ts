import type { GraphQLResolveInfo } from 'graphql';
import { badUserInput } from '../../../runtime/src/index.ts';
import type { OrdersContext } from '../context.ts';
import type { CustomerPaymentModel, CustomerRefModel } from '../models.ts';
import { customerOrders } from './customerOrders.ts';

const MAX_FIRST = 200;
/** Orders looked through for their payments (the newest). */
const ORDERS_SCANNED = 100;

/**
 * Payments of a customer's orders in every channel (ERP card authorisations, POS tenders,
 * marketplace payments), newest order first. Read through the same per-request loaders as
 * `Customer.orders`, so asking for both costs no extra upstream call; a system that fails
 * costs only its payments (reported as an error on the field).
 */
export async function customerPayments(
  customer: CustomerRefModel,
  args: { first?: number | null },
  ctx: OrdersContext,
  info: GraphQLResolveInfo,
): Promise<CustomerPaymentModel[]> {
  const first = args.first ?? 50;
  if (first < 0 || first > MAX_FIRST) throw badUserInput(`first must be between 0 and ${MAX_FIRST}`);
  const { nodes } = await customerOrders(customer, { first: ORDERS_SCANNED }, ctx, info);
  return nodes.flatMap((order) => (order.payments ?? []).map((p) => ({ ...p, order }))).slice(0, first);
}
