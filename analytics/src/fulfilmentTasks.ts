import { isAdapterError, type CallContext } from '../../adapters/core/src/index.ts';
import type { TaskRecord, WmsAdapter } from '../../adapters/wms/src/index.ts';
import type { AnalyticsStore } from './store.ts';

/** The WMS's fulfilment tasks feed, with its own watermark row. */
export const TASK_FEED = 'WMS:TASKS' as const;

/**
 * GetFulfilmentTasks filters by creation time only, so each run reads again the tasks created in
 * this many days before the watermark: their status moves on after they are created. A task
 * still changing after that long is rare (a pick is done within days) and is caught by a reload.
 */
const REOPEN_DAYS = 14;

/** Completed: shipped, or ready at the store for pickup (and what follows), as the fulfilment KPIs count it. */
const COMPLETED: ReadonlySet<TaskRecord['status']> = new Set(['SHIPPED', 'READY_FOR_PICKUP', 'HANDED_OVER', 'DELIVERED']);

export interface TaskFeedReport {
  ok: boolean;
  fetched: number;
  watermark: string | null;
  ms: number;
  error?: string;
}

/** Replaces each task's row (status and completion move on). */
export async function upsertTasks(store: AnalyticsStore, tasks: readonly TaskRecord[]): Promise<void> {
  if (tasks.length === 0) return;
  await store.exclusive(async () => {
    await store.run(`CREATE OR REPLACE TABLE stage_tasks (task_id VARCHAR, kind VARCHAR, fulfilment_type VARCHAR, status VARCHAR,
      location_code VARCHAR, created_at VARCHAR, due_by VARCHAR, order_placed_at VARCHAR, completed_at VARCHAR)`);
    await store.append(
      'stage_tasks',
      tasks.map((t) => [
        t.id,
        t.kind,
        t.fulfilmentType ?? null,
        t.status,
        t.locationCode,
        t.createdAt,
        t.dueBy ?? null,
        t.orderPlacedAt ?? null,
        t.events.find((e) => COMPLETED.has(e.status))?.at ?? null,
      ]),
    );
    const instant = (c: string) => `CAST(${c} AS TIMESTAMPTZ)::TIMESTAMP`;
    await store.run(`INSERT OR REPLACE INTO fulfilment_tasks SELECT DISTINCT ON (task_id) task_id, kind, fulfilment_type, status,
      location_code, ${instant('created_at')}, CAST(${instant('created_at')} + INTERVAL (${store.offsetMinutes}) MINUTE AS DATE),
      ${instant('due_by')}, ${instant('order_placed_at')}, ${instant('completed_at')} FROM stage_tasks`);
  });
}

/** Reads the tasks created since the watermark (less `REOPEN_DAYS`) and records the feed's state. */
export async function loadTaskFeed(store: AnalyticsStore, wms: WmsAdapter, ctx: CallContext, now: () => Date): Promise<TaskFeedReport> {
  const started = Date.now();
  const since = (await store.watermark(TASK_FEED))?.watermark ?? null;
  try {
    const from = since ? new Date(Date.parse(since) - REOPEN_DAYS * 86_400_000).toISOString() : undefined;
    const tasks = await wms.getTasks(ctx, from ? { createdFrom: from } : {});
    await upsertTasks(store, tasks);
    const newest = tasks.reduce<string | null>(
      (w, t) => (w === null || Date.parse(t.createdAt) > Date.parse(w) ? new Date(t.createdAt).toISOString() : w),
      since,
    );
    await store.recordSuccess(TASK_FEED, now().toISOString(), newest, tasks.length);
    return { ok: true, fetched: tasks.length, watermark: newest, ms: Date.now() - started };
  } catch (err) {
    const error = isAdapterError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
    await store.recordFailure(TASK_FEED, now().toISOString(), error);
    return { ok: false, fetched: 0, watermark: since, ms: Date.now() - started, error };
  }
}

export interface LocationFulfilment {
  fulfilments: number;
  /** Completed by their due time ÷ completed with a due time. */
  onTimeRate: number | null;
  /** Rejected ÷ all. */
  rejectionRate: number | null;
  /** Mean hours from the order's placement (else the task's creation) to shipped or ready for pickup. */
  cycleTimeHours: number | null;
}

/**
 * Fulfilment measures per location for tasks created on the window's local days, with the
 * definitions of the fulfilment subgraph's `fulfilmentKpis` (subgraphs/fulfilment/src/fulfilment/
 * kpis.ts): transfers count only when they serve a pickup.
 */
export async function fulfilmentByLocation(store: AnalyticsStore, from: string, to: string): Promise<Map<string, LocationFulfilment>> {
  const rows = await store.query<{
    location_code: string;
    n: number;
    due: number;
    on_time: number;
    rejected: number;
    hours: number | null;
  }>(
    `SELECT location_code, COUNT(*) AS n,
       COUNT(*) FILTER (WHERE completed_at IS NOT NULL AND due_by IS NOT NULL) AS due,
       COUNT(*) FILTER (WHERE completed_at IS NOT NULL AND due_by IS NOT NULL AND completed_at <= due_by) AS on_time,
       COUNT(*) FILTER (WHERE status = 'REJECTED') AS rejected,
       AVG(date_diff('second', COALESCE(order_placed_at, created_at), completed_at) / 3600.0) FILTER (WHERE completed_at IS NOT NULL) AS hours
     FROM fulfilment_tasks
     WHERE day BETWEEN CAST($from AS DATE) AND CAST($to AS DATE) AND (kind <> 'TRANSFER' OR fulfilment_type = 'PICKUP')
     GROUP BY location_code`,
    { from, to },
  );
  const ratio = (n: number, d: number) => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);
  return new Map(
    rows.map((r) => [
      r.location_code,
      {
        fulfilments: Number(r.n),
        onTimeRate: ratio(Number(r.on_time), Number(r.due)),
        rejectionRate: ratio(Number(r.rejected), Number(r.n)),
        cycleTimeHours: r.hours === null ? null : Math.round(Number(r.hours) * 100) / 100,
      },
    ]),
  );
}
