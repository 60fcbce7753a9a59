import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DuckDBInstance, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import { MEMBER_SCHEMA } from './memberSchema.ts';
import { TASK_SCHEMA } from './taskSchema.ts';

/** Where the analytical store lives unless told otherwise. */
export const DEFAULT_ANALYTICS_PATH = '.retail360/analytics.duckdb';

export interface AnalyticsStoreOptions {
  /** DuckDB file, or `:memory:` (tests). @default DEFAULT_ANALYTICS_PATH */
  path?: string;
  /** Time zone of the business day (stores and ERP), in minutes east of UTC. @default 480 (China) */
  utcOffsetMinutes?: number;
}

/** The systems the extractor keeps a watermark for. */
export type ExtractSystem = 'ERP' | 'POS' | 'MARKETPLACE' | 'WMS';
/** A watermark row: a system's main feed (`ERP`), or another feed of it (`ERP:POINTS`). */
export type WatermarkKey = ExtractSystem | `${ExtractSystem}:${string}`;

export interface SalesLineRow {
  system: string;
  orderId: string;
  lineId: string;
  channel: string;
  salesChannel?: string | undefined;
  storeCode?: string | undefined;
  sku: string;
  quantity: number;
  /** Decimal string. */
  revenue: string;
  currency: string;
  status: string;
  placedAt: string;
  updatedAt: string;
}

export interface ReturnLineRow {
  system: string;
  returnId: string;
  lineId: string;
  storeCode?: string | undefined;
  sku: string;
  quantity: number;
  refund: string;
  currency: string;
  returnedAt: string;
  sourceOrderId?: string | undefined;
}

export interface StockRow {
  locationCode: string;
  sku: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
}

export interface LocationRow {
  code: string;
  kind: string;
  name: string;
  leadTimeDays: number;
}

export interface CycleCountRow {
  locationCode: string;
  sku: string;
  countedAt: string;
  systemQuantity: number;
  countedQuantity: number;
}

export interface ReceivingRow {
  locationCode: string;
  reference: string;
  sku: string;
  expected: number;
  received: number;
  receivedOn: string;
}

export interface WatermarkRow {
  system: WatermarkKey;
  /** Newest change instant loaded (ISO), the next run reads from here. */
  watermark: string | null;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
  records: number;
}

const SCHEMA = [
  `CREATE TABLE IF NOT EXISTS sales_lines (system VARCHAR, order_id VARCHAR, line_id VARCHAR, channel VARCHAR, sales_channel VARCHAR,
     store_code VARCHAR, sku VARCHAR, quantity DOUBLE, revenue DECIMAL(18,2), currency VARCHAR, status VARCHAR,
     placed_at TIMESTAMP, day DATE, updated_at TIMESTAMP)`,
  `CREATE TABLE IF NOT EXISTS return_lines (system VARCHAR, return_id VARCHAR, line_id VARCHAR, store_code VARCHAR, sku VARCHAR,
     quantity DOUBLE, refund DECIMAL(18,2), currency VARCHAR, returned_at TIMESTAMP, day DATE, source_order_id VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS products (sku VARCHAR PRIMARY KEY, category VARCHAR, name VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS locations (code VARCHAR PRIMARY KEY, kind VARCHAR, name VARCHAR, lead_time_days INTEGER)`,
  `CREATE TABLE IF NOT EXISTS stock (location_code VARCHAR, sku VARCHAR, on_hand DOUBLE, reserved DOUBLE, safety_stock DOUBLE, snapshot_at TIMESTAMP)`,
  `CREATE TABLE IF NOT EXISTS cycle_counts (location_code VARCHAR, sku VARCHAR, counted_at TIMESTAMP, system_qty DOUBLE, counted_qty DOUBLE)`,
  `CREATE TABLE IF NOT EXISTS receivings (location_code VARCHAR, reference VARCHAR, sku VARCHAR, expected DOUBLE, received DOUBLE, received_on DATE)`,
  `CREATE TABLE IF NOT EXISTS pos_locations (location_id VARCHAR PRIMARY KEY, store_code VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS pos_catalog (catalog_id VARCHAR PRIMARY KEY, sku VARCHAR)`,
  `CREATE TABLE IF NOT EXISTS watermarks (system VARCHAR PRIMARY KEY, watermark VARCHAR, last_success VARCHAR, last_attempt VARCHAR,
     last_error VARCHAR, records BIGINT)`,
];

