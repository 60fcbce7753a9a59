import { setTimeout as sleep } from 'node:timers/promises';
import type { CallContext } from '../adapters/core/src/index.ts';
import { WmsAdapter } from '../adapters/wms/src/index.ts';
import { DEMO_CREDENTIALS } from '../gateway/src/simulators.ts';
import type { Dataset } from '../legacy/dataset/src/index.ts';
import { locationId } from '../subgraphs/inventory/src/index.ts';
import { isAnswered } from './lib/answers.ts';
import { checkOversell, type OversellCheck, type SkuCheck } from './lib/flashSaleVerdict.ts';
import { runLoad, type BenchRequest, type LoadResult } from './lib/load.ts';
import type { PeerProcess } from './lib/peerProcess.ts';
import { sampleTree } from './lib/procStats.ts';
import type { SimulatorControl, SystemKey } from './lib/simulators.ts';

/** The store whose stock the flash sale sells: a store, so a few dozen units per SKU. */
export const W6_LOCATION = 'ST001';

export interface HotSku {
  sku: string;
  locationCode: string;
  /** onHand − safetyStock in the dataset (nothing reserved, allocated or inbound). */
  datasetAtp: number;
}

/**
 * The flash sale's SKUs: at the W6 store, nothing reserved, allocated or inbound (so the
 * graph's ATP and what the WMS lets a hold take are the same number), 10–40 units available:
 * few enough that 20 reservations a second sell them out within a measurement.
 */
export function hotSkus(ds: Dataset, count: number, locationCode = W6_LOCATION): HotSku[] {
  return ds.wms.stock
    .filter((p) => p.locationCode === locationCode && p.reserved === 0 && p.allocated === 0 && p.inbound.length === 0)
    .map((p) => ({ sku: p.sku, locationCode, datasetAtp: p.onHand - p.safetyStock }))
    .filter((h) => h.datasetAtp >= 10 && h.datasetAtp <= 40)
    .sort((a, b) => a.sku.localeCompare(b.sku))
    .slice(0, count);
}

export interface ReservationTally {
  attempted: number;
  granted: number;
  /** Typed InsufficientStock answers. */
  refused: number;
  /** Errors, non-2xx, network failures. */
  failed: number;
  sampleError?: string;
}

export interface FlashSaleLevel {
  clients: number;
  reads: LoadResult;
  reservationsPerSecond: number;
  reservations: ReservationTally;
  /** Calls per second per legacy system over the measurement (reads and reservations together). */
  upstreamPerSecond: Record<SystemKey, number>;
  /** Peer process tree CPU per answered read, ms (the reservations' share included). */
  treeCpuMsPerRead: number;
  skus: SkuCheck[];
  released: { released: number; failed: number };
  check: OversellCheck;
}

export interface FlashSaleOptions {
  /** Part of every idempotency key: the WMS dedupes holds by key, across peers. */
  runId: string;
  peerId: string;
  peer: PeerProcess;
  sims: SimulatorControl;
  origin: string;
  path: string;
  /** Partner credentials (reads) and agent credentials (reservations, releases, the before read). */
  readHeaders: Record<string, string>;
  writeHeaders: Record<string, string>;
  read(sku: string): BenchRequest;
  skus: HotSku[];
  clients: number;
  durationS: number;
  reservationsPerSecond: number;
}

const STOCK_AT = `query BenchStockAt($sku: ID!, $loc: [ID!]) { product(sku: $sku) { availability(locationIds: $loc) { atp } } }`;
const RESERVE = `mutation BenchReserve($sku: ID!, $loc: ID!, $key: String!) {
  reserveInventory(sku: $sku, locationId: $loc, quantity: 1, ttlMinutes: 10, idempotencyKey: $key) {
    __typename
    ... on Reservation { id replayed }
    ... on InsufficientStock { available }
  }
}`;
const RELEASE = `mutation BenchRelease($id: ID!) { releaseReservation(id: $id) { __typename } }`;

async function gql<T>(
  o: FlashSaleOptions,
  query: string,
  variables: Record<string, unknown>,
): Promise<{ ok: boolean; data?: T; text: string }> {
  try {
    const res = await fetch(o.origin + o.path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...o.writeHeaders },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(30_000),
    });
    const text = await res.text();
    const ok = isAnswered(res.status, text);
    return { ok, text, ...(ok && { data: (JSON.parse(text) as { data: T }).data }) };
  } catch (err) {
    return { ok: false, text: (err as Error).message };
  }
}

function wmsAdapter(url: string): WmsAdapter {
  return new WmsAdapter({ baseUrl: url, username: DEMO_CREDENTIALS.wms.username, password: DEMO_CREDENTIALS.wms.password });
}

/** What a hold may take at the location, from the WMS itself (no graph cache in between). */
async function wmsAtp(wms: WmsAdapter, skus: HotSku[]): Promise<number[]> {
  const ctx: CallContext = { requestId: 'bench-w6', deadline: Date.now() + 10_000 };
  const positions = await wms.getStock(
    ctx,
    skus.map((s) => ({ sku: s.sku, locationCode: s.locationCode })),
  );
  return positions.map((list) => {
    const p = list[0];
    return p ? p.onHand - p.reserved - p.allocated - p.safetyStock : 0;
  });
}

