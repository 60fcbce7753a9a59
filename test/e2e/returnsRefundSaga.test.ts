/**
 * The refund saga against the ERP, POS and WMS simulators: the ERP posting fails after the till
 * refunded, and the retry (whatever its key) completes the posting without a second refund.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCallContext } from '../../adapters/core/src/index.ts';
import { ErpAdapter, type CustomerReturnRecord } from '../../adapters/erp/src/index.ts';
import { PosAdapter } from '../../adapters/pos/src/index.ts';
import { WmsAdapter } from '../../adapters/wms/src/index.ts';
import { getDataset } from '../../legacy/dataset/src/index.ts';
import { ERP_DEFAULT_CREDENTIALS, createErpSimulator } from '../../legacy/erp/src/index.ts';
import type { Simulator } from '../../legacy/kit/src/index.ts';
import { POS_DEFAULT_CREDENTIALS, createPosSimulator } from '../../legacy/pos/src/index.ts';
import { WMS_DEFAULT_CREDENTIALS, createWmsSimulator } from '../../legacy/wms/src/index.ts';
import type { Systems } from '../../subgraphs/runtime/src/index.ts';
import { createReturnsServices, type ReturnsServices } from '../../subgraphs/returns/src/context.ts';
import { refundReturn } from '../../subgraphs/returns/src/domain/refund.ts';

const dataset = getDataset({ scale: 0.05 });
const sale = dataset.pos.receipts.find((r) => r.state === 'COMPLETED' && r.tenders.length === 1 && r.tenders[0]!.type === 'CARD')!;
const call = createCallContext({ requestId: 'refund-saga-test' });
const FAST = { initialBackoffMs: 1, maxBackoffMs: 5, maxAttempts: 2 } as const;

let sims: Simulator[];
let posUrl: string;
let systems: Systems;
let services: ReturnsServices;

beforeAll(async () => {
  sims = [createErpSimulator({ dataset }), createPosSimulator({ dataset }), createWmsSimulator({ dataset })];
  const [erpUrl, pos, wmsUrl] = await Promise.all(sims.map((s) => s.listen(0, '127.0.0.1')));
  posUrl = pos!;
  systems = {
    erp: new ErpAdapter({ baseUrl: erpUrl!, ...ERP_DEFAULT_CREDENTIALS, resilience: FAST }),
    pos: new PosAdapter({ baseUrl: posUrl, accessToken: POS_DEFAULT_CREDENTIALS.accessToken, resilience: FAST }),
    wms: new WmsAdapter({ baseUrl: wmsUrl!, ...WMS_DEFAULT_CREDENTIALS, resilience: FAST }),
  } as Systems;
  services = createReturnsServices({ systems, store: new Map() });
});
afterAll(async () => {
  await Promise.all(sims.map((s) => s.close()));
});

async function payment(): Promise<{ refunded: number; refunds: number }> {
  const res = await fetch(`${posUrl}/v2/payments/${sale.tenders[0]!.id}`, {
    headers: { authorization: `Bearer ${POS_DEFAULT_CREDENTIALS.accessToken}` },
  });
  const body = (await res.json()) as { payment: { refunded_money?: { amount: number }; refund_ids?: string[] } };
  return { refunded: body.payment.refunded_money?.amount ?? 0, refunds: body.payment.refund_ids?.length ?? 0 };
}

async function receivedReturn(reference: string): Promise<CustomerReturnRecord> {
  const created = await services.returns.create(call, {
    reference,
    status: 'APPROVED',
    originSystem: 'POS',
    originalOrderId: sale.id,
    channel: 'STORE',
    storeCode: sale.storeCode,
    lines: [{ sku: sale.lineItems[0]!.sku, quantity: 1, amount: { amount: '1.00', currency: 'CNY' }, reason: 'Faulty' }],
  });
  if (created.kind !== 'done') throw new Error(created.message);
  await services.returns.setStatus(call, created.value.id, 'RECEIVED');
  return (await services.returns.get(call, [created.value.id]))[0]!;
}

describe('refund saga', () => {
  it('a posting that fails after the till refunded is completed by the retry, refunding once', async () => {
    const record = await receivedReturn('RMA-SAGA-1');
    const before = await payment();
    let failures = 0;
    const flakyReturns = Object.create(services.returns) as ReturnsServices['returns'];
    flakyReturns.postCreditMemo = async () => {
      failures++;
      throw new Error('ERP went away after the money moved');
    };
    const flaky = { systems, call, services: { ...services, returns: flakyReturns } };
    await expect(refundReturn(flaky, record, { tender: 'ORIGINAL' })).rejects.toThrow(/went away/);
    expect(failures).toBe(1);
    expect(await payment()).toEqual({ refunded: before.refunded + 100, refunds: before.refunds + 1 });
    expect((await services.returns.get(call, [record.id]))[0]!.status).toBe('RECEIVED');

    const retried = await refundReturn({ systems, call, services }, record, { tender: 'ORIGINAL' });
    expect(retried).toMatchObject({ kind: 'refunded', method: 'POS_REFUND', record: { status: 'REFUNDED' } });
    expect(await payment()).toEqual({ refunded: before.refunded + 100, refunds: before.refunds + 1 });
    if (retried.kind === 'refunded') expect(retried.record.creditMemo?.refundReference).toMatch(/^\S+$/);

    const third = await refundReturn({ systems, call, services }, retried.record, { tender: 'ORIGINAL' });
    expect(third).toMatchObject({ kind: 'notRefundable' });
    expect(await payment()).toEqual({ refunded: before.refunded + 100, refunds: before.refunds + 1 });
  });

  it('refuses a return that was not received', async () => {
    const created = await services.returns.create(call, {
      reference: 'RMA-SAGA-2',
      status: 'REQUESTED',
      originSystem: 'POS',
      originalOrderId: sale.id,
      channel: 'POST',
      lines: [{ sku: sale.lineItems[0]!.sku, quantity: 1, amount: { amount: '1.00', currency: 'CNY' }, reason: '' }],
    });
    if (created.kind !== 'done') throw new Error(created.message);
    const outcome = await refundReturn({ systems, call, services }, created.value, { tender: 'ORIGINAL' });
    expect(outcome).toMatchObject({ kind: 'notRefundable', message: expect.stringContaining('REQUESTED') });
  });
});
