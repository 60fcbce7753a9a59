import { useQuery } from '@apollo/client/react';
import { money } from '../format.ts';
import { Panel } from '../Panel.tsx';
import { Bar } from './charts.tsx';
import { FreshnessLine } from './Freshness.tsx';
import { STORE_PERFORMANCE } from './operations.ts';
import type { DayRange } from './range.ts';
import { Change, percent } from './SummaryPanel.tsx';

/** storePerformance: stores ranked on sales, with fulfilment (WMS tasks) and stock accuracy (cycle counts) beside. */
export function StoresPanel({ range }: { range: DayRange }) {
  const { data, loading, error } = useQuery(STORE_PERFORMANCE, { variables: range });
  const stores = data?.storePerformance.stores ?? [];
  const maxRevenue = Math.max(0, ...stores.map((s) => Number(s.revenue.amount)));

  return (
    <Panel id="an-stores" title="Stores ranked by revenue" loading={loading} error={error}>
      {data && stores.length === 0 && <p className="empty">No store sold in this window.</p>}
      {stores.length > 0 && (
        <div className="an-scroll" tabIndex={0} role="region" aria-label="Store ranking">
          <table className="an-table an-stores">
            <thead>
              <tr>
                <th scope="col" className="num">
                  #
                </th>
                <th scope="col">Store</th>
                <th scope="col" className="num">
                  Revenue
                </th>
                <th scope="col" aria-hidden="true" />
                <th scope="col" className="num">
                  Orders
                </th>
                <th scope="col" className="num">
                  vs previous period
                </th>
                <th scope="col" className="num">
                  Return rate
                </th>
                <th scope="col" className="num">
                  Stock accuracy (counts)
                </th>
                <th scope="col" className="num">
                  Fulfilments
                </th>
                <th scope="col" className="num">
                  On time
                </th>
                <th scope="col" className="num">
                  Rejected
                </th>
                <th scope="col" className="num">
                  Cycle time
                </th>
              </tr>
            </thead>
            <tbody>
              {stores.map((s) => (
                <tr key={s.store} data-store={s.store}>
                  <td className="num">{s.rank}</td>
                  <th scope="row">{s.store}</th>
                  <td className="num">{money(s.revenue)}</td>
                  <td className="an-bar-cell">
                    <Bar value={Number(s.revenue.amount)} max={maxRevenue} />
                  </td>
                  <td className="num">{s.orders}</td>
                  <td className="num">
                    <Change value={s.changeVsPreviousPeriod} />
                  </td>
                  <td className="num">{percent(s.returnRate, 1)}</td>
                  <td className="num">
                    {percent(s.stockAccuracy)} <span className="muted">({s.cycleCounts})</span>
                  </td>
                  <td className="num">{s.fulfilments}</td>
                  <td className="num">{percent(s.onTimeRate)}</td>
                  <td className="num">{percent(s.rejectionRate)}</td>
                  <td className="num">{s.cycleTimeHours === null ? '—' : `${s.cycleTimeHours.toFixed(1)} h`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <FreshnessLine freshness={data?.storePerformance.freshness} />
    </Panel>
  );
}