/** Reservations at a steady pace (open loop: a slow answer does not slow the next request). */
async function reserveAtPace(o: FlashSaleOptions, untilMs: number, heldIds: Map<string, string[]>): Promise<ReservationTally> {
  const tally: ReservationTally = { attempted: 0, granted: 0, refused: 0, failed: 0 };
  const pending: Promise<void>[] = [];
  const interval = 1000 / o.reservationsPerSecond;
  const start = performance.now();
  for (let i = 0; start + i * interval < untilMs; i++) {
    const wait = start + i * interval - performance.now();
    if (wait > 0) await sleep(wait);
    const hot = o.skus[i % o.skus.length]!;
    tally.attempted++;
    pending.push(
      gql<{ reserveInventory: { __typename: string; id?: string; replayed?: boolean } }>(o, RESERVE, {
        sku: hot.sku,
        loc: locationId(hot.locationCode),
        key: `bench-w6-${o.runId}-${o.peerId}-${o.clients}-${i}`,
      }).then((r) => {
        const result = r.data?.reserveInventory;
        // A replay would be a key this run used before: a harness fault, not a new hold.
        if (result?.__typename === 'Reservation' && result.id && !result.replayed) {
          tally.granted++;
          heldIds.get(hot.sku)!.push(result.id);
        } else if (result?.__typename === 'InsufficientStock') {
          tally.refused++;
        } else {
          tally.failed++;
          tally.sampleError ??= r.text.slice(0, 300);
        }
      }),
    );
  }
  await Promise.all(pending);
  return tally;
}

/** Releases the holds, ten at a time. */
async function releaseAll(o: FlashSaleOptions, ids: string[]): Promise<{ released: number; failed: number }> {
  const out = { released: 0, failed: 0 };
  for (let i = 0; i < ids.length; i += 10) {
    const batch = await Promise.all(
      ids.slice(i, i + 10).map((id) => gql<{ releaseReservation: { __typename: string } }>(o, RELEASE, { id })),
    );
    for (const r of batch) {
      if (r.data?.releaseReservation.__typename === 'Reservation') out.released++;
      else out.failed++;
    }
  }
  return out;
}

/**
 * One W6 measurement: `clients` readers of the hot SKUs' availability (autocannon) while
 * reservations for them arrive at a steady rate; the stock before and after from the graph and
 * from the WMS; then every hold released and the WMS checked back at its start.
 */
export async function flashSale(o: FlashSaleOptions): Promise<FlashSaleLevel> {
  const wms = wmsAdapter(o.sims.urls.wms);
  const atpBefore: number[] = [];
  for (const s of o.skus) {
    const r = await gql<{ product: { availability: { atp: number }[] | null } | null }>(o, STOCK_AT, {
      sku: s.sku,
      loc: [locationId(s.locationCode)],
    });
    const atp = r.data?.product?.availability?.[0]?.atp;
    if (atp === undefined) throw new Error(`W6: cannot read the stock of ${s.sku} through the graph: ${r.text.slice(0, 200)}`);
    atpBefore.push(atp);
  }
  const wmsBefore = await wmsAtp(wms, o.skus);
  const heldIds = new Map(o.skus.map((s) => [s.sku, [] as string[]]));
  await o.sims.resetStats();
  const cpuBefore = sampleTree(o.peer.pid).cpuMs;
  let r = 0;
  const started = performance.now();
  const [reads, reservations] = await Promise.all([
    runLoad({
      origin: o.origin,
      connections: o.clients,
      durationS: o.durationS,
      headers: o.readHeaders,
      next: () => o.read(o.skus[r++ % o.skus.length]!.sku),
    }),
    reserveAtPace(o, started + o.durationS * 1000, heldIds),
  ]);
  const seconds = (performance.now() - started) / 1000;
  const upstream = await o.sims.stats();
  const cpuAfter = sampleTree(o.peer.pid).cpuMs;
  const wmsAfter = await wmsAtp(wms, o.skus);
  const released = await releaseAll(o, [...heldIds.values()].flat());
  const wmsAfterRelease = await wmsAtp(wms, o.skus);
  const skus: SkuCheck[] = o.skus.map((s, i) => ({
    sku: s.sku,
    atpBefore: atpBefore[i]!,
    granted: heldIds.get(s.sku)!.length,
    wmsAtpBefore: wmsBefore[i]!,
    wmsAtpAfter: wmsAfter[i]!,
    wmsAtpAfterRelease: wmsAfterRelease[i]!,
  }));
  return {
    clients: o.clients,
    reads,
    reservationsPerSecond: o.reservationsPerSecond,
    reservations,
    upstreamPerSecond: Object.fromEntries(Object.entries(upstream.totals).map(([k, v]) => [k, v / seconds])) as Record<SystemKey, number>,
    treeCpuMsPerRead: (cpuAfter - cpuBefore) / Math.max(1, reads.ok),
    skus,
    released,
    check: checkOversell(skus),
  };
}
