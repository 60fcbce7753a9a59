import { dateTime } from '../format.ts';
import type { Freshness } from './operations.ts';

const SYSTEM_NAMES: Record<string, string> = { ERP: 'ERP', POS: 'POS', MARKETPLACE: 'Marketplace', WMS: 'WMS' };

/**
 * How far each system's data behind an answer reaches. Analytics reads its own copy, so a system
 * that is down makes its figures old rather than missing: say so beside the figures.
 */
export function FreshnessLine({ freshness, label = 'Data through' }: { freshness: Freshness[] | undefined; label?: string }) {
  if (!freshness || freshness.length === 0) return null;
  return (
    <p className="an-fresh">
      <span className="muted">{label}:</span>{' '}
      {freshness.map((f) => (
        <span
          key={`${f.system}-${f.feed ?? ''}`}
          className={f.stale ? 'an-fresh-item stale' : 'an-fresh-item'}
          data-system={f.system}
          data-stale={f.stale}
          title={f.lastError ?? (f.lastSuccessAt ? `last loaded ${dateTime(f.lastSuccessAt)}` : 'never loaded')}
        >
          <strong>
            {SYSTEM_NAMES[f.system] ?? f.system}
            {f.feed ? ` ${f.feed.toLowerCase()}` : ''}
          </strong>{' '}
          {f.dataThrough ? dateTime(f.dataThrough) : 'not loaded'}
          {f.stale && <> — stale{f.lastError ? `: ${f.lastError}` : ''}</>}
        </span>
      ))}
    </p>
  );
}
