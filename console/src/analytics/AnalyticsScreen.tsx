import { useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { SystemNotices } from '../Panel.tsx';
import { AbcPanel } from './AbcPanel.tsx';
import { AnomaliesPanel } from './AnomaliesPanel.tsx';
import { FreshnessLine } from './Freshness.tsx';
import { MembersPanel } from './MembersPanel.tsx';
import { ANALYTICS_FRESHNESS } from './operations.ts';
import { endingOn, lastSalesDay, PRESETS, validRange, type DayRange } from './range.ts';
import { StoresPanel } from './StoresPanel.tsx';
import { SummaryPanel } from './SummaryPanel.tsx';
import './analytics.css';

/**
 * Sales and operations analytics for analysts and admins. Every figure comes from the analytical
 * store's copy, so each panel says how far each system's data reaches; the window defaults to the
 * four weeks up to the last day with sales loaded.
 */
export function AnalyticsScreen() {
  const fresh = useQuery(ANALYTICS_FRESHNESS, { fetchPolicy: 'network-only' });
  const freshness = fresh.data?.analyticsFreshness;
  const [range, setRange] = useState<DayRange>();
  const [draft, setDraft] = useState<DayRange>({ from: '', to: '' });
  const [problem, setProblem] = useState<string>();
  const fromBox = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (range || !freshness) return;
    const initial = endingOn(lastSalesDay(freshness), PRESETS[0].days);
    setRange(initial);
    setDraft(initial);
  }, [freshness, range]);
  useEffect(() => fromBox.current?.focus(), []);

  const apply = (next: DayRange) => {
    const why = validRange(next);
    setProblem(why);
    if (why) return;
    setDraft(next);
    setRange(next);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    apply(draft);
  };
  const end = lastSalesDay(freshness);

  return (
    <main className="analytics" aria-labelledby="analytics-title">
      <header className="an-head">
        <h1 id="analytics-title">Analytics</h1>
        <form className="an-range-form" onSubmit={submit} aria-label="Date range">
          <label>
            From{' '}
            <input
              ref={fromBox}
              type="date"
              name="from"
              value={draft.from}
              max={draft.to || undefined}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          </label>
          <label>
            to{' '}
            <input
              type="date"
              name="to"
              value={draft.to}
              min={draft.from || undefined}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          </label>
          <button type="submit">Show</button>
          {PRESETS.map((p) => (
            <button key={p.days} type="button" className="small secondary" onClick={() => apply(endingOn(end, p.days))}>
              {p.label}
            </button>
          ))}
          {problem && (
            <span className="error" role="alert">
              {problem}
            </span>
          )}
        </form>
      </header>
      <SystemNotices error={fresh.error} />
      <FreshnessLine freshness={freshness} label="Analytical copy, per system" />
      {!range && !fresh.error && (
        <p className="loading" role="status">
          Opening the analytical store… (the first request after a start copies every system&rsquo;s data, which takes a while)
        </p>
      )}
      {range && (
        <div className="an-grid">
          <SummaryPanel range={range} />
          <AnomaliesPanel range={range} />
          <StoresPanel range={range} />
          <AbcPanel range={range} />
          <MembersPanel range={range} />
        </div>
      )}
    </main>
  );
}
