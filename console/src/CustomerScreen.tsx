import { useApolloClient, useQuery } from '@apollo/client/react';
import { useMemo, useState } from 'react';
import { CUSTOMER_ORDERS, CUSTOMER_PROFILE, CUSTOMER_RETURNS } from './operations.ts';
import { OrdersPanel } from './panels/OrdersPanel.tsx';
import { ProfilePanel } from './panels/ProfilePanel.tsx';
import { ReturnsPanel } from './panels/ReturnsPanel.tsx';
import { ServicePanel } from './panels/ServicePanel.tsx';
import { StockPanel } from './panels/StockPanel.tsx';
import { useStale } from './stale.ts';
import type { Order, Profile, SkuChoice } from './types.ts';

/** Enough for a glance; "Show more" asks for the next page's worth. */
const ORDERS_PAGE = 12;

/**
 * Everything about one customer on one screen. Each panel is its own request, so a slow or
 * failed system delays or blanks only the panels that need it.
 */
export function CustomerScreen({ customerId }: { customerId: string }) {
  const client = useApolloClient();
  const [ordersShown, setOrdersShown] = useState(ORDERS_PAGE);
  const profile = useQuery(CUSTOMER_PROFILE, { variables: { id: customerId } });
  const orders = useQuery(CUSTOMER_ORDERS, {
    variables: { id: customerId, first: ordersShown },
  });
  const profileStale = useStale('ConsoleCustomerProfile');
  const ordersStale = useStale('ConsoleCustomerOrders');
  const customer = profile.data?.customer;
  const orderList = useMemo(() => orders.data?.customer?.orders.nodes ?? [], [orders.data]);
  const skus = useMemo(() => skuChoices(orderList, customer ?? undefined), [orderList, customer]);
  const homeStore = useMemo(() => usualStore(orderList), [orderList]);
  const refresh = () => void client.refetchQueries({ include: [CUSTOMER_PROFILE, CUSTOMER_ORDERS, CUSTOMER_RETURNS] });

  return (
    <main className="customer" aria-label="Customer">
      <div className="grid">
        <div className="column">
          <ProfilePanel
            profile={customer ?? undefined}
            loading={profile.loading}
            error={profile.error}
            stale={profileStale}
            onRefresh={refresh}
          />
          <OrdersPanel
            orders={orderList}
            totalCount={orders.data?.customer?.orders.totalCount}
            loading={orders.loading}
            error={orders.error}
            stale={ordersStale}
            onShowMore={() => setOrdersShown((n) => n + ORDERS_PAGE * 2)}
            onReturnCreated={() => void client.refetchQueries({ include: [CUSTOMER_RETURNS] })}
          />
        </div>
        <div className="column">
          <ServicePanel profile={customer ?? undefined} loading={profile.loading} error={profile.error} stale={profileStale} />
          <ReturnsPanel customerId={customerId} />
          <StockPanel customerId={customerId} skus={skus} homeStoreCode={homeStore} onOrderPlaced={() => void orders.refetch()} />
        </div>
      </div>
    </main>
  );
}

/** Products the caller is likely to ask about: newest order lines first, then cart and wishlist. */
function skuChoices(orders: Order[], profile: Profile | undefined): SkuChoice[] {
  const seen = new Map<string, string>();
  for (const o of orders) for (const l of o.lines ?? []) if (!seen.has(l.sku)) seen.set(l.sku, l.name ?? l.sku);
  for (const i of profile?.cart?.items ?? []) if (!seen.has(i.sku)) seen.set(i.sku, i.product?.name ?? i.sku);
  for (const i of profile?.wishlist?.items ?? []) if (!seen.has(i.sku)) seen.set(i.sku, i.product?.name ?? i.sku);
  return [...seen].map(([sku, name]) => ({ sku, name }));
}

/**
 * The graph holds no home address, so "near the customer" starts at the store they use most:
 * till receipts are numbered by store (ST001-…) and pickup lines name theirs.
 */
function usualStore(orders: Order[]): string | undefined {
  const counts = new Map<string, number>();
  const add = (code: string | null | undefined) => code && counts.set(code, (counts.get(code) ?? 0) + 1);
  for (const o of orders) {
    add(/^(ST\d{3})-/.exec(o.number)?.[1]);
    for (const l of o.lines ?? []) add(l.pickupLocation);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
}
