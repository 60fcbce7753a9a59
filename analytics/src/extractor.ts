import { createCallContext, isAdapterError, type CallContext, type OrderRecord } from '../../adapters/core/src/index.ts';
import { salesOrdersChangedSince, type ErpAdapter } from '../../adapters/erp/src/index.ts';
import { marketplaceOrdersChangedSince, type MarketplaceAdapter } from '../../adapters/marketplace/src/index.ts';
import { posOrdersChangedSince, type PosAdapter } from '../../adapters/pos/src/index.ts';
import type { WmsAdapter } from '../../adapters/wms/src/index.ts';
import { loadCycleCountFeed } from './cycleCountFeed.ts';
import { loadErpReturnFeed } from './erpReturnsFeed.ts';
import { loadTaskFeed } from './fulfilmentTasks.ts';
import { loadMemberFeeds } from './members.ts';
import type { AnalyticsStore, ExtractSystem, ReturnLineRow, SalesLineRow } from './store.ts';

/** The adapters the extractor reads through (the same instances the subgraphs use). */
/** SKUs per stock read (the WMS's GetStockPositions batch). */
const WMS_CHUNK = 100;

export interface AnalyticsSources {
  erp: ErpAdapter;
  pos: PosAdapter;
  marketplace: MarketplaceAdapter;
  wms: WmsAdapter;
}

export interface ExtractorOptions {
  store: AnalyticsStore;
  sources: AnalyticsSources;
  /** Budget of one system's run, in ms (a first load pages through a year of orders). @default 600000 */
  budgetMs?: number;
  /** Clock. @default () => new Date() */
  now?: () => Date;
}

export interface SystemRunReport {
  system: ExtractSystem;
  /** A feed other than the system's orders or stock (`LOYALTY`, `POINTS`, `BASKETS`, `RETURNS` of the ERP, `TASKS`, `CYCLE_COUNTS` of the WMS). @default the orders feed */
  feed?: string;
  ok: boolean;
  /** Records read from the system in this run (orders, returns or stock positions). */
  fetched: number;
  watermark: string | null;
  ms: number;
  error?: string;
}

export interface ExtractReport {
  startedAt: string;
  systems: SystemRunReport[];
}

/** The later instant, as canonical ISO (systems write `Z` with or without milliseconds). */
const newest = (current: string | null, candidate: string | undefined): string | null =>
  candidate !== undefined && (current === null || Date.parse(candidate) > Date.parse(current))
    ? new Date(candidate).toISOString()
    : current;

function salesRows(order: OrderRecord, lines: OrderRecord['lines']): SalesLineRow[] {
  return (lines ?? []).map((line) => ({
    system: order.system,
    orderId: order.externalId,
    lineId: line.lineId,
    channel: order.channel,
    salesChannel: order.salesChannel,
    storeCode: order.storeCode ?? line.pickupLocation,
    sku: line.sku,
    quantity: line.quantity,
    revenue: line.lineTotal.amount,
    currency: line.lineTotal.currency,
    status: order.status,
    placedAt: order.placedAt,
    updatedAt: order.updatedAt ?? order.placedAt,
  }));
}

function describe(err: unknown): string {
  if (isAdapterError(err)) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}

/**
 * Incremental load: each system is read by change date from its watermark, through its
 * adapter (timeouts, retries, breaker, rate limits), and its watermark is advanced only when
 * its whole batch is stored. Systems run independently: one that is down keeps its old
 * watermark and its error, the others load.
 */
export class Extractor {
  private readonly store: AnalyticsStore;
  private readonly sources: AnalyticsSources;
  private readonly budgetMs: number;
  private readonly now: () => Date;

  constructor(options: ExtractorOptions) {
    this.store = options.store;
    this.sources = options.sources;
    this.budgetMs = options.budgetMs ?? 600_000;
    this.now = options.now ?? (() => new Date());
  }

