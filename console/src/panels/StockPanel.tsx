import { useLazyQuery, useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useState, type FormEvent } from 'react';
import { actionKey, date, dateTime, money } from '../format.ts';
import { RESERVE, STOCK_NEAR, STORES } from '../operations.ts';
import { Panel, StaleNotices, SystemNotices } from '../Panel.tsx';
import { useStale } from '../stale.ts';
import type { ReserveResult, SkuChoice, StoreStock } from '../types.ts';
import { OrderEntry } from './OrderEntry.tsx';

export interface StockPanelProps {
  customerId: string;
  skus: SkuChoice[];
  homeStoreCode: string | undefined;
  onOrderPlaced: () => void;
}

/** A product's stock in the stores near the customer, with "hold it" and "order it" next to it. */
export function StockPanel({ customerId, skus, homeStoreCode, onOrderPlaced }: StockPanelProps) {
  const stores = useQuery(STORES);
  const storeList = stores.data?.locations ?? [];
  const [sku, setSku] = useState('');
  const [quantity, setQuantity] = useState(1);
  const [near, setNear] = useState('');
  const [check, stock] = useLazyQuery(STOCK_NEAR, {
    fetchPolicy: 'network-only',
  });
  const [reserve, reservation] = useMutation(RESERVE);
  const stockStale = useStale('ConsoleStockNear');
  const [lastHold, setLastHold] = useState<{ store: string; result: ReserveResult }>();

  useEffect(() => {
    if (!sku && skus[0]) setSku(skus[0].sku);
  }, [skus, sku]);
  useEffect(() => {
    if (near || storeList.length === 0) return;
    setNear((storeList.find((s) => s.code === homeStoreCode) ?? storeList[0]!).id);
  }, [storeList, homeStoreCode, near]);

  const anchor = storeList.find((s) => s.id === near);
  const run = () => {
    if (!anchor || !sku.trim()) return;
    void check({ variables: { sku: sku.trim(), latitude: anchor.latitude, longitude: anchor.longitude, quantity } });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setLastHold(undefined);
    run();
  };
  const hold = async (row: StoreStock) => {
    const res = await reserve({
      variables: { sku: sku.trim(), locationId: row.location.id, quantity, key: actionKey('hold'), reference: customerId },
    });
    const result = res.data?.reserveInventory;
    if (result) setLastHold({ store: row.location.name, result });
    run();
  };

  const rows = stock.data?.storesNear ?? [];
  const product = stock.data?.product;
  return (
    <Panel id="stock" title="Stock near the customer" loading={stores.loading || stock.loading} error={stores.error} className="stock">
      <form className="stock-form" onSubmit={submit}>
        <label>
          Product (SKU)
          <input list="sku-choices" value={sku} onChange={(e) => setSku(e.target.value)} name="sku" required />
          <datalist id="sku-choices">
            {skus.map((s) => (
              <option key={s.sku} value={s.sku}>
                {s.name}
              </option>
            ))}
          </datalist>
        </label>
        <label>
          Qty
          <input
            type="number"
            min={1}
            max={99}
            value={quantity}
            onChange={(e) => setQuantity(Math.max(1, Number(e.target.value) || 1))}
            name="quantity"
          />
        </label>
        <label>
          Near
          <select value={near} onChange={(e) => setNear(e.target.value)} name="near">
            {storeList.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
                {s.code === homeStoreCode ? ' (usual store)' : ''}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={!anchor}>
          Check stock
        </button>
      </form>
      <SystemNotices error={stock.error} />
      <StaleNotices stale={stockStale} />
      {product && (
        <p className="product-line">
          <strong>{product.name ?? product.sku}</strong> {product.brand && <span className="muted">{product.brand}</span>} · list{' '}
          {money(product.price)} · network ATP <strong>{product.networkAvailability?.atp ?? '—'}</strong>
          {product.networkAvailability?.earliestDate && <> · earliest {date(product.networkAvailability.earliestDate)}</>}
        </p>
      )}
      {lastHold && <HoldOutcome store={lastHold.store} result={lastHold.result} />}
      <SystemNotices error={reservation.error} />
      {rows.length > 0 && (
        <table className="stores">
          <thead>
            <tr>
              <th scope="col">Store</th>
              <th scope="col" className="num">
                km
              </th>
              <th scope="col" className="num">
                Store price
              </th>
              <th scope="col" className="num">
                Available
              </th>
              <th scope="col">Earliest</th>
              <th scope="col">
                <span className="sr-only">Action</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.location.id} data-store={r.location.code}>
                <td>
                  {r.location.name} <span className="muted">{r.location.address.district}</span>
                </td>
                <td className="num">{r.distanceKm.toFixed(1)}</td>
                <td className="num">{money(r.price)}</td>
                <td
                  className={`num ${(r.atp ?? 0) >= quantity ? 'good' : 'bad'}`}
                  title={
                    r.availability
                      ? `on hand ${r.availability.onHand}, reserved ${r.availability.reserved}, safety ${r.availability.safetyStock}`
                      : undefined
                  }
                >
                  {r.atp ?? '—'}
                </td>
                <td className="nowrap">{date(r.earliestDate)}</td>
                <td>
                  <button
                    type="button"
                    className="small"
                    disabled={reservation.loading || (r.atp ?? 0) < quantity}
                    onClick={() => void hold(r)}
                  >
                    Reserve {quantity}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {stock.data && rows.length === 0 && <p className="muted">No store within 25 km.</p>}
      {product && (
        <OrderEntry
          customerId={customerId}
          sku={product.sku}
          quantity={quantity}
          stores={storeList}
          pickupStoreId={near}
          onPlaced={onOrderPlaced}
        />
      )}
    </Panel>
  );
}

function HoldOutcome({ store, result }: { store: string; result: ReserveResult }) {
  if (result.__typename === 'InsufficientStock')
    return (
      <p className="outcome bad" role="status">
        Not held: only {result.available} of {result.requested} available at {store}.
      </p>
    );
  return (
    <p className="outcome good" role="status" data-reservation={result.number}>
      Held {result.quantity} at {result.location.name} — reservation <strong>{result.number}</strong> until {dateTime(result.expiresAt)}.
      Give the customer this number for the till.
    </p>
  );
}
