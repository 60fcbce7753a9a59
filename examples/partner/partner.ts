import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readPartnerConfig } from './config.ts';
import { PersistedClient } from './persisted.ts';

interface Catalogue {
  channel: string;
  listings: { sku: string; listingId: string }[];
}
interface PartnerOrder {
  id: string;
  number: string;
  salesChannel: string | null;
  status: string;
  sourceStatus: string;
  placedAt: string;
  lines: { sku: string; quantity: number; promisedDate: string | null }[] | null;
  totals: { grandTotal: { amount: string; currency: string } };
  /** Null when the carrier cannot answer (an error names CARRIER). */
  shipments: { carrier: string; trackingNumber: string; status: string; estimatedDelivery: string | null }[] | null;
}

/** `products(skus:)` answers at most this many SKUs per request. */
const MAX_SKUS_PER_REQUEST = 100;

const USAGE = 'usage: npx tsx examples/partner/partner.ts [--catalogue <file.json>] [--quantity <n>] [--order <marketplace order id>]…';

/**
 * The graph's order id for a marketplace order: stable, built from the marketplace's own id, so a
 * partner can look up the orders it already knows (docs/partners.md).
 */
function orderIdOf(marketplaceOrderId: string): string {
  return `ord_${Buffer.from(`MARKETPLACE:${marketplaceOrderId}`, 'utf8').toString('base64url')}`;
}

/** A marketplace's sync job: stock it may sell for each listing, and the status of its own orders. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      catalogue: { type: 'string', default: new URL('./catalogue.json', import.meta.url).pathname },
      quantity: { type: 'string', default: '1' },
      order: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return console.log(USAGE);
  const config = readPartnerConfig();
  const graph = new PersistedClient(config.graphqlUrl, config.apiKey, config.manifestFile);
  const catalogue = JSON.parse(readFileSync(values.catalogue!, 'utf8')) as Catalogue;
  const quantity = Number(values.quantity);

  console.log(`Availability for ${catalogue.channel} (quantity ${quantity}):`);
  // One request per 100 listings (the most `products(skus:)` takes), not one per listing.
  for (let start = 0; start < catalogue.listings.length; start += MAX_SKUS_PER_REQUEST) {
    const listings = catalogue.listings.slice(start, start + MAX_SKUS_PER_REQUEST);
    const res = await graph.run<{
      products: ({ sku: string; networkAvailability: { date: string; atp: number; earliestDate: string | null } | null } | null)[];
    }>('PartnerAvailabilityList', { skus: listings.map((l) => l.sku), quantity });
    listings.forEach((listing, i) => {
      const a = res.data?.products[i]?.networkAvailability;
      // An error about this listing carries its position in the list; one without a path is about all.
      const problem = res.errors.find((e) => !e.path || e.path[1] === i);
      console.log(
        `  ${listing.listingId}  ${listing.sku}  ` +
          (a
            ? `atp ${a.atp}  earliest ${a.earliestDate ?? 'not promisable'}`
            : `unavailable (${problem?.extensions?.system ?? ''} ${problem?.extensions?.code ?? problem?.message ?? 'unknown SKU'})`),
      );
    });
  }

  if (values.order!.length > 0) console.log('Orders:');
  for (const marketplaceId of values.order!) {
    const res = await graph.run<{ order: PartnerOrder | null }>('PartnerOrder', { id: orderIdOf(marketplaceId) });
    const o = res.data?.order;
    if (!o) {
      const e = res.errors[0];
      console.log(`  ${marketplaceId}  refused: ${e?.extensions?.code ?? 'NOT_FOUND'} ${e?.message ?? 'no such order'}`);
      continue;
    }
    const lines = (o.lines ?? []).map((l) => `${l.quantity} × ${l.sku}`).join(', ');
    console.log(
      `  ${o.number}  ${o.salesChannel ?? ''}  ${o.status} (${o.sourceStatus})  placed ${o.placedAt.slice(0, 10)}  ${o.totals.grandTotal.amount} ${o.totals.grandTotal.currency}  ${lines}`,
    );
    for (const p of o.shipments ?? [])
      console.log(
        `    parcel ${p.carrier} ${p.trackingNumber}  ${p.status}${p.estimatedDelivery ? `  expected ${p.estimatedDelivery}` : ''}`,
      );
    if (o.shipments === null)
      console.log(`    parcels unavailable: ${res.errors.map((e) => e.extensions?.system ?? e.message).join(', ')}`);
  }
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
