import type { StockRecord, TaskRecord } from '../../../../adapters/wms/src/index.ts';

export interface FulfilmentKpis {
  from: string;
  to: string;
  locationCode: string | null;
  fulfilments: number;
  orderAccuracy: number | null;
  cycleTimeHours: number | null;
  rejectionRate: number | null;
  onTimeRate: number | null;
  inventoryTurnover: number | null;
  stockAccuracy: number | null;
  cycleCounts: number;
}

export interface KpiInputs {
  from: string;
  to: string;
  locationCode: string | null;
  /** Tasks created in the window (at the location, when one is given). */
  tasks: readonly TaskRecord[];
  /** Current positions of the tasks' SKUs (at the location, when one is given). */
  stock: readonly StockRecord[];
  /** Cycle counts in the window: their variance (counted − book). */
  counts: readonly { variance: number }[];
}

const ratio = (n: number, d: number): number | null => (d > 0 ? Math.round((n / d) * 10_000) / 10_000 : null);
const OUT: ReadonlySet<TaskRecord['status']> = new Set(['SHIPPED', 'HANDED_OVER', 'DELIVERED']);
const COMPLETED: ReadonlySet<TaskRecord['status']> = new Set(['SHIPPED', 'READY_FOR_PICKUP', 'HANDED_OVER', 'DELIVERED']);

/** When the task first reached one of `statuses`. */
function reached(task: TaskRecord, statuses: ReadonlySet<TaskRecord['status']>): number | undefined {
  const e = task.events.find((x) => statuses.has(x.status));
  return e ? Date.parse(e.at) : undefined;
}

/**
 * The KPIs from the systems' own records (pure: the caller reads the WMS):
 * - order accuracy: completed fulfilments picked in full / completed fulfilments;
 * - cycle time: mean hours from the order's placement to shipped or ready for pickup;
 * - rejection rate: rejected / all fulfilments;
 * - on-time rate: completed by their due time / completed with a due time;
 * - inventory turnover: units that left (shipped, handed over) / units now on hand of those SKUs;
 * - stock accuracy: cycle counts with no variance / cycle counts.
 */
export function computeKpis(inputs: KpiInputs): FulfilmentKpis {
  const tasks = inputs.tasks.filter((t) => t.kind !== 'TRANSFER' || t.fulfilmentType === 'PICKUP');
  const completed = tasks.filter((t) => reached(t, COMPLETED) !== undefined);
  const accurate = completed.filter((t) => t.lines.every((l) => (l.pickedQuantity ?? l.quantity) >= l.quantity));
  const cycleHours = completed.flatMap((t) => {
    const end = reached(t, COMPLETED)!;
    const start = Date.parse(t.orderPlacedAt ?? t.createdAt);
    return Number.isFinite(start) ? [(end - start) / 3_600_000] : [];
  });
  const withDue = completed.filter((t) => t.dueBy !== undefined);
  const onTime = withDue.filter((t) => reached(t, COMPLETED)! <= Date.parse(t.dueBy!));
  const unitsOut = tasks
    .filter((t) => reached(t, OUT) !== undefined)
    .reduce((n, t) => n + t.lines.reduce((m, l) => m + (l.pickedQuantity ?? l.quantity), 0), 0);
  const onHand = inputs.stock.reduce((n, p) => n + p.onHand, 0);
  const exact = inputs.counts.filter((c) => c.variance === 0).length;
  return {
    from: inputs.from,
    to: inputs.to,
    locationCode: inputs.locationCode,
    fulfilments: tasks.length,
    orderAccuracy: ratio(accurate.length, completed.length),
    cycleTimeHours: cycleHours.length > 0 ? Math.round((cycleHours.reduce((a, b) => a + b, 0) / cycleHours.length) * 100) / 100 : null,
    rejectionRate: ratio(tasks.filter((t) => t.status === 'REJECTED').length, tasks.length),
    onTimeRate: ratio(onTime.length, withDue.length),
    inventoryTurnover: onHand > 0 ? Math.round((unitsOut / onHand) * 10_000) / 10_000 : unitsOut > 0 ? null : 0,
    stockAccuracy: ratio(exact, inputs.counts.length),
    cycleCounts: inputs.counts.length,
  };
}
