import { useLazyQuery } from '@apollo/client/react';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { AnalyticsScreen } from './analytics/AnalyticsScreen.tsx';
import { CustomerScreen } from './CustomerScreen.tsx';
import { FIND_CUSTOMERS } from './operations.ts';
import { SystemNotices } from './Panel.tsx';
import { classifySearch, SEARCH_KIND_LABELS, type SearchKind } from './search.ts';
import type { Session } from './session.ts';

/** Roles whose scopes include analytics:read (gateway/src/auth/roles.ts); the graph refuses anyone else. */
const ANALYTICS_ROLES = ['admin', 'analyst'];
/** The analyst works on aggregates only: no customer search. */
const CUSTOMER_ROLES = ['agent', 'store', 'admin'];
type View = 'customers' | 'analytics';

/** A search box that takes any identifier, then the customer it finds; analytics for the roles that may see it. */
export function Workspace({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const views: View[] = [
    ...(CUSTOMER_ROLES.includes(session.role) ? ['customers' as const] : []),
    ...(ANALYTICS_ROLES.includes(session.role) ? ['analytics' as const] : []),
  ];
  const [view, setView] = useState<View>(views[0] ?? 'customers');
  const [text, setText] = useState('');
  const [searched, setSearched] = useState<{ kind: SearchKind; value: string }>();
  const [selected, setSelected] = useState<string>();
  const searchBox = useRef<HTMLInputElement>(null);
  const firstHit = useRef<HTMLButtonElement>(null);
  const [find, result] = useLazyQuery(FIND_CUSTOMERS, { fetchPolicy: 'network-only' });
  const hits = result.data?.findCustomers ?? [];

  useEffect(() => {
    if (view === 'customers') searchBox.current?.focus();
  }, [view]);
  useEffect(() => {
    if (result.loading || !searched) return;
    if (hits.length === 1) setSelected(hits[0]!.id);
    else if (hits.length > 1) firstHit.current?.focus();
  }, [result.loading, hits, searched]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const query = classifySearch(text);
    if (!query) return;
    setSelected(undefined);
    setSearched(query);
    void find({ variables: { [query.kind]: query.value } });
  };
  const guess = classifySearch(text);

  return (
    <div className="workspace">
      <header className="top">
        <span className="brand">retail360</span>
        {views.length > 1 && (
          <nav className="an-nav" aria-label="Views">
            {views.map((v) => (
              <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)}>
                {v === 'customers' ? 'Customers' : 'Analytics'}
              </button>
            ))}
          </nav>
        )}
        {view === 'customers' ? (
          <form className="search" role="search" onSubmit={submit}>
            <label htmlFor="search" className="sr-only">
              Find a customer by phone, email, card number or order number
            </label>
            <input
              id="search"
              ref={searchBox}
              type="search"
              value={text}
              onChange={(e) => setText(e.target.value)}
              placeholder="Phone, email, card number or order number"
              autoComplete="off"
            />
            <span className="search-kind" aria-live="polite">
              {guess ? `by ${SEARCH_KIND_LABELS[guess.kind]}` : ''}
            </span>
            <button type="submit">Find</button>
          </form>
        ) : (
          <span className="search" />
        )}
        <span className="who" title={session.subject}>
          {session.subject} · {session.role}
          {session.store ? ` · ${session.store}` : ''}
        </span>
        <button type="button" className="link" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      {view === 'analytics' && <AnalyticsScreen />}
      {view === 'customers' && (
        <>
          <SystemNotices error={result.error} />
          {searched && !result.loading && hits.length === 0 && !result.error && (
            <p className="empty" role="status">
              No customer with {SEARCH_KIND_LABELS[searched.kind]} “{searched.value}”.
            </p>
          )}
          {result.loading && <p className="loading">Searching…</p>}
          {hits.length > 1 && !selected && (
            <nav className="hits" aria-label="Customers found">
              <p>{hits.length} people match: choose one.</p>
              <ol>
                {hits.map((h, i) => (
                  <li key={h.id}>
                    <button type="button" ref={i === 0 ? firstHit : undefined} onClick={() => setSelected(h.id)}>
                      <strong>{h.name ?? h.id}</strong> {h.phones?.[0] ?? ''} {h.emails?.[0] ?? ''} ·{' '}
                      {[...new Set(h.identities.map((x) => x.system))].join(', ')}
                    </button>
                  </li>
                ))}
              </ol>
            </nav>
          )}
          {selected && <CustomerScreen customerId={selected} />}
          {!searched && (
            <p className="hint">
              Type what the caller gives you — <kbd>138 0013 8000</kbd>, an email, a member card or an order number — and press{' '}
              <kbd>Enter</kbd>.
            </p>
          )}
        </>
      )}
    </div>
  );
}
