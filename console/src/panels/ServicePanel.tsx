import type { ErrorLike } from '@apollo/client';
import { date, words } from '../format.ts';
import { Panel } from '../Panel.tsx';
import type { StaleRead } from '../stale.ts';
import type { Profile } from '../types.ts';

/** Open service cases, and what sits in the web shop cart and wishlist. */
export interface ServicePanelProps {
  profile: Profile | undefined;
  loading: boolean;
  error: ErrorLike | undefined;
  stale: StaleRead[];
}

export function ServicePanel({ profile, loading, error, stale }: ServicePanelProps) {
  const cases = profile?.serviceCases;
  return (
    <Panel id="service" title="Service cases, cart, wishlist" loading={loading} error={error} stale={stale} className="service">
      {profile && (
        <>
          <h3>Service cases</h3>
          {cases && cases.length > 0 ? (
            <table className="compact">
              <tbody>
                {cases.map((c) => (
                  <tr key={c.id}>
                    <td className="nowrap">{date(c.openedAt)}</td>
                    <td>{words(c.kind)}</td>
                    <td>
                      <span className={`status st-${c.status}`}>{words(c.status)}</span>
                    </td>
                    <td>
                      {c.subject}
                      {c.orderNumber && <span className="muted"> · {c.orderNumber}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : (
            <p className="muted">{cases === null ? 'not available' : 'none'}</p>
          )}
          <h3>Cart {profile.cart?.abandoned && <span className="warn">abandoned {profile.cart.ageDays} days</span>}</h3>
          {profile.cart ? (
            <ul className="plain">
              {profile.cart.items.map((i) => (
                <li key={i.sku}>
                  {i.quantity} × {i.product?.name ?? i.sku} <span className="muted">{i.sku}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{error ? 'not available' : 'empty'}</p>
          )}
          <h3>Wishlist</h3>
          {profile.wishlist ? (
            <ul className="plain">
              {profile.wishlist.items.map((i) => (
                <li key={i.sku}>
                  {i.product?.name ?? i.sku} <span className="muted">{i.sku}</span>
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{error ? 'not available' : 'empty'}</p>
          )}
        </>
      )}
    </Panel>
  );
}
