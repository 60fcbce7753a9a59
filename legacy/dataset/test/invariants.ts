/** Invariants that hold at every scale; registered by the scale-specific test files. */
import { beforeAll, describe, expect, it } from 'vitest';
import { findPersonWithMostOrders, isValidEan13, type Dataset } from '../src/index.ts';
import {
  ERP_STATES,
  MARKETPLACE_STATES,
  POS_STATES,
  RETURN_STATES,
  TRACKING_STATES,
  countBy,
  sharedKeys,
  systemsPerPerson,
  unlinkablePeople,
} from './checks.ts';

const fen = (d: string) => Math.round(Number(d) * 100);

export function describeInvariants(label: string, make: () => Dataset): void {
  describe(`dataset invariants (${label})`, () => {
    let ds: Dataset;
    beforeAll(() => {
      ds = make();
    });

    it('at least a third of the people are in two or more systems', () => {
      const multi = [...systemsPerPerson(ds).values()].filter((s) => s.size >= 2).length;
      expect(multi / ds.people.length).toBeGreaterThanOrEqual(1 / 3);
    });

    it('links every multi-system person by a shared email, phone or card, and never two people', () => {
      expect(unlinkablePeople(ds)).toEqual([]);
      expect(sharedKeys(ds)).toEqual([]);
    });

    it('has POS customers linkable only by their member card', () => {
      const cards = new Set(ds.erp.customers.flatMap((c) => c.cards.map((k) => k.number)));
      const cardOnly = ds.pos.customers.filter((c) => !c.emailAddress && !c.phoneNumber && c.referenceId && cards.has(c.referenceId));
      expect(cardOnly.length).toBeGreaterThanOrEqual(3);
    });

    it('has different people sharing the exact same name', () => {
      const byName = countBy(ds.people, (p) => `${p.firstName} ${p.lastName}`);
      const pairs = [...byName.values()].reduce((n, c) => n + (c * (c - 1)) / 2, 0);
      expect(pairs).toBeGreaterThanOrEqual(ds.scale >= 1 ? 50 : 3);
      expect(new Set(ds.people.map((p) => p.email)).size).toBe(ds.people.length);
      expect(new Set(ds.people.map((p) => p.phone)).size).toBe(ds.people.length);
    });

    it('produces every status of every system', () => {
      for (const [field, values] of Object.entries(ERP_STATES)) {
        const seen = new Set(ds.erp.orders.map((o) => o[field as keyof typeof ERP_STATES]));
        expect([...seen].sort(), field).toEqual([...values].sort());
      }
      expect(new Set(ds.pos.receipts.map((r) => r.state))).toEqual(new Set(POS_STATES));
      expect(new Set(ds.marketplace.orders.map((o) => o.orderStatus))).toEqual(new Set(MARKETPLACE_STATES));
      expect(new Set(ds.returns.map((r) => r.status))).toEqual(new Set(RETURN_STATES));
      const tracking = countBy(ds.carrier.shipments, (s) => s.status);
      for (const status of TRACKING_STATES) expect(tracking.get(status) ?? 0, status).toBeGreaterThanOrEqual(3);
    });

    // Loops collect offenders and assert once: thousands of expect() calls are slow.
    it('keeps totals equal to the sum of the lines', () => {
      const bad: string[] = [];
      for (const o of ds.erp.orders) {
        if (o.items.some((it) => fen(it.netAmount) !== fen(it.netPrice) * it.quantity)) bad.push(o.salesOrder);
        if (fen(o.totalNetAmount) !== o.items.reduce((s, it) => s + fen(it.netAmount), 0)) bad.push(o.salesOrder);
      }
      for (const r of ds.pos.receipts) {
        if (r.lineItems.some((li) => li.totalMoney !== li.basePriceMoney * li.quantity)) bad.push(r.id);
        if (r.totalMoney !== r.lineItems.reduce((s, li) => s + li.totalMoney, 0)) bad.push(r.id);
        if (r.state === 'COMPLETED' && r.tenders.reduce((s, t) => s + t.amountMoney, 0) !== r.totalMoney) bad.push(r.id);
      }
      for (const o of ds.marketplace.orders) {
        if (fen(o.orderTotal) !== o.items.reduce((s, it) => s + fen(it.itemPrice), 0)) bad.push(o.amazonOrderId);
      }
      expect(bad).toEqual([]);
    });

    it('prices lines from the catalogue (store prices at the till)', () => {
      const bySku = new Map(ds.products.map((p) => [p.sku, p]));
      const bad: string[] = [];
      for (const o of ds.erp.orders) {
        if (o.items.some((it) => it.netPrice !== bySku.get(it.material)?.price)) bad.push(o.salesOrder);
      }
      for (const r of ds.pos.receipts) {
        for (const li of r.lineItems) {
          const p = bySku.get(li.sku);
          if (!p || p.dropShip || li.basePriceMoney !== fen(p.storePrices[r.storeCode] ?? p.price)) bad.push(r.id);
        }
      }
      expect(bad).toEqual([]);
      expect(ds.pos.receipts.some((r) => r.lineItems.some((li) => bySku.get(li.sku)?.storePrices[r.storeCode]))).toBe(true);
    });

    it('gives products valid EAN-13 barcodes, SKUs and ASINs', () => {
      const bad = ds.products.filter(
        (p) => !isValidEan13(p.barcode) || !/^SKU-\d{6}$/.test(p.sku) || !/^B0[A-Z0-9]{8}$/.test(p.asin) || !/^\d+\.\d{2}$/.test(p.price),
      );
      expect(bad).toEqual([]);
      expect(new Set(ds.products.map((p) => p.barcode)).size).toBe(ds.products.length);
    });

    it('tells each parcel oldest event first, ending in its status', () => {
      const ref = Date.parse(ds.referenceDate);
      const open = new Set(['PRE_TRANSIT', 'IN_TRANSIT', 'OUT_FOR_DELIVERY', 'FAILURE']);
      const bad = ds.carrier.shipments.filter((s) => {
        const times = s.events.map((e) => Date.parse(e.at));
        return (
          !/^1Z[A-Z0-9]{16}$/.test(s.trackingNumber) ||
          s.events.at(-1)?.status !== s.status ||
          times.some((t, i) => t > ref || (i > 0 && t < (times[i - 1] ?? 0))) ||
          (s.estimatedDelivery !== undefined) !== open.has(s.status)
        );
      });
      expect(bad).toEqual([]);
      expect(new Set(ds.carrier.shipments.map((s) => s.trackingNumber)).size).toBe(ds.carrier.shipments.length);
    });

    it('returns reference lines of the original order', () => {
      const skus = new Map<string, Set<string>>();
      for (const o of ds.erp.orders) skus.set(`ERP/${o.salesOrder}`, new Set(o.items.map((i) => i.material)));
      for (const r of ds.pos.receipts) skus.set(`POS/${r.id}`, new Set(r.lineItems.map((l) => l.sku)));
      for (const o of ds.marketplace.orders) skus.set(`MARKETPLACE/${o.amazonOrderId}`, new Set(o.items.map((i) => i.sellerSku)));
      const bad = ds.returns.filter((r) => {
        const original = skus.get(`${r.originalOrderSystem}/${r.originalOrderId}`);
        return !original || r.lines.some((l) => !original.has(l.sku)) || (r.status === 'REFUNDED') !== (r.refundTender !== undefined);
      });
      expect(bad).toEqual([]);
    });

    it('holds stock for every location and product, drop-ship only at the supplier', () => {
      const ref = ds.referenceDate.slice(0, 10);
      const dropShip = ds.products.filter((p) => p.dropShip).length;
      const stocking = ds.locations.filter((l) => l.kind !== 'SUPPLIER').length;
      expect(ds.wms.stock.length).toBe(stocking * (ds.products.length - dropShip) + dropShip);
      const bad = ds.wms.stock.filter((s) => s.reserved + s.allocated > s.onHand || s.inbound.some((i) => i.eta <= ref));
      expect(bad).toEqual([]);
      expect(ds.wms.stock.some((s) => s.onHand === 0)).toBe(true);
      expect(ds.wms.stock.some((s) => s.inbound.length > 0)).toBe(true);
    });

    it('has a person with 30+ orders across ERP, POS and marketplace', () => {
      const top = findPersonWithMostOrders(ds);
      expect(top.orderCount).toBeGreaterThanOrEqual(30);
      expect(top.erpOrders.length).toBeGreaterThan(0);
      expect(top.posReceipts.length).toBeGreaterThan(0);
      expect(top.marketplaceOrders.length).toBeGreaterThan(0);
    });

    it('dates every record on or before the reference date', () => {
      const ref = ds.referenceDate;
      const dates = [
        ...ds.erp.orders.flatMap((o) => [o.createdAt, o.changedAt]),
        ...ds.pos.receipts.flatMap((r) => [r.createdAt, r.updatedAt, r.closedAt ?? r.createdAt]),
        ...ds.marketplace.orders.flatMap((o) => [o.purchaseDate, o.lastUpdateDate]),
        ...ds.erp.customers.flatMap((c) => [c.createdAt, c.changedAt]),
        ...ds.returns.map((r) => r.createdAt),
      ];
      expect(dates.filter((d) => d > ref)).toEqual([]);
    });
  });
}
