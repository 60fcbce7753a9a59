import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueStoreCredit, loadGiftCard, recordTillPayment, refundPayment, saleTenders } from '../src/index.ts';
import { ctx, dataset, startHarness, type Harness } from './helpers.ts';

/** The till's money writes (returns and exchanges) against the POS simulator: each happens once per key. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const sale = dataset.pos.receipts.find((r) => r.state === 'COMPLETED' && r.tenders.some((t) => t.type === 'CARD') && r.totalMoney > 200)!;
const posLocationId = dataset.locations.find((l) => l.kind === 'STORE' && l.posLocationId)!.posLocationId!;
const cny = (amount: string) => ({ amount, currency: 'CNY' });

describe('POS refunds', () => {
  it('refunds a sale tender once per idempotency key, and refuses more than was paid', async () => {
    const pos = h.adapter();
    const [tender] = (await saleTenders(pos, ctx(), sale.id))!.filter((t) => t.method === 'CARD');
    expect(tender).toBeDefined();
    const request = { paymentId: tender!.paymentId, amount: cny('1.00'), reason: 'Return R1', idempotencyKey: 'r360-test-t0' };
    const first = await refundPayment(pos, ctx(), request);
    const again = await refundPayment(pos, ctx(), request);
    expect(first).toMatchObject({ kind: 'refunded', refund: { status: 'COMPLETED', amount: cny('1.00'), paymentId: tender!.paymentId } });
    expect(again).toEqual(first);
    const reused = await refundPayment(pos, ctx(), { ...request, amount: cny('2.00') });
    expect(reused).toMatchObject({ kind: 'refused', code: 'IDEMPOTENCY_KEY_REUSED' });
    const tooMuch = await refundPayment(pos, ctx(), { ...request, amount: { ...tender!.amount }, idempotencyKey: 'r360-test-t1' });
    expect(tooMuch).toMatchObject({ kind: 'refused', code: 'REFUND_AMOUNT_INVALID' });
  });

  it('is null for an order the POS does not know', async () => {
    expect(await saleTenders(h.adapter(), ctx(), 'NO-SUCH-ORDER')).toBeNull();
  });
});

describe('store credit and gift cards', () => {
  it('issues store credit as a new activated gift card, once per key; loads onto it; refuses an unknown card', async () => {
    const pos = h.adapter();
    const request = { posLocationId, amount: cny('129.00'), reference: 'RET-1', idempotencyKey: 'r360-test-sc' };
    const credit = await issueStoreCredit(pos, ctx(), request);
    expect(credit.balance).toEqual(cny('129.00'));
    expect(await issueStoreCredit(pos, ctx(), request)).toEqual(credit);
    const [balance] = await pos.giftCardBalances(ctx(), [credit.giftCardNumber]);
    expect(balance).toMatchObject({ state: 'ACTIVE', balance: cny('129.00') });

    const load = {
      giftCardNumber: credit.giftCardNumber,
      posLocationId,
      amount: cny('10.50'),
      reference: 'RET-2',
      idempotencyKey: 'r360-test-gc',
    };
    expect(await loadGiftCard(pos, ctx(), load)).toMatchObject({ balance: cny('139.50') });
    expect(await loadGiftCard(pos, ctx(), load)).toMatchObject({ balance: cny('139.50') });
    const unknown = await loadGiftCard(pos, ctx(), { ...load, giftCardNumber: '0000000000000000', idempotencyKey: 'r360-test-gc2' });
    expect(unknown).toMatchObject({ kind: 'refused', code: 'NOT_FOUND' });
  });

  it('records a till payment once per key', async () => {
    const pos = h.adapter();
    const request = {
      posLocationId,
      amount: cny('40.00'),
      reference: 'XCH-ORDER',
      note: 'exchange difference',
      idempotencyKey: 'r360-test-xc',
    };
    const paid = await recordTillPayment(pos, ctx(), request);
    expect(paid.amount).toEqual(cny('40.00'));
    expect(await recordTillPayment(pos, ctx(), request)).toEqual(paid);
  });
});
