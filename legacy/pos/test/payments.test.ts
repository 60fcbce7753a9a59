import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PosReceipt } from '../../dataset/src/index.ts';
import { STORE_IDS, buildFixture } from './fixture.ts';
import { startPos, type Running } from './helpers.ts';

describe('POS simulator: payments and refunds listings', () => {
  const dataset = buildFixture();
  const receipts = dataset.pos.receipts;
  let pos: Running;
  beforeAll(async () => {
    pos = await startPos(dataset);
  });
  afterAll(() => pos.close());

  it('lists payments of the main location by default, newest first, paged', async () => {
    const seen: { id: string; location_id: string; created_at: string }[] = [];
    let cursor: string | undefined;
    do {
      const res = await pos.call('GET', `/v2/payments?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      seen.push(...res.json.payments);
      cursor = res.json.cursor;
    } while (cursor);
    const expected = receipts.filter((r) => r.locationId === STORE_IDS[0]).flatMap((r) => r.tenders);
    expect(seen.map((p) => p.id).sort()).toEqual(expected.map((t) => t.id).sort());
    expect(seen.every((p) => p.location_id === STORE_IDS[0])).toBe(true);
    expect([...seen.map((p) => p.created_at)].sort().reverse()).toEqual(seen.map((p) => p.created_at));
  });

  it('renders card, cash and refunded payments in Square fields and filters on them', async () => {
    const sale = receipts[5] as PosReceipt;
    const res = await pos.call('GET', `/v2/payments/${sale.tenders[0]?.id}`);
    expect(res.json.payment).toMatchObject({
      id: sale.tenders[0]?.id,
      order_id: sale.id,
      status: 'COMPLETED',
      source_type: 'CARD',
      card_details: { status: 'CAPTURED', card: { card_brand: 'VISA', last_4: '4321' } },
      refunded_money: { amount: 30750, currency: 'CNY' },
      refund_ids: [expect.any(String)],
    });
    const byCard = await pos.call('GET', `/v2/payments?location_id=${sale.locationId}&last_4=4321&card_brand=visa`);
    expect(byCard.json.payments.length).toBeGreaterThan(0);
    expect(byCard.json.payments.every((p: { card_details?: { card: { last_4: string } } }) => p.card_details?.card.last_4 === '4321')).toBe(
      true,
    );
    const cash = receipts.find((r) => r.tenders[0]?.type === 'CASH') as PosReceipt;
    const cashPayment = (await pos.call('GET', `/v2/payments/${cash.tenders[0]?.id}`)).json.payment;
    expect(cashPayment).toMatchObject({ source_type: 'CASH', cash_details: { buyer_supplied_money: { amount: 30750, currency: 'CNY' } } });
    expect((await pos.call('GET', '/v2/payments/NOPE')).status).toBe(404);
  });

  it('limits the default window to the year before the reference date', async () => {
    const old = await pos.call('GET', `/v2/payments?location_id=${STORE_IDS[0]}&end_time=2025-01-01T00:00:00Z`);
    expect(old.json).toEqual({});
    const bad = await pos.call('GET', '/v2/payments?begin_time=2026-10-01T00:00:00Z&end_time=2026-01-01T00:00:00Z');
    expect(bad.json.errors[0]).toMatchObject({ code: 'INVALID_TIME_RANGE', field: 'begin_time' });
    const badTime = await pos.call('GET', '/v2/payments?begin_time=last-week');
    expect(badTime.json.errors[0]).toMatchObject({ code: 'INVALID_TIME', field: 'begin_time' });
  });

  it('lists refunds across locations, with status and source filters', async () => {
    const all = await pos.call('GET', '/v2/refunds');
    expect(all.json.refunds).toHaveLength(2);
    const linked = all.json.refunds.find((r: { unlinked: boolean }) => !r.unlinked);
    expect(linked).toMatchObject({
      status: 'COMPLETED',
      destination_type: 'CARD',
      payment_id: receipts[5]?.tenders[0]?.id,
      amount_money: { amount: 30750, currency: 'CNY' },
    });
    const pending = await pos.call('GET', '/v2/refunds?status=PENDING');
    expect(pending.json.refunds).toEqual([expect.objectContaining({ unlinked: true, amount_money: { amount: 3000, currency: 'CNY' } })]);
    const card = await pos.call('GET', '/v2/refunds?source_type=CARD');
    expect(card.json.refunds).toHaveLength(1);
    const refund = await pos.call('GET', `/v2/refunds/${linked.id}`);
    expect(refund.json.refund.id).toBe(linked.id);
    expect((await pos.call('GET', '/v2/refunds/NOPE')).status).toBe(404);
  });
});
