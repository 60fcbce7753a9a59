import { describe, expect, it } from 'vitest';
import type { TaskRecord } from '../../../adapters/wms/src/index.ts';
import { computeKpis } from '../src/fulfilment/kpis.ts';
import { NotificationOutbox, type CustomerNotification, type NotificationSender } from '../src/fulfilment/notifications.ts';
import { orderFulfilmentStatus } from '../src/fulfilment/StoreWorkflow.ts';
import type { FulfilmentRecord } from '../src/fulfilment/records.ts';

class FlakySender implements NotificationSender {
  readonly name = 'flaky';
  down = true;
  delivered: CustomerNotification[] = [];
  async send(n: CustomerNotification): Promise<void> {
    if (this.down) throw new Error('SMS gateway unavailable');
    this.delivered.push(n);
  }
}

const message = {
  orderId: 'ord_1',
  kind: 'PICKUP_READY' as const,
  channel: 'SMS' as const,
  recipient: '+8613800000000',
  message: 'code 123456',
};

describe('NotificationOutbox', () => {
  it('keeps a notification its sender failed to deliver and delivers it on the next dispatch', async () => {
    const sender = new FlakySender();
    const outbox = new NotificationOutbox({ store: new Map(), sender });
    const queued = await outbox.enqueue(message);
    expect(queued).toMatchObject({ status: 'PENDING', attempts: 1, lastError: 'SMS gateway unavailable' });
    expect(await outbox.dispatch()).toBe(0);
    sender.down = false;
    expect(await outbox.dispatch()).toBe(1);
    const [stored] = await outbox.forOrder('ord_1');
    expect(stored).toMatchObject({ status: 'SENT', attempts: 3 });
    expect(stored!.lastError).toBeUndefined();
    expect(sender.delivered.map((n) => n.id)).toEqual([queued.id]);
    // Nothing pending: a later dispatch sends nothing twice.
    expect(await outbox.dispatch()).toBe(0);
  });

  it('records and sends at once with the default sender', async () => {
    const outbox = new NotificationOutbox({ store: new Map() });
    expect(await outbox.enqueue(message)).toMatchObject({ status: 'SENT', attempts: 1 });
  });
});

const task = (over: Partial<TaskRecord>): TaskRecord => ({
  id: 'T1',
  kind: 'PICK',
  status: 'CREATED',
  locationCode: 'ST001',
  lines: [{ sku: 'A', quantity: 2 }],
  createdAt: '2026-11-01T10:00:00.000Z',
  orderPlacedAt: '2026-11-01T08:00:00.000Z',
  dueBy: '2026-11-02T08:00:00.000Z',
  events: [{ status: 'CREATED', at: '2026-11-01T10:00:00.000Z' }],
  ...over,
});

describe('computeKpis', () => {
  it('derives accuracy, cycle time, rejection, on-time, turnover and stock accuracy from the records', () => {
    const shipped = task({
      id: 'T1',
      status: 'SHIPPED',
      lines: [{ sku: 'A', quantity: 2, pickedQuantity: 2 }],
      events: [
        { status: 'CREATED', at: '2026-11-01T10:00:00.000Z' },
        { status: 'SHIPPED', at: '2026-11-01T12:00:00.000Z' },
      ],
    });
    const shortAndLate = task({
      id: 'T2',
      status: 'READY_FOR_PICKUP',
      fulfilmentType: 'PICKUP',
      lines: [{ sku: 'A', quantity: 2, pickedQuantity: 1 }],
      events: [{ status: 'READY_FOR_PICKUP', at: '2026-11-02T12:00:00.000Z' }],
    });
    const rejected = task({ id: 'T3', status: 'REJECTED', rejectionReason: 'NO_CAPACITY' });
    const kpis = computeKpis({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-03T00:00:00.000Z',
      locationCode: 'ST001',
      tasks: [shipped, shortAndLate, rejected, task({ id: 'T4' })],
      stock: [
        {
          sku: 'A',
          locationCode: 'ST001',
          onHand: 8,
          reserved: 0,
          allocated: 0,
          safetyStock: 0,
          inbound: [],
          channelReservations: [],
          businessDate: '2026-11-01',
        },
      ],
      counts: [{ variance: 0 }, { variance: -2 }, { variance: 0 }, { variance: 0 }],
    });
    expect(kpis).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-03T00:00:00.000Z',
      locationCode: 'ST001',
      fulfilments: 4,
      orderAccuracy: 0.5,
      // (4 h + 28 h) / 2
      cycleTimeHours: 16,
      rejectionRate: 0.25,
      onTimeRate: 0.5,
      // 2 units shipped over 8 on hand
      inventoryTurnover: 0.25,
      stockAccuracy: 0.75,
      cycleCounts: 4,
    });
  });
});

describe('orderFulfilmentStatus', () => {
  const rec = (status: FulfilmentRecord['status']) => ({ status }) as FulfilmentRecord;
  it('follows the fulfilments and puts an order rejected too often ON_HOLD', () => {
    expect(orderFulfilmentStatus([], 3)).toBe('UNSOURCED');
    expect(orderFulfilmentStatus([rec('REJECTED'), rec('ACCEPTED')], 3)).toBe('IN_PROGRESS');
    expect(orderFulfilmentStatus([rec('SHIPPED'), rec('READY_FOR_PICKUP')], 3)).toBe('READY_FOR_PICKUP');
    expect(orderFulfilmentStatus([rec('SHIPPED'), rec('HANDED_OVER')], 3)).toBe('SHIPPED');
    expect(orderFulfilmentStatus([rec('DELIVERED'), rec('HANDED_OVER')], 3)).toBe('COMPLETED');
    expect(orderFulfilmentStatus([rec('REJECTED'), rec('REJECTED')], 3)).toBe('UNSOURCED');
    expect(orderFulfilmentStatus([rec('REJECTED'), rec('REJECTED'), rec('REJECTED')], 3)).toBe('ON_HOLD');
  });
});
