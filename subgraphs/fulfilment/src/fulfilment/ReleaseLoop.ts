import { createCallContext, encodeId, type OrderRecord } from '../../../../adapters/core/src/index.ts';
import { salesOrdersChangedSince } from '../../../../adapters/erp/src/index.ts';
import { marketplaceOrdersChangedSince } from '../../../../adapters/marketplace/src/index.ts';
import type { FulfilmentService } from './FulfilmentService.ts';
import type { NotificationOutbox } from './notifications.ts';

export interface ReleaseLoopOptions {
  /** How often new orders are looked for, in ms; 0 turns the loop off. @default 30000 */
  intervalMs?: number;
  /**
   * An order is released once it is this old, in ms: time for the order audit to block it and
   * for the customer to cancel, and for a client that sources it itself to do so. @default 60000
   */
  minAgeMs?: number;
  /** Where the first run starts reading changes (ISO). @default when the loop starts */
  since?: string;
}

export interface ReleaseReport {
  sourced: string[];
  skipped: string[];
  failed: string[];
}

/** Promised for the day after placement or sooner (lines the feed carries; marketplace headers have none). */
function isExpress(o: OrderRecord): boolean {
  const placed = Date.parse(o.placedAt.slice(0, 10));
  return (o.lines ?? []).some((l) => l.promisedDate !== undefined && Date.parse(l.promisedDate) - placed <= 86_400_000);
}

/** Orders the loop sources: open, not blocked, shipped or collected by fulfilment (till sales are not). */
const RELEASABLE = new Set<OrderRecord['status']>(['PENDING', 'CONFIRMED']);

/**
 * Brings new ERP orders (placeOrder, the web shop) and new marketplace orders to fulfilment
 * without anyone asking: reads each system's change feed since its watermark and sources every
 * open order old enough (`sourceOrder` is idempotent, so an order seen twice is sourced once).
 * Also offers pending notifications to the sender again. Keeps its watermarks in memory: after a
 * restart it reads from `since` again and finds the orders already sourced by their reference.
 */
export class ReleaseLoop {
  private readonly minAgeMs: number;
  private readonly watermark: Record<'ERP' | 'MARKETPLACE', string>;
  private readonly waiting = new Map<string, OrderRecord>();
  private running: Promise<ReleaseReport> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly service: FulfilmentService,
    private readonly outbox: NotificationOutbox,
    private readonly options: ReleaseLoopOptions = {},
  ) {
    this.minAgeMs = options.minAgeMs ?? 60_000;
    const since = options.since ?? new Date().toISOString();
    this.watermark = { ERP: since, MARKETPLACE: since };
  }

  /** Runs now and then every `intervalMs`; the timer never keeps the process alive. */
  start(): void {
    const intervalMs = this.options.intervalMs ?? 30_000;
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce().catch(() => undefined), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One pass; concurrent calls share the pass under way. */
  runOnce(now: number = Date.now()): Promise<ReleaseReport> {
    this.running ??= this.pass(now).finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(now: number): Promise<ReleaseReport> {
    const call = createCallContext({ requestId: 'fulfilment-release' });
    const report: ReleaseReport = { sourced: [], skipped: [], failed: [] };
    const { erp, marketplace } = this.service.systems;
    const feeds = await Promise.allSettled([
      salesOrdersChangedSince(erp.client, call, this.watermark.ERP),
      marketplaceOrdersChangedSince(marketplace.client, call, this.watermark.MARKETPLACE, { quota: marketplace.quota }),
    ]);
    feeds.forEach((feed, i) => {
      if (feed.status !== 'fulfilled') return;
      const system = i === 0 ? 'ERP' : 'MARKETPLACE';
      for (const o of feed.value) {
        this.waiting.set(encodeId('ord', o.system, o.externalId), o);
        const changed = o.updatedAt ?? o.placedAt;
        if (changed > this.watermark[system]) this.watermark[system] = changed;
      }
    });
    // Most urgent first: an express promise before a standard one, then the oldest order.
    const queue = [...this.waiting].sort(
      ([, a], [, b]) => Number(isExpress(b)) - Number(isExpress(a)) || a.placedAt.localeCompare(b.placedAt),
    );
    for (const [id, o] of queue) {
      if (!RELEASABLE.has(o.status) || o.channel === 'STORE') {
        this.waiting.delete(id);
        report.skipped.push(id);
        continue;
      }
      if (now - Date.parse(o.placedAt) < this.minAgeMs) continue;
      try {
        await this.service.source(call, id);
        this.waiting.delete(id);
        report.sourced.push(id);
      } catch {
        report.failed.push(id);
      }
    }
    await this.outbox.dispatch().catch(() => 0);
    return report;
  }
}
