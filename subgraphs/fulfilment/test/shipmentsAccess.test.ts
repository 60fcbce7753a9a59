import { describe, expect, it } from 'vitest';
import type { ShipmentRecord } from '../../../adapters/carrier/src/index.ts';
import { encodeId, type OrderRecord } from '../../../adapters/core/src/index.ts';
import type { Caller, SubgraphContext } from '../../runtime/src/index.ts';
import { assertOrderShipmentsAccess, assertShipmentAccess } from '../src/shipments/access.ts';

/** Partners read only their own marketplace's parcels; staff and chatbots are not bound to a channel. */
const partner = (channel: string): Caller => ({ role: 'partner', subject: 'key:p', scopes: ['order:read'], channel });
const agent: Caller = { role: 'agent', subject: 'u1', scopes: ['order:read'] };

function ctx(caller: Caller, orders: Partial<OrderRecord>[] = []): SubgraphContext {
  const marketplace = {
    getOrders: async (_c: unknown, ids: readonly string[]) =>
      ids.map((id) => (orders.find((o) => o.externalId === id) ?? null) as OrderRecord | null),
  };
  return { caller, call: { requestId: 't' }, systems: { marketplace } } as unknown as SubgraphContext;
}
const parcel = (orderReference: string): ShipmentRecord => ({
  carrier: 'UPS',
  trackingNumber: '1Z0000000000000001',
  status: 'IN_TRANSIT',
  sourceStatus: 'I/005',
  events: [],
  orderReference,
});

describe('who may read which shipments', () => {
  const amazonOrder = { id: encodeId('ord', 'MARKETPLACE', '111-0000001-0000001'), salesChannel: 'AMAZON' };
  const erpOrder = { id: encodeId('ord', 'ERP', '1000000001'), salesChannel: null };

  it("Order.shipments: a partner reads its own channel's orders only", () => {
    expect(() => assertOrderShipmentsAccess(ctx(partner('AMAZON')), amazonOrder)).not.toThrow();
    expect(() => assertOrderShipmentsAccess(ctx(partner('JD')), amazonOrder)).toThrow(/Forbidden: Order.shipments/);
    expect(() => assertOrderShipmentsAccess(ctx(partner('AMAZON')), erpOrder)).toThrow(/Forbidden/);
    expect(() => assertOrderShipmentsAccess(ctx(agent), erpOrder)).not.toThrow();
  });

  it('shipment(trackingNumber): a partner tracks a parcel only when its reference is an order of its marketplace', async () => {
    const orders = [{ externalId: '111-0000001-0000001', channel: 'MARKETPLACE' as const, salesChannel: 'AMAZON' }];
    await expect(assertShipmentAccess(ctx(partner('AMAZON'), orders), parcel('111-0000001-0000001'))).resolves.toBeUndefined();
    await expect(assertShipmentAccess(ctx(partner('JD'), orders), parcel('111-0000001-0000001'))).rejects.toThrow(/Forbidden/);
    await expect(assertShipmentAccess(ctx(partner('AMAZON'), orders), parcel('1000000001'))).rejects.toThrow(/Forbidden/);
    await expect(assertShipmentAccess(ctx(agent), parcel('1000000001'))).resolves.toBeUndefined();
  });

  it('a parcel of a split marketplace order (reference "<order id>/<part>") is its order\'s, for its partner only', async () => {
    const orders = [{ externalId: '111-0000001-0000001', channel: 'MARKETPLACE' as const, salesChannel: 'AMAZON' }];
    await expect(assertShipmentAccess(ctx(partner('AMAZON'), orders), parcel('111-0000001-0000001/T000000042'))).resolves.toBeUndefined();
    await expect(assertShipmentAccess(ctx(partner('JD'), orders), parcel('111-0000001-0000001/T000000042'))).rejects.toThrow(/Forbidden/);
  });
});
