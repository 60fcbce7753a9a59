import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICE_PATH, createWmsSimulator } from '../src/index.ts';
import { wmsFixture } from './fixture.ts';
import { call, faultOf, listOf, type Started } from './helpers.ts';

type Node = Record<string, unknown>;
const clock = { now: Date.parse('2026-11-01T00:00:00.000Z') };
let s: Started;
beforeAll(async () => {
  const sim = createWmsSimulator({ dataset: wmsFixture(), clock: () => clock.now });
  const url = await sim.listen(0, '127.0.0.1');
  s = { sim, url, endpoint: `${url}${SERVICE_PATH}` };
});
afterAll(async () => {
  await s.sim.close();
});

const position = async (sku: string, code: string): Promise<Node> => {
  const reply = await call(s, 'GetStockPositions', { Skus: { Sku: [sku] }, LocationCodes: { LocationCode: [code] } });
  const body = reply.body.GetStockPositionsResponse as Node;
  return listOf<Node>((body.StockPositions as Node).StockPosition)[0]!;
};
const create = (content: Node) =>
  call(s, 'CreateReservation', content).then((r) => ({ status: r.status, body: r.body.CreateReservationResponse as Node, reply: r }));

describe('CreateReservation', () => {
  it('holds what is available (on hand − reserved − allocated − safety) and refuses more as an answer', async () => {
    // ST001 SKU-000001: 12 − 2 − 1 − 3 = 6 holdable
    const ok = await create({ Sku: 'SKU-000001', LocationCode: 'ST001', Quantity: 6, TtlMinutes: 30, Channel: 'AMAZON' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ Result: 'HELD', Reservation: { Quantity: '6', Status: 'HELD', Channel: 'AMAZON' } });
    expect(Date.parse((ok.body.Reservation as Node).ExpiresAt as string) - clock.now).toBe(30 * 60_000);
    const more = await create({ Sku: 'SKU-000001', LocationCode: 'ST001', Quantity: 1, TtlMinutes: 30 });
    expect(more.body).toMatchObject({ Result: 'INSUFFICIENT_STOCK', Available: '0', Requested: '1' });
    expect(more.body.Reservation).toBeUndefined();
    expect(await position('SKU-000001', 'ST001')).toMatchObject({
      Reserved: '8',
      ChannelReservations: { ChannelReservation: { Channel: 'AMAZON', Quantity: '6' } },
    });
  });

  it('answers a repeated IdempotencyKey with the first hold, and faults on the key reused for another request', async () => {
    const req = { Sku: 'SKU-000001', LocationCode: 'DC01', Quantity: 2, TtlMinutes: 5, IdempotencyKey: 'k-1' };
    const a = await create(req);
    const b = await create(req);
    expect(a.body.Result).toBe('HELD');
    expect(b.body.Result).toBe('DUPLICATE');
    expect((b.body.Reservation as Node).ReservationId).toBe((a.body.Reservation as Node).ReservationId);
    expect((await position('SKU-000001', 'DC01')).Reserved).toBe('2');
    const reused = await create({ ...req, Quantity: 3 });
    expect(faultOf(reused.reply).detail.WarehouseFault.ErrorCode).toBe('WMS-3003');
  });

  it('lets holds expire by TTL: EXPIRED, no longer reserved', async () => {
    const held = await create({ Sku: 'SKU-DROP-1', LocationCode: 'SUP01', Quantity: 100, TtlMinutes: 1 });
    expect((await position('SKU-DROP-1', 'SUP01')).Reserved).toBe('100');
    clock.now += 61_000;
    expect((await position('SKU-DROP-1', 'SUP01')).Reserved).toBe('0');
    const holds = await call(s, 'GetReservations', { Skus: { Sku: ['SKU-DROP-1'] } });
    const list = listOf<Node>(((holds.body.GetReservationsResponse as Node).Reservations as Node).Reservation);
    expect(list.find((r) => r.ReservationId === (held.body.Reservation as Node).ReservationId)).toMatchObject({ Status: 'EXPIRED' });
  });

  it('validates the request and the location', async () => {
    const zero = await create({ Sku: 'SKU-000001', LocationCode: 'ST001', Quantity: 0, TtlMinutes: 5 });
    expect(faultOf(zero.reply).detail.WarehouseFault).toMatchObject({ ErrorCode: 'WMS-3000', Field: 'Quantity' });
    const longTtl = await create({ Sku: 'SKU-000001', LocationCode: 'ST001', Quantity: 1, TtlMinutes: 20_000 });
    expect(faultOf(longTtl.reply).detail.WarehouseFault.ErrorCode).toBe('WMS-3000');
    const nowhere = await create({ Sku: 'SKU-000001', LocationCode: 'ST999', Quantity: 1, TtlMinutes: 5 });
    expect(faultOf(nowhere.reply).detail.WarehouseFault.ErrorCode).toBe('WMS-2001');
  });
});

