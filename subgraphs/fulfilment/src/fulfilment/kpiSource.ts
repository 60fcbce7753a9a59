import type { CallContext } from '../../../../adapters/core/src/index.ts';
import type { StockRecord } from '../../../../adapters/wms/src/index.ts';
import type { Systems } from '../../../runtime/src/index.ts';
import { computeKpis, type FulfilmentKpis } from './kpis.ts';

/** Reads what the KPIs are computed from: the WMS's tasks, positions and cycle counts in the window. */
export async function loadKpis(
  systems: Systems,
  call: CallContext,
  window: { from: string; to: string; locationCode: string | null },
): Promise<FulfilmentKpis> {
  const locations = window.locationCode ? [window.locationCode] : undefined;
  const [tasks, counts] = await Promise.all([
    systems.wms.getTasks(call, { ...(locations && { locationCodes: locations }), createdFrom: window.from, createdTo: window.to }),
    systems.wms.getCycleCounts(call, { ...(locations && { locationCodes: locations }), countedFrom: window.from, countedTo: window.to }),
  ]);
  const skus = [...new Set(tasks.flatMap((t) => t.lines.map((l) => l.sku)))];
  const stock: StockRecord[] =
    skus.length > 0
      ? (
          await systems.wms.getStock(
            call,
            skus.map((sku) => ({ sku, ...(window.locationCode && { locationCode: window.locationCode }) })),
          )
        ).flat()
      : [];
  return computeKpis({ ...window, tasks, stock, counts });
}
