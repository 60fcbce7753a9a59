import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../dataset/src/index.ts';
import { startPos, type Running } from './helpers.ts';

describe('POS simulator over the seeded dataset (scale 0.05)', () => {
  const dataset = getDataset({ scale: 0.05 });
  const stores = dataset.locations.filter((l) => l.kind === 'STORE' && l.posLocationId);
  let pos: Running;
  beforeAll(async () => {
    pos = await startPos(dataset);
  });
  afterAll(() => pos.close());

  it('serves every store, customer and receipt of the dataset without touching it', async () => {
    const before = JSON.stringify(dataset.pos);
    const locations = (await pos.call('GET', '/v2/locations')).json.locations;
    expect(locations.map((l: { id: string }) => l.id)).toEqual(stores.map((s) => s.posLocationId));
    let customers = 0;
    let cursor: string | undefined;
    do {
      const res = await pos.call('GET', `/v2/customers${cursor ? `?cursor=${cursor}` : ''}`);
      customers += res.json.customers?.length ?? 0;
      cursor = res.json.cursor;
    } while (cursor);
    expect(customers).toBe(dataset.pos.customers.length);
    const ids = dataset.pos.receipts.map((r) => r.id);
    let found = 0;
    for (let i = 0; i < ids.length; i += 100) {
      const res = await pos.call('POST', '/v2/orders/batch-retrieve', { order_ids: ids.slice(i, i + 100) });
      found += res.json.orders.length;
    }
    expect(found).toBe(ids.length);
    expect(JSON.stringify(dataset.pos)).toBe(before);
  });

  it('finds every POS customer by its phone national digits, email and card', async () => {
    const sample = dataset.pos.customers.filter((c) => c.phoneNumber && c.emailAddress).slice(0, 15);
    for (const c of sample) {
      const national = (c.phoneNumber as string).replace(/\D/g, '').slice(-11);
      const byPhone = await pos.call('POST', '/v2/customers/search', { query: { filter: { phone_number: { fuzzy: national } } } });
      expect(byPhone.json.customers.map((x: { id: string }) => x.id)).toContain(c.id);
      const byEmail = await pos.call('POST', '/v2/customers/search', {
        query: { filter: { email_address: { exact: (c.emailAddress as string).trim().toUpperCase() } } },
      });
      expect(byEmail.json.customers.map((x: { id: string }) => x.id)).toContain(c.id);
    }
    const carded = dataset.pos.customers.find((c) => c.referenceId);
    const byCard = await pos.call('POST', '/v2/customers/search', { query: { filter: { reference_id: { exact: carded?.referenceId } } } });
    expect(byCard.json.customers[0].id).toBe(carded?.id);
  });

  it('keeps every order total equal to its lines and tenders', async () => {
    const res = await pos.call('POST', '/v2/orders/search', {
      location_ids: stores.slice(0, 10).map((s) => s.posLocationId),
      limit: 1000,
      query: { filter: { state_filter: { states: ['COMPLETED'] } } },
    });
    for (const order of res.json.orders as {
      line_items?: { total_money: { amount: number } }[];
      tenders?: { amount_money: { amount: number } }[];
      total_money: { amount: number };
    }[]) {
      if (!order.line_items) continue;
      expect(order.line_items.reduce((s, l) => s + l.total_money.amount, 0)).toBe(order.total_money.amount);
      expect((order.tenders ?? []).reduce((s, t) => s + t.amount_money.amount, 0)).toBe(order.total_money.amount);
    }
  });
});
