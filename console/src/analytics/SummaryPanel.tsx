import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { money } from '../format.ts';
import { Panel } from '../Panel.tsx';
import { Bar, DayColumns } from './charts.tsx';
import { FreshnessLine } from './Freshness.tsx';
import { SALES_SUMMARY, type Dimension, type SummaryRow } from './operations.ts';
import type { DayRange } from './range.ts';

const DIMENSIONS: { value: Dimension; label: string }[] = [
  { value: 'CHANNEL', label: 'Channel' },
  { value: 'STORE', label: 'Store' },
  { value: 'CATEGORY', label: 'Category' },
  { value: 'DAY', label: 'Day' },
];

export function percent(share: number | null | undefined, digits = 0): string {
  if (share === null || share === undefined) return '—';
  return `${(share * 100).toFixed(digits)}%`;
}

/** A change as +12% / −8%, coloured, with an arrow so it reads without colour too. */
export function Change({ value }: { value: number | null }) {
  if (value === null) return <span className="muted">—</span>;
  const up = value >= 0;
  return (
    <span className={up ? 'good' : 'bad'}>
      {up ? '▲ +' : '▼ −'}
      {Math.abs(value * 100).toFixed(0)}%
    </span>
  );
}

function keyOf(row: SummaryRow, by: Dimension): string {
  const key = { CHANNEL: row.channel, STORE: row.store, CATEGORY: row.category, SKU: row.sku, DAY: row.day }[by];
  return key ?? (by === 'STORE' ? 'no store (online)' : '—');
}

/** salesSummary for the window, grouped as the analyst chooses, against the previous period and same weekdays. */
export function SummaryPanel({ range }: { range: DayRange }) {
  const [by, setBy] = useState<Dimension>('CHANNEL');
  const { data, loading, error } = useQuery(SALES_SUMMARY, { variables: { ...range, groupBy: [by] } });
  const report = data?.salesSummary;
  const rows = report?.rows ?? [];
  const shown = by === 'DAY' ? [...rows].sort((a, b) => (a.day ?? '').localeCompare(b.day ?? '')) : rows;
  const maxRevenue = Math.max(0, ...rows.map((r) => Number(r.revenue.amount)));
  const currencies = new Set(rows.map((r) => r.revenue.currency));
  const total = currencies.size === 1 ? totals(rows) : undefined;

  return (
    <Panel
      id="an-summary"
      title={`Sales ${range.from} to ${range.to}`}
      loading={loading}
      error={error}
      actions={
        <label className="an-control">
          Group by{' '}
          <select name="groupBy" value={by} onChange={(e) => setBy(e.target.value as Dimension)}>
            {DIMENSIONS.map((d) => (
              <option key={d.value} value={d.value}>
                {d.label}
              </option>
            ))}
          </select>
        </label>
      }
    >
      {by === 'DAY' && (
        <DayColumns
          days={shown.map((r) => ({ day: r.day ?? '', revenue: Number(r.revenue.amount), baseline: Number(r.sameWeekdayRevenue.amount) }))}
        />
      )}
      {report && rows.length === 0 && <p className="empty">No sales in this window.</p>}
      {rows.length > 0 && (
        <div className="an-scroll" tabIndex={0} role="region" aria-label="Sales summary table">
          <table className="an-table">
            <thead>
              <tr>
                <th scope="col">{DIMENSIONS.find((d) => d.value === by)?.label}</th>
                <th scope="col" className="num">
                  Revenue
                </th>
                <th scope="col" aria-hidden="true" />
                <th scope="col" className="num">
                  Orders
                </th>
                <th scope="col" className="num">
                  Units
                </th>
                <th scope="col" className="num">
                  Avg basket
                </th>
                <th scope="col" className="num">
                  Return rate
                </th>
                <th scope="col" className="num">
                  vs previous period
                </th>
                <th scope="col" className="num">
                  vs same weekdays
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr key={`${keyOf(r, by)}-${r.revenue.currency}`} data-key={keyOf(r, by)}>
                  <th scope="row">{keyOf(r, by)}</th>
                  <td className="num">{money(r.revenue)}</td>
                  <td className="an-bar-cell">
                    <Bar value={Number(r.revenue.amount)} max={maxRevenue} />
                  </td>
                  <td className="num">{r.orders}</td>
                  <td className="num">{r.units}</td>
                  <td className="num">{money(r.averageBasket)}</td>
                  <td className="num">{percent(r.returnRate, 1)}</td>
                  <td className="num" data-change={r.changeVsPreviousPeriod ?? ''}>
                    <Change value={r.changeVsPreviousPeriod} />
                  </td>
                  <td className="num">
                    <Change value={r.changeVsSameWeekday} />
                  </td>
                </tr>
              ))}
            </tbody>
            {total && (
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  <td className="num">{money(total.revenue)}</td>
                  <td />
                  <td className="num">{total.orders}</td>
                  <td className="num">{total.units}</td>
                  <td className="num">
                    {total.orders > 0 ? money({ ...total.revenue, amount: String(Number(total.revenue.amount) / total.orders) }) : '—'}
                  </td>
                  <td />
                  <td className="num">
                    <Change value={total.change} />
                  </td>
                  <td />
                </tr>
              </tfoot>
            )}
          </table>
        </div>
      )}
      <FreshnessLine freshness={report?.freshness} />
    </Panel>
  );
}

/** Sums of one currency's rows; orders add up across groups except SKU and category (an order spans several). */
function totals(rows: SummaryRow[]) {
  const revenue = rows.reduce((n, r) => n + Number(r.revenue.amount), 0);
  const previous = rows.reduce((n, r) => n + Number(r.previousRevenue.amount), 0);
  return {
    revenue: { amount: revenue.toFixed(2), currency: rows[0]!.revenue.currency },
    orders: rows.reduce((n, r) => n + r.orders, 0),
    units: rows.reduce((n, r) => n + r.units, 0),
    change: previous > 0 ? (revenue - previous) / previous : null,
  };
}
