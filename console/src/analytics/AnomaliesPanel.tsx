import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { date } from '../format.ts';
import { Panel } from '../Panel.tsx';
import { RangeBar } from './charts.tsx';
import { FreshnessLine } from './Freshness.tsx';
import { ANOMALIES, type Freshness, type SalesAnomaly } from './operations.ts';
import type { DayRange } from './range.ts';

const SCOPES = [
  { value: '', label: 'All' },
  { value: 'STORE', label: 'Stores' },
  { value: 'CHANNEL', label: 'Channels' },
  { value: 'SKU', label: 'SKUs' },
] as const;

/** Worst first; the rest on request, so the sales anomalies stay on the first screen. */
const STOCK_ROWS = 8;
const round = (n: number) => (Math.round(n * 10) / 10).toLocaleString('en');

/** salesAnomalies for every scope and stockAnomalies: what departs from its own baseline, and why it was flagged. */
export function AnomaliesPanel({ range }: { range: DayRange }) {
  const [scope, setScope] = useState<string>('');
  const { data, loading, error } = useQuery(ANOMALIES, { variables: range });
  const sales: SalesAnomaly[] = data ? [...data.stores.anomalies, ...data.channels.anomalies, ...data.skus.anomalies] : [];
  const shown = sales.filter((a) => scope === '' || a.scope === scope).sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
  // stockAnomalies covers every count recorded; the page keeps to the chosen window (by the count's date).
  const allStock = data?.stockAnomalies.anomalies ?? [];
  const inWindow = allStock
    .filter((a) => a.at.slice(0, 10) >= range.from && a.at.slice(0, 10) <= range.to)
    .sort((a, b) => Math.abs(b.score) - Math.abs(a.score));
  const [allShown, setAllShown] = useState(false);
  const stock = allShown ? inWindow : inWindow.slice(0, STOCK_ROWS);
  const freshness: Freshness[] = data ? mergeFreshness([data.stores.freshness, data.stockAnomalies.freshness]) : [];

  return (
    <Panel
      id="an-anomalies"
      title="Anomalies"
      loading={loading}
      error={error}
      actions={
        <label className="an-control">
          Show{' '}
          <select name="scope" value={scope} onChange={(e) => setScope(e.target.value)}>
            {SCOPES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      }
    >
      <h3>Sales: days off their same-weekday baseline</h3>
      {data && shown.length === 0 && <p className="empty">No sales anomaly in this window.</p>}
      {shown.length > 0 && (
        <table className="an-table an-anomalies">
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col">What</th>
              <th scope="col" className="num">
                Observed
              </th>
              <th scope="col" className="num">
                Expected (range)
              </th>
              <th scope="col">
                <span className="sr-only">Observed against the range</span>
              </th>
              <th scope="col" className="num">
                Score
              </th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((a) => (
              <tr key={`${a.scope}-${a.key}-${a.day}`} data-scope={a.scope} data-key={a.key} data-day={a.day} data-direction={a.direction}>
                <td className="nowrap">{a.day}</td>
                <td className="nowrap">
                  <span className="an-tag">{a.scope.toLowerCase()}</span> <strong>{a.key}</strong>
                  <div className="small muted">{a.metric.toLowerCase()}</div>
                </td>
                <td className="num">
                  <strong className={a.direction === 'HIGH' ? 'an-high' : 'an-low'}>
                    {a.direction === 'HIGH' ? '▲' : '▼'} {round(a.observed)}
                  </strong>
                </td>
                <td className="num nowrap">
                  {round(a.expected)} ({round(a.expectedLow)}–{round(a.expectedHigh)})
                </td>
                <td>
                  <RangeBar observed={a.observed} expected={a.expected} low={a.expectedLow} high={a.expectedHigh} />
                </td>
                <td className="num">{a.score.toFixed(1)}</td>
                <td className="an-reason">{a.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Stock: cycle counts and receipts off the system quantity</h3>
      {data && stock.length === 0 && <p className="empty">No stock anomaly in this window: every count and receipt is within tolerance.</p>}
      {stock.length > 0 && (
        <table className="an-table an-stock-anomalies">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Kind</th>
              <th scope="col">Location · SKU</th>
              <th scope="col" className="num">
                Observed
              </th>
              <th scope="col" className="num">
                Expected (range)
              </th>
              <th scope="col">
                <span className="sr-only">Observed against the range</span>
              </th>
              <th scope="col" className="num">
                Score
              </th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {stock.map((a) => (
              <tr key={`${a.kind}-${a.locationId}-${a.sku}-${a.at}`} data-kind={a.kind}>
                <td className="nowrap">{date(a.at)}</td>
                <td>{a.kind === 'CYCLE_COUNT' ? 'cycle count' : 'receipt'}</td>
                <td className="nowrap">
                  {a.locationId} · {a.sku}
                </td>
                <td className="num">{round(a.observed)}</td>
                <td className="num nowrap">
                  {round(a.expected)} ({round(a.expectedLow)}–{round(a.expectedHigh)})
                </td>
                <td>
                  <RangeBar observed={a.observed} expected={a.expected} low={a.expectedLow} high={a.expectedHigh} />
                </td>
                <td className="num">{a.score.toFixed(1)}</td>
                <td className="an-reason">{a.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {data && (
        <p className="small muted">
          {inWindow.length > STOCK_ROWS && (
            <button type="button" className="small secondary" onClick={() => setAllShown(!allShown)}>
              {allShown ? `Show the worst ${STOCK_ROWS}` : `Show all ${inWindow.length}`}
            </button>
          )}{' '}
          {allStock.length - inWindow.length > 0 && `${allStock.length - inWindow.length} more outside the window.`}
        </p>
      )}
      <FreshnessLine freshness={freshness} />
    </Panel>
  );
}

/** One entry per system and feed across the reports of one request. */
function mergeFreshness(lists: Freshness[][]): Freshness[] {
  const seen = new Map<string, Freshness>();
  for (const f of lists.flat()) seen.set(`${f.system}-${f.feed ?? ''}`, f);
  return [...seen.values()];
}
