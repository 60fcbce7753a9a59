import { beforeAll, describe, expect, it } from 'vitest';
import { findPersonWithMostOrders, getDataset, type Dataset } from '../src/index.ts';
import { countBy, email, phone } from './checks.ts';
import { describeInvariants } from './invariants.ts';

describeInvariants('scale 1', () => getDataset());

const near = (actual: number, target: number, tolerance = 0.1) => {
  expect(actual).toBeGreaterThanOrEqual(target * (1 - tolerance));
  expect(actual).toBeLessThanOrEqual(target * (1 + tolerance));
};

describe('default dataset (seed 42, scale 1)', () => {
  let ds: Dataset;
  beforeAll(() => {
    ds = getDataset();
  });

  it('has the counts the design asks for', () => {
    expect(ds.locations.filter((l) => l.kind === 'STORE')).toHaveLength(12);
    expect(ds.locations.filter((l) => l.kind === 'DC')).toHaveLength(2);
    expect(ds.locations.filter((l) => l.kind === 'SUPPLIER')).toHaveLength(1);
    near(ds.products.length, 2_000);
    near(ds.people.length, 5_000);
    const erp = ds.erp.orders.length;
    const pos = ds.pos.receipts.length;
    const mkt = ds.marketplace.orders.length;
    near(erp + pos + mkt, 20_000);
    near(erp / (erp + pos + mkt), 0.45);
    near(pos / (erp + pos + mkt), 0.4);
    near(mkt / (erp + pos + mkt), 0.15, 0.15);
    near(ds.products.filter((p) => p.dropShip).length / ds.products.length, 0.03, 0.2);
  });

  it('places locations in Shanghai with Square-style POS ids', () => {
    for (const l of ds.locations.filter((x) => x.kind !== 'SUPPLIER')) {
      expect(l.latitude).toBeGreaterThan(31.0);
      expect(l.latitude).toBeLessThan(31.4);
      expect(l.longitude).toBeGreaterThan(121.2);
      expect(l.longitude).toBeLessThan(121.7);
    }
    for (const s of ds.locations.filter((x) => x.kind === 'STORE')) expect(s.posLocationId).toMatch(/^L[A-Z0-9]{12}$/);
  });

  it('spells the same person differently across systems', () => {
    const person = new Map(ds.people.map((p) => [p.personId, p]));
    const erpOddEmail = ds.erp.customers.filter((c) => c.email !== person.get(c.personId)?.email);
    expect(erpOddEmail.length).toBeGreaterThan(100);
    expect(erpOddEmail.every((c) => email(c.email) === person.get(c.personId)?.email)).toBe(true);
    const styles = countBy(ds.erp.customers, (c) => c.phone.replace(/\d/g, '9'));
    expect(styles.size).toBeGreaterThanOrEqual(5);
    expect(ds.erp.customers.filter((c) => '+86' + phone(c.phone) !== person.get(c.personId)?.phone)).toEqual([]);
    const swapped = ds.pos.customers.filter((c) => c.givenName === person.get(c.personId)?.lastName);
    expect(swapped.length).toBeGreaterThan(100);
    const typos = ds.pos.customers.filter((c) => {
      const p = person.get(c.personId);
      const names = new Set([p?.firstName, p?.lastName]);
      return !names.has(c.givenName) || !names.has(c.familyName);
    });
    expect(typos.length).toBeGreaterThan(50);
  });

  it('keeps ~35% of receipts anonymous and ~70% of marketplace emails real', () => {
    near(ds.pos.receipts.filter((r) => !r.customerId).length / ds.pos.receipts.length, 0.35, 0.1);
    const person = new Map(ds.people.map((p) => [p.personId, p]));
    const real = ds.marketplace.orders.filter((o) => email(o.buyerEmail) === person.get(o.personId)?.email);
    near(real.length / ds.marketplace.orders.length, 0.7, 0.1);
  });

  it('uses the documented id formats', () => {
    const badPeople = ds.people.filter(
      (p) => !/^\+861[3-9]\d{9}$/.test(p.phone) || !/@example\.(com|cn|net)$/.test(p.email) || !/^20[01]\d{3}$/.test(p.address.postcode),
    );
    expect(badPeople).toEqual([]);
    const badCustomers = ds.erp.customers.filter(
      (c) => !/^00100\d{5}$/.test(c.businessPartner) || c.cards.some((k) => k.kind === 'MEMBER' && !/^8800\d{12}$/.test(k.number)),
    );
    expect(badCustomers).toEqual([]);
    expect(ds.pos.receipts.filter((r) => !/^ST\d{3}-\d{8}-\d{4}$/.test(r.receiptNumber))).toEqual([]);
    expect(ds.marketplace.orders.filter((o) => !/^\d{3}-\d{7}-\d{7}$/.test(o.amazonOrderId))).toEqual([]);
    expect(new Set(ds.pos.receipts.map((r) => r.receiptNumber)).size).toBe(ds.pos.receipts.length);
  });

  it('never dates an order before its customer signed up', () => {
    const signup = new Map(ds.erp.customers.map((c) => [c.businessPartner, c.createdAt]));
    expect(ds.erp.orders.filter((o) => o.createdAt < (signup.get(o.soldToParty) ?? '9'))).toEqual([]);
  });
});

describe('docs/dataset.md', () => {
  it('quotes the current seed-42 example values', async () => {
    const { readFile } = await import('node:fs/promises');
    const doc = await readFile(new URL('../../../docs/dataset.md', import.meta.url), 'utf8');
    const ds = getDataset();
    const top = findPersonWithMostOrders(ds);
    expect(doc).toContain(top.person.phone);
    expect(doc).toContain(top.person.email);
    const ping = ds.people.find((p) => p.email === 'ping.li@example.com');
    const pos = ds.pos.customers.find((c) => c.personId === ping?.personId);
    expect(pos?.id && doc.includes(pos.id)).toBe(true);
  });
});
