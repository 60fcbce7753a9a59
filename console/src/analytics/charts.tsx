import type { AbcItem } from './operations.ts';

/** A horizontal bar in a table cell: the row's value against the column's largest. */
export function Bar({ value, max, tone = 'accent' }: { value: number; max: number; tone?: 'accent' | 'good' | 'bad' | 'muted' }) {
  const width = max > 0 ? Math.max(0, Math.min(1, value / max)) * 100 : 0;
  return (
    <span className="an-bar" aria-hidden="true">
      <span className={`an-bar-fill ${tone}`} style={{ width: `${width}%` }} />
    </span>
  );
}

/**
 * The expected range as a band and the observed value as a mark, on one scale per row: a mark
 * outside the band is the anomaly, readable without the numbers.
 */
export function RangeBar({ observed, low, high, expected }: { observed: number; low: number; high: number; expected: number }) {
  const top = Math.max(observed, high, expected, 1) * 1.1;
  const x = (v: number) => 2 + (Math.max(0, v) / top) * 156;
  const outside = observed < low || observed > high;
  return (
    <svg className="an-range" width="160" height="18" viewBox="0 0 160 18" aria-hidden="true">
      <line x1="2" x2="158" y1="9" y2="9" className="axis" />
      <rect x={x(low)} y="4" width={Math.max(1, x(high) - x(low))} height="10" className="band" rx="2" />
      <line x1={x(expected)} x2={x(expected)} y1="3" y2="15" className="expected" />
      <circle cx={x(observed)} cy="9" r="4.5" className={outside ? 'observed out' : 'observed'} />
    </svg>
  );
}

/** Revenue per day as columns, with the same-weekday baseline as a line over them. */
export function DayColumns({ days }: { days: { day: string; revenue: number; baseline: number }[] }) {
  if (days.length === 0) return null;
  const max = Math.max(...days.flatMap((d) => [d.revenue, d.baseline]), 1);
  const w = 640;
  const h = 120;
  const step = w / days.length;
  const y = (v: number) => h - (v / max) * (h - 6);
  const line = days.map((d, i) => `${(i + 0.5) * step},${y(d.baseline)}`).join(' ');
  return (
    <figure className="an-figure">
      <svg
        className="an-chart"
        viewBox={`0 0 ${w} ${h}`}
        preserveAspectRatio="none"
        role="img"
        aria-label="Revenue per day, with the same-weekday baseline"
      >
        {days.map((d, i) => (
          <rect key={d.day} x={i * step + 1} y={y(d.revenue)} width={Math.max(1, step - 2)} height={h - y(d.revenue)} className="col">
            <title>{`${d.day}: ${Math.round(d.revenue).toLocaleString('en')}`}</title>
          </rect>
        ))}
        <polyline points={line} className="baseline" vectorEffect="non-scaling-stroke" />
      </svg>
      <figcaption>
        <span>{days[0]!.day}</span>
        <span>revenue per day; line: same weekdays of the 4 weeks before</span>
        <span>{days[days.length - 1]!.day}</span>
      </figcaption>
    </figure>
  );
}

/** Pareto chart: each SKU's revenue share as a column coloured by class, the cumulative share as a line. */
export function Pareto({ skus }: { skus: AbcItem[] }) {
  if (skus.length === 0) return null;
  const w = 640;
  const h = 110;
  const step = w / skus.length;
  const maxShare = Math.max(...skus.map((s) => s.revenueShare), 0.0001);
  const line = skus.map((s, i) => `${(i + 0.5) * step},${h - s.cumulativeShare * (h - 4)}`).join(' ');
  return (
    <figure className="an-figure">
      <svg
        className="an-chart"
        viewBox={`0 0 ${w} ${h}`}
        preserveAspectRatio="none"
        role="img"
        aria-label="Revenue share per SKU by class, and the cumulative share"
      >
        {skus.map((s, i) => {
          const height = (s.revenueShare / maxShare) * (h - 4);
          return (
            <rect
              key={s.sku}
              x={i * step}
              y={h - height}
              width={Math.max(0.5, step - 0.5)}
              height={height}
              className={`abc-${s.abcClass}`}
            />
          );
        })}
        <polyline points={line} className="cumulative" vectorEffect="non-scaling-stroke" />
      </svg>
      <figcaption>
        <span>columns: each SKU&rsquo;s share of revenue, best first; line: cumulative share (A to 80%, B to 95%)</span>
      </figcaption>
    </figure>
  );
}
