import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decimalToFen } from '../../../legacy/dataset/src/index.ts';
import { ctx, dataset, startHarness, type Harness } from './helpers.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const giftCards = dataset.erp.customers.flatMap((c) => c.cards.filter((k) => k.kind === 'GIFT'));

describe('gift card balances (RetrieveGiftCardFromGAN)', () => {
  it('reads each card’s balance, aligned to the numbers asked, null for unknown cards', async () => {
    expect(giftCards.length).toBeGreaterThan(1);
    const [a, b] = giftCards;
    h.reset();
    const result = await h.adapter().giftCardBalances(ctx(), [a!.number, '9900000000000000', b!.number, a!.number]);
    expect(result[1]).toBeNull();
    expect(result[0]).toEqual({ number: a!.number, state: 'ACTIVE', balance: { amount: a!.balance, currency: 'CNY' } });
    expect(decimalToFen(result[2]!.balance.amount)).toBe(decimalToFen(b!.balance!));
    expect(result[3]).toEqual(result[0]);
    // One call per distinct card: Square has no batch read.
    expect(h.calls('POST /v2/gift-cards/from-gan')).toBe(3);
    expect(h.bodies.map((x) => x.body)).toContainEqual({ gan: a!.number });
  });

  it('the card is also readable by its Square id', async () => {
    const res = await fetch(`${h.url}/v2/gift-cards/from-gan`, {
      method: 'POST',
      headers: { authorization: 'Bearer EAAAl-retail360-pos-demo-access-token', 'content-type': 'application/json' },
      body: JSON.stringify({ gan: giftCards[0]!.number }),
    });
    const { gift_card } = (await res.json()) as { gift_card: { id: string; gan: string } };
    expect(gift_card.id).toMatch(/^gftc:[0-9a-f]{32}$/);
    const byId = await fetch(`${h.url}/v2/gift-cards/${encodeURIComponent(gift_card.id)}`, {
      headers: { authorization: 'Bearer EAAAl-retail360-pos-demo-access-token' },
    });
    expect(((await byId.json()) as { gift_card: { gan: string } }).gift_card.gan).toBe(giftCards[0]!.number);
  });

  it('a POS outage is an AdapterError naming the POS', async () => {
    h.reset();
    await h.faults({ errorRate: 1, errorStatus: 503 });
    await expect(h.adapter({ resilience: { maxAttempts: 1 } }).giftCardBalances(ctx(), [giftCards[0]!.number])).rejects.toMatchObject({
      system: 'POS',
      code: 'UPSTREAM_UNAVAILABLE',
    });
    h.reset();
  });
});