type Params = Record<string, DuckDBValue> | DuckDBValue[];

/**
 * The analytical copy: sales lines of every channel, returns, stock snapshots and counts in an
 * embedded DuckDB file. The SQL stays within what MotherDuck (the same engine, served) runs
 * unchanged; see docs/analytics.md.
 */
export class AnalyticsStore {
  readonly offsetMinutes: number;
  private chain: Promise<void> = Promise.resolve();
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    offsetMinutes: number,
  ) {
    this.offsetMinutes = offsetMinutes;
  }

  static async open(options: AnalyticsStoreOptions = {}): Promise<AnalyticsStore> {
    const path = options.path ?? DEFAULT_ANALYTICS_PATH;
    if (path !== ':memory:' && !path.startsWith('md:')) mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    // Instants are stored as UTC wall-clock TIMESTAMPs; the business day is derived with the offset.
    await connection.run("SET TimeZone = 'UTC'");
    for (const sql of [...SCHEMA, ...MEMBER_SCHEMA, ...TASK_SCHEMA]) await connection.run(sql);
    return new AnalyticsStore(instance, connection, options.utcOffsetMinutes ?? 480);
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  /** Rows as plain JSON values (DECIMAL as string, DATE as YYYY-MM-DD, BIGINT as string). */
  async query<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params as never);
    return reader.getRowObjectsJson() as T[];
  }

  async run(sql: string, params?: Params): Promise<void> {
    await this.connection.run(sql, params as never);
  }

  // Public writes, serialised (see `exclusive`).
  upsertSalesLines(...args: Parameters<AnalyticsStore['upsertSalesLinesNow']>): Promise<void> {
    return this.exclusive(() => this.upsertSalesLinesNow(...args));
  }

  upsertReturnLines(...args: Parameters<AnalyticsStore['upsertReturnLinesNow']>): Promise<void> {
    return this.exclusive(() => this.upsertReturnLinesNow(...args));
  }

  upsertProducts(...args: Parameters<AnalyticsStore['upsertProductsNow']>): Promise<void> {
    return this.exclusive(() => this.upsertProductsNow(...args));
  }

  upsertLocations(...args: Parameters<AnalyticsStore['upsertLocationsNow']>): Promise<void> {
    return this.exclusive(() => this.upsertLocationsNow(...args));
  }

  upsertPosMappings(...args: Parameters<AnalyticsStore['upsertPosMappingsNow']>): Promise<void> {
    return this.exclusive(() => this.upsertPosMappingsNow(...args));
  }

  replaceStock(...args: Parameters<AnalyticsStore['replaceStockNow']>): Promise<void> {
    return this.exclusive(() => this.replaceStockNow(...args));
  }

  addCycleCounts(...args: Parameters<AnalyticsStore['addCycleCountsNow']>): Promise<void> {
    return this.exclusive(() => this.addCycleCountsNow(...args));
  }

  addReceivings(...args: Parameters<AnalyticsStore['addReceivingsNow']>): Promise<void> {
    return this.exclusive(() => this.addReceivingsNow(...args));
  }

  recordSuccess(...args: Parameters<AnalyticsStore['recordSuccessNow']>): Promise<void> {
    return this.exclusive(() => this.recordSuccessNow(...args));
  }

  recordFailure(...args: Parameters<AnalyticsStore['recordFailureNow']>): Promise<void> {
    return this.exclusive(() => this.recordFailureNow(...args));
  }

  /** The business day of an instant, in SQL: the local calendar date. */
  private dayOf(column: string): string {
    return `CAST(${column} + INTERVAL (${this.offsetMinutes}) MINUTE AS DATE)`;
  }

  /** Replaces every line of these orders (an order's lines may change as a whole). */
  private async upsertSalesLinesNow(
    orderKeys: readonly { system: string; orderId: string }[],
    rows: readonly SalesLineRow[],
  ): Promise<void> {
    await this.run('CREATE OR REPLACE TABLE stage_keys (system VARCHAR, order_id VARCHAR)');
    await this.append(
      'stage_keys',
      orderKeys.map((k) => [k.system, k.orderId]),
    );
    await this.run('DELETE FROM sales_lines WHERE (system, order_id) IN (SELECT system, order_id FROM stage_keys)');
    await this.run(`CREATE OR REPLACE TABLE stage_sales (system VARCHAR, order_id VARCHAR, line_id VARCHAR, channel VARCHAR,
      sales_channel VARCHAR, store_code VARCHAR, sku VARCHAR, quantity DOUBLE, revenue VARCHAR, currency VARCHAR, status VARCHAR,
      placed_at VARCHAR, updated_at VARCHAR)`);
    await this.append(
      'stage_sales',
      rows.map((r) => [
        r.system,
        r.orderId,
        r.lineId,
        r.channel,
        r.salesChannel ?? null,
        r.storeCode ?? null,
        r.sku,
        r.quantity,
        r.revenue,
        r.currency,
        r.status,
        r.placedAt,
        r.updatedAt,
      ]),
    );
    await this.run(`INSERT INTO sales_lines SELECT system, order_id, line_id, channel, sales_channel, store_code, sku, quantity,
      CAST(revenue AS DECIMAL(18,2)), currency, status, CAST(placed_at AS TIMESTAMPTZ)::TIMESTAMP,
      ${this.dayOf('CAST(placed_at AS TIMESTAMPTZ)::TIMESTAMP')}, CAST(updated_at AS TIMESTAMPTZ)::TIMESTAMP FROM stage_sales`);
  }

  private async upsertReturnLinesNow(rows: readonly ReturnLineRow[]): Promise<void> {
    await this.run(`CREATE OR REPLACE TABLE stage_returns (system VARCHAR, return_id VARCHAR, line_id VARCHAR, store_code VARCHAR,
      sku VARCHAR, quantity DOUBLE, refund VARCHAR, currency VARCHAR, returned_at VARCHAR, source_order_id VARCHAR)`);
    await this.append(
      'stage_returns',
      rows.map((r) => [
        r.system,
        r.returnId,
        r.lineId,
        r.storeCode ?? null,
        r.sku,
        r.quantity,
        r.refund,
        r.currency,
        r.returnedAt,
        r.sourceOrderId ?? null,
      ]),
    );
    await this.run('DELETE FROM return_lines WHERE (system, return_id) IN (SELECT system, return_id FROM stage_returns)');
    await this.run(`INSERT INTO return_lines SELECT system, return_id, line_id, store_code, sku, quantity, CAST(refund AS DECIMAL(18,2)),
      currency, CAST(returned_at AS TIMESTAMPTZ)::TIMESTAMP, ${this.dayOf('CAST(returned_at AS TIMESTAMPTZ)::TIMESTAMP')}, source_order_id
      FROM stage_returns`);
  }

  private async upsertProductsNow(rows: readonly { sku: string; category: string; name: string }[]): Promise<void> {
    if (rows.length === 0) return;
    await this.run('CREATE OR REPLACE TABLE stage_products (sku VARCHAR, category VARCHAR, name VARCHAR)');
    await this.append(
      'stage_products',
      rows.map((r) => [r.sku, r.category, r.name]),
    );
    await this.run('INSERT OR REPLACE INTO products SELECT DISTINCT ON (sku) sku, category, name FROM stage_products');
  }

  private async upsertLocationsNow(rows: readonly LocationRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.run('CREATE OR REPLACE TABLE stage_locations (code VARCHAR, kind VARCHAR, name VARCHAR, lead_time_days DOUBLE)');
    await this.append(
      'stage_locations',
      rows.map((r) => [r.code, r.kind, r.name, r.leadTimeDays]),
    );
    await this.run(
      'INSERT OR REPLACE INTO locations SELECT DISTINCT ON (code) code, kind, name, CAST(lead_time_days AS INTEGER) FROM stage_locations',
    );
  }

  /** Learnt POS mappings: catalog variation id → SKU, location id → store code. */
  private async upsertPosMappingsNow(
    skuByCatalogId: ReadonlyMap<string, string>,
    storeByLocation: ReadonlyMap<string, string>,
  ): Promise<void> {
    for (const [table, map] of [
      ['pos_catalog', skuByCatalogId],
      ['pos_locations', storeByLocation],
    ] as const) {
      if (map.size === 0) continue;
      await this.run(`CREATE OR REPLACE TABLE stage_${table} (k VARCHAR, v VARCHAR)`);
      await this.append(`stage_${table}`, [...map]);
      await this.run(`INSERT OR REPLACE INTO ${table} SELECT DISTINCT ON (k) k, v FROM stage_${table}`);
    }
  }

  /** A stock snapshot replaces the previous one of the same (location, SKU). */
  private async replaceStockNow(rows: readonly StockRow[], snapshotAt: string): Promise<void> {
    await this.run(
      `CREATE OR REPLACE TABLE stage_stock (location_code VARCHAR, sku VARCHAR, on_hand DOUBLE, reserved DOUBLE, safety_stock DOUBLE)`,
    );
    await this.append(
      'stage_stock',
      rows.map((r) => [r.locationCode, r.sku, r.onHand, r.reserved, r.safetyStock]),
    );
    await this.run('DELETE FROM stock WHERE (location_code, sku) IN (SELECT location_code, sku FROM stage_stock)');
    await this.run(`INSERT INTO stock SELECT *, CAST($1 AS TIMESTAMPTZ)::TIMESTAMP FROM stage_stock`, [snapshotAt]);
  }

  private async addCycleCountsNow(rows: readonly CycleCountRow[]): Promise<void> {
    for (const r of rows) {
      await this.run('INSERT INTO cycle_counts VALUES ($1, $2, CAST($3 AS TIMESTAMPTZ)::TIMESTAMP, $4, $5)', [
        r.locationCode,
        r.sku,
        r.countedAt,
        r.systemQuantity,
        r.countedQuantity,
      ]);
    }
  }

  private async addReceivingsNow(rows: readonly ReceivingRow[]): Promise<void> {
    for (const r of rows) {
      await this.run('INSERT INTO receivings VALUES ($1, $2, $3, $4, $5, CAST($6 AS DATE))', [
        r.locationCode,
        r.reference,
        r.sku,
        r.expected,
        r.received,
        r.receivedOn,
      ]);
    }
  }

  async watermarks(): Promise<WatermarkRow[]> {
    const rows = await this.query<{
      system: WatermarkKey;
      watermark: string | null;
      last_success: string | null;
      last_attempt: string | null;
      last_error: string | null;
      records: string | number | null;
    }>('SELECT * FROM watermarks ORDER BY system');
    return rows.map((r) => ({
      system: r.system,
      watermark: r.watermark,
      lastSuccessAt: r.last_success,
      lastAttemptAt: r.last_attempt,
      lastError: r.last_error,
      records: Number(r.records ?? 0),
    }));
  }

  async watermark(system: WatermarkKey): Promise<WatermarkRow | undefined> {
    return (await this.watermarks()).find((w) => w.system === system);
  }

  private async recordSuccessNow(system: WatermarkKey, at: string, watermark: string | null, records: number): Promise<void> {
    const prev = await this.watermark(system);
    await this.run('INSERT OR REPLACE INTO watermarks VALUES ($1, $2, $3, $4, NULL, $5)', [
      system,
      watermark ?? prev?.watermark ?? null,
      at,
      at,
      (prev?.records ?? 0) + records,
    ]);
  }

  private async recordFailureNow(system: WatermarkKey, at: string, error: string): Promise<void> {
    const prev = await this.watermark(system);
    await this.run('INSERT OR REPLACE INTO watermarks VALUES ($1, $2, $3, $4, $5, $6)', [
      system,
      prev?.watermark ?? null,
      prev?.lastSuccessAt ?? null,
      at,
      error,
      prev?.records ?? 0,
    ]);
  }

  /** Multi-statement writes share staging tables, so they run one at a time (other modules' writes too). */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  /** Bulk rows into a table (DuckDB's appender); call inside `exclusive` when staging tables are shared. */
  async append(table: string, rows: readonly (readonly DuckDBValue[])[]): Promise<void> {
    if (rows.length === 0) return;
    const appender = await this.connection.createAppender(table);
    try {
      for (const row of rows) {
        for (const v of row) {
          if (v === null || v === undefined) appender.appendNull();
          else if (typeof v === 'number') appender.appendDouble(v);
          else appender.appendVarchar(String(v));
        }
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }
}
