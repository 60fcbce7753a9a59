import { randomUUID } from 'node:crypto';
import type Keyv from 'keyv';
import { keyvOf, type CacheStore } from '../../../../adapters/core/src/index.ts';

export type NotificationKind = 'PICKUP_READY' | 'SHIPPED';
export type NotificationChannel = 'EMAIL' | 'SMS';
export type NotificationStatus = 'PENDING' | 'SENT';

/** One message to a customer, kept in the outbox until a sender has taken it. */
export interface CustomerNotification {
  id: string;
  orderId: string;
  kind: NotificationKind;
  channel: NotificationChannel;
  recipient: string;
  message: string;
  createdAt: string;
  status: NotificationStatus;
  attempts: number;
  sentAt?: string;
  lastError?: string;
}

/**
 * Delivers a notification (email gateway, SMS provider…). Throwing means "not delivered": the
 * entry stays PENDING in the outbox and is offered again on the next dispatch.
 */
export interface NotificationSender {
  readonly name: string;
  send(notification: CustomerNotification): Promise<void>;
}

/** The default: delivery is recording. The outbox itself is what the graph shows and an integration reads. */
export class OutboxOnlySender implements NotificationSender {
  readonly name = 'outbox';
  async send(): Promise<void> {}
}

export interface NotificationOutboxOptions {
  store: CacheStore;
  /** @default OutboxOnlySender */
  sender?: NotificationSender;
  /** How long entries are kept, in ms. @default 30 days */
  ttlMs?: number;
}

/**
 * The outbox (keyv): a notification is written before anyone tries to send it, so a sender that
 * fails loses nothing: `dispatch` offers every PENDING entry again. Entries are kept per order
 * (what `Order.notifications` reads) with an index of the pending ones.
 */
export class NotificationOutbox {
  private readonly keyv: Keyv<CustomerNotification[] | string[]>;
  private readonly sender: NotificationSender;
  private readonly ttlMs: number;
  // Appends to one order's list are serialised in-process (read-modify-write on keyv).
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: NotificationOutboxOptions) {
    this.keyv = keyvOf(options.store, 'fulfilment:outbox');
    this.sender = options.sender ?? new OutboxOnlySender();
    this.ttlMs = options.ttlMs ?? 30 * 86_400_000;
  }

  async forOrder(orderId: string): Promise<CustomerNotification[]> {
    return ((await this.keyv.get(`order:${orderId}`)) as CustomerNotification[] | undefined) ?? [];
  }

  /** Records the notification, then tries to send it (a failure leaves it PENDING). */
  async enqueue(input: Omit<CustomerNotification, 'id' | 'createdAt' | 'status' | 'attempts'>): Promise<CustomerNotification> {
    const entry: CustomerNotification = { ...input, id: randomUUID(), createdAt: new Date().toISOString(), status: 'PENDING', attempts: 0 };
    await this.serial(async () => {
      await this.keyv.set(`order:${entry.orderId}`, [...(await this.forOrder(entry.orderId)), entry], this.ttlMs);
      const pending = ((await this.keyv.get('pending')) as string[] | undefined) ?? [];
      await this.keyv.set('pending', [...pending, entry.orderId], this.ttlMs);
    });
    await this.dispatch();
    return (await this.forOrder(entry.orderId)).find((n) => n.id === entry.id) ?? entry;
  }

  /** Offers every PENDING notification to the sender once; returns how many were sent. */
  async dispatch(): Promise<number> {
    return this.serial(async () => {
      const orders = [...new Set(((await this.keyv.get('pending')) as string[] | undefined) ?? [])];
      const stillPending: string[] = [];
      let sent = 0;
      for (const orderId of orders) {
        const list = await this.forOrder(orderId);
        for (const n of list) {
          if (n.status !== 'PENDING') continue;
          n.attempts += 1;
          try {
            await this.sender.send(n);
            n.status = 'SENT';
            n.sentAt = new Date().toISOString();
            delete n.lastError;
            sent += 1;
          } catch (err) {
            n.lastError = err instanceof Error ? err.message.slice(0, 200) : 'send failed';
          }
        }
        await this.keyv.set(`order:${orderId}`, list, this.ttlMs);
        if (list.some((n) => n.status === 'PENDING')) stillPending.push(orderId);
      }
      await this.keyv.set('pending', stillPending, this.ttlMs);
      return sent;
    });
  }

  private serial<T>(run: () => Promise<T>): Promise<T> {
    const next = this.tail.then(run, run);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
