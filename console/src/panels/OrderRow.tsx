import { useState } from 'react';
import { date, dateTime, money, words } from '../format.ts';
import type { Order } from '../types.ts';
import { ReturnForm } from './ReturnForm.tsx';
import { ShipmentDetails } from './Tracking.tsx';

const COLUMNS = 6;

/** One order of the timeline; its tracking and "start a return" open underneath, on the same screen. */
export function OrderRow({ order: o, onReturnCreated }: { order: Order; onReturnCreated: () => void }) {
  const [open, setOpen] = useState<'track' | 'return'>();
  const toggle = (what: 'track' | 'return') => setOpen(open === what ? undefined : what);
  const shipments = o.shipments ?? [];
  return (
    <>
      <tr data-channel={o.channel} data-order={o.number}>
        <td className="nowrap">
          {date(o.placedAt)}
          <div className="muted small">{dateTime(o.placedAt).slice(11)}</div>
          <span className={`channel ch-${o.channel}`}>{words(o.channel)}</span>
          {o.salesChannel && <div className="muted small">{o.salesChannel}</div>}
        </td>
        <td>
          <code>{o.number}</code>
          <div className="muted small">{o.sourceSystem}</div>
        </td>
        <td>
          <span className={`status st-${o.status}`}>{words(o.status)}</span>
          <div className="muted small clip" title={`in ${o.sourceSystem}: ${o.sourceStatus}`}>
            {o.sourceStatus}
          </div>
          {o.fulfilmentStatus && o.fulfilmentStatus !== 'UNSOURCED' && <div className="small">fulfilment {words(o.fulfilmentStatus)}</div>}
        </td>
        <td>
          {o.lines === null ? (
            <span className="muted">lines not available</span>
          ) : (
            o.lines.map((l, i) => (
              <div key={i}>
                {l.quantity} × {l.name ?? l.sku}
                {l.deliveryMethod === 'PICKUP' && <span className="muted"> · pickup {l.pickupLocation}</span>}
              </div>
            ))
          )}
        </td>
        <td data-tracking={shipments.map((s) => s.status).join(' ') || undefined}>
          {shipments.map((s) => (
            <div key={s.id}>
              <span className={`status st-${s.status}`}>{words(s.status)}</span>
              {s.estimatedDelivery && <span className="small"> {date(s.estimatedDelivery)}</span>}
            </div>
          ))}
          {o.shipments === null && <span className="muted small">tracking not available</span>}
        </td>
        <td className="num">
          {money(o.totals.grandTotal)}
          <div className="row-actions">
            {shipments.length > 0 && (
              <button type="button" className="small link" aria-expanded={open === 'track'} onClick={() => toggle('track')}>
                Track
              </button>
            )}
            {o.status !== 'CANCELLED' && (
              <button type="button" className="small link" aria-expanded={open === 'return'} onClick={() => toggle('return')}>
                Return…
              </button>
            )}
          </div>
        </td>
      </tr>
      {open && (
        <tr className="details">
          <td colSpan={COLUMNS}>
            {open === 'track' && shipments.map((s) => <ShipmentDetails key={s.id} shipment={s} />)}
            {open === 'return' && <ReturnForm order={o} onCreated={onReturnCreated} />}
          </td>
        </tr>
      )}
    </>
  );
}