  async run(): Promise<ExtractReport> {
    const startedAt = this.now().toISOString();
    const steps: [ExtractSystem, (ctx: CallContext, since: string | null) => Promise<{ fetched: number; watermark: string | null }>][] = [
      ['ERP', (ctx, since) => this.loadErp(ctx, since)],
      ['POS', (ctx, since) => this.loadPos(ctx, since)],
      ['MARKETPLACE', (ctx, since) => this.loadMarketplace(ctx, since)],
    ];
    // DuckDB takes one writer at a time on this connection: systems are read concurrently, written in turn.
    const [orderReports, memberReports, returns] = await Promise.all([
      Promise.all(steps.map(([system, step]) => this.step(system, step))),
      this.loadMembers(),
      this.loadErpReturns(),
    ]);
    const wms = await this.step('WMS', (ctx) => this.loadWms(ctx));
    const wmsCtx = createCallContext({ requestId: `analytics-extract-wms-feeds-${Date.now()}`, deadline: Date.now() + this.budgetMs });
    const tasks: SystemRunReport = {
      system: 'WMS',
      feed: 'TASKS',
      ...(await loadTaskFeed(this.store, this.sources.wms, wmsCtx, this.now)),
    };
    const counts: SystemRunReport = {
      system: 'WMS',
      feed: 'CYCLE_COUNTS',
      ...(await loadCycleCountFeed(this.store, this.sources.wms, wmsCtx, this.now)),
    };
    await this.fillCategories();
    return { startedAt, systems: [...orderReports, ...memberReports, returns, wms, tasks, counts] };
  }

  /** Loyalty accounts, points ledger and baskets: three ERP feeds, each with its own watermark. */
  private async loadMembers(): Promise<SystemRunReport[]> {
    const started = Date.now();
    const ctx = createCallContext({ requestId: `analytics-extract-members-${started}`, deadline: started + this.budgetMs });
    const reports = await loadMemberFeeds(this.store, this.sources.erp, ctx, this.now);
    return reports.map(({ feed, ...r }) => ({ system: 'ERP', feed: feed.slice('ERP:'.length), ...r }));
  }

  private async step(
    system: ExtractSystem,
    load: (ctx: CallContext, since: string | null) => Promise<{ fetched: number; watermark: string | null }>,
  ): Promise<SystemRunReport> {
    const started = Date.now();
    const ctx = createCallContext({ requestId: `analytics-extract-${system.toLowerCase()}-${started}`, deadline: started + this.budgetMs });
    const since = (await this.store.watermark(system))?.watermark ?? null;
    try {
      const { fetched, watermark } = await load(ctx, since);
      await this.store.recordSuccess(system, this.now().toISOString(), watermark, fetched);
      return { system, ok: true, fetched, watermark: watermark ?? since, ms: Date.now() - started };
    } catch (err) {
      const error = describe(err);
      await this.store.recordFailure(system, this.now().toISOString(), error);
      return { system, ok: false, fetched: 0, watermark: since, ms: Date.now() - started, error };
    }
  }

  private async storeOrders(orders: readonly OrderRecord[], linesOf: (o: OrderRecord) => OrderRecord['lines']): Promise<string | null> {
    let watermark: string | null = null;
    const rows: SalesLineRow[] = [];
    for (const order of orders) {
      rows.push(...salesRows(order, linesOf(order)));
      watermark = newest(watermark, order.updatedAt ?? order.placedAt);
    }
    await this.store.upsertSalesLines(
      orders.map((o) => ({ system: o.system, orderId: o.externalId })),
      rows,
    );
    return watermark;
  }

  private async loadErp(ctx: CallContext, since: string | null): Promise<{ fetched: number; watermark: string | null }> {
    const orders = await salesOrdersChangedSince(this.sources.erp.client, ctx, since ?? undefined);
    return { fetched: orders.length, watermark: await this.storeOrders(orders, (o) => o.lines) };
  }

  /** Web, post and call-centre returns, kept by the ERP: their own feed and watermark. */
  private async loadErpReturns(): Promise<SystemRunReport> {
    const started = Date.now();
    const ctx = createCallContext({ requestId: `analytics-extract-returns-${started}`, deadline: started + this.budgetMs });
    return { system: 'ERP', feed: 'RETURNS', ...(await loadErpReturnFeed(this.store, this.sources.erp, ctx, this.now)) };
  }

