import { useLazyQuery, useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { actionKey, date, words } from '../format.ts';
import { PLACE_ORDER, QUOTE } from '../operations.ts';
import { SystemNotices } from '../Panel.tsx';
import type { Store } from '../types.ts';

export interface OrderEntryProps {
  customerId: string;
  sku: string;
  quantity: number;
  stores: Store[];
  pickupStoreId: string;
  onPlaced: () => void;
}

const SERVICE_LEVELS = ['STANDARD', 'EXPRESS', 'NEXT_DAY', 'SAME_DAY', 'ONE_HOUR'];

/** Quote, then place: the quote says when and from where; placing holds the stock and creates the ERP order. */
export function OrderEntry({ customerId, sku, quantity, stores, pickupStoreId, onPlaced }: OrderEntryProps) {
  const [method, setMethod] = useState<'SHIP' | 'PICKUP'>('SHIP');
  const [level, setLevel] = useState('STANDARD');
  const [quote, quoted] = useLazyQuery(QUOTE, { fetchPolicy: 'network-only' });
  const [place, placed] = useMutation(PLACE_ORDER);
  // One key per quote: pressing "Place order" again for the same quote never orders twice.
  const [key, setKey] = useState('');
  const line = quoted.data?.orderQuote?.lines[0];
  const pickupStore = stores.find((s) => s.id === pickupStoreId);

  const submitQuote = (e: FormEvent) => {
    e.preventDefault();
    setKey(actionKey('order'));
    placed.reset();
    void quote({
      variables: {
        input: {
          lines: [
            {
              sku,
              quantity,
              deliveryMethod: method,
              serviceLevel: method === 'SHIP' ? level : 'STANDARD',
              ...(method === 'PICKUP' && { pickupLocationId: pickupStoreId }),
            },
          ],
        },
      },
    });
  };
  const submitOrder = async () => {
    if (!line?.fromLocationId) return;
    const res = await place({
      variables: {
        key,
        input: {
          customerId,
          channel: 'CALL_CENTRE',
          lines: [{ sku, quantity, deliveryMethod: line.deliveryMethod, locationId: line.fromLocationId, promisedDate: line.promisedDate }],
        },
      },
    });
    if (res.data?.placeOrder?.__typename === 'OrderPlaced') onPlaced();
  };
  const result = placed.data?.placeOrder;

  return (
    <div className="order-entry">
      <h3>Order it for the customer</h3>
      <form onSubmit={submitQuote} className="quote-form">
        <label>
          Delivery
          <select value={method} onChange={(e) => setMethod(e.target.value as 'SHIP' | 'PICKUP')} name="delivery">
            <option value="SHIP">Ship to the customer</option>
            <option value="PICKUP">Pick up at {pickupStore?.name ?? 'the chosen store'}</option>
          </select>
        </label>
        {method === 'SHIP' && (
          <label>
            Service
            <select value={level} onChange={(e) => setLevel(e.target.value)} name="service">
              {SERVICE_LEVELS.map((l) => (
                <option key={l} value={l}>
                  {words(l)}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="submit">
          Quote {quantity} × {sku}
        </button>
      </form>
      <SystemNotices error={quoted.error} />
      {line && (
        <div className="quote" role="status">
          {line.promisedDate ? (
            <>
              {words(line.serviceLevel)} {line.deliveryMethod === 'PICKUP' ? 'pickup' : 'delivery'} by{' '}
              <strong>{date(line.promisedDate)}</strong>
              {line.fromLocationId && (
                <span className="muted"> from {stores.find((s) => s.id === line.fromLocationId)?.name ?? 'a distribution centre'}</span>
              )}
            </>
          ) : (
            <>Cannot be promised{line.note ? `: ${line.note}` : ''}.</>
          )}{' '}
          {line.fromLocationId && (
            <button type="button" onClick={() => void submitOrder()} disabled={placed.loading || result?.__typename === 'OrderPlaced'}>
              Place order
            </button>
          )}
        </div>
      )}
      <SystemNotices error={placed.error} />
      {result?.__typename === 'OrderPlaced' && (
        <p className="outcome good" role="status" data-order={result.order.number}>
          Order <strong>{result.order.number}</strong> placed ({words(result.order.status)}).
        </p>
      )}
      {result?.__typename === 'OrderInsufficientStock' && (
        <p className="outcome bad" role="status">
          Not placed: only {result.available} of {result.requested} × {result.sku} left there. Quote again.
        </p>
      )}
      {result?.__typename === 'OrderRejected' && (
        <p className="outcome bad" role="status">
          The ERP refused the order: {result.reason}
        </p>
      )}
    </div>
  );
}
