import { useMutation } from '@apollo/client/react';
import { useState } from 'react';
import { actionKey, date, dateTime, words } from '../format.ts';
import { INTERCEPT } from '../operations.ts';
import { SystemNotices } from '../Panel.tsx';
import type { InterceptResult, Shipment } from '../types.ts';

/** Tracking states after which the carrier takes no more changes. */
const FINAL = new Set(['DELIVERED', 'RETURN_TO_SENDER', 'CANCELLED']);

const ACTIONS = [
  { action: 'HOLD_AT_LOCATION', label: 'Hold at a UPS location' },
  { action: 'RETURN_TO_SENDER', label: 'Return to sender' },
] as const;

/** One parcel: its scans newest first, and the interceptions the carrier may still accept. */
export function ShipmentDetails({ shipment }: { shipment: Shipment }) {
  const [intercept, result] = useMutation(INTERCEPT);
  const [outcome, setOutcome] = useState<InterceptResult>();
  const ask = async (action: string) => {
    const res = await intercept({ variables: { trackingNumber: shipment.trackingNumber, action, key: actionKey('intercept') } });
    if (res.data?.interceptShipment) setOutcome(res.data.interceptShipment);
  };
  return (
    <div className="shipment" data-tracking-number={shipment.trackingNumber}>
      <p>
        <strong>{shipment.carrier}</strong> <code>{shipment.trackingNumber}</code>{' '}
        <span className={`status st-${shipment.status}`}>{words(shipment.status)}</span>
        {shipment.estimatedDelivery && <> · expected {date(shipment.estimatedDelivery)}</>}
      </p>
      <ol className="events">
        {[...shipment.events].reverse().map((e, i) => (
          <li key={i}>
            <span className="muted nowrap">{dateTime(e.at)}</span> {e.description} <span className="muted">· {e.location}</span>
          </li>
        ))}
      </ol>
      {!FINAL.has(shipment.status) && (
        <p className="intercept">
          {ACTIONS.map((a) => (
            <button key={a.action} type="button" className="small" disabled={result.loading} onClick={() => void ask(a.action)}>
              {a.label}
            </button>
          ))}
        </p>
      )}
      <SystemNotices error={result.error} />
      {outcome?.__typename === 'InterceptAccepted' && (
        <p className="outcome good" role="status" data-intercept="accepted">
          The carrier accepted: {words(outcome.action)}. The parcel is now {words(outcome.shipment.status)}.
        </p>
      )}
      {outcome?.__typename === 'InterceptTooLate' && (
        <p className="outcome bad" role="status" data-intercept="too-late">
          Too late to change ({words(outcome.reason)}): {outcome.message}
        </p>
      )}
      {outcome?.__typename === 'ShipmentNotFound' && (
        <p className="outcome bad" role="status">
          The carrier does not know {outcome.trackingNumber}.
        </p>
      )}
    </div>
  );
}