  private async loadPos(ctx: CallContext, since: string | null): Promise<{ fetched: number; watermark: string | null }> {
    const locations = (await this.sources.pos.listLocations(ctx)).map((l) => l.posLocationId);
    const changes = await posOrdersChangedSince(this.sources.pos.client, ctx, locations, since ?? undefined);
    let watermark = await this.storeOrders(changes.sales, (o) => o.lines);
    await this.store.upsertPosMappings(changes.skuByCatalogId, changes.storeCodeByLocation);
    const known = new Map(
      (await this.store.query<{ location_id: string; store_code: string }>('SELECT location_id, store_code FROM pos_locations')).map(
        (r) => [r.location_id, r.store_code],
      ),
    );
    const skus = new Map(
      (await this.store.query<{ catalog_id: string; sku: string }>('SELECT catalog_id, sku FROM pos_catalog')).map((r) => [
        r.catalog_id,
        r.sku,
      ]),
    );
    const returns: ReturnLineRow[] = changes.returns.map((r) => {
      watermark = newest(watermark, r.updatedAt);
      return {
        system: 'POS',
        returnId: r.returnId,
        lineId: r.lineId,
        storeCode: known.get(r.posLocationId),
        sku: (r.catalogObjectId && skus.get(r.catalogObjectId)) || r.sku,
        quantity: r.quantity,
        refund: r.refund.amount,
        currency: r.refund.currency,
        returnedAt: r.returnedAt,
        sourceOrderId: r.sourceOrderId,
      };
    });
    await this.store.upsertReturnLines(returns);
    return { fetched: changes.sales.length + new Set(changes.returns.map((r) => r.returnId)).size, watermark };
  }

  private async loadMarketplace(ctx: CallContext, since: string | null): Promise<{ fetched: number; watermark: string | null }> {
    const orders = await marketplaceOrdersChangedSince(this.sources.marketplace.client, ctx, since ?? undefined, {
      quota: this.sources.marketplace.quota,
    });
    const lines = await this.sources.marketplace.orderLines(
      ctx,
      orders.map((o) => o.externalId),
    );
    const byId = new Map(orders.map((o, i) => [o.externalId, lines[i]]));
    return { fetched: orders.length, watermark: await this.storeOrders(orders, (o) => byId.get(o.externalId)) };
  }

  /** Stock is a snapshot, not a change feed: every SKU the store has seen sold, at every location. */
  private async loadWms(ctx: CallContext): Promise<{ fetched: number; watermark: string | null }> {
    const locations = await this.sources.wms.getLocations(ctx);
    await this.store.upsertLocations(locations.map((l) => ({ code: l.code, kind: l.kind, name: l.name, leadTimeDays: l.leadTimeDays })));
    const skus = (
      await this.store.query<{ sku: string }>('SELECT DISTINCT sku FROM sales_lines UNION SELECT sku FROM products ORDER BY 1')
    ).map((r) => r.sku);
    // One 100-SKU read at a time: a snapshot is not urgent, and the WMS serves the stores too.
    const positions = [];
    for (let i = 0; i < skus.length; i += WMS_CHUNK) {
      const part = await this.sources.wms.getStock(
        ctx,
        skus.slice(i, i + WMS_CHUNK).map((sku) => ({ sku })),
      );
      positions.push(...part.flat());
    }
    const at = this.now().toISOString();
    await this.store.replaceStock(
      positions.map((p) => ({
        locationCode: p.locationCode,
        sku: p.sku,
        onHand: p.onHand,
        reserved: p.reserved,
        safetyStock: p.safetyStock,
      })),
      at,
    );
    return { fetched: positions.length, watermark: at };
  }

  /** Categories come from the ERP material master; a SKU the ERP cannot answer for now waits for the next run. */
  private async fillCategories(): Promise<void> {
    const missing = (
      await this.store.query<{ sku: string }>('SELECT DISTINCT s.sku FROM sales_lines s ANTI JOIN products p ON p.sku = s.sku ORDER BY 1')
    ).map((r) => r.sku);
    if (missing.length === 0) return;
    const ctx = createCallContext({ requestId: `analytics-products-${Date.now()}`, deadline: Date.now() + this.budgetMs });
    try {
      const products = await this.sources.erp.getProducts(ctx, missing);
      await this.store.upsertProducts(products.flatMap((p) => (p ? [{ sku: p.sku, category: p.category, name: p.name }] : [])));
    } catch {
      // The ERP step has already recorded the ERP's state; uncategorised SKUs show as UNKNOWN meanwhile.
    }
  }
}
