import type { ErrorLike } from '@apollo/client';
import { words } from '../format.ts';
import { Panel } from '../Panel.tsx';
import type { StaleRead } from '../stale.ts';
import type { Order } from '../types.ts';
import { OrderRow } from './OrderRow.tsx';

export interface OrdersPanelProps {
  orders: Order[];
  totalCount: number | undefined;
  loading: boolean;
  error: ErrorLike | undefined;
  stale: StaleRead[];
  /** Asks for more of the customer's orders; absent when all are shown. */
  onShowMore?: () => void;
  onReturnCreated: () => void;
}

/** Every channel's orders, newest first, with the canonical status and the system's own beside it. */
export function OrdersPanel({ orders, totalCount, loading, error, stale, onShowMore, onReturnCreated }: OrdersPanelProps) {
  const byChannel = new Map<string, number>();
  for (const o of orders) byChannel.set(o.channel, (byChannel.get(o.channel) ?? 0) + 1);
  return (
    <Panel
      id="orders"
      title={`Orders${totalCount !== undefined ? ` (${totalCount})` : ''}`}
      loading={loading}
      error={error}
      stale={stale}
      className="orders"
    >
      {byChannel.size > 0 && (
        <p className="channels">
          {[...byChannel].map(([channel, n]) => (
            <span key={channel} className={`channel ch-${channel}`}>
              {words(channel)} {n}
            </span>
          ))}
          {totalCount !== undefined && totalCount > orders.length && <span className="muted"> · newest {orders.length} shown</span>}
          {onShowMore && totalCount !== undefined && totalCount > orders.length && (
            <button type="button" className="small link" onClick={onShowMore}>
              Show more
            </button>
          )}
        </p>
      )}
      {orders.length > 0 ? (
        <table className="timeline">
          <thead>
            <tr>
              <th scope="col">Placed, channel</th>
              <th scope="col">Order</th>
              <th scope="col">Status</th>
              <th scope="col">Items</th>
              <th scope="col">Tracking</th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {orders.map((o) => (
              <OrderRow key={o.id} order={o} onReturnCreated={onReturnCreated} />
            ))}
          </tbody>
        </table>
      ) : (
        !loading && <p className="muted">{error ? 'No orders could be read.' : 'No orders.'}</p>
      )}
    </Panel>
  );
}
