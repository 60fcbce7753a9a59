import type { ErrorLike } from '@apollo/client';
import type { ReactNode } from 'react';
import { explain, SYSTEM_LABELS, systemNotices } from './notices.ts';
import { age, type StaleRead } from './stale.ts';

export interface PanelProps {
  id: string;
  title: string;
  loading?: boolean;
  /** The panel's GraphQL errors: one notice per legacy system that could not answer. */
  error?: ErrorLike | undefined;
  /** Systems whose part of the panel came from cache because they did not answer. */
  stale?: StaleRead[];
  actions?: ReactNode;
  className?: string;
  children?: ReactNode;
}

/** A section of the customer screen that says, by itself, which system failed it and why. */
export function Panel({ id, title, loading, error, stale, actions, className, children }: PanelProps) {
  return (
    <section className={`panel ${className ?? ''}`} aria-labelledby={`${id}-title`} data-panel={id}>
      <header className="panel-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {loading && (
          <span className="loading" aria-live="polite">
            loading…
          </span>
        )}
        {actions}
      </header>
      <SystemNotices error={error} />
      <StaleNotices stale={stale ?? []} />
      {children}
    </section>
  );
}

export function SystemNotices({ error }: { error: ErrorLike | undefined }) {
  const notices = systemNotices(error);
  if (notices.length === 0) return null;
  return (
    <ul className="notices">
      {notices.map((n) => (
        <li key={n.system} className="notice" role="alert" data-system={n.system} data-code={n.code}>
          <strong>{SYSTEM_LABELS[n.system] ?? n.system}</strong> {explain(n)}
          {n.missing.length > 0 && <> — not shown: {n.missing.join(', ')}</>}
          {n.system !== 'GRAPH' && <>. The rest of the screen still works.</>}
          <div className="notice-detail">
            {n.message} ({n.code})
          </div>
        </li>
      ))}
    </ul>
  );
}

export function StaleNotices({ stale }: { stale: StaleRead[] }) {
  if (stale.length === 0) return null;
  return (
    <ul className="notices">
      {stale.map((s) => (
        <li key={s.system} className="notice stale" role="status" data-system={s.system} data-code="STALE">
          <strong>{SYSTEM_LABELS[s.system] ?? s.system}</strong> is not answering — its part is shown as it was {age(s.ageMs)} ago (cached).
        </li>
      ))}
    </ul>
  );
}
