import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Panel } from '../Panel.tsx';
import { Bar, Pareto } from './charts.tsx';
import { FreshnessLine } from './Freshness.tsx';
import { ABC, ANALYTICS_LOCATIONS, type AbcItem } from './operations.ts';
import type { DayRange } from './range.ts';
import { percent } from './SummaryPanel.tsx';

const CLASSES = ['A', 'B', 'C'] as const;
const num = (n: number | null, digits = 1) => (n === null ? '—' : n.toLocaleString('en', { maximumFractionDigits: digits }));

/** inventoryClassification at one store or DC over the window: ABC by revenue share, with turnover and cover. */
export function AbcPanel({ range }: { range: DayRange }) {
  const locations = useQuery(ANALYTICS_LOCATIONS);
  const choices = (locations.data?.locations ?? []).filter((l) => l.kind !== 'SUPPLIER');
  const [picked, setPicked] = useState<string>();
  const locationId = picked ?? choices.find((l) => l.kind === 'STORE')?.code;
  const { data, loading, error } = useQuery(ABC, {
    variables: { locationId: locationId ?? '', ...range },
    skip: locationId === undefined,
  });
  const skus = data?.inventoryClassification.skus ?? [];
  const maxShare = Math.max(0, ...skus.map((s) => s.revenueShare));

  return (
    <Panel
      id="an-abc"
      title="ABC classes by revenue share"
      loading={loading || locations.loading}
      error={error ?? locations.error}
      actions={
        <label className="an-control">
          Location{' '}
          <select name="location" value={locationId ?? ''} onChange={(e) => setPicked(e.target.value)}>
            {choices.map((l) => (
              <option key={l.code} value={l.code}>
                {l.code} {l.name}
              </option>
            ))}
          </select>
        </label>
      }
    >
      {data && skus.length === 0 && <p className="empty">Nothing sold at {locationId} in this window.</p>}
      {skus.length > 0 && (
        <>
          <ClassSummary skus={skus} />
          <Pareto skus={skus} />
          <div className="an-scroll tall" tabIndex={0} role="region" aria-label="ABC table">
            <table className="an-table an-abc">
              <thead>
                <tr>
                  <th scope="col">Class</th>
                  <th scope="col">SKU</th>
                  <th scope="col">Category</th>
                  <th scope="col" className="num">
                    Revenue
                  </th>
                  <th scope="col" className="num">
                    Share
                  </th>
                  <th scope="col" aria-hidden="true" />
                  <th scope="col" className="num">
                    Cumulative
                  </th>
                  <th scope="col" className="num">
                    On hand
                  </th>
                  <th scope="col" className="num">
                    Turnover / yr
                  </th>
                  <th scope="col" className="num">
                    Days of cover
                  </th>
                </tr>
              </thead>
              <tbody>
                {skus.map((s) => (
                  <tr key={s.sku} data-class={s.abcClass} data-sku={s.sku}>
                    <td>
                      <span className={`an-class abc-${s.abcClass}`}>{s.abcClass}</span>
                    </td>
                    <td>
                      <code>{s.sku}</code>
                    </td>
                    <td className="clip">{s.category ?? '—'}</td>
                    <td className="num">{Number(s.revenue).toLocaleString('en', { maximumFractionDigits: 0 })}</td>
                    <td className="num">{percent(s.revenueShare, 1)}</td>
                    <td className="an-bar-cell">
                      <Bar
                        value={s.revenueShare}
                        max={maxShare}
                        tone={s.abcClass === 'A' ? 'accent' : s.abcClass === 'B' ? 'good' : 'muted'}
                      />
                    </td>
                    <td className="num">{percent(s.cumulativeShare)}</td>
                    <td className="num">{num(s.onHand, 0)}</td>
                    <td className="num">{num(s.turnover)}</td>
                    <td className="num">{num(s.daysOfCover, 0)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <FreshnessLine freshness={data?.inventoryClassification.freshness} />
    </Panel>
  );
}

function ClassSummary({ skus }: { skus: AbcItem[] }) {
  return (
    <ul className="an-classes">
      {CLASSES.map((c) => {
        const of = skus.filter((s) => s.abcClass === c);
        const share = of.reduce((n, s) => n + s.revenueShare, 0);
        return (
          <li key={c} data-class={c}>
            <span className={`an-class abc-${c}`}>{c}</span> {of.length} SKUs · {percent(share)} of revenue
          </li>
        );
      })}
    </ul>
  );
}