describe('ReleaseReservation and ConsumeReservation', () => {
  it('release gives units back and is repeatable; consume takes them off on hand; unknown ids fault', async () => {
    const a = await create({ Sku: 'SKU-000001', LocationCode: 'DC01', Quantity: 4, TtlMinutes: 60 });
    const id = (a.body.Reservation as Node).ReservationId as string;
    const released = await call(s, 'ReleaseReservation', { ReservationId: id });
    expect((released.body.ReleaseReservationResponse as Node).Reservation).toMatchObject({
      Status: 'RELEASED',
      ClosedAt: expect.any(String),
    });
    expect((await call(s, 'ReleaseReservation', { ReservationId: id })).status).toBe(200);
    const consumeReleased = await call(s, 'ConsumeReservation', { ReservationId: id, SaleReference: 'ST001-1' });
    expect(faultOf(consumeReleased).detail.WarehouseFault.ErrorCode).toBe('WMS-4002');

    const before = await position('SKU-000001', 'DC01');
    const b = await create({ Sku: 'SKU-000001', LocationCode: 'DC01', Quantity: 3, TtlMinutes: 60 });
    const bid = (b.body.Reservation as Node).ReservationId as string;
    const consumed = await call(s, 'ConsumeReservation', { ReservationId: bid, SaleReference: 'ST001-20261101-0001' });
    expect((consumed.body.ConsumeReservationResponse as Node).Reservation).toMatchObject({
      Status: 'CONSUMED',
      ConsumedBy: 'ST001-20261101-0001',
    });
    expect(await position('SKU-000001', 'DC01')).toMatchObject({ OnHand: String(Number(before.OnHand) - 3), Reserved: before.Reserved });
    const unknown = await call(s, 'ReleaseReservation', { ReservationId: 'R999999999' });
    expect(faultOf(unknown).detail.WarehouseFault.ErrorCode).toBe('WMS-2002');
  });
});

describe('RecordCycleCount and ReceiveStock', () => {
  it('a count sets on hand and reports the variance', async () => {
    const reply = await call(s, 'RecordCycleCount', {
      Sku: '00123',
      LocationCode: 'DC01',
      CountedQuantity: 4,
      CountedAt: '2026-11-01T03:00:00Z',
    });
    expect(reply.body.RecordCycleCountResponse).toMatchObject({ PreviousOnHand: '7', Variance: '-3', StockPosition: { OnHand: '4' } });
    // A SKU the WMS never held at the location becomes a position.
    const found = await call(s, 'RecordCycleCount', { Sku: 'SKU-NEW', LocationCode: 'ST001', CountedQuantity: 2 });
    expect(found.body.RecordCycleCountResponse).toMatchObject({ PreviousOnHand: '0', Variance: '2' });
  });

  it('a receipt books what came against the reference, reports discrepancies and closes the inbound', async () => {
    const reply = await call(s, 'ReceiveStock', {
      LocationCode: 'DC01',
      Reference: 'PO-4500000001',
      Lines: { Line: [{ Sku: 'SKU-000001', Quantity: 90 }] },
    });
    expect(reply.status).toBe(200);
    const body = reply.body.ReceiveStockResponse as Node;
    expect(listOf<Node>((body.Lines as Node).Line)).toEqual([{ Sku: 'SKU-000001', Expected: '100', Received: '90', Discrepancy: '-10' }]);
    const p = await position('SKU-000001', 'DC01');
    expect(listOf<Node>((p.InboundLines as Node).InboundLine).map((l) => l.Reference)).toEqual(['PO-4500000002']);
    const twice = await call(s, 'ReceiveStock', {
      LocationCode: 'DC01',
      Reference: 'PO-4500000001',
      Lines: { Line: [{ Sku: 'SKU-000001', Quantity: 1 }] },
    });
    expect(faultOf(twice).detail.WarehouseFault).toMatchObject({ ErrorCode: 'WMS-2003', Field: 'Reference' });
  });

  it('a customer return adds the units to on hand without an inbound, once per reference', async () => {
    const before = Number((await position('SKU-000001', 'ST001')).OnHand);
    const back = () =>
      call(s, 'ReceiveStock', {
        LocationCode: 'ST001',
        Reference: 'RET-6000000048-10',
        Kind: 'CUSTOMER_RETURN',
        Lines: { Line: [{ Sku: 'SKU-000001', Quantity: 2 }] },
      });
    const first = await back();
    expect(first.status).toBe(200);
    const lines = listOf<Node>(((first.body.ReceiveStockResponse as Node).Lines as Node).Line);
    expect(lines).toEqual([{ Sku: 'SKU-000001', Expected: '2', Received: '2', Discrepancy: '0' }]);
    // A retry (lost answer, resumed saga) is answered with the first receipt and adds nothing.
    expect((await back()).body.ReceiveStockResponse).toEqual(first.body.ReceiveStockResponse);
    expect(Number((await position('SKU-000001', 'ST001')).OnHand)).toBe(before + 2);
    const bad = await call(s, 'ReceiveStock', {
      LocationCode: 'ST001',
      Reference: 'RET-1',
      Kind: 'GIFT',
      Lines: { Line: [{ Sku: 'SKU-000001', Quantity: 1 }] },
    });
    expect(faultOf(bad).detail.WarehouseFault).toMatchObject({ ErrorCode: 'WMS-3000', Field: 'Kind' });
  });
});
