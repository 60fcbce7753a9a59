import { describe, expect, it } from 'vitest';
import { findPersonWithMostOrders, generateDataset } from '../src/index.ts';
import { MARKETPLACE_STATES, POS_STATES, RETURN_STATES, TRACKING_STATES, sharedKeys, unlinkablePeople } from './checks.ts';
import { describeInvariants } from './invariants.ts';

describeInvariants('scale 0.05', () => generateDataset({ scale: 0.05 }));
describeInvariants('scale 0.05, seed 7', () => generateDataset({ scale: 0.05, seed: 7 }));

describe('tiny dataset', () => {
  it('is tiny', () => {
    const ds = generateDataset({ scale: 0.05 });
    expect(ds.products.length).toBe(100);
    expect(ds.people.length).toBe(250);
    expect(ds.erp.orders.length + ds.pos.receipts.length + ds.marketplace.orders.length).toBeLessThan(1_200);
    expect(ds.locations).toHaveLength(15);
  });
});

describe('tiny datasets over many seeds', () => {
  it('always cover every state, link every person and have a heavy buyer', () => {
    for (let seed = 1; seed <= 15; seed++) {
      const ds = generateDataset({ scale: 0.05, seed });
      const label = `seed ${seed}`;
      expect(new Set(ds.marketplace.orders.map((o) => o.orderStatus)).size, label).toBe(MARKETPLACE_STATES.length);
      expect(new Set(ds.pos.receipts.map((r) => r.state)).size, label).toBe(POS_STATES.length);
      expect(new Set(ds.returns.map((r) => r.status)).size, label).toBe(RETURN_STATES.length);
      expect(new Set(ds.carrier.shipments.map((s) => s.status)).size, label).toBe(TRACKING_STATES.length);
      const erpStates = new Set(
        ds.erp.orders.map((o) => `${o.processStatus}${o.deliveryStatus}${o.deliveryBlockReason}${o.rejectionStatus}`),
      );
      expect(erpStates.size, label).toBe(7);
      expect(unlinkablePeople(ds), label).toEqual([]);
      expect(sharedKeys(ds), label).toEqual([]);
      expect(findPersonWithMostOrders(ds).orderCount, label).toBeGreaterThanOrEqual(30);
    }
  });
});
