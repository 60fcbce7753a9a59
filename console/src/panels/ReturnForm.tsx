import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { actionKey, date, money, words } from '../format.ts';
import { CREATE_RETURN, RETURN_ELIGIBILITY } from '../operations.ts';
import { SystemNotices } from '../Panel.tsx';
import type { Order } from '../types.ts';

const CHANNELS = [
  { value: 'POST', label: 'the customer posts it back' },
  { value: 'CALL_CENTRE', label: 'collected (call centre)' },
];

/** Starts a return of an order: what the policy still allows per line, then one click to create it. */
export function ReturnForm({ order, onCreated }: { order: Order; onCreated: () => void }) {
  const eligibility = useQuery(RETURN_ELIGIBILITY, { variables: { orderId: order.id }, fetchPolicy: 'network-only' });
  const [create, created] = useMutation(CREATE_RETURN);
  const [quantities, setQuantities] = useState<Record<string, number>>({});
  const [channel, setChannel] = useState('POST');
  const [reason, setReason] = useState('');
  // One key per form: submitting again (a retry, a double press) never creates a second return.
  const [key] = useState(() => actionKey('return'));
  const lines = eligibility.data?.returnEligibility?.lines ?? [];

  useEffect(() => {
    const offered = eligibility.data?.returnEligibility?.lines ?? [];
    setQuantities(Object.fromEntries(offered.map((l) => [l.sku, l.returnable])));
  }, [eligibility.data]);

  const chosen = Object.entries(quantities).filter(([, q]) => q > 0);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (chosen.length === 0) return;
    const res = await create({
      variables: {
        key,
        input: {
          proof: { orderId: order.id },
          channel,
          lines: chosen.map(([sku, quantity]) => ({ sku, quantity, ...(reason && { reason }) })),
        },
      },
    });
    if (res.data?.createReturn?.__typename === 'ReturnCreated') onCreated();
  };
  const result = created.data?.createReturn;
  const name = (sku: string) => order.lines?.find((l) => l.sku === sku)?.name ?? sku;

  return (
    <form className="return-form" onSubmit={submit} aria-label={`Return from order ${order.number}`}>
      <SystemNotices error={eligibility.error} />
      {eligibility.loading && <p className="loading">Checking the return policy…</p>}
      {eligibility.data?.returnEligibility && (
        <p>
          Return window closes <strong>{date(eligibility.data.returnEligibility.windowClosesOn)}</strong>.
        </p>
      )}
      {lines.map((l) => (
        <div key={l.sku} className="return-line">
          <label>
            <input
              type="number"
              min={0}
              max={l.returnable}
              value={quantities[l.sku] ?? 0}
              disabled={l.returnable === 0}
              onChange={(e) => setQuantities({ ...quantities, [l.sku]: Math.min(l.returnable, Math.max(0, Number(e.target.value) || 0)) })}
              aria-label={`quantity of ${name(l.sku)} to return`}
            />{' '}
            of {l.purchased - l.alreadyReturned} × {name(l.sku)}
          </label>
          {l.reasons.map((r) => (
            <span key={r.code} className="bad small">
              {' '}
              {r.message}
            </span>
          ))}
        </div>
      ))}
      {lines.length > 0 && lines.every((l) => l.returnable === 0) && (
        <p className="outcome bad" role="status">
          Nothing on this order can be returned any more.
        </p>
      )}
      {lines.some((l) => l.returnable > 0) && (
        <p className="return-submit">
          <select value={channel} onChange={(e) => setChannel(e.target.value)} aria-label="how the item comes back">
            {CHANNELS.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
          <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="reason (optional)" aria-label="reason" />
          <button type="submit" disabled={chosen.length === 0 || created.loading || result?.__typename === 'ReturnCreated'}>
            Start return
          </button>
        </p>
      )}
      <SystemNotices error={created.error} />
      {result?.__typename === 'ReturnCreated' && (
        <p className="outcome good" role="status" data-return={result.return.number}>
          Return <strong>{result.return.number}</strong> {words(result.return.status)} for {money(result.return.total)}.
        </p>
      )}
      {result?.__typename === 'ReturnNotEligible' && (
        <p className="outcome bad" role="status">
          Not eligible: {result.reasons.map((r) => r.message).join('; ')}
        </p>
      )}
      {result?.__typename === 'ReturnProofNotFound' && (
        <p className="outcome bad" role="status">
          {result.message}
        </p>
      )}
    </form>
  );
}
