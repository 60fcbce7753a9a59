import {
  decodeId,
  encodeId,
  type CallContext,
  type CustomerRecord,
  type Money,
  type OrderLineRecord,
  type OrderRecord,
  type PostalAddress,
} from '../../../../adapters/core/src/index.ts';
import type { Systems } from '../../../runtime/src/index.ts';

/** A customer order as fulfilment needs it: lines, where it goes, who to tell. */
export interface CustomerOrder {
  id: string;
  system: OrderRecord['system'];
  externalId: string;
  /** The key of every fulfilment record of this order in the WMS (OrderReference) and the ERP. */
  reference: string;
  number: string;
  channel: OrderRecord['channel'];
  salesChannel?: string;
  status: OrderRecord['status'];
  placedAt: string;
  lines: OrderLineRecord[];
  grandTotal: Money;
  customerExternalId?: string;
  /** From the customer's record in the order's system, when it has one. */
  contact?: { name: string; email?: string; phone?: string; address?: PostalAddress };
}

export type OrderSystem = OrderRecord['system'];

/**
 * `ORD-<system>-<id>` (≤ 40 characters, the WMS's OrderReference): the order's own id, so every
 * fulfilment record can be found again from the order alone, and nothing is kept in the graph.
 */
export function orderReference(system: OrderSystem, externalId: string): string {
  return `ORD-${system}-${externalId}`;
}

export function orderFromReference(reference: string): string | undefined {
  const m = /^ORD-(ERP|POS|MARKETPLACE)-(.+)$/.exec(reference);
  return m ? encodeId('ord', m[1]!, m[2]!) : undefined;
}

export function decodeOrderId(id: string): { system: OrderSystem; externalId: string } | undefined {
  const decoded = decodeId('ord', id);
  if (!decoded || !['ERP', 'POS', 'MARKETPLACE'].includes(decoded.system)) return undefined;
  return { system: decoded.system as OrderSystem, externalId: decoded.externalId };
}

/** Reads the order from its system of record (ERP or marketplace), with lines and the buyer's contact. */
export async function loadCustomerOrder(systems: Systems, call: CallContext, id: string): Promise<CustomerOrder | null> {
  const key = decodeOrderId(id);
  if (!key || key.system === 'POS') return null;
  const [record] =
    key.system === 'ERP'
      ? await systems.erp.getOrders(call, [key.externalId])
      : await systems.marketplace.getOrders(call, [key.externalId]);
  if (!record) return null;
  const lines =
    record.lines ?? (key.system === 'MARKETPLACE' ? ((await systems.marketplace.orderLines(call, [key.externalId]))[0] ?? []) : []);
  const customer = await customerOf(systems, call, record).catch(() => undefined);
  return {
    id,
    system: record.system,
    externalId: record.externalId,
    reference: orderReference(record.system, record.externalId),
    number: record.number,
    channel: record.channel,
    ...(record.salesChannel !== undefined && { salesChannel: record.salesChannel }),
    status: record.status,
    placedAt: record.placedAt,
    lines,
    grandTotal: record.grandTotal,
    ...(record.customerExternalId !== undefined && { customerExternalId: record.customerExternalId }),
    ...(customer && {
      contact: {
        name: `${customer.firstName} ${customer.lastName}`.trim(),
        ...(customer.emails[0] !== undefined && { email: customer.emails[0] }),
        ...(customer.phones[0] !== undefined && { phone: customer.phones[0] }),
        ...(customer.address && { address: customer.address }),
      },
    }),
  };
}

async function customerOf(systems: Systems, call: CallContext, record: OrderRecord): Promise<CustomerRecord | undefined> {
  if (!record.customerExternalId) return undefined;
  if (record.system === 'ERP') return (await systems.erp.getCustomers(call, [record.customerExternalId]))[0] ?? undefined;
  if (record.system === 'MARKETPLACE') return (await systems.marketplace.findCustomers(call, { email: record.customerExternalId }))[0];
  return undefined;
}
