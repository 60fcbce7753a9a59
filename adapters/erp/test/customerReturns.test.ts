import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEI } from '../../../legacy/erp/test/fixtures.ts';
import { ErpCustomerReturns, type CustomerReturnCreateRequest } from '../src/index.ts';
import { harness, type Harness } from './helpers.ts';

/** Customer returns and credit memos against the ERP simulator: workflow and exactly-once posting. */
let h: Harness;
let returns: ErpCustomerReturns;
beforeAll(async () => {
  h = await harness();
  returns = new ErpCustomerReturns(h.adapter);
});
afterAll(async () => {
  await h.close();
});

const request = (reference: string): CustomerReturnCreateRequest => ({
  reference,
  status: 'APPROVED',
  originSystem: 'ERP',
  originalOrderId: '1000000001',
  channel: 'STORE',
  storeCode: 'ST001',
  customerExternalId: WEI,
  lines: [{ sku: 'SKU-000001', quantity: 1, amount: { amount: '129.00', currency: 'CNY' }, reason: 'Wrong size' }],
});

describe('ERP customer returns', () => {
  it('creates a return once per reference and reads it back by customer and original order', async () => {
    const created = await returns.create(h.ctx, request('RMA-T1'));
    expect(created).toMatchObject({
      kind: 'done',
      replayed: false,
      value: { status: 'APPROVED', storeCode: 'ST001', total: { amount: '129.00' } },
    });
    const again = await returns.create(h.ctx, request('RMA-T1'));
    expect(again).toMatchObject({ kind: 'done', replayed: true });
    if (created.kind !== 'done' || again.kind !== 'done') return;
    expect(again.value.id).toBe(created.value.id);
    const [mine] = await returns.forCustomers(h.ctx, [WEI]);
    expect(mine!.filter((r) => r.reference === 'RMA-T1')).toHaveLength(1);
    const [byOrder] = await returns.forOriginalOrders(h.ctx, ['1000000001']);
    expect(byOrder!.map((r) => r.id)).toContain(created.value.id);
  });

  it('follows the workflow and posts one credit memo per return', async () => {
    const created = await returns.create(h.ctx, request('RMA-T2'));
    if (created.kind !== 'done') throw new Error('not created');
    const id = created.value.id;
    const memo = { amount: { amount: '129.00', currency: 'CNY' }, tender: 'STORE_CREDIT' as const, reference: `CM-${id}` };
    expect(await returns.postCreditMemo(h.ctx, id, memo)).toMatchObject({ kind: 'refused' });
    expect(await returns.setDisposition(h.ctx, id, '10', 'RESTOCK', 'ST001')).toMatchObject({ kind: 'done' });
    expect(await returns.setStatus(h.ctx, id, 'RECEIVED')).toMatchObject({ kind: 'done' });
    expect(await returns.setStatus(h.ctx, id, 'REJECTED')).toMatchObject({ kind: 'refused' });
    const posted = await returns.postCreditMemo(h.ctx, id, memo);
    expect(posted).toMatchObject({ kind: 'done', replayed: false, value: { tender: 'STORE_CREDIT', amount: { amount: '129.00' } } });
    const repeated = await returns.postCreditMemo(h.ctx, id, memo);
    expect(repeated).toMatchObject({ kind: 'done', replayed: true });
    if (posted.kind === 'done' && repeated.kind === 'done') expect(repeated.value.id).toBe(posted.value.id);
    const [read] = await returns.get(h.ctx, [id]);
    expect(read).toMatchObject({
      status: 'REFUNDED',
      refundTender: 'STORE_CREDIT',
      lines: [{ disposition: 'RESTOCK', locationCode: 'ST001' }],
    });
  });
});
