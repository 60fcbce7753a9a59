import { useQuery } from '@apollo/client/react';
import { date, money, words } from '../format.ts';
import { CUSTOMER_RETURNS } from '../operations.ts';
import { Panel } from '../Panel.tsx';
import { useStale } from '../stale.ts';

/** Returns from every channel taken back anywhere, newest first, with their refund. */
export function ReturnsPanel({ customerId }: { customerId: string }) {
  const returns = useQuery(CUSTOMER_RETURNS, { variables: { id: customerId } });
  const stale = useStale('ConsoleCustomerReturns');
  const list = returns.data?.customer?.returns;
  return (
    <Panel id="returns" title="Returns" loading={returns.loading} error={returns.error} stale={stale} className="returns">
      {list && list.length > 0 ? (
        <table className="compact">
          <tbody>
            {list.map((r) => (
              <tr key={r.id} data-return={r.number}>
                <td className="nowrap">{date(r.createdAt)}</td>
                <td>
                  <code>{r.number}</code>
                  <div className="muted small">order {r.originalOrder.number}</div>
                </td>
                <td>
                  <span className={`status st-${r.status}`}>{words(r.status)}</span>
                  {r.channel && <div className="muted small">{words(r.channel)}</div>}
                </td>
                <td>
                  {r.lines.map((l) => (
                    <div key={l.sku}>
                      {l.quantity} × {l.sku}
                    </div>
                  ))}
                </td>
                <td className="num">
                  {money(r.total)}
                  {r.refund && <div className="small good">refunded {money(r.refund.amount)}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        !returns.loading && <p className="muted">{list === null || returns.error ? 'not available' : 'none'}</p>
      )}
    </Panel>
  );
}
